/**
 * Fuzzing every annotation importer (issue 9, part 2): random files and mutated valid ones (cut short,
 * bytes flipped, values of the wrong type, huge numbers, negative offsets, emoji, `__proto__` keys)
 * give a report or a clear error (an AppError, problems naming a line of the file), never another
 * exception and never a hang (each run is timed).
 *
 * Reproduce a failure with the seed and path fast-check prints:
 *   npx vitest run test/unit/prove/fuzz-importers.test.ts
 * More runs: CLAUSEMARK_FUZZ_RUNS=5000 npx vitest run test/unit/prove/fuzz-importers.test.ts
 */
import { execFileSync } from 'node:child_process';
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/result.ts';
import { importAnnotationFile } from '../../../src/main/services/interchange/import.ts';
import { INTERCHANGE_FORMATS, parseInterchange, type InterchangeFormat, type ParsedFile } from '../../../src/main/services/interchange/parse.ts';
import { importOpp115, parseCsv } from '../../../src/main/services/opp115/import.ts';
import { mapSpan, parsePolicy } from '../../../src/main/services/opp115/policy.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { tempFolder } from '../datasets/fixture.ts';
import { opp115 } from '../project/helpers.ts';

const RUNS = Number(process.env.CLAUSEMARK_FUZZ_RUNS ?? 400);
/** A run slower than this is a hang for our purposes (inputs are at most a few kilobytes). */
const RUN_MS = 2_000;
const OPP115_SAMPLE = join(import.meta.dirname, '..', '..', 'fixtures', 'opp115-sample');

const TEXT = 'Hi 😀 we collect your e-mail 📧 for ads. Ünïcødé ✓ and more text.';
const at = (s: string): [number, number] => [TEXT.indexOf(s), TEXT.indexOf(s) + s.length];
const [s1, e1] = at('your e-mail');
const [s2, e2] = at('for ads');

/** A valid file of each format, the seed of the mutations. */
const VALID: Record<InterchangeFormat, string> = {
  spans: [
    JSON.stringify({
      text: TEXT,
      spans: [
        { start: s1 - 1, end: e1 - 1, label: 'First Party Collection/Use', text: 'your e-mail', reviewer: 'Ana', note: 'n', attributes: [{ name: 'Personal Information Type', value: 'Contact', evidence: [{ start: s1 - 1, end: e1 - 1, text: 'your e-mail' }] }] },
      ],
      meta: { title: 'T', reviewers: [{ name: 'Ana', status: 'done' }], source_file: 'a.txt', source_sha256: 'a'.repeat(64) },
    }),
    JSON.stringify({ text: 'Second record.', spans: [{ start: 0, end: 6, label: 'Other' }] }),
  ].join('\n'),
  doccano: [
    JSON.stringify({ text: TEXT, label: [[s1, e1, 'First Party Collection/Use'], [s2, e2, 'Other']] }),
    JSON.stringify({ text: `${TEXT} Again.`, entities: [{ id: 1, start_offset: s1, end_offset: e1, label: 'Other' }] }),
  ].join('\n'),
  prodigy: [
    JSON.stringify({ text: TEXT, spans: [{ start: s1 - 1, end: e1 - 1, label: 'Other', token_start: 4 }], answer: 'accept' }),
    JSON.stringify({ text: 'Rejected one', spans: [{ start: 0, end: 3, label: 'Other' }], answer: 'reject' }),
  ].join('\n'),
  'label-studio': JSON.stringify(
    [
      { id: 1, data: { text: TEXT }, annotations: [{ completed_by: 3, result: [{ type: 'labels', value: { start: s1, end: e1, text: 'your e-mail', labels: ['First Party Collection/Use'] } }] }] },
      { id: 2, data: { text: 'Second task' }, annotations: [{ completed_by: { email: 'a@b.c' }, result: [{ type: 'labels', value: { start: 0, end: 6, text: 'Second', labels: ['Other'] } }] }] },
    ],
    null,
    2,
  ),
};

/** Values that break assumptions: wrong types, huge and negative numbers, emoji, prototype keys. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null, true, false, '', ' ', '😀', '\u0000', '\uD800', -1, -0, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 2 ** 31, -(2 ** 31),
    [], {}, [[]], [null], { __proto__: { polluted: true } }, JSON.parse('{"__proto__": {"polluted": true}}') as unknown, { constructor: { prototype: { polluted: true } } },
    'x'.repeat(10_000), '😀'.repeat(500), 'null', '[object Object]',
  ),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);

type Json = unknown;

/** Every path to a value inside a JSON value (arrays and objects both). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(value: Json, path: (string | number)[], replacement: unknown): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, rest, replacement) : v));
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) copy[k] = k === head ? setAt(v, rest, replacement) : v;
  return copy;
}

/** One mutation of a file's text. */
const mutation: fc.Arbitrary<(text: string) => string> = fc.oneof(
  // Cut short anywhere.
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (t: string) => t.slice(0, Math.floor(t.length * f))),
  // Flip a byte (the importer reads UTF-8, so this also makes invalid sequences).
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })).map(([f, x]) => (t: string) => {
    const b = Buffer.from(t, 'utf8');
    const i = Math.min(b.length - 1, Math.floor(b.length * f));
    if (i >= 0) b[i] = (b[i] as number) ^ x;
    return b.toString('utf8');
  }),
  // Insert random text (emoji and controls included).
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ unit: 'binary', maxLength: 12 })).map(([f, s]) => (t: string) => {
    const i = Math.floor(t.length * f);
    return t.slice(0, i) + s + t.slice(i);
  }),
  // Replace a value somewhere inside the JSON (per line for JSON Lines, or the whole document).
  fc.tuple(fc.nat(), fc.nat(), hostileValue).map(([lineSeed, pathSeed, v]) => (t: string) => {
    const whole = t.trimStart().startsWith('[') && !t.includes('\n{');
    const units = whole ? [t] : t.split('\n');
    const u = lineSeed % units.length;
    let parsed: Json;
    try {
      parsed = JSON.parse(units[u] as string);
    } catch {
      return t;
    }
    const all = paths(parsed);
    units[u] = JSON.stringify(setAt(parsed, all[pathSeed % all.length] as (string | number)[], v)) ?? 'null';
    return units.join('\n');
  }),
  // Duplicate or drop a line.
  fc.nat().map((n) => (t: string) => {
    const lines = t.split('\n');
    const i = n % lines.length;
    return n % 2 === 0 ? [...lines.slice(0, i), lines[i], ...lines.slice(i)].join('\n') : [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
  }),
);

const mutated = (seed: string): fc.Arbitrary<string> =>
  fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce((t, m) => m(t), seed));

/** Random files: arbitrary text, JSON values per line, arrays of random tasks. */
const random: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }).map((vs) => vs.map((v) => JSON.stringify(v)).join('\n')),
  fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }).map((vs) => JSON.stringify(vs)),
  fc.array(fc.dictionary(fc.constantFrom('text', 'data', 'spans', 'label', 'labels', 'entities', 'annotations', 'completions', 'answer', 'meta', '__proto__'), hostileValue), { maxLength: 4 }).map((vs) =>
    vs.map((v) => JSON.stringify(v)).join('\n'),
  ),
);

/** A parse result that names real lines, or a clear AppError; anything else fails the property. */
function checkParsed(format: InterchangeFormat, content: string): void {
  const started = performance.now();
  let parsed: ParsedFile;
  try {
    parsed = parseInterchange(format, content, 'fuzzed.json');
  } catch (error) {
    if (!(error instanceof AppError)) throw new Error(`${format}: crashed with ${String(error)}`);
    expect(error.code).toBe('FILE_CORRUPT');
    expect(error.message).toMatch(/^fuzzed\.json /);
    return;
  }
  const lines = content.split('\n').length;
  for (const p of parsed.problems) {
    expect(p.line, JSON.stringify(p)).toBeGreaterThanOrEqual(1);
    expect(p.line, JSON.stringify(p)).toBeLessThanOrEqual(lines);
    expect(typeof p.message).toBe('string');
  }
  for (const r of parsed.records) expect(typeof r.text).toBe('string');
  expect(performance.now() - started).toBeLessThan(RUN_MS);
}

const counts: Record<string, number> = {};
const count = (what: string): void => {
  counts[what] = (counts[what] ?? 0) + 1;
};
afterAll(() => {
  console.log(`[fuzz] inputs tried: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

describe('annotation importers: parsing any file', () => {
  for (const format of INTERCHANGE_FORMATS) {
    it(`${format}: random and mutated files give records and line-numbered problems, or a clear error`, () => {
      fc.assert(
        fc.property(fc.oneof({ arbitrary: mutated(VALID[format]), weight: 3 }, { arbitrary: random, weight: 1 }), (content) => {
          count(`parse ${format}`);
          checkParsed(format, content);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('annotation importers: importing into a project', { timeout: 60_000 }, () => {
  let dir: string;
  let store: ProjectStore;
  beforeAll(async () => {
    dir = await tempFolder('fuzz-import');
    store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every format, with every offset unit and with labels added: a report whose problems name lines, or an AppError', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...INTERCHANGE_FORMATS),
        fc.constantFrom('auto', 'utf16', 'codepoints') as fc.Arbitrary<'auto' | 'utf16' | 'codepoints'>,
        fc.boolean(),
        fc.nat(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (format, offsets, addLabels, _seed, ms) => {
          count(`import ${format}`);
          const content = ms.reduce((t, m) => m(t), VALID[format]);
          const file = join(dir, `fuzzed-${n++}.json`);
          await writeFile(file, content);
          const started = performance.now();
          try {
            const report = await importAnnotationFile(store, file, { format, offsets, addLabels });
            const lines = content.split('\n').length;
            for (const p of report.problems) {
              expect(p.line, JSON.stringify(p)).toBeGreaterThanOrEqual(1);
              expect(p.line, JSON.stringify(p)).toBeLessThanOrEqual(lines);
            }
          } catch (error) {
            if (!(error instanceof AppError)) throw new Error(`${format}: crashed with ${String(error)}\n${content}`);
          }
          expect(performance.now() - started).toBeLessThan(RUN_MS * 2);
        },
      ),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    // Nothing outside the project's folder gained an inherited property along the way.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('OPP-115 import', { timeout: 60_000 }, () => {
  it('parseCsv, parsePolicy and mapSpan take any text and offsets without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: -5, max: 500 }), fc.integer({ min: -5, max: 500 }), fc.string({ maxLength: 20 }), (text, a, b, selected) => {
        count('opp115 pure');
        const started = performance.now();
        const rows = parseCsv(text);
        for (const r of rows) expect(r.line).toBeGreaterThanOrEqual(1);
        const policy = parsePolicy(text);
        expect(policy.segments.length).toBe(policy.parts.length);
        for (const part of policy.parts) {
          const span = mapSpan(part, a, b, selected);
          if (span) expect(span.start).toBeGreaterThanOrEqual(part.start);
        }
        expect(performance.now() - started).toBeLessThan(RUN_MS);
      }),
      { numRuns: RUNS },
    );
  });

  it('a release folder with mutated CSV and HTML files imports what it can, reporting rows by file and line, or refuses with an AppError', async () => {
    const dir = await tempFolder('fuzz-opp115');
    const names = (await readdir(join(OPP115_SAMPLE, 'annotations'))).sort();
    const originals = await Promise.all(names.map((n) => readFile(join(OPP115_SAMPLE, 'annotations', n), 'utf8')));
    const policies = (await readdir(join(OPP115_SAMPLE, 'sanitized_policies'))).sort();
    const policyTexts = await Promise.all(policies.map((n) => readFile(join(OPP115_SAMPLE, 'sanitized_policies', n), 'utf8')));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 4 }),
          fc.option(fc.tuple(fc.nat(), mutation), { nil: undefined }),
          async (csvMutations, policyMutation) => {
            count('import opp115');
            const release = join(dir, `release-${n++}`);
            await cp(OPP115_SAMPLE, release, { recursive: true });
            const csv = [...originals];
            // Mutate a few rows of a file (mutating the whole file would mostly test the first rows).
            for (const [which, m] of csvMutations) {
              const i = which % csv.length;
              const rows = (csv[i] as string).split('\n');
              const r = (which >> 2) % rows.length;
              rows[r] = m(rows[r] as string);
              csv[i] = rows.join('\n');
            }
            await Promise.all(names.map((name, i) => writeFile(join(release, 'annotations', name), csv[i] as string)));
            if (policyMutation) {
              const i = policyMutation[0] % policies.length;
              await writeFile(join(release, 'sanitized_policies', policies[i] as string), policyMutation[1](policyTexts[i] as string));
            }
            const store = await ProjectStore.create(join(release, 'project'), { taxonomy: await opp115() });
            const started = performance.now();
            try {
              const report = await importOpp115(store, release);
              for (const p of report.problems) expect(p).toMatch(/^[^:]+(\.csv|\.html)(:\d+)?: /);
            } catch (error) {
              if (!(error instanceof AppError)) throw new Error(`crashed with ${String(error)}`);
            } finally {
              await store.close();
            }
            expect(performance.now() - started).toBeLessThan(10_000);
            await rm(release, { recursive: true, force: true });
          },
        ),
        { numRuns: Math.max(5, Math.ceil(RUNS / 40)) },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('annotation importers given what is not a file (found while calling annotations.importFile with hostile paths)', { timeout: 30_000 }, () => {
  it.skipIf(process.platform === 'win32')('refuse /dev/zero and a FIFO at once, in plain words, instead of reading forever or blocking', async () => {
    const dir = await tempFolder('fuzz-devices');
    const store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
    try {
      const fifo = join(dir, 'pipe.jsonl');
      execFileSync('mkfifo', [fifo]);
      for (const [path, message] of [
        ['/dev/zero', /zero is a device \(like \/dev\/zero\), not a file.*nothing was imported\.$/],
        [fifo, /pipe\.jsonl is a named pipe \(FIFO\), not a file.*nothing was imported\.$/],
        [join(dir, 'absent.jsonl'), /absent\.jsonl: the file does not exist .*nothing was imported\.$/],
      ] as const) {
        const started = performance.now();
        const error = await importAnnotationFile(store, path, { format: 'doccano' }).then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).message).toMatch(message);
        expect(performance.now() - started).toBeLessThan(2_000);
      }
      // An OPP-115 release with a FIFO in place of a CSV and of a policy: both reported, the rest imported.
      const release = join(dir, 'release');
      await cp(OPP115_SAMPLE, release, { recursive: true });
      await rm(join(release, 'annotations', '105_amazon.com.csv'));
      execFileSync('mkfifo', [join(release, 'annotations', '105_amazon.com.csv')]);
      await rm(join(release, 'sanitized_policies', '745_eatchicken.com.html'));
      execFileSync('mkfifo', [join(release, 'sanitized_policies', '745_eatchicken.com.html')]);
      const report = await importOpp115(store, release);
      expect(report.policies).toBe(2);
      expect(report.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^annotations\/105_amazon\.com\.csv: 105_amazon\.com\.csv is a named pipe \(FIFO\), not a file/),
          expect.stringMatching(/^745_eatchicken\.com\.html: 745_eatchicken\.com\.html is a named pipe \(FIFO\), not a file/),
        ]),
      );
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
