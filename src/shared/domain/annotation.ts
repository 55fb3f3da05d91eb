import { z } from 'zod';

export const ANNOTATION_FORMAT_VERSION = 1;

/**
 * One labeled span by one reviewer; stored one per line in annotations/<reviewer>.jsonl.
 * Offsets are code points into the document's text; `quote` is text[start:end].
 */
export const annotationSchema = z.object({
  formatVersion: z.literal(ANNOTATION_FORMAT_VERSION),
  id: z.string().min(1),
  documentId: z.string().min(1),
  reviewer: z.string().min(1),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  quote: z.string(),
  label: z.string().min(1),
  attributes: z.record(z.string(), z.string()),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Annotation = z.infer<typeof annotationSchema>;
