/**
 * Snapping a selection to whole words, as reviewers expect when they drag roughly over a clause.
 * Works on an array of code points, so offsets stay code points.
 */
const WORD = /[\p{L}\p{N}\p{M}\p{Pc}'’-]/u;
const SPACE = /\s/u;

const isWord = (c: string | undefined): boolean => c !== undefined && WORD.test(c);

/**
 * Trims white space from both ends, then widens each end that falls inside a word to the word's edge.
 * Answers null when nothing but white space was selected.
 */
export function snapToWords(chars: readonly string[], start: number, end: number): { start: number; end: number } | null {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(chars.length, Math.max(start, end));
  while (s < e && SPACE.test(chars[s] as string)) s++;
  while (e > s && SPACE.test(chars[e - 1] as string)) e--;
  if (s >= e) return null;
  while (s > 0 && isWord(chars[s - 1]) && isWord(chars[s])) s--;
  while (e < chars.length && isWord(chars[e - 1]) && isWord(chars[e])) e++;
  return { start: s, end: e };
}
