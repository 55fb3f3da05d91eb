/**
 * The annotation log under conditions a reviewer's machine produces (issue 9, part 2): a full disk, a
 * project folder that turns read-only, and the reviewer's file replaced underneath (a git pull). Each
 * gives a plain message, loses nothing acknowledged, keeps the failed change for a retry, and the
 * retry succeeds once the condition clears.
 *
 * The full disk is a real tmpfs of a few pages and the read-only folder a real read-only bind mount;
 * both need root with mount rights (as in the CI container). Elsewhere they are skipped with a message.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationCommand } from '../../../src/shared/domain/annotation.ts';
import { AppError } from '../../../src/shared/result.ts';
import { foldLogText, serializeRecord } from '../../../src/main/services/annotations/log.ts';
import { ProjectStore, annotationFile } from '../../../src/main/services/project/index.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { opp115, sample } from '../project/helpers.ts';

const REVIEWER = 'Ana Müller';

function mount(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const umount = (dir: string): void => {
  execFileSync('umount', [dir], { stdio: 'ignore' });
};

/** Whether this process may mount (root with CAP_SYS_ADMIN): probed once with a tiny tmpfs. */
const canMount: boolean = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `clausemark-mount-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', probe]);
    if (!mount(['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe])) return false;
    umount(probe);
    return true;
  } finally {
    execFileSync('rm', ['-rf', probe]);
  }
})();
if (!canMount) console.warn('[conditions] skipping the full-disk and read-only tests: they need root with mount rights (a tmpfs and a read-only bind mount)');

let tmp: string;
let mounted: string[];
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-conditions-'));
  mounted = [];
});
afterEach(async () => {
  for (const dir of mounted.reverse()) {
    try {
      umount(dir);
    } catch {
      // Already unmounted by the test.
    }
  }
  await rm(tmp, { recursive: true, force: true });
});

async function project(dir: string): Promise<{ store: ProjectStore; documentId: string; text: CodePointIndex }> {
  const store = await ProjectStore.create(dir, { taxonomy: await opp115() });
  const outcome = await store.importBytes('azoomar.txt', await sample('azoomar.txt'));
  const documentId = outcome.documentId as string;
  return { store, documentId, text: new CodePointIndex((await store.getDocument(documentId)).text) };
}

const puts = (documentId: string, text: CodePointIndex, prefix: string, count: number): AnnotationCommand[] =>
  Array.from({ length: count }, (_, i) => {
    const start = (i * 37) % (text.length - 60);
    return {
      op: 'put',
      annotation: {
        id: `${prefix}${i}`,
        documentId,
        target: { type: 'span', start, end: start + 50, quote: text.slice(start, start + 50) },
        label: 'First Party Collection/Use',
        note: 'x'.repeat(200),
      },
    } satisfies AnnotationCommand;
  });

const logOf = async (dir: string) => foldLogText(await readFile(join(dir, annotationFile(REVIEWER)), 'utf8'));

async function expectIoError(promise: Promise<unknown>, plain: RegExp): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('IO_ERROR');
  expect((error as AppError).message).toMatch(plain);
  expect((error as AppError).message).toMatch(/It is kept, and will be saved when you try again/);
  return error as AppError;
}

describe('a full disk', () => {
  it.skipIf(!canMount)('refuses the batch with "the disk is full", leaves the log readable, and the retry succeeds once there is room', async () => {
    const disk = join(tmp, 'disk');
    await mkdir(disk);
    expect(mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk])).toBe(true);
    mounted.push(disk);
    const dir = join(disk, 'project');
    const { store, documentId, text } = await project(dir);
    try {
      const first = await store.applyAnnotationCommands(REVIEWER, puts(documentId, text, 'a', 3));
      expect(first.every((o) => o.ok)).toBe(true);
      // Fill every free page; the log's last page keeps its slack, so the next batch is written in
      // part before the disk refuses it: the hardest case for the log.
      let filler = 0;
      for (;;) {
        try {
          await writeFile(join(disk, `filler-${filler++}`), Buffer.alloc(64 * 1024), { flag: 'wx' });
        } catch {
          break;
        }
      }
      await writeFile(join(disk, 'filler-small'), Buffer.alloc(4096)).catch(() => undefined);
      const batch = puts(documentId, text, 'b', 40);
      await expectIoError(store.applyAnnotationCommands(REVIEWER, batch), /the disk is full/);
      let fold = await logOf(dir);
      expect([...fold.annotations.keys()].sort()).toEqual(['a0', 'a1', 'a2']);
      expect(fold.damaged).toEqual([]);
      expect((await store.documentAnnotations(REVIEWER, documentId)).annotations.map((a) => a.id).sort()).toEqual(['a0', 'a1', 'a2']);

      for (let i = 0; i < filler; i++) await rm(join(disk, `filler-${i}`), { force: true });
      await rm(join(disk, 'filler-small'), { force: true });
      const retried = await store.applyAnnotationCommands(REVIEWER, batch);
      expect(retried.every((o) => o.ok)).toBe(true);
      fold = await logOf(dir);
      expect(fold.annotations.size).toBe(43);
      expect(fold.damaged).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('a project folder that turns read-only', () => {
  it.skipIf(!canMount)('refuses the batch with "the folder is read-only", keeps what was saved, and the retry succeeds once it is writable', async () => {
    const dir = join(tmp, 'project');
    const { store, documentId, text } = await project(dir);
    try {
      expect((await store.applyAnnotationCommands(REVIEWER, puts(documentId, text, 'a', 2))).every((o) => o.ok)).toBe(true);
      // chmod does not stop root; a read-only bind mount of the project folder does.
      expect(mount(['--bind', dir, dir])).toBe(true);
      mounted.push(dir);
      expect(mount(['-o', 'remount,bind,ro', dir])).toBe(true);
      const batch = puts(documentId, text, 'b', 5);
      await expectIoError(store.applyAnnotationCommands(REVIEWER, batch), /the folder is read-only/);
      expect([...(await logOf(dir)).annotations.keys()].sort()).toEqual(['a0', 'a1']);
      // A status change is refused the same way.
      await expectIoError(store.setReviewStatus(REVIEWER, documentId, 'done'), /the folder is read-only/);

      expect(mount(['-o', 'remount,bind,rw', dir])).toBe(true);
      expect((await store.applyAnnotationCommands(REVIEWER, batch)).every((o) => o.ok)).toBe(true);
      expect(await store.setReviewStatus(REVIEWER, documentId, 'done')).toBe('done');
      const fold = await logOf(dir);
      expect(fold.annotations.size).toBe(7);
      expect(fold.statuses.get(documentId)?.status).toBe('done');
    } finally {
      await store.close();
    }
  });
});

describe("the reviewer's file replaced underneath (a git pull)", () => {
  // The pull lands among writes in flight; five pulls make a write through the replaced file likely.
  // A command whose lines were on disk before the rename went with the old file, as any write git
  // replaces does (and git refuses to pull over a file changed locally); one sent after the rename
  // must be in the file that is there now.
  it.each([1, 2, 3, 4, 5])('appends to the pulled version, never through a stale handle, and loses no command sent after the pull (%i)', async () => {
    const dir = join(tmp, 'project');
    const { store, documentId, text } = await project(dir);
    const file = join(dir, annotationFile(REVIEWER));
    try {
      expect((await store.applyAnnotationCommands(REVIEWER, puts(documentId, text, 'mine', 3))).every((o) => o.ok)).toBe(true);
      const before = await readFile(file, 'utf8');
      // The pulled version: what was pushed from another machine (one annotation of ours relabelled,
      // one added), written as git does, to a new file renamed over the old one.
      const pulled = foldLogText(before);
      const relabelled = { ...(pulled.annotations.get('mine1') as NonNullable<ReturnType<typeof pulled.annotations.get>>), label: 'Data Retention' };
      const added = { ...relabelled, id: 'from-laptop', label: 'Other' };
      const pulledText =
        before +
        serializeRecord({ formatVersion: 2, kind: 'annotation', annotation: relabelled }) +
        serializeRecord({ formatVersion: 2, kind: 'annotation', annotation: added });

      // Commands keep arriving while the pull replaces the file; those sent after the rename must be
      // in the file that is there now, even when a write through the old file is still in flight.
      let renamed = false;
      const sentAfterPull: string[] = [];
      const burst = puts(documentId, text, 'burst', 60);
      const inFlight = burst.map(async (command, i) => {
        await new Promise((resolve) => setTimeout(resolve, i));
        if (renamed && command.op === 'put') sentAfterPull.push(command.annotation.id);
        const [outcome] = await store.applyAnnotationCommands(REVIEWER, [command]);
        expect(outcome?.ok).toBe(true);
      });
      await new Promise((resolve) => setTimeout(resolve, 25));
      await writeFile(`${file}.pull`, pulledText);
      await rename(`${file}.pull`, file);
      renamed = true;
      await Promise.all(inFlight);

      const after = await store.documentAnnotations(REVIEWER, documentId);
      const onDisk = foldLogText(await readFile(file, 'utf8'));
      expect(onDisk.damaged).toEqual([]);
      expect(onDisk.annotations.get('mine1')?.label).toBe('Data Retention');
      expect(onDisk.annotations.has('from-laptop')).toBe(true);
      expect(sentAfterPull.length).toBeGreaterThan(0);
      for (const id of sentAfterPull) expect(onDisk.annotations.has(id), `${id}, sent after the pull`).toBe(true);
      // What the app lists is what the file holds.
      expect(after.annotations.map((a) => a.id).sort()).toEqual([...onDisk.annotations.keys()].sort());
    } finally {
      await store.close();
    }
  });
});
