/**
 * The export written the plain way, as docs/export-formats.md describes it: each reviewer's log folded
 * by the app's own reader (foldLogText), each document read by the store, records built as objects and
 * written with JSON.stringify. What the export writes (byte scans, runs on threads, records copied as
 * bytes) must be exactly this, byte for byte, or the same error.
 */
import { readFile } from 'node:fs/promises';
import type { Annotation, Span } from '../../../src/shared/domain/annotation.ts';
import { csvRow, splitDocuments, type AttributeRecord, type DocumentMeta, type ExportRequest, type SpanRecord } from '../../../src/shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../../../src/shared/domain/document.ts';
import { AppError } from '../../../src/shared/result.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { foldLogText } from '../../../src/main/services/annotations/log.ts';
import { datasetCard, type SplitName } from '../../../src/main/services/export/card.ts';
import { CSV_HEADER } from '../../../src/main/services/export/export.ts';
import { documentReview, selectAnnotations, taxonomyVersion } from '../../../src/main/services/export/selection.ts';
import type { ProjectStore } from '../../../src/main/services/project/index.ts';
import { reviewerSlug } from '../../../src/main/services/project/layout.ts';

interface Resolved {
  annotation: Annotation;
  start: number;
  end: number;
  text: string;
  attributes: AttributeRecord[];
}

const preview = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ');
  return `“${flat.length > 60 ? `${flat.slice(0, 60)}…` : flat}”`;
};

const mismatch = (doc: ClausemarkDocument, a: Annotation, what: string, detail: string): AppError =>
  new AppError('EXPORT_INVALID', `Nothing was exported: in “${doc.title}” (${doc.id}), ${what} of annotation ${a.id} by ${a.reviewer} ${detail}. Fix or delete that annotation and export again.`);

function checked(doc: ClausemarkDocument, text: CodePointIndex, a: Annotation, span: Span, what: string): string {
  if (span.end > text.length || span.start >= span.end) throw mismatch(doc, a, what, `(${span.start}-${span.end}) lies outside the text (${text.length} characters)`);
  const actual = text.slice(span.start, span.end);
  if (actual !== span.quote) throw mismatch(doc, a, what, `says ${preview(span.quote)} at ${span.start}-${span.end}, but the text there reads ${preview(actual)}`);
  return actual;
}

function resolve(doc: ClausemarkDocument, text: CodePointIndex, annotations: Annotation[]): Resolved[] {
  const resolved = annotations.map((a): Resolved => {
    let start: number;
    let end: number;
    let quote: string;
    if (a.target.type === 'span') {
      quote = checked(doc, text, a, a.target, 'the span');
      ({ start, end } = a.target);
    } else {
      const segment = doc.segments[a.target.segment];
      if (!segment) throw mismatch(doc, a, 'the segment', `(${a.target.segment}) does not exist; the document has ${doc.segments.length}`);
      ({ start, end } = segment);
      quote = text.slice(start, end);
    }
    const attributes: AttributeRecord[] = [];
    for (const [name, values] of Object.entries(a.attributes)) {
      for (const v of values) {
        attributes.push({ name, value: v.value, evidence: (v.evidence ?? []).map((e) => ({ start: e.start, end: e.end, text: checked(doc, text, a, e, `the evidence for “${v.value}”`) })) });
      }
    }
    return { annotation: a, start, end, text: quote, attributes };
  });
  const key = (r: Resolved): string => JSON.stringify([r.annotation.label, r.annotation.reviewer, r.attributes, r.annotation.note]);
  return resolved.sort((x, y) => x.start - y.start || x.end - y.end || (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

function spanRecord(r: Resolved, opts: { several: boolean; full: boolean; base?: number }): SpanRecord {
  const base = opts.base ?? 0;
  const record: SpanRecord = { start: r.start - base, end: r.end - base, label: r.annotation.label, text: r.text };
  if (opts.full || opts.several) record.reviewer = r.annotation.reviewer;
  const attributes = r.attributes.map((a) => ({ name: a.name, value: a.value, evidence: a.evidence.map((e) => ({ start: e.start - base, end: e.end - base, text: e.text })) }));
  if (opts.full || attributes.length > 0) record.attributes = attributes;
  if (opts.full || r.annotation.note !== '') record.note = r.annotation.note;
  return record;
}

function clip(r: Resolved, text: CodePointIndex, start: number, end: number): Resolved | null {
  const s = Math.max(r.start, start);
  const e = Math.min(r.end, end);
  if (s >= e) return null;
  const attributes = r.attributes.map((a) => ({ ...a, evidence: a.evidence.filter((x) => x.start >= start && x.end <= end) }));
  return { annotation: r.annotation, start: s, end: e, text: text.slice(s, e), attributes };
}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
const wellFormed = (s: string): string => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

interface Context {
  doc: ClausemarkDocument;
  text: CodePointIndex;
  resolved: Resolved[];
  meta: DocumentMeta;
  position: number;
}

/** A document's text in a format other than `hf`, and its records. */
function written(format: ExportRequest['format'], request: ExportRequest, several: boolean, ctx: Context): { text: string; records: number } {
  const { doc, text, resolved } = ctx;
  switch (format ?? 'spans') {
    case 'spans': {
      if (request.unit !== 'segment') {
        return { text: line({ id: doc.id, text: doc.text, spans: resolved.map((r) => spanRecord(r, { several, full: false })), meta: ctx.meta }), records: 1 };
      }
      let out = '';
      for (const s of doc.segments) {
        const spans = resolved
          .map((r) => clip(r, text, s.start, s.end))
          .filter((r): r is Resolved => r !== null)
          .map((r) => spanRecord(r, { several, full: false, base: s.start }));
        out += line({ id: `${doc.id}-${s.index}`, text: text.slice(s.start, s.end), spans, meta: { ...ctx.meta, document_id: doc.id, segment_index: s.index } });
      }
      return { text: out, records: doc.segments.length };
    }
    case 'segments': {
      let out = '';
      let records = 0;
      for (const s of doc.segments) {
        const labels = new Set<string>();
        for (const r of resolved) {
          const t = r.annotation.target;
          if (t.type === 'segment' ? t.segment === s.index : r.start < s.end && r.end > s.start) labels.add(r.annotation.label);
        }
        if (request.labeledOnly && labels.size === 0) continue;
        out += line({ id: `${doc.id}-${s.index}`, text: text.slice(s.start, s.end), labels: [...labels].sort(), document_id: doc.id, segment_index: s.index, meta: ctx.meta });
        records++;
      }
      return { text: out, records };
    }
    case 'doccano':
      return { text: line({ text: doc.text, label: resolved.map((r) => [r.start, r.end, r.annotation.label]), meta: ctx.meta }), records: 1 };
    case 'label-studio': {
      const byReviewer = new Map<string, Resolved[]>();
      for (const r of resolved) byReviewer.set(r.annotation.reviewer, [...(byReviewer.get(r.annotation.reviewer) ?? []), r]);
      const annotations = [...byReviewer]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([reviewer, list]) => ({
          reviewer,
          result: list.map((r) => ({ id: r.annotation.id, from_name: 'label', to_name: 'text', type: 'labels', value: { start: r.start, end: r.end, text: r.text, labels: [r.annotation.label] } })),
        }));
      const task = { id: ctx.position, data: { text: doc.text, document_id: doc.id, title: doc.title }, annotations, meta: ctx.meta };
      return { text: `${ctx.position === 1 ? '\n' : ',\n'}${JSON.stringify(task)}`, records: 1 };
    }
    case 'csv': {
      let out = '';
      for (const r of resolved) {
        const attributes = r.attributes.map((a) => `${a.name}: ${a.value}`).join(' | ');
        const { meta } = ctx;
        const fields = [
          ...[doc.id, doc.title, r.annotation.reviewer, r.annotation.label, attributes, r.text, r.start, r.end, r.annotation.target.type, r.annotation.note],
          ...[meta.source_file, meta.source_sha256, meta.status, meta.taxonomy_id, meta.taxonomy_version],
        ];
        out += csvRow(fields.map((v) => (typeof v === 'string' ? wellFormed(v) : v)));
      }
      return { text: out, records: resolved.length };
    }
    default:
      throw new Error(`not a file format: ${format}`);
  }
}

/**
 * The files an export writes (names in the output's folder; an `hf` folder's files by their names)
 * and its summary without `out`, or the error it stops with (and no files).
 */
export async function referenceExport(store: ProjectStore, request: ExportRequest, now: Date): Promise<{ result: unknown; files: Record<string, Buffer> }> {
  const format = request.format ?? 'spans';
  const source = await store.exportSource();
  const selection = await selectAnnotations(source, { reviewer: request.reviewer, labels: request.labels, status: request.status ?? 'all' });
  await selection.close();
  // The logs the selection reads, in its order: one reviewer's, or all.
  const chosenLogs = source.logFiles.filter((f) => request.reviewer === undefined || f.file === `annotations/${reviewerSlug(request.reviewer)}.jsonl`);
  const folds = await Promise.all(chosenLogs.map(async (f) => foldLogText(await readFile(f.path, 'utf8'))));
  const labels = request.labels && request.labels.length > 0 ? new Set(request.labels) : null;
  const texts = ['', '', ''];
  const splitOf = format === 'hf' ? splitDocuments(selection.documentIds, request.split ?? [0.8, 0.1, 0.1], request.seed ?? 42) : null;
  const labelCounts = new Map<SplitName, Map<string, number>>((['train', 'validation', 'test'] as const).map((n) => [n, new Map()]));
  const documentsPer = { train: 0, validation: 0, test: 0 };
  let records = 0;
  let annotations = 0;
  try {
    for (const [i, id] of selection.documentIds.entries()) {
      const doc = await store.getDocument(id);
      const text = new CodePointIndex(doc.text);
      const chosen = folds.flatMap((fold) => [...fold.annotations.values()].filter((a) => a.documentId === id && (!labels || labels.has(a.label))));
      const review = documentReview(selection, i);
      const meta: DocumentMeta = {
        title: doc.title,
        source_file: doc.source.fileName,
        source_sha256: doc.source.sha256,
        status: review.status,
        reviewers: review.reviewers,
        taxonomy_id: selection.taxonomy.id,
        taxonomy_version: taxonomyVersion(selection.taxonomy),
      };
      const ctx: Context = { doc, text, resolved: resolve(doc, text, chosen), meta, position: i + 1 };
      annotations += ctx.resolved.length;
      if (splitOf) {
        const split = splitOf.get(id) ?? 'train';
        documentsPer[split]++;
        const counts = labelCounts.get(split) as Map<string, number>;
        for (const r of ctx.resolved) counts.set(r.annotation.label, (counts.get(r.annotation.label) ?? 0) + 1);
        texts[['train', 'validation', 'test'].indexOf(split)] += line({ id: doc.id, text: doc.text, spans: ctx.resolved.map((r) => spanRecord(r, { several: true, full: true })), meta });
      } else {
        const out = written(format, request, selection.several, ctx);
        texts[0] += out.text;
        records += out.records;
      }
    }
  } catch (error) {
    return { result: { code: (error as { code?: string }).code, message: (error as Error).message }, files: {} };
  }
  const name = request.out.split('/').pop() as string;
  const count = selection.documentIds.length;
  if (splitOf) {
    const card = datasetCard({
      taxonomy: selection.taxonomy,
      taxonomyVersion: taxonomyVersion(selection.taxonomy),
      reviewers: selection.reviewers,
      labelCounts,
      documents: documentsPer,
      exportedAt: now.toISOString(),
      command: request.command ?? 'clausemark export',
      split: request.split ?? [0.8, 0.1, 0.1],
      seed: request.seed ?? 42,
    });
    return {
      result: { format, documents: count, records: count, annotations, splits: documentsPer, warnings: selection.warnings },
      files: {
        'README.md': Buffer.from(card),
        'test.jsonl': Buffer.from(texts[2] as string),
        'train.jsonl': Buffer.from(texts[0] as string),
        'validation.jsonl': Buffer.from(texts[1] as string),
      },
    };
  }
  let body = texts[0] as string;
  if (format === 'csv') body = `\uFEFF${csvRow(CSV_HEADER)}${body}`;
  if (format === 'label-studio') body = `[${body}${count === 0 ? ']\n' : '\n]\n'}`;
  return { result: { format, documents: count, records, annotations, warnings: selection.warnings }, files: { [name]: Buffer.from(body) } };
}
