import { spawnSync } from 'node:child_process';
import { readFile, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotatedProject, annotation, tempFolder } from '../datasets/fixture.ts';

const BIN = resolve('bin/clausemark.js');

function clausemark(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a command line as a POSIX shell reads it, `clausemark` being this checkout's CLI. */
function shell(commandLine: string): { code: number | null; stderr: string } {
  const script = `clausemark() { "${process.execPath}" "${BIN}" "$@"; }\n${commandLine}`;
  const run = spawnSync('sh', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stderr: run.stderr };
}

const lines = async (file: string): Promise<{ id: string; spans: { label: string; reviewer?: string }[] }[]> =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('clausemark export', { timeout: 120_000 }, () => {
  let dir: string;
  let project: string;

  beforeAll(async () => {
    dir = await tempFolder('export-cli');
    // A folder name a shell must quote.
    project = join(dir, "Bo's policies");
    const { store, ids } = await annotatedProject(project);
    // A label whose name holds a comma (OPP-115 has one).
    const added = await store.appendAnnotations('Bo', [annotation({ id: 'b2', reviewer: 'Bo', documentId: ids[2] as string, target: { type: 'segment', segment: 0 }, label: 'User Access, Edit and Deletion' })]);
    expect(added.refused).toEqual([]);
    await store.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--label takes a label whose name holds a comma; --labels splits at commas and names what is not a label', async () => {
    const out = join(dir, 'access.jsonl');
    const run = clausemark('export', project, '--out', out, '--label', 'User Access, Edit and Deletion');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exported 3 documents, 1 annotations');
    const spans = (await lines(out)).flatMap((r) => r.spans.map((s) => s.label));
    expect(spans).toEqual(['User Access, Edit and Deletion']);

    const split = clausemark('export', project, '--out', join(dir, 'split.jsonl'), '--labels', 'User Access, Edit and Deletion');
    expect(split.code).not.toBe(0);
    expect(split.stderr).toContain(`"User Access", "Edit and Deletion" are not labels of this project's taxonomy or of its annotations; the taxonomy's labels are "First Party Collection/Use"`);
    expect(await readdir(dir)).not.toContain('split.jsonl');

    const both = clausemark('export', project, '--out', join(dir, 'both.jsonl'), '--labels', 'Data Retention,User Choice/Control', '--label', 'User Access, Edit and Deletion');
    expect(both.code).toBe(0);
    const labels = (await lines(join(dir, 'both.jsonl'))).flatMap((r) => r.spans.map((s) => s.label)).sort();
    expect(labels).toEqual(['Data Retention', 'User Access, Edit and Deletion', 'User Choice/Control']);
  });

  it("writes an hf folder whose card's command, run again, makes the same files", async () => {
    const out = join(dir, 'hf out');
    const run = clausemark('export', project, '--format', 'hf', '--out', out, '--split', '0.34,0.33,0.33', '--seed', '7', '--label', 'User Access, Edit and Deletion', '--labels', 'Data Retention');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(train 1, validation 1, test 1\)/);
    const card = await readFile(join(out, 'README.md'), 'utf8');
    const command = /^- Command: `(.*)`$/m.exec(card)?.[1];
    expect(command).toBe(`clausemark export '${project.replace("Bo's", "Bo'\\''s")}' --format hf --out '${out}' --split 0.34,0.33,0.33 --seed 7 --label 'User Access, Edit and Deletion' --labels 'Data Retention'`);

    const first = join(dir, 'hf first');
    await rename(out, first);
    const again = shell(command as string);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    for (const split of ['train.jsonl', 'validation.jsonl', 'test.jsonl']) {
      expect(await readFile(join(out, split), 'utf8'), split).toBe(await readFile(join(first, split), 'utf8'));
    }
    const exported = [...(await lines(join(out, 'train.jsonl'))), ...(await lines(join(out, 'validation.jsonl'))), ...(await lines(join(out, 'test.jsonl')))];
    expect(exported.flatMap((r) => r.spans.map((s) => s.label)).sort()).toEqual(['Data Retention', 'User Access, Edit and Deletion']);
  });
});
