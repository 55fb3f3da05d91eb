import { ANNOTATION_FORMAT_VERSION, annotationSchema, canonicalAnnotation, type Annotation, type LogRecord } from '../../../shared/domain/annotation.ts';
import { taxonomySchema, type Taxonomy } from '../../../shared/domain/taxonomy.ts';
import {
  annotationFate,
  describeOrphans,
  inferredLabelRenames,
  type TaxonomyMigration,
} from '../../../shared/domain/taxonomy-change.ts';
import { taxonomyProblems } from '../../../shared/domain/taxonomy-model.ts';
import type { TaxonomyChangeOutcome } from '../../../shared/domain/taxonomy-api.ts';
import { AppError } from '../../../shared/result.ts';
import { describeSchemaProblem } from '../fs/json.ts';
import type { LogSnapshot } from '../annotations/project-annotations.ts';

export interface TaxonomyChangeRequest {
  /** The taxonomy as it should be; its `version` is ignored (the change sets it). */
  taxonomy: unknown;
  /** The version the change was made against; refused when the project's has moved on since. */
  baseVersion?: number;
  /** Where annotations holding names the new taxonomy lacks go. */
  migration?: TaxonomyMigration;
  /** Annotations to put back as they were (an undo of a change that moved or deleted them). */
  restore?: readonly unknown[];
}

export interface TaxonomyChangePlan extends TaxonomyChangeOutcome {
  /** Records to append, per log file ("annotations/ana.jsonl"): one append per reviewer. */
  appends: Map<string, LogRecord[]>;
}

/** The log file of a reviewer's annotations; as ProjectAnnotations names them. */
export type FileOfReviewer = (reviewer: string) => string;

/**
 * Works out a taxonomy change without writing anything: the new taxonomy (validated, version bumped)
 * and the records that bring every reviewer's annotations along. Refuses, naming what and how many,
 * when annotations would no longer fit and the migration does not say where they go.
 */
export function planTaxonomyChange(
  current: Taxonomy,
  request: TaxonomyChangeRequest,
  logs: readonly LogSnapshot[],
  fileOf: FileOfReviewer,
): TaxonomyChangePlan {
  if (request.baseVersion !== undefined && request.baseVersion !== current.version) {
    throw new AppError(
      'TAXONOMY_CHANGED',
      `The taxonomy was changed elsewhere meanwhile (it is at version ${current.version}, this change was made to version ${request.baseVersion}). Reload it and make the change again.`,
    );
  }
  const candidate = taxonomySchema.safeParse({ ...(request.taxonomy as object), version: current.version + 1 });
  if (!candidate.success) {
    throw new AppError('TAXONOMY_INVALID', `The taxonomy is not valid: ${describeSchemaProblem(candidate.error.issues)}.`);
  }
  const next = candidate.data;
  const problems = taxonomyProblems(next);
  if (problems.length > 0) throw new AppError('TAXONOMY_INVALID', `The taxonomy cannot be saved: ${problems.join('; ')}.`);

  const migration = request.migration ?? {};
  const renames = inferredLabelRenames(current, next);
  const now = new Date().toISOString();
  const appends = new Map<string, LogRecord[]>();
  const push = (file: string, record: LogRecord): void => {
    const list = appends.get(file) ?? [];
    list.push(record);
    appends.set(file, list);
  };
  const orphans = new Map<string, number>();
  const previous: Annotation[] = [];
  let rewritten = 0;
  let deleted = 0;

  const restoring = new Map<string, Annotation>();
  for (const raw of request.restore ?? []) {
    const parsed = annotationSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('INVALID_INPUT', `An annotation to restore is not valid: ${describeSchemaProblem(parsed.error.issues)}.`);
    const fate = annotationFate(parsed.data, next, {});
    if (fate.kind !== 'unchanged') {
      throw new AppError('TAXONOMY_IN_USE', `Annotation ${parsed.data.id} cannot be restored: it does not fit the taxonomy.`);
    }
    restoring.set(`${fileOf(parsed.data.reviewer)}\n${parsed.data.id}`, canonicalAnnotation(parsed.data));
  }

  for (const log of logs) {
    for (const annotation of log.fold.annotations.values()) {
      if (restoring.has(`${log.file}\n${annotation.id}`)) continue;
      const fate = annotationFate(annotation, next, migration, renames);
      switch (fate.kind) {
        case 'unchanged':
          break;
        case 'orphaned':
          orphans.set(fate.reason, (orphans.get(fate.reason) ?? 0) + 1);
          break;
        case 'deleted':
          deleted++;
          previous.push(annotation);
          push(log.file, { formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'deletion', id: annotation.id, documentId: annotation.documentId, at: now });
          break;
        case 'changed':
          rewritten++;
          previous.push(annotation);
          push(log.file, { formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'annotation', annotation: { ...fate.annotation, updatedAt: now } });
          break;
      }
    }
  }
  if (orphans.size > 0) throw new AppError('TAXONOMY_IN_USE', describeOrphans(orphans));
  for (const [key, annotation] of restoring) {
    const file = key.slice(0, key.indexOf('\n'));
    push(file, { formatVersion: ANNOTATION_FORMAT_VERSION, kind: 'annotation', annotation });
  }
  return { taxonomy: next, rewritten, deleted, restored: restoring.size, previous, appends };
}
