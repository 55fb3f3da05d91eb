import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../../src/shared/domain/import.ts';
import type { Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { ProjectStore, reviewerSlug, annotationFile } from '../../../src/main/services/project/index.ts';
import { annotationLine, opp115, sample, samplesDir } from './helpers.ts';

let tmp: string;
let taxonomy: Taxonomy;
const open: ProjectStore[] = [];

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-project-'));
  taxonomy = await opp115();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  await rm(tmp, { recursive: true, force: true });
});

const track = (store: ProjectStore): ProjectStore => {
  open.push(store);
  return store;
};
const create = async (name = 'p', opts: { name?: string } = {}) => track(await ProjectStore.create(join(tmp, name), { ...opts, taxonomy }));
const openStore = async (dir: string, readOnly = false) => track(await ProjectStore.open(dir, { readOnly }));

/** Every file under `dir` with its bytes, to prove nothing changed; the lock and the derived cache aside. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.clausemark-cache|\.clausemark\.lock/.test(entry.parentPath)) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path, (await readFile(path)).toString('base64'));
  }
  return files;
}

describe('create, open, close', () => {
  it('creates the folder layout and reopens it', async () => {
    const store = await create('My Policies');
    expect(store.dir).toBe(join(tmp, 'My Policies'));
    expect((await readdir(store.dir)).sort()).toEqual(['.clausemark.lock', '.gitignore', 'annotations', 'clausemark.json', 'documents', 'taxonomy.json']);
    expect(await readFile(join(store.dir, '.gitignore'), 'utf8')).toContain('.clausemark.lock/');
    const manifest = JSON.parse(await readFile(join(store.dir, 'clausemark.json'), 'utf8'));
    expect(Object.keys(manifest)).toEqual(['format', 'formatVersion', 'id', 'name', 'createdAt']);
    expect(manifest.name).toBe('My Policies');
    await store.close();
    await store.close();
    expect(existsSync(join(store.dir, '.clausemark.lock'))).toBe(false);

    const again = await openStore(store.dir);
    const info = await again.info();
    expect(info).toMatchObject({ dir: store.dir, id: manifest.id, name: 'My Policies', documentCount: 0, problems: [] });
    expect(info.taxonomy).toEqual(taxonomy);
  });

  it('takes the name given, and accepts a folder with other files without touching them', async () => {
    const dir = join(tmp, 'busy');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await writeFile(join(dir, '.gitignore'), 'mine\n');
    const store = track(await ProjectStore.create(dir, { name: 'Shops 2025', taxonomy }));
    expect((await store.info()).name).toBe('Shops 2025');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('mine\n');
  });

  it('refuses to create over an existing project', async () => {
    const store = await create();
    await store.close();
    await expect(ProjectStore.create(store.dir, { taxonomy })).rejects.toMatchObject({ code: 'PROJECT_EXISTS' });
  });

  it('refuses an invalid taxonomy before writing anything', async () => {
    const bad = { ...taxonomy, labels: [] } as Taxonomy;
    await expect(ProjectStore.create(join(tmp, 'x'), { taxonomy: bad })).rejects.toMatchObject({ code: 'TAXONOMY_INVALID' });
    expect(existsSync(join(tmp, 'x', 'clausemark.json'))).toBe(false);
  });

  it('reports a missing folder and a folder that is not a project', async () => {
    await expect(ProjectStore.open(join(tmp, 'nowhere'))).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await mkdir(join(tmp, 'plain'));
    await expect(ProjectStore.open(join(tmp, 'plain'))).rejects.toMatchObject({
      code: 'PROJECT_NOT_FOUND',
      message: `${join(tmp, 'plain')} is not a Clausemark project (no clausemark.json).`,
    });
  });

  it('refuses a second writer, and lets a read-only reader in while refusing its writes', async () => {
    const store = await create();
    await expect(ProjectStore.open(store.dir)).rejects.toMatchObject({ code: 'PROJECT_LOCKED' });
    const reader = await openStore(store.dir, true);
    expect((await reader.listDocuments()).length).toBe(0);
    await expect(reader.importBytes('a.txt', new TextEncoder().encode('Hello'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await store.close();
    await openStore(store.dir);
  });

  it('answers nothing once closed', async () => {
    const store = await create();
    await store.close();
    await expect(store.listDocuments()).rejects.toMatchObject({ code: 'NO_PROJECT_OPEN' });
  });
});

describe('damaged files', () => {
  it('reports a damaged manifest by name and leaves it as it is', async () => {
    const store = await create();
    await store.close();
    const path = join(store.dir, 'clausemark.json');
    await writeFile(path, '{"format": "clausemark-project", "formatVersion": 1,');
    const before = await snapshot(store.dir);
    await expect(ProjectStore.open(store.dir)).rejects.toMatchObject({
      code: 'PROJECT_DAMAGED',
      message: expect.stringMatching(/^clausemark\.json is damaged: not valid JSON/),
    });
    expect(await snapshot(store.dir)).toEqual(before);
    expect(existsSync(join(store.dir, '.clausemark.lock'))).toBe(false);
  });

  it('says a project from a newer Clausemark needs a newer Clausemark', async () => {
    const store = await create();
    await store.close();
    const path = join(store.dir, 'clausemark.json');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...manifest, formatVersion: 2 }));
    await expect(ProjectStore.open(store.dir)).rejects.toMatchObject({
      code: 'PROJECT_DAMAGED',
      message: expect.stringContaining('made by a newer Clausemark'),
    });
  });

  it('reports a damaged taxonomy by name, leaves it, and releases the lock', async () => {
    const store = await create();
    await store.close();
    await writeFile(join(store.dir, 'taxonomy.json'), JSON.stringify({ ...taxonomy, labels: 'none' }));
    const before = await snapshot(store.dir);
    await expect(ProjectStore.open(store.dir)).rejects.toMatchObject({
      code: 'PROJECT_DAMAGED',
      message: expect.stringMatching(/^taxonomy\.json is damaged: labels: /),
    });
    expect(await snapshot(store.dir)).toEqual(before);
    expect(existsSync(join(store.dir, '.clausemark.lock'))).toBe(false);
  });

  it('lists a damaged document as damaged, never rewrites it, and does not import over it', async () => {
    const store = await create();
    const bytes = await sample('azoomar.txt');
    const imported = await store.importBytes('azoomar.txt', bytes);
    expect(imported.status).toBe('imported');
    await store.importBytes('alba-nera.txt', await sample('alba-nera.txt'));
    const damagedPath = join(store.dir, 'documents', `${imported.documentId}.json`);
    const text = await readFile(damagedPath, 'utf8');
    await writeFile(damagedPath, text.slice(0, 120));
    const before = await snapshot(store.dir);

    const list = await store.listDocuments();
    expect(list).toHaveLength(2);
    const damaged = list.find((d) => d.status === 'damaged');
    expect(damaged?.id).toBe(imported.documentId);
    expect(damaged?.problem).toMatch(new RegExp(`^documents/${imported.documentId}\\.json is damaged: not valid JSON`));
    const info = await store.info();
    expect(info.documentCount).toBe(1);
    expect(info.problems).toEqual([{ file: `documents/${imported.documentId}.json`, message: damaged?.problem }]);
    await expect(store.getDocument(imported.documentId as string)).rejects.toMatchObject({ code: 'DOCUMENT_DAMAGED' });

    const again = await store.importBytes('azoomar copy.txt', bytes);
    expect(again).toMatchObject({ status: 'failed', error: { code: 'DOCUMENT_DAMAGED' } });
    expect(await snapshot(store.dir)).toEqual(before);

    await store.close();
    const reopened = await openStore(store.dir);
    expect((await reopened.listDocuments()).filter((d) => d.status === 'damaged')).toHaveLength(1);
    expect(await snapshot(store.dir)).toEqual(before);
  });

  it('reports a document whose id does not match its file name', async () => {
    const store = await create();
    const outcome = await store.importBytes('a.txt', await sample('jewelryodm.txt'));
    const path = join(store.dir, 'documents', `${outcome.documentId}.json`);
    await writeFile(join(store.dir, 'documents', 'other.json'), await readFile(path));
    const row = (await store.listDocuments()).find((d) => d.id === 'other');
    expect(row).toMatchObject({ status: 'damaged', problem: expect.stringContaining('its file name says "other"') });
  });

  it('reports a document whose segments do not fit its text, naming the file, in list, stats and open', async () => {
    const store = await create();
    const outcome = await store.importBytes('a.txt', await sample('jewelryodm.txt'));
    const id = outcome.documentId as string;
    expect((await store.stats()).documents).toBe(1);
    const path = join(store.dir, 'documents', `${id}.json`);
    const doc = JSON.parse(await readFile(path, 'utf8'));
    const length = [...doc.text].length;
    const cases: Array<[string, (segments: { index: number; start: number; end: number }[]) => void, RegExp]> = [
      ['past the end', (s) => { s[s.length - 1]!.end = length + 5; }, new RegExp(`ends at ${length + 5}, past the end of the text \\(${length} characters\\)`)],
      ['reversed', (s) => { s[1]!.end = s[1]!.start - 1; }, /segment 1 starts at \d+, after its end/],
      ['overlapping', (s) => { s[1]!.start = s[0]!.start; }, /segment 1 starts at \d+, before the previous one ends/],
      ['misnumbered', (s) => { s[2]!.index = 7; }, /segment 2 says it is number 7/],
    ];
    for (const [name, damage, message] of cases) {
      const segments = structuredClone(doc.segments);
      damage(segments);
      await writeFile(path, JSON.stringify({ ...doc, segments }));
      const row = (await store.listDocuments()).find((d) => d.id === id);
      expect(row?.status, name).toBe('damaged');
      expect(row?.problem).toMatch(new RegExp(`^documents/${id}\\.json is damaged: `));
      expect(row?.problem).toMatch(message);
      expect((await store.stats()).documents).toBe(0);
      await expect(store.getDocument(id)).rejects.toMatchObject({ code: 'DOCUMENT_DAMAGED', message: row?.problem });
    }
  });
});

describe('import', () => {
  it('imports a file, stores it by content id, and reads it back', async () => {
    const store = await create();
    const file = join(samplesDir, 'alma-joyeria.txt');
    const outcome = await store.importFile(file);
    expect(outcome).toMatchObject({ file, status: 'imported', documentId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const doc = await store.getDocument(outcome.documentId as string);
    expect(doc.source).toMatchObject({ fileName: 'alma-joyeria.txt', format: 'txt', byteLength: (await sample('alma-joyeria.txt')).length });
    expect(doc.source.sha256.startsWith(doc.id)).toBe(true);
    expect(doc.segments.length).toBeGreaterThan(0);
    const [row] = await store.listDocuments();
    expect(row).toMatchObject({ id: doc.id, title: doc.title, fileName: 'alma-joyeria.txt', segmentCount: doc.segments.length, status: 'new', annotationCount: 0 });
    await expect(store.getDocument('0000000000000000')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await expect(store.getDocument('../clausemark')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    // A document's annotations and status are asked for by id alike.
    expect(await store.documentAnnotations('Ana', doc.id)).toMatchObject({ documentId: doc.id, annotations: [], status: 'new' });
    await expect(store.documentAnnotations('Ana', '0000000000000000')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await expect(store.documentAnnotations('Ana', '../clausemark')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await expect(store.setReviewStatus('Ana', '0000000000000000', 'done')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
  });

  it('recognises the same bytes under another name as a duplicate and writes nothing', async () => {
    const store = await create();
    const bytes = await sample('my-alamari.txt');
    const first = await store.importBytes('my-alamari.txt', bytes);
    const before = await snapshot(store.dir);
    const copy = join(tmp, 'renamed.txt');
    await writeFile(copy, bytes);
    const second = await store.importFile(copy);
    expect(second).toEqual({ file: copy, status: 'duplicate', documentId: first.documentId, title: first.title });
    expect(await snapshot(store.dir)).toEqual(before);

    await store.close();
    const reopened = await openStore(store.dir);
    expect(await reopened.importBytes('x.txt', bytes)).toMatchObject({ status: 'duplicate', documentId: first.documentId });
  });

  it('writes one document when the same content is imported concurrently', async () => {
    const store = await create();
    const bytes = await sample('jewelryodm.txt');
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => store.importBytes(`copy-${i}.txt`, bytes)));
    expect(outcomes.filter((o) => o.status === 'imported')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(7);
    expect(await readdir(join(store.dir, 'documents'))).toHaveLength(1);
  });

  it('returns failures as outcomes: missing, folder, too large, empty', async () => {
    const store = await create();
    const missing = join(tmp, 'gone.pdf');
    expect(await store.importFile(missing)).toMatchObject({ file: missing, status: 'failed', error: { code: 'FILE_NOT_FOUND' } });

    const folder = join(tmp, 'folder.txt');
    await mkdir(folder);
    const asFolder = await store.importFile(folder);
    expect(asFolder).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('folder.txt is a folder') } });

    const big = join(tmp, 'big.pdf');
    await writeFile(big, '');
    await truncate(big, Math.round(61.2 * 1024 * 1024));
    expect(await store.importFile(big)).toEqual({
      file: big,
      status: 'failed',
      error: { code: 'FILE_TOO_LARGE', message: 'big.pdf: the file is 61.2 MB; Clausemark imports files up to 50 MB.' },
    });
    expect(await store.importBytes('up.txt', new Uint8Array(MAX_IMPORT_BYTES + 1))).toMatchObject({ error: { code: 'FILE_TOO_LARGE' } });

    const empty = join(tmp, 'empty.txt');
    await writeFile(empty, '');
    expect(await store.importFile(empty)).toMatchObject({ status: 'failed', error: { code: 'FILE_EMPTY', message: expect.stringContaining('empty.txt') } });

    expect(await readdir(join(store.dir, 'documents'))).toEqual([]);
  });

  it('picks up a document file a sync added while the project is open', async () => {
    const a = await create('a');
    const b = await create('b');
    const outcome = await a.importBytes('azoomar.txt', await sample('azoomar.txt'));
    expect(await b.listDocuments()).toHaveLength(0);
    const name = `${outcome.documentId}.json`;
    await writeFile(join(b.dir, 'documents', name), await readFile(join(a.dir, 'documents', name)));
    expect((await b.listDocuments()).map((d) => d.id)).toEqual([outcome.documentId]);
  });
});

describe('listing and stats', () => {
  it('sorts by title ignoring case and counts annotations from every reviewer', async () => {
    const store = await create();
    const ids: Record<string, string> = {};
    for (const name of ['alba-nera.txt', 'azoomar.txt', 'jewelryodm.txt']) {
      ids[name] = (await store.importBytes(name, await sample(name))).documentId as string;
    }
    const alba = ids['alba-nera.txt'] as string;
    const azoomar = ids['azoomar.txt'] as string;
    await writeFile(
      join(store.dir, annotationFile('Ana Müller')),
      [
        annotationLine({ id: 'a1', documentId: alba, reviewer: 'Ana Müller', label: 'Data Retention' }),
        annotationLine({ id: 'a2', documentId: alba, reviewer: 'Ana Müller', label: 'Other' }),
        annotationLine({ id: 'a2', documentId: alba, reviewer: 'Ana Müller', label: 'Other' }),
        '{"formatVersion": 1, "id": ',
        '',
        annotationLine({ id: 'a3', documentId: azoomar, reviewer: 'Ana Müller', label: 'Other' }),
        JSON.stringify({ formatVersion: 1, id: 'a4' }),
      ].join('\n') + '\n',
    );
    await writeFile(
      join(store.dir, 'annotations', 'bo.jsonl'),
      `${annotationLine({ id: 'b1', documentId: alba, reviewer: 'Bo', label: 'Data Retention' })}\n`,
    );

    const list = await store.listDocuments();
    const titles = list.map((d) => d.title);
    expect(titles).toEqual([...titles].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
    expect(list.find((d) => d.id === alba)).toMatchObject({ annotationCount: 3, status: 'in-progress' });
    expect(list.find((d) => d.id === azoomar)).toMatchObject({ annotationCount: 1, status: 'in-progress' });
    expect(list.find((d) => d.id === ids['jewelryodm.txt'])).toMatchObject({ annotationCount: 0, status: 'new' });

    const stats = await store.stats();
    expect(stats).toEqual({
      documents: 3,
      segments: list.reduce((n, d) => n + d.segmentCount, 0),
      annotations: 4,
      by_label: { 'Data Retention': 2, Other: 2 },
      by_reviewer: { 'Ana Müller': 3, Bo: 1 },
    });

    const { problems } = await store.info();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe('annotations/ana-muller.jsonl');
    expect(problems[0]?.message).toMatch(/^annotations\/ana-muller\.jsonl has 2 damaged lines \(4, 7\)/);
  });

  it('sorts titles case-insensitively', async () => {
    const store = await create();
    for (const [name, text] of [['b.txt', 'beta\n\nText b.'], ['a.txt', 'Alpha\n\nText a.'], ['c.txt', 'Gamma\n\nText c.']]) {
      await store.importBytes(name as string, new TextEncoder().encode(text));
    }
    const list = await store.listDocuments();
    expect(list.map((d) => d.title.toLowerCase())).toEqual([...list.map((d) => d.title.toLowerCase())].sort());
    expect(new Set(list.map((d) => d.title)).size).toBe(3);
  });
});

describe('layout helpers', () => {
  it('slugs reviewer names into portable file names', () => {
    expect(reviewerSlug('Ana Müller')).toBe('ana-muller');
    expect(reviewerSlug('  J. O\'Brien / QA ')).toBe('j-o-brien-qa');
    expect(reviewerSlug('李')).toMatch(/^reviewer-[0-9a-f]{8}$/);
    expect(reviewerSlug('李')).not.toBe(reviewerSlug('王'));
    expect(annotationFile('Bo')).toBe('annotations/bo.jsonl');
  });
});

describe('the catalog cache', () => {
  it('is used on open, yet a document file changed behind it is read again', async () => {
    const store = await create();
    const outcome = await store.importBytes('alba-nera.txt', await sample('alba-nera.txt'));
    await store.close();
    const cachePath = join(store.dir, '.clausemark-cache', 'documents.jsonl');
    const [header, ...lines] = (await readFile(cachePath, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(header as string)).toEqual({ formatVersion: 3 });
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e: { id: string }) => e.id)).toEqual([outcome.documentId]);

    // A cache entry whose stamp matches is trusted: the title shown comes from it.
    entries[0].summary.title = 'From the cache';
    await writeFile(cachePath, `${header}\n${JSON.stringify(entries[0])}\n`);
    const reader = await openStore(store.dir, true);
    expect((await reader.listDocuments())[0]?.title).toBe('From the cache');

    // Changing the document file (size and mtime) makes the store read it again.
    const docPath = join(store.dir, 'documents', `${outcome.documentId}.json`);
    const doc = JSON.parse(await readFile(docPath, 'utf8'));
    await writeFile(docPath, JSON.stringify({ ...doc, title: 'Edited elsewhere' }));
    expect((await reader.listDocuments())[0]?.title).toBe('Edited elsewhere');

    // A damaged cache is ignored: a torn line, or a header of another format.
    await writeFile(cachePath, `${header}\n{"size":`);
    const again = await openStore(store.dir, true);
    expect((await again.listDocuments())[0]?.title).toBe('Edited elsewhere');
    await writeFile(cachePath, `{"formatVersion":2}\n${JSON.stringify(entries[0])}\n`);
    const other = await openStore(store.dir, true);
    expect((await other.listDocuments())[0]?.title).toBe('Edited elsewhere');
  });

  it("takes an older version's single-object cache once, then replaces it", async () => {
    const store = await create('old-cache');
    await store.importBytes('alba-nera.txt', await sample('alba-nera.txt'));
    await store.close();
    const newPath = join(store.dir, '.clausemark-cache', 'documents.jsonl');
    const entry = JSON.parse(((await readFile(newPath, 'utf8')).split('\n')[1]) as string);
    entry.summary.title = 'From the old cache';
    const oldPath = join(store.dir, '.clausemark-cache', 'documents.json');
    await writeFile(oldPath, JSON.stringify({ formatVersion: 2, entries: [entry] }, null, 2));
    await rm(newPath);
    // Its entry is trusted as the new cache's would be (the document is not read again).
    const writer = await openStore(store.dir, false);
    expect((await writer.listDocuments()).map((d) => d.title)).toEqual(['From the old cache']);
    await writer.close();
    expect(existsSync(oldPath)).toBe(false);
    const [header, line] = (await readFile(newPath, 'utf8')).split('\n');
    expect(header).toBe('{"formatVersion":3}');
    expect(JSON.parse(line as string).summary.title).toBe('From the old cache');
  });
});
