import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/result.ts';

/** Bytes gathered before one write: few system calls, memory bounded whatever the project's size. */
const CHUNK_BYTES = 1 << 20;

/**
 * A file written in chunks under a temp name in its target's folder, fsync'ed and renamed to the
 * target by `commit`; `discard` removes the temp file. Nothing half-written ever has the target name.
 */
export class ChunkedFile {
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly tempPath: string,
  ) {}

  static async create(tempPath: string): Promise<ChunkedFile> {
    return new ChunkedFile(await open(tempPath, 'wx'), tempPath);
  }

  /** Text, or text already encoded as UTF-8 (written as it is, after the text before it). */
  async write(text: string | Uint8Array): Promise<void> {
    if (typeof text !== 'string') {
      await this.flush();
      await this.writeBytes(text);
      return;
    }
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    await this.writeBytes(data);
  }

  private async writeBytes(data: Uint8Array): Promise<void> {
    for (let written = 0; written < data.length; ) {
      const { bytesWritten } = await this.handle.write(data, written, data.length - written);
      written += bytesWritten;
    }
    this.bytes += data.length;
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}

export const tempNameFor = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);

export async function ensureFolder(target: string): Promise<void> {
  const dir = dirname(target);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new AppError('IO_ERROR', `The folder ${dir} could not be created (${(error as Error).message}).`);
  }
}

const isErrno = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException | null)?.code === code;

/** Files an earlier `hf` export leaves; a folder holding only these may be replaced by a new export. */
const DATASET_FOLDER_FILES = new Set(['train.jsonl', 'validation.jsonl', 'test.jsonl', 'README.md']);

/**
 * Moves a finished dataset folder to `target`. An earlier export there is replaced; any other folder
 * or file under that name is left alone and the export refused.
 */
export async function commitFolder(tempDir: string, target: string): Promise<void> {
  let existing;
  try {
    existing = await stat(target);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  if (!existing) {
    await rename(tempDir, target);
    return;
  }
  const names = existing.isDirectory() ? await readdir(target) : null;
  if (!names || names.some((n) => !DATASET_FOLDER_FILES.has(n))) {
    throw new AppError('EXPORT_INVALID', `${target} already exists and is not an earlier dataset export; choose another name or move it away.`);
  }
  const old = `${tempDir}.old`;
  await rename(target, old);
  await rename(tempDir, target);
  await rm(old, { recursive: true, force: true });
}
