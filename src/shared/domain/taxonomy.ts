import { z } from 'zod';

/**
 * Format 2 added stable label `id`s, nesting (`parent`, a label id) and the taxonomy's `version`
 * (bumped by every change). Format-1 files are read through `migrateTaxonomyV1`
 * (taxonomy-migrate.ts) and written in format 2 at the next change.
 */
export const TAXONOMY_FORMAT_VERSION = 2;

/** A label's stable id: survives renames, so nesting and imports can refer to it. */
export const labelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a label id is lower-case letters, digits and -');

/** An attribute a label carries (OPP-115: "Personal Information Type"), with its allowed values. */
export const attributeSchema = z.object({
  name: z.string().min(1).max(200),
  optional: z.boolean(),
  /** Whether an annotation may hold several values of this attribute; single choice when absent. */
  multiple: z.boolean().optional(),
  values: z.array(z.string().min(1).max(500)).min(1),
});
export type Attribute = z.infer<typeof attributeSchema>;

/** A label a reviewer tags a span with. `name` is the exact string annotations store and exports write. */
export const labelSchema = z.object({
  id: labelIdSchema,
  name: z.string().min(1).max(200),
  /** The id of the label this one is nested under (a category's sub-label); top level when absent. */
  parent: labelIdSchema.optional(),
  /** The guideline: what the label means and when to apply it, in Markdown. */
  description: z.string().max(20_000).optional(),
  /** CSS colour of its highlight. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** Keyboard shortcut: one character. */
  key: z.string().length(1).optional(),
  attributes: z.array(attributeSchema),
});
export type Label = z.infer<typeof labelSchema>;

export const taxonomySchema = z
  .object({
    formatVersion: z.literal(TAXONOMY_FORMAT_VERSION),
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1).max(200),
    /** Bumped by every change to the project's taxonomy; exports carry it. */
    version: z.number().int().min(1),
    labels: z.array(labelSchema).min(1),
  })
  .superRefine((t, ctx) => {
    const names = new Set<string>();
    const ids = new Set<string>();
    for (const label of t.labels) {
      if (names.has(label.name)) ctx.addIssue({ code: 'custom', message: `label "${label.name}" appears twice` });
      if (ids.has(label.id)) ctx.addIssue({ code: 'custom', message: `label id "${label.id}" appears twice` });
      names.add(label.name);
      ids.add(label.id);
    }
    for (const label of t.labels) {
      if (label.parent !== undefined && !ids.has(label.parent)) {
        ctx.addIssue({ code: 'custom', message: `label "${label.name}" is nested under "${label.parent}", which is not a label` });
      }
    }
  });
export type Taxonomy = z.infer<typeof taxonomySchema>;
