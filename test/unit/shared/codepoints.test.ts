import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodePointIndex, codePointLength, sliceCodePoints } from '../../../src/shared/text/codepoints.ts';

describe('code-point offsets', () => {
  it('counts an emoji as one code point, as Python does', () => {
    const text = '🔐 Privacy Policy';
    expect(codePointLength(text)).toBe(16);
    expect(sliceCodePoints(text, 2, 9)).toBe('Privacy');
  });

  it('keeps combining marks and RTL text as separate code points', () => {
    const text = 'e\u0301 שלום 👩‍💻!';
    const index = new CodePointIndex(text);
    expect(index.length).toBe([...text].length);
    expect(index.slice(3, 7)).toBe('שלום');
    expect(index.slice(8, 11)).toBe('👩‍💻');
  });

  it('maps an offset inside a surrogate pair to the start of its character', () => {
    const index = new CodePointIndex('a😀b');
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(3)).toBe(2);
  });

  it('rejects offsets outside the text', () => {
    const index = new CodePointIndex('abc');
    expect(() => index.toUtf16(4)).toThrow(RangeError);
    expect(() => index.toCodePoint(-1)).toThrow(RangeError);
  });

  it('round-trips every code-point offset of any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const index = new CodePointIndex(text);
        const chars = [...text];
        expect(index.length).toBe(chars.length);
        for (let cp = 0; cp <= chars.length; cp++) {
          const u = index.toUtf16(cp);
          expect(index.toCodePoint(u)).toBe(cp);
          expect(text.slice(0, u)).toBe(chars.slice(0, cp).join(''));
        }
      }),
    );
  });

  it('slices like Array.from for any range', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), fc.nat(), (text, a, b) => {
        const chars = Array.from(text);
        const start = Math.min(a, b) % (chars.length + 1);
        const end = Math.max(start, Math.max(a, b) % (chars.length + 1));
        expect(sliceCodePoints(text, start, end)).toBe(chars.slice(start, end).join(''));
      }),
    );
  });
});
