import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stringifyJson, writeFileAtomic, writeJsonAtomic } from '../../../src/main/services/fs/atomic.ts';
import { readJsonFile } from '../../../src/main/services/fs/json.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clausemark-fs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('leaves one whole version and no temp files after many concurrent writes', async () => {
    const path = join(dir, 'doc.json');
    const versions = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')}:${'x'.repeat(200_000)}\n`);
    await Promise.all(versions.map((v) => writeFileAtomic(path, v)));
    expect(await readdir(dir)).toEqual(['doc.json']);
    const text = await readFile(path, 'utf8');
    expect(versions).toContain(text);
    // Queued in call order, so the last call wins.
    expect(text).toBe(versions.at(-1));
  });

  it('writes bytes as they are', async () => {
    const path = join(dir, 'b.bin');
    await writeFileAtomic(path, new Uint8Array([0, 255, 10]));
    expect([...(await readFile(path))]).toEqual([0, 255, 10]);
  });
});

describe('stringifyJson', () => {
  it('indents by two, ends with a newline, and puts flat array elements on one line each', () => {
    expect(stringifyJson({ b: 1, a: [{ x: 1, y: 'z' }, { x: 2, y: null }], c: ['p'], d: [], e: {} })).toBe(
      '{\n  "b": 1,\n  "a": [\n    {"x":1,"y":"z"},\n    {"x":2,"y":null}\n  ],\n  "c": [\n    "p"\n  ],\n  "d": [],\n  "e": {}\n}\n',
    );
  });

  it('parses back to the same value', () => {
    const value = { formatVersion: 1, nested: { list: [{ a: [1, 2] }, 3, 'é😀'] }, skipped: undefined };
    expect(JSON.parse(stringifyJson(value))).toEqual({ formatVersion: 1, nested: { list: [{ a: [1, 2] }, 3, 'é😀'] } });
  });

  it('writes, reads and writes again to identical bytes whatever the key order read', async () => {
    const schema = z.object({ formatVersion: z.literal(1), id: z.string(), items: z.array(z.object({ start: z.number(), end: z.number() })) });
    const path = join(dir, 'x.json');
    await writeFile(path, '{"items":[{"end":2,"start":1}],"id":"a","formatVersion":1}');
    const first = await readJsonFile(path, schema, { damagedCode: 'PROJECT_DAMAGED', name: 'x.json' });
    await writeJsonAtomic(path, first);
    const bytes1 = await readFile(path);
    await writeJsonAtomic(path, await readJsonFile(path, schema, { damagedCode: 'PROJECT_DAMAGED', name: 'x.json' }));
    expect((await readFile(path)).equals(bytes1)).toBe(true);
    expect(bytes1.toString()).toBe('{\n  "formatVersion": 1,\n  "id": "a",\n  "items": [\n    {"start":1,"end":2}\n  ]\n}\n');
  });
});

describe('readJsonFile', () => {
  const schema = z.object({ formatVersion: z.literal(1), name: z.string() });
  const opts = { damagedCode: 'DOCUMENT_DAMAGED' as const, name: 'documents/abc.json', formatVersion: 1 };

  it('tells a missing file from a damaged one', async () => {
    await expect(readJsonFile(join(dir, 'nope.json'), schema, opts)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: 'documents/abc.json does not exist.',
    });
    await writeFile(join(dir, 'bad.json'), '{"formatVersion": 1, "name": ');
    await expect(readJsonFile(join(dir, 'bad.json'), schema, opts)).rejects.toMatchObject({
      code: 'DOCUMENT_DAMAGED',
      message: expect.stringMatching(/^documents\/abc\.json is damaged: not valid JSON \(.+\)\. It was left as it is\.$/),
    });
  });

  it('names the field that does not fit the schema', async () => {
    await writeFile(join(dir, 'x.json'), '{"formatVersion": 1, "name": 3}');
    await expect(readJsonFile(join(dir, 'x.json'), schema, opts)).rejects.toMatchObject({
      code: 'DOCUMENT_DAMAGED',
      message: expect.stringMatching(/^documents\/abc\.json is damaged: name: .*string.*It was left as it is\.$/),
    });
  });

  it('says when a newer Clausemark made the file', async () => {
    await writeFile(join(dir, 'x.json'), '{"formatVersion": 2, "name": "a", "more": true}');
    await expect(readJsonFile(join(dir, 'x.json'), schema, opts)).rejects.toMatchObject({
      code: 'DOCUMENT_DAMAGED',
      message: expect.stringContaining('made by a newer Clausemark (format version 2'),
    });
  });

  it('accepts a byte-order mark', async () => {
    await writeFile(join(dir, 'x.json'), '\uFEFF{"formatVersion": 1, "name": "a"}');
    expect(await readJsonFile(join(dir, 'x.json'), schema, opts)).toEqual({ formatVersion: 1, name: 'a' });
  });
});
