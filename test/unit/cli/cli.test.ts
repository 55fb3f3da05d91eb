import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve('bin/clausemark.js');
const POLICIES = resolve('resources/samples/policies');

function clausemark(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the clausemark command', { timeout: 120_000 }, () => {
  let dir: string;
  let project: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clausemark-cli-'));
    project = join(dir, 'policies');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a project, imports a folder with one line per file, and reports duplicates', () => {
    const init = clausemark('init', project, '--name', 'Policies 2026');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Created project “Policies 2026”');

    const first = clausemark('import', project, POLICIES);
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => l.startsWith('imported'))).toBe(true);

    const again = clausemark('import', project, join(POLICIES, 'azoomar.txt'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^duplicate .*azoomar\.txt: already in the project as “/);
  });

  it('exits 1 when a file fails, and still imports the others', async () => {
    const empty = join(dir, 'empty.txt');
    const good = join(dir, 'short-policy.txt');
    await writeFile(empty, '');
    await writeFile(good, 'Short Policy\n\nWe keep your order history for five years.\n');
    const run = clausemark('import', project, empty, good);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`failed     ${empty}: the file is empty.`);
    expect(run.stdout).toContain(`imported   ${good}`);
  });

  it('lists documents and shows one with code-point offsets that slice its text', () => {
    const list = clausemark('list', project, '--json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { id: string; source: string; format: string; encoding: string; segments: number }[];
    expect(rows).toHaveLength(6);
    const azoomar = rows.find((r) => r.source === 'azoomar.txt');
    expect(azoomar).toMatchObject({ format: 'txt', encoding: 'utf-8' });

    const show = clausemark('show', project, azoomar?.id.slice(0, 6) ?? '', '--json');
    expect(show.code).toBe(0);
    const doc = JSON.parse(show.stdout) as { text: string; segments: { start: number; end: number; text: string }[] };
    expect(doc.segments).toHaveLength(azoomar?.segments ?? -1);
    const chars = Array.from(doc.text);
    expect(chars[0]).toBe('🔐');
    for (const s of doc.segments) expect(chars.slice(s.start, s.end).join('')).toBe(s.text);
  });

  it('prints stats as JSON with the documented keys', () => {
    const stats = clausemark('stats', project, '--json');
    expect(stats.code).toBe(0);
    const value = JSON.parse(stats.stdout) as Record<string, unknown>;
    expect(value).toMatchObject({ documents: 6, annotations: 0, by_label: {}, by_reviewer: {} });
    expect(value.segments).toBeGreaterThan(50);
  });

  it('has --help on every command, and sends errors to stderr with a non-zero exit code', () => {
    for (const command of ['init', 'import', 'stats', 'list', 'show']) {
      const help = clausemark(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: clausemark ${command}`);
    }
    const missing = clausemark('list', join(dir, 'nowhere'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^clausemark: .*nowhere.*/);
    const unknown = clausemark('frobnicate');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(clausemark('show', project, 'no such document').stderr).toContain('No document has the id or title');
  });

  it.runIf(process.platform === 'linux')('refuses a project in /proc at once, in plain words', () => {
    const started = Date.now();
    const run = clausemark('init', '/proc/x');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^clausemark: \/proc\/x is inside \/proc, which belongs to the operating system, so Clausemark cannot make a project there/);
  });
});
