import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { builtinTaxonomy, loadTaxonomyFile } from '../../../src/main/services/taxonomy/index.ts';

const resourcesDir = join(import.meta.dirname, '..', '..', '..', 'resources');
let opp: Taxonomy;
let dir: string;

beforeAll(async () => {
  opp = await builtinTaxonomy('opp-115', resourcesDir);
  dir = await mkdtemp(join(tmpdir(), 'clausemark-taxonomy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const values = (label: string, attribute: string): string[] => {
  const found = opp.labels.find((l) => l.name === label)?.attributes.find((a) => a.name === attribute);
  if (!found) throw new Error(`${label} has no attribute ${attribute}`);
  return found.values;
};

describe('the OPP-115 taxonomy', () => {
  it('has the ten categories in reference order with keys 1..9, 0 and distinct colours', () => {
    expect(opp.id).toBe('opp-115');
    expect(opp.labels.map((l) => l.name)).toEqual([
      'First Party Collection/Use',
      'Third Party Sharing/Collection',
      'User Choice/Control',
      'User Access, Edit and Deletion',
      'Data Retention',
      'Data Security',
      'Policy Change',
      'Do Not Track',
      'International and Specific Audiences',
      'Other',
    ]);
    expect(opp.labels.map((l) => l.key).join('')).toBe('1234567890');
    expect(new Set(opp.labels.map((l) => l.color.toLowerCase())).size).toBe(10);
  });

  it('has the attributes and value counts of the reference, with its casing quirks', () => {
    expect(opp.labels.map((l) => l.attributes.length)).toEqual([9, 9, 5, 3, 3, 1, 3, 1, 1, 1]);
    expect(values('First Party Collection/Use', 'Personal Information Type')).toHaveLength(16);
    expect(values('First Party Collection/Use', 'Personal Information Type')).toContain('User profile');
    expect(values('First Party Collection/Use', 'Purpose')).toContain('Service Operation and Security');
    const thirdPit = values('Third Party Sharing/Collection', 'Personal Information Type');
    expect(thirdPit).toHaveLength(15);
    expect(thirdPit).toContain('User Profile');
    expect(thirdPit).not.toContain('Social media data');
    expect(values('Third Party Sharing/Collection', 'Purpose')).toContain('Service operation and security');
    expect(values('Third Party Sharing/Collection', 'Purpose')).toHaveLength(11);
    expect(values('First Party Collection/Use', 'Action First-Party')).toHaveLength(10);
    expect(values('User Choice/Control', 'Choice Type')).toHaveLength(9);
    expect(values('User Access, Edit and Deletion', 'Access Type')).toHaveLength(9);
    expect(values('Data Retention', 'Retention Purpose')).toHaveLength(8);
    expect(values('Data Security', 'Security Measure')).toHaveLength(10);
    expect(values('Do Not Track', 'Do Not Track policy')).toEqual(['Not mentioned', 'Honored', 'Not honored', 'Mentioned, but unclear if honored', 'Other']);
    expect(values('Other', 'Other Type')).toEqual(['Introductory/Generic', 'Practice not covered', 'Privacy contact information', 'Other']);
  });

  it('marks optional attributes as the reference does', () => {
    const optional = (label: string) =>
      opp.labels.find((l) => l.name === label)?.attributes.filter((a) => a.optional).map((a) => a.name);
    expect(optional('First Party Collection/Use')).toEqual(['Does/Does Not', 'Collection Mode', 'Identifiability', 'User Type', 'Choice Type', 'Choice Scope']);
    expect(optional('Third Party Sharing/Collection')).toEqual(['Does/Does Not', 'Identifiability', 'User Type', 'Choice Type', 'Choice Scope']);
    expect(optional('User Choice/Control')).toEqual(['User Type']);
    expect(optional('Data Retention')).toEqual([]);
  });
});

describe('loadTaxonomyFile', () => {
  it('names the file and the problem', async () => {
    const path = join(dir, 'mine.json');
    await writeFile(path, JSON.stringify({ formatVersion: 1, id: 'mine', name: 'Mine', labels: [{ name: 'A', color: 'red', attributes: [] }] }));
    await expect(loadTaxonomyFile(path)).rejects.toMatchObject({
      code: 'TAXONOMY_INVALID',
      message: expect.stringMatching(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged: labels\\.0\\.color: `)),
    });
    await writeFile(path, 'labels: none');
    await expect(loadTaxonomyFile(path)).rejects.toMatchObject({ code: 'TAXONOMY_INVALID', message: expect.stringContaining('not valid JSON') });
  });

  it('refuses a label that appears twice', async () => {
    const path = join(dir, 'twice.json');
    const label = { name: 'A', color: '#ffffff', attributes: [] };
    await writeFile(path, JSON.stringify({ formatVersion: 1, id: 'twice', name: 'Twice', labels: [label, label] }));
    await expect(loadTaxonomyFile(path)).rejects.toMatchObject({ code: 'TAXONOMY_INVALID', message: expect.stringContaining('appears twice') });
  });
});
