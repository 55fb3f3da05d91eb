import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation, AnnotationCommand } from '../../../src/shared/domain/annotation.ts';
import type { ClausemarkDocument } from '../../../src/shared/domain/document.ts';
import type { Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { ProjectStore, annotationFile } from '../../../src/main/services/project/index.ts';
import { presetTaxonomy } from '../../../src/main/services/taxonomy/index.ts';
import { sample } from '../project/helpers.ts';

let tmp: string;
let store: ProjectStore;
let doc: ClausemarkDocument;
const ANA = 'Ana Müller';
const BO = 'Bo';

const span = (id: string, start: number, end: number, label: string, attributes: Record<string, { value: string }[]> = {}, extra: object = {}): AnnotationCommand => ({
  op: 'put',
  annotation: { id, documentId: doc.id, target: { type: 'span', start, end, quote: new CodePointIndex(doc.text).slice(start, end) }, label, attributes, ...extra },
});

const lines = async (reviewer: string): Promise<Record<string, unknown>[]> =>
  (await readFile(join(store.dir, annotationFile(reviewer)), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const onDisk = async (): Promise<Taxonomy> => JSON.parse(await readFile(join(store.dir, 'taxonomy.json'), 'utf8')) as Taxonomy;
const current = async (): Promise<Taxonomy> => (await store.info()).taxonomy;

const labelsOf = async (reviewer: string): Promise<Record<string, string>> =>
  Object.fromEntries((await store.documentAnnotations(reviewer, doc.id)).annotations.map((a) => [a.id, a.label]));

/** The taxonomy with one label changed by `edit`. */
const edited = (t: Taxonomy, name: string, edit: (l: Taxonomy['labels'][number]) => Taxonomy['labels'][number] | null): Taxonomy => ({
  ...t,
  labels: t.labels.flatMap((l) => (l.name === name ? (edit(l) ?? []) : [l])),
});

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-taxonomy-change-'));
  store = await ProjectStore.create(join(tmp, 'p'), { taxonomy: presetTaxonomy('opp-115') });
  const outcome = await store.importBytes('azoomar.txt', await sample('azoomar.txt'));
  doc = await store.getDocument(outcome.documentId as string);
  await store.applyAnnotationCommands(ANA, [
    span('a1', 2, 9, 'Data Retention', { 'Retention Period': [{ value: 'Limited' }] }),
    span('a2', 10, 20, 'Do Not Track'),
    span('a3', 20, 30, 'Other'),
  ]);
  await store.applyAnnotationCommands(BO, [span('b1', 2, 9, 'Data Retention', { 'Retention Period': [{ value: 'Stated Period' }] }), span('b2', 30, 40, 'Data Security')]);
});
afterEach(async () => {
  await store.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('renaming', () => {
  it('a label (same id) rewrites every reviewer’s annotations in their own log, one append each, and bumps the version', async () => {
    const before = await current();
    const anaLines = (await lines(ANA)).length;
    const bo = (await lines(BO)).length;
    const outcome = await store.changeTaxonomy({ baseVersion: 1, taxonomy: edited(before, 'Data Retention', (l) => ({ ...l, name: 'Retention' })) });
    expect(outcome).toMatchObject({ rewritten: 2, deleted: 0 });
    expect(outcome.previous.map((a) => a.id).sort()).toEqual(['a1', 'b1']);
    expect((await lines(ANA)).length).toBe(anaLines + 1);
    expect((await lines(BO)).length).toBe(bo + 1);
    expect((await lines(ANA)).at(-1)).toMatchObject({ kind: 'annotation', annotation: { id: 'a1', label: 'Retention', attributes: { 'Retention Period': [{ value: 'Limited' }] } } });
    expect(await labelsOf(BO)).toEqual({ b1: 'Retention', b2: 'Data Security' });
    const file = await onDisk();
    expect(file).toMatchObject({ formatVersion: 2, version: 2 });
    expect(file.labels.find((l) => l.id === 'data-retention')?.name).toBe('Retention');
    expect((await current()).version).toBe(2);
    // The renamed label is what new annotations may use; the old name is refused.
    const [refused, accepted] = await store.applyAnnotationCommands(ANA, [span('a4', 2, 9, 'Data Retention'), span('a5', 2, 9, 'Retention')]);
    expect(refused).toMatchObject({ ok: false });
    expect(accepted).toMatchObject({ ok: true });
  });

  it('a value, and an attribute, through the migration', async () => {
    const before = await current();
    const next = edited(before, 'Data Retention', (l) => ({
      ...l,
      attributes: l.attributes.map((a) =>
        a.name === 'Retention Period' ? { ...a, name: 'Period', values: a.values.map((v) => (v === 'Limited' ? 'Limited period' : v)) } : a,
      ),
    }));
    await expect(store.changeTaxonomy({ taxonomy: next })).rejects.toMatchObject({
      code: 'TAXONOMY_IN_USE',
      message: expect.stringContaining('2 annotations use the attribute “Retention Period” of “Data Retention”'),
    });
    const outcome = await store.changeTaxonomy({
      taxonomy: next,
      migration: { attributes: { 'Data Retention': { 'Retention Period': 'Period' } }, values: { 'Data Retention': { Period: { Limited: 'Limited period' } } } },
    });
    expect(outcome.rewritten).toBe(2);
    const ana = await store.documentAnnotations(ANA, doc.id);
    expect(ana.annotations.find((a) => a.id === 'a1')?.attributes).toEqual({ Period: [{ value: 'Limited period' }] });
    const bo = await store.documentAnnotations(BO, doc.id);
    expect(bo.annotations.find((a) => a.id === 'b1')?.attributes).toEqual({ Period: [{ value: 'Stated Period' }] });
  });
});

describe('deleting a label in use', () => {
  it('is refused with how many annotations use it, and changes nothing', async () => {
    const before = await current();
    const anaBefore = await readFile(join(store.dir, annotationFile(ANA)), 'utf8');
    await expect(store.changeTaxonomy({ taxonomy: edited(before, 'Data Retention', () => null) })).rejects.toMatchObject({
      code: 'TAXONOMY_IN_USE',
      message: expect.stringMatching(/^2 existing annotations would no longer fit the taxonomy: 2 annotations use the label “Data Retention”/),
    });
    expect(await readFile(join(store.dir, annotationFile(ANA)), 'utf8')).toBe(anaBefore);
    expect((await onDisk()).version).toBe(1);
    expect((await store.taxonomyUsage()).labels['Data Retention']).toBe(2);
  });

  it('moves its annotations to another label, keeping the attributes that label has; undo restores them', async () => {
    const before = await current();
    const outcome = await store.changeTaxonomy({ taxonomy: edited(before, 'Data Retention', () => null), migration: { labels: { 'Data Retention': 'Other' } } });
    expect(outcome).toMatchObject({ rewritten: 2, deleted: 0 });
    expect(await labelsOf(ANA)).toEqual({ a1: 'Other', a2: 'Do Not Track', a3: 'Other' });
    expect((await store.documentAnnotations(ANA, doc.id)).annotations.find((a) => a.id === 'a1')?.attributes).toEqual({});

    // Undo: the previous taxonomy, and the annotations as they were.
    await store.changeTaxonomy({ baseVersion: 2, taxonomy: before, restore: outcome.previous });
    expect(await labelsOf(ANA)).toEqual({ a1: 'Data Retention', a2: 'Do Not Track', a3: 'Other' });
    expect((await store.documentAnnotations(BO, doc.id)).annotations.find((a) => a.id === 'b1')?.attributes).toEqual({ 'Retention Period': [{ value: 'Stated Period' }] });
    expect((await onDisk()).version).toBe(3);
  });

  it('deletes its annotations in every log when asked; undo brings them back', async () => {
    const before = await current();
    const outcome = await store.changeTaxonomy({ taxonomy: edited(before, 'Data Retention', () => null), migration: { labels: { 'Data Retention': null } } });
    expect(outcome).toMatchObject({ rewritten: 0, deleted: 2 });
    expect((await lines(BO)).at(-1)).toMatchObject({ kind: 'deletion', id: 'b1' });
    expect(await labelsOf(BO)).toEqual({ b2: 'Data Security' });
    await store.changeTaxonomy({ taxonomy: before, restore: outcome.previous as Annotation[] });
    expect(await labelsOf(BO)).toEqual({ b1: 'Data Retention', b2: 'Data Security' });
  });
});

describe('other changes', () => {
  it('refuses a taxonomy with a hotkey conflict or duplicate names, and a stale base version', async () => {
    const before = await current();
    await expect(store.changeTaxonomy({ taxonomy: edited(before, 'Other', (l) => ({ ...l, key: '1' })) })).rejects.toMatchObject({
      code: 'TAXONOMY_INVALID',
      message: expect.stringContaining('the hotkey 1 is given to both “First Party Collection/Use” and “Other”'),
    });
    await expect(store.changeTaxonomy({ taxonomy: edited(before, 'Other', (l) => ({ ...l, name: 'data security' })) })).rejects.toMatchObject({
      code: 'TAXONOMY_INVALID',
      message: expect.stringContaining('two labels are named'),
    });
    await expect(store.changeTaxonomy({ baseVersion: 7, taxonomy: before })).rejects.toMatchObject({ code: 'TAXONOMY_CHANGED' });
  });

  it('adds a nested label with an attribute; a project from format 1 is read and written in format 2', async () => {
    const before = await current();
    const child = { id: 'retention-period-stated', name: 'Stated retention', parent: 'data-retention', color: '#77AADD', attributes: [{ name: 'Unit', optional: false, multiple: true, values: ['Days', 'Years'] }] };
    await store.changeTaxonomy({ taxonomy: { ...before, labels: [...before.labels, child] } });
    expect((await onDisk()).labels.at(-1)).toEqual(child);
    await store.close();

    // A format-1 taxonomy.json (before stable ids) opens; its first change writes format 2.
    const v1 = { formatVersion: 1, id: 'old', name: 'Old', labels: [{ name: 'Data Retention', color: '#FFFFFF', attributes: [] }, { name: 'Other', color: '#FFFFFF', attributes: [] }] };
    await writeFile(join(tmp, 'p', 'taxonomy.json'), JSON.stringify(v1));
    store = await ProjectStore.open(join(tmp, 'p'));
    const read = await current();
    expect(read).toMatchObject({ formatVersion: 2, version: 1, labels: [{ id: 'data-retention' }, { id: 'other' }] });
    await expect(store.changeTaxonomy({ taxonomy: { ...read, name: 'Renamed' } })).rejects.toMatchObject({ code: 'TAXONOMY_IN_USE' });
    await store.changeTaxonomy({
      taxonomy: { ...read, name: 'Renamed' },
      migration: {
        labels: { 'Do Not Track': 'Other', 'Data Security': 'Other' },
        attributes: { 'Data Retention': { 'Retention Period': null } },
      },
    });
    expect((await store.documentAnnotations(BO, doc.id)).annotations.map((a) => [a.label, a.attributes])).toEqual([
      ['Data Retention', {}],
      ['Other', {}],
    ]);
    expect(await onDisk()).toMatchObject({ formatVersion: 2, name: 'Renamed', version: 2 });
  });

  it('lists a label’s examples across reviewers, with their quotes and document titles', async () => {
    await store.applyAnnotationCommands(BO, [span('b1', 2, 9, 'Data Retention', {}, { example: true })]);
    await store.applyAnnotationCommands(ANA, [{ op: 'put', annotation: { id: 'seg', documentId: doc.id, target: { type: 'segment', segment: 0 }, label: 'Data Retention', example: true } }]);
    const examples = await store.labelExamples('Data Retention');
    expect(examples.map((e) => [e.annotationId, e.reviewer, e.documentTitle])).toEqual([
      ['seg', ANA, doc.title],
      ['b1', BO, doc.title],
    ]);
    expect(examples[1]?.quote).toBe('Privacy');
    const segment = doc.segments[0] as { start: number; end: number };
    expect(examples[0]?.quote).toBe(new CodePointIndex(doc.text).slice(segment.start, segment.end));
    expect((await lines(BO)).at(-1)).toMatchObject({ annotation: { example: true } });
    // Renaming keeps the flag.
    const before = await current();
    await store.changeTaxonomy({ taxonomy: edited(before, 'Data Retention', (l) => ({ ...l, name: 'Retention' })) });
    expect((await store.labelExamples('Retention')).length).toBe(2);
  });
});

describe('a crash in the middle of a change', () => {
  it('is finished when the project is next opened: the journaled records are in the logs and taxonomy.json is the new one', async () => {
    const before = await current();
    const next = { ...edited(before, 'Data Retention', (l) => ({ ...l, name: 'Retention' })), version: before.version + 1 };
    // What changeTaxonomy journals first, then a crash before anything else was written.
    const { writeTaxonomyJournal, TAXONOMY_JOURNAL } = await import('../../../src/main/services/project/taxonomy-journal.ts');
    const a1 = (await store.documentAnnotations(ANA, doc.id)).annotations.find((a) => a.id === 'a1') as Annotation;
    await writeTaxonomyJournal(store.dir, next, new Map([[annotationFile(ANA), [{ formatVersion: 2, kind: 'annotation', annotation: { ...a1, label: 'Retention' } }]]]));
    await store.close();
    expect((await onDisk()).labels.find((l) => l.id === 'data-retention')?.name).toBe('Data Retention');

    store = await ProjectStore.open(store.dir);
    expect((await onDisk()).labels.find((l) => l.id === 'data-retention')?.name).toBe('Retention');
    expect((await current()).version).toBe(before.version + 1);
    expect((await labelsOf(ANA)).a1).toBe('Retention');
    await expect(readFile(join(store.dir, TAXONOMY_JOURNAL))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves no journal behind after a change that completed', async () => {
    const { TAXONOMY_JOURNAL } = await import('../../../src/main/services/project/taxonomy-journal.ts');
    await store.changeTaxonomy({ taxonomy: edited(await current(), 'Other', (l) => ({ ...l, name: 'Miscellaneous' })) });
    await expect(readFile(join(store.dir, TAXONOMY_JOURNAL))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
