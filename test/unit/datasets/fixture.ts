import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Annotation } from '../../../src/shared/domain/annotation.ts';
import { segmentPlainText } from '../../../src/shared/text/segmentation.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { opp115 } from '../project/helpers.ts';

export const TEXTS = [
  'Política de privacidad 😀\n\nWe collect your e-mail address 📧 and your name when you register.\n\nWe keep your data for five years, then delete it.',
  'Cookie notice\n\nWe use cookies 🍪 for advertising. You can opt out in your browser settings.\n\nContact us at privacy@example.com.',
  'Plain policy\n\nWe never sell your data.',
];

export async function tempFolder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `clausemark-${prefix}-`));
}

/** Code-point span of the first occurrence of `quote` in `text`. */
export function spanOf(text: string, quote: string): { start: number; end: number; quote: string } {
  const u = text.indexOf(quote);
  if (u < 0) throw new Error(`“${quote}” not in text`);
  const index = new CodePointIndex(text);
  const start = index.toCodePoint(u);
  return { start, end: start + [...quote].length, quote };
}

export async function storeText(store: ProjectStore, text: string, name: string): Promise<string> {
  const outcome = await store.importParsed(name, Buffer.from(text, 'utf8'), {
    title: text.split('\n')[0] ?? name,
    format: 'txt',
    encoding: 'utf-8',
    text,
    segments: segmentPlainText(text),
  });
  if (!outcome.documentId) throw new Error(`not stored: ${JSON.stringify(outcome)}`);
  return outcome.documentId;
}

const at = '2026-01-01T00:00:00.000Z';

export function annotation(fields: Partial<Annotation> & Pick<Annotation, 'id' | 'documentId' | 'target' | 'label'>): Annotation {
  return { reviewer: 'Ana Müller', attributes: {}, note: '', origin: 'manual', createdAt: at, updatedAt: at, ...fields };
}

/** A project with three documents (accents, emoji) annotated by two reviewers; one marked done. */
export async function annotatedProject(dir: string): Promise<{ store: ProjectStore; ids: string[] }> {
  const store = await ProjectStore.create(dir, { taxonomy: await opp115() });
  const ids: string[] = [];
  for (const [i, text] of TEXTS.entries()) ids.push(await storeText(store, text, `policy-${i}.txt`));
  const [a, b] = ids as [string, string];
  const t0 = TEXTS[0] as string;
  const t1 = TEXTS[1] as string;
  const email = spanOf(t0, 'your e-mail address 📧');
  const r1 = await store.appendAnnotations(
    'Ana Müller',
    [
      annotation({
        id: 'a1',
        documentId: a,
        target: { type: 'span', ...email },
        label: 'First Party Collection/Use',
        attributes: { 'Personal Information Type': [{ value: 'Contact', evidence: [spanOf(t0, 'e-mail address 📧')] }], Purpose: [{ value: 'Basic service/feature' }] },
        note: 'sign-up, "quoted", with, commas',
      }),
      annotation({ id: 'a2', documentId: a, target: { type: 'segment', segment: 2 }, label: 'Data Retention' }),
      annotation({ id: 'a3', documentId: b, target: { type: 'span', ...spanOf(t1, 'cookies 🍪 for advertising') }, label: 'Third Party Sharing/Collection' }),
    ],
    [{ documentId: a, status: 'done' }],
  );
  const r2 = await store.appendAnnotations('Bo', [
    annotation({ id: 'b1', reviewer: 'Bo', documentId: b, target: { type: 'span', ...spanOf(t1, 'opt out in your browser settings') }, label: 'User Choice/Control' }),
  ]);
  if (r1.refused.length + r2.refused.length > 0) throw new Error(JSON.stringify([...r1.refused, ...r2.refused]));
  return { store, ids };
}

/** Runs a Python script with arguments; answers its stdout parsed as JSON. */
export function python(script: string, ...args: string[]): unknown {
  const run = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw new Error(`python3 could not be run (${run.error.message}): the export tests read datasets back with Python 3 (README, Contributing).`);
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Python: reads a JSONL file with `json`, checks text[start:end] for every span and evidence. */
export const PY_CHECK_SPANS = String.raw`
import json, sys
lines = 0; spans = 0; bad = []
with open(sys.argv[1], encoding='utf-8') as f:
    raw = f.read()
for n, line in enumerate(raw.splitlines(), 1):
    rec = json.loads(line)
    lines += 1
    for s in rec.get('spans', []):
        spans += 1
        if rec['text'][s['start']:s['end']] != s['text']: bad.append([n, s['start'], s['end']])
        for a in (s.get('attributes') or []):
            for e in a['evidence']:
                if rec['text'][e['start']:e['end']] != e['text']: bad.append([n, 'evidence', e['start']])
    for s in rec.get('label', []) if isinstance(rec.get('label'), list) else []:
        spans += 1
print(json.dumps({'lines': lines, 'spans': spans, 'bad': bad, 'escapes': raw.count('\\u'), 'keys': sorted({k for l in raw.splitlines() for k in json.loads(l)})}))
`;

/**
 * Python: reads every split of an hf export with pyarrow under the schema the dataset card declares
 * (dataset_info.features), refusing any field it does not declare, and checks that the rows read are
 * the JSON lines. Answers rows per split, or why it was skipped.
 */
export const PY_READ_WITH_DECLARED_FEATURES = String.raw`
import json, os, sys
try:
    import yaml, pyarrow as pa, pyarrow.json as pj
except ImportError as e:
    print(json.dumps({'skipped': 'Python has no ' + e.name})); sys.exit(0)
folder = sys.argv[1]
card = open(os.path.join(folder, 'README.md'), encoding='utf-8').read()
features = yaml.safe_load(card.split('---')[1])['dataset_info']['features']
DTYPES = {'string': pa.string(), 'int64': pa.int64()}
def field(f):
    if 'dtype' in f: return pa.field(f['name'], DTYPES[f['dtype']])
    if 'list' in f: return pa.field(f['name'], pa.list_(pa.struct([field(x) for x in f['list']])))
    return pa.field(f['name'], pa.struct([field(x) for x in f['struct']]))
schema = pa.schema([field(f) for f in features])
read = {}
for name in ['train', 'validation', 'test']:
    path = os.path.join(folder, name + '.jsonl')
    if not os.path.exists(path):
        continue
    lines = [json.loads(l) for l in open(path, encoding='utf-8')]
    if not lines:
        read[name] = 0; continue
    table = pj.read_json(path, parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior='error'))
    assert table.to_pylist() == lines, name
    read[name] = table.num_rows
print(json.dumps({'read': read}))
`;

/**
 * Python: loads an hf export folder with the datasets package, both ways a reader would: the JSON
 * loader on the folder's files (argv[2] the chunk size it reads in, '' for its default), which infers
 * the schema, and the folder itself, which takes the card's features. Answers rows per split, or why not.
 */
export const PY_LOAD_WITH_DATASETS = String.raw`
import json, os, sys, tempfile
os.environ['HF_DATASETS_OFFLINE'] = '1'; os.environ['HF_HUB_OFFLINE'] = '1'
os.environ['HF_HOME'] = tempfile.mkdtemp(); os.environ['HF_DATASETS_DISABLE_PROGRESS_BARS'] = '1'
try:
    import datasets
except ImportError:
    print(json.dumps({'skipped': 'Python has no datasets package'})); sys.exit(0)
datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()
folder, chunk = sys.argv[1], sys.argv[2]
out = {}
def rows(ds): return {k: len(v) for k, v in sorted(ds.items())}
try:
    kw = {'chunksize': int(chunk)} if chunk else {}
    out['json'] = rows(datasets.load_dataset('json', data_dir=folder, **kw))
except Exception as e:
    out['json'] = 'failed: ' + type(e).__name__ + ': ' + str(e)[:300]
try:
    out['folder'] = rows(datasets.load_dataset(folder))
except Exception as e:
    out['folder'] = 'failed: ' + type(e).__name__ + ': ' + str(e)[:300]
print(json.dumps(out))
`;

/** The OPP-115 sample shipped for the tests. */
export const OPP115_SAMPLE = resolve('test/fixtures/opp115-sample');

/**
 * A copy of the OPP-115 sample in `release` where two attribute spans of practice 13157 (Action
 * First-Party, Personal Information Type) are moved three characters on: their text no longer says
 * what they claim.
 */
export async function shiftedOpp115Release(release: string): Promise<void> {
  await cp(OPP115_SAMPLE, release, { recursive: true });
  const csvPath = join(release, 'annotations', '745_eatchicken.com.csv');
  const csv = await readFile(csvPath, 'utf8');
  const shifted = csv
    .replace('""endIndexInSegment"": 32, ""startIndexInSegment"": 9,', '""endIndexInSegment"": 35, ""startIndexInSegment"": 12,')
    .replace('""endIndexInSegment"": 147, ""startIndexInSegment"": 93,', '""endIndexInSegment"": 150, ""startIndexInSegment"": 96,');
  if (shifted === csv) throw new Error('the sample no longer holds the spans shiftedOpp115Release moves');
  await writeFile(csvPath, shifted);
}
