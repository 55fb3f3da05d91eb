/**
 * The document format's version and value lists, apart from the zod schemas in document.ts (which
 * re-exports them): code that must start quickly, such as the export worker, reads them without
 * loading zod.
 */
export const SOURCE_FORMATS = ['txt', 'md', 'html', 'pdf', 'docx'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Character encodings a text source can be decoded from; PDF and DOCX carry their own (null). */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

const FORMAT_SET: ReadonlySet<unknown> = new Set(SOURCE_FORMATS);
const ENCODING_SET: ReadonlySet<unknown> = new Set(TEXT_ENCODINGS);
/** Hand checks of parsed JSON, with the schemas' rules. */
export const isSourceFormat = (v: unknown): v is SourceFormat => FORMAT_SET.has(v);
export const isTextEncoding = (v: unknown): v is TextEncodingName => ENCODING_SET.has(v);

export const SEGMENT_KINDS = ['heading', 'paragraph', 'list-item'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export const DOCUMENT_FORMAT_VERSION = 1;
