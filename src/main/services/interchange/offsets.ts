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

/**
 * The unit a file's offsets count. Only texts with characters outside the Basic Multilingual Plane
 * (emoji) tell the two apart; where such spans carry their text, the unit under which more of those
 * texts match wins. Otherwise the tool's own unit.
 */
export function detectUnit(format: InterchangeFormat, records: readonly RawRecord[]): { unit: OffsetUnit; reason: string } {
  let utf16 = 0;
  let codepoints = 0;
  for (const r of records) {
    if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(r.text)) continue;
    const index = new CodePointIndex(r.text);
    for (const s of r.spans) {
      if (s.quote === undefined) continue;
      if (r.text.slice(s.start, s.end) === s.quote) utf16++;
      if (s.end <= index.length && s.start <= s.end && index.slice(s.start, s.end) === s.quote) codepoints++;
    }
  }
  if (utf16 !== codepoints) {
    const unit = utf16 > codepoints ? 'utf16' : 'codepoints';
    return { unit, reason: `detected: ${Math.max(utf16, codepoints)} spans next to emoji match their text counted in ${unit === 'utf16' ? 'UTF-16 code units' : 'code points'}, ${Math.min(utf16, codepoints)} otherwise` };
  }
  const unit = FORMAT_UNIT[format];
  return { unit, reason: `${format}'s own unit (${unit === 'utf16' ? 'UTF-16 code units' : 'code points'}); nothing in the file told them apart` };
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
