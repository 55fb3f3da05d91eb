/**
 * Reads a file a reviewer asked to import, taking only regular files and never more than a limit.
 * readFile on a path is not safe for that: /dev/zero has size 0 in stat and never ends, and a FIFO
 * blocks one of libuv's four threads until someone writes to it (four of them stop every file
 * operation of the app). So: open without blocking, check what was opened (fstat on the handle, so
 * nothing can be swapped in between), and stop reading past the limit.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../shared/result.ts';

/** Windows has no O_NONBLOCK (and no FIFOs to block on). */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const CHUNK_BYTES = 1024 * 1024;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** FILE_TOO_LARGE for `name`; `size` null when reading stopped at the limit without knowing the size. */
export function tooLargeError(name: string, size: number | null, maxBytes: number): AppError {
  const is = size === null ? `more than ${megabytes(maxBytes)} MB` : `${megabytes(size)} MB`;
  return new AppError('FILE_TOO_LARGE', `${name}: the file is ${is}; Clausemark imports files up to ${maxBytes / (1024 * 1024)} MB.`);
}

/** What a path holds that is not a regular file, for a reviewer. */
function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a device (like /dev/zero)';
  if (s.isBlockDevice()) return 'a disk device';
  return 'not a regular file';
}

function notAFile(name: string, s: Stats): AppError {
  if (s.isDirectory()) return new AppError('FILE_UNSUPPORTED', `${name} is a folder; import a folder with "Import folder" so its files are found.`);
  return new AppError('FILE_UNSUPPORTED', `${name} is ${kindOf(s)}, not a file; Clausemark imports only ordinary files.`);
}

function ioError(name: string, path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new AppError('FILE_NOT_FOUND', `${name}: the file does not exist (${path}).`);
  // Opening a socket (and, on some systems, a FIFO without a writer) fails with ENXIO.
  if (code === 'ENXIO') return new AppError('FILE_UNSUPPORTED', `${name} is a socket or a pipe, not a file; Clausemark imports only ordinary files.`);
  return new AppError('IO_ERROR', `${name}: the file could not be read (${(error as Error).message}).`);
}

async function readAtMost(handle: FileHandle, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // One byte past the limit is enough to know the file is too large.
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw tooLargeError(name, null, maxBytes);
  }
  return Buffer.concat(chunks, total);
}

/**
 * The bytes of the regular file at `path` (links followed), at most `maxBytes` of them. Throws an
 * AppError naming the file: FILE_NOT_FOUND, FILE_UNSUPPORTED (a folder, device, FIFO or socket),
 * FILE_TOO_LARGE or IO_ERROR.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const name = basename(path);
  // A look before opening, since opening some devices already does something (a tape rewinds).
  let before: Stats;
  try {
    before = await stat(path);
  } catch (error) {
    throw ioError(name, path, error);
  }
  if (!before.isFile()) throw notAFile(name, before);
  if (before.size > maxBytes) throw tooLargeError(name, before.size, maxBytes);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | O_NONBLOCK);
  } catch (error) {
    throw ioError(name, path, error);
  }
  try {
    // What was opened, whatever the path pointed to a moment ago.
    const opened = await handle.stat();
    if (!opened.isFile()) throw notAFile(name, opened);
    if (opened.size > maxBytes) throw tooLargeError(name, opened.size, maxBytes);
    return await readAtMost(handle, name, maxBytes);
  } catch (error) {
    throw error instanceof AppError ? error : ioError(name, path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
