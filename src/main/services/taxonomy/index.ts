import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { TAXONOMY_FORMAT_VERSION, type Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { storedTaxonomySchema } from '../../../shared/domain/taxonomy-migrate.ts';
import { AppError } from '../../../shared/result.ts';
import { readJsonFile } from '../fs/json.ts';
import { parseOpp115CategoriesXml } from './opp115-xml.ts';
import { PRESET_IDS, isPresetId, presetTaxonomy, type PresetId } from './presets/index.ts';

export { PRESET_IDS, isPresetId, presetSummaries, presetTaxonomy, type PresetId } from './presets/index.ts';

/** Taxonomies Clausemark ships (presets). */
export const BUILTIN_TAXONOMY_IDS = PRESET_IDS;
export type BuiltinTaxonomyId = PresetId;

/**
 * Reads a taxonomy file a reviewer chose: taxonomy JSON (format 1 or 2, docs/taxonomy-format.md) or
 * OPP-115's categories XML. A file that does not fit is TAXONOMY_INVALID naming the file and what is
 * wrong; a missing one FILE_NOT_FOUND.
 */
export async function loadTaxonomyFile(path: string): Promise<Taxonomy> {
  if (extname(path).toLowerCase() === '.xml') {
    let xml: string;
    try {
      xml = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new AppError('FILE_NOT_FOUND', `${path} does not exist.`);
      throw new AppError('IO_ERROR', `${path} could not be read (${(error as Error).message}).`);
    }
    return parseOpp115CategoriesXml(xml, basename(path));
  }
  return readJsonFile(path, storedTaxonomySchema, {
    damagedCode: 'TAXONOMY_INVALID',
    name: path,
    formatVersion: TAXONOMY_FORMAT_VERSION,
  });
}

/** A shipped taxonomy. `resourcesDir` is no longer needed (presets are built in) and kept for callers. */
export async function builtinTaxonomy(id: BuiltinTaxonomyId, _resourcesDir?: string): Promise<Taxonomy> {
  void _resourcesDir;
  return presetTaxonomy(id);
}

/** `--taxonomy` / `--set`: a preset's id, or the path of a JSON or categories XML file. */
export async function taxonomyFrom(source: string, resolvePath: (p: string) => string = (p) => p): Promise<Taxonomy> {
  if (isPresetId(source)) return presetTaxonomy(source);
  if (!/[./\\]/.test(source)) {
    throw new AppError('INVALID_INPUT', `“${source}” is not a preset (${PRESET_IDS.join(', ')}) nor a .json or .xml file.`);
  }
  return loadTaxonomyFile(resolvePath(source));
}
