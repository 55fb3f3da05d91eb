import type { ReviewStatus } from '../../../shared/domain/annotation.ts';
import type { ReviewerRecord } from '../../../shared/domain/dataset.ts';
import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { AppError } from '../../../shared/result.ts';
import { ANNOTATIONS_DIR, reviewerSlug } from '../project/layout.ts';
import type { LineList, LogIndex } from './log-index.ts';
import { indexLog, type IndexedLog } from './log-reader.ts';

/** What an export takes from the project's logs: the chosen reviewers, their statuses, and their annotations by document. */
export interface Selection {
  taxonomy: Taxonomy;
  documentIds: string[];
  reviewers: string[];
  /** Whether spans name their reviewer (several reviewers exported). */
  several: boolean;
  /**
   * Document i's (of documentIds) reviewer -> status, for reviewers who annotated it or set a status on
   * it; made when asked, from the logs' indexes (a map per document held for the whole export cost
   * ~200 bytes each).
   */
  statusesOf(i: number): Map<string, ReviewStatus>;
  warnings: string[];
  /** The selected logs' open files, which `linesOf`'s offsets are read from. */
  fds: number[];
  /**
   * Adds where document i's (of documentIds) selected annotations are to `into`: log by log (in file
   * order; a line's log is an index into `fds`), each log's in the order its fold holds them.
   */
  linesOf(i: number, into: LineList): void;
  /** Closes the log files (the export is over). */
  close(): Promise<void>;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The file name's stem: the reviewer of a log that names none. */
const stemOf = (file: string): string => file.slice(ANNOTATIONS_DIR.length + 1).replace(/\.jsonl$/, '');

/** Indexes the chosen reviewers' logs (services/export/log-reader.ts) and gathers what the export needs. */
export async function selectAnnotations(
  source: { taxonomy: Taxonomy; documentIds: string[]; logFiles: { file: string; path: string }[] },
  opts: { reviewer?: string; labels?: readonly string[]; status: 'done' | 'all' },
  /** Runs a log's first pass (on another thread, say); indexLog's own by default. */
  index?: (fd: number, size: number) => Promise<LogIndex>,
): Promise<Selection> {
  let files = source.logFiles;
  if (opts.reviewer !== undefined) {
    const file = `${ANNOTATIONS_DIR}/${reviewerSlug(opts.reviewer)}.jsonl`;
    files = files.filter((l) => l.file === file);
    if (files.length === 0) throw new AppError('INVALID_INPUT', `${opts.reviewer} has no annotations in this project (no ${file}).`);
  }
  const labels = opts.labels && opts.labels.length > 0 ? new Set(opts.labels) : null;
  const warnings: string[] = [];
  const indexed = await indexLogs(files, source.documentIds, index);
  const logs = indexed.map((i) => i.log);
  if (labels) {
    // A label the taxonomy does not have may still be on annotations (a log from elsewhere, an older taxonomy).
    const known = new Set([...source.taxonomy.labels.map((l) => l.name), ...logs.flatMap((log) => log.labelNames)]);
    const unknown = [...labels].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      await Promise.all(logs.map((log) => log.close().catch(() => undefined)));
      const names = unknown.map((n) => `"${n}"`).join(', ');
      throw new AppError(
        'INVALID_INPUT',
        `${names} ${unknown.length === 1 ? 'is not a label' : 'are not labels'} of this project's taxonomy or of its annotations; the taxonomy's labels are ${source.taxonomy.labels.map((l) => `"${l.name}"`).join(', ')}.`,
      );
    }
  }
  for (const { warning } of indexed) if (warning) warnings.push(warning);
  const reviewers: string[] = [];
  for (const log of logs) {
    if (log.problem) warnings.push(log.problem.message);
    reviewers.push(log.reviewer);
  }
  // Positions in the source's list (all of them, or the done ones).
  const statusesAt = (at: number): Map<string, ReviewStatus> => {
    const m = new Map<string, ReviewStatus>();
    for (const log of logs) {
      if (log.annotates(at)) m.set(log.reviewer, 'in-progress');
      const status = log.statusOf(at);
      if (status !== undefined) m.set(log.reviewer, status);
    }
    return m;
  };
  let documentIds = source.documentIds;
  let chosen: Uint32Array | null = null;
  if (opts.status === 'done') {
    const done: number[] = [];
    for (let at = 0; at < documentIds.length; at++) if ([...statusesAt(at).values()].includes('done')) done.push(at);
    chosen = Uint32Array.from(done);
    documentIds = done.map((at) => source.documentIds[at] as string);
  }
  const positionOf = (i: number): number => (chosen ? (chosen[i] as number) : i);
  return {
    taxonomy: source.taxonomy,
    documentIds,
    reviewers: reviewers.sort(byName),
    several: reviewers.length > 1,
    statusesOf: (i) => statusesAt(positionOf(i)),
    warnings,
    fds: logs.map((l) => l.fd),
    linesOf: (i, into) => {
      const at = positionOf(i);
      logs.forEach((log, k) => log.linesOf(at, labels, into, k));
    },
    close: async () => {
      await Promise.all(logs.map((l) => l.close().catch(() => undefined)));
    },
  };
}

/**
 * The logs indexed at once (`index` may run them on several threads), knowing documents by their
 * position in `documentIds` (log-reader.ts). A function of its own, so the map of positions is not
 * held by the selection's closures for the whole export.
 */
function indexLogs(
  files: { file: string; path: string }[],
  documentIds: readonly string[],
  index: ((fd: number, size: number) => Promise<LogIndex>) | undefined,
): Promise<{ log: IndexedLog; warning: string | null }[]> {
  const positions = new Map(documentIds.map((id, i) => [id, i]));
  return Promise.all(
    files.map(async ({ file, path }): Promise<{ log: IndexedLog; warning: string | null }> => {
      try {
        return { log: await indexLog(path, file, stemOf(file), positions, index), warning: null };
      } catch (error) {
        // Removed since it was listed (a sync in progress): it is simply not there.
        const gone = (error as NodeJS.ErrnoException).code === 'ENOENT';
        return { log: unreadable(file), warning: gone ? null : `${file} could not be read (${(error as Error).message}).` };
      }
    }),
  );
}

/** A log that could not be opened: its reviewer by its file name, nothing else. */
function unreadable(file: string): IndexedLog {
  return {
    file,
    reviewer: stemOf(file),
    problem: null,
    annotates: () => false,
    statusOf: () => undefined,
    linesOf: () => undefined,
    labelNames: [],
    fd: -1,
    close: async () => undefined,
  };
}

/** The reviewers of a document (sorted by name) and its status: done when one of them marked it done. */
export function documentReview(selection: Selection, i: number): { reviewers: ReviewerRecord[]; status: ReviewStatus } {
  const reviewers = [...selection.statusesOf(i)].sort(([a], [b]) => byName(a, b)).map(([name, status]) => ({ name, status }));
  const all = reviewers.map((r) => r.status);
  const status: ReviewStatus = all.includes('done') ? 'done' : all.includes('in-progress') ? 'in-progress' : 'new';
  return { reviewers, status };
}

/** The version the taxonomy declares, 1 before taxonomies had versions. */
export function taxonomyVersion(taxonomy: Taxonomy): number {
  return taxonomy.version;
}
