import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireProjectLock, LOCK_DIR, LOCK_OWNER_FILE } from '../../../src/main/services/fs/lock.ts';

let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clausemark-lock-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Starts a process holding the lock on `dir`; resolves once it says it holds it. */
function holdLockInChild(target: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hold-lock.ts'), target], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the child exited (${code}) before taking the lock`)));
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', () => resolve())));

describe('acquireProjectLock', () => {
  it('says what is there when a file or a link takes the lock folder’s place, and leaves it alone', async () => {
    const path = join(dir, LOCK_DIR);
    await writeFile(path, 'my notes');
    // An old file would look like an abandoned lock; it must not be removed as one.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(path, hourAgo, hourAgo);
    const error = await acquireProjectLock(dir).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PROJECT_DAMAGED',
      message: `${path} is a file, not the lock folder Clausemark makes there, so the project cannot be opened for changes. Move it away and try again.`,
    });
    expect((error as Error).message).not.toMatch(/another/);
    expect(await readFile(path, 'utf8')).toBe('my notes');
    await rm(path);
    await symlink(join(dir, 'elsewhere'), path);
    await expect(acquireProjectLock(dir)).rejects.toThrow(/ is a link, not the lock folder/);
  });

  it('refuses a second acquirer in the same process until the first releases', async () => {
    const first = await acquireProjectLock(dir);
    const owner = JSON.parse(await readFile(join(dir, LOCK_DIR, LOCK_OWNER_FILE), 'utf8'));
    expect(owner.pid).toBe(process.pid);
    await expect(acquireProjectLock(dir)).rejects.toMatchObject({
      code: 'PROJECT_LOCKED',
      message: expect.stringContaining('already open in another Clausemark window'),
    });
    await first.release();
    await first.release();
    expect(existsSync(join(dir, LOCK_DIR))).toBe(false);
    const second = await acquireProjectLock(dir);
    await second.release();
  });

  it('refuses while another live process holds the lock, and takes over at once when it is killed', async () => {
    const child = await holdLockInChild(dir);
    await expect(acquireProjectLock(dir)).rejects.toMatchObject({ code: 'PROJECT_LOCKED' });
    child.kill('SIGKILL');
    await exited(child);
    // SIGKILL runs no exit handler: the lock folder is still there, fresh, yet taken over.
    expect(existsSync(join(dir, LOCK_DIR))).toBe(true);
    const started = Date.now();
    const lock = await acquireProjectLock(dir);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(JSON.parse(await readFile(join(dir, LOCK_DIR, LOCK_OWNER_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('is removed when the holding process exits normally', async () => {
    const child = await holdLockInChild(dir);
    child.stdin?.write('exit\n');
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(existsSync(join(dir, LOCK_DIR))).toBe(false);
    const lock = await acquireProjectLock(dir);
    await lock.release();
  });

  it('does not take over a lock folder without an owner record (a holder starting up)', async () => {
    await mkdir(join(dir, LOCK_DIR));
    await expect(acquireProjectLock(dir)).rejects.toMatchObject({ code: 'PROJECT_LOCKED' });
  });

  it('reports a lost lock through the callback instead of crashing', async () => {
    const lost: Error[] = [];
    const lock = await acquireProjectLock(dir, { onCompromised: (error) => lost.push(error) });
    await rm(join(dir, LOCK_DIR), { recursive: true });
    const deadline = Date.now() + 8_000;
    while (lost.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lost).toHaveLength(1);
    expect(lock.compromised).toBe(true);
    await lock.release();
  }, 15_000);
});
