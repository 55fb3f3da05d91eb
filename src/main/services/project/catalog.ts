import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  DOCUMENT_FORMAT_VERSION,
  SOURCE_FORMATS,
  TEXT_ENCODINGS,
  documentSchema,
  type ClausemarkDocument,
} from '../../../shared/domain/document.ts';
import { isSourceFormat, isTextEncoding } from '../../../shared/domain/document-values.ts';
import { isObject, keysAre } from '../../../shared/is-object.ts';
import { AppError } from '../../../shared/result.ts';
import { codePointLength } from '../../../shared/text/codepoints.ts';
import { writeFileAtomic } from '../fs/atomic.ts';
import { readJsonFile } from '../fs/json.ts';
import { listStampedFiles, mapLimit, sameStamp, type FileStamp } from './files.ts';
import { CACHE_DIR, DOCUMENTS_DIR, documentFile } from './layout.ts';
import { segmentProblem } from './segments.ts';

const stampShape = { size: z.number(), mtimeMs: z.number(), id: z.string() };
const catalogEntrySchema = z.union([
  z.object({
    ...stampShape,
    ok: z.literal(true),
    sha256: z.string(),
    summary: z.object({
      id: z.string(),
      title: z.string(),
      fileName: z.string(),
      format: z.enum(SOURCE_FORMATS).nullable(),
      encoding: z.enum(TEXT_ENCODINGS).nullable(),
      segmentCount: z.number(),
      characterCount: z.number(),
    }),
  }),
  z.object({ ...stampShape, ok: z.literal(false), problem: z.object({ file: z.string(), message: z.string() }) }),
]);

/** What the list needs of one document file, without its text. */
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/**
 * 3: a header line, then one entry per line, read a line at a time (format 2 was one JSON object,
 * parsed whole: ~9 MB of text and its copy at 20,000 documents); 2: entries are made only after the
 * segment check.
 */
const CACHE_FORMAT_VERSION = 3;
const CACHE_HEADER = JSON.stringify({ formatVersion: CACHE_FORMAT_VERSION });

const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const SUMMARY_KEYS = ['id', 'title', 'fileName', 'format', 'encoding', 'segmentCount', 'characterCount'];
const OK_KEYS = ['size', 'mtimeMs', 'id', 'ok', 'sha256', 'summary'];
const DAMAGED_KEYS = ['size', 'mtimeMs', 'id', 'ok', 'problem'];

/** Whether a parsed value is plainly an entry as the schema would take it, unchanged (checked by hand: the schema copies). */
export function plainEntry(e: unknown): boolean {
  if (!isObject(e) || !finite(e.size) || !finite(e.mtimeMs) || typeof e.id !== 'string') return false;
  if (e.ok === false) return keysAre(e, DAMAGED_KEYS) && isObject(e.problem) && keysAre(e.problem, ['file', 'message']) && typeof e.problem.file === 'string' && typeof e.problem.message === 'string';
  const m = e.summary;
  return (
    e.ok === true &&
    keysAre(e, OK_KEYS) &&
    typeof e.sha256 === 'string' &&
    isObject(m) &&
    keysAre(m, SUMMARY_KEYS) &&
    typeof m.id === 'string' &&
    typeof m.title === 'string' &&
    typeof m.fileName === 'string' &&
    (m.format === null || isSourceFormat(m.format)) &&
    (m.encoding === null || isTextEncoding(m.encoding)) &&
    finite(m.segmentCount) &&
    finite(m.characterCount)
  );
}

/** One line of the cache as an entry: as parsed when plainly one, else as the schema reads it; null when it is none. */
export function cacheEntry(value: unknown): CatalogEntry | null {
  if (plainEntry(value)) return value as CatalogEntry;
  const parsed = catalogEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Derived, per computer, safe to delete: what the catalog knew of each document file at last save. */
export const CATALOG_CACHE_FILE = `${CACHE_DIR}/documents.jsonl`;
/** Format 2's cache, removed when the new one is written. */
const OLD_CACHE_FILE = `${CACHE_DIR}/documents.json`;

/** Reads one document file, checking that its id matches its file name and its segments its text. Throws DOCUMENT_DAMAGED. */
export async function readDocumentFile(projectDir: string, id: string): Promise<ClausemarkDocument> {
  const name = documentFile(id);
  const doc = await readJsonFile(join(projectDir, name), documentSchema, {
    damagedCode: 'DOCUMENT_DAMAGED',
    name,
    formatVersion: DOCUMENT_FORMAT_VERSION,
  });
  if (doc.id !== id) {
    throw new AppError('DOCUMENT_DAMAGED', `${name} is damaged: it says its id is "${doc.id}", but its file name says "${id}". It was left as it is.`);
  }
  const problem = segmentProblem(doc);
  if (problem) throw new AppError('DOCUMENT_DAMAGED', `${name} is damaged: ${problem}. It was left as it is.`);
  return doc;
}

export function entryFor(doc: ClausemarkDocument, stamp: FileStamp): CatalogEntry {
  return {
    ...stamp,
    ok: true,
    id: doc.id,
    sha256: doc.source.sha256,
    summary: {
      id: doc.id,
      title: doc.title,
      fileName: doc.source.fileName,
      format: doc.source.format,
      encoding: doc.source.encoding,
      segmentCount: doc.segments.length,
      characterCount: codePointLength(doc.text),
    },
  };
}

/**
 * The project's documents as last seen on disk. A refresh re-reads only files whose size or mtime
 * changed, so listing a 1,000-document project again costs a readdir and 1,000 stats, and files a
 * git pull or a shared drive changes underneath an open project are picked up.
 */
export class DocumentCatalog {
  private entries = new Map<string, CatalogEntry>();
  /** Made when first asked (imports ask; an export never does), then kept up to date. */
  private bySha: Map<string, string> | null = null;
  private loaded = false;
  /** Whether entries changed since the cache was read or saved. */
  private unsaved = false;

  constructor(private readonly projectDir: string) {}

  get isLoaded(): boolean {
    return this.loaded;
  }

  /**
   * Takes entries from the cache, so opening a project reads one small file and stats the documents
   * instead of parsing every one; refresh() still re-reads any file whose size or mtime differs.
   * A missing, damaged or outdated cache is simply not used.
   */
  private async loadCache(): Promise<void> {
    this.entries = new Map();
    const stream = createReadStream(join(this.projectDir, CATALOG_CACHE_FILE), { encoding: 'utf8' });
    try {
      let header = true;
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        if (header) {
          // Another format (or none): the documents are read instead.
          if (line !== CACHE_HEADER) break;
          header = false;
          continue;
        }
        // A line that is no entry (a torn write, an edit) only means that document is read again.
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          continue;
        }
        const entry = cacheEntry(value);
        if (entry) this.entries.set(entry.id, entry);
      }
    } catch (error) {
      this.entries = new Map();
      // Missing: an older version's cache is taken once (then written anew); else the documents are read.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') await this.loadOldCache();
    } finally {
      stream.destroy();
    }
  }

  /** Format 2's cache, one JSON object parsed whole: read once after an update, so the documents need not be. */
  private async loadOldCache(): Promise<void> {
    try {
      const parsed: unknown = JSON.parse(await readFile(join(this.projectDir, OLD_CACHE_FILE), 'utf8'));
      if (!isObject(parsed) || parsed.formatVersion !== 2 || !Array.isArray(parsed.entries)) return;
      for (const value of parsed.entries) {
        const entry = cacheEntry(value);
        if (entry) this.entries.set(entry.id, entry);
      }
      this.unsaved = true;
    } catch {
      this.entries = new Map();
    }
  }

  /** Writes the cache if anything changed; only a store holding the lock calls this. */
  async saveCache(): Promise<void> {
    if (!this.unsaved) return;
    const path = join(this.projectDir, CATALOG_CACHE_FILE);
    await mkdir(dirname(path), { recursive: true });
    const entries = [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    await writeFileAtomic(path, `${[CACHE_HEADER, ...entries.map((e) => JSON.stringify(e))].join('\n')}\n`);
    await rm(join(this.projectDir, OLD_CACHE_FILE), { force: true });
    this.unsaved = false;
  }

  async refresh(): Promise<void> {
    if (!this.loaded) await this.loadCache();
    const files = await listStampedFiles(join(this.projectDir, DOCUMENTS_DIR), '.json');
    const next = new Array<CatalogEntry>(files.length);
    // Only files whose stamp changed are read (a promise each); the others keep their entry.
    const changed: number[] = [];
    files.forEach((file, i) => {
      const known = this.entries.get(file.name.slice(0, -'.json'.length));
      if (known && sameStamp(known, file)) next[i] = known;
      else changed.push(i);
    });
    await mapLimit(changed, 32, async (i): Promise<void> => {
      const file = files[i] as (typeof files)[number];
      const id = file.name.slice(0, -'.json'.length);
      this.unsaved = true;
      const stamp = { size: file.size, mtimeMs: file.mtimeMs };
      try {
        next[i] = entryFor(await readDocumentFile(this.projectDir, id), stamp);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        next[i] = { ...stamp, ok: false, id, problem: { file: documentFile(id), message: error.message } };
      }
    });
    if (next.length !== this.entries.size) this.unsaved = true;
    this.entries = new Map(next.map((e) => [e.id, e]));
    this.bySha = null;
    this.loaded = true;
  }

  /** Every document file, readable or damaged, in no particular order. */
  all(): CatalogEntry[] {
    return [...this.entries.values()];
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.get(id);
  }

  /** The document already holding content with this sha256, if any. */
  findBySha(sha256: string): CatalogEntry | undefined {
    if (!this.bySha) {
      this.bySha = new Map();
      for (const e of this.entries.values()) if (e.ok) this.bySha.set(e.sha256, e.id);
    }
    const id = this.bySha.get(sha256);
    return id === undefined ? undefined : this.entries.get(id);
  }

  add(entry: CatalogEntry): void {
    this.unsaved = true;
    this.entries.set(entry.id, entry);
    if (entry.ok) this.bySha?.set(entry.sha256, entry.id);
  }
}
