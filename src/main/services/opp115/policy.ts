import type { Segment } from '../../../shared/domain/document.ts';

/**
 * An OPP-115 sanitized policy (`sanitized_policies/<n>_<domain>.html`) as a Clausemark document: one
 * segment per `|||`-separated raw segment, in order, so segment ids stay the corpus's. Tags are
 * dropped (`<br>` and list/paragraph tags become line breaks), entities decoded, runs of white space
 * collapsed. Each kept character remembers where it was in its raw segment, so the corpus's
 * raw-segment offsets (which count the tags) map to document offsets by lookup, never by guessing.
 */
export interface PolicySegment {
  /** Document offset (code points) of the segment's start. */
  start: number;
  /** Per kept character: its UTF-16 index in the raw segment. Non-decreasing. */
  sources: number[];
  /** The segment's text, one code point per element. */
  chars: string[];
}

export interface PolicyText {
  text: string;
  segments: Segment[];
  parts: PolicySegment[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
const BREAKING_TAG = /^<\/?(br|li|ul|ol|p|div|h[1-6]|tr|table)\b[^>]*>/i;
const ANY_TAG = /^<\/?[a-zA-Z][^>]*>/;
const ENTITY = /^&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/;

function decodeEntity(name: string): string | null {
  if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return name === '#39' ? "'" : String.fromCodePoint(Number.parseInt(name.slice(1), 10));
  return ENTITIES[name] ?? null;
}

/** The visible characters of a raw segment, each with its raw index; white space not yet collapsed. */
function visible(raw: string): { chars: string[]; sources: number[] } {
  const chars: string[] = [];
  const sources: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === '<') {
      const rest = raw.slice(i, i + 200);
      const tag = ANY_TAG.exec(rest);
      if (tag) {
        if (BREAKING_TAG.test(rest)) {
          chars.push('\n');
          sources.push(i);
        }
        i += tag[0].length;
        continue;
      }
    }
    if (c === '&') {
      const entity = ENTITY.exec(raw.slice(i, i + 12));
      const decoded = entity ? decodeEntity(entity[1] as string) : null;
      if (entity && decoded !== null) {
        chars.push(decoded);
        sources.push(i);
        i += entity[0].length;
        continue;
      }
    }
    const cp = raw.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    chars.push(ch);
    sources.push(i);
    i += ch.length;
  }
  return { chars, sources };
}

/** Collapses white space (a run with a line break keeps one or two line breaks) and trims. */
function collapse(chars: string[], sources: number[]): { chars: string[]; sources: number[] } {
  const out: string[] = [];
  const src: number[] = [];
  let i = 0;
  while (i < chars.length) {
    if (!/\s/.test(chars[i] as string)) {
      out.push(chars[i] as string);
      src.push(sources[i] as number);
      i++;
      continue;
    }
    const from = i;
    let breaks = 0;
    while (i < chars.length && /\s/.test(chars[i] as string)) {
      if (chars[i] === '\n') breaks++;
      i++;
    }
    if (out.length === 0 || i === chars.length) continue;
    const run = breaks === 0 ? ' ' : breaks === 1 ? '\n' : '\n\n';
    for (const ch of run) {
      out.push(ch);
      src.push(sources[from] as number);
    }
  }
  return { chars: out, sources: src };
}

export function parsePolicy(html: string): PolicyText {
  const raws = html.replace(/^\uFEFF/, '').split('|||');
  const parts: PolicySegment[] = [];
  const segments: Segment[] = [];
  const texts: string[] = [];
  let offset = 0;
  raws.forEach((raw, index) => {
    if (index > 0) offset += 2;
    const { chars, sources } = visible(raw);
    const collapsed = collapse(chars, sources);
    const kept = collapsed.sources;
    parts.push({ start: offset, sources: kept, chars: collapsed.chars });
    segments.push({ index, start: offset, end: offset + kept.length, kind: 'paragraph' });
    texts.push(collapsed.chars.join(''));
    offset += kept.length;
  });
  return { text: texts.join('\n\n'), segments, parts };
}

const normalize = (s: string): string =>
  s
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/g, (m, name: string) => decodeEntity(name) ?? m)
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The document span (code points) of a raw-segment span, when its text matches the corpus's
 * `selectedText` once tags and white space are set aside; null when it does not (a known errant span).
 */
export function mapSpan(part: PolicySegment, rawStart: number, rawEnd: number, selectedText: string): { start: number; end: number; quote: string } | null {
  const { sources } = part;
  let lo = 0;
  let hi = sources.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sources[mid] as number) < rawStart) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  lo = first;
  hi = sources.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sources[mid] as number) < rawEnd) lo = mid + 1;
    else hi = mid;
  }
  let last = lo;
  let start = first;
  while (start < last && /\s/.test(part.chars[start] as string)) start++;
  while (last > start && /\s/.test(part.chars[last - 1] as string)) last--;
  if (start >= last) return null;
  const quote = part.chars.slice(start, last).join('');
  if (normalize(quote) !== normalize(selectedText)) return null;
  return { start: part.start + start, end: part.start + last, quote };
}
