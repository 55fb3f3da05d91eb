import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import type { Annotation, LogRecord } from '../../../shared/domain/annotation.ts';
import { ANNOTATION_FORMAT_VERSION, ANNOTATION_ORIGINS, REVIEW_STATUSES, type ReviewStatus } from '../../../shared/domain/annotation-values.ts';
import { AppError } from '../../../shared/result.ts';
import type { DamagedLine, parseLine } from '../annotations/log.ts';
import { ByteKeys, grown, release } from './byte-keys.ts';
import type { AnnotationTable } from './annotation-table.ts';
import { fieldText, lineFields, scanAnnotationLine, type FieldDecoder } from './line-scan.ts';
import { isObject, keysAre } from '../../../shared/is-object.ts';

/**
 * A reviewer's log read for an export, without holding its annotations: a first pass reads the log
 * line by line and folds it (the last line of an id wins, as `foldLogText` does) to where each live
 * annotation's line is; `annotationsOf` reads a document's lines again when the export reaches it.
 * The lines the app writes are read in the first pass from their bytes (line-scan.ts), without
 * JSON.parse; the others as the app reads them. Memory grows with the number of ids by a few
 * numbers each (typed arrays), not by their objects or strings, and what the export keeps after the
 * pass by about 10 bytes per live annotation.
 */

/** Bytes read at once in the first pass. */
const READ_BYTES = 1 << 20;
/** Lines of one document closer than this are read in one go in the second pass. */
const GAP_BYTES = 1 << 16;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DOCUMENT_ID = /^[a-z0-9-]{1,200}$/;
const ORIGINS: ReadonlySet<unknown> = new Set(ANNOTATION_ORIGINS);
const STATUSES: ReadonlySet<unknown> = new Set(REVIEW_STATUSES);

const text = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const int = (v: unknown, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

function span(v: unknown): boolean {
  return isObject(v) && keysAre(v, ['start', 'end', 'quote']) && int(v.start, 1_000_000_000) && int(v.end, 1_000_000_000) && text(v.quote, 0, 2_000_000) && (v.start as number) < (v.end as number);
}

function target(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (v.type === 'span') return keysAre(v, ['type', 'start', 'end', 'quote']) && int(v.start, 1_000_000_000) && int(v.end, 1_000_000_000) && text(v.quote, 0, 2_000_000);
  return v.type === 'segment' && keysAre(v, ['type', 'segment']) && int(v.segment, 10_000_000);
}

function attributes(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const name of Object.keys(v)) {
    if (name === '__proto__' || !text(name, 1, 200)) return false;
    const values = v[name];
    if (!Array.isArray(values) || values.length < 1 || values.length > 200) return false;
    for (const value of values) {
      if (!isObject(value) || !keysAre(value, ['value'], ['evidence']) || !text(value.value, 1, 500)) return false;
      if (Object.hasOwn(value, 'evidence') && !(Array.isArray(value.evidence) && value.evidence.length <= 100 && value.evidence.every(span))) return false;
    }
  }
  return true;
}

const ANNOTATION_KEYS = ['id', 'documentId', 'reviewer', 'target', 'label', 'attributes', 'note', 'origin', 'createdAt', 'updatedAt'];

function annotation(v: unknown): v is Annotation {
  return (
    isObject(v) &&
    keysAre(v, ANNOTATION_KEYS, ['example']) &&
    typeof v.id === 'string' &&
    ID.test(v.id) &&
    typeof v.documentId === 'string' &&
    DOCUMENT_ID.test(v.documentId) &&
    text(v.reviewer, 1, 120) &&
    target(v.target) &&
    text(v.label, 1, 200) &&
    attributes(v.attributes) &&
    text(v.note, 0, 20_000) &&
    ORIGINS.has(v.origin) &&
    (!Object.hasOwn(v, 'example') || typeof v.example === 'boolean') &&
    text(v.createdAt, 1, 64) &&
    text(v.updatedAt, 1, 64)
  );
}

/**
 * The record a current-format line holds when it is plainly valid, checked by hand with exactly the
 * schema's rules (logRecordSchema); null when in any doubt, and the caller then asks the schema.
 */
export function quickRecord(v: unknown): LogRecord | null {
  if (!isObject(v) || v.formatVersion !== ANNOTATION_FORMAT_VERSION) return null;
  switch (v.kind) {
    case 'annotation':
      return keysAre(v, ['formatVersion', 'kind', 'annotation']) && annotation(v.annotation) ? (v as unknown as LogRecord) : null;
    case 'deletion':
      return keysAre(v, ['formatVersion', 'kind', 'id', 'documentId', 'at']) &&
        typeof v.id === 'string' &&
        ID.test(v.id) &&
        typeof v.documentId === 'string' &&
        DOCUMENT_ID.test(v.documentId) &&
        text(v.at, 1, 64)
        ? (v as unknown as LogRecord)
        : null;
    case 'status':
      return keysAre(v, ['formatVersion', 'kind', 'documentId', 'status', 'at']) &&
        typeof v.documentId === 'string' &&
        DOCUMENT_ID.test(v.documentId) &&
        STATUSES.has(v.status) &&
        text(v.at, 1, 64)
        ? (v as unknown as LogRecord)
        : null;
    default:
      return null;
  }
}

/** How the app reads a log line (annotations/log.ts parseLine). */
export type LineParser = typeof parseLine;

/**
 * The app's line parser, for lines that are not plainly valid. It loads the schemas (zod), which an
 * export worker would otherwise load for nothing at its start, so it is handed in (useLineParser):
 * on the main thread at once (log-reader.ts), in a worker when a line first needs it.
 */
let lineParser: LineParser | null = null;

export function useLineParser(parse: LineParser): void {
  lineParser = parse;
}

function parser(): LineParser {
  if (!lineParser) throw new Error('The log line parser is not loaded (useLineParser).');
  return lineParser;
}

/** The record of a plainly valid current-format line, by JSON.parse and quickRecord; null when in doubt. */
function plainRecord(line: string): LogRecord | null {
  try {
    return quickRecord(JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line));
  } catch {
    return null;
  }
}

/** One line of a log as the app reads it (parseLine), plainly valid lines without the schema. */
export function readLine(line: string): { record: LogRecord } | { problem: string } {
  const record = plainRecord(line);
  return record ? { record } : parser()(line);
}

const changed = (): AppError => new AppError('IO_ERROR', 'An annotation file was rewritten in place while it was exported; nothing was written. Export again.');

function sameBytes(a: Uint8Array, bytes: Uint8Array, from: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== bytes[from + i]) return false;
  return true;
}

/**
 * Strings a log repeats (documents, labels, reviewers) numbered 0, 1, 2... in the order first seen. As
 * read from a line's bytes, the same bytes are decoded once.
 */
class Names {
  readonly names: string[] = [];
  readonly numbers = new Map<string, number>();
  private readonly bytes = new ByteKeys();

  of(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.numbers.set(name, n);
    }
    return n;
  }

  /**
   * With `repeated`, the last bytes asked for and their number, answered without a lookup when asked
   * again: a log's lines mostly repeat the line before's document and reviewer (not its label).
   */
  private readonly last: Uint8Array | null;
  private lastLength = -1;
  private lastNumber = -1;

  constructor(repeated = false) {
    this.last = repeated ? new Uint8Array(64) : null;
  }

  /** The number of the string bytes[from, to) decodes to (`decode` is called once per distinct bytes). */
  ofBytes(bytes: Uint8Array, from: number, to: number, decode: (bytes: Uint8Array, from: number, to: number) => string): number {
    const length = to - from;
    const last = this.last;
    if (last && length === this.lastLength && sameBytes(last, bytes, from, length)) return this.lastNumber;
    let n = this.bytes.get(bytes, from, to);
    if (n < 0) {
      n = this.of(decode(bytes, from, to));
      this.bytes.set(bytes, from, to, n);
    }
    if (last && length <= last.length) {
      for (let i = 0; i < length; i++) last[i] = bytes[from + i] as number;
      this.lastLength = length;
      this.lastNumber = n;
    }
    return n;
  }
}

/** Small numbers (names' numbers) in as few bytes as they need: most logs name fewer than 256 reviewers and 65,536 documents or labels. */
type Narrow = Uint8Array | Uint16Array | Uint32Array;

/** `length` numbers as wide as `largest` needs. */
const narrow = (length: number, largest: number): Narrow =>
  largest < 256 ? new Uint8Array(length) : largest < 65536 ? new Uint16Array(length) : new Uint32Array(length);

/** `array`, or a copy of it in numbers wide enough for `n` (the array is released). */
function holding(array: Narrow, n: number): Narrow {
  if (n < 2 ** (8 * array.BYTES_PER_ELEMENT)) return array;
  const wider = narrow(array.length, n);
  wider.set(array);
  release(array);
  return wider;
}

/**
 * A line's length and whether the byte scan read it (line-scan.ts; readLine did otherwise) as one
 * number: length * 2 + 1 when it did. Lines of the app are short: most logs' fit 16 bits.
 */
export const lengthAndPlain = (length: number, plain: boolean): number => length * 2 + (plain ? 1 : 0);
/** The longest line a log index holds (lengthAndPlain in 32 bits). */
const MAX_LINE_BYTES = 2 ** 31 - 1;

/**
 * The fold of a log's annotation lines: per id, where its live line is (none when its length is 0),
 * and its place in the fold's order, which is a Map's: an id keeps its place when a later line
 * replaces it, and goes to the end when it comes back after a deletion. Only ids are kept, not
 * lines: a line an id's later line replaces costs nothing.
 */
class Fold {
  /**
   * Ids numbered as first seen, by their bytes as they stand in lines (ASCII); ids of other characters
   * (format 1 allowed them) by 0xff and their UTF-16 code units, which no ASCII id's bytes begin with.
   */
  private readonly keys: ByteKeys;
  /** Per id: its live line's byte offset (32 bits in a log under 4 GiB), lengthAndPlain (0: not live), document, label and reviewer. */
  private offsets: Uint32Array | Float64Array;
  private lengths: Narrow;
  private documents: Narrow;
  private labels: Narrow;
  private reviewers: Narrow;
  /**
   * Per id its place, and per place its id; null while every id's place is its number (no id came back
   * after a deletion, and every id became live in the order first seen), as in most logs.
   */
  private placeOf: Int32Array | null = null;
  private byPlace: Int32Array | null = null;
  private ids = 0;
  private places = 0;

  /** `expected`: about how many ids the log holds; `size`: its bytes. */
  constructor(expected: number, size: number) {
    const n = Math.max(64, Math.ceil(expected));
    this.keys = new ByteKeys(n, false);
    this.offsets = size <= 2 ** 32 ? new Uint32Array(n) : new Float64Array(n);
    this.lengths = new Uint16Array(n);
    this.documents = new Uint8Array(n);
    this.labels = new Uint8Array(n);
    this.reviewers = new Uint8Array(n);
  }

  private id(bytes: Uint8Array, from: number, to: number): number {
    const known = this.keys.get(bytes, from, to);
    if (known >= 0) return known;
    this.keys.set(bytes, from, to, 0);
    return this.newId();
  }

  private idOf(name: string): number {
    // eslint-disable-next-line no-control-regex
    const bytes = /^[\x00-\x7f]*$/.test(name) ? Buffer.from(name, 'latin1') : Buffer.concat([Buffer.of(0xff), Buffer.from(name, 'utf16le')]);
    return this.id(bytes, 0, bytes.length);
  }

  /** The next id's number (the keys' numbering). */
  private newId(): number {
    if (this.ids === this.lengths.length) {
      // By half: the estimate was short, but not by much.
      const n = Math.ceil(this.ids * 1.5);
      this.offsets = grown(this.offsets, n);
      this.lengths = grown(this.lengths, n);
      this.documents = grown(this.documents, n);
      this.labels = grown(this.labels, n);
      this.reviewers = grown(this.reviewers, n);
      if (this.placeOf) this.placeOf = grown(this.placeOf, n);
    }
    return this.ids++;
  }

  private live(id: number, offset: number, length: number, plain: boolean, document: number, label: number, reviewer: number): void {
    if (length > MAX_LINE_BYTES) throw new RangeError(`A line of ${length} bytes is too long to export.`);
    if (this.lengths[id] === 0) {
      if (this.placeOf === null && id === this.places) this.places++;
      else this.newPlace(id);
    }
    this.offsets[id] = offset;
    const both = lengthAndPlain(length, plain);
    if (both >= 65536) this.lengths = holding(this.lengths, both);
    this.lengths[id] = both;
    if (document >= 256) this.documents = holding(this.documents, document);
    this.documents[id] = document;
    if (label >= 256) this.labels = holding(this.labels, label);
    this.labels[id] = label;
    if (reviewer >= 256) this.reviewers = holding(this.reviewers, reviewer);
    this.reviewers[id] = reviewer;
  }

  /** Gives `id` the next place, keeping places in arrays from the first time an id's place is not its number. */
  private newPlace(id: number): void {
    if (!this.placeOf || !this.byPlace) {
      this.placeOf = new Int32Array(this.lengths.length);
      this.byPlace = new Int32Array(Math.max(64, this.places * 2));
      for (let k = 0; k < this.places; k++) this.placeOf[k] = this.byPlace[k] = k;
    }
    if (this.places === this.byPlace.length) this.byPlace = grown(this.byPlace, this.places * 2);
    this.placeOf[id] = this.places;
    this.byPlace[this.places++] = id;
  }

  /** An annotation line for the id bytes[from, to) (ASCII). */
  annotationBytes(bytes: Uint8Array, from: number, to: number, offset: number, length: number, document: number, label: number, reviewer: number): void {
    this.live(this.id(bytes, from, to), offset, length, true, document, label, reviewer);
  }

  annotation(id: string, offset: number, length: number, document: number, label: number, reviewer: number): void {
    this.live(this.idOf(id), offset, length, false, document, label, reviewer);
  }

  deletion(id: string): void {
    this.lengths[this.idOf(id)] = 0;
  }

  /** Calls `each` with the live ids in the fold's order. */
  private eachLive(each: (id: number) => void): void {
    const { placeOf, byPlace, lengths } = this;
    for (let place = 0; place < this.places; place++) {
      const id = byPlace ? (byPlace[place] as number) : place;
      if (lengths[id] !== 0 && (!placeOf || placeOf[id] === place)) each(id);
    }
  }

  /**
   * The live lines grouped by document (of `documents`), each document's in the fold's order, in
   * arrays just large enough; and the reviewer of the first live line (a number of the reviewers').
   */
  grouped(documents: number, labelNames: number): Pick<LogIndex, 'offsets' | 'lengths' | 'labels' | 'firstLine'> & { reviewer: number } {
    const firstLine = new Uint32Array(documents + 1);
    let live = 0;
    let reviewer = -1;
    let longest = 0;
    this.eachLive((id) => {
      if (reviewer < 0) reviewer = this.reviewers[id] as number;
      longest = Math.max(longest, this.lengths[id] as number);
      const d = (this.documents[id] as number) + 1;
      firstLine[d] = (firstLine[d] as number) + 1;
      live++;
    });
    for (let d = 0; d < documents; d++) firstLine[d + 1] = (firstLine[d + 1] as number) + (firstLine[d] as number);
    const next = firstLine.slice(0, -1);
    const offsets = this.offsets instanceof Uint32Array ? new Uint32Array(live) : new Float64Array(live);
    const lengths = longest < 65536 ? new Uint16Array(live) : new Uint32Array(live);
    const labels = narrow(live, labelNames - 1);
    this.eachLive((id) => {
      const document = this.documents[id] as number;
      const at = next[document] as number;
      offsets[at] = this.offsets[id] as number;
      lengths[at] = this.lengths[id] as number;
      labels[at] = this.labels[id] as number;
      next[document] = at + 1;
    });
    release(next);
    return { offsets, lengths, labels, firstLine, reviewer };
  }

  /** Frees its arrays (byte-keys.ts `release`): the fold is done with. */
  release(): void {
    this.keys.release();
    release(this.offsets, this.lengths, this.documents, this.labels, this.reviewers, this.placeOf, this.byPlace);
  }
}

/** Reads bytes of a log at a position into `buffer` at `offset`; answers how many were read. */
export type ReadAt = (buffer: Buffer, offset: number, length: number, position: number) => number | Promise<number>;

/**
 * Calls `each` with every line of the first `size` bytes of a file: the bytes it is in (valid until
 * `each` returns, or the promise it returns settles), where it starts and ends there, its 0-based
 * number, its byte range in the file, and whether it is a last line without a newline. `sized` is
 * told first how many newlines the first bytes read hold, and how many bytes those are.
 */
async function eachLine(
  read: ReadAt,
  size: number,
  sized: (lines: number, bytes: number) => void,
  each: (bytes: Buffer, from: number, to: number, index: number, offset: number, length: number, tail: boolean) => void | Promise<void>,
): Promise<void> {
  let buffer = Buffer.alloc(READ_BYTES);
  let carried = 0;
  let position = 0;
  let index = 0;
  let lineStart = 0;
  while (position < size) {
    if (carried === buffer.length) {
      const bigger = Buffer.alloc(buffer.length * 2);
      buffer.copy(bigger, 0, 0, carried);
      buffer = bigger;
    }
    const bytesRead = await read(buffer, carried, Math.min(buffer.length - carried, size - position), position);
    if (bytesRead === 0) break;
    if (position === 0) {
      let lines = 0;
      for (let nl = buffer.indexOf(10); nl !== -1 && nl < bytesRead; nl = buffer.indexOf(10, nl + 1)) lines++;
      sized(lines, bytesRead);
    }
    position += bytesRead;
    const end = carried + bytesRead;
    let from = 0;
    for (let nl = buffer.indexOf(10, from); nl !== -1 && nl < end; nl = buffer.indexOf(10, from)) {
      const pending = each(buffer, from, nl, index++, lineStart, nl - from, false);
      if (pending) await pending;
      lineStart += nl - from + 1;
      from = nl + 1;
    }
    carried = end - from;
    buffer.copy(buffer, 0, from, end);
  }
  if (carried > 0) await each(buffer, 0, carried, index, lineStart, carried, true);
  release(buffer);
}

/**
 * Where annotation lines are (a document's, a run's): per line its log (an index into the export's
 * open logs), byte offset and length, and whether the first pass's byte scan read it (1) or readLine
 * did (0); lines [0, size). Typed arrays: a run's list goes to a worker as a few blocks of bytes, and
 * is no work for the garbage collector while it waits.
 */
export interface LineList {
  logs: Uint32Array;
  offsets: Float64Array;
  lengths: Uint32Array;
  plain: Uint8Array;
  size: number;
}

export const lineList = (capacity = 256): LineList => ({
  logs: new Uint32Array(capacity),
  offsets: new Float64Array(capacity),
  lengths: new Uint32Array(capacity),
  plain: new Uint8Array(capacity),
  size: 0,
});

export function pushLine(list: LineList, log: number, offset: number, length: number, plain: number): void {
  if (list.size === list.offsets.length) {
    const n = Math.max(16, list.size * 2);
    list.logs = grown(list.logs, n);
    list.offsets = grown(list.offsets, n);
    list.lengths = grown(list.lengths, n);
    list.plain = grown(list.plain, n);
  }
  list.logs[list.size] = log;
  list.offsets[list.size] = offset;
  list.lengths[list.size] = length;
  list.plain[list.size] = plain;
  list.size++;
}

/** A copy of a list in arrays just large enough; the list is released (byte-keys.ts `release`). */
export function trimmedLines(list: LineList): LineList {
  const trimmed = {
    logs: list.logs.slice(0, list.size),
    offsets: list.offsets.slice(0, list.size),
    lengths: list.lengths.slice(0, list.size),
    plain: list.plain.slice(0, list.size),
    size: list.size,
  };
  release(list.logs, list.offsets, list.lengths, list.plain);
  return trimmed;
}

/** What the first pass finds in a log: plain data (typed arrays, strings, maps), so a worker can hand it over. */
export interface LogIndex {
  /**
   * Per live annotation, grouped by document (a document's are [firstLine[document], firstLine[document + 1]),
   * in the fold's order): its line's byte offset, lengthAndPlain and label (a number into labelNames),
   * each in as few bytes as the log needs: about 7 bytes each, however many lines the log holds.
   */
  offsets: Uint32Array | Float64Array;
  lengths: Uint16Array | Uint32Array;
  labels: Narrow;
  firstLine: Uint32Array;
  labelNames: string[];
  documentNumbers: Map<string, number>;
  statuses: Map<string, ReviewStatus>;
  /** The reviewer of the fold's first live annotation. */
  reviewer: string | undefined;
  /** Lines that are not records, and whether the last is one cut short (as foldLogText reports them). */
  damaged: DamagedLine[];
  tornTail: boolean;
}

/** The typed arrays of an index, which a worker hands over without copying. */
export const indexBuffers = (index: LogIndex): ArrayBuffer[] => [index.offsets, index.lengths, index.labels, index.firstLine].map((a) => a.buffer as ArrayBuffer);

const latin1 = (bytes: Uint8Array, from: number, to: number): string => (bytes as Buffer).toString('latin1', from, to);
const plainText = (bytes: Uint8Array, from: number, to: number): string => fieldText(bytes as Buffer, from, to, false);
const escapedText = (bytes: Uint8Array, from: number, to: number): string => fieldText(bytes as Buffer, from, to, true);

/**
 * The first pass: reads the first `size` bytes of a log once, folding it to where each live
 * annotation's line is. What only this pass needs (the ids) is dropped when it ends.
 */
export async function indexLogFile(read: ReadAt, size: number, loadParser: () => Promise<void> = async () => undefined): Promise<LogIndex> {
  let folded: Fold | null = null;
  const documents = new Names(true);
  const labels = new Names();
  const reviewers = new Names(true);
  const statuses = new Map<string, ReviewStatus>();
  const damaged: DamagedLine[] = [];
  let tornTail = false;
  let bomChecked = false;
  const fields = lineFields();
  // Sized for as many lines as the first bytes read promise, so its arrays need not grow step by step (each step a copy).
  const sized = (lines: number, bytes: number): void => {
    folded = new Fold(bytes >= size ? lines + 1 : (size / bytes) * Math.max(1, lines) * 1.05 + 16, size);
  };
  await eachLine(read, size, sized, (bytes, from, to, index, offset, length, tail) => {
    const fold = folded as Fold;
    const first = !bomChecked;
    bomChecked = true;
    const end = to > from && bytes[to - 1] === 13 ? to - 1 : to;
    if (bytes[from] === 0x7b && scanAnnotationLine(bytes, from, end, fields)) {
      const f = fields;
      fold.annotationBytes(
        bytes,
        f.idStart,
        f.idEnd,
        offset,
        length,
        documents.ofBytes(bytes, f.documentStart, f.documentEnd, latin1),
        labels.ofBytes(bytes, f.labelStart, f.labelEnd, f.labelEscaped ? escapedText : plainText),
        reviewers.ofBytes(bytes, f.reviewerStart, f.reviewerEnd, f.reviewerEscaped ? escapedText : plainText),
      );
      return;
    }
    let line = bytes.toString('utf8', from, to);
    if (first && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') return;
    const apply = (record: LogRecord): void => {
      switch (record.kind) {
        case 'annotation': {
          const a = record.annotation;
          fold.annotation(a.id, offset, length, documents.of(a.documentId), labels.of(a.label), reviewers.of(a.reviewer));
          break;
        }
        case 'deletion':
          fold.deletion(record.id);
          break;
        case 'status':
          statuses.set(documents.names[documents.of(record.documentId)] as string, record.status);
          break;
      }
    };
    const record = plainRecord(line);
    if (record) return apply(record);
    const slowly = (): void => {
      const parsed = parser()(line);
      if ('record' in parsed) return apply(parsed.record);
      damaged.push({ line: index + 1, problem: parsed.problem });
      if (tail) tornTail = true;
    };
    return lineParser ? slowly() : loadParser().then(slowly);
  });
  // What only the pass needs (ids, lines' documents and reviewers) goes with the fold.
  const fold: Fold = folded ?? new Fold(0, 0);
  const { reviewer, ...lines } = fold.grouped(documents.names.length, labels.names.length);
  fold.release();
  return {
    ...lines,
    labelNames: labels.names,
    documentNumbers: documents.numbers,
    statuses,
    reviewer: reviewer < 0 ? undefined : reviewers.names[reviewer],
    damaged,
    tornTail,
  };
}

/**
 * The annotation of a line the first pass read with readLine and found valid (the file is held open,
 * so its bytes are the same): current-format lines are not checked again, format 1 lines go through
 * their migration (the line parser must be loaded: see useLineParser).
 */
function annotationAgain(line: string): Annotation {
  type Parsed = { formatVersion?: unknown; kind?: unknown; annotation?: Annotation } | null;
  const value = ((): Parsed => {
    try {
      return JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line) as Parsed;
    } catch {
      throw changed();
    }
  })();
  if (value?.formatVersion === ANNOTATION_FORMAT_VERSION && value.kind === 'annotation' && value.annotation) return value.annotation;
  const parsed = parser()(line);
  if (!('record' in parsed) || parsed.record.kind !== 'annotation') throw changed();
  return parsed.record.annotation;
}

/** A FieldDecoder that remembers what it decoded: the lines of one run repeat their labels and reviewers. */
export function fieldTextCache(): FieldDecoder {
  const known = new ByteKeys();
  const texts: string[] = [];
  return (bytes, start, end, escapes) => {
    // Long strings (quotes, notes) rarely repeat.
    if (end - start > 256) return fieldText(bytes, start, end, escapes);
    const n = known.get(bytes, start, end);
    if (n >= 0) return texts[n] as string;
    const text = fieldText(bytes, start, end, escapes);
    known.set(bytes, start, end, texts.length);
    texts.push(text);
    return text;
  };
}

/**
 * Reads lines [from, to) of a line list from a log the first pass indexed (neighbouring lines in one
 * go, synchronously: a few kilobytes, and a thread-pool round trip per document would cost more) into
 * `table`, as its next rows, in list order.
 */
export function readAnnotationLines(fd: number, lines: LineList, from: number, to: number, table: AnnotationTable): void {
  if (to <= from) return;
  const { offsets, lengths, plain } = lines;
  const first = table.addRows(to - from);
  const byOffset: number[] = [];
  let sorted = true;
  for (let k = from; k < to; k++) {
    byOffset.push(k);
    if (k > from && (offsets[k] as number) < (offsets[k - 1] as number)) sorted = false;
  }
  // A log's lines are mostly in the fold's order already.
  if (!sorted) byOffset.sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
  let i = 0;
  while (i < byOffset.length) {
    const firstLine = byOffset[i] as number;
    const start = offsets[firstLine] as number;
    let end = start + (lengths[firstLine] as number);
    let j = i + 1;
    while (j < byOffset.length) {
      const next = byOffset[j] as number;
      const nextStart = offsets[next] as number;
      if (nextStart - end > GAP_BYTES) break;
      end = Math.max(end, nextStart + (lengths[next] as number));
      j++;
    }
    table.room(end - start);
    const base = table.used;
    for (let read = 0; read < end - start; ) {
      const bytesRead = readSync(fd, table.bytes, base + read, end - start - read, start + read);
      if (bytesRead === 0) throw changed();
      read += bytesRead;
    }
    table.used += end - start;
    const utf8 = isUtf8(table.bytes.subarray(base, table.used));
    for (let k = i; k < j; k++) {
      const at = byOffset[k] as number;
      const row = first + at - from;
      const lineFrom = base + (offsets[at] as number) - start;
      const lineTo = lineFrom + (lengths[at] as number);
      if (plain[at] === 1) {
        const found = table.locate(row, lineFrom, table.bytes[lineTo - 1] === 13 ? lineTo - 1 : lineTo, utf8);
        if (found < 0) throw changed();
        if (found === 1) continue;
      }
      let line = table.bytes.toString('utf8', lineFrom, lineTo);
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      table.write(row, annotationAgain(line));
    }
    i = j;
  }
}
