import { join } from 'node:path';
import { taxonomySchema, TAXONOMY_FORMAT_VERSION, type Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { readJsonFile } from '../fs/json.ts';

/** Taxonomies shipped in resources/taxonomies/<id>.json. */
export const BUILTIN_TAXONOMY_IDS = ['opp-115'] as const;
export type BuiltinTaxonomyId = (typeof BUILTIN_TAXONOMY_IDS)[number];

/**
 * Reads a taxonomy file a reviewer chose (or a shipped one). A file that is not JSON or does not fit
 * the taxonomy schema is TAXONOMY_INVALID naming the file and what is wrong; a missing one FILE_NOT_FOUND.
 */
export async function loadTaxonomyFile(path: string): Promise<Taxonomy> {
  return readJsonFile(path, taxonomySchema, {
    damagedCode: 'TAXONOMY_INVALID',
    name: path,
    formatVersion: TAXONOMY_FORMAT_VERSION,
  });
}

/** A shipped taxonomy; `resourcesDir` is the app's resources folder (holding taxonomies/). */
export async function builtinTaxonomy(id: BuiltinTaxonomyId, resourcesDir: string): Promise<Taxonomy> {
  return loadTaxonomyFile(join(resourcesDir, 'taxonomies', `${id}.json`));
}
