import type { Taxonomy } from '../../../../shared/domain/taxonomy.ts';
import type { PresetSummary } from '../../../../shared/domain/taxonomy-api.ts';
import { buildPreset, type PresetSpec } from './build.ts';
import { CCPA } from './ccpa.ts';
import { CUAD } from './cuad.ts';
import { GDPR } from './gdpr.ts';
import { OPP_115 } from './opp-115.ts';

/** The taxonomies Clausemark ships, by id; a project starts from one (New project, `clausemark init --taxonomy`). */
export const PRESET_IDS = ['opp-115', 'cuad', 'ccpa', 'gdpr'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

const SPECS: Record<PresetId, PresetSpec> = { 'opp-115': OPP_115, cuad: CUAD, ccpa: CCPA, gdpr: GDPR };

export const isPresetId = (id: string): id is PresetId => (PRESET_IDS as readonly string[]).includes(id);

/** A fresh copy of a preset, at version 1. */
export const presetTaxonomy = (id: PresetId): Taxonomy => buildPreset(SPECS[id]);

export const presetSummaries = (): PresetSummary[] =>
  PRESET_IDS.map((id) => {
    const taxonomy = presetTaxonomy(id);
    return { id, name: SPECS[id].name, summary: SPECS[id].summary, labelCount: taxonomy.labels.length, taxonomy };
  });
