import type { Annotation, ReviewStatus } from '../../../shared/domain/annotation.ts';
import type { ReviewerRecord } from '../../../shared/domain/dataset.ts';
import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { AppError } from '../../../shared/result.ts';
import type { LogSnapshot } from '../annotations/project-annotations.ts';
import { ANNOTATIONS_DIR, reviewerSlug } from '../project/layout.ts';

/** What an export takes from the project's logs: the chosen reviewers' annotations, by document. */
export interface Selection {
  taxonomy: Taxonomy;
  documentIds: string[];
  reviewers: string[];
  /** Whether spans name their reviewer (several reviewers exported). */
  several: boolean;
  byDocument: Map<string, Annotation[]>;
  /** Document -> reviewer -> status, for reviewers who annotated the document or set a status on it. */
  statuses: Map<string, Map<string, ReviewStatus>>;
  warnings: string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The name a log's annotations carry (the file name's stem when it holds none). */
function reviewerOf(log: LogSnapshot): string {
  for (const a of log.fold.annotations.values()) return a.reviewer;
  return log.file.slice(ANNOTATIONS_DIR.length + 1).replace(/\.jsonl$/, '');
}

export function selectAnnotations(
  source: { taxonomy: Taxonomy; documentIds: string[]; logs: LogSnapshot[] },
  opts: { reviewer?: string; labels?: readonly string[]; status: 'done' | 'all' },
): Selection {
  let logs = source.logs;
  if (opts.reviewer !== undefined) {
    const file = `${ANNOTATIONS_DIR}/${reviewerSlug(opts.reviewer)}.jsonl`;
    logs = logs.filter((l) => l.file === file);
    if (logs.length === 0) throw new AppError('INVALID_INPUT', `${opts.reviewer} has no annotations in this project (no ${file}).`);
  }
  const labels = opts.labels && opts.labels.length > 0 ? new Set(opts.labels) : null;
  const byDocument = new Map<string, Annotation[]>();
  const statuses = new Map<string, Map<string, ReviewStatus>>();
  const setStatus = (documentId: string, reviewer: string, status: ReviewStatus): void => {
    let m = statuses.get(documentId);
    if (!m) statuses.set(documentId, (m = new Map()));
    m.set(reviewer, status);
  };
  const reviewers: string[] = [];
  const warnings: string[] = [];
  for (const log of logs) {
    if (log.problem) warnings.push(log.problem.message);
    const reviewer = reviewerOf(log);
    reviewers.push(reviewer);
    for (const a of log.fold.annotations.values()) {
      setStatus(a.documentId, reviewer, 'in-progress');
      if (labels && !labels.has(a.label)) continue;
      let list = byDocument.get(a.documentId);
      if (!list) byDocument.set(a.documentId, (list = []));
      list.push(a);
    }
    for (const [documentId, s] of log.fold.statuses) setStatus(documentId, reviewer, s.status);
  }
  let documentIds = source.documentIds;
  if (opts.status === 'done') documentIds = documentIds.filter((id) => [...(statuses.get(id)?.values() ?? [])].includes('done'));
  return {
    taxonomy: source.taxonomy,
    documentIds,
    reviewers: reviewers.sort(byName),
    several: reviewers.length > 1,
    byDocument,
    statuses,
    warnings,
  };
}

/** The reviewers of a document (sorted by name) and its status: done when one of them marked it done. */
export function documentReview(selection: Selection, documentId: string): { reviewers: ReviewerRecord[]; status: ReviewStatus } {
  const m = selection.statuses.get(documentId);
  const reviewers = [...(m ?? [])].sort(([a], [b]) => byName(a, b)).map(([name, status]) => ({ name, status }));
  const all = reviewers.map((r) => r.status);
  const status: ReviewStatus = all.includes('done') ? 'done' : all.includes('in-progress') ? 'in-progress' : 'new';
  return { reviewers, status };
}

/** The version the taxonomy declares, 1 before taxonomies had versions. */
export function taxonomyVersion(taxonomy: Taxonomy): number {
  const v = (taxonomy as { version?: unknown }).version;
  return typeof v === 'number' && Number.isFinite(v) ? v : 1;
}
