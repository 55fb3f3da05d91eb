import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, type ExportRequest } from '../../../src/shared/domain/dataset.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { exportDataset, type ExportHooks } from '../../../src/main/services/export/export.ts';
import { indexLog } from '../../../src/main/services/export/log-reader.ts';
import { SINK_BYTES, exportChunk, type ChunkJob, type ExportPlan } from '../../../src/main/services/export/chunk.ts';
import { ExportPool } from '../../../src/main/services/export/pool.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { documentFile } from '../../../src/main/services/project/layout.ts';
import { opp115 } from '../project/helpers.ts';
import { storeText, tempFolder } from './fixture.ts';

const at = '2026-01-01T00:00:00.000Z';
const WORDS = ['we', 'collect', 'your', 'data', 'café', '😀', 'naïve', 'share', '"quoted"', 'a\\b', 'tab\there', '𝄞music'];
const REVIEWERS = ['Ana Müller', 'Bo', 'Cy "the" \\ reviewer'];
const LABELS = ['First Party Collection/Use', 'Data Retention', 'Other', 'Odd "quoted" \\ label', 'Ünïcødé label 😀'];

/**
 * A project whose logs hold what real ones may: three reviewers, edits and deletions of earlier
 * annotations (some of other documents), statuses, attributes with evidence, escapes, a BOM and CRLF
 * in one log, format 1 lines, damaged lines and a torn last line; enough documents for several runs.
 */
async function messyProject(dir: string, documents: number): Promise<{ store: ProjectStore; ids: string[] }> {
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const store = await ProjectStore.create(dir, { taxonomy: await opp115() });
  const ids: string[] = [];
  const texts: string[] = [];
  for (let n = 0; n < documents; n++) {
    const paragraphs = [`Policy ${n} ${pick(WORDS)}`];
    for (let p = 0, count = 1 + Math.floor(random() * 4); p < count; p++) {
      paragraphs.push(Array.from({ length: 3 + Math.floor(random() * 20) }, () => pick(WORDS)).join(' '));
    }
    const text = paragraphs.join('\n\n');
    texts.push(text);
    ids.push(await storeText(store, text, `policy-${n}.txt`));
  }
  const logs: string[][] = [[], [], []];
  const written: string[][] = [[], [], []];
  let next = 0;
  const annotation = (r: number, id: string, d: number): Record<string, unknown> => {
    const text = new CodePointIndex(texts[d] as string);
    const start = Math.floor(random() * (text.length - 1));
    const end = start + 1 + Math.floor(random() * Math.min(15, text.length - start - 1));
    const target = random() < 0.25 ? { type: 'segment', segment: 0 } : { type: 'span', start, end, quote: text.slice(start, end) };
    const attributes =
      random() < 0.3 ? { Purpose: [{ value: 'Advertising', evidence: [{ start, end: start + 1, quote: text.slice(start, start + 1) }] }, { value: 'Other "x"' }] } : {};
    const a: Record<string, unknown> = {
      id,
      documentId: ids[d],
      reviewer: REVIEWERS[r],
      target,
      label: pick(LABELS),
      attributes,
      note: random() < 0.3 ? `note "${id}"\nwith\ttabs 😀` : '',
      origin: pick(['manual', 'imported', 'suggested']),
    };
    if (random() < 0.2) a.example = true;
    return { ...a, createdAt: at, updatedAt: at };
  };
  const line = (record: unknown): string => JSON.stringify(record);
  for (let d = 0; d < documents; d++) {
    for (let r = 0; r < 3; r++) {
      for (let k = Math.floor(random() * 6); k > 0; k--) {
        const id = `x${next++}`;
        written[r]?.push(id);
        logs[r]?.push(line({ formatVersion: 2, kind: 'annotation', annotation: annotation(r, id, d) }));
      }
      if (random() < 0.3) logs[r]?.push(line({ formatVersion: 2, kind: 'status', documentId: ids[d], status: pick(['new', 'in-progress', 'done']), at }));
      const earlier = written[r] as string[];
      if (earlier.length > 0 && random() < 0.3) {
        const id = pick(earlier);
        const owner = Number(/x(\d+)/.exec(id)?.[1] ?? 0) % documents;
        if (random() < 0.5) logs[r]?.push(line({ formatVersion: 2, kind: 'deletion', id, documentId: ids[owner], at }));
        else logs[r]?.push(line({ formatVersion: 2, kind: 'annotation', annotation: annotation(r, id, d) }));
      }
      if (random() < 0.05) {
        logs[r]?.push(
          pick([
            '{not json',
            line({ formatVersion: 2, kind: 'annotation', annotation: { id: 'q' } }),
            line({ formatVersion: 2, kind: 'annotation', annotation: annotation(r, `y${next++}`, d) }).replace(',"label"', ' ,"label"'),
            line({ formatVersion: 1, id: `v${next++}`, documentId: ids[d], reviewer: REVIEWERS[r], start: 0, end: 1, quote: [...(texts[d] as string)][0], label: 'Other', attributes: { P: 'v' }, note: '', createdAt: at, updatedAt: at }),
          ]),
        );
      }
    }
  }
  const dirOf = join(dir, 'annotations');
  await writeFile(join(dirOf, 'ana-muller.jsonl'), `\uFEFF${(logs[0] as string[]).join('\r\n')}\r\n`);
  await writeFile(join(dirOf, 'bo.jsonl'), `${(logs[1] as string[]).join('\n')}\n{"formatVersion":2,"kind":"annot`);
  await writeFile(join(dirOf, 'cy-the-reviewer.jsonl'), `${(logs[2] as string[]).join('\n')}\n`);
  return { store, ids };
}

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
    for (const request of [
      { format: 'spans', unit: 'segment' },
      { format: 'segments', labeledOnly: true },
      { format: 'doccano' },
      { format: 'label-studio' },
      { format: 'csv' },
      { format: 'hf', split: [0.5, 0.3, 0.2], seed: 3 },
      { format: 'spans', reviewer: 'Bo' },
      { format: 'label-studio', status: 'done', labels: ['Other', 'Ünïcødé label 😀'] },
      { format: 'csv', reviewer: 'Cy "the" \\ reviewer', labels: ['Odd "quoted" \\ label'] },
    ] as const) {
      await same(request as Omit<ExportRequest, 'out'>);
    }
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
    const there = await indexLog(path, 'annotations/cy-the-reviewer.jsonl', 'cy', (fd, size) => pool.index(fd, size));
    const here = await indexLog(path, 'annotations/cy-the-reviewer.jsonl', 'cy');
    try {
      // A worker was alive throughout, so the main thread took no task.
      expect(pool.workers).toBeGreaterThan(0);
      expect(there.problem).toEqual(here.problem);
      expect([...there.documents]).toEqual([...here.documents]);
      for (const id of ids) {
        const a = { offsets: [], lengths: [], plain: [] };
        const b = { offsets: [], lengths: [], plain: [] };
        there.linesOf(id, null, a);
        here.linesOf(id, null, b);
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
      lineStart: new Array<number>(to - from + 1).fill(0),
      lineLog: [],
      lines: { offsets: [], lengths: [], plain: [] },
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
