import { open } from 'node:fs/promises';
import type { ReviewStatus } from '../../../shared/domain/annotation.ts';
import { REVIEW_STATUSES } from '../../../shared/domain/annotation-values.ts';
import type { FileProblem } from '../../../shared/domain/project.ts';
import { describeDamage, emptyFold, parseLine } from '../annotations/log.ts';
import { indexLogFile, pushLine, useLineParser, type LineList, type LogIndex } from './log-index.ts';

/**
 * A reviewer's log open for an export (the first pass and the line reading are log-index.ts, which an
 * export worker runs too): what the selection needs of it, and where each document's lines are.
 */

// The main thread reads every line the app does.
useLineParser(parseLine);

export interface IndexedLog {
  /** How messages name the file: "annotations/ana-muller.jsonl". */
  file: string;
  /** The name its annotations carry (the file name's stem when it holds none). */
  reviewer: string;
  problem: FileProblem | null;
  /** Whether document `document` (a position in the export's document list) has live annotations. */
  annotates(document: number): boolean;
  /** The status the log sets on a document (a position in the list), if any. */
  statusOf(document: number): ReviewStatus | undefined;
  /**
   * Adds where a document's live annotations (with one of `labels`, when given) are to `into`, in the
   * order the fold holds them, as lines of log number `log`.
   */
  linesOf(document: number, labels: ReadonlySet<string> | null, into: LineList, log: number): void;
  /** Every label its lines name (live or not). */
  labelNames: readonly string[];
  /** The open file, which `linesOf`'s offsets are read from (until `close`). */
  fd: number;
  close(): Promise<void>;
}

/**
 * Indexes a log as it is now (its first `size` bytes; what is appended later is not part of this
 * export). The file stays open until `close`, so a compaction replacing it does not change what the
 * second pass reads. `index` runs the first pass (indexLogFile) on the open file, here by default;
 * an export worker can run it on the same file descriptor. Documents are then known by their
 * position in `documents` (the export's document ids, as a map to it): the log keeps per position
 * its own number for it and its status, not a map of the ids (with their strings) per log.
 */
export async function indexLog(
  path: string,
  file: string,
  fallbackReviewer: string,
  documents: ReadonlyMap<string, number>,
  index?: (fd: number, size: number) => Promise<LogIndex>,
): Promise<IndexedLog> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const found = await (index ? index(handle.fd, size) : indexLogFile(async (...args) => (await handle.read(...args)).bytesRead, size));
    // Per position: the log's number for the document + 1 (0: none), and its status + 1 (0: none).
    const numberAt = new Int32Array(documents.size);
    for (const [id, document] of found.documentNumbers) {
      const at = documents.get(id);
      if (at !== undefined) numberAt[at] = document + 1;
    }
    const statusAt = new Uint8Array(found.statuses.size > 0 ? documents.size : 0);
    for (const [id, status] of found.statuses) {
      const at = documents.get(id);
      if (at !== undefined) statusAt[at] = REVIEW_STATUSES.indexOf(status) + 1;
    }
    const { offsets, lengths, labels: labelOf, firstLine, labelNames } = found;
    let filter: { labels: ReadonlySet<string>; wanted: Uint8Array } | null = null;
    const wantedOf = (labels: ReadonlySet<string>): Uint8Array => {
      if (filter?.labels !== labels) filter = { labels, wanted: Uint8Array.from(labelNames, (name) => (labels.has(name) ? 1 : 0)) };
      return filter.wanted;
    };
    /** The log's number for the document at position `at`; -1 when it has none. */
    const numberOf = (at: number): number => (numberAt[at] ?? 0) - 1;
    const linesOf = (at: number, labels: ReadonlySet<string> | null, into: LineList, log: number): void => {
      const document = numberOf(at);
      if (document < 0) return;
      const wanted = labels ? wantedOf(labels) : null;
      for (let i = firstLine[document] as number; i < (firstLine[document + 1] as number); i++) {
        if (wanted && wanted[labelOf[i] as number] === 0) continue;
        const length = lengths[i] as number;
        pushLine(into, log, offsets[i] as number, length >>> 1, length & 1);
      }
    };
    return {
      file,
      reviewer: found.reviewer ?? fallbackReviewer,
      problem: describeDamage(file, { ...emptyFold(), damaged: found.damaged, tornTail: found.tornTail }),
      annotates: (at) => {
        const document = numberOf(at);
        return document >= 0 && (firstLine[document + 1] as number) > (firstLine[document] as number);
      },
      statusOf: (at) => REVIEW_STATUSES[(statusAt[at] ?? 0) - 1],
      linesOf,
      labelNames,
      fd: handle.fd,
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
