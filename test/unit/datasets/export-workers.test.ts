import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportRequest } from '../../../src/shared/domain/dataset.ts';
import { exportDataset, type ExportHooks } from '../../../src/main/services/export/export.ts';
import { lineList } from '../../../src/main/services/export/log-index.ts';
import { indexLog } from '../../../src/main/services/export/log-reader.ts';
import { exportChunk, type ChunkJob, type ExportPlan } from '../../../src/main/services/export/chunk.ts';
import { SINK_BYTES } from '../../../src/main/services/export/utf8-sink.ts';
import { ExportPool } from '../../../src/main/services/export/pool.ts';
import type { ProjectStore } from '../../../src/main/services/project/index.ts';
import { documentFile } from '../../../src/main/services/project/layout.ts';
import { MESSY_REQUESTS, messyProject } from './export-fixture.ts';
import { tempFolder } from './fixture.ts';

const at = '2026-01-01T00:00:00.000Z';

/** An export's summary, progress and bytes (every file of an `hf` folder). */
async function run(store: ProjectStore, request: ExportRequest, hooks: ExportHooks): Promise<{ result: unknown; progress: number[]; files: Record<string, Buffer> }> {
  const progress: number[] = [];
  let result: unknown;
  try {
    const summary = await exportDataset(store, request, { ...hooks, now: () => new Date('2026-02-03T04:05:06Z'), onProgress: ({ done }) => progress.push(done) });
    result = { ...summary, out: undefined };
  } catch (error) {
    result = { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  const files: Record<string, Buffer> = {};
  const out = request.out;
  const parent = join(out, '..');
  for (const name of await readdir(parent)) {
    if (request.format === 'hf' && name === out.split('/').pop()) {
      for (const f of await readdir(out)) files[f] = await readFile(join(out, f));
    } else files[name] = await readFile(join(parent, name));
  }
  return { result, progress, files };
}

describe('export on worker threads', { timeout: 120_000 }, () => {
  let dir: string;
  let store: ProjectStore;
  let ids: string[];
  beforeAll(async () => {
    dir = await tempFolder('export-workers');
    ({ store, ids } = await messyProject(join(dir, 'project'), 150));
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  /** Exports on the main thread alone, then on two workers alone: the same summary, progress and bytes. */
  async function same(request: Omit<ExportRequest, 'out'>): Promise<Awaited<ReturnType<typeof run>>> {
    n++;
    const alone = await run(store, { ...request, out: join(dir, `main-${n}`, 'out') }, { workers: 0 });
    const workers = await run(store, { ...request, out: join(dir, `workers-${n}`, 'out') }, { workers: 2, mainThread: false });
    expect(workers.result).toEqual(alone.result);
    expect(workers.progress).toEqual(alone.progress);
    expect(Object.keys(workers.files)).toEqual(Object.keys(alone.files));
    for (const [name, bytes] of Object.entries(alone.files)) expect(workers.files[name]?.equals(bytes), name).toBe(true);
    return alone;
  }

  it('writes the same bytes as the main thread alone, in every format and with filters', async () => {
    const spans = await same({ format: 'spans' });
    // The project is what it should be: several reviewers, damaged lines reported, every document.
    expect(spans.result).toMatchObject({ documents: 150, records: 150 });
    expect((spans.result as { warnings: string[] }).warnings).toEqual([
      expect.stringMatching(/^annotations\/ana-muller\.jsonl has \d+ damaged line/),
      expect.stringMatching(/^annotations\/bo\.jsonl has \d+ damaged lines? .*The last line was cut short/),
      expect.stringMatching(/^annotations\/cy-the-reviewer\.jsonl has \d+ damaged line/),
    ]);
    expect(spans.progress).toEqual(Array.from({ length: 151 }, (_, i) => i));
    // The other usual exports (the first, plain spans, is above).
    for (const request of MESSY_REQUESTS.slice(1)) await same(request);
  });

  it('stops at the same document with the same error, and writes nothing', async () => {
    const d = 77;
    const bad = {
      formatVersion: 2,
      kind: 'annotation',
      annotation: { id: 'bad', documentId: ids[d], reviewer: 'Bo', target: { type: 'span', start: 0, end: 2, quote: 'Zz' }, label: 'Other', attributes: {}, note: '', origin: 'manual', createdAt: at, updatedAt: at },
    };
    const log = join(dir, 'project', 'annotations', 'bo.jsonl');
    const before = await readFile(log);
    // After the torn line, which then reads as damaged.
    await appendFile(log, `\n${JSON.stringify(bad)}\n`);
    try {
      const failed = await same({ format: 'spans' });
      expect(failed.result).toEqual({ code: 'EXPORT_INVALID', message: expect.stringContaining(`(${ids[d]}), the span of annotation bad by Bo says “Zz” at 0-2`) });
      expect(failed.files).toEqual({});
      // Progress reached the documents before it.
      expect(failed.progress.at(-1)).toBe([...ids].sort().indexOf(ids[d] as string));
    } finally {
      await writeFile(log, before);
    }
  });

  it('reads a document changed since the listing through the store, with its error', async () => {
    const exportSource = store.exportSource.bind(store);
    const victim = [...ids].sort()[100] as string;
    const path = join(dir, 'project', documentFile(victim));
    const original = await readFile(path);
    // Each export lists it as it is, then finds it damaged.
    store.exportSource = async () => {
      await writeFile(path, original);
      const source = await exportSource();
      await writeFile(path, '{"formatVersion":1');
      return source;
    };
    try {
      const failed = await same({ format: 'csv' });
      expect(failed.result).toEqual({ code: 'DOCUMENT_DAMAGED', message: expect.stringContaining(`${documentFile(victim)} is damaged: not valid JSON`) });
      expect(failed.progress.at(-1)).toBe(100);
    } finally {
      store.exportSource = exportSource;
      await writeFile(path, original);
    }
  });

  it('starts workers from source and runs their tasks there, with the same results', async () => {
    const pool = new ExportPool(2, false);
    const path = join(dir, 'project', 'annotations', 'cy-the-reviewer.jsonl');
    const positions = new Map(ids.map((id, i) => [id, i]));
    const there = await indexLog(path, 'annotations/cy-the-reviewer.jsonl', 'cy', positions, (fd, size) => pool.index(fd, size));
    const here = await indexLog(path, 'annotations/cy-the-reviewer.jsonl', 'cy', positions);
    try {
      // A worker was alive throughout, so the main thread took no task.
      expect(pool.workers).toBeGreaterThan(0);
      expect(there.problem).toEqual(here.problem);
      expect(ids.map((_, i) => there.annotates(i))).toEqual(ids.map((_, i) => here.annotates(i)));
      expect(ids.map((_, i) => there.statusOf(i))).toEqual(ids.map((_, i) => here.statusOf(i)));
      for (let i = 0; i < ids.length; i++) {
        const a = lineList();
        const b = lineList();
        there.linesOf(i, null, a, 0);
        here.linesOf(i, null, b, 0);
        expect(a).toEqual(b);
      }
    } finally {
      await pool.close();
      await there.close();
      await here.close();
    }
  });

  it('writes later runs into the buffers of runs already written, on the main thread and in workers', async () => {
    const plan: ExportPlan = { dir: join(dir, 'project'), fds: [], format: 'spans', unit: 'document', labeledOnly: false, several: false, taxonomyId: 'opp-115', taxonomyVersion: 1 };
    const sorted = [...ids].sort();
    // Documents without their annotations: enough to see the text and where it is written.
    const job = (from: number, to: number): ChunkJob => ({
      first: from + 1,
      documents: sorted.slice(from, to).map((id) => ({ id, status: 'new', reviewers: [] })),
      lineStart: new Uint32Array(to - from + 1),
      lines: lineList(0),
    });
    const text = (from: number, to: number): Buffer => Buffer.from(exportChunk(plan, job(from, to)).texts[0] as Uint8Array);

    const main = new ExportPool(0);
    main.setPlan(plan);
    const first = await main.chunk(job(0, 10));
    main.recycle(first);
    const second = await main.chunk(job(10, 20));
    expect(second.texts[0]?.buffer).toBe(first.texts[0]?.buffer);
    expect(Buffer.from(second.texts[0] as Uint8Array).equals(text(10, 20))).toBe(true);
    await main.close();

    const workers = new ExportPool(1, false);
    workers.setPlan(plan);
    const there = await workers.chunk(job(0, 10));
    expect(Buffer.from(there.texts[0] as Uint8Array).equals(text(0, 10))).toBe(true);
    workers.recycle(there);
    const next = await workers.chunk(job(10, 20));
    // Handed to the worker with the next run: no longer this thread's.
    expect(there.texts[0]?.buffer.byteLength).toBe(0);
    expect(Buffer.from(next.texts[0] as Uint8Array).equals(text(10, 20))).toBe(true);
    await workers.close();

    // A spare buffer too small for a run is left for a larger one, with the same text.
    const spare = [new ArrayBuffer(SINK_BYTES)];
    const all = exportChunk(plan, job(0, ids.length), 0, undefined, spare);
    expect(spare).toEqual([]);
    expect(all.texts[0]?.length).toBeGreaterThan(SINK_BYTES);
    expect(Buffer.from(all.texts[0] as Uint8Array).equals(text(0, ids.length))).toBe(true);
  });

  it('stops when cancelled mid-export and leaves nothing, not even a temp file', async () => {
    for (const format of ['spans', 'hf'] as const) {
      const out = join(dir, `cancelled-${format}`, 'out');
      const controller = new AbortController();
      const progress: number[] = [];
      const exported = exportDataset(
        store,
        { format, out },
        {
          workers: 2,
          mainThread: false,
          signal: controller.signal,
          onProgress: ({ done }) => {
            progress.push(done);
            if (done === 70) controller.abort();
          },
        },
      );
      await expect(exported).rejects.toMatchObject({ code: 'CANCELLED', message: 'The export was cancelled; nothing was written.' });
      expect(progress.at(-1)).toBe(70);
      expect(await readdir(join(dir, `cancelled-${format}`))).toEqual([]);
    }
  });
});
