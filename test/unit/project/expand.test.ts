import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandImportPaths } from '../../../src/main/services/project/index.ts';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-expand-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function touch(...parts: string[]): Promise<string> {
  const path = join(tmp, ...parts);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, 'x');
  return path;
}

describe('expandImportPaths', () => {
  it('walks folders recursively in name order, keeping importable files and skipping hidden ones', async () => {
    await touch('in', 'b.PDF');
    await touch('in', 'a.txt');
    await touch('in', 'sub', 'c.docx');
    await touch('in', 'sub', 'deeper', 'd.htm');
    await touch('in', 'notes.rtf');
    await touch('in', 'image.png');
    await touch('in', '.hidden.txt');
    await touch('in', '.git', 'e.md');
    await touch('in', 'Z.md');
    const { files, skipped } = await expandImportPaths([join(tmp, 'in')]);
    expect(files).toEqual(['Z.md', 'a.txt', 'b.PDF', 'sub/c.docx', 'sub/deeper/d.htm'].map((f) => join(tmp, 'in', f)));
    expect(skipped).toEqual([]);
  });

  it('passes named files through whatever their extension, and reports missing paths', async () => {
    const rtf = await touch('notes.rtf');
    const missing = join(tmp, 'missing.txt');
    const { files, skipped } = await expandImportPaths([rtf, missing]);
    expect(files).toEqual([rtf]);
    expect(skipped).toEqual([
      { file: missing, status: 'failed', error: { code: 'FILE_NOT_FOUND', message: expect.stringContaining('missing.txt') } },
    ]);
  });

  it('survives a symbolic link loop and lists each file once', async () => {
    const a = await touch('loop', 'a.txt');
    await symlink(join(tmp, 'loop'), join(tmp, 'loop', 'again'));
    const { files } = await expandImportPaths([join(tmp, 'loop'), a]);
    expect(files).toEqual([a]);
  });
});
