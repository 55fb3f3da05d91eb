import writeFileAtomicLib from 'write-file-atomic';

/**
 * Replaces `path` with `data` via a temp file in the same folder, fsync and rename, so a crash or a
 * full disk leaves either the old file or the new one, never a half-written file.
 * Concurrent writes to one path are queued by write-file-atomic in call order.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomicLib(path, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    fsync: true,
  });
}

/** Writes plain JSON data atomically in the layout of `stringifyJson`. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, stringifyJson(value));
}

/**
 * Deterministic JSON for files people diff and merge: keys in the order the object holds them
 * (callers build objects in the schema's declared order, and zod's parse returns that order), 2-space
 * indent, a trailing newline, and an object whose values are all primitives written on one line when
 * it is an element of an array, so a document's 5,000 segments take 5,000 lines, one per segment.
 * Keys are not sorted: the schema's order keeps `formatVersion` and `id` at the top where a reader
 * looks first. Takes plain JSON data only (no Dates, Maps or class instances).
 */
export function stringifyJson(value: unknown): string {
  return `${format(value, '')}\n`;
}

function isFlatObject(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || typeof v !== 'object')
  );
}

function format(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    const items = value.map((item: unknown) => inner + (isFlatObject(item) ? JSON.stringify(item) : format(item, inner)));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = `${indent}  `;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
    return `{\n${items.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
