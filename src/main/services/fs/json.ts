import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../../../shared/result.ts';

export interface ReadJsonOptions {
  /** The code a damaged file is reported with (PROJECT_DAMAGED, DOCUMENT_DAMAGED, TAXONOMY_INVALID...). */
  damagedCode: ErrorCode;
  /** How messages name the file, e.g. "documents/abc.json" relative to the project. */
  name: string;
  /** The newest format version this build reads; a file with a higher one was made by a newer Clausemark. */
  formatVersion?: number;
}

const LEFT_AS_IS = 'It was left as it is.';

/** What zod found wrong, as text for a reviewer: the first three problems with where they are. */
export function describeSchemaProblem(issues: z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the top level';
    return `${where}: ${issue.message}`;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more problems)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Parses JSON text, stripping a byte-order mark some Windows editors add. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `not valid JSON (${detail.length > 160 ? `${detail.slice(0, 160)}...` : detail})` };
  }
}

/**
 * Validates already-parsed JSON against `schema`; throws AppError(damagedCode) naming the file, and
 * says so plainly when a newer Clausemark made the file.
 */
function validateJson<S extends z.ZodType>(value: unknown, schema: S, opts: ReadJsonOptions): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (opts.formatVersion !== undefined && typeof version === 'number' && version > opts.formatVersion) {
    throw new AppError(
      opts.damagedCode,
      `${opts.name} was made by a newer Clausemark (format version ${version}; this one reads up to ${opts.formatVersion}). Update Clausemark to open it. ${LEFT_AS_IS}`,
    );
  }
  throw new AppError(opts.damagedCode, `${opts.name} is damaged: ${describeSchemaProblem(parsed.error.issues)}. ${LEFT_AS_IS}`);
}

/**
 * Reads and validates a JSON file. A missing file is FILE_NOT_FOUND, so callers can tell "not there"
 * from "there but damaged" (opts.damagedCode); a damaged file is never touched.
 */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S, opts: ReadJsonOptions): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('FILE_NOT_FOUND', `${opts.name} does not exist.`);
    if (code === 'EISDIR') throw new AppError(opts.damagedCode, `${opts.name} is a folder, not a file. ${LEFT_AS_IS}`);
    throw new AppError('IO_ERROR', `${opts.name} could not be read (${(error as Error).message}).`);
  }
  const json = parseJsonText(text);
  if (!json.ok) throw new AppError(opts.damagedCode, `${opts.name} is damaged: ${json.problem}. ${LEFT_AS_IS}`);
  return validateJson(json.value, schema, opts);
}
