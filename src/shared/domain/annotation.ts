/**
 * Annotations and the per-reviewer log they are kept in (annotations/<reviewer>.jsonl, one record per
 * line; docs/project-format.md). Offsets are code points into the document's text; a quote is always
 * text[start:end].
 */
import { z } from 'zod';
import { ANNOTATION_FORMAT_VERSION, ANNOTATION_ORIGINS, REVIEW_STATUSES, type ReviewStatus } from './annotation-values.ts';

export { ANNOTATION_FORMAT_VERSION, ANNOTATION_ORIGINS, REVIEW_STATUSES, type AnnotationOrigin, type ReviewStatus } from './annotation-values.ts';

const offset = z.number().int().nonnegative().max(1_000_000_000);
const isoTime = z.string().min(1).max(64);
export const annotationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an annotation id is 1-64 letters, digits, _ or -')
  // The renderer keys annotations by id in plain objects, where "__proto__" would replace the prototype.
  .refine((id) => !(id in Object.prototype) && id !== 'prototype', 'an annotation id cannot be a name JavaScript objects reserve (__proto__, constructor, toString…)');
export const documentIdSchema = z.string().regex(/^[a-z0-9-]{1,200}$/, 'a document id is lower-case letters, digits and -');

/** A stretch of a document's text: code points [start, end) and the text they hold. */
export const spanSchema = z
  .object({ start: offset, end: offset, quote: z.string().max(2_000_000) })
  .strict()
  .refine((s) => s.start < s.end, { message: 'a span ends after it starts' });
export type Span = z.infer<typeof spanSchema>;

/** What an annotation labels: a span of text, or a whole segment (as OPP-115's annotators worked). */
export const targetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('span'), start: offset, end: offset, quote: z.string().max(2_000_000) }).strict(),
  z.object({ type: z.literal('segment'), segment: z.number().int().nonnegative().max(10_000_000) }).strict(),
]);
export type AnnotationTarget = z.infer<typeof targetSchema>;
export type SpanTarget = Extract<AnnotationTarget, { type: 'span' }>;

/** One chosen value of an attribute, optionally tied to the words inside the annotation that justify it. */
export const attributeValueSchema = z
  .object({ value: z.string().min(1).max(500), evidence: z.array(spanSchema).max(100).optional() })
  .strict();
export type AttributeValue = z.infer<typeof attributeValueSchema>;

/** Attribute name -> its chosen values (a single-choice attribute holds one). */
export const attributesSchema = z.record(z.string().min(1).max(200), z.array(attributeValueSchema).min(1).max(200));
export type AnnotationAttributes = z.infer<typeof attributesSchema>;

/** One label on a span or a segment, by one reviewer. */
export const annotationSchema = z
  .object({
    id: annotationIdSchema,
    documentId: documentIdSchema,
    reviewer: z.string().min(1).max(120),
    target: targetSchema,
    label: z.string().min(1).max(200),
    attributes: attributesSchema,
    note: z.string().max(20_000),
    origin: z.enum(ANNOTATION_ORIGINS),
    /** Shown in the guidelines as an example of its label; written only when true. */
    example: z.boolean().optional(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .strict();
export type Annotation = z.infer<typeof annotationSchema>;

/**
 * One line of a reviewer's log. Reading folds the log: the last `annotation` or `deletion` line of an
 * id wins, and the last `status` line of a document.
 */
export const logRecordSchema = z.discriminatedUnion('kind', [
  z
    .object({ formatVersion: z.literal(ANNOTATION_FORMAT_VERSION), kind: z.literal('annotation'), annotation: annotationSchema })
    .strict(),
  z
    .object({
      formatVersion: z.literal(ANNOTATION_FORMAT_VERSION),
      kind: z.literal('deletion'),
      id: annotationIdSchema,
      documentId: documentIdSchema,
      at: isoTime,
    })
    .strict(),
  z
    .object({
      formatVersion: z.literal(ANNOTATION_FORMAT_VERSION),
      kind: z.literal('status'),
      documentId: documentIdSchema,
      status: z.enum(REVIEW_STATUSES),
      at: isoTime,
    })
    .strict(),
]);
export type LogRecord = z.infer<typeof logRecordSchema>;

/**
 * Format 1 (before the workspace): one span annotation per line, every attribute a single string.
 * Read as format 2 by `migrateV1Line`; the log is rewritten in format 2 when it is next compacted.
 */
export const annotationV1Schema = z.object({
  formatVersion: z.literal(1),
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
export type AnnotationV1 = z.infer<typeof annotationV1Schema>;

export function migrateV1Line(old: AnnotationV1): LogRecord {
  return {
    formatVersion: ANNOTATION_FORMAT_VERSION,
    kind: 'annotation',
    annotation: {
      id: old.id,
      documentId: old.documentId,
      reviewer: old.reviewer,
      target: { type: 'span', start: old.start, end: old.end, quote: old.quote },
      label: old.label,
      attributes: Object.fromEntries(Object.entries(old.attributes).map(([name, value]) => [name, [{ value }]])),
      note: old.note,
      origin: 'manual',
      createdAt: old.createdAt,
      updatedAt: old.updatedAt,
    },
  };
}

/** Writes a record with its keys in the schema's order, so equal records are equal bytes. */
export function canonicalRecord(record: LogRecord): LogRecord {
  switch (record.kind) {
    case 'annotation':
      return { formatVersion: record.formatVersion, kind: 'annotation', annotation: canonicalAnnotation(record.annotation) };
    case 'deletion':
      return { formatVersion: record.formatVersion, kind: 'deletion', id: record.id, documentId: record.documentId, at: record.at };
    case 'status':
      return {
        formatVersion: record.formatVersion,
        kind: 'status',
        documentId: record.documentId,
        status: record.status,
        at: record.at,
      };
  }
}

const canonicalSpan = (s: Span): Span => ({ start: s.start, end: s.end, quote: s.quote });

function canonicalTarget(t: AnnotationTarget): AnnotationTarget {
  return t.type === 'span'
    ? { type: 'span', start: t.start, end: t.end, quote: t.quote }
    : { type: 'segment', segment: t.segment };
}

export function canonicalAttributes(attributes: AnnotationAttributes): AnnotationAttributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, values]) => [
      name,
      values.map((v) => (v.evidence && v.evidence.length > 0 ? { value: v.value, evidence: v.evidence.map(canonicalSpan) } : { value: v.value })),
    ]),
  );
}

export function canonicalAnnotation(a: Annotation): Annotation {
  return {
    id: a.id,
    documentId: a.documentId,
    reviewer: a.reviewer,
    target: canonicalTarget(a.target),
    label: a.label,
    attributes: canonicalAttributes(a.attributes),
    note: a.note,
    origin: a.origin,
    ...(a.example === true ? { example: true } : {}),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/** What the renderer sends to create or replace an annotation; main adds the reviewer and the times. */
export const annotationDraftSchema = z
  .object({
    id: annotationIdSchema,
    documentId: documentIdSchema,
    target: targetSchema,
    label: z.string().min(1).max(200),
    attributes: attributesSchema.default({}),
    note: z.string().max(20_000).default(''),
    /** Kept from the annotation when it already exists; used when an undo brings a deleted one back. */
    origin: z.enum(ANNOTATION_ORIGINS).optional(),
    /** Marks the annotation as an example of its label for the guidelines. */
    example: z.boolean().optional(),
    createdAt: isoTime.optional(),
  })
  .strict();
export type AnnotationDraft = z.input<typeof annotationDraftSchema>;

/** One reviewer command; a batch of them is applied by `annotations.apply`. */
export const annotationCommandSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), annotation: annotationDraftSchema }).strict(),
  z.object({ op: z.literal('delete'), documentId: documentIdSchema, id: annotationIdSchema }).strict(),
]);
export type AnnotationCommand = z.input<typeof annotationCommandSchema>;
export type ParsedAnnotationCommand = z.output<typeof annotationCommandSchema>;

/** The answer to one command: the annotation as stored (null once deleted), or why it was refused. */
export type CommandOutcome =
  | { ok: true; id: string; annotation: Annotation | null }
  | { ok: false; id: string; error: { code: string; message: string } };

/** A document's annotations for one reviewer, and that reviewer's status on it. */
export interface DocumentAnnotations {
  documentId: string;
  reviewer: string;
  status: ReviewStatus;
  annotations: Annotation[];
}

/** Start and end (code points) of what an annotation covers, given its document's segments. */
export function targetRange(target: AnnotationTarget, segments: readonly { start: number; end: number }[]): { start: number; end: number } | null {
  if (target.type === 'span') return { start: target.start, end: target.end };
  const segment = segments[target.segment];
  return segment ? { start: segment.start, end: segment.end } : null;
}
