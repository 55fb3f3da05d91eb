/**
 * Tidying a project when this computer opens it with the lock: a kill during a save leaves
 * write-file-atomic's temp file ("documents/<id>.json.<number>") that nothing else removes and that
 * `git add .` would commit. Only the store holding the lock may do this, since no save of its own
 * is under way then and no other writer may be.
 */
import { lstat, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.ts';
import { ANNOTATIONS_DIR, CACHE_DIR, DOCUMENTS_DIR, GITIGNORE_FILE, GITIGNORE_TEMP_LINES, GITIGNORE_TEXT } from './layout.ts';

/** write-file-atomic's temp name: the target's name, a dot, and a 32-bit number in decimal. */
const TEMP = '\\.\\d{1,10}$';

/** Where Clausemark saves, and the names of the temp files its saves there make. Nothing else is touched. */
const TEMP_NAMES: Array<[string, RegExp]> = [
  ['', new RegExp(`^(?:clausemark\\.json|taxonomy\\.json|\\.gitignore)${TEMP}`)],
  [DOCUMENTS_DIR, new RegExp(`^[a-z0-9-]+\\.json${TEMP}`)],
  [CACHE_DIR, new RegExp(`^documents\\.jsonl?${TEMP}`)],
  // The annotation files are each reviewer's; only the temp files of their atomic saves go.
  [ANNOTATIONS_DIR, new RegExp(`^[^.][^/\\\\]*\\.jsonl${TEMP}`)],
];

/** Removes temp files interrupted saves left; answers their paths relative to the project. */
export async function removeSaveLeftovers(projectDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const [folder, pattern] of TEMP_NAMES) {
    const dir = join(projectDir, folder);
    const names = await readdir(dir).catch((): string[] => []);
    for (const name of names.filter((n) => pattern.test(n))) {
      const path = join(dir, name);
      try {
        if (!(await lstat(path)).isFile()) continue;
        await unlink(path);
        removed.push(folder ? `${folder}/${name}` : name);
      } catch {
        // Gone already, or not ours to remove (permissions): left for the next open.
      }
    }
  }
  return removed;
}

/**
 * Adds the temp-file lines to a .gitignore an older Clausemark wrote (it starts with Clausemark's
 * own first line); a .gitignore the reviewer wrote is theirs and is left alone.
 */
export async function updateGitignore(projectDir: string): Promise<boolean> {
  const path = join(projectDir, GITIGNORE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return false;
  }
  const ours = GITIGNORE_TEXT.slice(0, GITIGNORE_TEXT.indexOf('\n') + 1);
  if (!text.startsWith(ours) || text.includes(GITIGNORE_TEMP_LINES.split('\n')[1] as string)) return false;
  await writeFileAtomic(path, `${text}${text.endsWith('\n') ? '' : '\n'}${GITIGNORE_TEMP_LINES}`);
  return true;
}

/** Both of the above; a project that cannot be tidied (read-only media) still opens. */
export async function tidyProject(projectDir: string): Promise<void> {
  await removeSaveLeftovers(projectDir).catch(() => undefined);
  await updateGitignore(projectDir).catch(() => undefined);
}
