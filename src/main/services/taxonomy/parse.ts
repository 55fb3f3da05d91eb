import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { storedTaxonomySchema } from '../../../shared/domain/taxonomy-migrate.ts';
import { AppError } from '../../../shared/result.ts';
import { describeSchemaProblem, parseJsonText } from '../fs/json.ts';
import { parseOpp115CategoriesXml } from './opp115-xml.ts';

/** A taxonomy file's text, as the editor's Import reads it: taxonomy JSON (format 1 or 2) or OPP-115 categories XML. */
export function parseTaxonomyText(fileName: string, text: string): Taxonomy {
  if (/\.xml$/i.test(fileName) || text.trimStart().startsWith('<')) return parseOpp115CategoriesXml(text, fileName);
  const json = parseJsonText(text);
  if (!json.ok) throw new AppError('TAXONOMY_INVALID', `${fileName} is not a taxonomy: ${json.problem}.`);
  const parsed = storedTaxonomySchema.safeParse(json.value);
  if (!parsed.success) throw new AppError('TAXONOMY_INVALID', `${fileName} is not a taxonomy: ${describeSchemaProblem(parsed.error.issues)}.`);
  return parsed.data;
}
