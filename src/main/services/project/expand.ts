import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { IMPORTABLE_EXTENSIONS, type ImportOutcome } from '../../../shared/domain/import.ts';
import { AppError, type ErrorCode } from '../../../shared/result.ts';
import { folderProblem } from '../fs/safe-paths.ts';

const importable = new Set<string>(IMPORTABLE_EXTENSIONS);

const skip = (file: string, code: ErrorCode, message: string): ImportOutcome => {
  const error = new AppError(code, message);
  return { file, status: 'failed', error: { code: error.code, message: error.message } };
};

/**
 * Turns the files and folders a reviewer picked into the files to import. Files named directly pass
 * through whatever their extension (import then says why it cannot take one); folders are walked
 * recursively in name order, keeping importable extensions and skipping hidden entries. Symbolic
 * links are followed, but a folder already walked (a link loop, or a folder picked twice) is not
 * walked again, and each file is listed once. System folders and kernel file systems (/proc, /sys) are
 * not walked: they hold no policies, and some never end.
 */
export async function expandImportPaths(paths: string[]): Promise<{ files: string[]; skipped: ImportOutcome[] }> {
  const files: string[] = [];
  const skipped: ImportOutcome[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  const addFile = async (path: string): Promise<void> => {
    const real = await realpath(path).catch(() => path);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(path);
  };

  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const problem = await folderProblem(real);
    if (problem) {
      skipped.push(skip(dir, 'INVALID_INPUT', `${basename(dir) || dir}: the folder ${problem}, so Clausemark does not import files from it.`));
      return;
    }
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      skipped.push(skip(dir, 'IO_ERROR', `${basename(dir)}: the folder could not be read (${(error as Error).message}).`));
      return;
    }
    // Code-unit order, not the locale's: the same folder expands the same way on every computer.
    names.sort();
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      let s;
      try {
        s = await stat(path);
      } catch {
        // A dangling link, or a file removed meanwhile: nothing to import there.
        continue;
      }
      if (s.isDirectory()) await walk(path);
      else if (s.isFile() && importable.has(extname(name).toLowerCase())) await addFile(path);
    }
  };

  for (const path of paths) {
    let s;
    try {
      s = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        skipped.push(skip(path, 'FILE_NOT_FOUND', `${basename(path) || path}: there is no such file or folder (${path}).`));
      } else {
        skipped.push(skip(path, 'IO_ERROR', `${basename(path) || path} could not be read (${(error as Error).message}).`));
      }
      continue;
    }
    if (s.isDirectory()) await walk(path);
    else await addFile(path);
  }
  return { files, skipped };
}
