import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { csvRow, exportOptionsSchema, splitDocuments, type DatasetProgress, type ExportOptions, type ExportRequest, type ExportSummary } from '../../../shared/domain/dataset.ts';
import { AppError } from '../../../shared/result.ts';
import { ANNOTATIONS_DIR, DOCUMENTS_DIR } from '../project/layout.ts';
import type { ProjectStore } from '../project/store.ts';
import { datasetCard, type SplitName } from './card.ts';
import { SPLITS, exportChunk, releaseJob, type ChunkDocument, type ChunkJob, type ChunkOutput, type ExportPlan } from './chunk.ts';
import { readExportDocument } from './document-reader.ts';
import { CSV_HEADER } from './formats.ts';
import { lineList, trimmedLines } from './log-index.ts';
import { ChunkedFile, commitFolder, ensureFolder, tempNameFor } from './output.ts';
import { ExportPool, workersFor } from './pool.ts';
import { hfSchemaWarning, putSchemaLinesFirst, type NestedList } from './schema-lines.ts';
import { documentReview, selectAnnotations, taxonomyVersion, type Selection } from './selection.ts';

export { CSV_HEADER };

export interface ExportHooks {
  onProgress?: (progress: DatasetProgress) => void;
  signal?: AbortSignal;
  /** The export time written to the dataset card (tests fix it). */
  now?: () => Date;
  /** Export workers besides the main thread; by default as many as workersFor says. Tests set it. */
  workers?: number;
  /** False: the main thread leaves the work to the workers while any is left (tests, to see their work). */
  mainThread?: boolean;
  /** hf: how far down a split the lines showing its schema may be before they are moved up (schema-lines.ts; tests lower it). */
  schemaBytes?: number;
}

/** Documents exported in one run (chunk.ts). */
const CHUNK_DOCUMENTS = 32;
/** Runs started ahead of the one being written: enough to keep every thread busy, few enough to hold. */
const RUNS_AHEAD = 12;

/** Exports a project's annotations as a dataset file (a folder for `hf`); see docs/export-formats.md. */
export async function exportDataset(store: ProjectStore, request: ExportRequest, hooks: ExportHooks = {}): Promise<ExportSummary> {
  const parsed = exportOptionsSchema.safeParse(request);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `The export options are not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  const opts = { ...parsed.data, out: resolve(parsed.data.out) };
  // Started first, so the workers start while the store lists the documents.
  const pool = new ExportPool(hooks.workers ?? (await workersForProject(store.dir)), hooks.mainThread);
  try {
    const source = await store.exportSource();
    const selection = await selectAnnotations(source, opts, (fd, size) => pool.index(fd, size));
    try {
      await ensureFolder(opts.out);
      const threads = { pool, plan: planOf(store, opts, selection) };
      threads.pool.setPlan(threads.plan);
      return await (opts.format === 'hf' ? exportFolder(store, opts, selection, threads, hooks) : exportFile(store, opts, selection, threads, hooks));
    } finally {
      // The workers read the logs' open files: they stop before the files close.
      await pool.close();
      await selection.close();
    }
  } finally {
    await pool.close();
  }
}

/** Workers for an export of the project in `dir` (workersFor), judged from its folders as they are. */
async function workersForProject(dir: string): Promise<number> {
  const names = (folder: string): Promise<string[]> => readdir(join(dir, folder)).catch(() => []);
  const logs = (await names(ANNOTATIONS_DIR)).filter((name) => name.endsWith('.jsonl'));
  const sizes = await Promise.all(logs.map((name) => stat(join(dir, ANNOTATIONS_DIR, name)).then((s) => s.size, () => 0)));
  return workersFor((await names(DOCUMENTS_DIR)).length, sizes.reduce((a, b) => a + b, 0));
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The export was cancelled; nothing was written.');
}

/** Where an export's runs go, and what they share. */
interface Threads {
  pool: ExportPool;
  plan: ExportPlan;
}

function planOf(store: ProjectStore, opts: ExportOptions, selection: Selection): ExportPlan {
  return {
    dir: store.dir,
    fds: selection.fds,
    format: opts.format,
    unit: opts.unit,
    labeledOnly: opts.labeledOnly,
    several: selection.several,
    taxonomyId: selection.taxonomy.id,
    taxonomyVersion: taxonomyVersion(selection.taxonomy),
  };
}

/** Documents [start, end) of the selection, with what their runs need. */
function jobOf(selection: Selection, start: number, end: number, splitOf: Map<string, SplitName> | null): ChunkJob {
  const documents: ChunkDocument[] = [];
  const lineStart = new Uint32Array(end - start + 1);
  const lines = lineList();
  for (let i = start; i < end; i++) {
    const id = selection.documentIds[i] as string;
    const review = documentReview(selection, i);
    const entry: ChunkDocument = { id, status: review.status, reviewers: review.reviewers };
    if (splitOf) entry.split = splitOf.get(id) ?? 'train';
    documents.push(entry);
    selection.linesOf(i, lines);
    lineStart[i - start + 1] = lines.size;
  }
  return { first: start + 1, documents, lineStart, lines: trimmedLines(lines) };
}

/**
 * Exports the selected documents in runs, in id order, on the pool's threads, handing each run's
 * output to `consume` in order; reports progress per document and stops when cancelled or at the
 * first document that cannot be exported, with the same error as the document alone would give.
 */
async function exportDocuments(
  store: ProjectStore,
  selection: Selection,
  { pool, plan }: Threads,
  splitOf: Map<string, SplitName> | null,
  hooks: ExportHooks,
  consume: (output: ChunkOutput) => Promise<void>,
): Promise<void> {
  const total = selection.documentIds.length;
  hooks.onProgress?.({ done: 0, total });
  const count = Math.ceil(total / CHUNK_DOCUMENTS);
  const runs = new Map<number, { job: ChunkJob; output: Promise<ChunkOutput> }>();
  let started = 0;
  let position = 0;
  for (let k = 0; k < count; k++) {
    for (; started < count && started < k + RUNS_AHEAD; started++) {
      const start = started * CHUNK_DOCUMENTS;
      const job = jobOf(selection, start, Math.min(total, start + CHUNK_DOCUMENTS), splitOf);
      const output = pool.chunk(job);
      // Runs after a failed one are never read; their failures are not unhandled.
      output.catch(() => undefined);
      runs.set(started, { job, output });
    }
    const run = runs.get(k) as { job: ChunkJob; output: Promise<ChunkOutput> };
    runs.delete(k);
    const output = await run.output;
    // A document the plain read doubts is read by the store, and the run goes on from it here.
    while (output.stop?.reason === 'store') {
      const at = output.done;
      let rest: ChunkOutput;
      try {
        rest = exportChunk(plan, run.job, at, await readExportDocument(store, (run.job.documents[at] as ChunkDocument).id));
      } catch (error) {
        rest = { done: 0, texts: [], records: 0, annotations: 0, splits: [0, 0, 0], labels: [], stop: { reason: 'error', error } };
      }
      joinOutputs(output, rest);
    }
    await consume(output);
    pool.recycle(output);
    releaseJob(run.job);
    for (let i = 0; i < output.done; i++) {
      if (hooks.signal?.aborted) throw cancelled();
      hooks.onProgress?.({ done: ++position, total });
    }
    if (hooks.signal?.aborted) throw cancelled();
    if (output.stop) throw output.stop.error;
  }
}

/** Appends a run's output to the output of the run before it in the same job. */
function joinOutputs(output: ChunkOutput, rest: ChunkOutput): void {
  output.done += rest.done;
  output.texts = output.texts.map((t, i) => Buffer.concat([t, rest.texts[i] ?? new Uint8Array(0)]));
  output.records += rest.records;
  output.annotations += rest.annotations;
  rest.splits.forEach((n, i) => (output.splits[i as 0 | 1 | 2] += n));
  output.labels.push(...rest.labels);
  output.stop = rest.stop;
}

async function exportFile(store: ProjectStore, opts: ExportOptions, selection: Selection, threads: Threads, hooks: ExportHooks): Promise<ExportSummary> {
  const file = await ChunkedFile.create(tempNameFor(opts.out));
  let records = 0;
  let annotations = 0;
  let count = 0;
  try {
    if (opts.format === 'csv') await file.write(`\uFEFF${csvRow(CSV_HEADER)}`);
    if (opts.format === 'label-studio') await file.write('[');
    await exportDocuments(store, selection, threads, null, hooks, async (output) => {
      await file.write(output.texts[0] as Uint8Array);
      count += output.done;
      records += output.records;
      annotations += output.annotations;
    });
    if (opts.format === 'label-studio') await file.write(count === 0 ? ']\n' : '\n]\n');
    await file.finish();
    if (hooks.signal?.aborted) throw cancelled();
    await rename(file.tempPath, opts.out);
  } catch (error) {
    await file.abandon();
    throw error;
  }
  return { format: opts.format, out: opts.out, documents: count, records, annotations, warnings: selection.warnings };
}

async function exportFolder(store: ProjectStore, opts: ExportOptions, selection: Selection, threads: Threads, hooks: ExportHooks): Promise<ExportSummary> {
  const tempDir = tempNameFor(opts.out);
  await mkdir(tempDir);
  const splitOf = splitDocuments(selection.documentIds, opts.split, opts.seed);
  const files: ChunkedFile[] = [];
  const labelCounts = new Map<SplitName, Map<string, number>>(SPLITS.map((name) => [name, new Map()]));
  const documentsPer = { train: 0, validation: 0, test: 0 };
  const warnings = [...selection.warnings];
  let annotations = 0;
  try {
    for (const name of SPLITS) files.push(await ChunkedFile.create(join(tempDir, `${name}.jsonl`)));
    await exportDocuments(store, selection, threads, splitOf, hooks, async (output) => {
      for (const [i, name] of SPLITS.entries()) {
        documentsPer[name] += output.splits[i] as number;
        await (files[i] as ChunkedFile).write(output.texts[i] as Uint8Array);
      }
      for (const [split, label, n] of output.labels) {
        const counts = labelCounts.get(SPLITS[split] as SplitName) as Map<string, number>;
        counts.set(label, (counts.get(label) ?? 0) + n);
      }
      annotations += output.annotations;
    });
    for (const file of files) await file.finish();
    const written: { name: SplitName; filled: Set<NestedList> }[] = [];
    for (const name of SPLITS) {
      const path = join(tempDir, `${name}.jsonl`);
      // datasets cannot load an empty split ("corresponds to no data"): it gets no file.
      if (documentsPer[name] === 0) await rm(path);
      else written.push({ name, filled: await putSchemaLinesFirst(path, hooks.schemaBytes) });
    }
    const schemaWarning = hfSchemaWarning(written);
    if (schemaWarning) warnings.push(schemaWarning);
    const card = datasetCard({
      taxonomy: selection.taxonomy,
      taxonomyVersion: taxonomyVersion(selection.taxonomy),
      reviewers: selection.reviewers,
      labelCounts,
      documents: documentsPer,
      exportedAt: (hooks.now ?? (() => new Date()))().toISOString(),
      command: opts.command ?? 'clausemark export',
      split: opts.split,
      seed: opts.seed,
      schemaWarning,
    });
    const readme = await ChunkedFile.create(join(tempDir, 'README.md'));
    await readme.write(card);
    await readme.finish();
    if (hooks.signal?.aborted) throw cancelled();
    await commitFolder(tempDir, opts.out);
  } catch (error) {
    for (const file of files) await file.abandon().catch(() => undefined);
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  const documentCount = documentsPer.train + documentsPer.validation + documentsPer.test;
  return {
    format: 'hf',
    out: opts.out,
    documents: documentCount,
    records: documentCount,
    annotations,
    splits: documentsPer,
    warnings,
  };
}
