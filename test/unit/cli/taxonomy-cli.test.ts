import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMigrateOption } from '../../../src/main/cli/taxonomy.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import type { Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';

const BIN = resolve('bin/clausemark.js');
const XML = resolve('test/fixtures/opp115-sample/documentation/categories-july30.xml');

function clausemark(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('parseMigrateOption', () => {
  it('reads old=new pairs, label names with commas, and old= as delete', () => {
    expect(parseMigrateOption('Data Retention=Other,Do Not Track=')).toEqual({ 'Data Retention': 'Other', 'Do Not Track': null });
    expect(parseMigrateOption('User Access, Edit and Deletion=Other')).toEqual({ 'User Access, Edit and Deletion': 'Other' });
    expect(parseMigrateOption('Other=User Access, Edit and Deletion,A=B')).toEqual({ Other: 'User Access, Edit and Deletion', A: 'B' });
    expect(() => parseMigrateOption('nothing')).toThrow('has no "="');
  });
});

describe('clausemark taxonomy', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clausemark-cli-taxonomy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('init --taxonomy takes a preset; taxonomy prints it as text and as JSON', () => {
    const project = join(dir, 'contracts');
    expect(clausemark('init', project, '--taxonomy', 'gdpr').code).toBe(0);
    const text = clausemark('taxonomy', project);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('GDPR transparency (gdpr), version 1, 21 labels');
    expect(lines).toContain('4  Legal Basis  #FFAABB');
    expect(lines).toContain('     Basis (required, multiple): Consent | Contract | Legal obligation | Vital interests | Public task | Legitimate interests');
    expect(lines).toContain('9    Right of Access  #DDDDDD');
    const json = clausemark('taxonomy', project, '--json');
    const taxonomy = JSON.parse(json.stdout) as Taxonomy;
    expect(taxonomy).toMatchObject({ formatVersion: 2, id: 'gdpr', version: 1 });
    expect(taxonomy.labels.find((l) => l.name === 'Right of Access')).toMatchObject({ parent: 'data-subject-rights', key: '9' });
    expect(clausemark('init', join(dir, 'bad'), '--taxonomy', 'nonsense').stderr).toContain('“nonsense” is not a preset (opp-115, cuad, ccpa, gdpr)');
  });

  it('--set refuses to orphan annotations, and --migrate says where they go', async () => {
    const project = join(dir, 'policies');
    expect(clausemark('init', project).code).toBe(0);
    const store = await ProjectStore.open(project);
    const { documentId } = await store.importBytes('p.txt', new TextEncoder().encode('Privacy\n\nWe keep data for five years.\n'));
    const doc = await store.getDocument(documentId as string);
    const quote = new CodePointIndex(doc.text).slice(9, 13);
    await store.applyAnnotationCommands('Ana', [{ op: 'put', annotation: { id: 'a1', documentId: doc.id, target: { type: 'span', start: 9, end: 13, quote }, label: 'Data Retention' } }]);
    await store.applyAnnotationCommands('Bo', [{ op: 'put', annotation: { id: 'b1', documentId: doc.id, target: { type: 'segment', segment: 0 }, label: 'Other' } }]);
    await store.close();

    const refused = clausemark('taxonomy', project, '--set', 'cuad');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('2 existing annotations would no longer fit the taxonomy: 1 annotation uses the label “Data Retention”; 1 annotation uses the label “Other”');
    expect(refused.stderr).toContain('Use --migrate');
    expect(JSON.parse(await readFile(join(project, 'taxonomy.json'), 'utf8'))).toMatchObject({ id: 'opp-115', version: 1 });

    const set = clausemark('taxonomy', project, '--set', 'cuad', '--migrate', 'Data Retention=Post-Termination Services,Other=');
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe('Taxonomy set to CUAD (version 2, 41 labels); 1 annotation changed, 1 annotation deleted.\n');
    const ana = (await readFile(join(project, 'annotations', 'ana.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(ana.at(-1) as string)).toMatchObject({ annotation: { id: 'a1', label: 'Post-Termination Services' } });
    expect(JSON.parse((await readFile(join(project, 'annotations', 'bo.jsonl'), 'utf8')).trim().split('\n').at(-1) as string)).toMatchObject({ kind: 'deletion', id: 'b1' });

    // The OPP-115 categories XML is a taxonomy source too.
    const back = clausemark('taxonomy', project, '--set', XML, '--migrate', 'Post-Termination Services=Data Retention');
    expect(back.stdout).toContain('Taxonomy set to OPP-115 (20151115-01) (version 3, 10 labels); 1 annotation changed');
  });
});
