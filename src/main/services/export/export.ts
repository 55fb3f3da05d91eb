import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  csvRow,
  exportOptionsSchema,
  splitDocuments,
  type DatasetProgress,
  type DocumentMeta,
  type ExportOptions,
  type ExportRequest,
  type ExportSummary,
  type SegmentsRecord,
  type SpansRecord,
} from '../../../shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { AppError } from '../../../shared/result.ts';
import { CodePointIndex } from '../../../shared/text/codepoints.ts';
import type { ProjectStore } from '../project/store.ts';
import { datasetCard, type SplitName } from './card.ts';
import { readExportDocument } from './document-reader.ts';
import { ChunkedFile, commitFolder, ensureFolder, tempNameFor } from './output.ts';
import { clipToSegment, resolveAnnotations, spanRecord, type ResolvedAnnotation } from './records.ts';
import { documentReview, selectAnnotations, taxonomyVersion, type Selection } from './selection.ts';

export interface ExportHooks {
  onProgress?: (progress: DatasetProgress) => void;
  signal?: AbortSignal;
  /** The export time written to the dataset card (tests fix it). */
  now?: () => Date;
}

/** One document as the format writers see it. */
interface DocumentContext {
  doc: ClausemarkDocument;
  text: CodePointIndex;
  resolved: ResolvedAnnotation[];
  meta: DocumentMeta;
  /** 1-based position in the export (Label Studio task ids). */
  position: number;
}

interface Written {
  text: string;
  records: number;
}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** Labels a segment carries: annotations on it, and spans that overlap it (sorted, once each). */
function segmentLabels(ctx: DocumentContext, index: number, start: number, end: number): string[] {
  const labels = new Set<string>();
  for (const r of ctx.resolved) {
    const t = r.annotation.target;
    if (t.type === 'segment' ? t.segment === index : r.start < end && r.end > start) labels.add(r.annotation.label);
  }
  return [...labels].sort();
}

function spansLines(ctx: DocumentContext, opts: ExportOptions, several: boolean): Written {
  if (opts.unit === 'document') {
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

function segmentsLines(ctx: DocumentContext, opts: ExportOptions): Written {
  let text = '';
  let records = 0;
  for (const segment of ctx.doc.segments) {
    const labels = segmentLabels(ctx, segment.index, segment.start, segment.end);
    if (opts.labeledOnly && labels.length === 0) continue;
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

const wellFormed = (s: string): string => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

export const CSV_HEADER = ['document_id', 'document_title', 'reviewer', 'label', 'attributes', 'quote', 'start', 'end', 'target', 'note'];

function csvRows(ctx: DocumentContext): Written {
  let text = '';
  for (const r of ctx.resolved) {
    const attributes = r.attributes.map((a) => `${a.name}: ${a.value}`).join(' | ');
    // A lone surrogate cannot be written in UTF-8; the spreadsheet gets U+FFFD in its place.
    const fields = [ctx.doc.id, ctx.doc.title, r.annotation.reviewer, r.annotation.label, attributes, r.text, r.start, r.end, r.annotation.target.type, r.annotation.note];
    text += csvRow(fields.map((v) => (typeof v === 'string' ? wellFormed(v) : v)));
  }
  return { text, records: ctx.resolved.length };
}

/** Exports a project's annotations as a dataset file (a folder for `hf`); see docs/export-formats.md. */
export async function exportDataset(store: ProjectStore, request: ExportRequest, hooks: ExportHooks = {}): Promise<ExportSummary> {
  const parsed = exportOptionsSchema.safeParse(request);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `The export options are not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  const opts = { ...parsed.data, out: resolve(parsed.data.out) };
  const selection = await selectAnnotations(await store.exportSource(), opts);
  try {
    await ensureFolder(opts.out);
    return await (opts.format === 'hf' ? exportFolder(store, opts, selection, hooks) : exportFile(store, opts, selection, hooks));
  } finally {
    await selection.close();
  }
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The export was cancelled; nothing was written.');
}

/** Reads the selected documents one at a time, in id order, each with its checked annotations. */
async function* documents(store: ProjectStore, selection: Selection, hooks: ExportHooks): AsyncGenerator<DocumentContext> {
  const total = selection.documentIds.length;
  const taxonomy_id = selection.taxonomy.id;
  const taxonomy_version = taxonomyVersion(selection.taxonomy);
  let position = 0;
  hooks.onProgress?.({ done: 0, total });
  for (const id of selection.documentIds) {
    if (hooks.signal?.aborted) throw cancelled();
    const doc = await readExportDocument(store, id);
    const annotations = await selection.annotationsOf(id);
    const text = new CodePointIndex(doc.text);
    const resolved = resolveAnnotations(doc, text, annotations);
    const review = documentReview(selection, id);
    const meta: DocumentMeta = {
      title: doc.title,
      source_file: doc.source.fileName,
      source_sha256: doc.source.sha256,
      status: review.status,
      reviewers: review.reviewers,
      taxonomy_id,
      taxonomy_version,
    };
    position++;
    yield { doc, text, resolved, meta, position };
    hooks.onProgress?.({ done: position, total });
  }
}

async function exportFile(store: ProjectStore, opts: ExportOptions, selection: Selection, hooks: ExportHooks): Promise<ExportSummary> {
  const file = await ChunkedFile.create(tempNameFor(opts.out));
  let records = 0;
  let annotations = 0;
  let count = 0;
  try {
    if (opts.format === 'csv') await file.write(`\uFEFF${csvRow(CSV_HEADER)}`);
    if (opts.format === 'label-studio') await file.write('[');
    for await (const ctx of documents(store, selection, hooks)) {
      annotations += ctx.resolved.length;
      let written: Written;
      switch (opts.format) {
        case 'spans':
          written = spansLines(ctx, opts, selection.several);
          break;
        case 'segments':
          written = segmentsLines(ctx, opts);
          break;
        case 'doccano':
          written = { text: line({ text: ctx.doc.text, label: ctx.resolved.map((r) => [r.start, r.end, r.annotation.label]) }), records: 1 };
          break;
        case 'label-studio':
          written = { text: `${count === 0 ? '\n' : ',\n'}${JSON.stringify(labelStudioTask(ctx))}`, records: 1 };
          break;
        case 'csv':
          written = csvRows(ctx);
          break;
        case 'hf':
          throw new AppError('INTERNAL', 'hf exports are folders');
      }
      count++;
      records += written.records;
      await file.write(written.text);
    }
    if (opts.format === 'label-studio') await file.write(count === 0 ? ']\n' : '\n]\n');
    await file.finish();
    if (hooks.signal?.aborted) throw cancelled();
    await rename(file.tempPath, opts.out);
  } catch (error) {
    await file.abandon();
    throw error;
  }
  return { format: opts.format, out: opts.out, documents: count, records, annotations, warnings: selection.warnings };
}

async function exportFolder(store: ProjectStore, opts: ExportOptions, selection: Selection, hooks: ExportHooks): Promise<ExportSummary> {
  const tempDir = tempNameFor(opts.out);
  await mkdir(tempDir);
  const splitOf = splitDocuments(selection.documentIds, opts.split, opts.seed);
  const names: SplitName[] = ['train', 'validation', 'test'];
  const files = new Map<SplitName, ChunkedFile>();
  const labelCounts = new Map<SplitName, Map<string, number>>();
  const documentsPer = { train: 0, validation: 0, test: 0 };
  let annotations = 0;
  try {
    for (const name of names) {
      files.set(name, await ChunkedFile.create(join(tempDir, `${name}.jsonl`)));
      labelCounts.set(name, new Map());
    }
    for await (const ctx of documents(store, selection, hooks)) {
      const split = splitOf.get(ctx.doc.id) ?? 'train';
      documentsPer[split]++;
      annotations += ctx.resolved.length;
      const counts = labelCounts.get(split) as Map<string, number>;
      for (const r of ctx.resolved) counts.set(r.annotation.label, (counts.get(r.annotation.label) ?? 0) + 1);
      const record: SpansRecord = {
        id: ctx.doc.id,
        text: ctx.doc.text,
        spans: ctx.resolved.map((r) => spanRecord(r, { several: true, full: true })),
        meta: ctx.meta,
      };
      await (files.get(split) as ChunkedFile).write(line(record));
    }
    for (const file of files.values()) await file.finish();
    const card = datasetCard({
      taxonomy: selection.taxonomy,
      taxonomyVersion: taxonomyVersion(selection.taxonomy),
      reviewers: selection.reviewers,
      labelCounts,
      documents: documentsPer,
      exportedAt: (hooks.now ?? (() => new Date()))().toISOString(),
      command: opts.command ?? 'clausemark export',
      split: opts.split,
      seed: opts.seed,
    });
    const readme = await ChunkedFile.create(join(tempDir, 'README.md'));
    await readme.write(card);
    await readme.finish();
    if (hooks.signal?.aborted) throw cancelled();
    await commitFolder(tempDir, opts.out);
  } catch (error) {
    for (const file of files.values()) await file.abandon().catch(() => undefined);
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  const documentCount = documentsPer.train + documentsPer.validation + documentsPer.test;
  return {
    format: 'hf',
    out: opts.out,
    documents: documentCount,
    records: documentCount,
    annotations,
    splits: documentsPer,
    warnings: selection.warnings,
  };
}
