import { z } from 'zod';

export const TAXONOMY_FORMAT_VERSION = 1;

/** An attribute a label carries (OPP-115: "Personal Information Type"), with its allowed values. */
export const attributeSchema = z.object({
  name: z.string().min(1),
  optional: z.boolean(),
  /** Whether an annotation may hold several values of this attribute; single choice when absent. */
  multiple: z.boolean().optional(),
  values: z.array(z.string().min(1)).min(1),
});
export type Attribute = z.infer<typeof attributeSchema>;

/** A label a reviewer tags a span with. `name` is the exact string written to exports. */
export const labelSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
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
    name: z.string().min(1),
    labels: z.array(labelSchema).min(1),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    for (const label of t.labels) {
      if (seen.has(label.name)) ctx.addIssue({ code: 'custom', message: `label "${label.name}" appears twice` });
      seen.add(label.name);
    }
  });
export type Taxonomy = z.infer<typeof taxonomySchema>;
