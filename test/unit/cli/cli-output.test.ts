import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { annotationLine, opp115 } from '../project/helpers.ts';

const BIN = resolve('bin/clausemark.js');

function clausemark(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Clears the screen, retitles the terminal, and reverses what follows. */
const HOSTILE = '\x1b[2J\x1b]0;pwned\x07\u202eYcilop\x9b31m';

describe('what the clausemark command prints from project files', { timeout: 120_000 }, () => {
  let dir: string;
  let project: string;
  let id: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clausemark-cli-output-'));
    project = join(dir, 'project');
    const store = await ProjectStore.create(project, { taxonomy: await opp115() });
    const outcome = await store.importBytes('policy.txt', new TextEncoder().encode('Privacy Policy\n\nWe keep your order history for five years.\n'));
    await store.close();
    id = outcome.documentId as string;
    // As a synced or hand-made document file may be: a title and a source name holding escape sequences.
    const path = join(project, 'documents', `${id}.json`);
    const doc = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...doc, title: `Policy ${HOSTILE}`, source: { ...doc.source, fileName: `${HOSTILE}.txt` } }));
    // 19 lines: 10 good annotations, 9 damaged ones.
    const lines: string[] = [];
    for (let i = 0; i < 19; i++) {
      lines.push(i % 2 === 0 ? annotationLine({ id: `a${i}`, documentId: id, reviewer: 'Ana', label: i === 0 ? `Label${HOSTILE}` : 'First Party Collection/Use' }) : '{"damaged": ');
    }
    await writeFile(join(project, 'annotations', 'ana.jsonl'), `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const noControls = (text: string): void => {
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  };

  it('shows control characters in titles, file names and labels as escapes in human output', () => {
    const list = clausemark('list', project);
    expect(list.code).toBe(0);
    noControls(list.stdout);
    expect(list.stdout).toContain('Policy \\x1B[2J\\x1B]0;pwned\\x07\\u202EYcilop\\x9B31m');

    const show = clausemark('show', project, id);
    expect(show.code).toBe(0);
    noControls(show.stdout);
    expect(show.stdout).toContain('source: \\x1B[2J');
    expect(show.stdout).toContain('\nWe keep your order history for five years.');

    const stats = clausemark('stats', project);
    noControls(stats.stdout);
    expect(stats.stdout).toContain('  Label\\x1B[2J');
  });

  it('keeps --json exact', () => {
    const rows = JSON.parse(clausemark('list', project, '--json').stdout) as { title: string; source: string }[];
    expect(rows[0]?.title).toBe(`Policy ${HOSTILE}`);
    expect(rows[0]?.source).toBe(`${HOSTILE}.txt`);
    const doc = JSON.parse(clausemark('show', project, id, '--json').stdout) as { title: string };
    expect(doc.title).toBe(`Policy ${HOSTILE}`);
  });

  it('says on stderr which annotation lines stats and list skipped, and where', () => {
    const stats = clausemark('stats', project);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain('annotations  10');
    expect(stats.stderr).toMatch(/^clausemark: warning: annotations\/ana\.jsonl has 9 damaged lines \(2, 4, 6, 8, 10 and 4 more\), which were skipped;/);
    const json = clausemark('stats', project, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ annotations: 10 });
    expect(json.stderr).toContain('annotations/ana.jsonl has 9 damaged lines');
    expect(clausemark('list', project).stderr).toContain('annotations/ana.jsonl has 9 damaged lines');
  });
});
