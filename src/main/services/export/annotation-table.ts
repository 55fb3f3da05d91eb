import { isUtf8 } from 'node:buffer';
import type { Annotation } from '../../../shared/domain/annotation.ts';
import { FIELD, FIELDS, fieldText, locateAnnotation, type FieldDecoder } from './line-scan.ts';

/** What an export reads of an annotation; the rest of a line it does not need. */
export type ExportedAnnotation = Pick<Annotation, 'id' | 'reviewer' | 'target' | 'label' | 'attributes' | 'note'>;

/** The string fields of a row (FIELD). */
export type StringField = typeof FIELD.id | typeof FIELD.reviewer | typeof FIELD.quote | typeof FIELD.label | typeof FIELD.note;

/**
 * An annotation as a line in the shape the byte scan reads (its other fields left out or empty),
 * written by JSON.stringify.
 */
function stringifiedLine(a: ExportedAnnotation): string {
  const t = a.target;
  const target = t.type === 'span' ? `{"type":"span","start":${t.start},"end":${t.end},"quote":${JSON.stringify(t.quote)}}` : `{"type":"segment","segment":${t.segment}}`;
  return `{"formatVersion":2,"kind":"annotation","annotation":{"id":${JSON.stringify(a.id)},"documentId":"","reviewer":${JSON.stringify(a.reviewer)},"target":${target},"label":${JSON.stringify(a.label)},"attributes":${JSON.stringify(a.attributes)},"note":${JSON.stringify(a.note)}}}`;
}

/**
 * A document's annotations as the export reads them: their lines' bytes, one after another in one
 * buffer, and per annotation (a row of numbers) where its fields are in them (line-scan.ts FIELD).
 * Strings stay as the lines' JSON: a record copies them, and only what must be a string (labels and
 * reviewers to sort and count, a quote for CSV or a message) is decoded. Every row's strings are as
 * JSON.stringify writes them: a line that holds other escapes or bytes that are not UTF-8, or that
 * the byte scan did not read, is written again from its annotation. A thread keeps one table and
 * fills it for each document in turn.
 */
export class AnnotationTable {
  bytes = Buffer.allocUnsafeSlow(1 << 16);
  used = 0;
  rows = new Int32Array(FIELDS * 256);
  size = 0;

  clear(): void {
    this.used = 0;
    this.size = 0;
  }

  /** Rows for `n` more annotations; answers the first one's number. */
  addRows(n: number): number {
    const first = this.size;
    this.size += n;
    if (this.size * FIELDS > this.rows.length) {
      const bigger = new Int32Array(Math.max(this.rows.length * 2, this.size * FIELDS));
      bigger.set(this.rows.subarray(0, first * FIELDS));
      this.rows = bigger;
    }
    return first;
  }

  /** Makes room for `n` more bytes at `used` (the buffer may be replaced; offsets into it stay valid). */
  room(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.used + n));
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }

  /**
   * Row `row` is the line at bytes [from, to), which the byte scan accepted: found where it is (1), or
   * not, when it holds strings not as JSON.stringify writes them (0: the caller writes it again), or
   * when it is plainly not as the scan accepted it (-1). `utf8`: its bytes are known to be UTF-8.
   */
  locate(row: number, from: number, to: number, utf8: boolean): -1 | 0 | 1 {
    // A byte that is not UTF-8 reads as U+FFFD: not the line's bytes.
    if (!utf8 && !isUtf8(this.bytes.subarray(from, to))) return 0;
    return locateAnnotation(this.bytes, from, to, this.rows, row * FIELDS, true);
  }

  /** Row `row` is `annotation`, written as JSON.stringify writes it. */
  write(row: number, annotation: ExportedAnnotation): void {
    const line = stringifiedLine(annotation);
    this.room(line.length * 3);
    const from = this.used;
    this.used += this.bytes.write(line, from);
    if (locateAnnotation(this.bytes, from, this.used, this.rows, row * FIELDS, false) !== 1) throw new Error(`The export could not read back the line it wrote: ${line}`);
  }

  /** A number of a row (FIELD.kind, start, end). */
  at(row: number, field: number): number {
    return this.rows[row * FIELDS + field] as number;
  }

  isSegment(row: number): boolean {
    return this.rows[row * FIELDS + FIELD.kind] === 1;
  }

  /** A string field, decoded (by `decode`, a cache of fieldText, say). */
  string(row: number, field: StringField, decode: FieldDecoder = fieldText): string {
    const at = row * FIELDS;
    const escapes = ((this.rows[at + FIELD.escapes] as number) & (1 << (field >> 1))) !== 0;
    return decode(this.bytes, this.rows[at + field] as number, this.rows[at + field + 1] as number, escapes);
  }

  /** Whether a string field is the empty string. */
  empty(row: number, field: StringField): boolean {
    const at = row * FIELDS;
    return this.rows[at + field] === this.rows[at + field + 1];
  }

  /** A row's attributes, as JSON.parse reads them. */
  attributes(row: number): Annotation['attributes'] {
    const at = row * FIELDS;
    const from = this.rows[at + FIELD.attributes] as number;
    const to = this.rows[at + FIELD.attributes + 1] as number;
    return from === to ? {} : (JSON.parse(this.bytes.toString('utf8', from, to)) as Annotation['attributes']);
  }

  hasAttributes(row: number): boolean {
    const at = row * FIELDS;
    return this.rows[at + FIELD.attributes] !== this.rows[at + FIELD.attributes + 1];
  }
}
