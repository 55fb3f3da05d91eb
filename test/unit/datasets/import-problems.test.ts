/**
 * Files that the annotation importer must not take at their word: text that is not UTF-8, offsets in
 * an unexpected unit, a record claiming another document's digest, records whose every span is bad.
 * Each problem is reported by the line of the file it is on.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importAnnotationFile } from '../../../src/main/services/interchange/import.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { AppError } from '../../../src/shared/result.ts';
import { opp115 } from '../project/helpers.ts';
import { tempFolder } from './fixture.ts';

const line = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), 'utf8');
/** A JSON line whose text holds "Café" in Latin-1 (0xE9), which is not UTF-8. */
const latin1 = (v: unknown): Buffer => Buffer.from(JSON.stringify(v).replace('Café', 'Caf\u00e9'), 'latin1');
const lines = (...parts: Buffer[]): Buffer => Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from('\n'), p])));

describe('import-annotations: problems reported by line', { timeout: 60_000 }, () => {
  let dir: string;
  let store: ProjectStore;

  beforeEach(async () => {
    dir = await tempFolder('import-problems');
    store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function importBytes(name: string, content: Buffer | string, opts: Parameters<typeof importAnnotationFile>[2]) {
    const file = join(dir, name);
    await writeFile(file, content);
    return importAnnotationFile(store, file, opts);
  }

  const documentTexts = async (): Promise<string[]> => {
    const source = await store.datasetSource();
    return Promise.all(source.documentIds.map(async (id) => (await store.getDocument(id)).text));
  };

  describe('text that is not UTF-8', () => {
    const good = { text: 'We collect your e-mail.', label: [[11, 22, 'Other']] };
    const bad = { text: 'Café policy. We sell data.', label: [[13, 25, 'Other']] };

    for (const format of ['doccano', 'prodigy', 'spans'] as const) {
      it(`${format}: each line that is not UTF-8 is reported by number and skipped; the rest imports`, async () => {
        const shape = (v: typeof good) =>
          format === 'doccano' ? v : { text: v.text, spans: v.label.map(([start, end, label]) => ({ start, end, label })) };
        const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), lines(line(shape(good)), latin1(shape(bad)), Buffer.from(''), line(shape({ ...good, text: `${good.text} Again.` })))]);
        const report = await importBytes('latin1.jsonl', content, { format });
        expect(report.problems).toEqual([{ line: 2, message: expect.stringMatching(/^the line is not UTF-8 text \(column \d+: byte 0xE9; .*\); it was skipped$/) }]);
        expect(report).toMatchObject({ records: 2, documentsCreated: 2, annotations: 2 });
        expect((await documentTexts()).sort()).toEqual([good.text, `${good.text} Again.`].sort());
        expect((await documentTexts()).join('')).not.toContain('\uFFFD');
      });
    }

    it('label-studio: a file that is not UTF-8 is refused whole, naming the file and the line', async () => {
      const tasks = Buffer.concat([
        Buffer.from('[\n  '),
        line({ data: { text: 'Fine text.' }, annotations: [{ result: [{ type: 'labels', value: { start: 0, end: 4, text: 'Fine', labels: ['Other'] } }] }] }),
        Buffer.from(',\n  '),
        latin1({ data: { text: 'Café policy.' }, annotations: [] }),
        Buffer.from('\n]'),
      ]);
      const error = await importBytes('ls.json', tasks, { format: 'label-studio' }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/^ls\.json is not UTF-8 text \(line 3, column 23: byte 0xE9; .*\); nothing was imported/);
      expect((await store.datasetSource()).documentIds).toEqual([]);
    });

    it('label-studio: a UTF-8 file with a BOM imports', async () => {
      const tasks = `\uFEFF[${JSON.stringify({ data: { text: 'Café policy.' }, annotations: [{ result: [{ type: 'labels', value: { start: 0, end: 4, text: 'Café', labels: ['Other'] } }] }] })}]`;
      const report = await importBytes('ls.json', tasks, { format: 'label-studio' });
      expect(report).toMatchObject({ annotations: 1, problems: [] });
      expect(await documentTexts()).toEqual(['Café policy.']);
    });
  });
  describe('offsets auto-detected without quotes', () => {
    // H i _ 😀 😀 _ w: "we collect" starts at code point 6, and UTF-16 offset 6 is inside the second emoji.
    const TWO = 'Hi 😀😀 we collect your e-mail.';

    it('doccano in code points (our own export): a UTF-16 reading inside an emoji is evidence for code points', async () => {
      const report = await importBytes('d.jsonl', JSON.stringify({ text: TWO, label: [[6, 16, 'Other']] }), { format: 'doccano' });
      expect(report.offsets.unit).toBe('codepoints');
      expect(report.offsets.reason).toMatch(/^detected: 1 span next to emoji starts or ends inside an emoji counted in UTF-16 code units/);
      expect(report).toMatchObject({ annotations: 1, problems: [] });
      const [log] = (await store.datasetSource()).logs;
      expect([...(log?.fold.annotations.values() ?? [])].map((a) => a.target)).toEqual([{ type: 'span', start: 6, end: 16, quote: 'we collect' }]);
    });

    it('prodigy in UTF-16: a span ending past the text in code points is evidence for UTF-16', async () => {
      const text = 'Hi 😀 ok';
      const report = await importBytes('p.jsonl', JSON.stringify({ text, spans: [{ start: 6, end: 8, label: 'Other' }] }), { format: 'prodigy' });
      expect(report.offsets.unit).toBe('utf16');
      expect(report.offsets.reason).toMatch(/^detected: .*1 span ends past the text counted in code points/);
      expect(report).toMatchObject({ annotations: 1, problems: [] });
    });

    it('doccano with nothing to tell the units apart: its own unit, and the report says the offsets could not be verified', async () => {
      const text = 'Hi 😀 we collect your e-mail.';
      const report = await importBytes('d.jsonl', JSON.stringify({ text, label: [[16, 27, 'Other']] }), { format: 'doccano' });
      expect(report.offsets.unit).toBe('utf16');
      expect(report.offsets.reason).toMatch(/^doccano's own unit \(UTF-16 code units\); not verified: .*doccano records carry no span text/);
    });

    it('a file whose spans read the same in either unit says so', async () => {
      const report = await importBytes('d.jsonl', JSON.stringify({ text: 'We collect 😀.', label: [[0, 2, 'Other']] }), { format: 'doccano' });
      expect(report.offsets).toEqual({ unit: 'utf16', reason: "doccano's own unit (UTF-16 code units); every span reads the same in either unit" });
    });
  });
  describe('records matched by their claimed digest', () => {
    const sha = 'a'.repeat(64);
    const record = (text: string, file: string) =>
      JSON.stringify({ text, spans: [{ start: 0, end: 2, label: 'Other', text: text.slice(0, 2) }], meta: { source_file: file, source_sha256: sha } });

    it('a spans record whose meta.source_sha256 belongs to another text is reported by line and skipped', async () => {
      const report = await importBytes('s.jsonl', [record('We sell data.', 'a.txt'), record('We keep data.', 'b.txt')].join('\n'), { format: 'spans' });
      expect(report).toMatchObject({ records: 2, documentsCreated: 1, documentsMatched: 0, annotations: 1 });
      expect(report.problems).toEqual([{ line: 2, message: expect.stringMatching(/its meta\.source_sha256 belongs to another text/) }]);
      expect(await documentTexts()).toEqual(['We sell data.']);

      // The same against a document already in the project; the record with the document's own text still matches.
      const again = await importBytes('t.jsonl', ['', record('We keep data.', 'b.txt'), record('We sell data.', 'a.txt')].join('\n'), { format: 'spans' });
      expect(again).toMatchObject({ documentsCreated: 0, documentsMatched: 1, annotations: 1 });
      expect(again.problems).toEqual([{ line: 2, message: expect.stringMatching(/its meta\.source_sha256 belongs to another text/) }]);
      expect(await documentTexts()).toEqual(['We sell data.']);
    });
  });
  describe('records whose every span is refused', () => {
    it('doccano: such a record creates no document; a text-only record does; problems name exact lines', async () => {
      const content = [
        JSON.stringify({ text: 'We collect your e-mail.', label: [[11, 22, 'Other']] }),
        JSON.stringify({ text: 'All bad here.', label: [[0, 99, 'Other'], [0, 3, 'Nope']] }),
        '',
        JSON.stringify({ text: 'Only text.', label: [] }),
        JSON.stringify({ text: 'One good, one bad.', entities: [{ start_offset: 0, end_offset: 3, label: 'Other' }, { start_offset: 5, end_offset: 5, label: 'Other' }] }),
        '{"text": "broken',
        JSON.stringify({ text: 'No label list', label: 'Other' }),
      ].join('\r\n');
      const report = await importBytes('d.jsonl', content, { format: 'doccano' });
      expect(report.problems).toEqual([
        { line: 2, message: expect.stringMatching(/^span 1 \(Other\): the span \(0-99\) ends past the end of the text/) },
        { line: 2, message: expect.stringMatching(/^span 2 \(Nope\): the label is not in the project's taxonomy/) },
        { line: 5, message: 'span 2 (Other): the span is empty (5-5)' },
        { line: 6, message: expect.stringMatching(/^not valid JSON/) },
        { line: 7, message: '"label" is not a list of [start, end, label]' },
      ]);
      expect(report).toMatchObject({ records: 4, documentsCreated: 3, documentsMatched: 0, annotations: 2 });
      expect((await documentTexts()).sort()).toEqual(['One good, one bad.', 'Only text.', 'We collect your e-mail.']);
    });

    it('spans: such a record neither creates nor matches a document, nor sets a status; problems name exact lines', async () => {
      const record = (text: string, spans: unknown[], status?: string) =>
        JSON.stringify({ text, spans, meta: status ? { reviewers: [{ name: 'Ana', status }] } : {} });
      await importBytes('first.jsonl', record('Known text.', []), { format: 'spans' });
      const content = [
        record('Known text.', [{ start: 0, end: 5, label: 'Other', text: 'Wrong' }], 'done'),
        record('New text.', [{ start: 4, end: 40, label: 'Other' }], 'done'),
        record('Kept text.', [{ start: 0, end: 4, label: 'Other', text: 'Kept' }], 'done'),
        JSON.stringify({ text: 'No spans list' }),
      ].join('\n');
      const report = await importBytes('s.jsonl', content, { format: 'spans' });
      expect(report.problems).toEqual([
        { line: 1, message: 'span 1 (Other): its text “Wrong” is not the text at 0-5, “Known”' },
        { line: 2, message: expect.stringMatching(/^span 1 \(Other\): the span \(4-40\) ends past the end of the text/) },
        { line: 4, message: 'the record has no "spans" list' },
      ]);
      expect(report).toMatchObject({ records: 3, documentsCreated: 1, documentsMatched: 0, annotations: 1 });
      expect((await documentTexts()).sort()).toEqual(['Kept text.', 'Known text.']);
      const statuses = (await store.datasetSource()).logs.flatMap((l) => [...l.fold.statuses.values()]);
      expect(statuses).toHaveLength(1);
    });
  });
  it('prodigy: a span carrying its own text is checked against the document text, mismatches reported by line', async () => {
    const text = 'We collect your e-mail 📧 for ads.';
    const content = [
      JSON.stringify({ text, spans: [{ start: 11, end: 22, label: 'Other', text: 'your e-mail' }], answer: 'accept' }),
      JSON.stringify({ text: `${text} Two.`, spans: [{ start: 11, end: 22, label: 'Other', text: 'your e-mail' }, { start: 0, end: 2, label: 'Other', text: 'Us' }], answer: 'accept' }),
    ].join('\n');
    const report = await importBytes('p.jsonl', content, { format: 'prodigy' });
    expect(report.problems).toEqual([{ line: 2, message: 'span 2 (Other): its text “Us” is not the text at 0-2, “We”' }]);
    expect(report).toMatchObject({ records: 2, documentsCreated: 2, annotations: 2 });
  });
});
