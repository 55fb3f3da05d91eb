import { CodePointIndex } from '../../../shared/text/codepoints.ts';
import type { InterchangeFormat, OffsetUnit } from '../../../shared/domain/dataset.ts';
import type { RawRecord } from './parse.ts';

export { OFFSET_UNITS, type OffsetUnit } from '../../../shared/domain/dataset.ts';

/** What each tool counts: JavaScript front-ends count UTF-16 code units, Python tools code points. */
const FORMAT_UNIT: Record<InterchangeFormat, OffsetUnit> = {
  spans: 'codepoints',
  prodigy: 'codepoints',
  doccano: 'utf16',
  'label-studio': 'utf16',
};

const UNIT_NAME: Record<OffsetUnit, string> = { utf16: 'UTF-16 code units', codepoints: 'code points' };

const spans = (n: number): string => `${n} span${n === 1 ? '' : 's'}`;

/**
 * The unit a file's offsets count. Only texts with characters outside the Basic Multilingual Plane
 * (emoji) tell the two apart. Where such spans carry their text, the unit under which more of those
 * texts match wins. Otherwise the offsets themselves may tell: counted in UTF-16 a span may start or
 * end inside an emoji (between the halves of a surrogate pair), which code points never do; counted in
 * code points it may end past the text. The unit fewer spans break under wins. Otherwise the tool's own
 * unit, and the reason says whether spans after emoji were left unverified.
 */
export function detectUnit(format: InterchangeFormat, records: readonly RawRecord[]): { unit: OffsetUnit; reason: string } {
  let utf16 = 0;
  let codepoints = 0;
  /** Spans that only the code-point reading keeps whole, and spans that only the UTF-16 reading keeps in the text. */
  let splitInUtf16 = 0;
  let pastEndInCodePoints = 0;
  /** Spans that fit either way but read differently in the two units, and those of them with no text to check. */
  let differing = 0;
  let unverified = 0;
  for (const r of records) {
    if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(r.text)) continue;
    const index = new CodePointIndex(r.text);
    const insidePair = (u: number): boolean => index.toUtf16(index.toCodePoint(u)) !== u;
    for (const s of r.spans) {
      if (s.start >= s.end) continue;
      const fitsCodePoints = s.end <= index.length;
      const fitsUtf16 = s.end <= index.utf16Length && !insidePair(s.start) && !insidePair(s.end);
      if (fitsCodePoints && !fitsUtf16 && s.end <= index.utf16Length) splitInUtf16++;
      else if (fitsUtf16 && !fitsCodePoints) pastEndInCodePoints++;
      if (fitsCodePoints && fitsUtf16 && (index.toUtf16(s.start) !== s.start || index.toUtf16(s.end) !== s.end)) {
        differing++;
        if (s.quote === undefined) unverified++;
      }
      if (s.quote === undefined) continue;
      if (r.text.slice(s.start, s.end) === s.quote) utf16++;
      if (fitsCodePoints && index.slice(s.start, s.end) === s.quote) codepoints++;
    }
  }
  if (utf16 !== codepoints) {
    const unit = utf16 > codepoints ? 'utf16' : 'codepoints';
    return { unit, reason: `detected: ${Math.max(utf16, codepoints)} spans next to emoji match their text counted in ${UNIT_NAME[unit]}, ${Math.min(utf16, codepoints)} otherwise` };
  }
  if (splitInUtf16 !== pastEndInCodePoints) {
    const unit = splitInUtf16 > pastEndInCodePoints ? 'codepoints' : 'utf16';
    const split = `${spans(splitInUtf16)} next to emoji ${splitInUtf16 === 1 ? 'starts or ends' : 'start or end'} inside an emoji counted in UTF-16 code units`;
    const past = `${spans(pastEndInCodePoints)} ${pastEndInCodePoints === 1 ? 'ends' : 'end'} past the text counted in code points`;
    return { unit, reason: `detected: ${unit === 'codepoints' ? `${split}, ${past}` : `${past}, ${split}`}` };
  }
  const unit = FORMAT_UNIT[format];
  const own = `${format}'s own unit (${UNIT_NAME[unit]})`;
  const doubtful = unverified + splitInUtf16 + pastEndInCodePoints;
  if (doubtful > 0) {
    const why = format === 'doccano' ? 'doccano records carry no span text' : 'they carry no text to check';
    return { unit, reason: `${own}; not verified: ${spans(doubtful)} after emoji read differently in the two units, and ${why}` };
  }
  if (differing === 0) return { unit, reason: `${own}; every span reads the same in either unit` };
  return { unit, reason: `${own}; nothing in the file told them apart` };
}

/**
 * Converts a span's offsets to code points, or says why it cannot be: out of range, or (in UTF-16) in
 * the middle of an emoji.
 */
export function toCodePoints(index: CodePointIndex, unit: OffsetUnit, start: number, end: number): { start: number; end: number } | string {
  if (start >= end) return `the span is empty (${start}-${end})`;
  const limit = unit === 'utf16' ? index.utf16Length : index.length;
  if (end > limit) return `the span (${start}-${end}) ends past the end of the text (${limit} ${unit === 'utf16' ? 'UTF-16 code units' : 'characters'})`;
  if (unit === 'codepoints') return { start, end };
  const s = index.toCodePoint(start);
  const e = index.toCodePoint(end);
  if (index.toUtf16(s) !== start || index.toUtf16(e) !== end) return `the span (${start}-${end}) starts or ends inside an emoji`;
  return { start: s, end: e };
}
