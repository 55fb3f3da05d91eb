import { z } from 'zod';
import { DOCUMENT_FORMAT_VERSION, SEGMENT_KINDS, SOURCE_FORMATS, TEXT_ENCODINGS, type SourceFormat, type TextEncodingName } from './document-values.ts';

export {
  DOCUMENT_FORMAT_VERSION,
  SEGMENT_KINDS,
  SOURCE_FORMATS,
  TEXT_ENCODINGS,
  type SegmentKind,
  type SourceFormat,
  type TextEncodingName,
} from './document-values.ts';

/**
 * A paragraph-sized unit of a document (as in OPP-115). `start`/`end` are code-point offsets into the
 * document's text, end exclusive; segments are in order, never overlap, and never start or end in
 * white space.
 */
export const segmentSchema = z.object({
  index: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  kind: z.enum(SEGMENT_KINDS),
});
export type Segment = z.infer<typeof segmentSchema>;

export const documentSourceSchema = z.object({
  fileName: z.string(),
  format: z.enum(SOURCE_FORMATS),
  encoding: z.enum(TEXT_ENCODINGS).nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  byteLength: z.number().int().nonnegative(),
  importedAt: z.string(),
});
export type DocumentSource = z.infer<typeof documentSourceSchema>;

/** A document as stored in the project: its canonical text and its segments. */
export const documentSchema = z.object({
  formatVersion: z.literal(DOCUMENT_FORMAT_VERSION),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  source: documentSourceSchema,
  text: z.string(),
  segments: z.array(segmentSchema),
});
export type ClausemarkDocument = z.infer<typeof documentSchema>;

/** What the import pipeline makes of one file before the project stores it. */
export interface ParsedDocument {
  title: string;
  format: SourceFormat;
  encoding: TextEncodingName | null;
  /** Canonical text: LF newlines, no BOM. */
  text: string;
  segments: Segment[];
}

export const DOCUMENT_STATUSES = ['new', 'in-progress', 'done', 'damaged'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** One row of the project's document list. */
export interface DocumentSummary {
  id: string;
  title: string;
  fileName: string;
  format: SourceFormat | null;
  encoding: TextEncodingName | null;
  segmentCount: number;
  characterCount: number;
  /** Every reviewer's annotations on it. */
  annotationCount: number;
  /** The annotations of the reviewer the list was made for (all of them when it was made for none). */
  reviewerAnnotationCount: number;
  /** The reviewer's progress on it ('new' is shown as Not started). */
  status: DocumentStatus;
  /** For a damaged document file: what is wrong with it, naming the file. */
  problem?: string;
}
