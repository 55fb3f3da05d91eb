import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../../src/main/services/fs/read-limited.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { AppError } from '../../../src/shared/result.ts';
import { opp115 } from '../project/helpers.ts';

const linux = process.platform === 'linux';

/** Fails the test if `work` takes longer than `ms` (the breaks were calls that never return). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await within(2000, work).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-read-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const mkfifo = (path: string): void => {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
};

describe('readRegularFile', () => {
  it('reads a regular file up to the limit and refuses one past it', async () => {
    await writeFile(join(tmp, 'fifty.txt'), 'x'.repeat(50));
    expect(Buffer.from(await readRegularFile(join(tmp, 'fifty.txt'), 50)).toString()).toBe('x'.repeat(50));
    const error = await refusal(readRegularFile(join(tmp, 'fifty.txt'), 49));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/^fifty\.txt: the file is .* MB; Clausemark imports files up to .* MB\.$/);
  });

  it.runIf(linux)('stops reading at the limit when stat gives no size (procfs files say 0 bytes)', async () => {
    const error = await refusal(readRegularFile('/proc/self/status', 10));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/^status: the file is more than/);
  });

  it.runIf(linux)('refuses devices, also through a link named .txt, without reading them', async () => {
    const before = process.memoryUsage().rss;
    expect(await refusal(readRegularFile('/dev/zero', 50 * 1024 * 1024))).toMatchObject({
      code: 'FILE_UNSUPPORTED',
      message: 'zero is a device (like /dev/zero), not a file; Clausemark imports only ordinary files.',
    });
    await symlink('/dev/zero', join(tmp, 'policy.txt'));
    expect((await refusal(readRegularFile(join(tmp, 'policy.txt'), 50 * 1024 * 1024))).code).toBe('FILE_UNSUPPORTED');
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it.runIf(linux)('refuses FIFOs without blocking, so four of them leave file operations free', async () => {
    const fifos = ['a.txt', 'b.txt', 'c.md', 'd.html'].map((n) => join(tmp, n));
    for (const fifo of fifos) mkfifo(fifo);
    const errors = await Promise.all(fifos.map((f) => refusal(readRegularFile(f, 1024))));
    for (const error of errors) expect(error.message).toMatch(/is a named pipe \(FIFO\), not a file/);
    // libuv has four threads: had the FIFOs taken them, this read would wait for a writer forever.
    await writeFile(join(tmp, 'ok.txt'), 'fine');
    expect(await within(2000, readFile(join(tmp, 'ok.txt'), 'utf8'))).toBe('fine');
  });

  it.runIf(linux)('refuses a socket and a folder, and says when a file is missing', async () => {
    const server = createServer();
    const socket = join(tmp, 'socket.txt');
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect((await refusal(readRegularFile(socket, 1024))).message).toMatch(/^socket\.txt is a socket/);
    } finally {
      server.close();
    }
    expect((await refusal(readRegularFile(tmp, 1024))).message).toMatch(/is a folder; import a folder with "Import folder"/);
    expect((await refusal(readRegularFile(join(tmp, 'none.txt'), 1024))).code).toBe('FILE_NOT_FOUND');
  });
});

describe.runIf(linux)('import of things that are not files', () => {
  it('fails /dev/zero, a FIFO and a link to a device at once, and still imports the next file', async () => {
    const store = await ProjectStore.create(join(tmp, 'project'), { taxonomy: await opp115() });
    try {
      const fifos = [1, 2, 3, 4].map((i) => join(tmp, `pipe-${i}.txt`));
      for (const fifo of fifos) mkfifo(fifo);
      await symlink('/dev/zero', join(tmp, 'zero.txt'));
      const outcomes = await within(3000, Promise.all([...fifos, '/dev/zero', join(tmp, 'zero.txt')].map((p) => store.importFile(p))));
      for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'failed', error: { code: 'FILE_UNSUPPORTED' } });
      await writeFile(join(tmp, 'policy.txt'), 'Privacy Policy\n\nWe keep your order history for five years.\n');
      expect(await within(20_000, store.importFile(join(tmp, 'policy.txt')))).toMatchObject({ status: 'imported' });
    } finally {
      await store.close();
    }
  });
});
