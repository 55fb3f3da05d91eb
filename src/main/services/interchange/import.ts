import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { Annotation, AnnotationAttributes, ReviewStatus } from '../../../shared/domain/annotation.ts';
import type { AnnotationImportReport, DatasetProgress, InterchangeFormat, OffsetUnit } from '../../../shared/domain/dataset.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/domain/import.ts';
import { AppError } from '../../../shared/result.ts';
import { readRegularFile } from '../fs/read-limited.ts';
import { CodePointIndex } from '../../../shared/text/codepoints.ts';
import { segmentPlainText } from '../../../shared/text/segmentation.ts';
import type { ProjectStore } from '../project/store.ts';
import { decodeInterchange } from './decode.ts';
import { detectUnit, toCodePoints } from './offsets.ts';
import { parseInterchange, type RawRecord } from './parse.ts';

export type { AnnotationImportReport } from '../../../shared/domain/dataset.ts';

export interface AnnotationImportOptions {
  format: InterchangeFormat;
  /** Everything imported goes to this reviewer; otherwise the reviewer the file names, else the tool's name. */
  reviewer?: string;
  offsets?: OffsetUnit | 'auto';
  /** Add labels the taxonomy lacks (without attributes); otherwise their annotations are skipped. */
  addLabels?: boolean;
  onProgress?: (progress: DatasetProgress) => void;
}

/** Annotations are appended in batches of this many: one durable write each. */
const BATCH = 5_000;

const sha256 = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

/** A stable id, so importing the same file again replaces its annotations instead of adding copies. */
const annotationId = (...parts: (string | number)[]): string => `imp-${sha256(parts.join('\u0000')).slice(0, 16)}`;

function titleOf(record: RawRecord, fallback: string): string {
  if (record.title) return record.title;
  const first = record.text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return first.length > 0 ? (first.length > 120 ? `${first.slice(0, 119)}…` : first) : fallback;
}

/**
 * Imports another tool's annotation file (or our own `spans` export): each record's text becomes a
 * document (or is matched to the project's document with the same text), its spans annotations with
 * origin `imported`, offsets converted to code points and every quote checked. Records that are not
 * valid, and records none of whose spans are, are reported by line and skipped; a file that cannot be
 * read at all imports nothing.
 */
export async function importAnnotationFile(store: ProjectStore, path: string, opts: AnnotationImportOptions): Promise<AnnotationImportReport> {
  const fileName = basename(path);
  let bytes: Uint8Array;
  try {
    // Never a plain readFile: /dev/zero never ends and a FIFO blocks (read-limited.ts).
    bytes = await readRegularFile(path, MAX_IMPORT_BYTES);
  } catch (error) {
    const reason = error instanceof AppError ? error.message : `${fileName} could not be read (${(error as Error).message})`;
    throw new AppError(error instanceof AppError ? error.code : 'FILE_NOT_FOUND', `${reason.replace(/\.$/, '')}; nothing was imported.`);
  }
  // Only UTF-8: a line that is not is reported and skipped; a Label Studio file that is not is refused.
  const decoded = decodeInterchange(opts.format, bytes, fileName);
  const parsed = parseInterchange(opts.format, decoded.content, fileName);
  const offsets = opts.offsets && opts.offsets !== 'auto'
    ? { unit: opts.offsets, reason: 'as asked (--offsets)' }
    : detectUnit(opts.format, parsed.records);
  const problems: AnnotationImportReport['problems'] = [...decoded.problems, ...parsed.problems];

  const source = await store.datasetSource();
  let taxonomy = source.taxonomy;
  const used = new Set(parsed.records.flatMap((r) => r.spans.map((s) => s.label)));
  const missingLabels = [...used].filter((l) => !taxonomy.labels.some((t) => t.name === l)).sort();
  let labelsAdded: string[] = [];
  if (opts.addLabels && missingLabels.length > 0) {
    taxonomy = await store.addLabels(missingLabels);
    labelsAdded = missingLabels;
  }
  const known = new Set(taxonomy.labels.map((l) => l.name));

  // The project's documents by the hash of their text, read once, only when a record needs one.
  let byText = null as Map<string, string> | null;
  const findByText = async (text: string): Promise<string | undefined> => {
    if (!byText) {
      byText = new Map();
      for (const id of source.documentIds) byText.set(sha256((await store.getDocument(id)).text), id);
    }
    return byText.get(sha256(text));
  };

  const stem = basename(fileName, extname(fileName));
  const pending = new Map<string, { annotations: Annotation[]; statuses: { documentId: string; status: ReviewStatus }[] }>();
  let pendingCount = 0;
  let annotations = 0;
  const lineOf = new Map<string, number>();
  const flush = async (): Promise<void> => {
    for (const [reviewer, batch] of pending) {
      const { saved, refused } = await store.appendAnnotations(reviewer, batch.annotations, batch.statuses);
      annotations += saved;
      for (const r of refused) problems.push({ line: lineOf.get(r.annotation.id) ?? 0, message: `an annotation was not imported: ${r.message}` });
    }
    pending.clear();
    pendingCount = 0;
  };
  const add = (reviewer: string, annotation: Annotation | null, status?: { documentId: string; status: ReviewStatus }): void => {
    let batch = pending.get(reviewer);
    if (!batch) pending.set(reviewer, (batch = { annotations: [], statuses: [] }));
    if (annotation) batch.annotations.push(annotation);
    if (status) batch.statuses.push(status);
    pendingCount++;
  };

  let created = 0;
  let matched = 0;
  const now = new Date().toISOString();
  const defaultReviewer = (record: RawRecord): string =>
    opts.reviewer ?? (record.reviewers?.length === 1 ? (record.reviewers[0]?.name as string) : opts.format === 'spans' ? 'imported' : opts.format);

  for (const [n, record] of parsed.records.entries()) {
    opts.onProgress?.({ done: n, total: parsed.records.length });
    const index = new CodePointIndex(record.text);
    // Spans are checked before the document is stored: a record that has spans but no valid one is
    // skipped whole (its problems are reported); a record with no spans at all still brings its text.
    const spans: { start: number; end: number; label: string; reviewer: string; attributes: AnnotationAttributes; note: string }[] = [];
    for (const [i, s] of record.spans.entries()) {
      const where = `span ${i + 1} (${s.label})`;
      if (!known.has(s.label)) {
        problems.push({ line: record.line, message: `${where}: the label is not in the project's taxonomy${opts.addLabels ? '' : ' (import with --add-labels to add it)'}` });
        continue;
      }
      const range = toCodePoints(index, offsets.unit, s.start, s.end);
      if (typeof range === 'string') {
        problems.push({ line: record.line, message: `${where}: ${range}` });
        continue;
      }
      const actual = index.slice(range.start, range.end);
      if (s.quote !== undefined && s.quote !== actual) {
        problems.push({ line: record.line, message: `${where}: its text “${s.quote.slice(0, 60)}” is not the text at ${s.start}-${s.end}, “${actual.slice(0, 60)}”` });
        continue;
      }
      const attributes: AnnotationAttributes = {};
      let bad: string | null = null;
      for (const a of s.attributes ?? []) {
        const evidence = [];
        for (const e of a.evidence) {
          const r = toCodePoints(index, offsets.unit, e.start, e.end);
          if (typeof r === 'string' || index.slice(r.start, r.end) !== e.text) {
            bad = `the evidence of “${a.value}” (${e.start}-${e.end}) is not “${e.text.slice(0, 60)}”`;
            break;
          }
          evidence.push({ start: r.start, end: r.end, quote: e.text });
        }
        (attributes[a.name] ??= []).push(evidence.length > 0 ? { value: a.value, evidence } : { value: a.value });
      }
      if (bad) {
        problems.push({ line: record.line, message: `${where}: ${bad}` });
        continue;
      }
      spans.push({ ...range, label: s.label, reviewer: s.reviewer ?? defaultReviewer(record), attributes, note: s.note ?? '' });
    }
    if (record.spans.length > 0 && spans.length === 0) continue;

    let documentId = await findByText(record.text);
    if (documentId) matched++;
    else {
      const bytes = Buffer.from(record.text, 'utf8');
      const name = record.source?.fileName ?? `${stem}-${n + 1}.txt`;
      const outcome = await store.importParsed(
        name,
        bytes,
        { title: titleOf(record, name), format: 'txt', encoding: 'utf-8', text: record.text, segments: segmentPlainText(record.text) },
        record.source?.sha256,
      );
      if (outcome.status === 'failed' || !outcome.documentId) {
        problems.push({ line: record.line, message: `the text could not be stored: ${outcome.error?.message ?? 'unknown error'}` });
        continue;
      }
      // A document found by the record's claimed digest, not by its text, must hold the same text.
      if (outcome.status !== 'imported' && (await store.getDocument(outcome.documentId)).text !== record.text) {
        problems.push({
          line: record.line,
          message: `its meta.source_sha256 belongs to another text (the project's “${(outcome.title ?? outcome.documentId).slice(0, 60)}”); the record was skipped`,
        });
        continue;
      }
      documentId = outcome.documentId;
      byText?.set(sha256(record.text), documentId);
      if (outcome.status === 'imported') created++;
      else matched++;
    }

    const seen = new Map<string, number>();
    for (const s of spans) {
      const key = [s.reviewer, s.start, s.end, s.label].join('\u0000');
      const k = (seen.get(key) ?? 0) + 1;
      seen.set(key, k);
      const id = annotationId(documentId, s.reviewer, s.start, s.end, s.label, k);
      lineOf.set(id, record.line);
      add(s.reviewer, {
        id,
        documentId,
        reviewer: s.reviewer,
        target: { type: 'span', start: s.start, end: s.end, quote: index.slice(s.start, s.end) },
        label: s.label,
        attributes: s.attributes,
        note: s.note,
        origin: 'imported',
        createdAt: now,
        updatedAt: now,
      });
    }
    if (opts.reviewer === undefined) for (const r of record.reviewers ?? []) add(r.name, null, { documentId, status: r.status });
    if (pendingCount >= BATCH) await flush();
  }
  await flush();
  opts.onProgress?.({ done: parsed.records.length, total: parsed.records.length });
  problems.sort((a, b) => a.line - b.line);
  return {
    file: path,
    format: opts.format,
    offsets,
    records: parsed.records.length,
    documentsCreated: created,
    documentsMatched: matched,
    annotations,
    skippedRecords: parsed.skipped,
    missingLabels,
    labelsAdded,
    problems,
  };
}
