import type { DocumentMeta, SegmentsRecord, SpansRecord } from '../../../shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import type { CodePointIndex } from '../../../shared/text/codepoints.ts';
import { csvRow } from '../../../shared/text/csv.ts';
import { clipToSegment, spanRecord, type ResolvedAnnotation } from './records.ts';

/** One document as the format writers see it. */
export interface DocumentContext {
  doc: ClausemarkDocument;
  text: CodePointIndex;
  resolved: ResolvedAnnotation[];
  meta: DocumentMeta;
  /** 1-based position in the export (Label Studio task ids). */
  position: number;
}

export interface Written {
  text: string;
  records: number;
}

export const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** Labels a segment carries: annotations on it, and spans that overlap it (sorted, once each). */
function segmentLabels(ctx: DocumentContext, index: number, start: number, end: number): string[] {
  const labels = new Set<string>();
  for (const r of ctx.resolved) {
    const t = r.annotation.target;
    if (t.type === 'segment' ? t.segment === index : r.start < end && r.end > start) labels.add(r.annotation.label);
  }
  return [...labels].sort();
}

export function spansLines(ctx: DocumentContext, unit: 'document' | 'segment', several: boolean): Written {
  if (unit === 'document') {
    const record: SpansRecord = {
      id: ctx.doc.id,
      text: ctx.doc.text,
      spans: ctx.resolved.map((r) => spanRecord(r, { several, full: false })),
      meta: ctx.meta,
    };
    return { text: line(record), records: 1 };
  }
  let text = '';
  for (const segment of ctx.doc.segments) {
    const spans = ctx.resolved
      .map((r) => clipToSegment(r, ctx.text, segment.start, segment.end))
      .filter((r): r is ResolvedAnnotation => r !== null)
      .map((r) => spanRecord(r, { several, full: false, base: segment.start }));
    const record: SpansRecord = {
      id: `${ctx.doc.id}-${segment.index}`,
      text: ctx.text.slice(segment.start, segment.end),
      spans,
      meta: { ...ctx.meta, document_id: ctx.doc.id, segment_index: segment.index },
    };
    text += line(record);
  }
  return { text, records: ctx.doc.segments.length };
}

export function segmentsLines(ctx: DocumentContext, labeledOnly: boolean): Written {
  let text = '';
  let records = 0;
  for (const segment of ctx.doc.segments) {
    const labels = segmentLabels(ctx, segment.index, segment.start, segment.end);
    if (labeledOnly && labels.length === 0) continue;
    const record: SegmentsRecord = {
      id: `${ctx.doc.id}-${segment.index}`,
      text: ctx.text.slice(segment.start, segment.end),
      labels,
      document_id: ctx.doc.id,
      segment_index: segment.index,
    };
    text += line(record);
    records++;
  }
  return { text, records };
}

export function doccanoLine(ctx: DocumentContext): Written {
  return { text: line({ text: ctx.doc.text, label: ctx.resolved.map((r) => [r.start, r.end, r.annotation.label]) }), records: 1 };
}

function labelStudioTask(ctx: DocumentContext): unknown {
  const byReviewer = new Map<string, ResolvedAnnotation[]>();
  for (const r of ctx.resolved) {
    const list = byReviewer.get(r.annotation.reviewer) ?? [];
    list.push(r);
    byReviewer.set(r.annotation.reviewer, list);
  }
  const annotations = [...byReviewer]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reviewer, list]) => ({
      reviewer,
      result: list.map((r) => ({
        id: r.annotation.id,
        from_name: 'label',
        to_name: 'text',
        type: 'labels',
        value: { start: r.start, end: r.end, text: r.text, labels: [r.annotation.label] },
      })),
    }));
  return { id: ctx.position, data: { text: ctx.doc.text, document_id: ctx.doc.id, title: ctx.doc.title }, annotations };
}

/** A task of the Label Studio list, after the `[` the file starts with (and a comma after the first). */
export function labelStudioEntry(ctx: DocumentContext): Written {
  return { text: `${ctx.position === 1 ? '\n' : ',\n'}${JSON.stringify(labelStudioTask(ctx))}`, records: 1 };
}

const wellFormed = (s: string): string => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

export const CSV_HEADER = ['document_id', 'document_title', 'reviewer', 'label', 'attributes', 'quote', 'start', 'end', 'target', 'note'];

export function csvRows(ctx: DocumentContext): Written {
  let text = '';
  for (const r of ctx.resolved) {
    const attributes = r.attributes.map((a) => `${a.name}: ${a.value}`).join(' | ');
    // A lone surrogate cannot be written in UTF-8; the spreadsheet gets U+FFFD in its place.
    const fields = [ctx.doc.id, ctx.doc.title, r.annotation.reviewer, r.annotation.label, attributes, r.text, r.start, r.end, r.annotation.target.type, r.annotation.note];
    text += csvRow(fields.map((v) => (typeof v === 'string' ? wellFormed(v) : v)));
  }
  return { text, records: ctx.resolved.length };
}

/** A document's line of an `hf` split: every span key on every line. */
export function datasetLine(ctx: DocumentContext): string {
  const record: SpansRecord = {
    id: ctx.doc.id,
    text: ctx.doc.text,
    spans: ctx.resolved.map((r) => spanRecord(r, { several: true, full: true })),
    meta: ctx.meta,
  };
  return line(record);
}
