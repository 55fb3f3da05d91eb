import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringifyJson } from '../../../src/main/services/fs/atomic.ts';
import { loadTaxonomyFile, taxonomyFrom } from '../../../src/main/services/taxonomy/index.ts';
import { parseOpp115CategoriesXml } from '../../../src/main/services/taxonomy/opp115-xml.ts';
import { PRESET_IDS, presetTaxonomy } from '../../../src/main/services/taxonomy/presets/index.ts';
import { taxonomySchema, type Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { storedTaxonomySchema } from '../../../src/shared/domain/taxonomy-migrate.ts';
import {
  HOTKEYS,
  hotkeyConflict,
  labelIdFor,
  labelTree,
  missingRequiredAttributes,
  taxonomyProblems,
} from '../../../src/shared/domain/taxonomy-model.ts';
import { LABEL_PALETTE, colorDistance, contrastRatio, type ColorVision } from '../../../src/shared/domain/taxonomy-palette.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const xmlPath = join(root, 'test', 'fixtures', 'opp115-sample', 'documentation', 'categories-july30.xml');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clausemark-taxonomy-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const withLabels = (labels: Partial<Taxonomy['labels'][number]>[]): Taxonomy => ({
  formatVersion: 2,
  id: 't',
  name: 'T',
  version: 1,
  labels: labels.map((l, i) => ({ id: `l${i}`, name: `L${i}`, color: '#77AADD', attributes: [], ...l })),
});

describe('presets', () => {
  it.each(PRESET_IDS)('%s is a sound taxonomy: no problems, hotkeys 1-9, 0 on the first ten labels, palette colours', (id) => {
    const t = presetTaxonomy(id);
    expect(taxonomySchema.safeParse(t).success).toBe(true);
    expect(taxonomyProblems(t)).toEqual([]);
    const rows = labelTree(t);
    expect(rows.slice(0, 10).map((r) => r.label.key)).toEqual([...HOTKEYS].slice(0, Math.min(10, rows.length)));
    expect(rows.slice(10).every((r) => r.label.key === undefined)).toBe(true);
    for (const label of t.labels) {
      expect(LABEL_PALETTE).toContain(label.color);
      expect(label.description?.length ?? 0).toBeGreaterThan(20);
    }
    expect(new Set(rows.slice(0, 10).map((r) => r.label.color)).size).toBe(Math.min(10, rows.length));
  });

  it('CUAD has its 41 clause types, from Document Name to Third Party Beneficiary', () => {
    const names = presetTaxonomy('cuad').labels.map((l) => l.name);
    expect(names).toHaveLength(41);
    expect(names[0]).toBe('Document Name');
    expect(names.at(-1)).toBe('Third Party Beneficiary');
    expect(names).toEqual(expect.arrayContaining(['Governing Law', 'Change of Control', 'Cap on Liability', 'Covenant Not to Sue', 'IP Ownership Assignment']));
  });

  it('CCPA and GDPR cover what the notices must disclose; GDPR nests the Art. 15-22 rights', () => {
    const ccpa = presetTaxonomy('ccpa').labels.map((l) => l.name);
    expect(ccpa).toEqual(expect.arrayContaining(['Right to Know', 'Right to Delete', 'Right to Correct', 'Right to Opt Out of Sale/Sharing', 'Right to Limit Use of Sensitive Personal Information', 'Non-Discrimination', 'Authorized Agents', 'Notice of Financial Incentive']));
    const gdpr = presetTaxonomy('gdpr');
    const basis = gdpr.labels.find((l) => l.name === 'Legal Basis')?.attributes[0];
    expect(basis?.values).toEqual(['Consent', 'Contract', 'Legal obligation', 'Vital interests', 'Public task', 'Legitimate interests']);
    const rights = labelTree(gdpr).filter((r) => r.depth === 1).map((r) => r.label.name);
    expect(rights).toHaveLength(8);
    expect(gdpr.labels.find((l) => l.name === 'Right of Access')?.parent).toBe('data-subject-rights');
  });

  it('the files in resources/taxonomies are the presets as built', async () => {
    for (const id of PRESET_IDS) {
      const onDisk = await readFile(join(root, 'resources', 'taxonomies', `${id}.json`), 'utf8');
      expect(onDisk, `${id}.json is stale: run npx tsx scripts/write-presets.ts`).toBe(stringifyJson(presetTaxonomy(id)));
    }
  });
});

describe('the OPP-115 categories XML', () => {
  it('gives exactly the categories, attributes (with optional) and values of the opp-115 preset', async () => {
    const fromXml = parseOpp115CategoriesXml(await readFile(xmlPath, 'utf8'));
    const preset = presetTaxonomy('opp-115');
    const shape = (t: Taxonomy) => t.labels.map((l) => ({ id: l.id, name: l.name, key: l.key, color: l.color, attributes: l.attributes }));
    expect(shape(fromXml)).toEqual(shape(preset));
    expect(fromXml.name).toBe('OPP-115 (20151115-01)');
    expect(fromXml.labels[0]?.description).toMatch(/^Privacy practice describing data collection/);
  });

  it('is read by loadTaxonomyFile and --set paths; a file of another shape is refused by name', async () => {
    expect((await taxonomyFrom(xmlPath)).labels).toHaveLength(10);
    const other = join(dir, 'other.xml');
    await writeFile(other, '<?xml version="1.0"?><policies><policy/></policies>');
    await expect(loadTaxonomyFile(other)).rejects.toMatchObject({ code: 'TAXONOMY_INVALID', message: expect.stringContaining('other.xml is not an OPP-115 categories file') });
    await writeFile(other, '<categories><category>');
    await expect(loadTaxonomyFile(other)).rejects.toMatchObject({ code: 'TAXONOMY_INVALID' });
    await expect(taxonomyFrom('nonsense')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('opp-115, cuad, ccpa, gdpr') });
  });
});

describe('format 1 files', () => {
  it('are read as format 2: ids from the names, version 1, nothing nested', async () => {
    const v1 = {
      formatVersion: 1,
      id: 'mine',
      name: 'Mine',
      labels: [
        { name: 'Data Retention', color: '#FFFFFF', key: '1', attributes: [{ name: 'Period', optional: false, values: ['Limited'] }] },
        { name: 'data retention!', color: '#FFFFFF', attributes: [] },
      ],
    };
    const path = join(dir, 'v1.json');
    await writeFile(path, JSON.stringify(v1));
    const t = await loadTaxonomyFile(path);
    expect(t.formatVersion).toBe(2);
    expect(t.version).toBe(1);
    expect(t.labels.map((l) => [l.id, l.name, l.parent])).toEqual([
      ['data-retention', 'Data Retention', undefined],
      ['data-retention-2', 'data retention!', undefined],
    ]);
    expect(t.labels[0]?.attributes).toEqual(v1.labels[0]?.attributes);
    // Written back, it is a format-2 file whose keys come in the schema's order.
    expect(Object.keys(JSON.parse(stringifyJson(t)))).toEqual(['formatVersion', 'id', 'name', 'version', 'labels']);
    expect(Object.keys(JSON.parse(stringifyJson(t)).labels[0])).toEqual(['id', 'name', 'color', 'key', 'attributes']);
  });

  it('still report what is wrong with them, and a newer format is named as such', () => {
    const bad = storedTaxonomySchema.safeParse({ formatVersion: 1, id: 'x', name: 'X', labels: [{ name: 'A', color: 'red', attributes: [] }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['labels', 0, 'color']);
    expect(storedTaxonomySchema.safeParse({ ...presetTaxonomy('ccpa'), formatVersion: 3 }).success).toBe(false);
  });
});

describe('taxonomyProblems', () => {
  it('finds duplicate names (ignoring case), duplicate hotkeys and nesting cycles', () => {
    expect(taxonomyProblems(withLabels([{ name: 'Retention' }, { name: 'retention' }]))).toEqual(['two labels are named “Retention” and “retention”']);
    expect(taxonomyProblems(withLabels([{ key: 'a' }, { key: 'A' }]))).toEqual(['the hotkey A is given to both “L0” and “L1”']);
    expect(taxonomyProblems(withLabels([{ parent: 'l1' }, { parent: 'l0' }]))).toEqual(['“L0” is nested under itself', '“L1” is nested under itself']);
    expect(taxonomyProblems(withLabels([{ parent: 'nowhere' }]))).toEqual(['“L0” is nested under a label that does not exist (nowhere)']);
    expect(taxonomyProblems(withLabels([{ name: ' Padded' }]))).toEqual(['the label “ Padded” starts or ends with a space']);
  });

  it('finds attributes named twice and values listed twice', () => {
    const attribute = { name: 'Basis', optional: false, values: ['Consent', 'Consent'] };
    expect(taxonomyProblems(withLabels([{ attributes: [attribute, { ...attribute, values: ['x'] }] }]))).toEqual([
      'the attribute “Basis” of “L0” lists “Consent” twice',
      '“L0” has two attributes named “Basis”',
    ]);
  });

  it('hotkeyConflict names the label already holding a key', () => {
    const t = withLabels([{ key: '1' }, { key: '2' }]);
    expect(hotkeyConflict(t, '2', 'l0')?.name).toBe('L1');
    expect(hotkeyConflict(t, '2', 'l1')).toBeUndefined();
  });

  it('required attributes without a value are what an annotation still lacks', () => {
    const label = presetTaxonomy('opp-115').labels[4];
    if (!label) throw new Error('no Data Retention');
    expect(missingRequiredAttributes(label, { 'Retention Period': [{ value: 'Limited' }] })).toEqual(['Retention Purpose', 'Personal Information Type']);
    expect(missingRequiredAttributes(label, {})).toHaveLength(3);
  });

  it('labelIdFor makes portable unique ids', () => {
    expect(labelIdFor('First Party Collection/Use')).toBe('first-party-collection-use');
    expect(labelIdFor('Müller & Söhne', ['muller-sohne'])).toBe('muller-sohne-2');
    expect(labelIdFor('„“')).toBe('label');
  });
});

describe('the label palette', () => {
  it('keeps black text above 8:1 behind every colour', () => {
    for (const color of LABEL_PALETTE) expect(contrastRatio(color, '#000000')).toBeGreaterThan(8);
  });

  it.each<ColorVision>(['normal', 'protanopia', 'deuteranopia', 'tritanopia'])('keeps every pair of colours apart under %s', (vision) => {
    for (const [i, a] of LABEL_PALETTE.entries()) {
      for (const b of LABEL_PALETTE.slice(i + 1)) expect(colorDistance(a, b, vision), `${a} ${b}`).toBeGreaterThan(6);
    }
  });
});
