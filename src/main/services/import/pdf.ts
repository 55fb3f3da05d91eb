/**
 * PDF text layer to blocks with pdfjs-dist. pdfjs runs in this thread (its worker module is handed
 * over as globalThis.pdfjsWorker), with eval, system fonts, font faces and worker fetches off, so it
 * reads only the bytes it is given.
 */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import type { SegmentKind } from '../../../shared/domain/document.ts';
import type { TextBlock } from '../../../shared/text/segmentation.ts';

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

export interface PdfContent {
  title: string | null;
  blocks: TextBlock[];
}

/** Why a PDF could not be read, for the caller to turn into the reviewer's message. */
export class PdfProblem extends Error {
  constructor(readonly kind: 'encrypted' | 'corrupt', message: string) {
    super(message);
  }
}

interface Line {
  text: string;
  x: number;
  y: number;
  right: number;
  size: number;
}

interface RawItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

/** Groups a page's text items into lines, top to bottom, left to right. */
function pageLines(items: RawItem[]): Line[] {
  const placed = items
    .filter((it) => it.str.length > 0)
    .map((it) => {
      const [a = 0, b = 0, , , e = 0, f = 0] = it.transform;
      return { str: it.str, x: e, y: f, width: it.width, size: Math.hypot(a, b) || it.height || 1 };
    });
  // pdfjs gives content-stream order, which is reading order for most generators; sort only when not.
  const ordered = placed.every((p, i) => i === 0 || sameLine(placed[i - 1] as (typeof placed)[number], p) || (placed[i - 1] as (typeof placed)[number]).y > p.y)
    ? placed
    : [...placed].sort((p, q) => (Math.abs(p.y - q.y) <= Math.min(p.size, q.size) * 0.5 ? p.x - q.x : q.y - p.y));

  const lines: Line[] = [];
  for (const item of ordered) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line.y - item.y) <= Math.min(line.size, item.size) * 0.5 && item.x >= line.right - line.size) {
      const gap = item.x - line.right;
      if (gap > line.size * 0.15 && !/\s$/.test(line.text) && !/^\s/.test(item.str)) line.text += ' ';
      line.text += item.str;
      line.right = Math.max(line.right, item.x + item.width);
      line.size = Math.max(line.size, item.size);
    } else {
      lines.push({ text: item.str, x: item.x, y: item.y, right: item.x + item.width, size: item.size });
    }
  }
  for (const line of lines) line.text = line.text.replace(/[ \t]+/g, ' ').trim();
  return lines.filter((l) => l.text !== '');
}

function sameLine(p: { y: number; size: number }, q: { y: number; size: number }): boolean {
  return Math.abs(p.y - q.y) <= Math.min(p.size, q.size) * 0.5;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Word stems that are hyphenated compounds ("opt-out", "third-party"), so their hyphen stays. */
const COMPOUND_HEADS = new Set(['opt', 'third', 'first', 'e', 'self', 'cross', 'non', 'well', 'sign', 'log', 'follow', 'long', 'short', 'full', 'part', 'built', 'so', 'pop', 'add', 'check', 'double', 'high', 'low', 'real', 'one', 'two']);

/** Joins a wrapped line to its paragraph, undoing end-of-line hyphenation ("informa-" + "tion"). */
function appendLine(paragraph: string, line: string): string {
  const m = /(\p{L}+)-$/u.exec(paragraph);
  if (m && /^\p{Ll}/u.test(line) && /\p{Ll}$/u.test(m[1] as string)) {
    const head = (m[1] as string).toLowerCase();
    return COMPOUND_HEADS.has(head) ? paragraph + line : paragraph.slice(0, -1) + line;
  }
  return `${paragraph} ${line}`;
}

const ENDS_SENTENCE = /[.!?:;]["'”’)]*$/u;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/** Lines of all pages to paragraph and heading blocks. */
function linesToBlocks(pages: Line[][]): TextBlock[] {
  const all = pages.flat();
  const bodySize = median(all.map((l) => l.size));
  const leftMargin = median(all.map((l) => Math.round(l.x)));
  const fullWidth = median(all.map((l) => l.right - l.x).filter((w) => w > 0)) || 1;
  const blocks: TextBlock[] = [];
  let text = '';
  let kind: SegmentKind = 'paragraph';
  let previous: Line | null = null;
  // The first line of a page continues the last paragraph of the previous one; positions don't compare.
  let acrossPages = false;
  const close = (): void => {
    if (text !== '') blocks.push({ text, kind });
    text = '';
    previous = null;
  };
  for (const lines of pages) {
    for (const [i, line] of lines.entries()) {
      // Running page numbers are page furniture, not text of the policy.
      if ((i === 0 || i === lines.length - 1) && PAGE_NUMBER.test(line.text)) continue;
      const heading =
        line.text.length <= 150 &&
        ((line.size > bodySize * 1.15 && !ENDS_SENTENCE.test(line.text)) ||
          (/\p{L}{3}/u.test(line.text) && line.text === line.text.toUpperCase() && line.text !== line.text.toLowerCase() && line.text.length <= 100));
      const lineKind: SegmentKind = heading ? 'heading' : /^[•◦▪‣·–-]\s/u.test(line.text) ? 'list-item' : 'paragraph';
      const prev = previous as Line | null;
      let continues = prev !== null && lineKind !== 'list-item' && (lineKind === 'heading') === (kind === 'heading');
      if (continues && prev !== null) {
        const gap = acrossPages ? 0 : prev.y - line.y;
        const sizeChanged = Math.abs(prev.size - line.size) > bodySize * 0.15;
        const largeGap = gap > Math.max(prev.size, line.size) * 1.6 || gap < 0;
        const shortEnd = ENDS_SENTENCE.test(prev.text) && prev.right - prev.x < fullWidth * 0.8;
        const indented = !acrossPages && line.x > leftMargin + bodySize && ENDS_SENTENCE.test(prev.text);
        if (kind === 'heading') continues = !largeGap && !sizeChanged;
        else continues = !sizeChanged && !largeGap && !shortEnd && !indented;
      }
      if (continues) text = appendLine(text, line.text);
      else {
        close();
        text = line.text;
        kind = lineKind;
      }
      previous = line;
      acrossPages = false;
    }
    // A paragraph carries over a page break only when its sentence is unfinished.
    const lastLine = previous as Line | null;
    if (lastLine === null || ENDS_SENTENCE.test(lastLine.text)) close();
    else acrossPages = true;
  }
  close();
  return blocks;
}

export async function pdfToBlocks(bytes: Uint8Array): Promise<PdfContent> {
  const task = pdfjs.getDocument({
    // pdfjs may detach the buffer it is given; the caller's bytes stay intact.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') throw new PdfProblem('encrypted', 'password');
    throw new PdfProblem('corrupt', error instanceof Error ? error.message : String(error));
  }
  try {
    const pages: Line[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageLines(content.items.filter((it): it is RawItem & typeof it => 'str' in it) as RawItem[]));
      page.cleanup();
    }
    const { info } = await doc.getMetadata().catch(() => ({ info: {} as Record<string, unknown> }));
    const rawTitle = (info as Record<string, unknown>)['Title'];
    const title = typeof rawTitle === 'string' && rawTitle.trim() !== '' ? rawTitle.trim() : null;
    return { title, blocks: linesToBlocks(pages) };
  } catch (error) {
    throw new PdfProblem('corrupt', error instanceof Error ? error.message : String(error));
  } finally {
    await doc.destroy();
  }
}
