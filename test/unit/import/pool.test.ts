import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/main/services/import/index.ts';
import { ParsePool } from '../../../src/main/services/import/pool.ts';

const sample = (name: string): Promise<Buffer> =>
  readFile(fileURLToPath(new URL(`../../../resources/samples/policies/${name}`, import.meta.url)));

/** A web page big enough to keep the parser busy for a while. */
const bigPage = (): Uint8Array =>
  new TextEncoder().encode(
    `<html><body>${'<h2>Section</h2><p>We collect your name, e-mail address and the pages you visit on our site.</p>'.repeat(20_000)}</body></html>`,
  );

describe('parsing in the import worker', { timeout: 60_000 }, () => {
  const pools: ParsePool[] = [];
  const pool = (options?: ConstructorParameters<typeof ParsePool>[0]): ParsePool => {
    const created = new ParsePool({ workers: 1, ...options });
    pools.push(created);
    return created;
  };
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.close();
  });

  it('gives the same document as parsing in-process', async () => {
    const bytes = await sample('azoomar.txt');
    const inWorker = await pool().parse('azoomar.txt', bytes);
    expect(inWorker).toEqual(await parseSource({ fileName: 'azoomar.txt', bytes }));
    expect(inWorker.text.startsWith('🔐')).toBe(true);
  });

  it('answers a file’s error with its code and message, and goes on with the next file', async () => {
    const p = pool();
    const [empty, good] = await Promise.allSettled([
      p.parse('empty.txt', new Uint8Array()),
      p.parse('alma-joyeria.txt', await sample('alma-joyeria.txt')),
    ]);
    expect(empty).toMatchObject({ status: 'rejected', reason: { code: 'FILE_EMPTY', message: 'empty.txt: the file is empty.' } });
    expect(good).toMatchObject({ status: 'fulfilled', value: { format: 'txt' } });
  });

  it('stops a file that takes too long, and reads the next one with a fresh worker', async () => {
    const p = pool({ limitFor: (bytes) => (bytes > 100_000 ? 50 : 30_000) });
    const slow = p.parse('huge.html', bigPage());
    const next = p.parse('my-alamari.txt', await sample('my-alamari.txt'));
    await expect(slow).rejects.toMatchObject({
      code: 'FILE_CORRUPT',
      message: expect.stringMatching(/^huge\.html: reading the file took longer than 0 seconds, so it was stopped/),
    });
    await expect(next).resolves.toMatchObject({ format: 'txt' });
  });

  it('spreads files over several workers and answers each with its own document', async () => {
    const names = ['alba-nera.txt', 'alma-joyeria.txt', 'azoomar.txt', 'jewelryodm.txt', 'my-alamari.txt'];
    const p = pool({ workers: 2 });
    const docs = await Promise.all(names.map(async (name) => p.parse(name, await sample(name))));
    for (const [i, name] of names.entries()) {
      expect(docs[i]).toEqual(await parseSource({ fileName: name, bytes: await sample(name) }));
    }
  });

  it('keeps the main thread free while a large file is parsed', async () => {
    const p = pool();
    await p.parse('warm-up.txt', new TextEncoder().encode('Warm up.'));
    let ticks = 0;
    const interval = setInterval(() => ticks++, 10);
    const started = performance.now();
    const doc = await p.parse('big.html', bigPage());
    const elapsed = performance.now() - started;
    clearInterval(interval);
    expect(doc.segments.length).toBe(40_000);
    // A blocked event loop would let almost no tick through; allow for a loaded machine.
    expect(ticks).toBeGreaterThan((elapsed / 10) * 0.3);
  });
});
