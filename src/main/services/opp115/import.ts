import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Annotation, AnnotationAttributes } from '../../../shared/domain/annotation.ts';
import type { ConsolidationThreshold, DatasetProgress, Opp115Report } from '../../../shared/domain/dataset.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/domain/import.ts';
import { AppError } from '../../../shared/result.ts';
import { readRegularFile } from '../fs/read-limited.ts';
import type { ProjectStore } from '../project/store.ts';
import { mapSpan, parsePolicy } from './policy.ts';

export { CONSOLIDATION_THRESHOLDS, type ConsolidationThreshold, type Opp115Report } from '../../../shared/domain/dataset.ts';

export interface Opp115Options {
  /** Import a consolidated set (consolidation/threshold-<t>-...) instead of the annotators' own. */
  consolidated?: ConsolidationThreshold;
  onProgress?: (progress: DatasetProgress) => void;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 4180 / Excel CSV: quoted fields may hold commas, doubled quotes and line breaks. A field is made
 * of slices of the text between the characters that matter, never a character at a time (a string
 * built by thousands of appends cost JSON.parse and the collector most of a full release's import).
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  // Where the current run of plain characters began.
  let run = 0;
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        field += text.slice(run, i);
        if (text.charCodeAt(i + 1) === QUOTE) {
          field += '"';
          i++;
        } else quoted = false;
        run = i + 1;
      } else if (c === LF) line++;
    } else if (c === QUOTE) {
      field += text.slice(run, i);
      quoted = true;
      run = i + 1;
    } else if (c === COMMA) {
      fields.push(field + text.slice(run, i));
      field = '';
      run = i + 1;
    } else if (c === LF || c === CR) {
      fields.push(field + text.slice(run, i));
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      run = i + 1;
      line++;
      rowLine = line;
    }
  }
  fields.push(field + text.slice(run));
  if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
  return rows;
}

interface RawAttribute {
  value?: unknown;
  startIndexInSegment?: unknown;
  endIndexInSegment?: unknown;
  selectedText?: unknown;
}

async function annotationsFolder(release: string, consolidated?: ConsolidationThreshold): Promise<string> {
  if (!consolidated) return join(release, 'annotations');
  const root = join(release, 'consolidation');
  const names = await readdir(root).catch(() => {
    throw new AppError('FILE_NOT_FOUND', `${release} has no consolidation folder; import the annotators' own annotations without --consolidated.`);
  });
  const folder = names.find((n) => n === `threshold-${consolidated}` || n.startsWith(`threshold-${consolidated}-`));
  if (!folder) throw new AppError('FILE_NOT_FOUND', `${root} has no threshold-${consolidated} folder (it has ${names.join(', ') || 'nothing'}).`);
  return join(root, folder);
}

/**
 * Imports an OPP-115 release folder: one document per sanitized policy, one reviewer per annotator
 * (`opp115-<id>`), one segment annotation per data practice carrying its category, its attributes'
 * values (`not-selected` = unset) and each value's text span as evidence. See docs/export-formats.md.
 */
export async function importOpp115(store: ProjectStore, release: string, opts: Opp115Options = {}): Promise<Opp115Report> {
  const policiesDir = join(release, 'sanitized_policies');
  const policyFiles = (await readdir(policiesDir).catch(() => {
    throw new AppError('FILE_NOT_FOUND', `${release} is not an OPP-115 release folder (no sanitized_policies/).`);
  }))
    .filter((n) => n.endsWith('.html'))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : 1));
  const folder = await annotationsFolder(release, opts.consolidated);
  const report: Opp115Report = {
    policies: 0,
    documentsCreated: 0,
    practices: 0,
    byCategory: {},
    reviewers: [],
    mismatchedSpans: { count: 0, ids: [] },
    problems: [],
  };
  const reviewers = new Set<string>();
  const now = new Date().toISOString();
  for (const [n, file] of policyFiles.entries()) {
    opts.onProgress?.({ done: n, total: policyFiles.length });
    const stem = file.slice(0, -'.html'.length);
    let bytes: Buffer;
    try {
      // Never a plain readFile: a device or a FIFO in the folder would never end or block (read-limited.ts).
      bytes = Buffer.from(await readRegularFile(join(policiesDir, file), MAX_IMPORT_BYTES));
    } catch (error) {
      report.problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const policy = parsePolicy(bytes.toString('utf8'));
    const outcome = await store.importParsed(file, bytes, {
      title: stem.replace(/^\d+_/, ''),
      format: 'html',
      encoding: 'utf-8',
      text: policy.text,
      segments: policy.segments,
    });
    if (outcome.status === 'failed' || !outcome.documentId) {
      report.problems.push(`${file}: ${outcome.error?.message ?? 'could not be stored'}`);
      continue;
    }
    const documentId = outcome.documentId;
    report.policies++;
    if (outcome.status === 'imported') report.documentsCreated++;

    let csv: string;
    try {
      csv = Buffer.from(await readRegularFile(join(folder, `${stem}.csv`), MAX_IMPORT_BYTES)).toString('utf8');
    } catch (error) {
      const missing = error instanceof AppError && error.code === 'FILE_NOT_FOUND';
      report.problems.push(`${basename(folder)}/${stem}.csv: ${missing ? 'missing' : (error as Error).message}; ${file} was imported without annotations`);
      continue;
    }
    const byReviewer = new Map<string, Annotation[]>();
    for (const { line, fields } of parseCsv(csv.replace(/^\uFEFF/, ''))) {
      const where = `${stem}.csv:${line}`;
      const [id, , annotator, , segmentId, category, json] = fields;
      const segment = Number(segmentId);
      if (!id || !annotator || !category || json === undefined || !Number.isInteger(segment) || !policy.parts[segment]) {
        report.problems.push(`${where}: not a data practice row (annotation id, annotator, segment, category, attributes)`);
        continue;
      }
      let raw: Record<string, RawAttribute>;
      try {
        raw = JSON.parse(json) as Record<string, RawAttribute>;
      } catch {
        report.problems.push(`${where}: the attributes are not valid JSON`);
        continue;
      }
      const part = policy.parts[segment];
      const attributes: AnnotationAttributes = {};
      for (const [name, a] of Object.entries(raw)) {
        if (typeof a?.value !== 'string' || a.value === 'not-selected') continue;
        const s = a.startIndexInSegment;
        const e = a.endIndexInSegment;
        const text = a.selectedText;
        const hasSpan = typeof text === 'string' && text !== 'null' && typeof s === 'number' && typeof e === 'number' && s >= 0 && e > s;
        const evidence = hasSpan ? mapSpan(part, s, e, text) : null;
        if (hasSpan && !evidence) {
          report.mismatchedSpans.count++;
          report.mismatchedSpans.ids.push(`${id}/${name}`);
        }
        attributes[name] = [evidence ? { value: a.value, evidence: [evidence] } : { value: a.value }];
      }
      const reviewer = opts.consolidated ? `opp115-consolidated-${opts.consolidated}` : `opp115-${annotator}`;
      const annotation: Annotation = {
        id: `opp115-${id}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
        documentId,
        reviewer,
        target: { type: 'segment', segment },
        label: category,
        attributes,
        note: '',
        origin: 'imported',
        createdAt: now,
        updatedAt: now,
      };
      const list = byReviewer.get(reviewer) ?? [];
      list.push(annotation);
      byReviewer.set(reviewer, list);
    }
    for (const [reviewer, annotations] of [...byReviewer].sort(([a], [b]) => (a < b ? -1 : 1))) {
      reviewers.add(reviewer);
      const { refused } = await store.appendAnnotations(reviewer, annotations);
      const refusedIds = new Set(refused.map((r) => r.annotation.id));
      for (const r of refused) report.problems.push(`${stem}.csv: practice ${r.annotation.id.slice('opp115-'.length)} was not imported: ${r.message}`);
      for (const a of annotations) {
        if (refusedIds.has(a.id)) continue;
        report.practices++;
        report.byCategory[a.label] = (report.byCategory[a.label] ?? 0) + 1;
      }
    }
  }
  opts.onProgress?.({ done: policyFiles.length, total: policyFiles.length });
  report.byCategory = Object.fromEntries(Object.entries(report.byCategory).sort(([a], [b]) => (a < b ? -1 : 1)));
  report.reviewers = [...reviewers].sort();
  return report;
}
