/**
 * Reads the annotation lines the app writes (canonicalRecord's key order, no spaces) straight from
 * their bytes, without JSON.parse: an export's first pass only needs to know that a line is valid
 * and where its id, document, reviewer and label are, and parsing every line of a large log into
 * objects it then drops costs most of that pass.
 *
 * The scan accepts a line only when JSON.parse and quickRecord would accept it, with the same values;
 * anything else (other key orders, spaces, escapes in an id, numbers such as 2.0, deletions, statuses,
 * format 1, strings longer in bytes than the schema allows in characters) is answered "not plainly",
 * and the caller reads that line the usual way, so the verdict is the same either way.
 */

import { writtenAsStringify } from './text-bytes.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** Bytes the scan expects, and the same as 32-bit words (little-endian) but for the last length % 4. */
interface Literal {
  bytes: Uint8Array;
  words: Int32Array;
}

const literalOf = (s: string): Literal => {
  const bytes = bytesOf(s);
  const words = new Int32Array(bytes.length >> 2);
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < words.length; k++) words[k] = data.getInt32(4 * k, true);
  return { bytes, words };
};

const HEAD = literalOf('{"formatVersion":2,"kind":"annotation","annotation":{"id":');
const DOCUMENT_ID = literalOf(',"documentId":');
const REVIEWER = literalOf(',"reviewer":');
const TARGET = literalOf(',"target":');
const SPAN_TARGET = literalOf('{"type":"span","start":');
const SEGMENT_TARGET = literalOf('{"type":"segment","segment":');
const END = literalOf(',"end":');
const QUOTE_KEY = literalOf(',"quote":');
const LABEL = literalOf(',"label":');
const ATTRIBUTES = literalOf(',"attributes":');
const NO_ATTRIBUTES = literalOf('{}');
const VALUE = literalOf('{"value":');
const EVIDENCE = literalOf(',"evidence":[');
const START_KEY = literalOf('{"start":');
const NOTE = literalOf(',"note":');
const ORIGIN = literalOf(',"origin":');
const EXAMPLE = literalOf(',"example":');
const TRUE = literalOf('true');
const FALSE = literalOf('false');
const CREATED_AT = literalOf(',"createdAt":');
const UPDATED_AT = literalOf(',"updatedAt":');
const TAIL = literalOf('}}');
const OPEN = literalOf('{');
const CLOSE = literalOf('}');
const COMMA = literalOf(',');
const COLON_LIST = literalOf(':[');
const LIST_END = literalOf(']');
const ORIGINS = ['manual', 'imported', 'suggested'].map(bytesOf);
const PROTO = bytesOf('__proto__');

/** Where the scanned line's fields are (byte offsets into the buffer; strings without their quotes). */
export interface LineFields {
  idStart: number;
  idEnd: number;
  documentStart: number;
  documentEnd: number;
  reviewerStart: number;
  reviewerEnd: number;
  /** Whether the reviewer's JSON string holds escapes (decode it with JSON.parse, not as UTF-8). */
  reviewerEscaped: boolean;
  labelStart: number;
  labelEnd: number;
  labelEscaped: boolean;
}

export const lineFields = (): LineFields => ({
  idStart: 0,
  idEnd: 0,
  documentStart: 0,
  documentEnd: 0,
  reviewerStart: 0,
  reviewerEnd: 0,
  reviewerEscaped: false,
  labelStart: 0,
  labelEnd: 0,
  labelEscaped: false,
});

// The line being scanned: bytes [p, e) of b are still to read. The last string read is [s0, s1).
let b: Uint8Array = Buffer.alloc(0);
let p = 0;
let e = 0;
let s0 = 0;
let s1 = 0;
let escaped = false;

/** `b` read four bytes at a time (little-endian), for literals. */
let view = new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Makes `bytes` the line's buffer. */
function lineIn(bytes: Uint8Array): void {
  if (bytes === b) return;
  b = bytes;
  view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function literal(expected: Literal): boolean {
  // Locals, not the module's variables, in the loops: they run for every line of a log.
  const at = p;
  const { bytes, words } = expected;
  const n = bytes.length;
  if (at + n > e) return false;
  const data = view;
  for (let k = 0; k < words.length; k++) if (data.getInt32(at + 4 * k, true) !== words[k]) return false;
  const line = b;
  for (let i = words.length * 4; i < n; i++) if (line[at + i] !== bytes[i]) return false;
  p = at + n;
  return true;
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/**
 * A JSON string of at most `maxBytes` bytes between its quotes. Its length in UTF-16 units, as
 * JSON.parse of the decoded line gives it, is at most its byte count (an escape or a UTF-8 sequence
 * is never fewer bytes than the units it stands for, and a byte that is not UTF-8 becomes one
 * U+FFFD), and at least 1 when it has a byte; so a byte count within a character limit keeps it.
 */
function string(maxBytes: number): boolean {
  const line = b;
  const end = e;
  let i = p;
  if (i >= end || line[i] !== QUOTE) return false;
  const start = ++i;
  let escapes = false;
  for (;;) {
    if (i >= end) return false;
    const c = line[i] as number;
    if (c === QUOTE) break;
    if (c < 0x20) return false;
    if (c === BACKSLASH) {
      if (i + 1 >= end) return false;
      const n = line[i + 1] as number;
      escapes = true;
      if (n === 0x75) {
        if (i + 5 >= end || !isHex(line[i + 2] as number) || !isHex(line[i + 3] as number) || !isHex(line[i + 4] as number) || !isHex(line[i + 5] as number)) return false;
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (n !== QUOTE && n !== BACKSLASH && n !== 0x2f && n !== 0x62 && n !== 0x66 && n !== 0x6e && n !== 0x72 && n !== 0x74) return false;
      i += 2;
      continue;
    }
    i++;
  }
  escaped = escapes;
  s0 = start;
  s1 = i;
  p = i + 1;
  return s1 - s0 <= maxBytes;
}

/** A non-negative integer of at most `max`, written as JSON writes it; -1 when not. */
function integer(max: number): number {
  if (p >= e) return -1;
  const first = b[p] as number;
  if (first === 0x30) {
    p++;
    return 0;
  }
  if (first < 0x31 || first > 0x39) return -1;
  let value = 0;
  let digits = 0;
  while (p < e) {
    const c = b[p] as number;
    if (c < 0x30 || c > 0x39) break;
    if (++digits > 10) return -1;
    value = value * 10 + (c - 0x30);
    p++;
  }
  return value <= max ? value : -1;
}

/** Whether the last string read is 1-`max` bytes of a-z, 0-9 and -, and also A-Z and _ when `upperAndUnderscore`. */
function idLike(max: number, upperAndUnderscore: boolean): boolean {
  const n = s1 - s0;
  if (n < 1 || n > max) return false;
  for (let i = s0; i < s1; i++) {
    const c = b[i] as number;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) continue;
    if (upperAndUnderscore && ((c >= 0x41 && c <= 0x5a) || c === 0x5f)) continue;
    return false;
  }
  return true;
}

function lastStringIs(bytes: Uint8Array): boolean {
  if (escaped || s1 - s0 !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (b[s0 + i] !== bytes[i]) return false;
  return true;
}

function target(): boolean {
  if (literal(SPAN_TARGET)) {
    return integer(1_000_000_000) >= 0 && literal(END) && integer(1_000_000_000) >= 0 && literal(QUOTE_KEY) && string(2_000_000) && literal(CLOSE);
  }
  return literal(SEGMENT_TARGET) && integer(10_000_000) >= 0 && literal(CLOSE);
}

/** An evidence span: start before end, both offsets, a quote. */
function span(): boolean {
  if (!literal(START_KEY)) return false;
  const start = integer(1_000_000_000);
  if (start < 0 || !literal(END)) return false;
  const end = integer(1_000_000_000);
  return end >= 0 && start < end && literal(QUOTE_KEY) && string(2_000_000) && literal(CLOSE);
}

/** `{"value": ..., "evidence": [...]}` with evidence optional. */
function attributeValue(): boolean {
  if (!literal(VALUE) || !string(500) || s1 === s0) return false;
  if (literal(EVIDENCE) && !literal(LIST_END)) {
    let spans = 0;
    do {
      if (!span() || ++spans > 100) return false;
    } while (literal(COMMA));
    if (!literal(LIST_END)) return false;
  }
  return literal(CLOSE);
}

/**
 * Attribute name -> 1-200 values. A name repeated in the line is fine: JSON.parse keeps its last
 * list, and every list was checked here.
 */
function attributes(): boolean {
  if (literal(NO_ATTRIBUTES)) return true;
  if (!literal(OPEN)) return false;
  do {
    if (!string(200) || s1 === s0 || lastStringIs(PROTO) || !literal(COLON_LIST)) return false;
    let values = 0;
    do {
      if (!attributeValue() || ++values > 200) return false;
    } while (literal(COMMA));
    if (!literal(LIST_END)) return false;
  } while (literal(COMMA));
  return literal(CLOSE);
}

/** A string field the scan found, as JSON.parse of the whole line reads it. */
export function fieldText(bytes: Buffer, start: number, end: number, escapes: boolean): string {
  // Decoded alone, the bytes between two quotes read as they do in the whole line: a quote is ASCII,
  // and UTF-8 decoding starts afresh after one.
  return escapes ? (JSON.parse(bytes.toString('utf8', start - 1, end + 1)) as string) : bytes.toString('utf8', start, end);
}

/**
 * Whether bytes [start, end) of `bytes` (a line without its line break) are plainly a valid
 * current-format annotation record; if so, `into` says where its fields are.
 */
export function scanAnnotationLine(bytes: Uint8Array, start: number, end: number, into: LineFields): boolean {
  lineIn(bytes);
  p = start;
  e = end;
  if (!literal(HEAD) || !string(64) || !idLike(64, true)) return false;
  into.idStart = s0;
  into.idEnd = s1;
  if (!literal(DOCUMENT_ID) || !string(200) || !idLike(200, false)) return false;
  into.documentStart = s0;
  into.documentEnd = s1;
  if (!literal(REVIEWER) || !string(120) || s1 === s0) return false;
  into.reviewerStart = s0;
  into.reviewerEnd = s1;
  into.reviewerEscaped = escaped;
  if (!literal(TARGET) || !target()) return false;
  if (!literal(LABEL) || !string(200) || s1 === s0) return false;
  into.labelStart = s0;
  into.labelEnd = s1;
  into.labelEscaped = escaped;
  if (!literal(ATTRIBUTES) || !attributes()) return false;
  if (!literal(NOTE) || !string(20_000)) return false;
  if (!literal(ORIGIN) || !string(9) || !ORIGINS.some(lastStringIs)) return false;
  if (literal(EXAMPLE) && !literal(TRUE) && !literal(FALSE)) return false;
  if (!literal(CREATED_AT) || !string(64) || s1 === s0) return false;
  if (!literal(UPDATED_AT) || !string(64) || s1 === s0) return false;
  return literal(TAIL) && p === e;
}

/** The end of the JSON string starting at `p` (its opening quote): the index of its closing quote, or -1. */
function stringEnd(): number {
  const line = b;
  const end = e;
  let escapes = false;
  for (let i = p + 1; i < end; ) {
    const c = line[i] as number;
    if (c === QUOTE) {
      escaped = escapes;
      return i;
    }
    if (c === BACKSLASH) {
      escapes = true;
      i += 2;
    } else i++;
  }
  return -1;
}

/** The digits at `p` (a JSON integer the scan accepted); `p` moves past them. */
function digits(): number {
  let value = 0;
  for (let c = b[p] as number; c >= 0x30 && c <= 0x39; c = b[++p] as number) value = value * 10 + (c - 0x30);
  return value;
}

const NOTE_AFTER_ATTRIBUTES = Buffer.from(',"note":"', 'latin1');

/**
 * Where a located annotation's fields are (annotation-table.ts keeps them, a row of numbers each):
 * strings by their content's bytes (without quotes), the attributes by their JSON object's bytes
 * (the same offset twice when they are `{}`), and the target's numbers.
 */
export const FIELD = {
  id: 0,
  reviewer: 2,
  quote: 4,
  label: 6,
  note: 8,
  attributes: 10,
  /** 0: a span from `start` to `end`; 1: the segment `start`. */
  kind: 12,
  start: 13,
  end: 14,
  /** Bit 1 << (string field / 2): that string holds escapes. */
  escapes: 15,
} as const;
export const FIELDS = 16;

// Where locateAnnotation writes, and whether a string not as JSON.stringify writes it was found.
let rows: Int32Array = new Int32Array(0);
let row = 0;
let stringified = false;
let notStringified = false;

/** The string at `p`: its content's range goes to the row's `field`; `p` moves past it. */
function locateString(field: number): boolean {
  const close = stringEnd();
  if (close < 0) return false;
  rows[row + field] = p + 1;
  rows[row + field + 1] = close;
  if (escaped) {
    rows[row + FIELD.escapes] = (rows[row + FIELD.escapes] as number) | (1 << (field >> 1));
    if (stringified && !writtenAsStringify(b, p + 1, close)) notStringified = true;
  }
  p = close + 1;
  return true;
}

/**
 * Finds the fields an export uses in a line the scan accepted (scanAnnotationLine answered true for
 * these very bytes: the export holds the file open and reads the same offsets), or in a line the
 * export wrote itself in that shape, without checking it all again, and writes where they are to
 * `into` at `at` (FIELD). Answers 1 when done; -1 when the line is plainly not as the scan accepted
 * it (changed); 0 when `asStringify` asks that every string be written as JSON.stringify writes it
 * (text-bytes.ts), and one is not.
 */
export function locateAnnotation(bytes: Buffer, start: number, end: number, into: Int32Array, at: number, asStringify: boolean): -1 | 0 | 1 {
  lineIn(bytes);
  e = end;
  p = start;
  rows = into;
  row = at;
  stringified = asStringify;
  notStringified = false;
  into[at + FIELD.escapes] = 0;
  if (!literal(HEAD) || !locateString(FIELD.id) || !literal(DOCUMENT_ID)) return -1;
  const documentEnd = stringEnd();
  if (documentEnd < 0) return -1;
  p = documentEnd + 1;
  if (!literal(REVIEWER) || !locateString(FIELD.reviewer) || !literal(TARGET)) return -1;
  if (literal(SPAN_TARGET)) {
    into[at + FIELD.kind] = 0;
    into[at + FIELD.start] = digits();
    if (!literal(END)) return -1;
    into[at + FIELD.end] = digits();
    if (!literal(QUOTE_KEY) || !locateString(FIELD.quote)) return -1;
  } else if (literal(SEGMENT_TARGET)) {
    into[at + FIELD.kind] = 1;
    into[at + FIELD.start] = digits();
    into[at + FIELD.quote] = into[at + FIELD.quote + 1] = p;
  } else return -1;
  if (!literal(CLOSE) || !literal(LABEL) || !locateString(FIELD.label) || !literal(ATTRIBUTES)) return -1;
  into[at + FIELD.attributes] = p;
  if (literal(NO_ATTRIBUTES)) into[at + FIELD.attributes + 1] = into[at + FIELD.attributes] as number;
  else {
    // A quote inside a JSON string is escaped, so the first `,"note":"` after them ends the attributes.
    const noteAt = bytes.indexOf(NOTE_AFTER_ATTRIBUTES, p);
    if (noteAt < 0 || noteAt >= end) return -1;
    into[at + FIELD.attributes + 1] = noteAt;
    p = noteAt;
  }
  if (!literal(NOTE) || !locateString(FIELD.note)) return -1;
  return notStringified ? 0 : 1;
}

/** Decodes a string field's content bytes (fieldText, or a cache of it). */
export type FieldDecoder = (bytes: Buffer, start: number, end: number, escapes: boolean) => string;
