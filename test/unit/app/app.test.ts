import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDocument } from '../../../src/shared/api/contract.ts';
import type { DocumentSummary } from '../../../src/shared/domain/document.ts';
import type { ImportOutcome } from '../../../src/shared/domain/import.ts';
import type { ProjectInfo } from '../../../src/shared/domain/project.ts';
import type { Result } from '../../../src/shared/result.ts';
import { ClausemarkApp } from '../../../src/main/services/app/app.ts';
import { sampleProjectDirIn } from '../../../src/main/services/app/data-dir.ts';
import { findResourcesDir } from '../../../src/main/services/paths.ts';
import { openConfSettings } from '../../../src/main/services/settings/conf-settings.ts';

const makeApp = (dataDir: string): ClausemarkApp =>
  new ClausemarkApp({
    host: 'web',
    version: '0.0.0-test',
    settings: openConfSettings(dataDir).settings,
    dialogs: null,
    resourcesDir: findResourcesDir(),
    sampleProjectDir: sampleProjectDirIn(dataDir),
  });

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function errorCode(result: Result<unknown>): string {
  if (result.ok) throw new Error('expected a failure');
  return result.error.code;
}

describe('the app service behind the contract', () => {
  let dataDir: string;
  const apps: ClausemarkApp[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'clausemark-app-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  });
  const started = async (): Promise<ClausemarkApp> => {
    const app = makeApp(dataDir);
    apps.push(app);
    await app.start();
    return app;
  };

  it('creates and opens the Sample project with the five bundled policies on first start', async () => {
    const app = await started();
    const info = value<ProjectInfo>(await app.dispatch('project.current', {}));
    expect(info.name).toBe('Sample project');
    expect(info.dir).toBe(sampleProjectDirIn(dataDir));
    expect(info.taxonomy.id).toBe('opp-115');
    const documents = value<DocumentSummary[]>(await app.dispatch('documents.list', {}));
    expect(documents.map((d) => d.fileName).sort()).toEqual([
      'alba-nera.txt',
      'alma-joyeria.txt',
      'azoomar.txt',
      'jewelryodm.txt',
      'my-alamari.txt',
    ]);
    expect(documents.every((d) => d.segmentCount > 3)).toBe(true);
    expect(app.recentProjects().map((p) => p.dir)).toEqual([info.dir]);
  });

  it('reopens the last project on the next start, and refuses a second instance while it is open', async () => {
    const first = await started();
    const second = makeApp(dataDir);
    apps.push(second);
    await second.start();
    expect(value(await second.dispatch('project.current', {}))).toBeNull();
    const info = value<{ startupProblem: string | null }>(await second.dispatch('app.info', {}));
    expect(info.startupProblem).toMatch(/already open/);

    await first.shutdown();
    const third = await started();
    expect(value<ProjectInfo>(await third.dispatch('project.current', {})).name).toBe('Sample project');
  });

  it('creates a project, imports uploads and paths, and reports duplicates and failures', async () => {
    const app = await started();
    const dir = join(dataDir, 'Mine');
    const info = value<ProjectInfo>(await app.dispatch('project.create', { dir, name: 'Mine' }));
    expect(info).toMatchObject({ name: 'Mine', dir, documentCount: 0 });

    const text = Buffer.from('Privacy Policy\n\nWe collect your e-mail address.\n').toString('base64');
    const uploads = value<ImportOutcome[]>(
      await app.dispatch('import.upload', {
        files: [
          { name: 'a.txt', dataBase64: text },
          { name: 'b.txt', dataBase64: text },
          { name: 'empty.txt', dataBase64: '' },
        ],
      }),
    );
    expect(uploads.map((o) => o.status)).toEqual(['imported', 'duplicate', 'failed']);
    expect(uploads[2]?.error?.message).toBe('empty.txt: the file is empty.');

    const policies = join(findResourcesDir(), 'samples', 'policies');
    const { files } = value<{ files: string[] }>(await app.dispatch('import.expand', { paths: [policies] }));
    expect(files).toHaveLength(5);
    const outcomes = value<ImportOutcome[]>(await app.dispatch('import.paths', { paths: files }));
    expect(outcomes.every((o) => o.status === 'imported')).toBe(true);
    expect((await readdir(join(dir, 'documents'))).filter((f) => f.endsWith('.json'))).toHaveLength(6);
    expect(app.recentProjects()[0]?.dir).toBe(dir);
  });

  it('answers clear errors for a relative path, a folder that is no project, and missing dialogs', async () => {
    const app = await started();
    expect(errorCode(await app.dispatch('project.open', { dir: 'relative/folder' }))).toBe('INVALID_INPUT');
    expect(errorCode(await app.dispatch('project.open', { dir: dataDir }))).toBe('PROJECT_NOT_FOUND');
    expect(errorCode(await app.dispatch('dialog.pickImportFiles', {}))).toBe('UNSUPPORTED');
    // A failed open leaves the open project as it was.
    expect(value<ProjectInfo>(await app.dispatch('project.current', {})).name).toBe('Sample project');
  });

  it("asks the desktop's dialogs where an export goes, the proposed path expanded, and the web host says it has none", async () => {
    const asked: [string, boolean][] = [];
    const dialogs = {
      pickProjectFolder: async () => null,
      pickImportFiles: async () => null,
      pickImportFolder: async () => null,
      pickAnnotationFile: async () => null,
      pickExportTarget: async (defaultPath: string, folder: boolean) => {
        asked.push([defaultPath, folder]);
        return folder ? null : '/exports/chosen.jsonl';
      },
    };
    const app = new ClausemarkApp({
      host: 'electron',
      version: '0.0.0-test',
      settings: openConfSettings(dataDir).settings,
      dialogs,
      resourcesDir: findResourcesDir(),
      sampleProjectDir: sampleProjectDirIn(dataDir),
    });
    apps.push(app);
    expect(value(await app.dispatch('dialog.pickExportTarget', { defaultPath: '/p/exports/spans.jsonl', folder: false }))).toBe('/exports/chosen.jsonl');
    expect(value(await app.dispatch('dialog.pickExportTarget', { defaultPath: '~/dataset', folder: true }))).toBeNull();
    expect(asked).toEqual([
      ['/p/exports/spans.jsonl', false],
      [join(homedir(), 'dataset'), true],
    ]);
    expect(errorCode(await app.dispatch('dialog.pickExportTarget', { defaultPath: 'relative.jsonl', folder: false }))).toBe('INVALID_INPUT');
    expect(errorCode(await app.dispatch('dialog.pickExportTarget', { defaultPath: '/x', folder: 'yes' }))).toBe('INVALID_INPUT');
    const web = await started();
    expect(errorCode(await web.dispatch('dialog.pickExportTarget', { defaultPath: '/x', folder: false }))).toBe('UNSUPPORTED');
  });

  it.runIf(process.platform === 'linux')('answers project.create and project.open in /proc with a refusal, not silence', async () => {
    const app = await started();
    const created = await app.dispatch('project.create', { dir: '/proc/x' });
    expect(errorCode(created)).toBe('INVALID_INPUT');
    expect(errorCode(await app.dispatch('project.open', { dir: '/sys' }))).toBe('INVALID_INPUT');
  });

  it('keeps the reviewer name across restarts', async () => {
    const app = await started();
    expect(value<{ reviewerName: string | null }>(await app.dispatch('settings.get', {})).reviewerName).toBeNull();
    await app.dispatch('settings.setReviewerName', { name: '  Ana Ruiz ' });
    await app.shutdown();
    const again = await started();
    expect(value<{ reviewerName: string }>(await again.dispatch('settings.get', {})).reviewerName).toBe('Ana Ruiz');
  });

  it('sets a damaged settings file aside, says so, and starts with the defaults', async () => {
    await writeFile(join(dataDir, 'settings.json'), '{"reviewerName": 42');
    const { settings, problem } = openConfSettings(dataDir);
    expect(problem).toMatch(/^Clausemark’s settings file could not be read .*settings\.json\.damaged-/);
    expect(settings.get('reviewerName')).toBeNull();
    const copies = (await readdir(dataDir)).filter((f) => f.startsWith('settings.json.damaged-'));
    expect(copies).toHaveLength(1);
    expect(await readFile(join(dataDir, copies[0] ?? ''), 'utf8')).toBe('{"reviewerName": 42');
  });

  it('opens a document with the reviewer\'s annotations in one call, and still answers the document when they cannot be read', async () => {
    const app = await started();
    const [doc] = value<DocumentSummary[]>(await app.dispatch('documents.list', {}));
    const id = doc?.id as string;
    // No reviewer name yet: the document comes back, the annotations with why they did not.
    const unnamed = value<OpenedDocument>(await app.dispatch('documents.open', { id }));
    expect(unnamed.document).toEqual(value(await app.dispatch('documents.get', { id })));
    expect(unnamed.annotations.ok).toBe(false);
    expect(!unnamed.annotations.ok && unnamed.annotations.error.message).toMatch(/your name first/);

    value(await app.dispatch('settings.setReviewerName', { name: 'Ana' }));
    const put = { op: 'put', annotation: { id: 'open1', documentId: id, target: { type: 'segment', segment: 0 }, label: 'Other' } };
    value(await app.dispatch('annotations.apply', { commands: [put] }));
    const opened = value<OpenedDocument>(await app.dispatch('documents.open', { id }));
    expect(opened.annotations).toEqual(await app.dispatch('annotations.list', { documentId: id }));
    expect(opened.annotations.ok && opened.annotations.value.annotations.map((a) => a.id)).toEqual(['open1']);

    // A document that is not there fails the call, as documents.get does.
    expect(errorCode(await app.dispatch('documents.open', { id: 'no-such-document' }))).toBe(errorCode(await app.dispatch('documents.get', { id: 'no-such-document' })));
  });

  it('needs an open project for document calls', async () => {
    const app = await started();
    await app.dispatch('project.close', {});
    expect(errorCode(await app.dispatch('documents.list', {}))).toBe('NO_PROJECT_OPEN');
  });
});
