/**
 * Exports a run of consecutive documents to text: reads each document and its annotation lines,
 * checks and orders the annotations, and writes them in the export's format. Needs no store and
 * carries nothing from one run to the next (it keeps using a few buffers), so the same code runs on
 * the main thread and in export workers (worker.ts), which read the logs through the file
 * descriptors main holds open.
 */
import type { ReviewStatus } from '../../../shared/domain/annotation.ts';
import type { ExportFormat, ReviewerRecord } from '../../../shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { segmentProblem } from '../project/segments.ts';
import type { SplitName } from './card.ts';
import { AnnotationTable } from './annotation-table.ts';
import { release } from './byte-keys.ts';
import { readPlainDocument } from './document-reader.ts';
import { csvRows, datasetLine, doccanoLine, labelStudioEntry, segmentsLines, spansLines, type DocumentContext } from './formats.ts';
import { FIELD, type FieldDecoder } from './line-scan.ts';
import { fieldTextCache, readAnnotationLines, type LineList } from './log-index.ts';
import { resolveAnnotations } from './records.ts';
import { TextBytes } from './text-bytes.ts';
import { Utf8Sink } from './utf8-sink.ts';

/** What every run of an export shares. */
export interface ExportPlan {
  /** The project's folder. */
  dir: string;
  /** The selected logs' open files, in the selection's order. */
  fds: number[];
  format: ExportFormat;
  unit: 'document' | 'segment';
  labeledOnly: boolean;
  /** Whether spans name their reviewer. */
  several: boolean;
  taxonomyId: string;
  taxonomyVersion: number;
}

export interface ChunkDocument {
  id: string;
  status: ReviewStatus;
  reviewers: ReviewerRecord[];
  /** `hf`: the split it goes to. */
  split?: SplitName;
}

/** A run of documents and where their annotation lines are. */
export interface ChunkJob {
  /** The 1-based position of the first document in the export. */
  first: number;
  documents: ChunkDocument[];
  /** Document i's lines are lines [lineStart[i], lineStart[i + 1]), log by log, each log's in its fold's order. */
  lineStart: Uint32Array;
  /** Logs are indexes into the plan's fds. */
  lines: LineList;
}

/**
 * Frees a run's line list now (byte-keys.ts `release`), on the thread that holds it, once the run is
 * done: it waited while a dozen runs were under way, long enough to reach the old generation, where the
 * lists of thousands of runs would pile up until a full garbage collection.
 */
export function releaseJob(job: ChunkJob): void {
  const { lines } = job;
  release(job.lineStart, lines.logs, lines.offsets, lines.lengths, lines.plain);
}

export const SPLITS: readonly SplitName[] = ['train', 'validation', 'test'];

/** What a run wrote. A run stops at a document it cannot export, saying why. */
export interface ChunkOutput {
  /** Documents exported, from the first. */
  done: number;
  /** The text for the export's file, as UTF-8; for `hf`, one per split (train, validation, test). */
  texts: Uint8Array[];
  records: number;
  annotations: number;
  /** `hf`: documents per split, and [split, label, annotations] counts. */
  splits: [number, number, number];
  labels: [number, string, number][];
  /**
   * `store`: document `done` is not plainly readable, the store must read it (on the main thread);
   * `error`: exporting it failed with `error`.
   */
  stop: null | { reason: 'store' } | { reason: 'error'; error: unknown };
}

/** Texts a run writes: one, or one per split for `hf`. */
export const sinksFor = (format: ExportFormat): number => (format === 'hf' ? SPLITS.length : 1);

/** What a thread keeps using, document after document: the text's bytes and the annotations' table. */
const text = new TextBytes();
const table = new AnnotationTable();

/**
 * Exports documents `from`... of a job. `document` stands for the first of them when given (read by
 * the store); any other is read plainly, and the run stops at one in doubt. The texts are written
 * into buffers taken from `spare` (earlier runs' texts, already written to the file) while it has
 * some, so a long export keeps using the same few buffers.
 */
export function exportChunk(plan: ExportPlan, job: ChunkJob, from = 0, document?: ClausemarkDocument, spare: ArrayBuffer[] = []): ChunkOutput {
  const hf = plan.format === 'hf';
  const sinks = Array.from({ length: sinksFor(plan.format) }, () => new Utf8Sink(spare.pop()));
  const output: ChunkOutput = { done: 0, texts: [], records: 0, annotations: 0, splits: [0, 0, 0], labels: [], stop: null };
  const labelCounts = hf ? [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()] : [];
  const names = fieldTextCache();
  for (let i = from; i < job.documents.length; i++) {
    const entry = job.documents[i] as ChunkDocument;
    try {
      const doc = i === from && document ? document : readPlainDocument(plan.dir, entry.id);
      if (doc) text.set(doc.text);
      // A document read plainly whose segments are in doubt is read by the store, for its message.
      if (!doc || (doc !== document && segmentProblem(doc, text.length) !== null)) {
        output.stop = { reason: 'store' };
        break;
      }
      const ctx = context(plan, job, i, doc, names);
      output.annotations += ctx.resolved.order.length;
      if (hf) {
        const split = SPLITS.indexOf(entry.split ?? 'train');
        output.splits[split as 0 | 1 | 2] += 1;
        const counts = labelCounts[split] as Map<string, number>;
        for (const row of ctx.resolved.order) {
          const label = table.string(row, FIELD.label, names);
          counts.set(label, (counts.get(label) ?? 0) + 1);
        }
        datasetLine(sinks[split] as Utf8Sink, ctx);
        output.records++;
      } else {
        output.records += write(sinks[0] as Utf8Sink, plan, ctx);
      }
      output.done++;
    } catch (error) {
      output.stop = { reason: 'error', error };
      break;
    }
  }
  output.texts = sinks.map((sink) => sink.written());
  labelCounts.forEach((counts, split) => counts.forEach((n, label) => output.labels.push([split, label, n])));
  return output;
}

/** Document i of a job, read, with its annotations read, checked and ordered (`text` holds its text). */
function context(plan: ExportPlan, job: ChunkJob, i: number, doc: ClausemarkDocument, names: FieldDecoder): DocumentContext {
  const entry = job.documents[i] as ChunkDocument;
  table.clear();
  const end = job.lineStart[i + 1] as number;
  for (let from = job.lineStart[i] as number; from < end; ) {
    const log = job.lines.logs[from] as number;
    let to = from + 1;
    while (to < end && job.lines.logs[to] === log) to++;
    readAnnotationLines(plan.fds[log] as number, job.lines, from, to, table);
    from = to;
  }
  return {
    doc,
    text,
    table,
    resolved: resolveAnnotations(doc, text, table, names),
    meta: {
      title: doc.title,
      source_file: doc.source.fileName,
      source_sha256: doc.source.sha256,
      status: entry.status,
      reviewers: entry.reviewers,
      taxonomy_id: plan.taxonomyId,
      taxonomy_version: plan.taxonomyVersion,
    },
    position: job.first + i,
    names,
  };
}

/** Writes a document's records in the export's format (not `hf`); answers how many. */
function write(sink: Utf8Sink, plan: ExportPlan, ctx: DocumentContext): number {
  switch (plan.format) {
    case 'spans':
      return spansLines(sink, ctx, plan.unit, plan.several);
    case 'segments':
      return segmentsLines(sink, ctx, plan.labeledOnly);
    case 'doccano':
      return doccanoLine(sink, ctx);
    case 'label-studio':
      return labelStudioEntry(sink, ctx);
    case 'csv':
      return csvRows(sink, ctx);
    case 'hf':
      datasetLine(sink, ctx);
      return 1;
  }
}
