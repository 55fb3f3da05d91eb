import type { Span } from '../../../shared/domain/annotation.ts';
import type { AttributeRecord } from '../../../shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { AppError } from '../../../shared/result.ts';
import type { AnnotationTable } from './annotation-table.ts';
import { FIELD, type FieldDecoder } from './line-scan.ts';
import type { TextBytes } from './text-bytes.ts';

/** A document's annotations (rows of its AnnotationTable) resolved against its text. */
export interface Resolved {
  /** The rows in the export's order. */
  order: number[];
  /** Per row: its code-point range (a segment annotation's is its segment's): [start, end, start, end...]. */
  ranges: Int32Array;
  /** Per row: its attribute values, evidence checked; undefined for none. */
  attributes: (AttributeRecord[] | undefined)[];
}

const preview = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ');
  return `“${flat.length > 60 ? `${flat.slice(0, 60)}…` : flat}”`;
};

function mismatch(doc: ClausemarkDocument, table: AnnotationTable, row: number, names: FieldDecoder, what: string, detail: string): AppError {
  const id = table.string(row, FIELD.id);
  const reviewer = table.string(row, FIELD.reviewer, names);
  return new AppError(
    'EXPORT_INVALID',
    `Nothing was exported: in “${doc.title}” (${doc.id}), ${what} of annotation ${id} by ${reviewer} ${detail}. Fix or delete that annotation and export again.`,
  );
}

const outside = (text: TextBytes, start: number, end: number): string | null =>
  end > text.length || start >= end ? `(${start}-${end}) lies outside the text (${text.length} characters)` : null;

const misquoted = (quote: string, start: number, end: number, actual: string): string =>
  `says ${preview(quote)} at ${start}-${end}, but the text there reads ${preview(actual)}`;

/** An evidence span's text, checked as a string (evidence is rare). */
function checkedEvidence(doc: ClausemarkDocument, text: TextBytes, table: AnnotationTable, row: number, names: FieldDecoder, span: Span, what: string): string {
  const problem = outside(text, span.start, span.end);
  if (problem) throw mismatch(doc, table, row, names, what, problem);
  const actual = text.slice(span.start, span.end);
  if (actual !== span.quote) throw mismatch(doc, table, row, names, what, misquoted(span.quote, span.start, span.end, actual));
  return actual;
}

/**
 * Resolves a document's annotations in a stable order (start, end, label, reviewer, attributes,
 * note), checking that every span's and every evidence's text is the document's text at its offsets
 * (a span's quote by its bytes: both are as JSON.stringify writes them, so the same bytes are the
 * same string). A mismatch throws, naming the document and the first such annotation in the logs.
 * `names` decodes reviewers and labels.
 */
export function resolveAnnotations(doc: ClausemarkDocument, text: TextBytes, table: AnnotationTable, names: FieldDecoder): Resolved {
  const size = table.size;
  const ranges = new Int32Array(size * 2);
  const attributes: (AttributeRecord[] | undefined)[] = new Array(size);
  for (let row = 0; row < size; row++) {
    let start = table.at(row, FIELD.start);
    let end = table.at(row, FIELD.end);
    if (!table.isSegment(row)) {
      const problem = outside(text, start, end);
      if (problem) throw mismatch(doc, table, row, names, 'the span', problem);
      if (!text.equals(start, end, table.bytes, table.at(row, FIELD.quote), table.at(row, FIELD.quote + 1))) {
        throw mismatch(doc, table, row, names, 'the span', misquoted(table.string(row, FIELD.quote), start, end, text.slice(start, end)));
      }
    } else {
      const segment = doc.segments[start];
      if (!segment) throw mismatch(doc, table, row, names, 'the segment', `(${start}) does not exist; the document has ${doc.segments.length}`);
      ({ start, end } = segment);
    }
    ranges[2 * row] = start;
    ranges[2 * row + 1] = end;
    if (table.hasAttributes(row)) {
      const records: AttributeRecord[] = [];
      for (const [name, values] of Object.entries(table.attributes(row))) {
        for (const v of values) {
          const evidence = (v.evidence ?? []).map((e) => ({ start: e.start, end: e.end, text: checkedEvidence(doc, text, table, row, names, e, `the evidence for “${v.value}”`) }));
          records.push({ name, value: v.value, evidence });
        }
      }
      if (records.length > 0) attributes[row] = records;
    }
  }
  // The rest of the order's key, made only for annotations with the same range.
  const keys: (string | undefined)[] = new Array(size);
  const keyOf = (row: number): string =>
    (keys[row] ??= JSON.stringify([table.string(row, FIELD.label, names), table.string(row, FIELD.reviewer, names), attributes[row] ?? [], table.string(row, FIELD.note)]));
  const order = Array.from({ length: size }, (_, row) => row);
  order.sort((x, y) => {
    const byRange = (ranges[2 * x] as number) - (ranges[2 * y] as number) || (ranges[2 * x + 1] as number) - (ranges[2 * y + 1] as number);
    if (byRange !== 0) return byRange;
    const kx = keyOf(x);
    const ky = keyOf(y);
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });
  return { order, ranges, attributes };
}

/**
 * An annotation's attribute values as a span record writes them: offsets shifted by `base`, and
 * with `within`, only evidence inside [within[0], within[1]) (a segment, for `--unit segment`).
 */
export function attributeRecords(records: readonly AttributeRecord[], base: number, within?: readonly [number, number]): AttributeRecord[] {
  return records.map((a) => ({
    name: a.name,
    value: a.value,
    evidence: (within ? a.evidence.filter((x) => x.start >= within[0] && x.end <= within[1]) : a.evidence).map((e) => ({ start: e.start - base, end: e.end - base, text: e.text })),
  }));
}
