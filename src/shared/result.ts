/**
 * Every call across a process boundary answers with a Result: an exception thrown across IPC
 * arrives as a bare message, so failures travel as values with a code the UI can explain.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NO_PROJECT_OPEN',
  'PROJECT_NOT_FOUND',
  'PROJECT_EXISTS',
  'PROJECT_LOCKED',
  'PROJECT_DAMAGED',
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_DAMAGED',
  'FILE_NOT_FOUND',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_BINARY',
  'FILE_UNSUPPORTED',
  'FILE_CORRUPT',
  'FILE_ENCRYPTED',
  'FILE_NO_TEXT',
  'TAXONOMY_INVALID',
  'TAXONOMY_IN_USE',
  'TAXONOMY_CHANGED',
  'ANNOTATION_INVALID',
  'ANNOTATION_NOT_FOUND',
  // Datasets: an export that cannot be written as asked; a long export or import the reviewer cancelled.
  'EXPORT_INVALID',
  'CANCELLED',
  'UNSUPPORTED',
  'IO_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  /** One sentence a reviewer understands, naming the file where there is one. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** An error with a code; services throw it, the dispatcher turns it into a failed Result. */
export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
