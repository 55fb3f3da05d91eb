/**
 * Opening and listing a 1,000-document project: the reviewer waits on this every time a project opens.
 * Timed with the derived catalog cache (the usual case) and without it (the first open after a clone).
 * `npx tsx bench/open-project.ts` prints the figures; bench/run.ts collects them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { builtinTaxonomy } from '../src/main/services/taxonomy/index.ts';
import { ProjectStore } from '../src/main/services/project/index.ts';

const DOCUMENTS = 1_000;
const RUNS = 5;

/** A ~20 KB policy, different for each n so every file is a distinct document. */
function syntheticPolicy(n: number): string {
  const paragraphs = [`Privacy Policy of Example Shop ${n}`];
  for (let i = 0; paragraphs.join('\n\n').length < 20_000; i++) {
    paragraphs.push(
      `${i + 1}. We collect your name, e-mail address and order history (${n}-${i}) to deliver the service you ask for. ` +
        'We share it with payment processors and carriers only as far as needed, keep it for as long as the law requires, ' +
        'and you may ask us to see, correct or delete it at any time by writing to privacy@example.com.',
    );
  }
  return paragraphs.join('\n\n');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const round = (ms: number): number => Math.round(ms * 10) / 10;

export async function runOpenProjectBench(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'clausemark-bench-'));
  try {
    const taxonomy = await builtinTaxonomy('opp-115', join(import.meta.dirname, '..', 'resources'));
    const store = await ProjectStore.create(join(dir, 'project'), { taxonomy });
    const encoder = new TextEncoder();
    const importStart = performance.now();
    for (let n = 0; n < DOCUMENTS; n++) {
      const outcome = await store.importBytes(`policy-${n}.txt`, encoder.encode(syntheticPolicy(n)));
      if (outcome.status !== 'imported') throw new Error(`policy-${n}.txt: ${outcome.error?.message ?? outcome.status}`);
    }
    const importMs = performance.now() - importStart;
    await store.close();

    const open: number[] = [];
    const openAndList: number[] = [];
    const listAgain: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const opened = await ProjectStore.open(store.dir);
      const afterOpen = performance.now();
      const list = await opened.listDocuments();
      const afterList = performance.now();
      await opened.listDocuments();
      listAgain.push(performance.now() - afterList);
      if (list.length !== DOCUMENTS) throw new Error(`listed ${list.length} documents, expected ${DOCUMENTS}`);
      await opened.close();
      open.push(afterOpen - start);
      openAndList.push(afterList - start);
    }
    // The first open on a computer (a fresh clone, a deleted cache) parses every document file.
    const noCache: number[] = [];
    for (let run = 0; run < 3; run++) {
      await rm(join(store.dir, '.clausemark-cache'), { recursive: true, force: true });
      const start = performance.now();
      const opened = await ProjectStore.open(store.dir, { readOnly: true });
      await opened.listDocuments();
      noCache.push(performance.now() - start);
      await opened.close();
    }
    return {
      open_project_documents: DOCUMENTS,
      open_project_import_1000_ms: round(importMs),
      open_project_open_ms_median: round(median(open)),
      open_project_open_and_list_ms_median: round(median(openAndList)),
      open_project_list_again_ms_median: round(median(listAgain)),
      open_project_open_and_list_without_cache_ms_median: round(median(noCache)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, value] of Object.entries(await runOpenProjectBench())) console.log(`${name}  ${value}`);
}
