import { join } from 'node:path';
import {
  ANNOTATION_FORMAT_VERSION,
  annotationCommandSchema,
  canonicalAnnotation,
  type Annotation,
  type AnnotationCommand,
  type CommandOutcome,
  type DocumentAnnotations,
  type LogRecord,
  type ReviewStatus,
} from '../../../shared/domain/annotation.ts';
import type { FileProblem } from '../../../shared/domain/project.ts';
import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { annotationProblem, type TextModel } from '../../../shared/domain/validate-annotation.ts';
import { AppError } from '../../../shared/result.ts';
import { listStampedFiles } from '../project/files.ts';
import { ANNOTATIONS_DIR, reviewerSlug } from '../project/layout.ts';
import { ReviewerLog, type FoldedLog } from './log.ts';

export interface LogSnapshot {
  file: string;
  fold: FoldedLog;
  problem: FileProblem | null;
}

const byPosition = (a: Annotation, b: Annotation): number => {
  const sa = a.target.type === 'span' ? a.target.start : -1;
  const sb = b.target.type === 'span' ? b.target.start : -1;
  return sa - sb || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);
};

/**
 * Every reviewer's annotation log in a project. A reviewer writes only their own file; every
 * command is validated against its document and the taxonomy before it is appended, and answered
 * only once it is on disk.
 */
export class ProjectAnnotations {
  private readonly logs = new Map<string, ReviewerLog>();

  constructor(private readonly projectDir: string) {}

  private logByFile(fileName: string): ReviewerLog {
    let log = this.logs.get(fileName);
    if (!log) {
      log = new ReviewerLog(join(this.projectDir, ANNOTATIONS_DIR, fileName), `${ANNOTATIONS_DIR}/${fileName}`);
      this.logs.set(fileName, log);
    }
    return log;
  }

  logOf(reviewer: string): ReviewerLog {
    return this.logByFile(`${reviewerSlug(reviewer)}.jsonl`);
  }

  /** Every reviewer's log as it is on disk now (re-reading only files that changed). */
  async all(): Promise<LogSnapshot[]> {
    const files = await listStampedFiles(join(this.projectDir, ANNOTATIONS_DIR), '.jsonl');
    const snapshots: LogSnapshot[] = [];
    for (const file of files) {
      const log = this.logByFile(file.name);
      try {
        const fold = await log.refresh();
        snapshots.push({ file: log.relativeName, fold, problem: log.problem });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        snapshots.push({ file: log.relativeName, fold: log.current, problem: { file: log.relativeName, message } });
      }
    }
    return snapshots;
  }

  /**
   * Every reviewer's log file (sorted by name), once no write of this app to them is in flight; for
   * readers that stream the files themselves (exports).
   */
  async files(): Promise<{ file: string; path: string }[]> {
    const files = await listStampedFiles(join(this.projectDir, ANNOTATIONS_DIR), '.jsonl');
    return Promise.all(
      files.map(async (f) => {
        const log = this.logByFile(f.name);
        await log.idle();
        return { file: log.relativeName, path: log.path };
      }),
    );
  }

  async forDocument(reviewer: string, documentId: string): Promise<DocumentAnnotations> {
    const fold = await this.logOf(reviewer).refresh();
    const annotations = [...fold.annotations.values()].filter((a) => a.documentId === documentId).sort(byPosition);
    return { documentId, reviewer, status: statusOf(fold, documentId), annotations };
  }

  /**
   * Validates and appends a batch of commands as one write. A command that fails validation is
   * answered with its reason and the others still apply; a failed write throws (IO_ERROR) and
   * nothing of the batch is applied, so the caller can send it again.
   */
  async apply(
    reviewer: string,
    commands: readonly AnnotationCommand[],
    modelOf: (documentId: string) => Promise<TextModel>,
    taxonomy: Taxonomy,
  ): Promise<CommandOutcome[]> {
    const log = this.logOf(reviewer);
    const fold = await log.refresh();
    // What the batch has done so far, so later commands of the batch see earlier ones.
    const staged = new Map<string, Annotation | null>();
    const current = (id: string): Annotation | undefined => {
      const s = staged.get(id);
      return s === null ? undefined : (s ?? fold.annotations.get(id));
    };
    const records: LogRecord[] = [];
    const outcomes: CommandOutcome[] = [];
    const now = new Date().toISOString();
    for (const raw of commands) {
      const parsed = annotationCommandSchema.safeParse(raw);
      // The id to answer with, read from whatever arrived (null, a number, an annotation without an id).
      const fields = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown; annotation?: { id?: unknown } | null }) : {};
      const given = typeof fields.id === 'string' ? fields.id : fields.annotation?.id;
      const id = typeof given === 'string' ? given : '';
      if (!parsed.success) {
        outcomes.push({ ok: false, id, error: { code: 'INVALID_INPUT', message: `The command is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.` } });
        continue;
      }
      const command = parsed.data;
      if (command.op === 'delete') {
        const existing = current(command.id);
        if (!existing || existing.documentId !== command.documentId) {
          outcomes.push({ ok: false, id: command.id, error: { code: 'ANNOTATION_NOT_FOUND', message: `There is no annotation ${command.id} in this document to delete.` } });
          continue;
        }
        staged.set(command.id, null);
        records.push({ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'deletion', id: command.id, documentId: command.documentId, at: now });
        outcomes.push({ ok: true, id: command.id, annotation: null });
        continue;
      }
      const draft = command.annotation;
      const existing = current(draft.id);
      if (existing && existing.documentId !== draft.documentId) {
        outcomes.push({ ok: false, id: draft.id, error: { code: 'ANNOTATION_INVALID', message: `Annotation ${draft.id} belongs to another document.` } });
        continue;
      }
      let model: TextModel;
      try {
        model = await modelOf(draft.documentId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcomes.push({ ok: false, id: draft.id, error: { code: error instanceof AppError ? error.code : 'DOCUMENT_NOT_FOUND', message } });
        continue;
      }
      const problem = annotationProblem(draft, model, taxonomy);
      if (problem) {
        outcomes.push({ ok: false, id: draft.id, error: { code: 'ANNOTATION_INVALID', message: `The annotation was not saved: ${problem}.` } });
        continue;
      }
      const annotation = canonicalAnnotation({
        id: draft.id,
        documentId: draft.documentId,
        reviewer,
        target: draft.target,
        label: draft.label,
        attributes: draft.attributes,
        note: draft.note,
        origin: existing?.origin ?? draft.origin ?? 'manual',
        example: draft.example,
        createdAt: existing?.createdAt ?? draft.createdAt ?? now,
        updatedAt: now,
      });
      staged.set(draft.id, annotation);
      records.push({ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'annotation', annotation });
      outcomes.push({ ok: true, id: draft.id, annotation });
    }
    await log.append(records);
    if (log.wantsCompaction) void log.compact().catch(() => undefined);
    return outcomes;
  }

  /** Appends records to one log, named as `LogSnapshot.file` names it (a taxonomy change rewriting annotations). */
  async appendTo(file: string, records: LogRecord[]): Promise<void> {
    const log = this.logByFile(file.slice(file.lastIndexOf('/') + 1));
    await log.refresh();
    await log.append(records);
  }

  /**
   * Appends annotations made elsewhere (imports) and statuses to a reviewer's log in one write, each
   * annotation checked like a command; answered once on disk.
   */
  async appendChecked(
    reviewer: string,
    annotations: readonly Annotation[],
    statuses: readonly { documentId: string; status: ReviewStatus }[],
    modelOf: (documentId: string) => Promise<TextModel>,
    taxonomy: Taxonomy,
  ): Promise<{ saved: number; refused: { annotation: Annotation; message: string }[] }> {
    const log = this.logOf(reviewer);
    await log.refresh();
    const records: LogRecord[] = [];
    const refused: { annotation: Annotation; message: string }[] = [];
    const now = new Date().toISOString();
    for (const a of annotations) {
      let problem: string | null;
      try {
        problem = annotationProblem(a, await modelOf(a.documentId), taxonomy);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (problem) refused.push({ annotation: a, message: problem });
      else records.push({ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'annotation', annotation: canonicalAnnotation({ ...a, reviewer }) });
    }
    for (const s of statuses) {
      records.push({ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'status', documentId: s.documentId, status: s.status, at: now });
    }
    await log.append(records);
    if (log.wantsCompaction) void log.compact().catch(() => undefined);
    return { saved: records.length - statuses.length, refused };
  }

  async setStatus(reviewer: string, documentId: string, status: ReviewStatus): Promise<ReviewStatus> {
    const log = this.logOf(reviewer);
    await log.refresh();
    await log.append([{ formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'status', documentId, status, at: new Date().toISOString() }]);
    return status;
  }
}

/** A reviewer's status on a document: what they set, else in progress once they annotated it. */
export function statusOf(fold: FoldedLog, documentId: string): ReviewStatus {
  const set = fold.statuses.get(documentId)?.status;
  if (set) return set;
  for (const a of fold.annotations.values()) if (a.documentId === documentId) return 'in-progress';
  return 'new';
}
