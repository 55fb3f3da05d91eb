/**
 * Splits a document's canonical text into segments: paragraph-sized units as in OPP-115, headings on
 * their own. Everything here works on UTF-16 ranges of the one text (no copies of the text per
 * segment, no quadratic scans) and converts to code points once at the end.
 */
import type { Segment, SegmentKind } from '../domain/document.ts';
import { CodePointIndex } from './codepoints.ts';
import { SENTENCE_WINDOW_CHARS, sentenceRanges } from './sentences.ts';

/** Segments longer than this are split at sentence boundaries (a single longer sentence stays whole). */
export const MAX_SEGMENT_CHARS = 1500;

/** A block of extracted text (HTML, PDF, DOCX), already trimmed, that becomes one or more segments. */
export interface TextBlock {
  text: string;
  kind: SegmentKind;
  /** Keep as exactly one segment, e.g. an OPP-115 segment whose index must stay aligned. */
  whole?: boolean;
}

export interface SegmentationOptions {
  maxChars?: number;
  /** Width of the windows sentences are found in (sentences.ts); tests compare with Infinity, one pass. */
  sentenceWindowChars?: number;
}

interface Range {
  start: number;
  end: number;
  kind: SegmentKind;
}

/** CRLF and lone CR become LF; a leading BOM is dropped. Nothing else changes. */
export function normalizeNewlines(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

// JavaScript's \s covers Unicode spaces including NBSP, which must never start or end a segment.
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);

function trimRange(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  return [s, e];
}

const BULLET = /^(?:[-*•◦▪‣·–—+]|\(?[a-zA-Z0-9]{1,3}\))\s+\S/u;
const MD_LIST = /^(?:[-*+]|\d{1,3}[.)])\s+\S/;
const MD_HEADING = /^#{1,6}(?:\s|$)/;
const NUMBERED_START = /^(?:\d{1,3}(?:\.\d{1,3})*\.?|[A-Z]\.|[IVX]{1,5}\.)\s*(?=\p{L})/u;
const TERMINAL = /[.!?;:,]["'”’)\]]*$/u;

const LETTER = /^\p{L}$/u;
const UPPER = /^\p{Lu}$/u;

/** Letters and capitals in `s`, by code point; ASCII is counted without a regular expression (it runs per sentence). */
function letterStats(s: string): { letters: number; upper: number } {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) {
        letters++;
        upper++;
      } else if (c >= 0x61 && c <= 0x7a) letters++;
      continue;
    }
    const cp = s.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    const ch = String.fromCodePoint(cp);
    if (LETTER.test(ch)) {
      letters++;
      if (UPPER.test(ch)) upper++;
    }
  }
  return { letters, upper };
}

function isAllCaps(s: string): boolean {
  const { letters, upper } = letterStats(s);
  return letters >= 4 && upper / letters >= 0.8;
}

/** Words a Title Case line leaves in lower case. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with']);

/** A line that reads like a title: most words capitalised, no sentence punctuation at its end. */
function isTitleLike(s: string): boolean {
  if (s.length > 80 || /[.;,:!]["'”’)]*$/u.test(s) || s.includes(': ')) return false;
  if (!/^[^\p{L}\p{N}]*\p{Lu}/u.test(s)) return false;
  const words = (s.match(/\p{L}+/gu) ?? []).filter((w) => !MINOR_WORDS.has(w));
  if (words.length === 0) return false;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 2 / 3;
}

/**
 * Whether a short standalone line is a heading, looking at the block that follows it (undefined at
 * the end); the first line of a document may be its title.
 */
function isHeadingLine(s: string, next: string | undefined, first: boolean): boolean {
  if (s.length > 150) return false;
  if (NUMBERED_START.test(s) && s.length <= 120 && !/[.;,]$/.test(s)) return true;
  if (isAllCaps(s)) return true;
  if (!isTitleLike(s)) return false;
  if (first) return true;
  if (next === undefined) return false;
  // A title is followed by running text, not by another short line (which makes both list entries).
  return next.length > s.length && (TERMINAL.test(next) || next.length >= 60);
}

/** A sentence that is only a number or letter marker ("3.", "12.4", "B.") belongs to the next one. */
const MARKER_ONLY = /^(?:\d{1,3}(?:\.\d{1,3})*\.?|[A-Za-z]\.|[ivxIVX]{1,5}\.)$/;

/** Leading capitals before a capitalised word: "SECURITY We use…", "FOLLOW UP We use…". */
const CAPS_LEAD = /^((?:[\p{Lu}\d][\p{Lu}\d'’&.,()-]*\s+)*[\p{Lu}][\p{Lu}'’&()-]*)\s+(?=\p{Lu}\p{Ll})/u;

/** Cheap test whether a block could hold an inline heading, so most blocks skip sentence splitting. */
const MAY_HOLD_HEADING = /\p{Lu}{4,}|\p{Lu}{2,}\s+\p{Lu}{2,}/u;

function inlineHeadingLength(sentence: string): number {
  if (sentence.length <= 200 && isAllCaps(sentence)) return sentence.length;
  const m = CAPS_LEAD.exec(sentence);
  if (!m) return 0;
  const lead = m[1] as string;
  const { letters } = letterStats(lead);
  const words = lead.split(/\s+/).length;
  // A lone short acronym ("USA Today", "GDPR Rights") is part of the sentence, not a heading.
  if (letters < 4 || (words === 1 && letters < 5)) return 0;
  return lead.length;
}

/**
 * Splits one block (text[start, end)) into clause-sized ranges: inline headings become heading ranges,
 * the sentences between them are packed into ranges of about `max` characters.
 */
function splitBlock(
  text: string,
  start: number,
  end: number,
  kind: SegmentKind,
  max: number,
  joinLines: boolean,
  out: Range[],
  sentenceWindow: number,
): void {
  const length = end - start;
  if (length <= max && !MAY_HOLD_HEADING.test(text.slice(start, Math.min(end, start + max)))) {
    out.push({ start, end, kind });
    return;
  }
  let slice = text.slice(start, end);
  // Hard-wrapped lines are one paragraph; a newline must not end a sentence there.
  if (joinLines) slice = slice.replace(/\n/g, ' ');

  const sentences: Array<[number, number]> = [];
  let pending = -1;
  for (const [index, indexEnd] of sentenceRanges(slice, sentenceWindow)) {
    const [s, e] = trimRange(slice, index, indexEnd);
    if (s === e) continue;
    if (pending < 0 && MARKER_ONLY.test(slice.slice(s, e))) {
      pending = s;
      continue;
    }
    sentences.push([pending >= 0 ? pending : s, e]);
    pending = -1;
  }
  if (pending >= 0) sentences.push([pending, trimRange(slice, pending, slice.length)[1]]);

  let section: Array<[number, number]> = [];
  const flushSection = (): void => {
    if (section.length === 0) return;
    packSentences(section, start, kind, max, out);
    section = [];
  };
  for (const [s, e] of sentences) {
    const sentence = slice.slice(s, e);
    const headingLength = kind === 'heading' ? 0 : inlineHeadingLength(sentence);
    const numbered = NUMBERED_START.test(sentence);
    if (headingLength > 0 || numbered) flushSection();
    if (headingLength > 0) {
      const [hs, he] = trimRange(slice, s, s + headingLength);
      out.push({ start: start + hs, end: start + he, kind: 'heading' });
      const [rs, re] = trimRange(slice, s + headingLength, e);
      if (rs < re) section.push([rs, re]);
    } else {
      section.push([s, e]);
    }
  }
  flushSection();
}

/** Packs consecutive sentences into ranges of balanced length, none above `max` unless one sentence is. */
function packSentences(
  sentences: Array<[number, number]>,
  offset: number,
  kind: SegmentKind,
  max: number,
  out: Range[],
): void {
  const first = sentences[0] as [number, number];
  const last = sentences[sentences.length - 1] as [number, number];
  const total = last[1] - first[0];
  const target = total / Math.ceil(total / max);
  let segStart = -1;
  let segEnd = -1;
  for (const [s, e] of sentences) {
    if (segStart >= 0 && e - segStart > max) {
      out.push({ start: offset + segStart, end: offset + segEnd, kind });
      segStart = -1;
    }
    if (segStart < 0) segStart = s;
    segEnd = e;
    if (segEnd - segStart >= target) {
      out.push({ start: offset + segStart, end: offset + segEnd, kind });
      segStart = -1;
    }
  }
  if (segStart >= 0) out.push({ start: offset + segStart, end: offset + segEnd, kind });
}

function toSegments(text: string, ranges: Range[]): Segment[] {
  const index = new CodePointIndex(text);
  return ranges.map((r, i) => ({
    index: i,
    start: index.toCodePoint(r.start),
    end: index.toCodePoint(r.end),
    kind: r.kind,
  }));
}

interface LineBlock {
  start: number;
  end: number;
  kind: SegmentKind | null;
  /** Several hard-wrapped lines joined into one paragraph. */
  wrapped: boolean;
}

/** Trimmed ranges of all non-blank lines. */
function nonBlankLines(text: string): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const [s, e] = trimRange(text, lineStart, lineEnd);
    if (s < e) lines.push([s, e]);
    lineStart = lineEnd + 1;
  }
  return lines;
}

/**
 * The width a hard-wrapped text is wrapped at, or 0 when lines are not wrapped: most lines followed
 * by another line end mid-sentence at a similar width.
 */
function wrapWidth(text: string, lines: Array<[number, number]>): number {
  if (lines.length < 4) return 0;
  const widths = lines.map(([s, e]) => e - s).sort((a, b) => a - b);
  const width = widths[Math.floor(widths.length * 0.9)] as number;
  if (width > 130 || width < 30) return 0;
  let wrapped = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const [s, e] = lines[i] as [number, number];
    const nextStart = (lines[i + 1] as [number, number])[0];
    const adjacent = text.indexOf('\n', e) === nextStart - 1 || /^\s*$/.test(text.slice(e, nextStart).replace(/\n/, ''));
    if (adjacent && e - s >= width * 0.6 && !TERMINAL.test(text.slice(Math.max(s, e - 3), e))) wrapped++;
  }
  return wrapped >= lines.length * 0.3 ? width : 0;
}

/** Whether two trimmed lines are on consecutive lines of the text (no blank line between). */
const consecutive = (text: string, prevEnd: number, nextStart: number): boolean =>
  text.slice(prevEnd, nextStart).split('\n').length === 2;

/**
 * Segments of a plain-text or Markdown document, as trimmed ranges of `text` itself (which must
 * already have LF newlines). In plain text each non-blank line is a block unless the text is
 * hard-wrapped; in Markdown, lines of a paragraph are joined as Markdown does.
 */
export function segmentPlainText(
  text: string,
  options: SegmentationOptions & { markdown?: boolean } = {},
): Segment[] {
  const max = options.maxChars ?? MAX_SEGMENT_CHARS;
  const sentenceWindow = options.sentenceWindowChars ?? SENTENCE_WINDOW_CHARS;
  const markdown = options.markdown ?? false;
  const lines = nonBlankLines(text);
  const width = markdown ? 0 : wrapWidth(text, lines);

  const blocks: LineBlock[] = [];
  for (const [s, e] of lines) {
    const line = text.slice(s, e);
    let kind: SegmentKind | null = null;
    if (markdown && MD_HEADING.test(line)) kind = 'heading';
    else if (markdown ? MD_LIST.test(line) : BULLET.test(line)) kind = 'list-item';
    const prev = blocks[blocks.length - 1];
    const joinable =
      prev !== undefined &&
      kind === null &&
      prev.kind !== 'heading' &&
      consecutive(text, prev.end, s) &&
      (markdown || (width > 0 && prev.end - text.lastIndexOf('\n', prev.end - 1) - 1 >= width * 0.6));
    if (joinable) {
      prev.end = e;
      prev.wrapped = true;
    } else {
      blocks.push({ start: s, end: e, kind, wrapped: false });
    }
  }

  const ranges: Range[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as LineBlock;
    let kind = block.kind;
    if (kind === null) {
      const next = blocks[i + 1];
      const own = text.slice(block.start, Math.min(block.end, block.start + 200));
      const heading =
        !block.wrapped && isHeadingLine(own, next && text.slice(next.start, Math.min(next.end, next.start + 200)), i === 0);
      kind = heading ? 'heading' : 'paragraph';
    }
    if (kind === 'heading') ranges.push({ start: block.start, end: block.end, kind });
    else splitBlock(text, block.start, block.end, kind, max, block.wrapped, ranges, sentenceWindow);
  }
  return toSegments(text, ranges);
}

/**
 * Joins extracted blocks into a canonical text (blocks separated by a blank line) and segments it:
 * each block is a segment, long paragraphs are split at inline headings and sentence boundaries.
 */
export function joinBlocks(blocks: TextBlock[], options: SegmentationOptions = {}): { text: string; segments: Segment[] } {
  const max = options.maxChars ?? MAX_SEGMENT_CHARS;
  const sentenceWindow = options.sentenceWindowChars ?? SENTENCE_WINDOW_CHARS;
  const parts: string[] = [];
  const placed: Array<{ start: number; end: number; block: TextBlock }> = [];
  let offset = 0;
  for (const block of blocks) {
    const [s, e] = trimRange(block.text, 0, block.text.length);
    if (s === e) continue;
    if (parts.length > 0) offset += 2;
    parts.push(block.text.slice(s, e));
    placed.push({ start: offset, end: offset + (e - s), block });
    offset += e - s;
  }
  const text = parts.join('\n\n');
  const ranges: Range[] = [];
  for (const { start, end, block } of placed) {
    if (block.whole || block.kind === 'heading') ranges.push({ start, end, kind: block.kind });
    else splitBlock(text, start, end, block.kind, max, false, ranges, sentenceWindow);
  }
  return { text, segments: toSegments(text, ranges) };
}
