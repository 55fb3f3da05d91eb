import { readdir, stat } from 'node:fs/promises';
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
  const files = await mapLimit(names, 64, async (name) => {
    try {
      const s = await stat(join(dir, name));
      return s.isFile() ? { name, size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      // Removed between readdir and stat (a sync in progress): it is simply not there.
      return null;
    }
  });
  return files.filter((f): f is StampedFile => f !== null);
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
