import type { AppErrorShape } from '../result.ts';

/** Import takes these file name endings; anything else in a folder is skipped. */
export const IMPORTABLE_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.pdf', '.docx'] as const;

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export type ImportStatus = 'imported' | 'duplicate' | 'failed';

/** What became of one file the reviewer asked to import. */
export interface ImportOutcome {
  /** The file as the reviewer named it (a path, or a file name for uploads). */
  file: string;
  status: ImportStatus;
  documentId?: string;
  title?: string;
  /** For 'duplicate': the title of the document already holding the same content. */
  error?: AppErrorShape;
}

/** Up to this many files travel in one import call, so the UI can show progress between calls. */
export const IMPORT_BATCH_MAX = 50;

/**
 * Why a file failed, without the file name the message starts with: for lists that already show the
 * file beside it ("the file is empty." next to empty.txt).
 */
export function failureReason(outcome: ImportOutcome): string {
  const message = outcome.error?.message ?? 'the file could not be imported.';
  const base = outcome.file.split(/[\\/]/).pop() ?? outcome.file;
  for (const name of [outcome.file, base]) {
    if (message.startsWith(`${name}: `)) return message.slice(name.length + 2);
  }
  return message;
}
