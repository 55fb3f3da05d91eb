import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../../../src/main/services/export/export.ts';
import { importAnnotationFile } from '../../../src/main/services/interchange/import.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { opp115 } from '../project/helpers.ts';
import { annotatedProject, tempFolder } from './fixture.ts';

const TEXT = 'Hi 😀 we collect your e-mail 📧 for ads.';
// In UTF-16 (JavaScript, Label Studio, doccano's front-end) "your e-mail" starts at 17; in code points at 16.
const U16 = { start: TEXT.indexOf('your e-mail'), end: TEXT.indexOf('your e-mail') + 'your e-mail'.length };
const CP = { start: U16.start - 1, end: U16.end - 1 };

describe('import-annotations', { timeout: 60_000 }, () => {
  let dir: string;
  let store: ProjectStore;

  beforeEach(async () => {
    dir = await tempFolder('interchange');
    store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function importText(name: string, content: string, opts: Parameters<typeof importAnnotationFile>[2]) {
    const file = join(dir, name);
    await writeFile(file, content);
    return importAnnotationFile(store, file, opts);
  }

  async function onlyAnnotation() {
    const [documentId] = (await store.datasetSource()).documentIds;
    const logs = (await store.datasetSource()).logs;
    const all = logs.flatMap((l) => [...l.fold.annotations.values()]);
    return { documentId, all };
  }

  it('reads doccano (label and entities variants), converting UTF-16 offsets found by their text', async () => {
    const content = [
      JSON.stringify({ text: TEXT, label: [[U16.start, U16.end, 'First Party Collection/Use']] }),
      JSON.stringify({ text: `${TEXT} Again.`, entities: [{ id: 1, start_offset: U16.start, end_offset: U16.end, label: 'Other' }] }),
    ].join('\n');
    const report = await importText('d.jsonl', content, { format: 'doccano' });
    expect(report.offsets.unit).toBe('utf16');
    expect(report).toMatchObject({ records: 2, documentsCreated: 2, annotations: 2, problems: [] });
    const { all } = await onlyAnnotation();
    expect(all.map((a) => a.target)).toEqual([
      { type: 'span', ...CP, quote: 'your e-mail' },
      { type: 'span', ...CP, quote: 'your e-mail' },
    ]);
    expect(all.every((a) => a.origin === 'imported' && a.reviewer === 'doccano')).toBe(true);
  });

  it('reads Label Studio exports and detects UTF-16 from the quotes; a broken task is reported by line', async () => {
    const tasks = `[
  {"id": 1, "data": {"text": ${JSON.stringify(TEXT)}}, "annotations": [{"completed_by": 3, "result": [
    {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": ${U16.start}, "end": ${U16.end}, "text": "your e-mail", "labels": ["First Party Collection/Use"]}}
  ]}]},
  {"id": 2, "data": {"text": "Second task"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 99, "text": "x", "labels": ["Other"]}}]}]},
  {"id": 3, "data": }
]`;
    const report = await importText('ls.json', tasks, { format: 'label-studio', reviewer: 'Ana' });
    expect(report.offsets.unit).toBe('utf16');
    expect(report.offsets.reason).toMatch(/detected/);
    expect(report.annotations).toBe(1);
    expect(report.problems).toEqual([
      { line: 5, message: expect.stringMatching(/ends past the end of the text/) },
      { line: 6, message: expect.stringMatching(/not valid JSON/) },
    ]);
  });

  it('takes --offsets codepoints when asked, and reports quotes that do not match', async () => {
    const content = JSON.stringify({ data: { text: TEXT }, annotations: [{ result: [{ type: 'labels', value: { start: U16.start, end: U16.end, text: 'your e-mail', labels: ['Other'] } }] }] });
    const report = await importText('ls.json', `[${content}]`, { format: 'label-studio', offsets: 'codepoints' });
    expect(report.offsets).toEqual({ unit: 'codepoints', reason: 'as asked (--offsets)' });
    expect(report.annotations).toBe(0);
    expect(report.problems[0]?.message).toMatch(/its text “your e-mail” is not the text at 17-28, “our e-mail ”/);
  });

  it('reads Prodigy db-out, skipping rejected answers, and refuses a file that is not a task list at all', async () => {
    const content = [
      JSON.stringify({ text: TEXT, spans: [{ start: CP.start, end: CP.end, label: 'Other', token_start: 4 }], answer: 'accept' }),
      JSON.stringify({ text: 'Rejected one', spans: [{ start: 0, end: 3, label: 'Other' }], answer: 'reject' }),
      '{"text": "broken',
      JSON.stringify({ text: 'Unknown label here', spans: [{ start: 0, end: 7, label: 'Nope' }], answer: 'accept' }),
    ].join('\n');
    const report = await importText('p.jsonl', content, { format: 'prodigy' });
    expect(report).toMatchObject({ records: 2, skippedRecords: 1, annotations: 1, missingLabels: ['Nope'] });
    expect(report.offsets.unit).toBe('codepoints');
    expect(report.problems.map((p) => p.line)).toEqual([3, 4]);

    const before = (await store.datasetSource()).documentIds.length;
    await expect(importText('cut.json', '[{"data": {"text": "a"}}, {"data"', { format: 'label-studio' })).rejects.toThrow(/cut short\); nothing was imported/);
    expect((await store.datasetSource()).documentIds.length).toBe(before);
  });

  it('adds missing labels with --add-labels, and matches a record to the document with the same text', async () => {
    const content = JSON.stringify({ text: TEXT, label: [[0, 2, 'Greeting']] });
    // Without --add-labels the record's only span is refused, so the record brings no document; its text alone does.
    expect(await importText('a.jsonl', content, { format: 'doccano' })).toMatchObject({ missingLabels: ['Greeting'], documentsCreated: 0, annotations: 0 });
    expect(await importText('t.jsonl', JSON.stringify({ text: TEXT, label: [] }), { format: 'doccano' })).toMatchObject({ documentsCreated: 1, problems: [] });
    const report = await importText('b.jsonl', content, { format: 'doccano', addLabels: true });
    expect(report).toMatchObject({ labelsAdded: ['Greeting'], annotations: 1, documentsMatched: 1, documentsCreated: 0 });
    const taxonomy = JSON.parse(await readFile(join(dir, 'project', 'taxonomy.json'), 'utf8'));
    expect(taxonomy.labels.at(-1)).toMatchObject({ name: 'Greeting', attributes: [] });
  });
});

describe('spans export -> import -> export', { timeout: 120_000 }, () => {
  it('gives the same bytes for the annotated fixture project', async () => {
    const dir = await tempFolder('roundtrip');
    const { store } = await annotatedProject(join(dir, 'a'));
    const first = join(dir, 'first.jsonl');
    await exportDataset(store, { out: first });
    await store.close();
    const copy = await ProjectStore.create(join(dir, 'b'), { taxonomy: await opp115() });
    const report = await importAnnotationFile(copy, first, { format: 'spans' });
    expect(report.problems).toEqual([]);
    const second = join(dir, 'second.jsonl');
    await exportDataset(copy, { out: second });
    await copy.close();
    expect(await readFile(second, 'utf8')).toBe(await readFile(first, 'utf8'));
    await rm(dir, { recursive: true, force: true });
  });

  it('holds for any texts and spans (property)', async () => {
    const taxonomy = await opp115();
    const labels = ['Other', 'Data Retention', 'Do Not Track'];
    const piece = fc.constantFrom('a', 'é', ' ', '😀', '中', '\n', 'x', '👍🏽', 'Z');
    const doc = fc
      .array(piece, { minLength: 2, maxLength: 40 })
      .map((p) => p.join(''))
      .chain((text) => {
        const n = [...text].length;
        const span = fc
          .tuple(fc.nat(n - 1), fc.integer({ min: 1, max: n }), fc.constantFrom(...labels), fc.constantFrom('Ana', 'Bo'), fc.constantFrom('', 'a "note", here'))
          .map(([s, len, label, reviewer, note]) => ({ start: s, end: Math.min(n, s + len), label, reviewer, note }));
        return fc.record({ text: fc.constant(text), spans: fc.array(span, { maxLength: 5 }) });
      });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 3 }), async (docs) => {
        const dir = await tempFolder(`prop-${run++}`);
        try {
          const a = await ProjectStore.create(join(dir, 'a'), { taxonomy });
          const seenText = new Set<string>();
          for (const [i, d] of docs.entries()) {
            if (seenText.has(d.text)) continue;
            seenText.add(d.text);
            const { storeText, annotation } = await import('./fixture.ts');
            const id = await storeText(a, d.text, `doc-${i}.txt`);
            const cps = [...d.text];
            for (const [k, s] of d.spans.entries()) {
              const quote = cps.slice(s.start, s.end).join('');
              const r = await a.appendAnnotations(s.reviewer, [
                annotation({ id: `s${k}`, reviewer: s.reviewer, documentId: id, target: { type: 'span', start: s.start, end: s.end, quote }, label: s.label, note: s.note }),
              ]);
              expect(r.refused).toEqual([]);
            }
          }
          const first = join(dir, 'first.jsonl');
          await exportDataset(a, { out: first });
          await a.close();
          const b = await ProjectStore.create(join(dir, 'b'), { taxonomy });
          const report = await importAnnotationFile(b, first, { format: 'spans' });
          expect(report.problems).toEqual([]);
          const second = join(dir, 'second.jsonl');
          await exportDataset(b, { out: second });
          await b.close();
          expect(await readFile(second, 'utf8')).toBe(await readFile(first, 'utf8'));
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 25 },
    );
  });
});
