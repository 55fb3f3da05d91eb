import { createHash } from 'node:crypto';

/** Names of a project folder's parts; docs/project-format.md describes them. */
export const MANIFEST_FILE = 'clausemark.json';
export const TAXONOMY_FILE = 'taxonomy.json';
export const DOCUMENTS_DIR = 'documents';
export const ANNOTATIONS_DIR = 'annotations';
export const GITIGNORE_FILE = '.gitignore';
/** Derived data each computer rebuilds from the files above; never shared. */
export const CACHE_DIR = '.clausemark-cache';

/** Hex digits of the content's sha256 that name a document: 64 bits, so distinct files never meet. */
const ID_HEX_DIGITS = 16;

export const documentIdFor = (sha256: string): string => sha256.slice(0, ID_HEX_DIGITS);

/** Path of a document file relative to the project, as messages and problems name it. */
export const documentFile = (id: string): string => `${DOCUMENTS_DIR}/${id}.json`;

/**
 * File name stem of a reviewer's annotation file: lower-case ASCII letters, digits and dashes, so the
 * name is the same on every file system ("Ana Müller" -> "ana-muller").
 */
export function reviewerSlug(reviewer: string): string {
  const slug = reviewer
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // A name with no Latin letters or digits ("李明") still needs a file of its own.
  return slug || `reviewer-${createHash('sha256').update(reviewer).digest('hex').slice(0, 8)}`;
}

export const annotationFile = (reviewer: string): string => `${ANNOTATIONS_DIR}/${reviewerSlug(reviewer)}.jsonl`;

/** The project's .gitignore: the lock belongs to one computer's session and must not be shared. */
export const GITIGNORE_TEXT =
  '# Written by Clausemark: the lock and the cache belong to one computer and are never shared.\n.clausemark.lock/\n.clausemark-cache/\n';

/**
 * Lines for the temp files a save cut short leaves (write-file-atomic names them "<file>.<number>");
 * part of a new project's .gitignore, and added to an older Clausemark-written one (upkeep.ts).
 */
export const GITIGNORE_TEMP_LINES =
  '# Temp files of a save cut short (documents/abc.json.123456789); Clausemark removes them when it opens the project.\n*.json.[0-9]*\n*.jsonl.[0-9]*\n.gitignore.[0-9]*\n';
