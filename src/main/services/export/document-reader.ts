import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_FORMAT_VERSION, SEGMENT_KINDS, isSourceFormat, isTextEncoding } from '../../../shared/domain/document-values.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { segmentProblem } from '../project/segments.ts';
import { documentFile } from '../project/layout.ts';
import type { ProjectStore } from '../project/store.ts';
import { isObject } from '../../../shared/is-object.ts';

const SHA256 = /^[0-9a-f]{64}$/;
const ID = /^[a-z0-9-]+$/;
const KINDS: ReadonlySet<unknown> = new Set(SEGMENT_KINDS);

const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Parsed JSON that plainly is a document with this id, by documentSchema's rules checked by hand,
 * all but the segments' offsets against the text (segmentProblem), which the caller checks with the
 * text's length it has.
 */
function plainShape(v: unknown, id: string): v is ClausemarkDocument {
  if (!isObject(v) || v.formatVersion !== DOCUMENT_FORMAT_VERSION || v.id !== id || !ID.test(id)) return false;
  if (typeof v.title !== 'string' || typeof v.text !== 'string' || !Array.isArray(v.segments)) return false;
  const s = v.source;
  if (!isObject(s) || typeof s.fileName !== 'string' || !isSourceFormat(s.format) || !(s.encoding === null || isTextEncoding(s.encoding))) return false;
  if (typeof s.sha256 !== 'string' || !SHA256.test(s.sha256) || !count(s.byteLength) || typeof s.importedAt !== 'string') return false;
  for (const segment of v.segments) {
    if (!isObject(segment) || !count(segment.index) || !count(segment.start) || !count(segment.end) || !KINDS.has(segment.kind)) return false;
  }
  return true;
}

/** Read into, again and again: a policy is rarely more than a few hundred kilobytes. */
let scratch = Buffer.allocUnsafeSlow(1 << 20);

/**
 * A file's text (UTF-8): readFileSync without its stat and its buffer per file, which an export of
 * thousands feels. A read that fills less than it was given has reached the end of the file (a
 * regular file's read stops short only there), so a small file takes one read.
 */
function readText(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafeSlow(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const wanted = scratch.length - length;
      const read = readSync(fd, scratch, length, wanted, null);
      length += read;
      if (read < wanted) return scratch.toString('utf8', 0, length);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A document of the project in `dir` read for an export with one JSON.parse and the schema's checks
 * done by hand (but its segments' offsets: see plainShape); null when it is in any doubt (the store
 * then reads it, for the exact error). No store is needed, so an export worker reads documents this
 * way. Read synchronously: a policy is a small file, and four thread-pool round trips per document
 * cost the export more CPU than reading it (an export reads thousands).
 */
export function readPlainDocument(dir: string, id: string): ClausemarkDocument | null {
  try {
    const doc: unknown = JSON.parse(readText(join(dir, documentFile(id))).replace(/^\uFEFF/, ''));
    if (plainShape(doc, id)) return doc;
  } catch {
    // Read again by the store, for the exact error.
  }
  return null;
}

/**
 * Reads a document for an export (readPlainDocument). A document in any doubt is read again by the
 * store, so a damaged or missing one fails with the same message as in the app.
 */
export async function readExportDocument(store: ProjectStore, id: string): Promise<ClausemarkDocument> {
  const plain = readPlainDocument(store.dir, id);
  if (plain && segmentProblem(plain) === null) return plain;
  return store.getDocument(id);
}
