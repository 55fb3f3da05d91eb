import { taxonomySchema, type Taxonomy } from '../../../shared/domain/taxonomy.ts';

/** The taxonomy as taxonomy.json holds it: keys in the schema's order, 2-space indent, a final newline. */
export const stringifyTaxonomy = (t: Taxonomy): string => `${JSON.stringify(taxonomySchema.parse(t), null, 2)}\n`;
