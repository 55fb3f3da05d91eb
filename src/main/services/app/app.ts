import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ApiHandlers, AppInfo, Settings } from '../../../shared/api/contract.ts';
import { createDispatcher } from '../../../shared/api/dispatch.ts';
import type { AnnotationCommand } from '../../../shared/domain/annotation.ts';
import { exportCommandLine } from '../../../shared/domain/dataset.ts';
import type { ImportOutcome } from '../../../shared/domain/import.ts';
import type { ProjectInfo, RecentProject } from '../../../shared/domain/project.ts';
import { AppError, fail, ok, type Result } from '../../../shared/result.ts';
import { ExportJobs } from '../export/jobs.ts';
import { PARSE_WORKERS } from '../import/pool.ts';
import { importAnnotationFile } from '../interchange/import.ts';
import { importOpp115 } from '../opp115/import.ts';
import { samplePoliciesDir } from '../paths.ts';
import { mapLimit } from '../project/files.ts';
import { ProjectStore, expandImportPaths } from '../project/index.ts';
import type { SettingsStore } from '../settings/settings.ts';
import { builtinTaxonomy, isPresetId, PRESET_IDS, presetSummaries, presetTaxonomy } from '../taxonomy/index.ts';
import { parseTaxonomyText } from '../taxonomy/parse.ts';

export interface DialogHost {
  pickProjectFolder(purpose: 'create' | 'open'): Promise<string | null>;
  pickImportFiles(): Promise<string[] | null>;
  pickImportFolder(): Promise<string | null>;
  pickAnnotationFile(): Promise<string | null>;
  /** A path to write an export to: a file, or (folder) a folder the export makes; `defaultPath` proposed. */
  pickExportTarget(defaultPath: string, folder: boolean): Promise<string | null>;
}

export interface AppContext {
  host: 'electron' | 'web';
  version: string;
  settings: SettingsStore;
  /** Native dialogs; null where the host has none (the loopback bridge). */
  dialogs: DialogHost | null;
  resourcesDir: string;
  /** Where the Sample project is created on first run. */
  sampleProjectDir: string;
  /** Called whenever the recent-projects list changes (the desktop menu rebuilds Open Recent). */
  onRecentChanged?: () => void;
}

const MAX_RECENT = 10;

/** A folder path as a reviewer typed it: `~` expanded, relative paths refused. */
function folderPath(dir: string): string {
  const expanded = dir === '~' || dir.startsWith('~/') ? join(homedir(), dir.slice(1)) : dir;
  if (!isAbsolute(expanded)) {
    throw new AppError('INVALID_INPUT', `“${dir}” is not a full folder path; give one such as ${join(homedir(), 'Policies')}.`);
  }
  return resolve(expanded);
}

/** What `run` answers, as a Result: an AppError becomes a failure; any other error is thrown on. */
async function settled<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await run());
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    throw error;
  }
}

/**
 * The application's behaviour behind the API contract: one open project at a time, the settings, and
 * the first-run Sample project. Hosts (the Electron shell, the loopback bridge) only wire it up.
 */
export class ClausemarkApp {
  readonly dispatch: (method: string, input: unknown) => Promise<Result<unknown>>;
  private project: ProjectStore | null = null;
  private startupProblem: string | null = null;
  private readonly exports = new ExportJobs();

  constructor(private readonly ctx: AppContext) {
    this.dispatch = createDispatcher(this.handlers(), (method, error) => {
      console.error(`[clausemark] ${method} failed unexpectedly:`, error);
    });
  }

  /** Opens `projectDir` if given, else the Sample project on first run, else the most recent project. */
  async start(opts: { projectDir?: string } = {}): Promise<void> {
    try {
      if (opts.projectDir) await this.openProject(folderPath(opts.projectDir));
      else if (this.ctx.settings.get('sampleProjectDir') === null) await this.openSample();
      else {
        const last = this.recentProjects()[0];
        if (last) await this.openProject(last.dir);
      }
    } catch (error) {
      this.startupProblem = error instanceof Error ? error.message : String(error);
    }
  }

  async shutdown(): Promise<void> {
    await this.closeProject();
  }

  recentProjects(): RecentProject[] {
    return this.ctx.settings.get('recentProjects');
  }

  private settings(): Settings {
    return { reviewerName: this.ctx.settings.get('reviewerName'), recentProjects: this.recentProjects() };
  }

  private rememberRecent(info: ProjectInfo): void {
    const entry: RecentProject = { dir: info.dir, name: info.name, openedAt: new Date().toISOString() };
    const rest = this.recentProjects().filter((p) => p.dir !== info.dir);
    this.ctx.settings.set('recentProjects', [entry, ...rest].slice(0, MAX_RECENT));
    this.ctx.onRecentChanged?.();
  }

  private forgetRecent(dir: string): void {
    this.ctx.settings.set(
      'recentProjects',
      this.recentProjects().filter((p) => p.dir !== dir),
    );
    this.ctx.onRecentChanged?.();
  }

  private async closeProject(): Promise<void> {
    const open = this.project;
    this.project = null;
    await open?.close();
  }

  /** Makes `store` the open project; the previous one closes only now, so a failed open keeps it. */
  private async adopt(store: ProjectStore): Promise<ProjectInfo> {
    const previous = this.project;
    this.project = store;
    await previous?.close();
    this.startupProblem = null;
    const info = await store.info();
    this.rememberRecent(info);
    return info;
  }

  private async openProject(dir: string): Promise<ProjectInfo> {
    if (this.project?.dir === dir) return this.project.info();
    return this.adopt(await ProjectStore.open(dir));
  }

  private async createProject(dir: string, name?: string, preset?: string): Promise<ProjectInfo> {
    if (preset !== undefined && !isPresetId(preset)) {
      throw new AppError('INVALID_INPUT', `There is no taxonomy preset “${preset}”; choose one of ${PRESET_IDS.join(', ')}.`);
    }
    const taxonomy = preset ? presetTaxonomy(preset) : await builtinTaxonomy('opp-115', this.ctx.resourcesDir);
    return this.adopt(await ProjectStore.create(dir, { name, taxonomy }));
  }

  /** Opens the Sample project, creating it from the bundled policies when it is not there. */
  private async openSample(): Promise<ProjectInfo> {
    const dir = this.ctx.sampleProjectDir;
    this.ctx.settings.set('sampleProjectDir', dir);
    if (existsSync(join(dir, 'clausemark.json'))) return this.openProject(dir);
    await this.createProject(dir, 'Sample project');
    const policies = samplePoliciesDir(this.ctx.resourcesDir);
    for (const name of (await readdir(policies)).sort()) await this.requireProject().importFile(join(policies, name));
    return this.requireProject().info();
  }

  private requireProject(): ProjectStore {
    if (!this.project) throw new AppError('NO_PROJECT_OPEN', 'No project is open; open or create one first.');
    return this.project;
  }

  /** The reviewer whose annotations the app reads and writes: the name they gave. */
  private reviewer(): string {
    const name = this.ctx.settings.get('reviewerName');
    if (!name) throw new AppError('INVALID_INPUT', 'Tell Clausemark your name first (Reviewer, at the top right): your annotations are kept under it.');
    return name;
  }

  private requireDialogs(): DialogHost {
    if (!this.ctx.dialogs) throw new AppError('UNSUPPORTED', 'This window has no file dialogs; type the folder path instead.');
    return this.ctx.dialogs;
  }

  /** As many files at once as there are parsing workers; outcomes in the order the files were given. */
  private importEach<T>(items: T[], importOne: (item: T) => Promise<ImportOutcome>): Promise<ImportOutcome[]> {
    return mapLimit(items, PARSE_WORKERS, importOne);
  }

  private handlers(): ApiHandlers {
    return {
      'app.info': (): AppInfo => ({
        host: this.ctx.host,
        version: this.ctx.version,
        nativeDialogs: this.ctx.dialogs !== null,
        startupProblem: this.startupProblem,
      }),

      'settings.get': () => this.settings(),
      'settings.setReviewerName': ({ name }) => {
        this.ctx.settings.set('reviewerName', name);
        return this.settings();
      },
      'settings.forgetRecent': ({ dir }) => {
        this.forgetRecent(dir);
        return this.settings();
      },

      'project.create': ({ dir, name, taxonomy }) => this.createProject(folderPath(dir), name, taxonomy),
      'project.open': ({ dir }) => this.openProject(folderPath(dir)),
      'project.openSample': () => this.openSample(),
      'project.current': () => this.project?.info() ?? null,
      'project.close': async () => {
        await this.closeProject();
        return null;
      },
      'project.stats': () => this.requireProject().stats(),

      'documents.list': () => this.requireProject().listDocuments(this.ctx.settings.get('reviewerName') ?? undefined),
      'documents.get': ({ id }) => this.requireProject().getDocument(id),

      'documents.open': async ({ id }) => {
        const project = this.requireProject();
        // The annotations' failure (no reviewer name yet, a log that cannot be read) is answered with
        // the document, which opens to be read; the document's own failure fails the call.
        const [document, annotations] = await Promise.all([
          project.getDocument(id),
          settled(() => project.documentAnnotations(this.reviewer(), id)),
        ]);
        return { document, annotations };
      },
      'annotations.list': ({ documentId }) => this.requireProject().documentAnnotations(this.reviewer(), documentId),
      'annotations.apply': ({ commands }) =>
        this.requireProject().applyAnnotationCommands(this.reviewer(), commands as AnnotationCommand[]),
      'review.setStatus': ({ documentId, status }) => this.requireProject().setReviewStatus(this.reviewer(), documentId, status),

      'import.expand': ({ paths }) => {
        this.requireProject();
        return expandImportPaths(paths);
      },
      'import.paths': ({ paths }) => {
        const project = this.requireProject();
        return this.importEach(paths, (path) => project.importFile(path));
      },
      'import.upload': ({ files }) => {
        const project = this.requireProject();
        return this.importEach(files, (file) => project.importBytes(file.name, Buffer.from(file.dataBase64, 'base64')));
      },

      // Taxonomy
      'taxonomy.presets': () => presetSummaries(),
      'taxonomy.usage': () => this.requireProject().taxonomyUsage(),
      'taxonomy.update': async (request) => {
        const project = this.requireProject();
        const outcome = await project.changeTaxonomy(request);
        return { ...outcome, project: await project.info() };
      },
      'taxonomy.parse': ({ fileName, text }) => parseTaxonomyText(fileName, text),
      'taxonomy.examples': ({ label }) => this.requireProject().labelExamples(label),
      // Datasets (export, annotation import, OPP-115)
      'export.start': (request) => {
        const project = this.requireProject();
        const out = folderPath(request.out);
        // The dataset card says how to make the same export from the command line.
        return this.exports.start(project, { ...request, out, command: request.command ?? exportCommandLine(project.dir, { ...request, out }) });
      },
      'export.status': ({ jobId }) => this.exports.status(jobId),
      'export.cancel': ({ jobId }) => this.exports.cancel(jobId),
      'annotations.importFile': ({ path, ...opts }) => importAnnotationFile(this.requireProject(), folderPath(path), opts),
      'opp115.import': ({ release, consolidated }) => importOpp115(this.requireProject(), folderPath(release), { consolidated }),

      'dialog.pickProjectFolder': ({ purpose }) => this.requireDialogs().pickProjectFolder(purpose),
      'dialog.pickImportFiles': () => this.requireDialogs().pickImportFiles(),
      'dialog.pickImportFolder': () => this.requireDialogs().pickImportFolder(),
      'dialog.pickAnnotationFile': () => this.requireDialogs().pickAnnotationFile(),
      'dialog.pickExportTarget': ({ defaultPath, folder }) => this.requireDialogs().pickExportTarget(folderPath(defaultPath), folder),
    };
  }
}
