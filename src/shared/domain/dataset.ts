import { z } from 'zod';
import type { AppErrorShape } from '../result.ts';

export { csvField, csvRow } from '../text/csv.ts';

/**
 * Dataset records: what `clausemark export` and the Export dialog write, and what annotation import
 * reads back (docs/export-formats.md). Offsets are code points, as Python's str counts them, and every
 * span's `text` is `document_text[start:end]`.
 */

export const EXPORT_FORMATS = ['spans', 'segments', 'doccano', 'label-studio', 'csv', 'hf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_NAMES: Record<ExportFormat, string> = {
  spans: 'Spans (JSONL, one line per document)',
  segments: 'Segments (JSONL, one line per segment, for clause classification)',
  doccano: 'doccano (JSONL)',
  'label-studio': 'Label Studio (JSON task list)',
  csv: 'CSV (one row per annotation, for spreadsheets)',
  hf: 'Hugging Face dataset folder (train/validation/test + dataset card)',
};

/** The split and seed of an `hf` export when none are given. */
export const DEFAULT_SPLIT: readonly [number, number, number] = [0.8, 0.1, 0.1];
export const DEFAULT_SEED = 42;

export const exportOptionsSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS).default('spans'),
    /** A file (a folder for `hf`); written under a temp name in the same folder, renamed at the end. */
    out: z.string().min(1).max(4096),
    /** `done`: only documents some selected reviewer marked done. */
    status: z.enum(['done', 'all']).default('all'),
    /** One reviewer's annotations; every reviewer's when absent. */
    reviewer: z.string().min(1).max(120).optional(),
    /** Only these labels; every label when absent. */
    labels: z.array(z.string().min(1).max(200)).max(1000).optional(),
    /** Train, validation and test fractions of the documents (`hf`). */
    split: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]).default([...DEFAULT_SPLIT]),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(DEFAULT_SEED),
    /** `spans` only: one line per segment instead of per document, offsets relative to the segment. */
    unit: z.enum(['document', 'segment']).default('document'),
    /** `segments` only: leave out segments without a label. */
    labeledOnly: z.boolean().default(false),
    /** How the export was asked for, written to the dataset card (`hf`). */
    command: z.string().max(4000).optional(),
  })
  .strict()
  .refine((o) => Math.abs(o.split[0] + o.split[1] + o.split[2] - 1) < 1e-6, { message: 'the split fractions must add up to 1' });
export type ExportOptions = z.output<typeof exportOptionsSchema>;
export type ExportRequest = z.input<typeof exportOptionsSchema>;

/** An evidence span of an attribute value; offsets as the record's own. */
export interface EvidenceRecord {
  start: number;
  end: number;
  text: string;
}

/**
 * One attribute value. Attributes are a list (not a name -> value object) so that every line has the
 * same keys and types and Arrow (`datasets.load_dataset`) infers one schema.
 */
export interface AttributeRecord {
  name: string;
  value: string;
  evidence: EvidenceRecord[];
}

export interface SpanRecord {
  start: number;
  end: number;
  label: string;
  text: string;
  /** Present when the export holds several reviewers' annotations (always in `hf`). */
  reviewer?: string;
  /** Present when not empty (always in `hf`). */
  attributes?: AttributeRecord[];
  /** Present when not empty (always in `hf`). */
  note?: string;
}

export interface ReviewerRecord {
  name: string;
  status: 'new' | 'in-progress' | 'done';
}

export interface DocumentMeta {
  title: string;
  source_file: string;
  source_sha256: string;
  /** `done` when some selected reviewer marked the document done, else `in-progress` or `new`. */
  status: 'new' | 'in-progress' | 'done';
  reviewers: ReviewerRecord[];
  taxonomy_id: string;
  taxonomy_version: number;
  /** With `--unit segment`: the segment's document and position. */
  document_id?: string;
  segment_index?: number;
}

export interface SpansRecord {
  id: string;
  text: string;
  spans: SpanRecord[];
  meta: DocumentMeta;
}

export interface SegmentsRecord {
  id: string;
  text: string;
  labels: string[];
  document_id: string;
  segment_index: number;
}

export interface DoccanoRecord {
  text: string;
  label: [number, number, string][];
}

/** The progress of an export or import, for the dialog's progress bar. */
export interface DatasetProgress {
  done: number;
  total: number;
}

export interface ExportSummary {
  format: ExportFormat;
  out: string;
  documents: number;
  /** Lines (or rows, or tasks) written; for `hf` per split. */
  records: number;
  annotations: number;
  splits?: { train: number; validation: number; test: number };
  /** Reviewer files that could not be read completely (their readable lines were exported). */
  warnings: string[];
}

/** mulberry32: a small seeded generator, the same on every platform and Node version. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Assigns documents to train, validation and test: the ids sorted, shuffled with the seed
 * (Fisher-Yates), then cut at the fractions (rounded; test takes the rest). The same ids, seed and
 * fractions always give the same split.
 */
export function splitDocuments(ids: readonly string[], fractions: readonly [number, number, number], seed: number): Map<string, 'train' | 'validation' | 'test'> {
  const order = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const train = Math.round(order.length * fractions[0]);
  const validation = Math.min(order.length - train, Math.round(order.length * fractions[1]));
  const result = new Map<string, 'train' | 'validation' | 'test'>();
  order.forEach((id, i) => result.set(id, i < train ? 'train' : i < train + validation ? 'validation' : 'test'));
  return result;
}


/** One word of a command line, quoted for a POSIX shell unless it is plain (letters, digits, `_./:=,@%+-`). */
export function shellWord(word: string): string {
  return /^[\w./:=,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `clausemark export` command line that makes the same export of the project in `dir` as
 * `request`, for the dataset card of an export the app made (the CLI writes its own command line).
 */
export function exportCommandLine(dir: string, request: ExportRequest): string {
  const format = request.format ?? 'spans';
  const args = ['clausemark', 'export', dir, '--format', format, '--out', request.out];
  if (request.status === 'done') args.push('--status', 'done');
  if (request.reviewer !== undefined) args.push('--reviewer', request.reviewer);
  for (const label of request.labels ?? []) args.push('--label', label);
  if (format === 'hf') args.push('--split', (request.split ?? DEFAULT_SPLIT).join(','), '--seed', String(request.seed ?? DEFAULT_SEED));
  if (request.unit === 'segment') args.push('--unit', 'segment');
  if (request.labeledOnly === true) args.push('--labeled-only');
  return args.map(shellWord).join(' ');
}

/** An export the app runs in the background, as `export.status` reports it. */
export type ExportJobState =
  | { state: 'running'; progress: DatasetProgress }
  | { state: 'finished'; progress: DatasetProgress; summary: ExportSummary }
  | { state: 'failed'; progress: DatasetProgress; error: AppErrorShape };

/** Annotation files `import-annotations` reads. */
export const INTERCHANGE_FORMATS = ['spans', 'doccano', 'label-studio', 'prodigy'] as const;
export type InterchangeFormat = (typeof INTERCHANGE_FORMATS)[number];

export const OFFSET_UNITS = ['utf16', 'codepoints', 'auto'] as const;
export type OffsetUnit = Exclude<(typeof OFFSET_UNITS)[number], 'auto'>;

export interface RecordProblem {
  /** 1-based line of the file. */
  line: number;
  message: string;
}

export interface AnnotationImportReport {
  file: string;
  format: InterchangeFormat;
  /** The unit the file's offsets were read in, and why. */
  offsets: { unit: OffsetUnit; reason: string };
  records: number;
  documentsCreated: number;
  documentsMatched: number;
  annotations: number;
  /** Records left out on purpose (Prodigy's rejected and ignored answers). */
  skippedRecords: number;
  missingLabels: string[];
  labelsAdded: string[];
  /** What was not imported and why, by line of the file. */
  problems: RecordProblem[];
}

export const CONSOLIDATION_THRESHOLDS = ['0.5', '0.75', '1.0'] as const;
export type ConsolidationThreshold = (typeof CONSOLIDATION_THRESHOLDS)[number];

export interface Opp115Report {
  policies: number;
  documentsCreated: number;
  practices: number;
  /** Practices per category. */
  byCategory: Record<string, number>;
  reviewers: string[];
  /** Attribute spans whose text does not match their segment: kept as values without evidence. */
  mismatchedSpans: { count: number; ids: string[] };
  /** Practices the taxonomy refused, or rows that could not be read (file:line). */
  problems: string[];
}
