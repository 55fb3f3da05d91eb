/**
 * Sentence boundaries of long texts in bounded windows. Intl.Segmenter's sentence iteration slows
 * quadratically with the length of the string it is given (a 1 MB line took 18 s), so a long text is
 * segmented a window at a time, with the same boundaries as one pass over the whole text.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Characters per window: small enough to stay in the segmenter's fast range, large enough for long sentences. */
export const SENTENCE_WINDOW_CHARS = 2048;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Starts of the sentences of `text` in the order Intl.Segmenter gives them (the first is 0). */
function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  const segments = segmenter.segment(text);
  // containing() is a fifth cheaper per sentence than the iterator.
  for (let at = 0; at < text.length; ) {
    const sentence = segments.containing(at);
    if (!sentence) break;
    starts.push(sentence.index);
    at = sentence.index + sentence.segment.length;
  }
  return starts;
}

/**
 * The sentences of `text` as [start, end) UTF-16 ranges: exactly those Intl.Segmenter gives for the
 * whole text. A window's last boundary may depend on text past its end (a rule looks ahead to the next
 * letter), so only boundaries followed by another one in the window are kept, and the next window
 * starts at the last boundary kept. Every boundary before that one has its terminator and its
 * look-ahead inside the window. A sentence longer than the window doubles the window until it fits.
 */
export function sentenceRanges(text: string, windowChars: number = SENTENCE_WINDOW_CHARS): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let width = Math.max(16, windowChars);
  while (start < text.length) {
    let end = start + width;
    if (end >= text.length) {
      const starts = sentenceStarts(start === 0 ? text : text.slice(start));
      starts.forEach((s, i) => ranges.push([start + s, start + (starts[i + 1] ?? text.length - start)]));
      break;
    }
    // A window never ends between the two halves of a surrogate pair.
    if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
    const starts = sentenceStarts(text.slice(start, end));
    // starts[last] may be wrong (its look-ahead was cut); starts[last - 1] is sure, and is where the next window begins.
    const sure = starts.length - 2;
    if (sure < 1) {
      width *= 2;
      continue;
    }
    for (let i = 0; i < sure; i++) ranges.push([start + (starts[i] as number), start + (starts[i + 1] as number)]);
    start += starts[sure] as number;
    width = Math.max(16, windowChars);
  }
  return ranges;
}
