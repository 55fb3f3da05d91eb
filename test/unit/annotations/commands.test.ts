import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationCommand } from '../../../src/shared/domain/annotation.ts';
import type { ClausemarkDocument } from '../../../src/shared/domain/document.ts';
import type { Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { ProjectStore, annotationFile } from '../../../src/main/services/project/index.ts';
import { opp115, sample } from '../project/helpers.ts';

let tmp: string;
let taxonomy: Taxonomy;
let store: ProjectStore;
let doc: ClausemarkDocument;
const REVIEWER = 'Ana Müller';

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-commands-'));
  taxonomy = await opp115();
  store = await ProjectStore.create(join(tmp, 'p'), { taxonomy });
  const outcome = await store.importBytes('azoomar.txt', await sample('azoomar.txt'));
  doc = await store.getDocument(outcome.documentId as string);
});
afterEach(async () => {
  await store.close();
  await rm(tmp, { recursive: true, force: true });
});

/** A span command over code points [start, end) of the document, quoting what is there. */
const span = (id: string, start: number, end: number, label = 'First Party Collection/Use', extra: object = {}): AnnotationCommand => ({
  op: 'put',
  annotation: {
    id,
    documentId: doc.id,
    target: { type: 'span', start, end, quote: new CodePointIndex(doc.text).slice(start, end) },
    label,
    ...extra,
  },
});

const logLines = async (): Promise<Record<string, unknown>[]> =>
  (await readFile(join(store.dir, annotationFile(REVIEWER)), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('applying annotation commands', () => {
  it('saves a span after the emoji at its code-point offsets, and the quote on disk is text[start:end]', async () => {
    // azoomar.txt starts with 🔐 (one code point, two UTF-16 units): "Privacy" is at 2..9.
    const [outcome] = await store.applyAnnotationCommands(REVIEWER, [span('a1', 2, 9)]);
    expect(outcome).toMatchObject({ ok: true, annotation: { target: { start: 2, end: 9, quote: 'Privacy' }, reviewer: REVIEWER, origin: 'manual' } });
    const [line] = await logLines();
    expect(line).toMatchObject({ formatVersion: 2, kind: 'annotation', annotation: { id: 'a1', target: { quote: 'Privacy' } } });
    expect(Array.from(doc.text).slice(2, 9).join('')).toBe('Privacy');
  });

  it('refuses a bad command with its reason and still saves the rest of the batch', async () => {
    const good = span('good', 2, 9);
    const outcomes = await store.applyAnnotationCommands(REVIEWER, [
      { op: 'put', annotation: { id: 'wrong-quote', documentId: doc.id, target: { type: 'span', start: 2, end: 9, quote: 'Privacx' }, label: 'Other' } },
      { op: 'put', annotation: { id: 'past-end', documentId: doc.id, target: { type: 'span', start: 2, end: 10_000_000, quote: 'x' }, label: 'Other' } },
      span('no-label', 2, 9, 'Cookies'),
      span('no-attr', 2, 9, 'Other', { attributes: { Purpose: [{ value: 'Advertising' }] } }),
      span('bad-value', 2, 9, 'Data Retention', { attributes: { 'Retention Period': [{ value: 'Forever-ish' }] } }),
      span('two-values', 2, 9, 'Data Retention', { attributes: { 'Retention Period': [{ value: 'Indefinitely' }, { value: 'Limited' }] } }),
      { op: 'put', annotation: { id: 'no-segment', documentId: doc.id, target: { type: 'segment', segment: 99_999 }, label: 'Other' } },
      { op: 'delete', documentId: doc.id, id: 'never-made' },
      { op: 'put', annotation: { id: '../../etc', documentId: doc.id, target: { type: 'segment', segment: 0 }, label: 'Other' } },
      good,
    ]);
    const reasons = outcomes.map((o) => (o.ok ? 'ok' : o.error.message));
    expect(reasons[0]).toMatch(/quote “Privacx” is not the text at 2-9, which reads “Privacy”/);
    expect(reasons[1]).toMatch(/ends at 10000000, past the end of the text/);
    expect(reasons[2]).toMatch(/label “Cookies” is not in the project's taxonomy/);
    expect(reasons[3]).toMatch(/“Other” has no attribute “Purpose”/);
    expect(reasons[4]).toMatch(/“Forever-ish” is not a value of “Retention Period”/);
    expect(reasons[5]).toMatch(/takes one value, not 2/);
    expect(reasons[6]).toMatch(/segment 99999 does not exist/);
    expect(reasons[7]).toMatch(/no annotation never-made/);
    expect(reasons[8]).toMatch(/not valid/);
    expect(reasons[9]).toBe('ok');
    expect((await logLines()).map((l) => (l.annotation as { id: string }).id)).toEqual(['good']);
  });

  it('keeps evidence inside the annotation, and refuses evidence outside it', async () => {
    const text = new CodePointIndex(doc.text);
    const segment = doc.segments[5] as { start: number; end: number };
    const inside = { start: segment.start, end: segment.start + 3, quote: text.slice(segment.start, segment.start + 3) };
    const outside = { start: 2, end: 9, quote: 'Privacy' };
    const attr = (evidence: { start: number; end: number; quote: string }) => ({ attributes: { 'Retention Period': [{ value: 'Limited', evidence: [evidence] }] } });
    const outcomes = await store.applyAnnotationCommands(REVIEWER, [
      { op: 'put', annotation: { id: 'seg', documentId: doc.id, target: { type: 'segment', segment: 5 }, label: 'Data Retention', ...attr(inside) } },
      { op: 'put', annotation: { id: 'seg2', documentId: doc.id, target: { type: 'segment', segment: 5 }, label: 'Data Retention', ...attr(outside) } },
    ]);
    expect(outcomes[0]?.ok).toBe(true);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { message: expect.stringMatching(/lies outside the annotation/) as unknown } });
  });

  it('relabels, notes and deletes through the same log, keeping the creation time; the fold is what the list shows', async () => {
    await store.applyAnnotationCommands(REVIEWER, [span('a1', 2, 9)]);
    const created = (await store.documentAnnotations(REVIEWER, doc.id)).annotations[0]?.createdAt;
    await store.applyAnnotationCommands(REVIEWER, [span('a1', 2, 9, 'Other', { note: 'heading, not a practice' })]);
    let listed = await store.documentAnnotations(REVIEWER, doc.id);
    expect(listed.annotations).toHaveLength(1);
    expect(listed.annotations[0]).toMatchObject({ label: 'Other', note: 'heading, not a practice', createdAt: created });
    await store.applyAnnotationCommands(REVIEWER, [{ op: 'delete', documentId: doc.id, id: 'a1' }]);
    listed = await store.documentAnnotations(REVIEWER, doc.id);
    expect(listed.annotations).toEqual([]);
    expect((await logLines()).map((l) => l.kind)).toEqual(['annotation', 'annotation', 'deletion']);
    // An undo of the deletion brings it back with its first creation time.
    await store.applyAnnotationCommands(REVIEWER, [span('a1', 2, 9, 'Other', { createdAt: created })]);
    expect((await store.documentAnnotations(REVIEWER, doc.id)).annotations[0]?.createdAt).toBe(created);
  });

  it('keeps each reviewer in their own file and status per reviewer', async () => {
    await store.applyAnnotationCommands(REVIEWER, [span('a1', 2, 9)]);
    await store.applyAnnotationCommands('Bo', [span('b1', 2, 9, 'Other')]);
    await store.setReviewStatus('Bo', doc.id, 'done');
    expect((await store.documentAnnotations(REVIEWER, doc.id)).annotations.map((a) => a.id)).toEqual(['a1']);
    expect((await store.documentAnnotations('Bo', doc.id)).status).toBe('done');
    expect((await store.documentAnnotations(REVIEWER, doc.id)).status).toBe('in-progress');
    const [row] = await store.listDocuments(REVIEWER);
    expect(row).toMatchObject({ annotationCount: 2, reviewerAnnotationCount: 1, status: 'in-progress' });
    expect((await store.listDocuments('Bo'))[0]?.status).toBe('done');
    expect((await store.listDocuments('Cy'))[0]?.status).toBe('new');
  });

  it('refuses writes from a read-only open', async () => {
    const reader = await ProjectStore.open(store.dir, { readOnly: true });
    await expect(reader.applyAnnotationCommands(REVIEWER, [span('a1', 2, 9)])).rejects.toThrow(/read-only/);
    await reader.close();
  });

  it('accepts any span of the text and stores exactly that quote (property)', async () => {
    const length = new CodePointIndex(doc.text).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: length - 1 }), fc.integer({ min: 1, max: 400 }), async (start, size) => {
        const end = Math.min(length, start + size);
        const [outcome] = await store.applyAnnotationCommands(REVIEWER, [span(`p${start}-${end}`, start, end, 'Other')]);
        expect(outcome?.ok).toBe(true);
        const stored = (await store.documentAnnotations(REVIEWER, doc.id)).annotations.find((a) => a.id === `p${start}-${end}`);
        expect(stored?.target.type === 'span' && stored.target.quote).toBe(Array.from(doc.text).slice(start, end).join(''));
      }),
      { numRuns: 60 },
    );
  });
});
