/**
 * Dataset export throughput and peak memory, and the OPP-115 sample import time. A synthetic project
 * (documents with segments, 50 annotations each, two reviewers) is written straight to disk in the
 * project format (and opened once, so its document cache exists, as in a project the app made), at
 * three sizes, so that memory growth shows. Each export runs in its own process so
 * its peak RSS is its own. `npx tsx bench/export.ts` prints the figures; bench/run.ts collects them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { stringifyJson } from '../src/main/services/fs/atomic.ts';
import { exportDataset } from '../src/main/services/export/export.ts';
import { importOpp115 } from '../src/main/services/opp115/import.ts';
import { ProjectStore } from '../src/main/services/project/index.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../src/shared/domain/dataset.ts';

const ANNOTATIONS_PER_DOCUMENT = 50;
/**
 * Sizes and formats measured; EXPORT_BENCH_SIZES=10000 and EXPORT_BENCH_FORMATS=spans,csv narrow a
 * run (both lists comma-separated), EXPORT_BENCH_PROJECTS=<folder> keeps the written projects there
 * and reuses them on the next run.
 */
const SIZES = (process.env.EXPORT_BENCH_SIZES ?? '2500,10000,20000').split(',').map(Number);
const FORMATS = process.env.EXPORT_BENCH_FORMATS ? (process.env.EXPORT_BENCH_FORMATS.split(',') as ExportFormat[]) : EXPORT_FORMATS;
const KEPT = process.env.EXPORT_BENCH_PROJECTS;
const ROOT = join(import.meta.dirname, '..');

const SENTENCE = 'We collect your name, e-mail address and order history to deliver the service you ask for, and share it with carriers. ';

/**
 * An id shaped as the app's: 16 characters of [a-z0-9] (the renderer's randomId; imported ones are
 * longer), not a short counter, so that the first pass keys ids as long as a real project's.
 */
const annotationId = (n: number, k: number): string =>
  createHash('sha256').update(`${n}-${k}`).digest('base64url').slice(0, 16).toLowerCase().replace(/[-_]/g, '0');

export async function writeProject(dir: string, documents: number): Promise<void> {
  await mkdir(join(dir, 'documents'), { recursive: true });
  await mkdir(join(dir, 'annotations'), { recursive: true });
  const taxonomy = JSON.parse(await readFile(join(ROOT, 'resources', 'taxonomies', 'opp-115.json'), 'utf8'));
  await writeFile(join(dir, 'taxonomy.json'), stringifyJson(taxonomy));
  const labels: string[] = taxonomy.labels.map((l: { name: string }) => l.name);
  const logs = [[], []] as string[][];
  const at = '2026-01-01T00:00:00.000Z';
  for (let n = 0; n < documents; n++) {
    const paragraphs = [`Privacy Policy ${n}`];
    for (let i = 0; i < 10; i++) paragraphs.push(`${i + 1}. ${SENTENCE.repeat(3)}(${n}-${i}) café 😀`);
    const text = paragraphs.join('\n\n');
    const segments: { index: number; start: number; end: number; kind: string }[] = [];
    let offset = 0;
    for (const [index, p] of paragraphs.entries()) {
      const length = [...p].length;
      segments.push({ index, start: offset, end: offset + length, kind: index === 0 ? 'heading' : 'paragraph' });
      offset += length + 2;
    }
    const sha256 = createHash('sha256').update(text).digest('hex');
    const id = sha256.slice(0, 16);
    const doc = {
      formatVersion: 1,
      id,
      title: paragraphs[0],
      source: { fileName: `policy-${n}.txt`, format: 'txt', encoding: 'utf-8', sha256, byteLength: Buffer.byteLength(text), importedAt: at },
      text,
      segments,
    };
    await writeFile(join(dir, 'documents', `${id}.json`), stringifyJson(doc));
    for (let k = 0; k < ANNOTATIONS_PER_DOCUMENT; k++) {
      const segment = segments[1 + (k % 10)] as { start: number };
      const start = segment.start + 4 + (k % 7) * 10;
      const quote = [...text].slice(start, start + 30).join('');
      const annotation = {
        id: annotationId(n, k),
        documentId: id,
        reviewer: k % 2 === 0 ? 'Ana' : 'Bo',
        target: k % 5 === 0 ? { type: 'segment', segment: 1 + (k % 10) } : { type: 'span', start, end: start + 30, quote },
        label: labels[k % labels.length],
        attributes: {},
        note: '',
        origin: 'manual',
        createdAt: at,
        updatedAt: at,
      };
      (logs[k % 2] as string[]).push(JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation }));
    }
  }
  await writeFile(join(dir, 'annotations', 'ana.jsonl'), `${(logs[0] as string[]).join('\n')}\n`);
  await writeFile(join(dir, 'annotations', 'bo.jsonl'), `${(logs[1] as string[]).join('\n')}\n`);
  await writeFile(
    join(dir, 'clausemark.json'),
    stringifyJson({ format: 'clausemark-project', formatVersion: 1, id: '00000000-0000-4000-8000-000000000000', name: 'Bench', createdAt: at }),
  );
  // Opened once by the app, as a project it made would have been: its document cache is written.
  const store = await ProjectStore.open(dir);
  await store.exportSource();
  await store.close();
}

/** In a child process: one export, printing seconds, bytes and peak RSS. */
async function child(project: string, format: ExportFormat, out: string): Promise<void> {
  const store = await ProjectStore.open(project, { readOnly: true });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await exportDataset(store, { format, out });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await store.close();
  const bytes = format === 'hf' ? 0 : (await stat(out)).size;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

export async function runExportBench(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const dir = await mkdtemp(join(tmpdir(), 'clausemark-bench-export-'));
  try {
    for (const size of SIZES) {
      const project = join(KEPT ?? dir, `p${size}`);
      const t = performance.now();
      if (!KEPT || !(await stat(join(project, 'clausemark.json')).catch(() => null))) {
        await rm(project, { recursive: true, force: true });
        await writeProject(project, size);
        results[`export ${size} docs: project written (s)`] = (performance.now() - t) / 1000;
      }
      for (const format of FORMATS) {
        const out = join(dir, `out-${size}-${format}`);
        const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, 'child', project, format, out], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(run.stderr);
        const r = JSON.parse(run.stdout) as { seconds: number; cpuSeconds: number; bytes: number; rssMB: number };
        results[`export ${size} docs ${format} (s)`] = r.seconds;
        // The machine may be shared: CPU time shows the work done whatever else runs.
        results[`export ${size} docs ${format} (CPU s)`] = r.cpuSeconds;
        if (r.bytes > 0) results[`export ${size} docs ${format} (MB per CPU s)`] = r.bytes / 1e6 / r.cpuSeconds;
        if (r.bytes > 0) results[`export ${size} docs ${format} (MB/s)`] = r.bytes / 1e6 / r.seconds;
        results[`export ${size} docs ${format} peak RSS (MB)`] = r.rssMB;
        await rm(out, { recursive: true, force: true });
      }
      if (!KEPT) await rm(project, { recursive: true, force: true });
    }
    if (process.env.EXPORT_BENCH_SIZES || process.env.EXPORT_BENCH_FORMATS) return results;
    const store = await ProjectStore.create(join(dir, 'opp'), {
      taxonomy: JSON.parse(await readFile(join(ROOT, 'resources', 'taxonomies', 'opp-115.json'), 'utf8')),
    });
    const t = performance.now();
    await importOpp115(store, join(ROOT, 'test', 'fixtures', 'opp115-sample'));
    results['OPP-115 sample import (ms)'] = performance.now() - t;
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[2] === 'child') {
  await child(process.argv[3] as string, process.argv[4] as ExportFormat, process.argv[5] as string);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [k, v] of Object.entries(await runExportBench())) console.log(`${k}  ${v.toFixed(2)}`);
}
