import { spawnSync } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../datasets/fixture.ts';

const BIN = resolve('bin/clausemark.js');

function clausemark(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('clausemark option errors', { timeout: 120_000 }, () => {
  let dir: string;
  let project: string;

  beforeAll(async () => {
    dir = await tempFolder('option-errors');
    project = join(dir, 'project');
    expect(clausemark('init', project).code).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Each: the command line, and the one line it says on stderr.
  const cases: [string, string[], string][] = [
    ['--split with two ratios', ['export', '--format', 'hf', '--split', '0.8,0.1'], '--split: give three ratios, e.g. 0.8,0.1,0.1 (got "0.8,0.1")'],
    ['--split with four ratios', ['export', '--format', 'hf', '--split', '0.7,0.1,0.1,0.1'], '--split: give three ratios, e.g. 0.8,0.1,0.1 (got "0.7,0.1,0.1,0.1")'],
    ['--split with words', ['export', '--format', 'hf', '--split', 'a,b,c'], '--split: three numbers from 0 to 1, e.g. 0.8,0.1,0.1 (got "a,b,c")'],
    ['--split not adding up to 1', ['export', '--format', 'hf', '--split', '0.5,0.5,0.5'], '--split: three ratios that add up to 1, e.g. 0.8,0.1,0.1 (got "0.5,0.5,0.5")'],
    ['--seed below 0', ['export', '--format', 'hf', '--seed', '-1'], '--seed: a whole number ≥ 0 (got "-1")'],
    ['--seed with a fraction (once read as 1)', ['export', '--format', 'hf', '--seed', '1.5'], '--seed: a whole number ≥ 0 (got "1.5")'],
    ['--seed not a number', ['export', '--format', 'hf', '--seed', 'abc'], '--seed: a whole number ≥ 0 (got "abc")'],
    ['--seed too large', ['export', '--format', 'hf', '--seed', '99999999999'], '--seed: a whole number ≥ 0, at most 2147483647 (got "99999999999")'],
    ['--format', ['export', '--format', 'jsonl'], '--format: one of spans, segments, doccano, label-studio, csv, hf (got "jsonl")'],
    ['--status', ['export', '--status', 'finished'], '--status: done or all (got "finished")'],
    ['--unit', ['export', '--unit', 'page'], '--unit: document or segment (got "page")'],
    ['--reviewer empty', ['export', '--reviewer', ''], '--reviewer: a reviewer name, not empty (got "")'],
    ['--label empty', ['export', '--label', ''], '--label: a label name, not empty (got "")'],
  ];

  it.each(cases)('export: %s', async (_what, args, message) => {
    const [command, ...rest] = args;
    const out = join(dir, 'out');
    const run = clausemark(command as string, project, '--out', out, ...rest);
    expect(run.stderr).toBe(`clausemark: ${message}\n`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(await readdir(dir)).not.toContain('out');
  });

  it('export: --out empty is refused, not taken as the current folder', () => {
    const run = clausemark('export', project, '--out', '');
    expect(run.stderr).toBe('clausemark: --out: the file to write (a folder for --format hf) (got "")\n');
    expect(run.code).toBe(1);
  });

  it('an option is checked before the project is opened', () => {
    const run = clausemark('export', join(dir, 'no such project'), '--out', join(dir, 'out'), '--format', 'xml');
    expect(run.stderr).toBe('clausemark: --format: one of spans, segments, doccano, label-studio, csv, hf (got "xml")\n');
    expect(run.code).toBe(1);
  });

  it('import-annotations: --format, --offsets and --reviewer', () => {
    const file = join(dir, 'none.jsonl');
    const format = clausemark('import-annotations', project, file, '--format', 'brat');
    expect(format.stderr).toBe('clausemark: --format: one of spans, doccano, label-studio, prodigy (got "brat")\n');
    expect(format.code).toBe(1);
    const offsets = clausemark('import-annotations', project, file, '--format', 'doccano', '--offsets', 'bytes');
    expect(offsets.stderr).toBe('clausemark: --offsets: utf16, codepoints or auto (got "bytes")\n');
    expect(offsets.code).toBe(1);
    const reviewer = clausemark('import-annotations', project, file, '--format', 'doccano', '--reviewer', '  ');
    expect(reviewer.stderr).toBe('clausemark: --reviewer: a reviewer name, not empty (got "  ")\n');
    expect(reviewer.code).toBe(1);
  });

  it('import-opp115: --consolidated', () => {
    const run = clausemark('import-opp115', project, resolve('test/fixtures/opp115-sample'), '--consolidated', '0.9');
    expect(run.stderr).toBe('clausemark: --consolidated: 0.5, 0.75 or 1.0 (got "0.9")\n');
    expect(run.code).toBe(1);
    expect(JSON.parse(clausemark('stats', project, '--json').stdout)).toMatchObject({ documents: 0, annotations: 0 });
  });

  it('init: --name and --taxonomy; a long value is shown cut short', async () => {
    const empty = clausemark('init', join(dir, 'a'), '--name', '');
    expect(empty.stderr).toBe('clausemark: --name: a project name, not empty (got "")\n');
    expect(empty.code).toBe(1);
    const long = clausemark('init', join(dir, 'b'), '--name', 'x'.repeat(300));
    expect(long.stderr).toBe(`clausemark: --name: a project name of at most 200 characters (got "${'x'.repeat(80)}…")\n`);
    expect(long.code).toBe(1);
    const taxonomy = clausemark('init', join(dir, 'c'), '--taxonomy', 'opp-116');
    expect(taxonomy.stderr).toBe('clausemark: --taxonomy: “opp-116” is not a preset (opp-115, cuad, ccpa, gdpr) nor a .json or .xml file.\n');
    expect(taxonomy.code).toBe(1);
    expect((await readdir(dir)).filter((f) => ['a', 'b', 'c'].includes(f))).toEqual([]);
  });

  it('taxonomy: --set names the option', () => {
    const run = clausemark('taxonomy', project, '--set', 'opp-116');
    expect(run.stderr).toMatch(/^clausemark: --set: “opp-116” is not a preset/);
    expect(run.code).toBe(1);
  });

  it("unknown options and commands keep commander's message", () => {
    const option = clausemark('export', project, '--out', join(dir, 'out'), '--shuffle');
    expect(option.stderr).toMatch(/^error: unknown option '--shuffle'/);
    expect(option.code).toBe(1);
    const command = clausemark('exprot', project);
    expect(command.stderr).toMatch(/^error: unknown command 'exprot'/);
    expect(command.code).toBe(1);
  });
});
