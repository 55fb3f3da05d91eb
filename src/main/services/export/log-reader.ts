import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import {
  ANNOTATION_FORMAT_VERSION,
  ANNOTATION_ORIGINS,
  REVIEW_STATUSES,
  type Annotation,
  type LogRecord,
  type ReviewStatus,
} from '../../../shared/domain/annotation.ts';
import type { FileProblem } from '../../../shared/domain/project.ts';
import { AppError } from '../../../shared/result.ts';
import { describeDamage, emptyFold, parseLine, type FoldedLog } from '../annotations/log.ts';

/**
 * A reviewer's log read for an export, without holding its annotations: a first pass reads the log
 * line by line and folds it (the last line of an id wins, as `foldLogText` does) to where each live
 * annotation's line is; `annotationsOf` reads a document's lines again when the export reaches it.
 * Memory grows with the number of live annotations by a few numbers each, not by their objects.
 */

/** Bytes read at once in the first pass. */
const READ_BYTES = 1 << 20;
/** Lines of one document closer than this are read in one go in the second pass. */
const GAP_BYTES = 1 << 16;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DOCUMENT_ID = /^[a-z0-9-]{1,200}$/;
const ORIGINS: ReadonlySet<unknown> = new Set(ANNOTATION_ORIGINS);
const STATUSES: ReadonlySet<unknown> = new Set(REVIEW_STATUSES);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
const keysAre = (o: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean => {
  let n = 0;
  for (const k of required) {
    if (!has(o, k)) return false;
    n++;
  }
  for (const k of optional) if (has(o, k)) n++;
  return Object.keys(o).length === n;
};
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
      if (has(value, 'evidence') && !(Array.isArray(value.evidence) && value.evidence.length <= 100 && value.evidence.every(span))) return false;
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
    (!has(v, 'example') || typeof v.example === 'boolean') &&
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

/** One line of a log as the app reads it (parseLine), plainly valid lines without the schema. */
export function readLine(line: string): { record: LogRecord } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
  } catch {
    return parseLine(line);
  }
  const record = quickRecord(value);
  return record ? { record } : parseLine(line);
}

const changed = (): AppError => new AppError('IO_ERROR', 'An annotation file was rewritten in place while it was exported; nothing was written. Export again.');

/** A growable list of line positions: byte offset and length in the file. */
class Lines {
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);
  size = 0;

  push(offset: number, length: number): number {
    if (this.size === this.offsets.length) {
      const offsets = new Float64Array(this.size * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lengths = new Uint32Array(this.size * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.offsets[this.size] = offset;
    this.lengths[this.size] = length;
    return this.size++;
  }
}

/**
 * Calls `each` with every line of the first `size` bytes of a file (decoded), its 0-based number, its
 * byte range, and whether it is a last line without a newline.
 */
async function eachLine(
  handle: FileHandle,
  size: number,
  each: (line: string, index: number, offset: number, length: number, tail: boolean) => void,
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
    const { bytesRead } = await handle.read(buffer, carried, Math.min(buffer.length - carried, size - position), position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const end = carried + bytesRead;
    let from = 0;
    for (let nl = buffer.indexOf(10, from); nl !== -1 && nl < end; nl = buffer.indexOf(10, from)) {
      each(buffer.toString('utf8', from, nl), index++, lineStart, nl - from, false);
      lineStart += nl - from + 1;
      from = nl + 1;
    }
    carried = end - from;
    buffer.copy(buffer, 0, from, end);
  }
  if (carried > 0) each(buffer.toString('utf8', 0, carried), index, lineStart, carried, true);
}

export interface IndexedLog {
  /** How messages name the file: "annotations/ana-muller.jsonl". */
  file: string;
  /** The name its annotations carry (the file name's stem when it holds none). */
  reviewer: string;
  problem: FileProblem | null;
  /** Documents with live annotations, with the labels of those annotations. */
  documents: Map<string, { slots: number[]; labels: string[] }>;
  statuses: Map<string, ReviewStatus>;
  /** A document's live annotations, in the order the log's fold holds them. */
  annotationsOf(documentId: string, labels: ReadonlySet<string> | null): Promise<Annotation[]>;
  close(): Promise<void>;
}

/**
 * Indexes a log as it is now (its first `size` bytes; what is appended later is not part of this
 * export). The file stays open until `close`, so a compaction replacing it does not change what the
 * second pass reads.
 */
export async function indexLog(path: string, file: string, fallbackReviewer: string): Promise<IndexedLog> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const { lines, documents, statuses, reviewer, fold } = await firstPass(handle, size);
    return {
      file,
      reviewer: reviewer ?? fallbackReviewer,
      problem: describeDamage(file, fold),
      documents,
      statuses,
      annotationsOf: (documentId, labels) => readAnnotations(handle, lines, documents.get(documentId), labels),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Reads a log once, folding it to where each live annotation's line is. A function of its own so that
 * what only this pass needs (the ids) is not kept alive by the closures the index hands out.
 */
async function firstPass(
  handle: FileHandle,
  size: number,
): Promise<{ lines: Lines; documents: Map<string, { slots: number[]; labels: string[] }>; statuses: Map<string, ReviewStatus>; reviewer: string | undefined; fold: FoldedLog }> {
  const lines = new Lines();
  const documentOf: string[] = [];
  const labelOf: string[] = [];
  const reviewers: string[] = [];
  const live = new Map<string, number>();
  const statuses = new Map<string, ReviewStatus>();
  const fold = emptyFold();
  let bomChecked = false;
  // Interned so that equal strings share one copy.
  const names = new Map<string, string>();
  const intern = (s: string): string => {
    const known = names.get(s);
    if (known !== undefined) return known;
    names.set(s, s);
    return s;
  };
  await eachLine(handle, size, (raw, index, offset, length, tail) => {
    let line = raw;
    if (!bomChecked) {
      bomChecked = true;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') return;
    const parsed = readLine(line);
    if ('problem' in parsed) {
      fold.damaged.push({ line: index + 1, problem: parsed.problem });
      if (tail) fold.tornTail = true;
      return;
    }
    const record = parsed.record;
    switch (record.kind) {
      case 'annotation': {
        const slot = lines.push(offset, length);
        documentOf[slot] = intern(record.annotation.documentId);
        labelOf[slot] = intern(record.annotation.label);
        reviewers[slot] = intern(record.annotation.reviewer);
        live.set(record.annotation.id, slot);
        break;
      }
      case 'deletion':
        live.delete(record.id);
        break;
      case 'status':
        statuses.set(intern(record.documentId), record.status);
        break;
    }
  });
  const documents = new Map<string, { slots: number[]; labels: string[] }>();
  let reviewer: string | undefined;
  for (const slot of live.values()) {
    reviewer ??= reviewers[slot];
    const id = documentOf[slot] as string;
    let entry = documents.get(id);
    if (!entry) documents.set(id, (entry = { slots: [], labels: [] }));
    entry.slots.push(slot);
    entry.labels.push(labelOf[slot] as string);
  }
  return { lines, documents, statuses, reviewer, fold };
}

/**
 * The annotation of a line the first pass found valid (the file is held open, so its bytes are the
 * same): current-format lines are not checked again, format 1 lines go through their migration.
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
  const parsed = parseLine(line);
  if (!('record' in parsed) || parsed.record.kind !== 'annotation') throw changed();
  return parsed.record.annotation;
}

/**
 * Reads the lines at `slots` (neighbouring lines in one go, synchronously: a few kilobytes, and a
 * thread-pool round trip per document would cost more) and answers their annotations, in slot order.
 */
async function readAnnotations(
  handle: FileHandle,
  lines: Lines,
  entry: { slots: number[]; labels: string[] } | undefined,
  labels: ReadonlySet<string> | null,
): Promise<Annotation[]> {
  if (!entry) return [];
  const wanted = labels ? entry.slots.filter((_, i) => labels.has(entry.labels[i] as string)) : entry.slots;
  if (wanted.length === 0) return [];
  const byOffset = [...wanted].sort((a, b) => (lines.offsets[a] as number) - (lines.offsets[b] as number));
  const found = new Map<number, Annotation>();
  let i = 0;
  while (i < byOffset.length) {
    const first = byOffset[i] as number;
    const start = lines.offsets[first] as number;
    let end = start + (lines.lengths[first] as number);
    let j = i + 1;
    while (j < byOffset.length) {
      const next = byOffset[j] as number;
      const nextStart = lines.offsets[next] as number;
      if (nextStart - end > GAP_BYTES) break;
      end = Math.max(end, nextStart + (lines.lengths[next] as number));
      j++;
    }
    const buffer = Buffer.allocUnsafe(end - start);
    let read = 0;
    while (read < buffer.length) {
      const bytesRead = readSync(handle.fd, buffer, read, buffer.length - read, start + read);
      if (bytesRead === 0) throw changed();
      read += bytesRead;
    }
    for (let k = i; k < j; k++) {
      const slot = byOffset[k] as number;
      const from = (lines.offsets[slot] as number) - start;
      let line = buffer.toString('utf8', from, from + (lines.lengths[slot] as number));
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      found.set(slot, annotationAgain(line));
    }
    i = j;
  }
  return wanted.map((slot) => found.get(slot) as Annotation);
}
