import type { AnnotationAttributes } from './annotation.ts';
import type { Label, Taxonomy } from './taxonomy.ts';

/** Keys the first ten labels get, in order: the workspace tags with them. */
export const HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/** A label id made from its name ("First Party Collection/Use" -> "first-party-collection-use"), unique among `taken`. */
export function labelIdFor(name: string, taken: ReadonlySet<string> | readonly string[] = []): string {
  const used = taken instanceof Set ? taken : new Set(taken as readonly string[]);
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'label';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface LabelRow {
  label: Label;
  /** 0 for a category, 1 for its sub-labels, ... */
  depth: number;
}

/**
 * The labels as a tree, depth first: each label followed by the labels nested under it, siblings in
 * the order of `labels`. A label whose parent is missing (or part of a cycle) is shown at the top level.
 */
export function labelTree(taxonomy: Pick<Taxonomy, 'labels'>): LabelRow[] {
  const ids = new Set(taxonomy.labels.map((l) => l.id));
  const children = new Map<string | undefined, Label[]>();
  for (const label of taxonomy.labels) {
    const parent = label.parent !== undefined && ids.has(label.parent) && label.parent !== label.id ? label.parent : undefined;
    const list = children.get(parent) ?? [];
    list.push(label);
    children.set(parent, list);
  }
  const rows: LabelRow[] = [];
  const placed = new Set<string>();
  const visit = (label: Label, depth: number): void => {
    if (placed.has(label.id)) return;
    placed.add(label.id);
    rows.push({ label, depth });
    for (const child of children.get(label.id) ?? []) visit(child, depth + 1);
  };
  for (const label of children.get(undefined) ?? []) visit(label, 0);
  // Labels in a parent cycle are reachable from no root.
  for (const label of taxonomy.labels) visit(label, 0);
  return rows;
}

/** The labels nested under `id`, at any depth. */
export function descendantIds(taxonomy: Pick<Taxonomy, 'labels'>, id: string): string[] {
  const out: string[] = [];
  const walk = (parent: string): void => {
    for (const l of taxonomy.labels) {
      if (l.parent === parent && !out.includes(l.id) && l.id !== id) {
        out.push(l.id);
        walk(l.id);
      }
    }
  };
  walk(id);
  return out;
}

const fold = (s: string): string => s.trim().toLocaleLowerCase();

/** The label other than `exceptId` that already has hotkey `key` (case-insensitive), if any. */
export function hotkeyConflict(taxonomy: Pick<Taxonomy, 'labels'>, key: string, exceptId?: string): Label | undefined {
  return taxonomy.labels.find((l) => l.id !== exceptId && l.key !== undefined && fold(l.key) === fold(key));
}

/**
 * Everything that makes a taxonomy unusable for reviewers, as sentences; empty when it is sound.
 * Stricter than the file schema (which reads what older files hold): it is checked before any change
 * is written.
 */
export function taxonomyProblems(taxonomy: Taxonomy): string[] {
  const problems: string[] = [];
  const byName = new Map<string, Label>();
  const byKey = new Map<string, Label>();
  const ids = new Set<string>();
  for (const label of taxonomy.labels) {
    const name = label.name;
    if (name.trim() === '') problems.push('a label has no name');
    else if (name !== name.trim()) problems.push(`the label “${name}” starts or ends with a space`);
    const same = byName.get(fold(name));
    if (same) problems.push(`two labels are named “${same.name}”${same.name === name ? '' : ` and “${name}”`}`);
    byName.set(fold(name), label);
    if (ids.has(label.id)) problems.push(`two labels have the id “${label.id}”`);
    ids.add(label.id);
    if (label.key !== undefined) {
      if (label.key.trim() === '') problems.push(`the hotkey of “${name}” is a space`);
      const other = byKey.get(fold(label.key));
      if (other) problems.push(`the hotkey ${label.key} is given to both “${other.name}” and “${name}”`);
      byKey.set(fold(label.key), label);
    }
    const attributeNames = new Set<string>();
    for (const attribute of label.attributes) {
      if (attribute.name.trim() === '') problems.push(`an attribute of “${name}” has no name`);
      if (attributeNames.has(fold(attribute.name))) problems.push(`“${name}” has two attributes named “${attribute.name}”`);
      attributeNames.add(fold(attribute.name));
      if (attribute.values.length === 0) problems.push(`the attribute “${attribute.name}” of “${name}” has no values to choose from`);
      const values = new Set<string>();
      for (const value of attribute.values) {
        if (value.trim() === '') problems.push(`the attribute “${attribute.name}” of “${name}” has an empty value`);
        if (values.has(value)) problems.push(`the attribute “${attribute.name}” of “${name}” lists “${value}” twice`);
        values.add(value);
      }
    }
  }
  const labelsById = new Map(taxonomy.labels.map((l) => [l.id, l]));
  for (const label of taxonomy.labels) {
    if (label.parent === undefined) continue;
    if (!labelsById.has(label.parent)) {
      problems.push(`“${label.name}” is nested under a label that does not exist (${label.parent})`);
      continue;
    }
    const seen = new Set<string>([label.id]);
    for (let p: string | undefined = label.parent; p !== undefined; p = labelsById.get(p)?.parent) {
      if (seen.has(p)) {
        problems.push(`“${label.name}” is nested under itself`);
        break;
      }
      seen.add(p);
    }
  }
  return problems;
}

/** The required attributes of `label` an annotation has no value for yet (the inspector asks for them). */
export function missingRequiredAttributes(label: Label, attributes: AnnotationAttributes): string[] {
  return label.attributes.filter((a) => !a.optional && !(attributes[a.name]?.length ?? 0)).map((a) => a.name);
}

/** Gives the first ten labels (in tree order) the hotkeys 1-9, 0 and the others none. */
export function withDefaultHotkeys(labels: Label[]): Label[] {
  const order = labelTree({ labels }).map((row) => row.label.id);
  return labels.map((label) => {
    const index = order.indexOf(label.id);
    const { key: _key, ...rest } = label;
    void _key;
    return index < HOTKEYS.length ? { ...rest, key: HOTKEYS[index] } : rest;
  });
}
