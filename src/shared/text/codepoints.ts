/**
 * Offsets in Clausemark count Unicode code points, as Python's str does, so that an ML engineer's
 * `text[start:end] == quote` holds. JavaScript strings index UTF-16 code units; these helpers are the
 * only place the two meet.
 */

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** Number of code points in `s` (a lone surrogate counts as one, as in Python). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/**
 * Converts between code-point offsets and UTF-16 offsets of one text in O(log n) per call, after an
 * O(n) scan. Texts without astral characters (most policies) convert as the identity.
 */
export class CodePointIndex {
  /** UTF-16 offsets of every astral character (surrogate pair), ascending. */
  private readonly pairs: number[] = [];
  readonly utf16Length: number;
  readonly length: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.pairs.push(i);
        i++;
      }
    }
    this.utf16Length = text.length;
    this.length = text.length - this.pairs.length;
  }

  /** Number of pairs starting strictly before UTF-16 offset `u`. */
  private pairsBefore(u: number): number {
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.pairs[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Code-point offset of UTF-16 offset `u`; an offset inside a pair maps to the pair's start. */
  toCodePoint(u: number): number {
    if (u < 0 || u > this.utf16Length) throw new RangeError(`UTF-16 offset ${u} is outside 0..${this.utf16Length}`);
    // A pair starting at u-1 is counted, so an offset inside a pair lands on the pair's start.
    return u - this.pairsBefore(u);
  }

  /** UTF-16 offset of code-point offset `cp`. */
  toUtf16(cp: number): number {
    if (cp < 0 || cp > this.length) throw new RangeError(`code-point offset ${cp} is outside 0..${this.length}`);
    // The answer u satisfies u - pairsBefore(u) === cp; search over the pairs.
    let lo = 0;
    let hi = this.pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // code-point offset of pair `mid`'s start
      if ((this.pairs[mid] as number) - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /** The text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** `text[start:end]` in code points, for one-off use; build a CodePointIndex for many. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return new CodePointIndex(text).slice(start, end);
}
