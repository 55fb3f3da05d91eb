import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportDataset } from '../../../src/main/services/export/export.ts';
import { importOpp115, parseCsv } from '../../../src/main/services/opp115/import.ts';
import { mapSpan, parsePolicy } from '../../../src/main/services/opp115/policy.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { opp115 } from '../project/helpers.ts';
import { OPP115_SAMPLE as SAMPLE, PY_CHECK_SPANS, python, shiftedOpp115Release, tempFolder } from './fixture.ts';


/** The sample's figures, counted by Python's csv module straight from the release's files. */
const PY_COUNTS = String.raw`
import csv, json, os, sys, collections
root = sys.argv[1]
per_policy = {}; per_category = collections.Counter(); annotators = {}; segments = {}
for name in sorted(os.listdir(os.path.join(root, 'annotations'))):
    stem = name[:-4]
    rows = list(csv.reader(open(os.path.join(root, 'annotations', name), encoding='utf-8', newline='')))
    per_policy[stem] = len(rows)
    annotators[stem] = sorted({'opp115-' + r[2] for r in rows})
    for r in rows: per_category[r[5]] += 1
    segments[stem] = len(open(os.path.join(root, 'sanitized_policies', stem + '.html'), encoding='utf-8').read().split('|||'))
print(json.dumps({'per_policy': per_policy, 'per_category': dict(sorted(per_category.items())), 'annotators': annotators, 'segments': segments}))`;

describe('OPP-115 import', { timeout: 120_000 }, () => {
  it('imports the sample: one document per policy, |||-segments, 3 reviewers each, every practice', async () => {
    const expected = python(PY_COUNTS, SAMPLE) as {
      per_policy: Record<string, number>;
      per_category: Record<string, number>;
      annotators: Record<string, string[]>;
      segments: Record<string, number>;
    };
    expect(expected.per_policy).toEqual({ '105_amazon.com': 312, '1221_gwdocs.com': 29, '745_eatchicken.com': 20 });

    const dir = await tempFolder('opp115');
    const store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
    try {
      const report = await importOpp115(store, SAMPLE);
      expect(report.problems).toEqual([]);
      expect(report.practices).toBe(361);
      expect(report.byCategory).toEqual(expected.per_category);
      const stats = await store.stats();
      expect(stats.documents).toBe(3);
      expect(stats.annotations).toBe(361);
      expect(stats.by_label).toEqual(expected.per_category);
      expect(stats.segments).toBe(Object.values(expected.segments).reduce((a, b) => a + b, 0));

      const documents = await store.listDocuments();
      const source = await store.datasetSource();
      for (const d of documents) {
        const stem = d.fileName.replace(/\.html$/, '');
        expect(d.segmentCount).toBe(expected.segments[stem]);
        expect(d.annotationCount).toBe(expected.per_policy[stem]);
        const reviewers = source.logs.filter((l) => [...l.fold.annotations.values()].some((a) => a.documentId === d.id)).map((l) => [...l.fold.annotations.values()][0]?.reviewer);
        expect(reviewers.sort()).toEqual(expected.annotators[stem]);
        expect(reviewers).toHaveLength(3);
      }

      // Every evidence span holds in Python after a spans export.
      const out = join(dir, 'opp.jsonl');
      await exportDataset(store, { out });
      expect(python(PY_CHECK_SPANS, out)).toMatchObject({ lines: 3, spans: 361, bad: [] });
      const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      const chicken = lines.find((l) => l.meta.source_file === '745_eatchicken.com.html');
      const evidence = chicken.spans.flatMap((sp: { attributes?: { name: string; value: string; evidence: { text: string }[] }[] }) =>
        (sp.attributes ?? []).flatMap((a) => a.evidence.map((ev) => [a.name, ev.text])),
      );
      expect(evidence).toContainEqual(['Purpose', 'make your return visits to a Web site more convenient']);
      // not-selected is an unset optional attribute.
      expect(JSON.stringify(lines)).not.toContain('not-selected');

      // Importing again changes nothing: same documents, same annotation ids.
      const again = await importOpp115(store, SAMPLE);
      expect(again.documentsCreated).toBe(0);
      expect((await store.stats()).annotations).toBe(361);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('imports a consolidated set from consolidation/threshold-<t>-overlap-similarity, as the release names its folders', async () => {
    const dir = await tempFolder('opp115-consolidated');
    const release = join(dir, 'OPP-115');
    // The release's layout, with fewer rows: each threshold folder holds the policies' CSVs, practice ids prefixed C.
    python(
      String.raw`
import csv, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.copytree(os.path.join(src, 'sanitized_policies'), os.path.join(dst, 'sanitized_policies'))
for threshold, keep in [('0.5', 10), ('0.75', 5)]:
    folder = os.path.join(dst, 'consolidation', 'threshold-' + threshold + '-overlap-similarity')
    os.makedirs(folder)
    for name in os.listdir(os.path.join(src, 'annotations')):
        rows = list(csv.reader(open(os.path.join(src, 'annotations', name), encoding='utf-8', newline='')))[:keep]
        with open(os.path.join(folder, name), 'w', encoding='utf-8', newline='') as f:
            csv.writer(f).writerows([['C' + r[0]] + r[1:] for r in rows])
print('{}')`,
      SAMPLE,
      release,
    );
    const store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
    try {
      const report = await importOpp115(store, release, { consolidated: '0.75' });
      expect(report.problems).toEqual([]);
      expect(report.practices).toBe(15);
      expect(report.reviewers).toEqual(['opp115-consolidated-0.75']);
      const missing = await importOpp115(store, release, { consolidated: '1.0' }).then(() => '', (error: Error) => error.message);
      expect(missing).toMatch(/no threshold-1\.0 folder/);
      expect(missing).toContain('threshold-0.75-overlap-similarity');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports attribute spans whose text is not what the segment says there, by count and id, and keeps their values without evidence', async () => {
    const dir = await tempFolder('opp115-shifted');
    const release = join(dir, 'release');
    await shiftedOpp115Release(release);
    const store = await ProjectStore.create(join(dir, 'project'), { taxonomy: await opp115() });
    try {
      const report = await importOpp115(store, release);
      expect(report.mismatchedSpans).toEqual({ count: 2, ids: ['13157/Action First-Party', '13157/Personal Information Type'] });
      expect(report.practices).toBe(361);
      const source = await store.datasetSource();
      const practice = source.logs.flatMap((l) => [...l.fold.annotations.values()]).find((a) => a.id === 'opp115-13157');
      expect(practice?.attributes['Action First-Party']).toEqual([{ value: 'Collect on website' }]);
      expect(practice?.attributes['Personal Information Type']).toEqual([{ value: 'Computer information' }]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('maps raw-segment offsets that count the tags, and refuses spans whose text does not match', () => {
    const policy = parsePolicy('Intro <br> <br>|||<strong> Heading </strong> <br> We collect <b>your</b> email.<br>|||Last');
    expect(policy.text).toBe('Intro\n\nHeading\nWe collect your email.\n\nLast');
    expect(policy.segments.map((s) => [s.start, s.end])).toEqual([[0, 5], [7, 37], [39, 43]]);
    const raw = '<strong> Heading </strong> <br> We collect <b>your</b> email.<br>';
    const s = raw.indexOf('We collect');
    const e = raw.indexOf(' email.') + ' email.'.length;
    expect(mapSpan(policy.parts[1]!, s, e, 'We collect your email.')).toEqual({ start: 15, end: 37, quote: 'We collect your email.' });
    expect(mapSpan(policy.parts[1]!, s, e, 'something else')).toBeNull();
    expect(mapSpan(policy.parts[1]!, s + 3, e, 'We collect your email.')).toBeNull();
  });

  it('reads CSV as a plain reading one character at a time does, whatever the quotes, commas and line ends (property)', () => {
    // The reference: each character appended to the field in turn (the reader builds fields from slices).
    const reference = (text: string) => {
      const rows: { line: number; fields: string[] }[] = [];
      let fields: string[] = [];
      let field = '';
      let quoted = false;
      let line = 1;
      let rowLine = 1;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i++;
            } else quoted = false;
          } else {
            if (c === '\n') line++;
            field += c;
          }
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          fields.push(field);
          field = '';
        } else if (c === '\n' || c === '\r') {
          if (c === '\r' && text[i + 1] === '\n') i++;
          fields.push(field);
          if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
          fields = [];
          field = '';
          line++;
          rowLine = line;
        } else field += c;
      }
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
      return rows;
    };
    const piece = fc.constantFrom('a', 'bc', ',', '"', '""', '\n', '\r', '\r\n', ' ', 'é', '😀', '{"k": "v"}');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(parseCsv(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
    expect(parseCsv('a,"b,""c""\nd",e\r\nf')).toEqual([
      { line: 1, fields: ['a', 'b,"c"\nd', 'e'] },
      { line: 3, fields: ['f'] },
    ]);
  });
});
