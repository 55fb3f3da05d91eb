import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../../../src/main/services/export/export.ts';
import { putSchemaLinesFirst } from '../../../src/main/services/export/schema-lines.ts';
import type { ProjectStore } from '../../../src/main/services/project/index.ts';
import { ProjectStore as Store } from '../../../src/main/services/project/index.ts';
import { opp115 } from '../project/helpers.ts';
import { PY_LOAD_WITH_DATASETS, annotatedProject, annotation, python, spanOf, storeText, tempFolder } from './fixture.ts';

type Loaded = { json: Record<string, number> | string; folder: Record<string, number> | string } | { skipped: string };

/** Loads an hf folder with Python's datasets; null (with a warning) where the package is missing. */
function loadWithDatasets(folder: string, chunk = ''): Exclude<Loaded, { skipped: string }> | null {
  const loaded = python(PY_LOAD_WITH_DATASETS, folder, chunk) as Loaded;
  if ('skipped' in loaded) {
    console.warn(`skipped: ${loaded.skipped}, so load_dataset was not tried`);
    return null;
  }
  return loaded;
}

describe('hf export, as datasets loads it', { timeout: 120_000 }, () => {
  let dir: string;
  let store: ProjectStore | undefined;

  beforeEach(async () => {
    dir = await tempFolder('export-hf');
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes no file for a split with no documents, and says so in the card', async () => {
    ({ store } = await annotatedProject(join(dir, 'project')));
    const out = join(dir, 'dataset');
    // Three documents at 0.8 / 0.1 / 0.1, seed 2: two to train (the annotated ones), none to validation, one to test.
    const summary = await exportDataset(store, { format: 'hf', out, seed: 2 });
    expect(summary.splits).toEqual({ train: 2, validation: 0, test: 1 });
    expect(summary.warnings).toEqual([]);
    expect((await readdir(out)).sort()).toEqual(['README.md', 'test.jsonl', 'train.jsonl']);
    const card = await readFile(join(out, 'README.md'), 'utf8');
    expect(card).not.toContain('validation.jsonl');
    expect(card).toContain('validation has no documents, so no file');
    const loaded = loadWithDatasets(out);
    if (loaded) expect(loaded).toEqual({ json: { test: 1, train: 2 }, folder: { test: 1, train: 2 } });
  });

  it('warns, in the summary and the card, when a later split fills a list the first leaves empty', async () => {
    ({ store } = await annotatedProject(join(dir, 'project')));
    const out = join(dir, 'dataset');
    // Seed 42: the one document with attribute values and evidence goes to test.
    const summary = await exportDataset(store, { format: 'hf', out, seed: 42 });
    expect(summary.splits).toEqual({ train: 2, validation: 0, test: 1 });
    const [warning] = summary.warnings;
    expect(warning).toMatch(/^train has no attribute values or evidence spans, but test has attribute values and evidence spans: datasets\.load_dataset\("json", data_dir=\.\.\.\) infers the schema from train/);
    expect(await readFile(join(out, 'README.md'), 'utf8')).toContain(`**Note:** ${warning}`);
    // What the warning says: the JSON loader fails, the folder (the card's features) loads.
    const loaded = loadWithDatasets(out);
    if (loaded) {
      expect(loaded.json).toMatch(/^failed: /);
      expect(loaded.folder).toEqual({ test: 1, train: 2 });
    }
  });

  it('starts a large split with the lines that show its nested fields, so the JSON loader infers them from its first chunk', async () => {
    store = await Store.create(join(dir, 'project'), { taxonomy: await opp115() });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push(await storeText(store, `Policy ${i}\n\nWe collect your e-mail address and keep it for ${i + 1} years.`, `policy-${i}.txt`));
    }
    // Only the last document in id order has spans, reviewers, an attribute and its evidence.
    const last = [...ids].sort().at(-1) as string;
    const text = `Policy ${ids.indexOf(last)}\n\nWe collect your e-mail address and keep it for ${ids.indexOf(last) + 1} years.`;
    const { refused } = await store.appendAnnotations('Ana Müller', [
      annotation({
        id: 'a1',
        documentId: last,
        target: { type: 'span', ...spanOf(text, 'We collect your e-mail address') },
        label: 'First Party Collection/Use',
        attributes: { 'Personal Information Type': [{ value: 'Contact', evidence: [spanOf(text, 'e-mail address')] }] },
      }),
    ]);
    expect(refused).toEqual([]);

    // As written, in id order: the one full line is last, beyond the first chunk the loader reads.
    const plain = join(dir, 'plain');
    await exportDataset(store, { format: 'hf', out: plain, split: [1, 0, 0] });
    const plainLines = (await readFile(join(plain, 'train.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(plainLines.map((l) => JSON.parse(l).id)).toEqual([...ids].sort());
    const chunk = String(Math.ceil(Buffer.byteLength(plainLines.slice(0, 10).join('\n'))));
    const failing = loadWithDatasets(plain, chunk);
    // The failure this guards against: the first chunk's empty lists are read as lists of nulls.
    if (failing) expect(failing.json).toMatch(/^failed: /);

    // Past the threshold (lowered here with the loader's chunk), that line is moved to the top.
    const moved = join(dir, 'moved');
    await exportDataset(store, { format: 'hf', out: moved, split: [1, 0, 0] }, { schemaBytes: Number(chunk) / 2 });
    const movedLines = (await readFile(join(moved, 'train.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(movedLines[0] as string).id).toBe(last);
    expect(movedLines.slice(1)).toEqual(plainLines.slice(0, -1));
    const loaded = loadWithDatasets(moved, chunk);
    if (loaded) expect(loaded).toEqual({ json: { train: 40 }, folder: { train: 40 } });

    // The same export again: the same bytes.
    const again = join(dir, 'again');
    await exportDataset(store, { format: 'hf', out: again, split: [1, 0, 0] }, { schemaBytes: Number(chunk) / 2 });
    expect(await readFile(join(again, 'train.jsonl'))).toEqual(await readFile(join(moved, 'train.jsonl')));
  });

  it('moves the lines across long lines byte for byte, and leaves a file whose showing lines are near the top untouched', async () => {
    const long = `{"id":"b","text":"${'é'.repeat(1_500_000)}","spans":[],"meta":{"reviewers":[]}}`;
    const lines = [
      '{"id":"a","text":"x","spans":[],"meta":{"reviewers":[]}}',
      long,
      '{"id":"c","text":"y","spans":[{"attributes":[]}],"meta":{"reviewers":[{"name":"Ana"}]}}',
      long.replace('"b"', '"d"'),
      '{"id":"e","text":"z","spans":[{"attributes":[{"name":"N","value":"V","evidence":[{"start":0,"end":1}]}]}],"meta":{"reviewers":[]}}',
      '{"id":"f","text":"\\"spans\\":[{","spans":[],"meta":{"reviewers":[]}}',
    ];
    const path = join(dir, 'train.jsonl');
    await writeFile(path, `${lines.join('\n')}\n`);
    const filled = await putSchemaLinesFirst(path, 1024);
    expect([...filled].sort()).toEqual(['attributes', 'evidence', 'reviewers', 'spans']);
    // The line filling most lists first (e: spans, attributes, evidence), then the first with reviewers (c).
    const moved = await readFile(path);
    const expected = Buffer.from(`${[lines[2], lines[4], lines[0], lines[1], lines[3], lines[5]].join('\n')}\n`);
    // Compared with Buffer's own equals: the test runner's deep equality walks 6 MB a byte at a time.
    expect(moved.equals(expected)).toBe(true);
    // The same file again: its showing lines are at the top now, so nothing changes.
    const before = await readFile(path);
    await putSchemaLinesFirst(path, 1024);
    expect((await readFile(path)).equals(before)).toBe(true);
  });
});
