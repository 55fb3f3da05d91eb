import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GITIGNORE_TEXT } from '../../../src/main/services/project/layout.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { opp115, sample } from './helpers.ts';

/** The temp name write-file-atomic gives a save of `path`: what a kill during that save leaves behind. */
const tempOf = (path: string): string => (writeFileAtomic as unknown as { _getTmpname: (p: string) => string })._getTmpname(path);

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-upkeep-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function projectWithOneDocument(): Promise<{ dir: string; id: string }> {
  const store = await ProjectStore.create(join(tmp, 'project'), { taxonomy: await opp115() });
  const outcome = await store.importBytes('alba-nera.txt', await sample('alba-nera.txt'));
  await store.close();
  return { dir: store.dir, id: outcome.documentId as string };
}

const list = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true })).filter((n) => !n.startsWith('.clausemark.lock')).sort();

describe('temp files of interrupted saves', () => {
  it('are removed when the project is opened with the lock, and nothing else is', async () => {
    const { dir, id } = await projectWithOneDocument();
    const leftovers = [
      tempOf(join(dir, 'documents', `${id}.json`)),
      tempOf(join(dir, 'documents', '0123456789abcdef.json')),
      tempOf(join(dir, 'clausemark.json')),
      tempOf(join(dir, 'taxonomy.json')),
      tempOf(join(dir, '.gitignore')),
      tempOf(join(dir, '.clausemark-cache', 'documents.jsonl')),
      tempOf(join(dir, '.clausemark-cache', 'documents.json')),
      tempOf(join(dir, 'annotations', 'ana-muller.jsonl')),
    ];
    for (const path of leftovers) await writeFile(path, '{"half": ');
    const keep = ['documents/notes.txt', `documents/${id}.json.bak`, 'annotations/ana-muller.jsonl', 'annotations/ana.jsonl.bak', 'annotations/log.1', 'mine.json.12', 'README.md'];
    for (const name of keep) await writeFile(join(dir, name), 'mine');
    await mkdir(join(dir, 'documents', 'folder.json.123'));
    const before = await list(dir);

    const reader = await ProjectStore.open(dir, { readOnly: true });
    await reader.close();
    expect(await list(dir)).toEqual(before);

    const store = await ProjectStore.open(dir);
    await store.close();
    for (const path of leftovers) expect(existsSync(path), path).toBe(false);
    for (const name of keep) expect(existsSync(join(dir, name)), name).toBe(true);
    expect(existsSync(join(dir, 'documents', 'folder.json.123'))).toBe(true);
    expect(await readFile(join(dir, 'annotations', 'ana-muller.jsonl'), 'utf8')).toBe('mine');
  });

  it.runIf(spawnSync('git', ['--version']).status === 0)('are ignored by git in a new project, and the files that matter are not', async () => {
    const { dir, id } = await projectWithOneDocument();
    expect(spawnSync('git', ['init', '-q'], { cwd: dir }).status).toBe(0);
    const ignored = (name: string): boolean => spawnSync('git', ['check-ignore', '-q', '--no-index', name], { cwd: dir }).status === 0;
    for (const name of [`documents/${id}.json.1234567890`, 'annotations/ana.jsonl.42', 'clausemark.json.7', '.gitignore.99', '.clausemark.lock/owner.json']) {
      expect(ignored(name), name).toBe(true);
    }
    for (const name of [`documents/${id}.json`, 'annotations/ana.jsonl', 'clausemark.json', 'taxonomy.json', '.gitignore']) {
      expect(ignored(name), name).toBe(false);
    }
  });

  it("are added to an older Clausemark-written .gitignore on open, keeping the reviewer's lines; another .gitignore is left alone", async () => {
    const { dir } = await projectWithOneDocument();
    const older = `${GITIGNORE_TEXT}exports/\n`;
    await writeFile(join(dir, '.gitignore'), older);
    await (await ProjectStore.open(dir, { readOnly: true })).close();
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe(older);
    await (await ProjectStore.open(dir)).close();
    const updated = await readFile(join(dir, '.gitignore'), 'utf8');
    expect(updated.startsWith(older)).toBe(true);
    expect(updated).toContain('\n*.json.[0-9]*\n');
    await (await ProjectStore.open(dir)).close();
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe(updated);

    await writeFile(join(dir, '.gitignore'), 'node_modules/\n');
    await (await ProjectStore.open(dir)).close();
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n');
  });
});
