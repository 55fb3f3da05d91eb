import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { logRecordSchema, type LogRecord } from '../../../shared/domain/annotation.ts';
import { taxonomySchema, type Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { writeJsonAtomic } from '../fs/atomic.ts';
import { CACHE_DIR } from './layout.ts';

/**
 * A taxonomy change touches several files (each reviewer's log, then taxonomy.json). Its plan is
 * written here first and removed when the change is complete, so a crash in between is finished when
 * the project is next opened. It belongs to this computer, in the git-ignored cache folder.
 */
export const TAXONOMY_JOURNAL = `${CACHE_DIR}/taxonomy-change.json`;

const journalSchema = z.object({
  formatVersion: z.literal(1),
  taxonomy: taxonomySchema,
  appends: z.array(z.tuple([z.string().regex(/^annotations\/[^/\\]+\.jsonl$/), z.array(logRecordSchema)])),
});

export async function writeTaxonomyJournal(projectDir: string, taxonomy: Taxonomy, appends: ReadonlyMap<string, LogRecord[]>): Promise<void> {
  await mkdir(join(projectDir, CACHE_DIR), { recursive: true });
  await writeJsonAtomic(join(projectDir, TAXONOMY_JOURNAL), { formatVersion: 1, taxonomy, appends: [...appends] });
}

/** The interrupted change, if one is journaled; a journal that cannot be read is left alone. */
export async function readTaxonomyJournal(projectDir: string): Promise<{ taxonomy: Taxonomy; appends: Map<string, LogRecord[]> } | null> {
  let text: string;
  try {
    text = await readFile(join(projectDir, TAXONOMY_JOURNAL), 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = journalSchema.safeParse(json);
  if (!parsed.success) return null;
  return { taxonomy: parsed.data.taxonomy, appends: new Map(parsed.data.appends) };
}
