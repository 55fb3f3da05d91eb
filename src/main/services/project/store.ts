import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ClausemarkDocument, DocumentSummary, ParsedDocument } from '../../../shared/domain/document.ts';
import { DOCUMENT_FORMAT_VERSION } from '../../../shared/domain/document.ts';
import { MAX_IMPORT_BYTES, type ImportOutcome } from '../../../shared/domain/import.ts';
import {
  PROJECT_FORMAT,
  PROJECT_FORMAT_VERSION,
  projectManifestSchema,
  type FileProblem,
  type ProjectInfo,
  type ProjectManifest,
  type ProjectStats,
} from '../../../shared/domain/project.ts';
import { TAXONOMY_FORMAT_VERSION, taxonomySchema, type Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { storedTaxonomySchema } from '../../../shared/domain/taxonomy-migrate.ts';
import type { LabelExample, TaxonomyChangeOutcome } from '../../../shared/domain/taxonomy-api.ts';
import { taxonomyUsage, type TaxonomyUsage } from '../../../shared/domain/taxonomy-change.ts';
import { labelExamples } from '../taxonomy/examples.ts';
import { planTaxonomyChange, type TaxonomyChangeRequest } from '../taxonomy/change.ts';
import { AppError } from '../../../shared/result.ts';
import { parseInWorker } from '../import/pool.ts';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic.ts';
import { describeSchemaProblem, readJsonFile } from '../fs/json.ts';
import { acquireProjectLock, type ProjectLock } from '../fs/lock.ts';
import { labelIdFor } from '../../../shared/domain/taxonomy-model.ts';
import { paletteColor } from '../../../shared/domain/taxonomy-palette.ts';
import { ProjectAnnotations, type LogSnapshot } from '../annotations/project-annotations.ts';
import type { Annotation, AnnotationCommand, CommandOutcome, DocumentAnnotations, LogRecord, ReviewStatus } from '../../../shared/domain/annotation.ts';
import { textModel, type TextModel } from '../../../shared/domain/validate-annotation.ts';
import { readRegularFile, tooLargeError } from '../fs/read-limited.ts';
import { makeFolder, refuseSystemFolder } from '../fs/safe-paths.ts';
import { DocumentCatalog, entryFor, readDocumentFile } from './catalog.ts';
import { tidyProject } from './upkeep.ts';
import { TAXONOMY_JOURNAL, readTaxonomyJournal, writeTaxonomyJournal } from './taxonomy-journal.ts';
import {
  ANNOTATIONS_DIR,
  DOCUMENTS_DIR,
  GITIGNORE_FILE,
  GITIGNORE_TEMP_LINES,
  GITIGNORE_TEXT,
  MANIFEST_FILE,
  TAXONOMY_FILE,
  documentFile,
  documentIdFor,
} from './layout.ts';

export interface OpenOptions {
  /** Skip the lock and refuse writes: for reading a project another window may have open (CLI list, stats). */
  readOnly?: boolean;
  /** Told when the lock is lost while the project is open; the store then refuses writes. */
  onLockCompromised?: (error: Error) => void;
}

export interface CreateOptions {
  /** Defaults to the folder's name. */
  name?: string;
  taxonomy: Taxonomy;
  onLockCompromised?: (error: Error) => void;
}

const isErrno = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException | null)?.code === code;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw new AppError('IO_ERROR', `${path} could not be checked (${(error as Error).message}).`);
  }
}

const failed = (file: string, error: AppError): ImportOutcome => ({
  file,
  status: 'failed',
  error: { code: error.code, message: error.message },
});

// One collator for all comparisons: localeCompare with options builds a new one on every call.
const titleCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byTitle = (a: DocumentSummary, b: DocumentSummary): number =>
  titleCollator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const sortedRecord = (counts: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * One project folder on disk (layout in docs/project-format.md). Holds the lock while open, so this
 * store is the only writer; files are re-read from disk when they change, so edits a sync brings in
 * (git pull, a shared drive) show up. Damaged files are reported, never rewritten.
 */
export class ProjectStore {
  private readonly catalog: DocumentCatalog;
  private readonly annotations: ProjectAnnotations;
  /** Text models of the documents annotated last, for validating commands without re-reading files. */
  private readonly models = new Map<string, TextModel>();
  /** Catalog reads and document writes run one at a time, so two imports of one content write once. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** A taxonomy change in progress: annotation commands wait for it, so none is validated against the old one. */
  private taxonomyChange: Promise<unknown> | null = null;

  private constructor(
    readonly dir: string,
    private readonly manifest: ProjectManifest,
    private taxonomy: Taxonomy,
    private readonly lock: ProjectLock | null,
  ) {
    this.catalog = new DocumentCatalog(dir);
    this.annotations = new ProjectAnnotations(dir);
  }

  /**
   * Makes `dir` (created if missing) a project. A folder holding other files is accepted and those
   * files are left alone; one that already holds a project, or a taxonomy.json, is refused.
   */
  static async create(dir: string, opts: CreateOptions): Promise<ProjectStore> {
    const root = resolve(dir);
    const checked = taxonomySchema.safeParse(opts.taxonomy);
    if (!checked.success) {
      throw new AppError('TAXONOMY_INVALID', `The taxonomy is not valid: ${describeSchemaProblem(checked.error.issues)}.`);
    }
    await refuseSystemFolder(root, 'make a project');
    try {
      await makeFolder(root);
    } catch (error) {
      const reason = isErrno(error, 'EEXIST') || isErrno(error, 'ENOTDIR') ? 'a file is in the way' : (error as Error).message;
      throw new AppError('IO_ERROR', `The folder ${root} could not be created (${reason}).`);
    }
    await ProjectStore.refuseExisting(root);
    const lock = await acquireProjectLock(root, { onCompromised: opts.onLockCompromised });
    try {
      // Checked again under the lock: another window may have created the project meanwhile.
      await ProjectStore.refuseExisting(root);
      await mkdir(join(root, DOCUMENTS_DIR), { recursive: true });
      await mkdir(join(root, ANNOTATIONS_DIR), { recursive: true });
      if (!(await exists(join(root, GITIGNORE_FILE)))) await writeFileAtomic(join(root, GITIGNORE_FILE), GITIGNORE_TEXT + GITIGNORE_TEMP_LINES);
      const manifest: ProjectManifest = {
        format: PROJECT_FORMAT,
        formatVersion: PROJECT_FORMAT_VERSION,
        id: randomUUID(),
        name: opts.name?.trim() || basename(root) || 'Project',
        createdAt: new Date().toISOString(),
      };
      await writeJsonAtomic(join(root, TAXONOMY_FILE), checked.data);
      // The manifest last: a folder is a project once clausemark.json exists, so a crash before it leaves none.
      await writeJsonAtomic(join(root, MANIFEST_FILE), manifest);
      return new ProjectStore(root, manifest, checked.data, lock);
    } catch (error) {
      await lock.release();
      throw error instanceof AppError ? error : new AppError('IO_ERROR', `The project in ${root} could not be created (${(error as Error).message}).`);
    }
  }

  private static async refuseExisting(root: string): Promise<void> {
    if (await exists(join(root, MANIFEST_FILE))) {
      throw new AppError('PROJECT_EXISTS', `${root} already holds a Clausemark project; open it instead.`);
    }
    if (await exists(join(root, TAXONOMY_FILE))) {
      throw new AppError('PROJECT_EXISTS', `${root} already holds a taxonomy.json; choose an empty folder, or move that file away.`);
    }
  }

  static async open(dir: string, opts: OpenOptions = {}): Promise<ProjectStore> {
    const root = resolve(dir);
    await refuseSystemFolder(root, 'open a project');
    let rootStat;
    try {
      rootStat = await stat(root);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new AppError('PROJECT_NOT_FOUND', `The folder ${root} does not exist.`);
      throw new AppError('IO_ERROR', `${root} could not be opened (${(error as Error).message}).`);
    }
    if (!rootStat.isDirectory()) throw new AppError('PROJECT_NOT_FOUND', `${root} is a file, not a Clausemark project folder.`);
    const manifest = await ProjectStore.readPart(root, MANIFEST_FILE, projectManifestSchema, PROJECT_FORMAT_VERSION, () => {
      throw new AppError('PROJECT_NOT_FOUND', `${root} is not a Clausemark project (no clausemark.json).`);
    });
    const lock = opts.readOnly ? null : await acquireProjectLock(root, { onCompromised: opts.onLockCompromised });
    try {
      const taxonomy = await ProjectStore.readPart(root, TAXONOMY_FILE, storedTaxonomySchema, TAXONOMY_FORMAT_VERSION, () => {
        throw new AppError('PROJECT_DAMAGED', `${TAXONOMY_FILE} is missing from ${root}; restore it from a copy of the project.`);
      });
      if (lock) await tidyProject(root);
      const store = new ProjectStore(root, manifest, taxonomy, lock);
      if (lock) await store.finishInterruptedTaxonomyChange();
      return store;
    } catch (error) {
      await lock?.release();
      throw error;
    }
  }

  /** Reads clausemark.json or taxonomy.json: damaged is PROJECT_DAMAGED, missing is up to `onMissing`. */
  private static async readPart<S extends z.ZodType>(
    root: string,
    name: string,
    schema: S,
    formatVersion: number,
    onMissing: () => never,
  ): Promise<z.output<S>> {
    try {
      return await readJsonFile(join(root, name), schema, { damagedCode: 'PROJECT_DAMAGED', name, formatVersion });
    } catch (error) {
      if (error instanceof AppError && error.code === 'FILE_NOT_FOUND') onMissing();
      throw error;
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('NO_PROJECT_OPEN', `The project ${this.manifest.name} was closed.`);
  }

  /**
   * Saves the derived catalog cache when this store holds the lock. A cache that cannot be written
   * costs only speed at the next open, so its failure is not the reviewer's problem.
   */
  private async saveCache(): Promise<void> {
    if (!this.lock || this.lock.compromised) return;
    await this.catalog.saveCache().catch(() => undefined);
  }

  private assertWritable(): void {
    this.assertOpen();
    if (!this.lock) {
      throw new AppError('FORBIDDEN', `The project ${this.manifest.name} is open read-only; open it normally to change it.`);
    }
    if (this.lock.compromised) {
      throw new AppError(
        'PROJECT_LOCKED',
        `Clausemark lost its lock on the project ${this.manifest.name}, so it stopped writing to it. Close the project and open it again.`,
      );
    }
  }

  /**
   * Brings the document catalog and annotation counts up to date with the files on disk. `reviewer`
   * (the one using the app) gets their own counts and statuses per document.
   */
  private async scan(reviewer?: string): Promise<{
    problems: FileProblem[];
    counts: Map<string, number>;
    mine: Map<string, number>;
    statuses: Map<string, ReviewStatus>;
    stats: ProjectStats;
  }> {
    await this.exclusive(async () => {
      await this.catalog.refresh();
      await this.saveCache();
    });
    const logs = await this.annotations.all();
    const ownFile = reviewer === undefined ? null : this.annotations.logOf(reviewer).relativeName;
    const counts = new Map<string, number>();
    const mine = new Map<string, number>();
    const statuses = new Map<string, ReviewStatus>();
    const byLabel = new Map<string, number>();
    const byReviewer = new Map<string, number>();
    let annotations = 0;
    const problems: FileProblem[] = [];
    for (const log of logs) {
      if (log.problem) problems.push(log.problem);
      const own = log.file === ownFile;
      for (const a of log.fold.annotations.values()) {
        annotations++;
        counts.set(a.documentId, (counts.get(a.documentId) ?? 0) + 1);
        if (own) mine.set(a.documentId, (mine.get(a.documentId) ?? 0) + 1);
        byLabel.set(a.label, (byLabel.get(a.label) ?? 0) + 1);
        byReviewer.set(a.reviewer, (byReviewer.get(a.reviewer) ?? 0) + 1);
      }
      if (own) for (const [documentId, s] of log.fold.statuses) statuses.set(documentId, s.status);
    }
    let documents = 0;
    let segments = 0;
    for (const entry of this.catalog.all()) {
      if (entry.ok) {
        documents++;
        segments += entry.summary.segmentCount;
      } else problems.push(entry.problem);
    }
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return {
      problems,
      counts,
      mine,
      statuses,
      stats: { documents, segments, annotations, by_label: sortedRecord(byLabel), by_reviewer: sortedRecord(byReviewer) },
    };
  }

  async info(): Promise<ProjectInfo> {
    this.assertOpen();
    const { problems, stats } = await this.scan();
    return {
      dir: this.dir,
      id: this.manifest.id,
      name: this.manifest.name,
      createdAt: this.manifest.createdAt,
      taxonomy: this.taxonomy,
      documentCount: stats.documents,
      problems,
    };
  }

  /**
   * Every document file, sorted by title; a damaged one is listed with status 'damaged' and its
   * problem. With a reviewer, each status and `reviewerAnnotationCount` are that reviewer's.
   */
  async listDocuments(reviewer?: string): Promise<DocumentSummary[]> {
    this.assertOpen();
    const { counts, mine, statuses } = await this.scan(reviewer);
    return this.catalog
      .all()
      .map((entry): DocumentSummary => {
        if (!entry.ok) {
          return {
            id: entry.id,
            title: entry.id,
            fileName: `${entry.id}.json`,
            format: null,
            encoding: null,
            segmentCount: 0,
            characterCount: 0,
            annotationCount: counts.get(entry.id) ?? 0,
            reviewerAnnotationCount: mine.get(entry.id) ?? 0,
            status: 'damaged',
            problem: entry.problem.message,
          };
        }
        const annotationCount = counts.get(entry.id) ?? 0;
        const reviewerAnnotationCount = mine.get(entry.id) ?? 0;
        const counted = reviewer === undefined ? annotationCount : reviewerAnnotationCount;
        const status = statuses.get(entry.id) ?? (counted === 0 ? 'new' : 'in-progress');
        return { ...entry.summary, annotationCount, reviewerAnnotationCount, status };
      })
      .sort(byTitle);
  }

  async getDocument(id: string): Promise<ClausemarkDocument> {
    this.assertOpen();
    checkDocumentId(id);
    try {
      return await readDocumentFile(this.dir, id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'FILE_NOT_FOUND') {
        throw noDocumentFile(id);
      }
      throw error;
    }
  }

  /**
   * Throws DOCUMENT_NOT_FOUND unless the project has a file for the document: what calls about a
   * document's annotations need (reading a 1 MB document to check this took milliseconds an open).
   */
  private async assertDocument(id: string): Promise<void> {
    checkDocumentId(id);
    const found = await stat(join(this.dir, documentFile(id))).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) throw noDocumentFile(id);
  }

  /** The text model of a document, for validating annotation commands. */
  private async modelOf(documentId: string): Promise<TextModel> {
    const known = this.models.get(documentId);
    if (known) return known;
    const doc = await this.getDocument(documentId);
    const model = textModel(doc.text, doc.segments);
    // A handful of documents is what a reviewer works across; more would only hold memory.
    if (this.models.size >= 8) this.models.delete(this.models.keys().next().value as string);
    this.models.set(documentId, model);
    return model;
  }

  /** One reviewer's annotations on one document, in text order, with their status on it. */
  async documentAnnotations(reviewer: string, documentId: string): Promise<DocumentAnnotations> {
    this.assertOpen();
    await this.assertDocument(documentId);
    return this.annotations.forDocument(reviewer, documentId);
  }

  /** Applies a reviewer's commands to their own log; answered once they are on disk. */
  async applyAnnotationCommands(reviewer: string, commands: readonly AnnotationCommand[]): Promise<CommandOutcome[]> {
    this.assertWritable();
    while (this.taxonomyChange) await this.taxonomyChange.catch(() => undefined);
    return this.annotations.apply(reviewer, commands, (id) => this.modelOf(id), this.taxonomy);
  }

  async setReviewStatus(reviewer: string, documentId: string, status: ReviewStatus): Promise<ReviewStatus> {
    this.assertWritable();
    await this.assertDocument(documentId);
    return this.annotations.setStatus(reviewer, documentId, status);
  }

  async stats(): Promise<ProjectStats> {
    this.assertOpen();
    return (await this.scan()).stats;
  }

  /**
   * Imports one file by path. What goes wrong with the file comes back as a 'failed' outcome; only
   * problems with the project itself (closed, read-only, lock lost) throw.
   */
  async importFile(path: string): Promise<ImportOutcome> {
    this.assertWritable();
    const name = basename(path);
    let bytes: Uint8Array;
    try {
      // Regular files only, never more than the limit: not /dev/zero, not a FIFO that blocks.
      bytes = await readRegularFile(path, MAX_IMPORT_BYTES);
    } catch (error) {
      if (error instanceof AppError) return failed(path, error);
      throw error;
    }
    return this.importContent(path, name, bytes);
  }

  /** Imports a file the renderer holds (an upload): `file` in the outcome is `fileName`. */
  async importBytes(fileName: string, bytes: Uint8Array): Promise<ImportOutcome> {
    this.assertWritable();
    const name = basename(fileName);
    const tooLarge = this.refuseLarge(name, bytes.byteLength);
    if (tooLarge) return failed(fileName, tooLarge);
    return this.importContent(fileName, name, bytes);
  }

  private refuseLarge(name: string, size: number): AppError | null {
    return size <= MAX_IMPORT_BYTES ? null : tooLargeError(name, size, MAX_IMPORT_BYTES);
  }

  private async importContent(file: string, name: string, bytes: Uint8Array): Promise<ImportOutcome> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.catalog.isLoaded) await this.exclusive(() => this.catalog.refresh());
    // Checked before parsing too, so re-importing a folder of 1,000 known files parses none of them.
    const known = this.catalog.findBySha(sha256);
    if (known?.ok) return { file, status: 'duplicate', documentId: known.id, title: known.summary.title };

    let parsed;
    try {
      parsed = await parseInWorker({ fileName: name, bytes });
    } catch (error) {
      if (error instanceof AppError) return failed(file, error);
      const detail = error instanceof Error ? error.message : String(error);
      return failed(file, new AppError('INTERNAL', `${name} could not be imported because of an unexpected error (${detail}).`));
    }
    return this.storeParsed(file, name, bytes, sha256, parsed);
  }

  /**
   * Stores a document whose text and segments were made elsewhere (an annotation file's record, an
   * OPP-115 policy), named by the SHA-256 of `bytes` like any import, or by `sourceSha256` when the
   * text comes with the digest of the file it was first imported from (our own dataset exports).
   */
  async importParsed(fileName: string, bytes: Uint8Array, parsed: ParsedDocument, sourceSha256?: string): Promise<ImportOutcome> {
    this.assertWritable();
    const sha256 = sourceSha256 ?? createHash('sha256').update(bytes).digest('hex');
    if (!this.catalog.isLoaded) await this.exclusive(() => this.catalog.refresh());
    const known = this.catalog.findBySha(sha256);
    if (known?.ok) return { file: fileName, status: 'duplicate', documentId: known.id, title: known.summary.title };
    return this.storeParsed(fileName, basename(fileName), bytes, sha256, parsed);
  }

  private async storeParsed(file: string, name: string, bytes: Uint8Array, sha256: string, parsed: ParsedDocument): Promise<ImportOutcome> {
    const id = documentIdFor(sha256);
    const doc: ClausemarkDocument = {
      formatVersion: DOCUMENT_FORMAT_VERSION,
      id,
      title: parsed.title.trim() || name,
      source: {
        fileName: name,
        format: parsed.format,
        encoding: parsed.encoding,
        sha256,
        byteLength: bytes.byteLength,
        importedAt: new Date().toISOString(),
      },
      text: parsed.text,
      segments: parsed.segments,
    };
    return this.exclusive(async (): Promise<ImportOutcome> => {
      this.assertWritable();
      const target = join(this.dir, documentFile(id));
      // A file that appeared since the last scan (a sync) is read before it could be overwritten.
      if (!this.catalog.get(id) && (await exists(target))) await this.catalog.refresh();
      const same = this.catalog.findBySha(sha256);
      if (same?.ok) return { file, status: 'duplicate', documentId: same.id, title: same.summary.title };
      const inTheWay = this.catalog.get(id);
      if (inTheWay) {
        const why = inTheWay.ok ? 'it holds a different document' : 'it is damaged';
        return failed(
          file,
          new AppError('DOCUMENT_DAMAGED', `${name} could not be stored: ${documentFile(id)} is already there and ${why}. It was left as it is.`),
        );
      }
      try {
        await writeJsonAtomic(target, doc);
        const s = await stat(target);
        this.catalog.add(entryFor(doc, { size: s.size, mtimeMs: s.mtimeMs }));
      } catch (error) {
        return failed(file, new AppError('IO_ERROR', `${name} could not be saved in the project (${(error as Error).message}).`));
      }
      return { file, status: 'imported', documentId: id, title: doc.title };
    });
  }

  /** How many annotations, of all reviewers, use each label and each value. */
  async taxonomyUsage(): Promise<TaxonomyUsage> {
    this.assertOpen();
    return taxonomyUsage((await this.annotations.all()).flatMap((log) => [...log.fold.annotations.values()]));
  }

  /**
   * Replaces the taxonomy (docs/taxonomy-format.md): every reviewer's annotations are brought along in
   * their own log (one append per file) before taxonomy.json is written atomically, with its version bumped.
   */
  async changeTaxonomy(request: TaxonomyChangeRequest): Promise<TaxonomyChangeOutcome> {
    this.assertWritable();
    const run = this.exclusive(async () => {
      this.assertWritable();
      const logs = await this.annotations.all();
      const plan = planTaxonomyChange(this.taxonomy, request, logs, (reviewer) => this.annotations.logOf(reviewer).relativeName);
      // The change is journaled first, so a crash between the logs and taxonomy.json is finished at the next open.
      await writeTaxonomyJournal(this.dir, plan.taxonomy, plan.appends);
      await this.completeTaxonomyChange(plan.taxonomy, plan.appends);
      const { appends: _appends, ...outcome } = plan;
      void _appends;
      return outcome;
    });
    this.taxonomyChange = run;
    try {
      return await run;
    } finally {
      if (this.taxonomyChange === run) this.taxonomyChange = null;
    }
  }

  /** Appends a taxonomy change's records to each reviewer's log, then writes taxonomy.json and drops the journal. */
  private async completeTaxonomyChange(taxonomy: Taxonomy, appends: ReadonlyMap<string, LogRecord[]>): Promise<void> {
    for (const [file, records] of appends) await this.annotations.appendTo(file, records);
    await writeJsonAtomic(join(this.dir, TAXONOMY_FILE), taxonomy);
    this.taxonomy = taxonomy;
    await rm(join(this.dir, TAXONOMY_JOURNAL), { force: true });
  }

  /**
   * Finishes a taxonomy change a crash interrupted (its journal is still there). Appending the same
   * records again is harmless: each is an annotation's whole state, and the last line of an id wins.
   */
  private async finishInterruptedTaxonomyChange(): Promise<void> {
    const journal = await readTaxonomyJournal(this.dir);
    if (journal) await this.completeTaxonomyChange(journal.taxonomy, journal.appends);
  }

  /** The annotations of every reviewer marked as examples of `label`, for the guidelines. */
  async labelExamples(label: string): Promise<LabelExample[]> {
    this.assertOpen();
    const logs = await this.annotations.all();
    const documents = await this.listDocuments();
    return labelExamples(label, logs, documents, (id) => this.getDocument(id));
  }

  // Datasets (export, annotation import, OPP-115)

  /** The readable documents' ids, sorted, after catching up with the documents folder. */
  private async readableDocumentIds(): Promise<string[]> {
    await this.exclusive(async () => {
      await this.catalog.refresh();
      await this.saveCache();
    });
    return this.catalog
      .all()
      .filter((e) => e.ok)
      .map((e) => e.id)
      .sort();
  }

  /** What an annotation import reads: the taxonomy, the readable documents' ids (sorted) and every reviewer's log. */
  async datasetSource(): Promise<{ taxonomy: Taxonomy; documentIds: string[]; logs: LogSnapshot[] }> {
    this.assertOpen();
    const documentIds = await this.readableDocumentIds();
    return { taxonomy: this.taxonomy, documentIds, logs: await this.annotations.all() };
  }

  /**
   * What an export reads: the taxonomy, the readable documents' ids (sorted) and every reviewer's log
   * file, which the export streams itself (services/export/log-reader.ts) rather than folding in memory.
   */
  async exportSource(): Promise<{ taxonomy: Taxonomy; documentIds: string[]; logFiles: { file: string; path: string }[] }> {
    this.assertOpen();
    const documentIds = await this.readableDocumentIds();
    return { taxonomy: this.taxonomy, documentIds, logFiles: await this.annotations.files() };
  }

  /**
   * Appends annotations (and statuses) made elsewhere to `reviewer`'s log in one durable write, each
   * checked like a reviewer's command (annotationProblem); the refused ones are answered with why.
   */
  async appendAnnotations(
    reviewer: string,
    annotations: readonly Annotation[],
    statuses: readonly { documentId: string; status: ReviewStatus }[] = [],
  ): Promise<{ saved: number; refused: { annotation: Annotation; message: string }[] }> {
    this.assertWritable();
    return this.annotations.appendChecked(reviewer, annotations, statuses, (id) => this.modelOf(id), this.taxonomy);
  }

  /**
   * Adds labels (no attributes) to the project's taxonomy, for annotations imported with new labels:
   * a taxonomy change like any other, so its version is bumped.
   */
  async addLabels(names: readonly string[]): Promise<Taxonomy> {
    this.assertWritable();
    const fresh = [...new Set(names)].filter((n) => !this.taxonomy.labels.some((l) => l.name === n));
    if (fresh.length === 0) return this.taxonomy;
    const ids = new Set(this.taxonomy.labels.map((l) => l.id));
    const added = fresh.map((name, i) => {
      const id = labelIdFor(name, ids);
      ids.add(id);
      return { id, name, color: paletteColor(this.taxonomy.labels.length + i), attributes: [] };
    });
    await this.changeTaxonomy({ taxonomy: { ...this.taxonomy, labels: [...this.taxonomy.labels, ...added] }, baseVersion: this.taxonomy.version });
    return this.taxonomy;
  }


  /** Releases the lock. The store answers nothing afterwards; closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.exclusive(() => this.saveCache());
    await this.lock?.release();
  }
}

/** Ids are file names: anything else could reach outside documents/. */
function checkDocumentId(id: string): void {
  if (!/^[a-z0-9-]+$/.test(id)) throw new AppError('DOCUMENT_NOT_FOUND', `There is no document "${id}" in this project.`);
}

const noDocumentFile = (id: string): AppError =>
  new AppError('DOCUMENT_NOT_FOUND', `There is no document "${id}" in this project (no ${documentFile(id)}).`);
