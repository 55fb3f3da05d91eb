import fs from 'node:fs';
import { lstat, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { lock } from 'proper-lockfile';
import { AppError } from '../../../shared/result.ts';
import { stringifyJson } from './atomic.ts';

/** The lock: a folder proper-lockfile creates with mkdir, which is atomic, also on shared drives. */
export const LOCK_DIR = '.clausemark.lock';
/** Who holds the lock, inside the lock folder so that it comes and goes with the lock itself. */
export const LOCK_OWNER_FILE = 'owner.json';

/** A lock not refreshed for this long counts as abandoned (a crash on another computer, a sleep). */
const STALE_MS = 10_000;
/** How often the holder refreshes the lock folder's mtime to show it is alive. */
const UPDATE_MS = 2_000;

const LOCKED_MESSAGE =
  'This project is already open in another Clausemark window (or by the clausemark command). Close it there and try again.';

export interface ProjectLock {
  /** True once the lock was lost (its folder removed or not refreshed in time); writes must stop. */
  readonly compromised: boolean;
  /** Releases the lock; safe to call more than once. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** Told when the lock is lost; without it a warning is logged. Never throws into the process. */
  onCompromised?: (error: Error) => void;
}

interface LockOwner {
  pid: number;
  hostname: string;
  acquiredAt: string;
}

/** Project folders locked by this process: a record naming our pid for any other is a dead namesake. */
const heldHere = new Set<string>();

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the lock in `dir` was left by a process that no longer runs on this computer. A lock folder
 * without a readable record (its holder is between mkdir and writing it) counts as alive; if that
 * holder crashed, proper-lockfile's mtime check frees the lock after STALE_MS.
 */
async function isHeldByDeadProcessHere(dir: string): Promise<boolean> {
  let owner: Partial<LockOwner>;
  try {
    owner = JSON.parse(await readFile(join(dir, LOCK_DIR, LOCK_OWNER_FILE), 'utf8')) as Partial<LockOwner>;
  } catch {
    return false;
  }
  if (typeof owner.pid !== 'number' || owner.hostname !== hostname()) return false;
  if (owner.pid === process.pid) return !heldHere.has(dir);
  return !isPidAlive(owner.pid);
}

/**
 * The file system proper-lockfile works through, changed in two ways: creating the lock folder also
 * writes the owner record into it before proper-lockfile takes its mtime (so the record is there
 * whenever a holder is, and never changes the mtime proper-lockfile watches), and removing the lock
 * folder removes the record with it.
 */
function lockFileSystem(owner: LockOwner): typeof fs {
  return {
    ...fs,
    mkdir: (path: string, callback: (error: NodeJS.ErrnoException | null) => void) => {
      fs.mkdir(path, (error) => {
        if (error) return callback(error);
        fs.writeFile(join(path, LOCK_OWNER_FILE), stringifyJson(owner), (writeError) => {
          if (!writeError) return callback(null);
          fs.rm(path, { recursive: true, force: true }, () => callback(writeError));
        });
      });
    },
    rmdir: (path: string, callback: (error: NodeJS.ErrnoException | null) => void) =>
      fs.rm(path, { recursive: true }, (error) => callback(error)),
    rmdirSync: (path: string) => fs.rmSync(path, { recursive: true }),
  } as unknown as typeof fs;
}

const isLockedError = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ELOCKED';

const ioError = (dir: string, error: unknown): AppError =>
  new AppError('IO_ERROR', `The project in ${dir} could not be locked (${(error as Error).message}).`);

/**
 * Refuses when something other than a folder is where the lock folder belongs: proper-lockfile would
 * call a fresh one "locked" (so the reviewer is told of a window that does not exist) and remove an
 * old one as an abandoned lock.
 */
async function refuseForeignLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_DIR);
  let s;
  try {
    s = await lstat(path);
  } catch {
    return;
  }
  if (s.isDirectory()) return;
  const what = s.isSymbolicLink() ? 'a link' : s.isFile() ? 'a file' : 'something other than a folder';
  throw new AppError(
    'PROJECT_DAMAGED',
    `${path} is ${what}, not the lock folder Clausemark makes there, so the project cannot be opened for changes. Move it away and try again.`,
  );
}

/**
 * Locks a project folder against a second writer (another window, the CLI, another computer on a
 * shared drive). A lock whose holder crashed is taken over at once when the holder ran on this
 * computer, and after STALE_MS otherwise. The lock is removed on normal exit and on SIGINT/SIGTERM.
 *
 * Two processes taking over the same dead lock at the same instant can both succeed; proper-lockfile
 * then finds the lock folder's mtime is not its own within UPDATE_MS and reports one as compromised.
 */
export async function acquireProjectLock(projectDir: string, opts: LockOptions = {}): Promise<ProjectLock> {
  const dir = resolve(projectDir);
  await refuseForeignLock(dir);
  try {
    return await tryLock(dir, opts);
  } catch (error) {
    if (!isLockedError(error)) throw ioError(dir, error);
  }
  if (!(await isHeldByDeadProcessHere(dir))) throw new AppError('PROJECT_LOCKED', LOCKED_MESSAGE);
  await rm(join(dir, LOCK_DIR), { recursive: true, force: true });
  try {
    return await tryLock(dir, opts);
  } catch (error) {
    if (isLockedError(error)) throw new AppError('PROJECT_LOCKED', LOCKED_MESSAGE);
    throw ioError(dir, error);
  }
}

async function tryLock(dir: string, opts: LockOptions): Promise<ProjectLock> {
  let compromised = false;
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), acquiredAt: new Date().toISOString() };
  const releaseLock = await lock(dir, {
    lockfilePath: join(dir, LOCK_DIR),
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: 0,
    realpath: false,
    fs: lockFileSystem(owner),
    onCompromised: (error) => {
      compromised = true;
      heldHere.delete(dir);
      if (opts.onCompromised) opts.onCompromised(error);
      else console.warn(`Clausemark lost the lock on ${dir}: ${error.message}`);
    },
  });
  heldHere.add(dir);

  let released: Promise<void> | null = null;
  const release = async (): Promise<void> => {
    heldHere.delete(dir);
    if (compromised) return;
    await releaseLock().catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERELEASED') throw ioError(dir, error);
    });
  };
  return {
    get compromised() {
      return compromised;
    },
    release: () => (released ??= release()),
  };
}
