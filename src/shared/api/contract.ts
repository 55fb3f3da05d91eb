/**
 * The one API between the renderer and the main process. Each method is declared once here with a
 * zod schema for its input and the type of its value; the Electron IPC handlers, the preload, the
 * loopback bridge and the renderer's client are all derived from this table.
 */
import { z } from 'zod';
import {
  REVIEW_STATUSES,
  documentIdSchema,
  type CommandOutcome,
  type DocumentAnnotations,
  type ReviewStatus,
} from '../domain/annotation.ts';
import type { ClausemarkDocument, DocumentSummary } from '../domain/document.ts';
import { IMPORT_BATCH_MAX, type ImportOutcome } from '../domain/import.ts';
import type { ProjectInfo, ProjectStats, RecentProject } from '../domain/project.ts';
import type { Taxonomy } from '../domain/taxonomy.ts';
import type { LabelExample, PresetSummary, TaxonomyChangeResult } from '../domain/taxonomy-api.ts';
import { taxonomyMigrationSchema, type TaxonomyUsage } from '../domain/taxonomy-change.ts';
import type { Result } from '../result.ts';
import {
  CONSOLIDATION_THRESHOLDS,
  INTERCHANGE_FORMATS,
  OFFSET_UNITS,
  exportOptionsSchema,
  type AnnotationImportReport, type ExportJobState, type Opp115Report } from '../domain/dataset.ts';
import type { MethodName } from './methods.ts';

export { METHOD_NAMES, MENU_CHANNEL, channelOf, type MenuBridge, type MenuCommand, type MethodName } from './methods.ts';

/** A method's declaration: the input schema, and (as a phantom type) the value it answers with. */
interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Never set: carries the output type. */
  output?: O;
}
const method = <O>() => <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });

/** `documents.open`'s answer. */
export interface OpenedDocument {
  document: ClausemarkDocument;
  annotations: Result<DocumentAnnotations>;
}

const none = z.object({}).strict();
/** Commands in one `annotations.apply` call; the renderer sends a frame's worth at a time. */
export const ANNOTATION_BATCH_MAX = 1000;
const path = z.string().min(1).max(4096);

export interface AppInfo {
  /** 'electron' in the desktop app; 'web' when served over the loopback bridge. */
  host: 'electron' | 'web';
  version: string;
  /** Whether the host shows native file dialogs (dialog.* methods). */
  nativeDialogs: boolean;
  /** Why the project opened at start-up (the last one, or the Sample project) could not be opened. */
  startupProblem: string | null;
}

export interface Settings {
  reviewerName: string | null;
  recentProjects: RecentProject[];
}


export const contract = {
  'app.info': method<AppInfo>()(none),

  'settings.get': method<Settings>()(none),
  'settings.setReviewerName': method<Settings>()(z.object({ name: z.string().trim().min(1).max(120) }).strict()),
  'settings.forgetRecent': method<Settings>()(z.object({ dir: path }).strict()),

  'project.create': method<ProjectInfo>()(
    z
      .object({
        dir: path,
        name: z.string().trim().min(1).max(200).optional(),
        /** The preset the project starts from (`taxonomy.presets`); OPP-115 when absent. */
        taxonomy: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
      })
      .strict(),
  ),
  'project.open': method<ProjectInfo>()(z.object({ dir: path }).strict()),
  'project.openSample': method<ProjectInfo>()(none),
  'project.current': method<ProjectInfo | null>()(none),
  'project.close': method<null>()(none),
  'project.stats': method<ProjectStats>()(none),

  'documents.list': method<DocumentSummary[]>()(none),
  'documents.get': method<ClausemarkDocument>()(z.object({ id: z.string().min(1).max(200) }).strict()),

  /**
   * What opening a document in the workspace reads, in one call: the document, and the reviewer's
   * annotations on it as `annotations.list` answers them (or why they could not be read: the document
   * still opens, to be read).
   */
  'documents.open': method<OpenedDocument>()(z.object({ id: documentIdSchema }).strict()),

  /** The reviewer's annotations on a document, in text order, and their status on it. */
  'annotations.list': method<DocumentAnnotations>()(z.object({ documentId: documentIdSchema }).strict()),
  /**
   * Applies a batch of the reviewer's commands (put, delete; `AnnotationCommand`), answered once on
   * disk. Each command is validated on its own, so one refused command loses none of the others.
   */
  'annotations.apply': method<CommandOutcome[]>()(
    z.object({ commands: z.array(z.unknown()).min(1).max(ANNOTATION_BATCH_MAX) }).strict(),
  ),
  /** Sets the reviewer's status on a document (Not started, In progress, Done). */
  'review.setStatus': method<ReviewStatus>()(
    z.object({ documentId: documentIdSchema, status: z.enum(REVIEW_STATUSES) }).strict(),
  ),

  /** Expands files and folders (recursively) into the importable files they hold. */
  'import.expand': method<{ files: string[]; skipped: ImportOutcome[] }>()(
    z.object({ paths: z.array(path).min(1).max(10_000) }).strict(),
  ),
  /** Imports files by path (not folders: expand them first). */
  'import.paths': method<ImportOutcome[]>()(z.object({ paths: z.array(path).min(1).max(IMPORT_BATCH_MAX) }).strict()),
  /** Imports files the renderer holds (drag and drop, a browser's file picker), base64-encoded. */
  'import.upload': method<ImportOutcome[]>()(
    z
      .object({
        files: z
          .array(z.object({ name: z.string().min(1).max(1024), dataBase64: z.string() }).strict())
          .min(1)
          .max(IMPORT_BATCH_MAX),
      })
      .strict(),
  ),

  // Taxonomy
  /** The presets a project can start from. */
  'taxonomy.presets': method<PresetSummary[]>()(none),
  /** How many annotations of all reviewers use each label and value: what a rename or delete would touch. */
  'taxonomy.usage': method<TaxonomyUsage>()(none),
  /**
   * Replaces the project's taxonomy (docs/taxonomy-format.md) and brings every reviewer's annotations
   * along in their own log; refused (TAXONOMY_IN_USE) when some would no longer fit and `migration`
   * does not say where they go. `restore` puts annotations back as they were (undo).
   */
  'taxonomy.update': method<TaxonomyChangeResult>()(
    z
      .object({
        taxonomy: z.unknown(),
        baseVersion: z.number().int().min(1),
        migration: taxonomyMigrationSchema.optional(),
        restore: z.array(z.unknown()).max(100_000).optional(),
      })
      .strict(),
  ),
  /** Reads a taxonomy file the reviewer chose (JSON, or OPP-115's categories XML) without applying it. */
  'taxonomy.parse': method<Taxonomy>()(z.object({ fileName: z.string().min(1).max(1024), text: z.string().max(5_000_000) }).strict()),
  /** The annotations marked as examples of a label, across documents and reviewers (the guidelines). */
  'taxonomy.examples': method<LabelExample[]>()(z.object({ label: z.string().min(1).max(200) }).strict()),
  // Datasets (export, annotation import, OPP-115)
  /** Starts an export in the background (docs/export-formats.md); poll `export.status`, stop with `export.cancel`. */
  'export.start': method<{ jobId: string }>()(exportOptionsSchema),
  'export.status': method<ExportJobState>()(z.object({ jobId: z.string().uuid() }).strict()),
  'export.cancel': method<null>()(z.object({ jobId: z.string().uuid() }).strict()),
  /** Imports another tool's annotation file (or our own spans export) into the open project. */
  'annotations.importFile': method<AnnotationImportReport>()(
    z
      .object({
        path,
        format: z.enum(INTERCHANGE_FORMATS),
        reviewer: z.string().trim().min(1).max(120).optional(),
        offsets: z.enum(OFFSET_UNITS).default('auto'),
        addLabels: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Imports an OPP-115 release folder into the open project. */
  'opp115.import': method<Opp115Report>()(z.object({ release: path, consolidated: z.enum(CONSOLIDATION_THRESHOLDS).optional() }).strict()),

  /** Native dialogs; the web host answers UNSUPPORTED and the UI asks in its own way. */
  'dialog.pickProjectFolder': method<string | null>()(z.object({ purpose: z.enum(['create', 'open']) }).strict()),
  'dialog.pickImportFiles': method<string[] | null>()(none),
  'dialog.pickImportFolder': method<string | null>()(none),
  /** An annotation file to import (Import annotations…). */
  'dialog.pickAnnotationFile': method<string | null>()(none),
  /** Where an export is written (Export…): a file, or for `hf` the folder the export makes. */
  'dialog.pickExportTarget': method<string | null>()(z.object({ defaultPath: path, folder: z.boolean() }).strict()),
} as const;

export type Contract = typeof contract;

// The names in methods.ts (which the preload uses) must be exactly the contract's methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const namesMatch: Same<keyof Contract, MethodName> = true;
void namesMatch;

export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Exclude<Contract[M]['output'], undefined>;

/** What the renderer holds: one async function per method, each answering a Result. */
export type ClausemarkApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
};

/** What a host implements: one function per method, given validated input; throws AppError. */
export type ApiHandlers = {
  [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(contract, name);

