/**
 * The export's formats (docs/export-formats.md), written straight into a run's UTF-8: a document's
 * text and its segments' and spans' texts are copied from the text's JSON (text-bytes.ts), labels,
 * reviewers, ids and notes from the lines' JSON (annotation-table.ts); both are as JSON.stringify
 * writes them, so each record has the bytes JSON.stringify would give it, keys in the same order.
 */
import type { DocumentMeta } from '../../../shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { csvField } from '../../../shared/text/csv.ts';
import type { AnnotationTable, StringField } from './annotation-table.ts';
import { FIELD, type FieldDecoder } from './line-scan.ts';
import { attributeRecords, type Resolved } from './records.ts';
import type { TextBytes } from './text-bytes.ts';
import { ascii, type Utf8Sink } from './utf8-sink.ts';

/** One document as the format writers see it. */
export interface DocumentContext {
  doc: ClausemarkDocument;
  text: TextBytes;
  table: AnnotationTable;
  resolved: Resolved;
  meta: DocumentMeta;
  /** 1-based position in the export (Label Studio task ids). */
  position: number;
  /** Decodes labels and reviewers (a cache: they repeat). */
  names: FieldDecoder;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE = 0x7d;

const ID = ascii('{"id":');
const TEXT = ascii(',"text":');
const SPANS = ascii(',"spans":[');
const META = ascii('],"meta":');
const END_LINE = ascii('}\n');
const SPAN_START = ascii('{"start":');
const END = ascii(',"end":');
const LABEL = ascii(',"label":');
const REVIEWER = ascii(',"reviewer":');
const ATTRIBUTES = ascii(',"attributes":');
const NO_ATTRIBUTES = ascii(',"attributes":[]');
const NOTE = ascii(',"note":');
const SEGMENT_META = ascii(',"document_id":');
const SEGMENT_INDEX = ascii(',"segment_index":');
const LABELS = ascii(',"labels":');
const DOCCANO = ascii('{"text":');
const DOCCANO_LABELS = ascii(',"label":[');
/** A record's `meta` after a list it ends with (doccano's labels, a Label Studio task's annotations). */
const LIST_META = ascii('],"meta":');
const RECORD_META = ascii(',"meta":');
const TASK = ascii('{"id":');
const TASK_DATA = ascii(',"data":{"text":');
const TASK_DOCUMENT = ascii(',"document_id":');
const TASK_TITLE = ascii(',"title":');
const TASK_ANNOTATIONS = ascii('},"annotations":[');
const TASK_REVIEWER = ascii('{"reviewer":');
const TASK_RESULT = ascii(',"result":[');
const RESULT_ID = ascii('{"id":');
const RESULT_VALUE = ascii(',"from_name":"label","to_name":"text","type":"labels","value":{"start":');
const RESULT_LABELS = ascii(',"labels":[');
const RESULT_END = ascii(']}}');
const LIST_END = ascii(']}');
const FIRST_TASK = ascii('\n');
const NEXT_TASK = ascii(',\n');

/** A string field's JSON, copied from its line. */
function copyJson(sink: Utf8Sink, table: AnnotationTable, row: number, field: StringField): void {
  sink.copy(table.bytes, table.at(row, field) - 1, table.at(row, field + 1) + 1);
}

/** Code points [start, end) of the text, as a JSON string. */
function copyText(sink: Utf8Sink, text: TextBytes, start: number, end: number): void {
  sink.byte(QUOTE);
  sink.copy(text.bytes, text.starts[start] as number, text.starts[end] as number);
  sink.byte(QUOTE);
}

/**
 * A span record: reviewer only with several reviewers (`full`: always), attributes and note only
 * when not empty (`full`: always); offsets from `base`; with `within`, clipped to it (a segment).
 */
function span(sink: Utf8Sink, ctx: DocumentContext, row: number, opts: { several: boolean; full: boolean; base: number; within?: readonly [number, number] }): void {
  const { table, resolved } = ctx;
  let start = resolved.ranges[2 * row] as number;
  let end = resolved.ranges[2 * row + 1] as number;
  if (opts.within) {
    start = Math.max(start, opts.within[0]);
    end = Math.min(end, opts.within[1]);
  }
  sink.bytes(SPAN_START);
  sink.number(start - opts.base);
  sink.bytes(END);
  sink.number(end - opts.base);
  sink.bytes(LABEL);
  copyJson(sink, table, row, FIELD.label);
  sink.bytes(TEXT);
  copyText(sink, ctx.text, start, end);
  if (opts.full || opts.several) {
    sink.bytes(REVIEWER);
    copyJson(sink, table, row, FIELD.reviewer);
  }
  const attributes = resolved.attributes[row];
  if (attributes) {
    sink.bytes(ATTRIBUTES);
    sink.text(JSON.stringify(attributeRecords(attributes, opts.base, opts.within)));
  } else if (opts.full) sink.bytes(NO_ATTRIBUTES);
  if (opts.full || !table.empty(row, FIELD.note)) {
    sink.bytes(NOTE);
    copyJson(sink, table, row, FIELD.note);
  }
  sink.byte(CLOSE);
}

/** A `spans` record of the whole document (`hf`: `full`, every key on every span). */
function documentLine(sink: Utf8Sink, ctx: DocumentContext, several: boolean, full: boolean): void {
  sink.bytes(ID);
  sink.text(JSON.stringify(ctx.doc.id));
  sink.bytes(TEXT);
  sink.copy(ctx.text.bytes, 0, ctx.text.size);
  sink.bytes(SPANS);
  ctx.resolved.order.forEach((row, i) => {
    if (i > 0) sink.byte(COMMA);
    span(sink, ctx, row, { several, full, base: 0 });
  });
  sink.bytes(META);
  sink.text(JSON.stringify(ctx.meta));
  sink.bytes(END_LINE);
}

/** Writes the `spans` record(s) of a document; answers how many. */
export function spansLines(sink: Utf8Sink, ctx: DocumentContext, unit: 'document' | 'segment', several: boolean): number {
  if (unit === 'document') {
    documentLine(sink, ctx, several, false);
    return 1;
  }
  const { doc, resolved } = ctx;
  // The document's meta with the segment's document and position after it.
  const meta = JSON.stringify(ctx.meta).slice(0, -1);
  const documentId = JSON.stringify(doc.id);
  for (const segment of doc.segments) {
    const within = [segment.start, segment.end] as const;
    sink.bytes(ID);
    sink.text(JSON.stringify(`${doc.id}-${segment.index}`));
    sink.bytes(TEXT);
    copyText(sink, ctx.text, segment.start, segment.end);
    sink.bytes(SPANS);
    let first = true;
    for (const row of resolved.order) {
      if (Math.max(resolved.ranges[2 * row] as number, segment.start) >= Math.min(resolved.ranges[2 * row + 1] as number, segment.end)) continue;
      if (!first) sink.byte(COMMA);
      first = false;
      span(sink, ctx, row, { several, full: false, base: segment.start, within });
    }
    sink.bytes(META);
    sink.text(meta);
    sink.bytes(SEGMENT_META);
    sink.text(documentId);
    sink.bytes(SEGMENT_INDEX);
    sink.number(segment.index);
    sink.byte(CLOSE);
    sink.bytes(END_LINE);
  }
  return doc.segments.length;
}

/** Labels a segment carries: annotations on it, and spans that overlap it (sorted, once each). */
function segmentLabels(ctx: DocumentContext, index: number, start: number, end: number): string[] {
  const { table, resolved } = ctx;
  const labels = new Set<string>();
  for (const row of resolved.order) {
    const on = table.isSegment(row) ? table.at(row, FIELD.start) === index : (resolved.ranges[2 * row] as number) < end && (resolved.ranges[2 * row + 1] as number) > start;
    if (on) labels.add(table.string(row, FIELD.label, ctx.names));
  }
  return [...labels].sort();
}

/** Writes a document's `segments` records; answers how many. */
export function segmentsLines(sink: Utf8Sink, ctx: DocumentContext, labeledOnly: boolean): number {
  const { doc } = ctx;
  const documentId = JSON.stringify(doc.id);
  const meta = JSON.stringify(ctx.meta);
  let records = 0;
  for (const segment of doc.segments) {
    const labels = segmentLabels(ctx, segment.index, segment.start, segment.end);
    if (labeledOnly && labels.length === 0) continue;
    sink.bytes(ID);
    sink.text(JSON.stringify(`${doc.id}-${segment.index}`));
    sink.bytes(TEXT);
    copyText(sink, ctx.text, segment.start, segment.end);
    sink.bytes(LABELS);
    sink.text(JSON.stringify(labels));
    sink.bytes(SEGMENT_META);
    sink.text(documentId);
    sink.bytes(SEGMENT_INDEX);
    sink.number(segment.index);
    sink.bytes(RECORD_META);
    sink.text(meta);
    sink.bytes(END_LINE);
    records++;
  }
  return records;
}

export function doccanoLine(sink: Utf8Sink, ctx: DocumentContext): number {
  const { table, resolved } = ctx;
  sink.bytes(DOCCANO);
  sink.copy(ctx.text.bytes, 0, ctx.text.size);
  sink.bytes(DOCCANO_LABELS);
  resolved.order.forEach((row, i) => {
    if (i > 0) sink.byte(COMMA);
    sink.byte(0x5b);
    sink.number(resolved.ranges[2 * row] as number);
    sink.byte(COMMA);
    sink.number(resolved.ranges[2 * row + 1] as number);
    sink.byte(COMMA);
    copyJson(sink, table, row, FIELD.label);
    sink.byte(0x5d);
  });
  sink.bytes(LIST_META);
  sink.text(JSON.stringify(ctx.meta));
  sink.bytes(END_LINE);
  return 1;
}

/** A task of the Label Studio list, after the `[` the file starts with (and a comma after the first). */
export function labelStudioEntry(sink: Utf8Sink, ctx: DocumentContext): number {
  const { table, resolved, doc } = ctx;
  // One annotation per reviewer, by name, each holding its results in the export's order.
  const byReviewer = new Map<string, number[]>();
  for (const row of resolved.order) {
    const reviewer = table.string(row, FIELD.reviewer, ctx.names);
    const rows = byReviewer.get(reviewer);
    if (rows) rows.push(row);
    else byReviewer.set(reviewer, [row]);
  }
  sink.bytes(ctx.position === 1 ? FIRST_TASK : NEXT_TASK);
  sink.bytes(TASK);
  sink.number(ctx.position);
  sink.bytes(TASK_DATA);
  sink.copy(ctx.text.bytes, 0, ctx.text.size);
  sink.bytes(TASK_DOCUMENT);
  sink.text(JSON.stringify(doc.id));
  sink.bytes(TASK_TITLE);
  sink.text(JSON.stringify(doc.title));
  sink.bytes(TASK_ANNOTATIONS);
  [...byReviewer.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .forEach((reviewer, i) => {
      const rows = byReviewer.get(reviewer) as number[];
      if (i > 0) sink.byte(COMMA);
      sink.bytes(TASK_REVIEWER);
      copyJson(sink, table, rows[0] as number, FIELD.reviewer);
      sink.bytes(TASK_RESULT);
      rows.forEach((row, k) => {
        if (k > 0) sink.byte(COMMA);
        const start = resolved.ranges[2 * row] as number;
        const end = resolved.ranges[2 * row + 1] as number;
        sink.bytes(RESULT_ID);
        copyJson(sink, table, row, FIELD.id);
        sink.bytes(RESULT_VALUE);
        sink.number(start);
        sink.bytes(END);
        sink.number(end);
        sink.bytes(TEXT);
        copyText(sink, ctx.text, start, end);
        sink.bytes(RESULT_LABELS);
        copyJson(sink, table, row, FIELD.label);
        sink.bytes(RESULT_END);
      });
      sink.bytes(LIST_END);
    });
  sink.bytes(LIST_META);
  sink.text(JSON.stringify(ctx.meta));
  sink.byte(CLOSE);
  return 1;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A CSV field of text (csvField). A lone surrogate cannot be written in UTF-8; the spreadsheet gets
 * U+FFFD in its place.
 */
const csvText = (s: string): string => csvField(SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s);

export const CSV_HEADER = [
  'document_id',
  'document_title',
  'reviewer',
  'label',
  'attributes',
  'quote',
  'start',
  'end',
  'target',
  'note',
  'source_file',
  'source_sha256',
  'document_status',
  'taxonomy_id',
  'taxonomy_version',
];

/** Writes a document's CSV rows (csvRow's, made of strings: CSV is not JSON); answers how many. */
export function csvRows(sink: Utf8Sink, ctx: DocumentContext): number {
  const { table, resolved, doc } = ctx;
  const documentFields = `${csvText(doc.id)},${csvText(doc.title)},`;
  const { meta } = ctx;
  const metaFields = `,${csvText(meta.source_file)},${csvText(meta.source_sha256)},${meta.status},${csvText(meta.taxonomy_id)},${meta.taxonomy_version}`;
  for (const row of resolved.order) {
    const start = resolved.ranges[2 * row] as number;
    const end = resolved.ranges[2 * row + 1] as number;
    const attributes = (resolved.attributes[row] ?? []).map((a) => `${a.name}: ${a.value}`).join(' | ');
    const reviewer = csvText(table.string(row, FIELD.reviewer, ctx.names));
    const label = csvText(table.string(row, FIELD.label, ctx.names));
    const target = table.isSegment(row) ? 'segment' : 'span';
    sink.text(
      `${documentFields}${reviewer},${label},${csvText(attributes)},${csvText(ctx.text.slice(start, end))},${start},${end},${target},${csvText(table.string(row, FIELD.note))}${metaFields}\r\n`,
    );
  }
  return resolved.order.length;
}

/** A document's line of an `hf` split: every span key on every line. */
export function datasetLine(sink: Utf8Sink, ctx: DocumentContext): void {
  documentLine(sink, ctx, true, true);
}
