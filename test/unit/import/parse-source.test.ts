import { fileURLToPath } from 'node:url';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../src/shared/domain/document.ts';
import { MAX_IMPORT_BYTES } from '../../../src/shared/domain/import.ts';
import { AppError, type ErrorCode } from '../../../src/shared/result.ts';
import { parseSource } from '../../../src/main/services/import/index.ts';
import { MAX_SEGMENT_CHARS } from '../../../src/shared/text/segmentation.ts';
import { makeFixtures } from '../../fixtures/make-fixtures.ts';
import { expectValidSegments, segmentTexts } from '../text/invariants.ts';

const SAMPLES = fileURLToPath(new URL('../../../resources/samples/policies', import.meta.url));

async function importFile(path: string, fileName = basename(path)): Promise<ParsedDocument> {
  return parseSource({ fileName, bytes: new Uint8Array(await readFile(path)) });
}

async function expectFailure(promise: Promise<unknown>, code: ErrorCode, fileName: string): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, got a document`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message.startsWith(`${fileName}: `)).toBe(true);
  return error as AppError;
}

function checkDocument(doc: ParsedDocument): string[] {
  expect(doc.text.includes('\r')).toBe(false);
  expect(doc.text.startsWith('\uFEFF')).toBe(false);
  expectValidSegments(doc.text, doc.segments);
  return segmentTexts(doc.text, doc.segments);
}

describe('sample policies', () => {
  it('alba-nera: the one-line policy becomes clause-sized segments with its capitalised headings', async () => {
    const raw = (await readFile(join(SAMPLES, 'alba-nera.txt'), 'utf8')).replace(/\r\n?/g, '\n');
    const doc = await importFile(join(SAMPLES, 'alba-nera.txt'));
    expect(doc.text).toBe(raw);
    expect(doc.encoding).toBe('utf-8');
    const texts = checkDocument(doc);
    expect(doc.segments.length).toBeGreaterThanOrEqual(30);
    const headings = texts.filter((_, i) => doc.segments[i]?.kind === 'heading');
    expect(headings).toEqual(expect.arrayContaining(['WE COLLECT INFORMATION FROM AND ABOUT YOU.', 'SECURITY', 'KLARNA', 'PRIVACY POLICY']));
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(MAX_SEGMENT_CHARS);
    expect(texts[0]).toBe('Skip to content');
  });

  it('azoomar: the first segment starts with the emoji and later offsets count it as one code point', async () => {
    const doc = await importFile(join(SAMPLES, 'azoomar.txt'));
    const texts = checkDocument(doc);
    expect(texts[0]).toBe('🔐 Privacy Policy');
    expect(doc.segments[0]).toMatchObject({ start: 0, end: 16, kind: 'heading' });
    expect(doc.segments[1]?.start).toBe(17);
    const h121 = texts.indexOf('12.1 Contractual Necessity');
    expect(doc.segments[h121]?.kind).toBe('heading');
    expect(texts.filter((t) => /^12\.\d+ /.test(t))).toHaveLength(10);
  });

  it('my-alamari: numbered sections are headings, numbered clauses are paragraphs, curly quotes kept', async () => {
    const doc = await importFile(join(SAMPLES, 'my-alamari.txt'));
    const texts = checkDocument(doc);
    const kindOf = (prefix: string): string | undefined => doc.segments[texts.findIndex((t) => t.startsWith(prefix))]?.kind;
    expect(kindOf('1. Information You Choose to Give Us')).toBe('heading');
    expect(kindOf('10. Children')).toBe('heading');
    expect(kindOf('1.1 Personally Identifiable Information')).toBe('paragraph');
    expect(doc.text).toContain('“Platform”');
  });

  it('alma-joyeria: bullet lines are list items and no-break-space lines are not segments', async () => {
    const doc = await importFile(join(SAMPLES, 'alma-joyeria.txt'));
    const texts = checkDocument(doc);
    expect(texts.some((t) => t.trim() === '' || t === '\u00a0')).toBe(false);
    const bullets = doc.segments.filter((s, i) => s.kind === 'list-item' && texts[i]?.startsWith('•'));
    expect(bullets.length).toBe(12);
  });

  it('jewelryodm: run-together numbered headings like "1.How do we…" are headings', async () => {
    const doc = await importFile(join(SAMPLES, 'jewelryodm.txt'));
    const texts = checkDocument(doc);
    expect(doc.segments[texts.indexOf('1.How do we collect personal information?')]?.kind).toBe('heading');
    expect(doc.segments[texts.indexOf('8.Contact Us')]?.kind).toBe('heading');
  });
});

describe('generated fixtures', () => {
  let dir: string;
  let files: Record<string, string>;
  const file = (name: string): string => files[name] as string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clausemark-import-'));
    files = await makeFixtures(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a text PDF: headings by font size, paragraphs, hyphenation undone, real hyphens kept', async () => {
    const doc = await importFile(file('text.pdf'));
    const texts = checkDocument(doc);
    expect(doc).toMatchObject({ format: 'pdf', encoding: null, title: 'Example Privacy Policy' });
    expect(texts[0]).toBe('Example Privacy Policy');
    expect(doc.segments[1]?.kind).toBe('heading');
    expect(texts[1]).toBe('Information We Collect');
    expect(texts[2]).toBe('We collect the information you give us when you register, and we keep it safe.');
    expect(texts.some((t) => t.includes('You may opt-out of marketing messages'))).toBe(true);
    expect(texts.at(-2)).toBe('Your Choices');
    expect(doc.segments.at(-2)?.kind).toBe('heading');
  });

  it('reads both pages of a two-page PDF in order', async () => {
    const texts = checkDocument(await importFile(file('two-pages.pdf')));
    expect(texts).toEqual([
      'The first page talks about cookies. We use cookies to keep you signed in.',
      'The second page talks about retention. We keep orders for seven years.',
    ]);
  });

  it('refuses a PDF without text, an encrypted PDF and a file that is not a PDF', async () => {
    await expectFailure(importFile(file('no-text.pdf')), 'FILE_NO_TEXT', 'no-text.pdf');
    await expectFailure(importFile(file('encrypted.pdf')), 'FILE_ENCRYPTED', 'encrypted.pdf');
    await expectFailure(importFile(file('crlf.txt'), 'fake.pdf'), 'FILE_CORRUPT', 'fake.pdf');
  });

  it('reads a DOCX with headings, paragraphs and a list in order', async () => {
    const doc = await importFile(file('policy.docx'));
    const texts = checkDocument(doc);
    expect(doc).toMatchObject({ format: 'docx', encoding: null, title: 'policy' });
    expect(doc.segments.map((s) => s.kind)).toEqual(['heading', 'paragraph', 'heading', 'paragraph', 'list-item', 'list-item', 'paragraph']);
    expect(texts[4]).toBe('to process your orders');
    expect(doc.text.split('\n\n')).toEqual(texts);
  });

  it('refuses a DOCX that is not a zip and a zip without word/document.xml', async () => {
    await expect(importFile(file('not-a-zip.docx'))).rejects.toMatchObject({
      code: 'FILE_CORRUPT',
      message: 'not-a-zip.docx: the file is not a readable Word document: it is not a .docx package (a .docx file is a zip archive).',
    });
    await expect(importFile(file('no-document-part.docx'))).rejects.toMatchObject({
      code: 'FILE_CORRUPT',
      message: 'no-document-part.docx: the file is not a readable Word document: it has no document body (word/document.xml is missing).',
    });
  });

  it.each([
    ['utf16le.txt', 'utf-16le'],
    ['utf16be.txt', 'utf-16be'],
  ])('decodes %s with its BOM', async (name, encoding) => {
    const doc = await importFile(file(name));
    expect(doc.encoding).toBe(encoding);
    expect(doc.text).toBe('Café “quoted” — naïve\nשלום עולם\ne\u0301 (combining)\n😀 emoji line\n');
    expect(checkDocument(doc)).toHaveLength(4);
  });

  it('decodes text that is not UTF-8 as Windows-1252', async () => {
    const doc = await importFile(file('windows-1252.txt'));
    expect(doc.encoding).toBe('windows-1252');
    expect(doc.text).toBe('We call this the “Policy”. Café au lait.\n');
  });

  it('normalises CRLF and lone CR, drops a BOM, keeps every other character', async () => {
    expect((await importFile(file('crlf.txt'))).text).toBe('First line of the policy.\nSecond line.\n\nAfter a lone CR.\n');
    const bom = await importFile(file('bom.txt'));
    expect(bom.text).toBe('Policy with a BOM.\nSecond paragraph.\n');
    const unicode = await importFile(file('unicode.txt'));
    expect(unicode.text).toBe(await readFile(file('unicode.txt'), 'utf8'));
    const texts = checkDocument(unicode);
    expect(texts[1]).toBe('Café\u00a0Ltd keeps “your” data. Ünïcödé e\u0301 👩‍👩‍👧 family.');
    expect(texts[2]).toBe('מדיניות פרטיות — RTL text stays as it is.');
  });

  it('refuses binary data', async () => {
    await expectFailure(importFile(file('binary.txt')), 'FILE_BINARY', 'binary.txt');
    await expectFailure(importFile(file('text.pdf'), 'text.html'), 'FILE_BINARY', 'text.html');
  });
});

describe('files that cannot be imported', () => {
  it('refuses an empty file, an unknown extension and an over-size file before reading it', async () => {
    await expectFailure(parseSource({ fileName: 'empty.txt', bytes: new Uint8Array() }), 'FILE_EMPTY', 'empty.txt');
    await expectFailure(parseSource({ fileName: 'policy.rtf', bytes: new Uint8Array([65]) }), 'FILE_UNSUPPORTED', 'policy.rtf');
    // Zero bytes would be refused as binary; the size check must come first.
    const huge = new Uint8Array(MAX_IMPORT_BYTES + 1);
    const error = await expectFailure(parseSource({ fileName: 'huge.txt', bytes: huge }), 'FILE_TOO_LARGE', 'huge.txt');
    expect(error.message).toContain('50 MB');
  });

  it('chooses the format by extension, whatever its case', async () => {
    const bytes = new TextEncoder().encode('<p>Hello <b>there</b>.</p>');
    expect((await parseSource({ fileName: 'A.HTM', bytes })).format).toBe('html');
    expect((await parseSource({ fileName: 'A.Txt', bytes })).text).toBe('<p>Hello <b>there</b>.</p>');
  });

  it('refuses a file of only white space as having no text', async () => {
    const bytes = new TextEncoder().encode(' \n\u00a0\n\t\n');
    await expectFailure(parseSource({ fileName: 'blank.txt', bytes }), 'FILE_NO_TEXT', 'blank.txt');
  });
});
