import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPP115_SAMPLE as SAMPLE, shiftedOpp115Release, tempFolder } from '../datasets/fixture.ts';

const BIN = resolve('bin/clausemark.js');

function clausemark(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface StatsJson {
  documents: number;
  annotations: number;
  by_reviewer: Record<string, number>;
  by_document: Record<string, { title: string; annotations: number; reviewers: string[] }>;
}

const TEXT = 'Hi 😀 we collect your e-mail 📧 for ads.';
// doccano counts UTF-16 code units: "your e-mail" starts at 17 there, at 16 in code points.
const START = TEXT.indexOf('your e-mail');
const END = START + 'your e-mail'.length;

describe('clausemark import-annotations and import-opp115', { timeout: 120_000 }, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempFolder('import-cli');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function project(name: string): Promise<string> {
    const path = join(dir, name);
    const init = clausemark('init', path);
    expect(init.code).toBe(0);
    return path;
  }

  it('import-annotations reports the offsets unit and why, and each bad line by number; exits 1 and keeps the rest', async () => {
    const file = join(dir, 'labeled.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ text: TEXT, label: [[START, END, 'First Party Collection/Use']] }),
        '{"text": "We sell nothing.", "label": [[0, 2, ',
        JSON.stringify({ text: 'We keep logs for a year.', label: [[3, 7, 'Data Retention'], [0, 99, 'Other']] }),
      ].join('\n'),
    );
    const target = await project('doccano');
    const run = clausemark('import-annotations', target, file, '--format', 'doccano');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    // doccano's own unit, and why: the records carry no span text to check it against.
    expect(lines[0]).toMatch(/^offsets: utf16 \(doccano's own unit .+\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/^line 2: not valid JSON/));
    expect(lines).toContainEqual(expect.stringMatching(/^line 3: span 2 \(Other\): the span \(0-99\) ends past the end of the text/));
    expect(lines.filter((l) => l.startsWith('line '))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^Imported 2 annotations from \d+ records: 2 new documents, 0 matched; 2 problems\.$/);

    const stats = JSON.parse(clausemark('stats', target, '--json').stdout) as StatsJson;
    expect(stats).toMatchObject({ documents: 2, annotations: 2, by_reviewer: { doccano: 2 } });
    expect(Object.values(stats.by_document).map((d) => d.reviewers)).toEqual([['doccano'], ['doccano']]);
    expect(clausemark('stats', target).stdout).toContain('reviewers    1 (1 per document)\n');
    const empty = clausemark('stats', await project('empty'));
    expect(empty.stdout).toBe('documents    0\nsegments     0\nannotations  0\nreviewers    0\n');

    // With --offsets the report says the unit was asked for.
    const asked = clausemark('import-annotations', await project('codepoints'), file, '--format', 'doccano', '--offsets', 'codepoints', '--reviewer', 'Ana');
    expect(asked.stdout.split('\n')[0]).toBe('offsets: codepoints (as asked (--offsets))');
    expect(asked.code).toBe(1);
  });

  it('import-opp115 imports the sample: 3 documents, 361 practices, 3 reviewers per document in stats', async () => {
    const target = await project('opp115');
    const run = clausemark('import-opp115', target, SAMPLE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  First Party Collection/Use: 144\n');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('Imported 3 policies (3 new), 361 practices by 7 reviewers.');
    // Every attribute span of the sample matches its segment's text.
    expect(run.stdout).not.toContain('do not match');

    const json = clausemark('stats', target, '--json');
    expect(json.code).toBe(0);
    const stats = JSON.parse(json.stdout) as StatsJson;
    expect(stats).toMatchObject({ documents: 3, annotations: 361 });
    const documents = Object.values(stats.by_document);
    expect(documents.map((d) => d.title).sort()).toEqual(['amazon.com', 'eatchicken.com', 'gwdocs.com']);
    expect(documents.map((d) => d.reviewers.length)).toEqual([3, 3, 3]);
    expect(documents.reduce((n, d) => n + d.annotations, 0)).toBe(361);

    const text = clausemark('stats', target);
    expect(text.stdout).toContain('documents    3\n');
    expect(text.stdout).toContain('annotations  361\n');
    expect(text.stdout).toContain('reviewers    7 (3 per document)\n');
    expect(text.stdout).toContain('  document amazon.com: 3 reviewers, 312 annotations\n');

    // Again: the same documents, nothing new.
    const again = clausemark('import-opp115', target, SAMPLE);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Imported 3 policies (0 new), 361 practices by 7 reviewers.');
    expect(JSON.parse(clausemark('stats', target, '--json').stdout)).toMatchObject({ documents: 3, annotations: 361 });
  });

  it('import-opp115 names the attribute spans whose text does not match their segment', async () => {
    const release = join(dir, 'release');
    // Two spans of practice 13157 moved three characters on.
    await shiftedOpp115Release(release);
    const run = clausemark('import-opp115', await project('shifted'), release);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "2 attribute spans do not match their segment's text; their values were kept without evidence: 13157/Action First-Party, 13157/Personal Information Type\n",
    );
    expect(run.stdout).toContain('Imported 3 policies (3 new), 361 practices by 7 reviewers.');
  });
});
