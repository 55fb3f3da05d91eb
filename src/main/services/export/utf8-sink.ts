import { release } from './byte-keys.ts';

/** The least a run's text buffer holds; Node gives a buffer this large an ArrayBuffer of its own (never its shared pool). */
export const SINK_BYTES = 1 << 16;

/** ASCII text as bytes, for the fixed parts of records. */
export const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/**
 * A run's text as UTF-8, written as it is made into one buffer of its own (which a worker hands over
 * without a copy): a spare one when given, grown (copied into a new one) when too small. Text is
 * encoded, bytes (JSON already written: a document's text, a line's strings) are copied.
 */
export class Utf8Sink {
  private buffer: Buffer;
  private length = 0;

  constructor(spare?: ArrayBuffer) {
    this.buffer = spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(SINK_BYTES);
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(bigger, 0, 0, this.length);
    release(this.buffer);
    this.buffer = bigger;
  }

  /** Text, encoded. No surrogate pair is split between two calls (whole fields, whole records). */
  text(text: string): void {
    this.room(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  /** Bytes made in advance (`ascii`). */
  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Bytes [from, to) of `source`. */
  copy(source: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.room(n);
    const buffer = this.buffer;
    // Short copies (labels, quotes) in place; a call into the runtime costs more than they do.
    if (n < 64) {
      let at = this.length;
      for (let i = from; i < to; i++) buffer[at++] = source[i] as number;
    } else buffer.set(source.subarray(from, to), this.length);
    this.length += n;
  }

  /** One ASCII character. */
  byte(c: number): void {
    this.room(1);
    this.buffer[this.length++] = c;
  }

  /** A number as JSON writes it; a non-negative integer without a string made for it. */
  number(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) return this.text(String(n));
    this.room(16);
    const buffer = this.buffer;
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    let m = n;
    do {
      buffer[--at] = 0x30 + (m % 10);
      m = Math.floor(m / 10);
    } while (m > 0);
  }

  /** The text written, in its buffer. */
  written(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
