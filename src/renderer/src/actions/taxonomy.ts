import { api } from '../api/client.ts';
import type { Attribute, Label, Taxonomy } from '../../../shared/domain/taxonomy.ts';
import type { LabelExample, PresetSummary } from '../../../shared/domain/taxonomy-api.ts';
import type { TaxonomyMigration } from '../../../shared/domain/taxonomy-change.ts';
import { descendantIds, labelIdFor } from '../../../shared/domain/taxonomy-model.ts';
import { LABEL_PALETTE } from '../../../shared/domain/taxonomy-palette.ts';
import { stringifyTaxonomy } from './taxonomy-file.ts';
import { useAppStore } from '../stores/app.ts';
import { useTaxonomyStore, type TaxonomyChange, type TaxonomyHistoryEntry } from '../stores/taxonomy.ts';

const set = useTaxonomyStore.setState;
const get = useTaxonomyStore.getState;

const current = (): Taxonomy | null => useAppStore.getState().project?.taxonomy ?? null;

export function openTaxonomyEditor(): void {
  set({ open: true, error: null, status: null, selectedId: get().selectedId ?? current()?.labels[0]?.id ?? null });
  void refreshUsage();
}

export function closeTaxonomyEditor(): void {
  set({ open: false, deleting: null, error: null });
}

export const selectLabel = (id: string): void => set({ selectedId: id, error: null });
export const dismissTaxonomyError = (): void => set({ error: null });

export async function refreshUsage(): Promise<void> {
  const result = await api['taxonomy.usage']({});
  if (result.ok) set({ usage: result.value });
}

/** Sends one change; answers the annotations it changed or deleted (as they were), or null when refused. */
async function send(change: TaxonomyChange): Promise<{ previous: TaxonomyChange['restore'] } | null> {
  const base = current();
  if (!base || get().busy) return null;
  set({ busy: true, error: null });
  const result = await api['taxonomy.update']({
    taxonomy: change.taxonomy,
    baseVersion: base.version,
    ...(change.migration ? { migration: change.migration } : {}),
    ...(change.restore && change.restore.length > 0 ? { restore: change.restore } : {}),
  });
  set({ busy: false });
  if (!result.ok) {
    set({ error: result.error.message });
    return null;
  }
  useAppStore.setState({ project: result.value.project });
  void refreshUsage();
  return { previous: result.value.previous };
}

/**
 * Applies a change the reviewer made and records it for undo. The inverse sets the taxonomy back,
 * renames attributes and values back, and (when the change moved or deleted annotations) restores them
 * as they were; label renames need no inverse migration, the label's id carries them.
 */
async function change(description: string, next: Taxonomy, migration?: TaxonomyMigration, restoresAnnotations = false): Promise<boolean> {
  const previous = current();
  if (!previous) return false;
  const done = await send({ taxonomy: next, migration });
  if (!done) return false;
  const entry: TaxonomyHistoryEntry = {
    description,
    forward: { taxonomy: next, migration },
    inverse: { taxonomy: previous, migration: invert(migration), restore: restoresAnnotations ? done.previous : undefined },
  };
  set({ undo: [...get().undo, entry], redo: [], status: `Saved: ${description} (version ${current()?.version ?? ''}).` });
  return true;
}

function invert(migration: TaxonomyMigration | undefined): TaxonomyMigration | undefined {
  if (!migration?.attributes && !migration?.values) return undefined;
  const swap = (m: Record<string, string | null>): Record<string, string> =>
    Object.fromEntries(Object.entries(m).flatMap(([from, to]) => (to === null ? [] : [[to, from]])));
  return {
    ...(migration.attributes
      ? { attributes: Object.fromEntries(Object.entries(migration.attributes).map(([label, m]) => [label, swap(m)])) }
      : {}),
    ...(migration.values
      ? {
          values: Object.fromEntries(
            Object.entries(migration.values).map(([label, byAttribute]) => [
              label,
              Object.fromEntries(Object.entries(byAttribute).map(([attribute, m]) => [attributeBefore(migration, label, attribute), swap(m)])),
            ]),
          ),
        }
      : {}),
  };
}

/** An attribute's name before a change that renamed it (the inverse's value renames are keyed by it). */
const attributeBefore = (migration: TaxonomyMigration, label: string, attribute: string): string =>
  Object.entries(migration.attributes?.[label] ?? {}).find(([, to]) => to === attribute)?.[0] ?? attribute;

export async function undoTaxonomyChange(): Promise<void> {
  const entry = get().undo.at(-1);
  if (!entry) return;
  if (!(await send(entry.inverse))) return;
  set({ undo: get().undo.slice(0, -1), redo: [...get().redo, entry], status: `Undone: ${entry.description}.` });
}

export async function redoTaxonomyChange(): Promise<void> {
  const entry = get().redo.at(-1);
  if (!entry) return;
  const done = await send(entry.forward);
  if (!done) return;
  const redone = entry.inverse.restore ? { ...entry, inverse: { ...entry.inverse, restore: done.previous } } : entry;
  set({ redo: get().redo.slice(0, -1), undo: [...get().undo, redone], status: `Redone: ${entry.description}.` });
}

const withLabel = (t: Taxonomy, id: string, edit: (label: Label) => Label): Taxonomy => ({
  ...t,
  labels: t.labels.map((l) => (l.id === id ? edit(l) : l)),
});

const labelOf = (t: Taxonomy, id: string): Label | undefined => t.labels.find((l) => l.id === id);

/** A new label with an unused name, the next palette colour and (if free) the next hotkey. */
export async function addLabel(parent?: string): Promise<void> {
  const t = current();
  if (!t) return;
  let n = t.labels.length + 1;
  const names = new Set(t.labels.map((l) => l.name.toLowerCase()));
  while (names.has(`new label ${n}`)) n++;
  const name = `New label ${n}`;
  const id = labelIdFor(name, t.labels.map((l) => l.id));
  const usedKeys = new Set(t.labels.map((l) => l.key));
  const key = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].find((k) => !usedKeys.has(k));
  const label: Label = {
    id,
    name,
    ...(parent ? { parent } : {}),
    color: LABEL_PALETTE[t.labels.length % LABEL_PALETTE.length] as string,
    ...(key ? { key } : {}),
    attributes: [],
  };
  // A sub-label goes after its parent's last descendant; a category at the end.
  const labels = [...t.labels];
  const after = parent ? Math.max(...[parent, ...descendantIds(t, parent)].map((d) => labels.findIndex((l) => l.id === d))) : labels.length - 1;
  labels.splice(after + 1, 0, label);
  if (await change(`Add “${name}”`, { ...t, labels })) set({ selectedId: id });
}

export async function renameLabel(id: string, name: string): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  const trimmed = name.trim();
  if (!t || !label || trimmed === label.name) return;
  await change(`Rename “${label.name}” to “${trimmed}”`, withLabel(t, id, (l) => ({ ...l, name: trimmed })));
}

export async function updateLabel(id: string, description: string, edit: (label: Label) => Label): Promise<void> {
  const t = current();
  if (!t || !labelOf(t, id)) return;
  await change(description, withLabel(t, id, edit));
}

export async function setParent(id: string, parent: string | undefined): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  if (!t || !label || label.parent === parent) return;
  const target = parent ? labelOf(t, parent)?.name : undefined;
  await change(target ? `Nest “${label.name}” under “${target}”` : `Move “${label.name}” to the top level`, {
    ...t,
    labels: t.labels.map((l) => {
      if (l.id !== id) return l;
      const { parent: _old, ...rest } = l;
      void _old;
      return parent ? { ...rest, parent } : rest;
    }),
  });
}

/** Moves a label before the previous (-1) or after the next (+1) label of the same parent. */
export async function moveLabel(id: string, direction: -1 | 1): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  if (!t || !label) return;
  const siblings = t.labels.filter((l) => l.parent === label.parent);
  const at = siblings.findIndex((l) => l.id === id);
  const other = siblings[at + direction];
  if (!other) return;
  const labels = [...t.labels];
  const i = labels.findIndex((l) => l.id === id);
  const j = labels.findIndex((l) => l.id === other.id);
  labels[i] = other;
  labels[j] = label;
  await change(`Move “${label.name}” ${direction < 0 ? 'up' : 'down'}`, { ...t, labels });
}

/** Deletes a label (and its sub-labels move up a level); its annotations move to `moveTo` or are deleted. */
export async function deleteLabel(id: string, annotations: { moveTo: string } | 'delete' | 'none'): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  if (!t || !label) return;
  const labels = t.labels
    .filter((l) => l.id !== id)
    .map((l) => {
      if (l.parent !== id) return l;
      const { parent: _p, ...rest } = l;
      void _p;
      return label.parent ? { ...rest, parent: label.parent } : rest;
    });
  const target = annotations !== 'none' && annotations !== 'delete' ? labelOf(t, annotations.moveTo)?.name : undefined;
  const migration: TaxonomyMigration | undefined =
    annotations === 'delete' ? { labels: { [label.name]: null } } : target ? { labels: { [label.name]: target } } : undefined;
  const description = annotations === 'delete' ? `Delete “${label.name}” and its annotations` : target ? `Delete “${label.name}”, moving its annotations to “${target}”` : `Delete “${label.name}”`;
  if (await change(description, { ...t, labels }, migration, migration !== undefined)) {
    set({ deleting: null, selectedId: labels[0]?.id ?? null });
  }
}

const withAttributes = (t: Taxonomy, id: string, edit: (attributes: Attribute[]) => Attribute[]): Taxonomy =>
  withLabel(t, id, (l) => ({ ...l, attributes: edit(l.attributes) }));

export async function addAttribute(id: string, name: string, values: string[]): Promise<boolean> {
  const t = current();
  const label = t && labelOf(t, id);
  if (!t || !label) return false;
  return change(`Add the attribute “${name}” to “${label.name}”`, withAttributes(t, id, (as) => [...as, { name, optional: true, values }]));
}

export async function updateAttribute(id: string, index: number, description: string, edit: (a: Attribute) => Attribute): Promise<void> {
  const t = current();
  if (!t) return;
  await change(description, withAttributes(t, id, (as) => as.map((a, i) => (i === index ? edit(a) : a))));
}

export async function renameAttribute(id: string, index: number, name: string): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  const attribute = label?.attributes[index];
  const trimmed = name.trim();
  if (!t || !label || !attribute || trimmed === attribute.name || trimmed === '') return;
  await change(
    `Rename the attribute “${attribute.name}” to “${trimmed}”`,
    withAttributes(t, id, (as) => as.map((a, i) => (i === index ? { ...a, name: trimmed } : a))),
    { attributes: { [label.name]: { [attribute.name]: trimmed } } },
  );
}

export async function removeAttribute(id: string, index: number): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  const attribute = label?.attributes[index];
  if (!t || !label || !attribute) return;
  await change(
    `Remove the attribute “${attribute.name}” from “${label.name}”`,
    withAttributes(t, id, (as) => as.filter((_, i) => i !== index)),
    { attributes: { [label.name]: { [attribute.name]: null } } },
    true,
  );
}

export async function renameValue(id: string, index: number, value: string, name: string): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  const attribute = label?.attributes[index];
  const trimmed = name.trim();
  if (!t || !label || !attribute || trimmed === value || trimmed === '') return;
  await change(
    `Rename the value “${value}” to “${trimmed}”`,
    withAttributes(t, id, (as) => as.map((a, i) => (i === index ? { ...a, values: a.values.map((v) => (v === value ? trimmed : v)) } : a))),
    { values: { [label.name]: { [attribute.name]: { [value]: trimmed } } } },
  );
}

export async function addValue(id: string, index: number, value: string): Promise<boolean> {
  const t = current();
  const attribute = t && labelOf(t, id)?.attributes[index];
  if (!t || !attribute) return false;
  return change(`Add the value “${value}” to “${attribute.name}”`, withAttributes(t, id, (as) => as.map((a, i) => (i === index ? { ...a, values: [...a.values, value] } : a))));
}

export async function removeValue(id: string, index: number, value: string): Promise<void> {
  const t = current();
  const label = t && labelOf(t, id);
  const attribute = label?.attributes[index];
  if (!t || !label || !attribute) return;
  await change(
    `Remove the value “${value}” from “${attribute.name}”`,
    withAttributes(t, id, (as) => as.map((a, i) => (i === index ? { ...a, values: a.values.filter((v) => v !== value) } : a))),
    { values: { [label.name]: { [attribute.name]: { [value]: null } } } },
    true,
  );
}

/** Replaces the whole taxonomy with a file's (JSON, or OPP-115's categories XML), as one undoable change. */
export async function importTaxonomyFile(file: File): Promise<void> {
  const t = current();
  if (!t) return;
  const parsed = await api['taxonomy.parse']({ fileName: file.name, text: await file.text() });
  if (!parsed.ok) {
    set({ error: parsed.error.message });
    return;
  }
  if (await change(`Import ${file.name}`, { ...parsed.value, version: t.version })) set({ selectedId: parsed.value.labels[0]?.id ?? null });
}

/** Replaces the whole taxonomy with a preset, as one undoable change (refused when annotations would be orphaned). */
export async function replaceWithPreset(preset: PresetSummary): Promise<void> {
  const t = current();
  if (!t) return;
  if (await change(`Replace the taxonomy with ${preset.name}`, { ...preset.taxonomy, version: t.version })) {
    set({ selectedId: preset.taxonomy.labels[0]?.id ?? null });
  }
}

/**
 * The annotations marked as examples of a label, across documents and reviewers, for the guidelines
 * panel; a failure is answered as its message.
 */
export async function loadLabelExamples(label: string): Promise<LabelExample[] | { error: string }> {
  const result = await api['taxonomy.examples']({ label });
  return result.ok ? result.value : { error: result.error.message };
}

/** Downloads the taxonomy as JSON (docs/taxonomy-format.md). */
export function exportTaxonomy(): void {
  const t = current();
  if (!t) return;
  const url = URL.createObjectURL(new Blob([stringifyTaxonomy(t)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `taxonomy-${t.id}-v${t.version}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const askDeleteLabel = (id: string): void => set({ deleting: id, error: null });
export const cancelDeleteLabel = (): void => set({ deleting: null });
