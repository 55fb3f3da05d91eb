import { z } from 'zod';
import { canonicalAnnotation, type Annotation, type AnnotationAttributes, type Span } from './annotation.ts';
import type { Taxonomy } from './taxonomy.ts';

const name = z.string().min(1).max(500);

/**
 * Where existing annotations go when the taxonomy changes. Keys are the names annotations hold now;
 * a value is the new name, or null to delete (a label's annotations) or drop (an attribute, a value).
 * `attributes` and `values` are keyed by the label's (and attribute's) name in the new taxonomy.
 * A label renamed in place (same id, new name) needs no entry: the change finds it by its id.
 */
export const taxonomyMigrationSchema = z
  .object({
    labels: z.record(name, name.nullable()).optional(),
    attributes: z.record(name, z.record(name, name.nullable())).optional(),
    values: z.record(name, z.record(name, z.record(name, name.nullable()))).optional(),
  })
  .strict();
export type TaxonomyMigration = z.infer<typeof taxonomyMigrationSchema>;

/** Labels whose id stayed and whose name changed: old name -> new name. */
export function inferredLabelRenames(previous: Taxonomy, next: Taxonomy): Record<string, string> {
  const renames: Record<string, string> = {};
  for (const label of previous.labels) {
    const now = next.labels.find((l) => l.id === label.id);
    if (now && now.name !== label.name && !next.labels.some((l) => l.name === label.name)) renames[label.name] = now.name;
  }
  return renames;
}

export type AnnotationFate =
  | { kind: 'unchanged' }
  | { kind: 'changed'; annotation: Annotation }
  | { kind: 'deleted' }
  | { kind: 'orphaned'; reason: string };

const has = <T>(record: Record<string, T> | undefined, key: string): boolean => record !== undefined && Object.hasOwn(record, key);

/**
 * What becomes of one annotation under the new taxonomy. `renames` are the labels renamed in place
 * (`inferredLabelRenames`); `migration` is what the reviewer said. An annotation the migration moves
 * to another label keeps the attributes and values that label also has and loses the others; one
 * that stays on its label (renamed or not) but holds something the new taxonomy lacks, with no
 * migration entry saying where it goes, is orphaned.
 */
export function annotationFate(
  annotation: Annotation,
  next: Taxonomy,
  migration: TaxonomyMigration,
  renames: Record<string, string> = {},
): AnnotationFate {
  const isMove = has(migration.labels, annotation.label);
  const mapped = isMove ? migration.labels?.[annotation.label] : has(renames, annotation.label) ? renames[annotation.label] : annotation.label;
  if (mapped === null) return { kind: 'deleted' };
  const labelName = mapped ?? annotation.label;
  const label = next.labels.find((l) => l.name === labelName);
  if (!label) return { kind: 'orphaned', reason: `the label “${labelName}”` };
  const attributes: AnnotationAttributes = {};
  for (const [attributeName, values] of Object.entries(annotation.attributes)) {
    const renames = migration.attributes?.[label.name];
    const newAttributeName = has(renames, attributeName) ? renames?.[attributeName] : attributeName;
    if (newAttributeName === null || newAttributeName === undefined) continue;
    const attribute = label.attributes.find((a) => a.name === newAttributeName);
    if (!attribute) {
      if (isMove) continue;
      return { kind: 'orphaned', reason: `the attribute “${attributeName}” of “${label.name}”` };
    }
    const valueRenames = migration.values?.[label.name]?.[attribute.name];
    const kept = new Map<string, Span[] | undefined>();
    for (const v of values) {
      const newValue = has(valueRenames, v.value) ? valueRenames?.[v.value] : v.value;
      if (newValue === null || newValue === undefined) continue;
      if (!attribute.values.includes(newValue)) {
        if (isMove) continue;
        return { kind: 'orphaned', reason: `the value “${v.value}” of “${attribute.name}” on “${label.name}”` };
      }
      const evidence = [...(kept.get(newValue) ?? []), ...(v.evidence ?? [])];
      kept.set(newValue, evidence.length > 0 ? evidence : undefined);
    }
    if (kept.size === 0) continue;
    if (!attribute.multiple && kept.size > 1) {
      if (isMove) continue;
      return { kind: 'orphaned', reason: `several values of the single-choice attribute “${attribute.name}” on “${label.name}”` };
    }
    attributes[attribute.name] = [...kept].map(([value, evidence]) => (evidence ? { value, evidence } : { value }));
  }
  const result = canonicalAnnotation({ ...annotation, label: label.name, attributes });
  const before = JSON.stringify(canonicalAnnotation(annotation));
  return JSON.stringify(result) === before ? { kind: 'unchanged' } : { kind: 'changed', annotation: result };
}

/** Orphans by reason, for one message: “3 annotations use the label “X””. */
export function describeOrphans(orphans: ReadonlyMap<string, number>): string {
  const total = [...orphans.values()].reduce((a, b) => a + b, 0);
  const parts = [...orphans].map(([reason, n]) => `${n} ${n === 1 ? 'annotation uses' : 'annotations use'} ${reason}`);
  return `${total} existing ${total === 1 ? 'annotation' : 'annotations'} would no longer fit the taxonomy: ${parts.join('; ')}. Say where they go (rename, move to another label, or delete them) and try again.`;
}

/** How many annotations use each label, and each value of each attribute of each label. */
export interface TaxonomyUsage {
  labels: Record<string, number>;
  values: Record<string, Record<string, Record<string, number>>>;
}

export function taxonomyUsage(annotations: Iterable<Annotation>): TaxonomyUsage {
  const usage: TaxonomyUsage = { labels: {}, values: {} };
  for (const a of annotations) {
    usage.labels[a.label] = (usage.labels[a.label] ?? 0) + 1;
    const byAttribute = (usage.values[a.label] ??= {});
    for (const [attribute, values] of Object.entries(a.attributes)) {
      const byValue = (byAttribute[attribute] ??= {});
      for (const v of values) byValue[v.value] = (byValue[v.value] ?? 0) + 1;
    }
  }
  return usage;
}
