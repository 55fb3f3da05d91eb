import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFolder, systemFolderProblem } from '../../../src/main/services/fs/safe-paths.ts';
import { ProjectStore, expandImportPaths } from '../../../src/main/services/project/index.ts';
import type { Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { AppError } from '../../../src/shared/result.ts';
import { opp115 } from '../project/helpers.ts';

const linux = process.platform === 'linux';

/** `work`'s outcome, or a failure saying it did not answer within `ms`: the break was a call that never returns. */
async function within<T>(ms: number, work: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return { value: await Promise.race([work, late]) };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('no answer')) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

const expectRefused = (outcome: { error?: unknown }, pattern: RegExp): void => {
  expect(outcome.error).toBeInstanceOf(AppError);
  expect((outcome.error as AppError).code).toBe('INVALID_INPUT');
  expect((outcome.error as AppError).message).toMatch(pattern);
};

describe('systemFolderProblem', () => {
  it('refuses Linux system folders and what is inside them, and accepts a home folder', () => {
    for (const dir of ['/', '/proc', '/proc/x', '/sys/kernel', '/dev', '/dev/shm/p', '/etc', '/usr/local/share', '/boot', '/home']) {
      expect(systemFolderProblem(dir, 'linux'), dir).not.toBeNull();
    }
    for (const dir of ['/home/ana/Policies', '/tmp/p', '/srv/data/policies', '/mnt/usb/Policies', '/processes', '/usr2']) {
      expect(systemFolderProblem(dir, 'linux'), dir).toBeNull();
    }
  });

  it("refuses macOS system folders, in any letter case, but not the user's temp or home folders", () => {
    for (const dir of ['/System/Library', '/Library/Preferences', '/private/etc', '/users', '/Volumes', '/ETC/hosts', '/dev']) {
      expect(systemFolderProblem(dir, 'darwin'), dir).not.toBeNull();
    }
    for (const dir of ['/Users/ana/Policies', '/private/var/folders/xy/T/p', '/Volumes/USB/Policies', '/Users/ana/Library/Policies']) {
      expect(systemFolderProblem(dir, 'darwin'), dir).toBeNull();
    }
  });

  it('refuses Windows drive tops, system folders, device names and device paths', () => {
    const env = { SystemRoot: 'C:\\WINDOWS', ProgramFiles: 'C:\\Program Files' };
    for (const dir of ['C:\\', 'D:\\', 'c:\\windows\\Temp', 'C:\\Program Files\\Clausemark', 'C:\\Users', 'C:\\Policies\\NUL', 'C:\\Policies\\con.txt', '\\\\.\\PhysicalDrive0', '\\\\?\\C:\\x']) {
      expect(systemFolderProblem(dir, 'win32', env), dir).not.toBeNull();
    }
    for (const dir of ['C:\\Users\\Ana\\Policies', 'D:\\Policies', 'C:\\Policies\\Console']) {
      expect(systemFolderProblem(dir, 'win32', env), dir).toBeNull();
    }
  });
});

describe('project folders a reviewer may pick', () => {
  let tmp: string;
  let taxonomy: Taxonomy;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'clausemark-paths-'));
    taxonomy = await opp115();
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it.runIf(linux)('refuses to create a project in /proc or /sys within a second, in plain words', async () => {
    expectRefused(await within(1000, ProjectStore.create('/proc/x', { taxonomy })), /^\/proc\/x is inside \/proc, which belongs to the operating system/);
    expectRefused(await within(1000, ProjectStore.create('/sys/x/y', { taxonomy })), /inside \/sys/);
    expectRefused(await within(1000, ProjectStore.create('/etc/clausemark-test', { taxonomy })), /inside \/etc/);
    expectRefused(await within(1000, ProjectStore.create('/', { taxonomy })), /top of the disk/);
  });

  it.runIf(linux)('refuses a folder that reaches /proc through a link', async () => {
    await symlink('/proc', join(tmp, 'looks-normal'));
    expectRefused(await within(1000, ProjectStore.create(join(tmp, 'looks-normal', 'x'), { taxonomy })), /through a link, inside \/proc/);
    expectRefused(await within(1000, ProjectStore.open(join(tmp, 'looks-normal'))), /through a link/);
  });

  it.runIf(linux)('refuses to open a project in a system folder', async () => {
    expectRefused(await within(1000, ProjectStore.open('/proc')), /cannot open a project there/);
    expectRefused(await within(1000, ProjectStore.open('/')), /top of the disk/);
  });

  it('creates missing parent folders one by one, and reports a file in the way', async () => {
    await makeFolder(join(tmp, 'a', 'b', 'c'));
    await makeFolder(join(tmp, 'a', 'b', 'c'));
    expect(await readdir(join(tmp, 'a', 'b'))).toEqual(['c']);
    await writeFile(join(tmp, 'file'), 'x');
    await expect(makeFolder(join(tmp, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(ProjectStore.create(join(tmp, 'file', 'sub'), { taxonomy })).rejects.toThrow(/a file is in the way/);
    const store = await ProjectStore.create(join(tmp, 'x', 'y', 'project'), { taxonomy });
    await store.close();
  });

  it.runIf(linux)('does not walk /proc or /sys for files to import, picked or reached through a link', async () => {
    await mkdir(join(tmp, 'policies'));
    await writeFile(join(tmp, 'policies', 'a.txt'), 'A policy.');
    await symlink('/sys', join(tmp, 'policies', 'system'));
    const { value } = await within(2000, expandImportPaths(['/proc', join(tmp, 'policies')]));
    expect(value?.files).toEqual([join(tmp, 'policies', 'a.txt')]);
    expect(value?.skipped.map((s) => [s.file, s.error?.code])).toEqual([
      ['/proc', 'INVALID_INPUT'],
      [join(tmp, 'policies', 'system'), 'INVALID_INPUT'],
    ]);
    expect(value?.skipped[0]?.error?.message).toMatch(/^proc: the folder is inside \/proc/);
  });
});
