import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportJobs } from '../../../src/main/services/export/jobs.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import type { ExportJobState } from '../../../src/shared/domain/dataset.ts';
import { opp115 } from '../project/helpers.ts';
import { annotation, spanOf, storeText, tempFolder } from './fixture.ts';

/** The app's exports (the Export dialog): started, polled for progress, cancelled, by job id. */
describe('export jobs', { timeout: 120_000 }, () => {
  let dir: string;
  let store: ProjectStore;
  const DOCUMENTS = 400;

  beforeAll(async () => {
    dir = await tempFolder('export-jobs');
    store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
    const annotations = [];
    for (let i = 0; i < DOCUMENTS; i++) {
      const text = `Policy ${i}\n\nWe collect your e-mail address to send you receipts, and keep it ${i + 1} days.`;
      const documentId = await storeText(store, text, `policy-${i}.txt`);
      annotations.push(annotation({ id: `a${i}`, documentId, target: { type: 'span', ...spanOf(text, 'your e-mail address') }, label: 'First Party Collection/Use' }));
    }
    expect((await store.appendAnnotations('Ana Müller', annotations)).refused).toEqual([]);
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function until(jobs: ExportJobs, jobId: string, done: (s: ExportJobState) => boolean): Promise<ExportJobState[]> {
    const seen: ExportJobState[] = [];
    for (let i = 0; i < 5000; i++) {
      const status = jobs.status(jobId);
      seen.push(status);
      if (done(status)) return seen;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error('the export never got there');
  }

  it('reports progress document by document up to the total, then the summary, and forgets the job once read', async () => {
    const jobs = new ExportJobs();
    const out = join(dir, 'out', 'all.jsonl');
    const { jobId } = jobs.start(store, { format: 'spans', out });
    const seen = await until(jobs, jobId, (s) => s.state !== 'running');
    const last = seen.at(-1) as ExportJobState;
    expect(last).toMatchObject({ state: 'finished', progress: { done: DOCUMENTS, total: DOCUMENTS }, summary: { documents: DOCUMENTS, annotations: DOCUMENTS } });
    const dones = seen.map((s) => s.progress.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(() => jobs.status(jobId)).toThrow('There is no such export running.');
  });

  it('cancelled mid-way, fails as cancelled and leaves nothing in the folder, not even a temp file', async () => {
    const jobs = new ExportJobs();
    const folder = join(dir, 'cancelled');
    const { jobId } = jobs.start(store, { format: 'spans', out: join(folder, 'cut.jsonl') });
    await until(jobs, jobId, (s) => s.progress.done > 0 || s.state !== 'running');
    jobs.cancel(jobId);
    const last = (await until(jobs, jobId, (s) => s.state !== 'running')).at(-1) as ExportJobState;
    expect(last).toMatchObject({ state: 'failed', error: { code: 'CANCELLED', message: 'The export was cancelled; nothing was written.' } });
    expect(last.progress.done).toBeLessThan(DOCUMENTS);
    expect(await readdir(folder)).toEqual([]);
  });
});
