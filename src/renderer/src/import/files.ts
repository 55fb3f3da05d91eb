import { IMPORTABLE_EXTENSIONS, IMPORT_BATCH_MAX, MAX_IMPORT_BYTES, type ImportOutcome } from '../../../shared/domain/import.ts';

/** A file the renderer holds, named as the reviewer sees it (its path inside a picked or dropped folder). */
export interface PickedFile {
  name: string;
  file: File;
}

export function isImportable(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORTABLE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export function skippedOutcome(name: string): ImportOutcome {
  return {
    file: name,
    status: 'failed',
    error: {
      code: 'FILE_UNSUPPORTED',
      message: `${name}: Clausemark does not import this type of file (it reads ${IMPORTABLE_EXTENSIONS.join(' ')}).`,
    },
  };
}

export function tooLargeOutcome(picked: PickedFile): ImportOutcome {
  return {
    file: picked.name,
    status: 'failed',
    error: {
      code: 'FILE_TOO_LARGE',
      message: `${picked.name}: the file is ${megabytes(picked.file.size)}; Clausemark imports files up to ${megabytes(MAX_IMPORT_BYTES)}.`,
    },
  };
}

/**
 * Raw bytes per upload call: base64 grows them by a third, so this keeps a request near 16 MB.
 * A single larger file (up to MAX_IMPORT_BYTES) still travels, alone.
 */
const UPLOAD_BATCH_BYTES = 12 * 1024 * 1024;

export function uploadBatches(files: PickedFile[]): PickedFile[][] {
  const batches: PickedFile[][] = [];
  let current: PickedFile[] = [];
  let bytes = 0;
  for (const picked of files) {
    if (current.length > 0 && (current.length >= IMPORT_BATCH_MAX || bytes + picked.file.size > UPLOAD_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(picked);
    bytes += picked.file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The browser encodes off the main thread; building the string in JS would stall the UI on large files. */
export function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = reader.result as string;
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
