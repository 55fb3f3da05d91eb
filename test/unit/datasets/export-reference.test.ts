import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportRequest } from '../../../src/shared/domain/dataset.ts';
import { exportDataset } from '../../../src/main/services/export/export.ts';
import type { ProjectStore } from '../../../src/main/services/project/index.ts';
import { referenceExport } from './export-reference.ts';
import { MESSY_REQUESTS, messyProject } from './export-fixture.ts';
import { tempFolder } from './fixture.ts';

const NOW = new Date('2026-02-03T04:05:06Z');

/** What an export writes (every file of an `hf` folder), and its summary without `out`, or its error. */
async function exported(store: ProjectStore, request: ExportRequest): Promise<{ result: unknown; files: Record<string, Buffer> }> {
  let result: unknown;
  try {
    result = { ...(await exportDataset(store, request, { now: () => NOW })), out: undefined };
  } catch (error) {
    result = { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  const files: Record<string, Buffer> = {};
  const parent = join(request.out, '..');
  for (const name of await readdir(parent)) {
    if (request.format === 'hf' && name === request.out.split('/').pop()) {
      for (const f of await readdir(request.out)) files[f] = await readFile(join(request.out, f));
    } else files[name] = await readFile(join(parent, name));
  }
  const { out: _, ...rest } = (result ?? {}) as { out?: unknown };
  return { result: 'code' in rest ? rest : { ...rest }, files };
}


describe('export against the plain reference', { timeout: 300_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempFolder('export-reference');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Seeded projects, each with its own texts, ties, escapes and damage.
  for (const seed of [1, 2, 3]) {
    it(`writes the reference's bytes in every format, or its error (project ${seed})`, async () => {
      const { store } = await messyProject(join(dir, `project-${seed}`), 60, seed);
      try {
        for (const [n, request] of MESSY_REQUESTS.entries()) {
          const out = (name: string): string => join(dir, `${name}-${seed}-${n}`, 'out');
          const actual = await exported(store, { ...request, out: out('actual') });
          const expected = await referenceExport(store, { ...request, out: out('expected') }, NOW);
          expect(actual.result, JSON.stringify(request)).toEqual(expected.result);
          expect(Object.keys(actual.files).sort()).toEqual(Object.keys(expected.files).sort());
          for (const [name, bytes] of Object.entries(expected.files)) {
            expect(actual.files[name]?.toString('latin1'), `${JSON.stringify(request)} ${name}`).toBe(bytes.toString('latin1'));
          }
        }
      } finally {
        await store.close();
      }
    });
  }

  it("stops with the reference's error at the first annotation whose text is not the document's", async () => {
    const { store, ids } = await messyProject(join(dir, 'project-bad'), 40, 4);
    const log = join(dir, 'project-bad', 'annotations', 'bo.jsonl');
    const before = await readFile(log);
    const sorted = [...ids].sort();
    const at = '2026-01-01T00:00:00.000Z';
    const bad = (id: string, documentId: string, fields: Record<string, unknown>): string =>
      JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation: { id, documentId, reviewer: 'Bo', target: { type: 'segment', segment: 0 }, label: 'Other', attributes: {}, note: '', origin: 'manual', createdAt: at, updatedAt: at, ...fields } });
    const cases = [
      bad('q1', sorted[20] as string, { target: { type: 'span', start: 0, end: 2, quote: 'Zz' } }),
      bad('q2', sorted[5] as string, { target: { type: 'span', start: 3, end: 100_000, quote: 'x' } }),
      bad('q3', sorted[30] as string, { target: { type: 'segment', segment: 99 } }),
      bad('q4', sorted[12] as string, { attributes: { Purpose: [{ value: 'Advertising', evidence: [{ start: 1, end: 3, quote: 'no' }] }] } }),
      // Two bad ones in one document: the first in the logs' order is named.
      `${bad('q5', sorted[8] as string, { target: { type: 'span', start: 0, end: 1, quote: '\u00e9' } })}\n${bad('q6', sorted[8] as string, { target: { type: 'segment', segment: 50 } })}`,
    ];
    try {
      for (const [n, line] of cases.entries()) {
        // After the torn line, which then reads as damaged.
        await appendFile(log, `\n${line}\n`);
        for (const format of ['spans', 'csv'] as const) {
          const out = (name: string): string => join(dir, `bad-${name}-${n}-${format}`, 'out');
          const actual = await exported(store, { format, out: out('actual') });
          const expected = await referenceExport(store, { format, out: out('expected') }, NOW);
          expect(expected.result).toMatchObject({ code: 'EXPORT_INVALID' });
          expect(actual).toEqual(expected);
        }
        await writeFile(log, before);
      }
    } finally {
      await writeFile(log, before);
      await store.close();
    }
  });
});
