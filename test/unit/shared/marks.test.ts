import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { cutIntoPieces, rangeOfId } from '../../../src/shared/text/marks.ts';
import { snapToWords } from '../../../src/shared/text/words.ts';

/** Text made of what breaks offset arithmetic: emoji, ZWJ sequences, combining marks, RTL, CJK, CRLF leftovers. */
const tricky = fc.array(
  fc.constantFrom('a', 'Z', ' ', '\n', 'é', 'e\u0301', '🔐', '👩‍👩‍👧', '🇪🇸', 'ש', 'ل', '中', '文', '\u200f', '’', '-', '.', 'x'),
  { minLength: 1, maxLength: 60 },
).map((parts) => parts.join(''));

/** UTF-16 offsets that fall on code-point boundaries, as a DOM selection in the text can. */
const boundaries = (text: string): number[] => {
  const points = [0];
  let u = 0;
  for (const c of text) {
    u += c.length;
    points.push(u);
  }
  return points;
};

describe('selection -> offsets -> marks -> offsets', () => {
  it('is the identity for any selection in any text, segment-relative as the view does it', () => {
    fc.assert(
      fc.property(tricky, fc.nat(), fc.nat(), fc.nat(), (text, a, b, cut) => {
        const index = new CodePointIndex(text);
        const points = boundaries(text);
        // A segment [segStart, length) and a selection inside it, both in UTF-16 as the DOM gives them.
        const segStartU16 = points[cut % points.length] as number;
        const inside = points.filter((p) => p >= segStartU16);
        const x = inside[a % inside.length] as number;
        const y = inside[b % inside.length] as number;
        if (x === y) return;
        const [fromU16, toU16] = x < y ? [x, y] : [y, x];
        // The view: segment start (code points) known, local UTF-16 offset from the paragraph's text.
        const segStart = index.toCodePoint(segStartU16);
        const start = index.toCodePoint(index.toUtf16(segStart) + (fromU16 - segStartU16));
        const end = index.toCodePoint(index.toUtf16(segStart) + (toU16 - segStartU16));
        expect(index.slice(start, end)).toBe(text.slice(fromU16, toU16));
        expect(Array.from(text).slice(start, end).join('')).toBe(text.slice(fromU16, toU16));
        // Marks drawn for it, in the segment, read back.
        const pieces = cutIntoPieces(segStart, index.length, [{ id: 'a', start, end }, { id: 'b', start: segStart, end: Math.min(index.length, start + 1) }]);
        expect(pieces.map((p) => index.slice(p.start, p.end)).join('')).toBe(index.slice(segStart, index.length));
        expect(rangeOfId(pieces, 'a')).toEqual({ start, end });
        // And back to the DOM's units.
        expect(index.toUtf16(start)).toBe(fromU16);
        expect(index.toUtf16(end)).toBe(toU16);
      }),
      { numRuns: 2000 },
    );
  });

  it('flattens overlaps: every piece lists exactly the spans covering it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { maxLength: 8 }),
        (raw) => {
          const spans = raw.map(([x, y], i) => ({ id: `s${i}`, start: Math.min(x, y), end: Math.max(x, y) }));
          const pieces = cutIntoPieces(0, 50, spans);
          expect(pieces[0]?.start).toBe(0);
          expect(pieces.at(-1)?.end).toBe(50);
          pieces.forEach((p, i) => {
            if (i > 0) expect(p.start).toBe(pieces[i - 1]?.end);
            const covering = spans.filter((s) => s.start < s.end && s.start <= p.start && s.end >= p.end).map((s) => s.id);
            expect(p.ids).toEqual(covering);
          });
          for (const s of spans) if (s.start < s.end) expect(rangeOfId(pieces, s.id)).toEqual({ start: s.start, end: s.end });
        },
      ),
    );
  });
});

describe('snapping to words', () => {
  const chars = (s: string) => Array.from(s);
  it('widens to whole words and trims white space', () => {
    const text = chars('We collect  your e-mail address.');
    const at = (s: string) => text.join('').indexOf(s);
    expect(snapToWords(text, at('llect'), at('ur e-m') + 4)).toEqual({ start: at('collect'), end: at('e-mail') + 'e-mail'.length });
    expect(snapToWords(text, at('  your'), at('  your') + 2)).toBeNull();
  });

  it('never splits a code point and keeps the selection inside the result (property)', () => {
    fc.assert(
      fc.property(tricky, fc.nat(), fc.nat(), (text, a, b) => {
        const cs = chars(text);
        const s = a % (cs.length + 1);
        const e = b % (cs.length + 1);
        const snapped = snapToWords(cs, s, e);
        if (!snapped) {
          expect(cs.slice(Math.min(s, e), Math.max(s, e)).join('').trim()).toBe('');
          return;
        }
        expect(snapped.start).toBeGreaterThanOrEqual(0);
        expect(snapped.end).toBeLessThanOrEqual(cs.length);
        expect(snapped.start).toBeLessThan(snapped.end);
        expect(cs[snapped.start]?.trim()).not.toBe('');
        expect(cs[snapped.end - 1]?.trim()).not.toBe('');
      }),
      { numRuns: 1000 },
    );
  });
});
