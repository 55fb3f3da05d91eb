import { stat, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A file's identity for caching: if neither changed, what was read from it still holds. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface StampedFile extends FileStamp {
  name: string;
}

/**
 * Files in `dir` ending with `extension`, sorted by name, skipping hidden files and the temp files
 * an interrupted atomic write may leave ("abc.json.1234abcd"). A missing folder holds no files.
 */
export async function listStampedFiles(dir: string, extension: string): Promise<StampedFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(extension) && !n.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  names.sort();
  const stats = await statAll(names.map((name) => join(dir, name)), 64);
  const files: StampedFile[] = [];
  names.forEach((name, i) => {
    const s = stats[i];
    // Null when removed between readdir and stat (a sync in progress): it is simply not there.
    if (s?.isFile()) files.push({ name, size: s.size, mtimeMs: s.mtimeMs });
  });
  return files;
}

/**
 * Stats of `paths` (null for one that cannot be read), at most `limit` at once. Callbacks, not a
 * promise per file: a project's thousands of documents are stated on every refresh, and promises
 * cost several times the CPU.
 */
function statAll(paths: readonly string[], limit: number): Promise<(Stats | null)[]> {
  const stats = new Array<Stats | null>(paths.length).fill(null);
  if (paths.length === 0) return Promise.resolve(stats);
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const start = (): void => {
      const i = next++;
      stat(paths[i] as string, (error, s) => {
        if (!error) stats[i] = s;
        if (++done === paths.length) resolve(stats);
        else if (next < paths.length) start();
      });
    };
    for (let k = 0; k < Math.min(limit, paths.length); k++) start();
  });
}

export const sameStamp = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs;

/** `fn` over `items` with at most `limit` running at once, results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
