/**
 * Import throughput: generates a large TXT (~10 MB), the same text as one line (as scraped pages often
 * are), HTML (~5 MB) and PDF (~2 MB, many pages) in a temp folder and times parseSource on each.
 * Run: npx tsx bench/import.ts
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSource } from '../src/main/services/import/index.ts';
import { makePdf } from '../test/fixtures/make-fixtures.ts';

const SENTENCES = [
  'We collect the information you give us when you create an account, place an order or contact us.',
  'This may include your name, postal address, telephone number, e-mail address and payment details.',
  'We use “cookies” and similar technologies to keep you signed in and to measure how the site is used.',
  'You may opt-out of marketing messages at any time by following the link in every message.',
  'We keep your information only as long as we need it for the purposes described in this policy.',
];

function paragraph(i: number): string {
  return Array.from({ length: 3 + (i % 5) }, (_, k) => SENTENCES[(i + k) % SENTENCES.length]).join(' ');
}

function largeText(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = i % 12 === 0 ? `${i / 12 + 1}. Section About Your Data\n` : `${paragraph(i)}\n\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join('');
}

function largeHtml(bytes: number): string {
  const parts = ['<!doctype html><html><head><title>Large Policy</title><style>p{margin:0}</style></head><body><nav><a href="/">Home</a></nav><main>'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = i % 12 === 0 ? `<h2>Section ${i / 12 + 1}</h2>` : `<p>${paragraph(i)} <a href="#s${i}">More</a></p>\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  parts.push('</main><footer>Footer</footer></body></html>');
  return parts.join('');
}

async function largePdf(pages: number): Promise<Buffer> {
  // Uncompressed content streams, so ~2 MB of PDF is a realistic amount of text rather than 3,000 pages.
  return makePdf({ compress: false }, (doc) => {
    for (let p = 0; p < pages; p++) {
      if (p > 0) doc.addPage();
      doc.fontSize(14).text(`Section ${p + 1}`);
      doc.fontSize(10);
      for (let i = 0; i < 8; i++) doc.text(paragraph(p * 8 + i)).moveDown(0.5);
    }
  });
}

/** MB/s of parseSource per format (MB = 2^20 bytes of input file). */
export async function runImportBench(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'clausemark-bench-'));
  try {
    const text = largeText(10 * 1024 * 1024);
    // [label, file name, content]
    const inputs: Array<[string, string, Buffer | string]> = [
      ['txt', 'large.txt', text],
      ['one-line txt', 'one-line.txt', text.replace(/\s*\n\s*/g, ' ')],
      ['html', 'large.html', largeHtml(5 * 1024 * 1024)],
      ['pdf', 'large.pdf', await largePdf(160)],
    ];
    const results: Record<string, number> = {};
    for (const [label, name, content] of inputs) {
      const path = join(dir, name);
      await writeFile(path, content);
      const bytes = new Uint8Array(await readFile(path));
      const started = performance.now();
      const doc = await parseSource({ fileName: name, bytes });
      const seconds = (performance.now() - started) / 1000;
      const mb = bytes.length / 1024 / 1024;
      results[`import ${label} MB/s`] = Number((mb / seconds).toFixed(2));
      results[`import ${label} size MB`] = Number(mb.toFixed(2));
      results[`import ${label} segments`] = doc.segments.length;
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, value] of Object.entries(await runImportBench())) console.log(`${name.padEnd(28)} ${value}`);
}
