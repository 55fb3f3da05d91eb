import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  ANNOTATION_FORMAT_VERSION,
  annotationV1Schema,
  canonicalRecord,
  logRecordSchema,
  migrateV1Line,
  type Annotation,
  type LogRecord,
  type ReviewStatus,
} from '../../../shared/domain/annotation.ts';
import type { FileProblem } from '../../../shared/domain/project.ts';
import { AppError } from '../../../shared/result.ts';
import { writeFileAtomic } from '../fs/atomic.ts';
import { describeSchemaProblem, parseJsonText } from '../fs/json.ts';
import type { FileStamp } from '../project/files.ts';

/** Up to this many damaged line numbers are named in a problem; the rest are counted. */
const LINES_NAMED = 5;

/** Compact once the log holds this many more lines than live records, and twice as many. */
const COMPACT_SLACK = 1_000;

export interface DamagedLine {
  line: number;
  problem: string;
}

/** A reviewer's log folded into what it says now. */
export interface FoldedLog {
  annotations: Map<string, Annotation>;
  statuses: Map<string, { status: ReviewStatus; at: string }>;
  /** Lines holding a record (damaged ones excluded). */
  records: number;
  /** Records in format 1, read through the migration. */
  migrated: number;
  damaged: DamagedLine[];
  /** The last line has no newline and is not a record: a write cut short by a crash. */
  tornTail: boolean;
}

export const emptyFold = (): FoldedLog => ({
  annotations: new Map(),
  statuses: new Map(),
  records: 0,
  migrated: 0,
  damaged: [],
  tornTail: false,
});

/** Applies one record to a fold: the last line of an id (or of a document's status) wins. */
export function applyRecord(fold: FoldedLog, record: LogRecord): void {
  fold.records++;
  switch (record.kind) {
    case 'annotation':
      fold.annotations.set(record.annotation.id, record.annotation);
      break;
    case 'deletion':
      fold.annotations.delete(record.id);
      break;
    case 'status':
      fold.statuses.set(record.documentId, { status: record.status, at: record.at });
      break;
  }
}

/** One line of a log: its record, or why it cannot be read. */
export function parseLine(line: string): { record: LogRecord; migrated: boolean } | { problem: string } {
  const json = parseJsonText(line);
  if (!json.ok) return { problem: json.problem };
  const version = (json.value as { formatVersion?: unknown } | null)?.formatVersion;
  if (version === 1) {
    const old = annotationV1Schema.safeParse(json.value);
    if (old.success) return { record: migrateV1Line(old.data), migrated: true };
    return { problem: describeSchemaProblem(old.error.issues) };
  }
  if (typeof version === 'number' && version > ANNOTATION_FORMAT_VERSION) {
    return { problem: `made by a newer Clausemark (format version ${version}; this one reads up to ${ANNOTATION_FORMAT_VERSION})` };
  }
  const parsed = logRecordSchema.safeParse(json.value);
  if (!parsed.success) return { problem: describeSchemaProblem(parsed.error.issues) };
  return { record: parsed.data, migrated: false };
}

/** Folds a log's text. Never throws: what cannot be read is listed in `damaged`. */
export function foldLogText(text: string): FoldedLog {
  const fold = emptyFold();
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  const last = lines.length - 1;
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const parsed = parseLine(line);
    if ('problem' in parsed) {
      fold.damaged.push({ line: index + 1, problem: parsed.problem });
      if (index === last) fold.tornTail = true;
      return;
    }
    if (parsed.migrated) fold.migrated++;
    applyRecord(fold, parsed.record);
  });
  return fold;
}

/** The one problem a damaged log is reported with, naming the file and its lines. */
export function describeDamage(relativeName: string, fold: FoldedLog): FileProblem | null {
  if (fold.damaged.length === 0) return null;
  const first = fold.damaged[0] as DamagedLine;
  const lineList = fold.damaged.slice(0, LINES_NAMED).map((d) => d.line).join(', ');
  const more = fold.damaged.length > LINES_NAMED ? ` and ${fold.damaged.length - LINES_NAMED} more` : '';
  const noun = fold.damaged.length === 1 ? 'line' : 'lines';
  const torn = fold.tornTail ? ' The last line was cut short, probably by a crash while it was written; new edits are added after it.' : '';
  return {
    file: relativeName,
    message: `${relativeName} has ${fold.damaged.length} damaged ${noun} (${lineList}${more}), which were skipped; line ${first.line}: ${first.problem}.${torn} The file was left as it is.`,
  };
}

export const serializeRecord = (record: LogRecord): string => `${JSON.stringify(canonicalRecord(record))}\n`;

/** The live records of a fold, in a stable order: statuses, then annotations by document and id. */
export function liveRecords(fold: FoldedLog): LogRecord[] {
  const byKey = <T>(entries: [string, T][]): [string, T][] => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const statuses = byKey([...fold.statuses]).map(
    ([documentId, s]): LogRecord => ({ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'status', documentId, status: s.status, at: s.at }),
  );
  const annotations = [...fold.annotations.values()]
    .sort((a, b) => (a.documentId < b.documentId ? -1 : a.documentId > b.documentId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((annotation): LogRecord => ({ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'annotation', annotation }));
  return [...statuses, ...annotations];
}

const isErrno = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException | null)?.code === code;

interface PendingAppend {
  text: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * One reviewer's append-only log file. `append` resolves only once the lines are flushed to disk
 * (fsync); appends that arrive while a write is in flight go out together in the next write, so a
 * burst of commands costs one fsync. The file is opened for each write, so a file replaced
 * underneath (a git pull) is appended to as it now is, never through a stale handle.
 */
export class ReviewerLog {
  private fold: FoldedLog = emptyFold();
  private stamp: FileStamp | null = null;
  private loaded = false;
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;

  constructor(
    readonly path: string,
    /** How messages name the file: "annotations/ana-muller.jsonl". */
    readonly relativeName: string,
  ) {}

  /** Re-reads the file when it changed on disk since it was last read or written. */
  async refresh(): Promise<FoldedLog> {
    await this.idle();
    return this.readFromDisk();
  }

  /** Resolves once no write or compaction is in flight (one would show as a torn last line). */
  async idle(): Promise<void> {
    while (this.flushing || this.compacting) await (this.flushing ?? this.compacting)?.catch(() => undefined);
  }

  private async readFromDisk(): Promise<FoldedLog> {
    let s;
    try {
      s = await stat(this.path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw new AppError('IO_ERROR', `${this.relativeName} could not be read (${describeIoError(error)}).`);
      this.fold = emptyFold();
      this.stamp = null;
      this.loaded = true;
      return this.fold;
    }
    if (this.loaded && this.stamp && this.stamp.size === s.size && this.stamp.mtimeMs === s.mtimeMs) return this.fold;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw new AppError('IO_ERROR', `${this.relativeName} could not be read (${describeIoError(error)}).`);
    }
    this.fold = foldLogText(text);
    this.stamp = { size: s.size, mtimeMs: s.mtimeMs };
    this.loaded = true;
    return this.fold;
  }

  get current(): FoldedLog {
    return this.fold;
  }

  get problem(): FileProblem | null {
    return describeDamage(this.relativeName, this.fold);
  }

  /**
   * Appends records; resolves once they are on disk, and only then applies them to the fold, so the
   * fold never shows what a crash could lose.
   */
  async append(records: LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    const text = records.map(serializeRecord).join('');
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ text, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
    for (const record of records) applyRecord(this.fold, record);
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        while (this.compacting) await this.compacting.catch(() => undefined);
        const batch = this.pending.splice(0);
        try {
          await this.write(batch.map((p) => p.text).join(''));
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async write(text: string): Promise<void> {
    // A file replaced while the lines were written (a git pull renaming its version into place) took
    // them away with the old file: write them again to the file that is there now.
    for (let attempt = 1; !(await this.writeOnce(text)); attempt++) {
      if (attempt === 5) throw new AppError('IO_ERROR', `Your edit could not be saved to ${this.relativeName} (the file kept being replaced while it was written). It is kept, and will be saved when you try again.`);
    }
  }

  /** Appends to the file at the path; false when that file was replaced before the lines were on disk. */
  private async writeOnce(text: string): Promise<boolean> {
    let handle: FileHandle | undefined;
    let created = false;
    let size = -1;
    try {
      try {
        handle = await open(this.path, 'r+');
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
        handle = await open(this.path, 'a+');
        created = true;
      }
      const before = await handle.stat();
      size = before.size;
      // Whether the fold is this file as it is: if not (changed underneath), the next read folds it again.
      const known = created ? this.stamp === null : (this.stamp !== null && this.stamp.size === before.size && this.stamp.mtimeMs === before.mtimeMs);
      let prefix = '';
      if (size > 0) {
        // A last line without its newline (a crash mid-write) stays a line of its own, reported as damaged.
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      const data = Buffer.from(prefix + text, 'utf8');
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written, size + written);
        written += bytesWritten;
      }
      await handle.sync();
      const after = await handle.stat();
      const atPath = await stat(this.path).catch(() => null);
      if (!atPath || atPath.ino !== after.ino || atPath.dev !== after.dev) {
        this.stamp = null;
        return false;
      }
      this.stamp = known ? { size: after.size, mtimeMs: after.mtimeMs } : null;
      if (created) await syncFolder(dirname(this.path));
      return true;
    } catch (error) {
      // A write refused part-way (a full disk) leaves whole lines of the failed batch, and a torn one:
      // cut them off, so the file never holds what the caller was told is not saved.
      if (handle && size >= 0) {
        const h = handle;
        await h.truncate(size).then(() => h.sync()).catch(() => undefined);
      }
      throw new AppError('IO_ERROR', `Your edit could not be saved to ${this.relativeName} (${describeIoError(error)}). It is kept, and will be saved when you try again.`);
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  /** Whether the log has grown well past its live records (and can be compacted safely). */
  get wantsCompaction(): boolean {
    const live = this.fold.annotations.size + this.fold.statuses.size;
    return this.fold.damaged.length === 0 && this.fold.records > 2 * live + COMPACT_SLACK;
  }

  /**
   * Rewrites the log as its live records, atomically. Never done to a log with damaged lines: those
   * stay for the reviewer to recover. Waits for appends in flight.
   */
  async compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    while (this.flushing) await this.flushing;
    if (this.compacting) return this.compacting;
    this.compacting = this.rewrite().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  private async rewrite(): Promise<void> {
    this.loaded = false;
    await this.readFromDisk();
    if (this.fold.damaged.length > 0) return;
    const records = liveRecords(this.fold);
    await writeFileAtomic(this.path, records.map(serializeRecord).join(''));
    const s = await stat(this.path);
    this.fold = emptyFold();
    for (const record of records) applyRecord(this.fold, record);
    this.stamp = { size: s.size, mtimeMs: s.mtimeMs };
  }
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS') return 'the folder is read-only';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EDQUOT') return 'your disk quota is used up';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'the project folder is no longer there: was it moved, renamed, or on a drive that was disconnected?';
  if (code === 'EISDIR') return 'a folder has the name the file needs';
  if (code === 'EIO') return 'the disk reported a read or write error';
  if (code === 'EMFILE' || code === 'ENFILE') return 'too many files are open on this computer';
  if (code === 'EBUSY' || code === 'ETXTBSY') return 'another program is using the file';
  return error instanceof Error ? error.message : String(error);
}

async function syncFolder(dir: string): Promise<void> {
  // Makes a new file's name durable; not every platform can open a folder for this, which is harmless.
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}
