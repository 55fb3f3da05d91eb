import { mkdir, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANNOTATION_FORMAT_VERSION, type Annotation, type LogRecord } from '../../../src/shared/domain/annotation.ts';
import { ReviewerLog, foldLogText, serializeRecord } from '../../../src/main/services/annotations/log.ts';
import { annotationLine } from '../project/helpers.ts';

const annotation = (id: string, label = 'Other', documentId = 'doc'): Annotation => ({
  id,
  documentId,
  reviewer: 'Ana',
  target: { type: 'span', start: 0, end: 4, quote: 'Priv' },
  label,
  attributes: {},
  note: '',
  origin: 'manual',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const put = (a: Annotation): LogRecord => ({ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'annotation', annotation: a });
const del = (id: string, documentId = 'doc'): LogRecord => ({
  formatVersion: ANNOTATION_FORMAT_VERSION,
  kind: 'deletion',
  id,
  documentId,
  at: '2026-01-01T00:00:01.000Z',
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clausemark-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('folding a log', () => {
  it('keeps the last line of each id, drops deleted ones, and keeps the last status of a document', () => {
    const text = [
      put(annotation('a', 'Other')),
      put(annotation('b')),
      put(annotation('a', 'Data Retention')),
      del('b'),
      { formatVersion: 2, kind: 'status', documentId: 'doc', status: 'done', at: 't1' } as LogRecord,
      { formatVersion: 2, kind: 'status', documentId: 'doc', status: 'in-progress', at: 't2' } as LogRecord,
    ]
      .map(serializeRecord)
      .join('');
    const fold = foldLogText(text);
    expect([...fold.annotations.keys()]).toEqual(['a']);
    expect(fold.annotations.get('a')?.label).toBe('Data Retention');
    expect(fold.statuses.get('doc')?.status).toBe('in-progress');
    expect(fold.records).toBe(6);
    expect(fold.damaged).toEqual([]);
  });

  it('reads format-1 lines through the migration: a span target and single-value attributes', () => {
    const v1 = JSON.parse(annotationLine({ id: 'old', documentId: 'doc', reviewer: 'Ana', label: 'Other' })) as Record<string, unknown>;
    v1.attributes = { 'Other Type': 'Introductory/Generic' };
    const fold = foldLogText(`${JSON.stringify(v1)}\n`);
    expect(fold.migrated).toBe(1);
    expect(fold.annotations.get('old')).toMatchObject({
      target: { type: 'span', start: 0, end: 4, quote: 'Priv' },
      attributes: { 'Other Type': [{ value: 'Introductory/Generic' }] },
      origin: 'manual',
    });
  });

  it('reports a torn last line and a damaged middle line by number, and reads the rest', () => {
    const good = serializeRecord(put(annotation('a')));
    const fold = foldLogText(`${good}{not json\n${serializeRecord(put(annotation('b')))}{"formatVersion":2,"kind":"annot`);
    expect([...fold.annotations.keys()].sort()).toEqual(['a', 'b']);
    expect(fold.damaged.map((d) => d.line)).toEqual([2, 4]);
    expect(fold.tornTail).toBe(true);
  });

  it('names a line written by a newer Clausemark instead of calling it garbage', () => {
    const fold = foldLogText('{"formatVersion":9,"kind":"annotation"}\n');
    expect(fold.damaged[0]?.problem).toMatch(/newer Clausemark \(format version 9/);
  });
});

describe('ReviewerLog', () => {
  it('appends durably and reads back what it wrote, one line per record', async () => {
    const path = join(dir, 'ana.jsonl');
    const log = new ReviewerLog(path, 'annotations/ana.jsonl');
    await log.append([put(annotation('a')), put(annotation('b'))]);
    await log.append([del('a')]);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    const again = new ReviewerLog(path, 'annotations/ana.jsonl');
    expect([...(await again.refresh()).annotations.keys()]).toEqual(['b']);
    expect([...log.current.annotations.keys()]).toEqual(['b']);
  });

  it('keeps appends that arrive while a write is in flight, in the order they were made', async () => {
    const path = join(dir, 'ana.jsonl');
    const log = new ReviewerLog(path, 'annotations/ana.jsonl');
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([put(annotation(`a${i}`, i % 2 ? 'Other' : 'Data Retention'))])));
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(lines.map((l) => (JSON.parse(l) as { annotation: { id: string } }).annotation.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => `a${i}`),
    );
  });

  it('never writes over a torn last line: later appends start on a line of their own and stay readable', async () => {
    const path = join(dir, 'ana.jsonl');
    const torn = '{"formatVersion":2,"kind":"annotation","annotation":{"id":"x"';
    await writeFile(path, `${serializeRecord(put(annotation('a')))}${torn}`);
    const log = new ReviewerLog(path, 'annotations/ana.jsonl');
    expect(log.problem).toBeNull();
    await log.refresh();
    expect(log.problem?.message).toMatch(/annotations\/ana\.jsonl has 1 damaged line \(2\).*cut short/);
    await log.append([put(annotation('b'))]);
    const text = await readFile(path, 'utf8');
    expect(text).toContain(`${torn}\n`);
    const fold = await new ReviewerLog(path, 'x').refresh();
    expect([...fold.annotations.keys()].sort()).toEqual(['a', 'b']);
    expect(fold.damaged.map((d) => d.line)).toEqual([2]);
  });

  it('compacts to its live records atomically, with the same fold, once it has grown well past them', async () => {
    const path = join(dir, 'ana.jsonl');
    const log = new ReviewerLog(path, 'annotations/ana.jsonl');
    for (let round = 0; round < 30; round++) {
      await log.append(Array.from({ length: 50 }, (_, i) => put(annotation(`a${i}`, round % 2 ? 'Other' : 'Data Retention'))));
    }
    expect(log.wantsCompaction).toBe(true);
    const before = new Map(log.current.annotations);
    await log.compact();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    expect(log.wantsCompaction).toBe(false);
    const reread = await new ReviewerLog(path, 'x').refresh();
    expect(reread.annotations).toEqual(before);
  });

  it('does not compact a log with damaged lines: they stay for the reviewer to recover', async () => {
    const path = join(dir, 'ana.jsonl');
    const log = new ReviewerLog(path, 'annotations/ana.jsonl');
    await log.append([put(annotation('a'))]);
    await appendFile(path, 'garbage\n');
    await log.compact();
    expect(await readFile(path, 'utf8')).toContain('garbage\n');
  });

  it('appends written while a compaction runs are not lost', async () => {
    const path = join(dir, 'ana.jsonl');
    const log = new ReviewerLog(path, 'annotations/ana.jsonl');
    for (let round = 0; round < 30; round++) await log.append(Array.from({ length: 50 }, (_, i) => put(annotation(`a${i}`))));
    const compaction = log.compact();
    const late = log.append([put(annotation('late'))]);
    await Promise.all([compaction, late]);
    const fold = await new ReviewerLog(path, 'x').refresh();
    expect(fold.annotations.has('late')).toBe(true);
    expect(fold.annotations.size).toBe(51);
  });

  it('picks up a file replaced underneath it (a git pull) before it is next read', async () => {
    const path = join(dir, 'ana.jsonl');
    const log = new ReviewerLog(path, 'annotations/ana.jsonl');
    await log.append([put(annotation('a'))]);
    await writeFile(path, serializeRecord(put(annotation('pulled'))) + serializeRecord(put(annotation('pulled2'))));
    expect([...(await log.refresh()).annotations.keys()].sort()).toEqual(['pulled', 'pulled2']);
  });

  it('fails an append where the folder is gone with a plain message, and keeps nothing it did not write', async () => {
    const log = new ReviewerLog(join(dir, 'missing-folder', 'ana.jsonl'), 'annotations/ana.jsonl');
    await expect(log.append([put(annotation('a'))])).rejects.toThrow(/could not be saved to annotations\/ana\.jsonl \(the project folder is no longer there: .*\)\. It is kept/);
    expect(log.current.annotations.size).toBe(0);
  });

  it('names a folder in the way of the log in plain words, not the system error', async () => {
    await mkdir(join(dir, 'ana.jsonl'));
    const log = new ReviewerLog(join(dir, 'ana.jsonl'), 'annotations/ana.jsonl');
    const failure = log.append([put(annotation('a'))]);
    await expect(failure).rejects.toThrow('(a folder has the name the file needs)');
    await expect(failure).rejects.not.toThrow(/EISDIR/);
  });
});
