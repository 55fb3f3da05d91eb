/**
 * Text from project files, shown on a terminal. Titles, file names, labels and reviewer names come
 * from documents and annotation files anyone may have made (a scraped page's <title>, a synced
 * file): their control characters would act on the terminal (clear the screen, retitle the window,
 * reorder text), so human output shows them as escapes instead. --json output stays exact.
 */

// C0 controls, DEL, C1 controls (which include the 8-bit CSI), and the bidirectional overrides and isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escaped = (ch: string): string => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`;
};

/** `text` with control characters shown as \x1B, \u202E...; with `lines`, newlines and tabs stay (a document's text). */
export function visible(text: string, opts: { lines?: boolean } = {}): string {
  return text.replace(CONTROL, (ch) => (opts.lines && (ch === '\n' || ch === '\t') ? ch : escaped(ch)));
}
