/**
 * OPP-115 import at the full release's size. The release itself is not in the repository (nor on these
 * machines): a release folder of 115 policies is made from the 3-policy sample (test/fixtures/opp115-sample),
 * each policy a copy of one sample policy made distinct by one more segment at its end, with its CSV's
 * practice ids made distinct; 72 copies of amazon (312 practices), 21 of eatchicken (20) and 22 of gwdocs
 * (29) make 23,522 practices, about the release's 23,194. The import must take seconds, not minutes.
 * `npx tsx bench/opp115.ts` prints the figures; bench/run.ts collects them.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { importOpp115 } from '../src/main/services/opp115/import.ts';
import { ProjectStore } from '../src/main/services/project/index.ts';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = join(ROOT, 'test', 'fixtures', 'opp115-sample');
const COPIES: [stem: string, copies: number][] = [
  ['105_amazon.com', 72],
  ['745_eatchicken.com', 21],
  ['1221_gwdocs.com', 22],
];

/** Writes the release folder; answers how many practices its CSVs hold. */
async function writeRelease(dir: string): Promise<{ policies: number; practices: number }> {
  await mkdir(join(dir, 'sanitized_policies'), { recursive: true });
  await mkdir(join(dir, 'annotations'), { recursive: true });
  let n = 0;
  let practices = 0;
  for (const [stem, copies] of COPIES) {
    const html = await readFile(join(SAMPLE, 'sanitized_policies', `${stem}.html`), 'utf8');
    const csv = await readFile(join(SAMPLE, 'annotations', `${stem}.csv`), 'utf8');
    const rows = csv.split('\n').filter((line) => /^\d+,/.test(line));
    for (let copy = 0; copy < copies; copy++) {
      n++;
      const name = `${2000 + n}_copy${n}-${stem.replace(/^\d+_/, '')}`;
      await writeFile(join(dir, 'sanitized_policies', `${name}.html`), `${html}|||This is copy ${n} of the policy, made for a benchmark.`);
      // Practice ids are unique in the release: prefix each with the copy's number.
      await writeFile(join(dir, 'annotations', `${name}.csv`), `${rows.map((row) => `${n}${row}`).join('\n')}\n`);
      practices += rows.length;
    }
  }
  return { policies: n, practices };
}

export async function runOpp115Bench(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'clausemark-bench-opp115-'));
  try {
    const release = join(dir, 'release');
    const expected = await writeRelease(release);
    const taxonomy = JSON.parse(await readFile(join(ROOT, 'resources', 'taxonomies', 'opp-115.json'), 'utf8'));
    const store = await ProjectStore.create(join(dir, 'project'), { taxonomy });
    const started = performance.now();
    const report = await importOpp115(store, release);
    const seconds = (performance.now() - started) / 1000;
    const stats = await store.stats();
    await store.close();
    if (report.policies !== expected.policies || report.practices !== expected.practices || report.problems.length > 0) {
      throw new Error(`OPP-115 bench: imported ${report.policies} policies and ${report.practices} practices, expected ${expected.policies} and ${expected.practices}; problems: ${report.problems.slice(0, 3).join('; ')}`);
    }
    return {
      'OPP-115 full-size release (115 policies) import (s)': seconds,
      'OPP-115 full-size release: practices imported': report.practices,
      'OPP-115 full-size release: documents in stats': stats.documents,
      'OPP-115 full-size release: practices per s': report.practices / seconds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [k, v] of Object.entries(await runOpp115Bench())) console.log(`${k}  ${Number.isInteger(v) ? v : v.toFixed(2)}`);
}
