import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../../../src/main/services/export/export.ts';
import type { ProjectStore } from '../../../src/main/services/project/index.ts';
import { PY_CHECK_SPANS, PY_READ_WITH_DECLARED_FEATURES, annotatedProject, python, tempFolder } from './fixture.ts';

describe('export', { timeout: 60_000 }, () => {
  let dir: string;
  let store: ProjectStore;
  let ids: string[];

  beforeEach(async () => {
    dir = await tempFolder('export');
    ({ store, ids } = await annotatedProject(join(dir, 'project')));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes spans that Python reads, with text[start:end] == text in code points, and no \\u escapes', async () => {
    const out = join(dir, 'out', 'spans.jsonl');
    const summary = await exportDataset(store, { format: 'spans', out });
    expect(summary).toMatchObject({ documents: 3, records: 3, annotations: 4 });
    const checked = python(PY_CHECK_SPANS, out) as { lines: number; spans: number; bad: unknown[]; escapes: number };
    expect(checked).toMatchObject({ lines: 3, spans: 4, bad: [], escapes: 0 });
    const records = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const first = records.find((r) => r.id === ids[0]);
    expect(first.meta).toMatchObject({ status: 'done', taxonomy_id: 'opp-115', taxonomy_version: 1, source_file: 'policy-0.txt' });
    expect(first.meta.reviewers).toEqual([{ name: 'Ana Müller', status: 'done' }]);
    // Two reviewers in the project: every span names its reviewer; the segment annotation has its segment's offsets.
    expect(first.spans.map((s: { label: string; reviewer: string }) => [s.label, s.reviewer])).toEqual([
      ['First Party Collection/Use', 'Ana Müller'],
      ['Data Retention', 'Ana Müller'],
    ]);
    expect(first.spans[0].attributes).toEqual([
      { name: 'Personal Information Type', value: 'Contact', evidence: [expect.objectContaining({ text: 'e-mail address 📧' })] },
      { name: 'Purpose', value: 'Basic service/feature', evidence: [] },
    ]);
    expect(first.spans[1].text).toBe('We keep your data for five years, then delete it.');
  });

  it('is byte-identical when run twice, and filters by reviewer, label and status', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    await exportDataset(store, { out: a });
    await exportDataset(store, { out: b });
    expect(await readFile(a)).toEqual(await readFile(b));

    const bo = join(dir, 'bo.jsonl');
    await exportDataset(store, { out: bo, reviewer: 'Bo' });
    const boSpans = (await readFile(bo, 'utf8')).trim().split('\n').flatMap((l) => JSON.parse(l).spans);
    expect(boSpans).toEqual([expect.objectContaining({ label: 'User Choice/Control' })]);
    expect(boSpans[0].reviewer).toBeUndefined();

    const done = join(dir, 'done.jsonl');
    const s = await exportDataset(store, { out: done, status: 'done', labels: ['Data Retention'] });
    expect(s).toMatchObject({ documents: 1, annotations: 1 });
  });

  it('writes segments, with unlabeled segments unless --labeled-only, and spans per segment', async () => {
    const out = join(dir, 'segments.jsonl');
    await exportDataset(store, { format: 'segments', out });
    const rows = python(
      'import json,sys\nprint(json.dumps([json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]))',
      out,
    ) as { labels: string[]; document_id: string; segment_index: number; text: string; meta: { source_file: string; status: string } }[];
    expect(rows.length).toBe(8);
    // Each segment carries its document's meta.
    expect(rows.find((r) => r.document_id === ids[0])?.meta).toMatchObject({ source_file: 'policy-0.txt', status: 'done' });
    expect(rows.filter((r) => r.labels.length === 0).length).toBe(5);
    expect(rows.find((r) => r.document_id === ids[0] && r.segment_index === 2)?.labels).toEqual(['Data Retention']);
    const labeled = join(dir, 'labeled.jsonl');
    const s = await exportDataset(store, { format: 'segments', out: labeled, labeledOnly: true });
    expect(s.records).toBe(3);

    const perSegment = join(dir, 'per-segment.jsonl');
    await exportDataset(store, { format: 'spans', unit: 'segment', out: perSegment });
    expect(python(PY_CHECK_SPANS, perSegment)).toMatchObject({ lines: 8, spans: 4, bad: [] });
  });

  it('writes doccano and Label Studio files whose offsets hold in Python', async () => {
    const doccano = join(dir, 'doccano.jsonl');
    await exportDataset(store, { format: 'doccano', out: doccano });
    const spans = join(dir, 'spans.jsonl');
    await exportDataset(store, { format: 'spans', out: spans });
    // Each doccano span, sliced in Python, reads the quote the spans export gives it.
    const checkDoccano = String.raw`
import json, sys
quotes = {}
for line in open(sys.argv[2], encoding='utf-8'):
    r = json.loads(line)
    for s in r['spans']: quotes[(r['text'], s['start'], s['end'], s['label'])] = s['text']
bad = 0; n = 0
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    assert sorted(r) == ['label', 'meta', 'text']
    assert sorted(r['meta']) == ['reviewers', 'source_file', 'source_sha256', 'status', 'taxonomy_id', 'taxonomy_version', 'title']
    for s, e, l in r['label']:
        n += 1
        if not (0 <= s < e <= len(r['text'])) or r['text'][s:e] != quotes.get((r['text'], s, e, l)): bad += 1
print(json.dumps({'n': n, 'bad': bad}))`;
    expect(python(checkDoccano, doccano, spans)).toEqual({ n: 4, bad: 0 });

    const ls = join(dir, 'ls.json');
    await exportDataset(store, { format: 'label-studio', out: ls });
    const checkLs = String.raw`
import json, sys
tasks = json.load(open(sys.argv[1], encoding='utf-8'))
n = 0; bad = 0
for t in tasks:
    assert t['meta']['taxonomy_id'] == 'opp-115' and len(t['meta']['source_sha256']) == 64
    for a in t['annotations']:
        for r in a['result']:
            n += 1
            v = r['value']
            assert r['type'] == 'labels' and r['from_name'] and r['to_name']
            if t['data']['text'][v['start']:v['end']] != v['text']: bad += 1
print(json.dumps({'tasks': len(tasks), 'n': n, 'bad': bad}))`;
    expect(python(checkLs, ls)).toEqual({ tasks: 3, n: 4, bad: 0 });
  });

  it('writes CSV with a BOM, CRLF and RFC 4180 quoting that Python csv reads back intact', async () => {
    const out = join(dir, 'rows.csv');
    await exportDataset(store, { format: 'csv', out });
    const bytes = await readFile(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const rows = python(
      'import csv,json,sys\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))))',
      out,
    ) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    // Each row's offsets, sliced in Python from the document's text, read its quote.
    const spans = join(dir, 'texts.jsonl');
    await exportDataset(store, { format: 'spans', out: spans });
    const checkRows = String.raw`
import csv, json, sys
texts = {json.loads(l)['id']: json.loads(l)['text'] for l in open(sys.argv[2], encoding='utf-8')}
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(json.dumps({'n': len(rows), 'bad': [r['quote'] for r in rows if texts[r['document_id']][int(r['start']):int(r['end'])] != r['quote']]}))`;
    expect(python(checkRows, out, spans)).toEqual({ n: 4, bad: [] });
    const row = rows.find((r) => r.label === 'First Party Collection/Use');
    expect(row).toMatchObject({
      source_file: 'policy-0.txt',
      document_status: 'done',
      taxonomy_id: 'opp-115',
      taxonomy_version: '1',
      reviewer: 'Ana Müller',
      quote: 'your e-mail address 📧',
      note: 'sign-up, "quoted", with, commas',
      attributes: 'Personal Information Type: Contact | Purpose: Basic service/feature',
      target: 'span',
    });
  });

  it('writes an hf folder: seeded split by document, same keys on every line, a dataset card', async () => {
    const out = join(dir, 'dataset');
    const summary = await exportDataset(store, { format: 'hf', out, split: [0.34, 0.33, 0.33], seed: 7, command: 'clausemark export x' }, { now: () => new Date('2026-02-03T04:05:06Z') });
    expect(summary.splits).toEqual({ train: 1, validation: 1, test: 1 });
    expect((await readdir(out)).sort()).toEqual(['README.md', 'test.jsonl', 'train.jsonl', 'validation.jsonl']);
    const keys = String.raw`
import json, sys, os
shapes = set()
for name in ['train', 'validation', 'test']:
    for line in open(os.path.join(sys.argv[1], name + '.jsonl'), encoding='utf-8'):
        r = json.loads(line)
        for s in r['spans']:
            shapes.add(tuple((k, type(v).__name__) for k, v in sorted(s.items())))
            assert r['text'][s['start']:s['end']] == s['text']
        shapes.add(tuple(sorted(r)))
try:
    import datasets
    ds = datasets.load_dataset('json', data_dir=sys.argv[1])
    loaded = {k: len(v) for k, v in ds.items()}
except ImportError:
    loaded = 'datasets not installed'
print(json.dumps({'shapes': len(shapes), 'loaded': loaded}))`;
    const result = python(keys, out) as { shapes: number; loaded: unknown };
    if (result.loaded === 'datasets not installed') console.warn('skipped: the Python datasets package is not installed, so load_dataset was not tried');
    else expect(result.loaded).toEqual({ train: 1, validation: 1, test: 1 });
    // One shape of span (keys and value types) and one set of record keys.
    expect(result.shapes).toBe(2);
    const card = await readFile(join(out, 'README.md'), 'utf8');
    const declared = python(PY_READ_WITH_DECLARED_FEATURES, out) as { read: Record<string, number> } | { skipped: string };
    if ('skipped' in declared) console.warn(`skipped: ${declared.skipped}, so the declared features were not checked`);
    else expect(declared.read).toEqual({ train: 1, validation: 1, test: 1 });
    expect(card).toContain('2026-02-03T04:05:06.000Z');
    expect(card).toContain('clausemark export x');
    expect(card).toContain('Ana Müller, Bo');
    expect(card).toMatch(/\| Data Retention \| \d \| \d \| \d \|/);

    const again = join(dir, 'dataset2');
    await exportDataset(store, { format: 'hf', out: again, split: [0.34, 0.33, 0.33], seed: 7 });
    for (const f of ['train.jsonl', 'validation.jsonl', 'test.jsonl']) expect(await readFile(join(again, f))).toEqual(await readFile(join(out, f)));
  });

  it('refuses a span whose quote is not the text, naming the document and annotation, and writes nothing', async () => {
    const { appendFile } = await import('node:fs/promises');
    const bad = {
      formatVersion: 2,
      kind: 'annotation',
      annotation: {
        id: 'zz',
        documentId: ids[0],
        reviewer: 'Ana Müller',
        target: { type: 'span', start: 0, end: 4, quote: 'Nope' },
        label: 'Other',
        attributes: {},
        note: '',
        origin: 'manual',
        createdAt: 'x',
        updatedAt: 'x',
      },
    };
    await appendFile(join(dir, 'project', 'annotations', 'ana-muller.jsonl'), `${JSON.stringify(bad)}\n`);
    const out = join(dir, 'out', 'bad.jsonl');
    await expect(exportDataset(store, { out })).rejects.toThrow(/Política de privacidad.*annotation zz by Ana Müller says “Nope” at 0-4, but the text there reads “Polí”/);
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });

  it('stops when cancelled and leaves no file, not even a temp file', async () => {
    const out = join(dir, 'out', 'cancelled.jsonl');
    const controller = new AbortController();
    const run = exportDataset(store, { out }, { signal: controller.signal, onProgress: ({ done }) => done === 1 && controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });
});
