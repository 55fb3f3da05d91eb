/**
 * The annotation log's format version and value lists, apart from the zod schemas in annotation.ts
 * (which re-exports them): code that must start quickly, such as the export worker, reads them
 * without loading zod.
 */
export const ANNOTATION_FORMAT_VERSION = 2;

export const ANNOTATION_ORIGINS = ['manual', 'imported', 'suggested'] as const;
export type AnnotationOrigin = (typeof ANNOTATION_ORIGINS)[number];

/** A reviewer's progress on one document. `new` is shown as "Not started". */
export const REVIEW_STATUSES = ['new', 'in-progress', 'done'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
