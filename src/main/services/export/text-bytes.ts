const BACKSLASH = 0x5c;

/**
 * A document's text as the export writes it: its JSON string (JSON.stringify's, quotes included) as
 * UTF-8, with the byte where each code point starts, so that any code-point range of the text is a
 * byte range of its JSON. A record's text (the document's, a segment's, a span's) is then copied,
 * and a span's quote, as a line holds it, is checked by comparing bytes. Made once per document, in
 * buffers a thread keeps using.
 */
export class TextBytes {
  /** The JSON string, in bytes[0, size). */
  bytes = Buffer.allocUnsafeSlow(1 << 16);
  size = 0;
  /** starts[i]: where code point i starts in `bytes`; starts[length] is the closing quote. */
  starts = new Int32Array(1 << 14);
  /** The text's length in code points. */
  length = 0;

  set(text: string): void {
    const json = JSON.stringify(text);
    if (json.length * 3 > this.bytes.length) this.bytes = Buffer.allocUnsafeSlow(json.length * 3);
    const bytes = this.bytes;
    const size = bytes.write(json, 0);
    // Never more code points than the JSON has characters.
    if (json.length > this.starts.length) this.starts = new Int32Array(json.length);
    const starts = this.starts;
    // One walk: an escape is one code point (a lone surrogate too: \udXXX), and so is a UTF-8
    // sequence (an astral character's four bytes, one code point as Python counts).
    let n = 0;
    const end = size - 1;
    for (let i = 1; i < end; n++) {
      starts[n] = i;
      const c = bytes[i] as number;
      if (c === BACKSLASH) i += bytes[i + 1] === 0x75 ? 6 : 2;
      else if (c < 0x80) i++;
      else if (c < 0xe0) i += 2;
      else if (c < 0xf0) i += 3;
      else i += 4;
    }
    starts[n] = end;
    this.size = size;
    this.length = n;
  }

  /** The text between two code-point offsets, as a string (for CSV, evidence and messages), read back from its JSON. */
  slice(start: number, end: number): string {
    const from = this.starts[start] as number;
    const to = this.starts[end] as number;
    const bytes = this.bytes;
    for (let i = from; i < to; i++) if (bytes[i] === BACKSLASH) return JSON.parse(`"${bytes.toString('utf8', from, to)}"`) as string;
    return bytes.toString('utf8', from, to);
  }

  /** Whether code points [start, end) of the text are, as JSON, bytes [from, to) of `other`. */
  equals(start: number, end: number, other: Uint8Array, from: number, to: number): boolean {
    const at = this.starts[start] as number;
    if ((this.starts[end] as number) - at !== to - from) return false;
    const bytes = this.bytes;
    for (let i = 0; i < to - from; i++) if (bytes[at + i] !== other[from + i]) return false;
    return true;
  }
}

const isLowerHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);

/**
 * Whether the escapes of a JSON string's content bytes[from, to) (a valid JSON string) are those
 * JSON.stringify writes: \" \\ \b \f \n \r \t, and \u00XX (lowercase) for the other control
 * characters. Any other escape (\/, \u00e9, a surrogate's) is not: such a string's bytes are not its
 * JSON.stringify, and the export writes it from the string instead.
 */
export function writtenAsStringify(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (bytes[i] !== BACKSLASH) continue;
    const c = bytes[i + 1] as number;
    if (c === 0x22 || c === BACKSLASH || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) {
      i++;
      continue;
    }
    if (c !== 0x75 || bytes[i + 2] !== 0x30 || bytes[i + 3] !== 0x30) return false;
    const high = bytes[i + 4] as number;
    const low = bytes[i + 5] as number;
    if ((high !== 0x30 && high !== 0x31) || !isLowerHex(low)) return false;
    const code = (high - 0x30) * 16 + (low <= 0x39 ? low - 0x30 : low - 0x57);
    // \b \f \n \r \t have their short forms.
    if (code === 8 || code === 9 || code === 10 || code === 12 || code === 13) return false;
    i += 5;
  }
  return true;
}
