/**
 * Writes resources/taxonomies/<id>.json from the presets in src/main/services/taxonomy/presets: the
 * shipped files a reviewer can read, copy and edit. A unit test checks they are up to date.
 * Run: npx tsx scripts/write-presets.ts
 */
import { join } from 'node:path';
import { writeJsonAtomic } from '../src/main/services/fs/atomic.ts';
import { PRESET_IDS, presetTaxonomy } from '../src/main/services/taxonomy/presets/index.ts';

const dir = join(import.meta.dirname, '..', 'resources', 'taxonomies');
for (const id of PRESET_IDS) await writeJsonAtomic(join(dir, `${id}.json`), presetTaxonomy(id));
