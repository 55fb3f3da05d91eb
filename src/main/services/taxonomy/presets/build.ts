import { taxonomySchema, TAXONOMY_FORMAT_VERSION, type Attribute, type Label, type Taxonomy } from '../../../../shared/domain/taxonomy.ts';
import { labelIdFor, labelTree, withDefaultHotkeys } from '../../../../shared/domain/taxonomy-model.ts';
import { paletteColor } from '../../../../shared/domain/taxonomy-palette.ts';

/** A label as a preset is written: nesting by `children`; ids, colours and hotkeys are assigned. */
export interface LabelSpec {
  name: string;
  description: string;
  attributes?: Attribute[];
  children?: LabelSpec[];
}

export interface PresetSpec {
  id: string;
  name: string;
  /** One sentence for the New Project dialog and `clausemark taxonomy --help`. */
  summary: string;
  labels: LabelSpec[];
}

export const required = (name: string, values: string[], multiple = false): Attribute =>
  multiple ? { name, optional: false, multiple: true, values } : { name, optional: false, values };
export const optional = (name: string, values: string[], multiple = false): Attribute =>
  multiple ? { name, optional: true, multiple: true, values } : { name, optional: true, values };

/**
 * A preset as a project's taxonomy (version 1): labels in tree order get colours from the palette,
 * the first ten hotkeys 1-9, 0.
 */
export function buildPreset(spec: PresetSpec): Taxonomy {
  const taken = new Set<string>();
  const labels: Label[] = [];
  const add = (s: LabelSpec, parent: string | undefined): void => {
    const id = labelIdFor(s.name, taken);
    taken.add(id);
    labels.push({ id, name: s.name, ...(parent ? { parent } : {}), description: s.description, color: '#000000', attributes: s.attributes ?? [] });
    for (const child of s.children ?? []) add(child, id);
  };
  for (const s of spec.labels) add(s, undefined);
  const order = labelTree({ labels }).map((row) => row.label.id);
  const coloured = labels.map((l) => ({ ...l, color: paletteColor(order.indexOf(l.id)) }));
  return taxonomySchema.parse({
    formatVersion: TAXONOMY_FORMAT_VERSION,
    id: spec.id,
    name: spec.name,
    version: 1,
    labels: withDefaultHotkeys(coloured),
  });
}
