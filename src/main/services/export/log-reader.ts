import { open } from 'node:fs/promises';
import type { ReviewStatus } from '../../../shared/domain/annotation.ts';
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
  /** Whether a document has live annotations. */
  annotates(documentId: string): boolean;
  statuses: Map<string, ReviewStatus>;
  /**
   * Adds where a document's live annotations (with one of `labels`, when given) are to `into`, in the
   * order the fold holds them, as lines of log number `log`.
   */
  linesOf(documentId: string, labels: ReadonlySet<string> | null, into: LineList, log: number): void;
  /** The open file, which `linesOf`'s offsets are read from (until `close`). */
  fd: number;
  close(): Promise<void>;
}

/**
 * Indexes a log as it is now (its first `size` bytes; what is appended later is not part of this
 * export). The file stays open until `close`, so a compaction replacing it does not change what the
 * second pass reads. `index` runs the first pass (indexLogFile) on the open file, here by default;
 * an export worker can run it on the same file descriptor.
 */
export async function indexLog(
  path: string,
  file: string,
  fallbackReviewer: string,
  index?: (fd: number, size: number) => Promise<LogIndex>,
): Promise<IndexedLog> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const found = await (index ? index(handle.fd, size) : indexLogFile(async (...args) => (await handle.read(...args)).bytesRead, size));
    let filter: { labels: ReadonlySet<string>; wanted: Uint8Array } | null = null;
    const wantedOf = (labels: ReadonlySet<string>): Uint8Array => {
      if (filter?.labels !== labels) filter = { labels, wanted: Uint8Array.from(found.labelNames, (name) => (labels.has(name) ? 1 : 0)) };
      return filter.wanted;
    };
    const linesOf = (documentId: string, labels: ReadonlySet<string> | null, into: LineList, log: number): void => {
      const document = found.documentNumbers.get(documentId);
      if (document === undefined) return;
      const wanted = labels ? wantedOf(labels) : null;
      const { offsets, lengths, labels: labelOf, firstLine } = found;
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
      annotates: (documentId) => {
        const document = found.documentNumbers.get(documentId);
        return document !== undefined && (found.firstLine[document + 1] as number) > (found.firstLine[document] as number);
      },
      statuses: found.statuses,
      linesOf,
      fd: handle.fd,
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
