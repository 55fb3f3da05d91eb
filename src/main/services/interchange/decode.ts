import type { InterchangeFormat, RecordProblem } from '../../../shared/domain/dataset.ts';
import { AppError } from '../../../shared/result.ts';

/**
 * An annotation file's bytes to text. Only UTF-8 is read: a byte UTF-8 does not allow is never turned
 * into U+FFFD. In a JSON Lines file (spans, doccano, Prodigy) such a line is reported by number and left
 * out, the rest is read; a Label Studio file (one JSON list) is refused whole. A BOM is left for the
 * parser to drop.
 */

export interface DecodedFile {
  /** The text, with each line that was not UTF-8 left empty, so every other line keeps its number. */
  content: string;
  problems: RecordProblem[];
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const decodeOrNull = (bytes: Uint8Array): string | null => {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
};

/** Index of the first byte that UTF-8 does not allow where it stands (RFC 3629), or -1. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) more = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      more = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      more = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= more; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += more + 1;
  }
  return -1;
}

/** Where a line's bytes stop being UTF-8, in plain words: the column and the byte. */
function whatIsWrong(bytes: Uint8Array): string {
  const at = Math.max(0, firstInvalidByte(bytes));
  const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  const column = (decodeOrNull(bytes.subarray(0, at)) ?? '').length + 1;
  return `column ${column}: byte 0x${byte}; the file may be saved as Latin-1 or Windows-1252`;
}

/** The lines of `bytes` (split at LF; a CR stays with its line), each with its 1-based number. */
function* byteLines(bytes: Uint8Array): Generator<{ line: number; bytes: Uint8Array }> {
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      yield { line: line++, bytes: bytes.subarray(start, i) };
      start = i + 1;
    }
  }
}

export function decodeInterchange(format: InterchangeFormat, bytes: Uint8Array, fileName: string): DecodedFile {
  const whole = decodeOrNull(bytes);
  if (whole !== null) return { content: whole, problems: [] };
  if (format === 'label-studio') {
    for (const { line, bytes: b } of byteLines(bytes)) {
      if (decodeOrNull(b) === null) {
        throw new AppError('FILE_CORRUPT', `${fileName} is not UTF-8 text (line ${line}, ${whatIsWrong(b)}); nothing was imported. Save it as UTF-8 and import it again.`);
      }
    }
  }
  const problems: RecordProblem[] = [];
  const out: string[] = [];
  for (const { line, bytes: b } of byteLines(bytes)) {
    const text = decodeOrNull(b);
    if (text === null) problems.push({ line, message: `the line is not UTF-8 text (${whatIsWrong(b)}); it was skipped` });
    out.push(text ?? '');
  }
  return { content: out.join('\n'), problems };
}
