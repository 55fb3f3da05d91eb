import { stat } from 'node:fs';
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
  const stamps = await stampAll(dir, names, 64);
  const files: StampedFile[] = [];
  names.forEach((name, i) => {
    const stamp = stamps[i];
    // Null when removed between readdir and stat (a sync in progress), or not a file: not there.
    if (stamp) files.push({ name, size: stamp.size, mtimeMs: stamp.mtimeMs });
  });
  return files;
}

/**
 * The stamps of the regular files `names` in `dir` (null for one that is not, or cannot be read), at
 * most `limit` stats at once. Callbacks, not a promise per file: a project's thousands of documents are
 * stated on every refresh, and promises cost several times the CPU. Only the stamp of each is kept, not
 * its Stats (or its path): at 10,000 documents those held ~25 MB more at the peak of a refresh.
 */
function stampAll(dir: string, names: readonly string[], limit: number): Promise<(FileStamp | null)[]> {
  const stamps = new Array<FileStamp | null>(names.length).fill(null);
  if (names.length === 0) return Promise.resolve(stamps);
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const start = (): void => {
      const i = next++;
      stat(join(dir, names[i] as string), (error, s) => {
        if (!error && s.isFile()) stamps[i] = { size: s.size, mtimeMs: s.mtimeMs };
        if (++done === names.length) resolve(stamps);
        else if (next < names.length) start();
      });
    };
    for (let k = 0; k < Math.min(limit, names.length); k++) start();
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
