import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotationSchema, logRecordSchema } from '../../../src/shared/domain/annotation.ts';
import { describeDamage, foldLogText } from '../../../src/main/services/annotations/log.ts';
import { AnnotationTable, type ExportedAnnotation } from '../../../src/main/services/export/annotation-table.ts';
import { lineList, quickRecord, readAnnotationLines } from '../../../src/main/services/export/log-index.ts';
import { indexLog, type IndexedLog } from '../../../src/main/services/export/log-reader.ts';
import { tempFolder } from './fixture.ts';
import { notStringified, rowAnnotation } from './export-rows.ts';

const DOCS = ['d1', 'd2', 'd3'];
/** The export's document list the logs are indexed for: another order, and one no log names. */
const LIST = ['d9', 'd3', 'd1', 'd2'];
const POSITIONS = new Map(LIST.map((id, i) => [id, i]));
const at = '2026-01-01T00:00:00.000Z';

function annotationLine(id: string, documentId: string, k: number): string {
  const target = k % 3 === 0 ? { type: 'segment', segment: k % 4 } : { type: 'span', start: k, end: k + 2, quote: 'é😀' };
  const attributes = k % 4 === 0 ? { Purpose: [{ value: 'Advertising', evidence: [{ start: k, end: k + 1, quote: 'é' }] }, { value: 'Other' }] } : {};
  const annotation = { id, documentId, reviewer: k % 5 === 0 ? 'Bo' : 'Ana', target, label: `L${k % 3}`, attributes, note: k % 2 ? '' : `n${k}`, origin: 'manual', createdAt: at, updatedAt: at };
  return JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation });
}

/** One log line: annotations, deletions and statuses of a few ids, and lines the schema refuses. */
const lineArb = fc.oneof(
  fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), doc: fc.constantFrom(...DOCS), k: fc.nat(40) }).map(({ id, doc, k }) => annotationLine(id, doc, k)),
  fc.record({ id: fc.constantFrom('a', 'b', 'c'), doc: fc.constantFrom(...DOCS) }).map(({ id, doc }) => JSON.stringify({ formatVersion: 2, kind: 'deletion', id, documentId: doc, at })),
  fc.record({ doc: fc.constantFrom(...DOCS), s: fc.constantFrom('new', 'in-progress', 'done') }).map(({ doc, s }) => JSON.stringify({ formatVersion: 2, kind: 'status', documentId: doc, status: s, at })),
  fc.constantFrom(
    '{not json',
    '',
    '   ',
    JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation: { id: 'a' } }),
    JSON.stringify({ formatVersion: 3, kind: 'status', documentId: 'd1', status: 'done', at }),
    annotationLine('b', 'd2', 7).replace('"origin"', '"extra":1,"origin"'),
    annotationLine('x y', 'd2', 7),
    JSON.stringify({ formatVersion: 1, id: 'c', documentId: 'd3', reviewer: 'Ana', start: 0, end: 1, quote: 'x', label: 'L1', attributes: { P: 'v' }, note: '', createdAt: at, updatedAt: at }),
    // Format 1 allowed any id.
    JSON.stringify({ formatVersion: 1, id: 'é', documentId: 'd1', reviewer: 'Ana', start: 0, end: 1, quote: 'x', label: 'L1', attributes: {}, note: '', createdAt: at, updatedAt: at }),
    // Valid lines written otherwise than the app writes them: escapes, a space.
    annotationLine('a', 'd1', 5).replace('"reviewer":"Bo"', '"reviewer":"B\\u006f"').replace('"label":"L2"', '"label":"L\\u0032"'),
    annotationLine('b', 'd2', 8).replace(',"label"', ' ,"label"'),
  ),
);

/** What an export reads of an annotation. */
const exported = ({ id, reviewer, target, label, attributes, note }: ExportedAnnotation): ExportedAnnotation => ({ id, reviewer, target, label, attributes, note });

/**
 * A document's live annotations (with one of `labels`), read as an export reads them; every string
 * the export copies from them is as JSON.stringify writes it.
 */
function annotationsOf(log: IndexedLog, document: number, labels: ReadonlySet<string> | null): ExportedAnnotation[] {
  const lines = lineList();
  log.linesOf(document, labels, lines, 0);
  const table = new AnnotationTable();
  readAnnotationLines(log.fd, lines, 0, lines.size, table);
  const rows = Array.from({ length: table.size }, (_, row) => row);
  expect(rows.flatMap((row) => notStringified(table, row))).toEqual([]);
  return rows.map((row) => rowAnnotation(table, row));
}

describe('the export log reader', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempFolder('log-reader');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds what the app fold holds, in its order, with the same damage report', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), async (lines, eol, bom, torn) => {
        const text = `${bom ? '\uFEFF' : ''}${lines.join(eol)}${torn ? '{"formatVersion":2,"ki' : eol}`;
        const path = join(dir, `log-${n++}.jsonl`);
        await writeFile(path, text);
        const fold = foldLogText(await readFile(path, 'utf8'));
        const log = await indexLog(path, 'annotations/ana.jsonl', 'ana', POSITIONS);
        try {
          expect(log.problem).toEqual(describeDamage('annotations/ana.jsonl', fold));
          expect(log.reviewer).toBe([...fold.annotations.values()][0]?.reviewer ?? 'ana');
          for (const [i, doc] of LIST.entries()) {
            const expected = [...fold.annotations.values()].filter((a) => a.documentId === doc).map(exported);
            expect(annotationsOf(log, i, null)).toEqual(expected);
            expect(annotationsOf(log, i, new Set(['L1']))).toEqual(expected.filter((a) => a.label === 'L1'));
            expect(log.annotates(i)).toBe(expected.length > 0);
            expect(log.statusOf(i)).toBe(fold.statuses.get(doc)?.status);
          }
        } finally {
          await log.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('holds the fold of a log with more ids than its first bytes promise and hundreds of documents, labels and reviewers', async () => {
    const record = (id: string, k: number, note: string): string => {
      const annotation = {
        id,
        documentId: `d${k % 300}`,
        reviewer: `R${(k * 7) % 300}`,
        target: { type: 'span', start: k, end: k + 1, quote: 'x' },
        label: `L${(k * 13) % 300}`,
        attributes: {},
        note,
        origin: 'manual',
        createdAt: at,
        updatedAt: at,
      };
      return JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation });
    };
    const deletion = (id: string, k: number): string => JSON.stringify({ formatVersion: 2, kind: 'deletion', id, documentId: `d${k % 300}`, at });
    // Long lines first (longer than 16 bits hold): the first megabyte read holds few lines.
    const lines = Array.from({ length: 30 }, (_, k) => record(`a${k}`, k, 'n'.repeat(40_000)));
    for (let k = 30; k < 6000; k++) {
      lines.push(record(`a${k}`, k, ''));
      if (k % 97 === 0) lines.push(deletion(`a${k - 50}`, k - 50));
      if (k % 97 === 3) lines.push(record(`a${k - 53}`, k + 1, 'back'));
      if (k % 89 === 0) lines.push(record(`a${k - 80}`, k + 1, 'again'));
    }
    lines.push(deletion('a0', 0), record('é', 5, ''));
    const path = join(dir, 'large.jsonl');
    await writeFile(path, `${lines.join('\n')}\n`);
    const fold = foldLogText(await readFile(path, 'utf8'));
    const log = await indexLog(path, 'annotations/ana.jsonl', 'ana', new Map(Array.from({ length: 300 }, (_, d) => [`d${d}`, d])));
    try {
      expect(log.reviewer).toBe([...fold.annotations.values()][0]?.reviewer);
      for (let d = 0; d < 300; d++) {
        const expected = [...fold.annotations.values()].filter((a) => a.documentId === `d${d}`).map(exported);
        expect(annotationsOf(log, d, null)).toEqual(expected);
        expect(annotationsOf(log, d, new Set(['L1', 'L299']))).toEqual(expected.filter((a) => a.label === 'L1' || a.label === 'L299'));
      }
    } finally {
      await log.close();
    }
  });

  it('checks records by hand only when the schema would accept them as they are', () => {
    const good = JSON.parse(annotationLine('a', 'd1', 4));
    expect(quickRecord(good)).toEqual(logRecordSchema.parse(good));
    const variants: [string, (a: Record<string, unknown>) => void][] = [
      ['an unknown key', (a) => (a.extra = 1)],
      ['a long id', (a) => (a.id = 'x'.repeat(65))],
      ['an upper-case document id', (a) => (a.documentId = 'D1')],
      ['an empty label', (a) => (a.label = '')],
      ['a span target with an extra key', (a) => (a.target = { type: 'span', start: 0, end: 1, quote: 'x', more: 1 })],
      ['a fractional offset', (a) => (a.target = { type: 'span', start: 0.5, end: 1, quote: 'x' })],
      ['evidence ending before it starts', (a) => (a.attributes = { P: [{ value: 'v', evidence: [{ start: 2, end: 1, quote: '' }] }] })],
      ['an attribute without values', (a) => (a.attributes = { P: [] })],
      ['an unknown origin', (a) => (a.origin = 'robot')],
      ['example not a boolean', (a) => (a.example = 'yes')],
    ];
    for (const [what, change] of variants) {
      const record = JSON.parse(annotationLine('a', 'd1', 4));
      change(record.annotation);
      expect(annotationSchema.safeParse(record.annotation).success, what).toBe(false);
      expect(quickRecord(record), what).toBeNull();
    }
  });
});
