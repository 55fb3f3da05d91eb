import { open, rename, type FileHandle } from 'node:fs/promises';
import { ChunkedFile, tempNameFor } from './output.ts';

/**
 * `datasets.load_dataset("json", data_dir=...)` reads a JSONL file in chunks (10 MiB) and takes the
 * schema Arrow infers from the first one: a list that is empty on every line of that chunk becomes a
 * list of nulls, and a later chunk whose lines fill it (an attribute, an evidence span) then cannot be
 * cast to it, so the load fails. An `hf` split larger than that gets the lines that first show each
 * nested list filled moved to its top (they are then in the first chunk); the other lines keep their
 * order. A split whose such lines are all near its top already is left exactly as written.
 * The loader takes the first split's schema for the others too, which no order within a split can
 * mend: `hfSchemaWarning` says when a later split fills a list the first leaves empty.
 */

/** datasets' JSON chunk is 10 MiB; lines ending within this many bytes are surely in the first one. */
export const SCHEMA_BYTES = 8 << 20;

/** The nested lists of a record, by the key the export writes them under. */
export const NESTED_LISTS = ['spans', 'attributes', 'evidence', 'reviewers'] as const;
export type NestedList = (typeof NESTED_LISTS)[number];
/** What a record's JSON holds when a nested list is not empty (compact JSON, as the export writes it). */
const MARKERS = NESTED_LISTS.map((name) => Buffer.from(`"${name}":[{`));

const READ_BYTES = 1 << 20;
const NEWLINE = Buffer.from('\n');

interface Line {
  start: number;
  length: number;
}

/**
 * Calls `visit` for each line of the file (without its newline), in order, with where it starts. The
 * line's bytes are only valid during the call (one read buffer serves the whole file).
 */
async function eachLine(handle: FileHandle, visit: (line: Buffer, at: Line) => void | Promise<void>): Promise<void> {
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  // The start of a line that runs past the buffer, copied: only such a line is ever joined.
  let parts: Buffer[] = [];
  let offset = 0;
  let lineStart = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, offset);
    if (bytesRead === 0) break;
    const data = buffer.subarray(0, bytesRead);
    let from = 0;
    for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
      const line = parts.length > 0 ? Buffer.concat([...parts, data.subarray(from, nl)]) : data.subarray(from, nl);
      parts = [];
      await visit(line, { start: lineStart, length: line.length });
      from = nl + 1;
      lineStart = offset + from;
    }
    if (from < bytesRead) parts.push(Buffer.from(data.subarray(from)));
    offset += bytesRead;
  }
  if (parts.length > 0) {
    const line = Buffer.concat(parts);
    await visit(line, { start: lineStart, length: line.length });
  }
}

/**
 * The lines that first show each nested list filled: the line showing most of them, then for each one
 * still missing the first line showing it. Answers their indexes in file order.
 */
function pickWitnesses(flags: number[][]): number[] {
  const missing = new Set(MARKERS.map((_, i) => i).filter((m) => flags.some((f) => f.includes(m))));
  const chosen: number[] = [];
  while (missing.size > 0) {
    let best = -1;
    let bestCount = 0;
    flags.forEach((f, i) => {
      const count = f.filter((m) => missing.has(m)).length;
      if (count > bestCount) {
        best = i;
        bestCount = count;
      }
    });
    chosen.push(best);
    for (const m of flags[best] as number[]) missing.delete(m);
  }
  return chosen.sort((a, b) => a - b);
}

/**
 * Moves the lines that show the records' nested lists to the top of a split, when they are far down.
 * Answers which nested lists some line of the split fills.
 */
export async function putSchemaLinesFirst(path: string, withinBytes = SCHEMA_BYTES): Promise<Set<NestedList>> {
  const handle = await open(path, 'r');
  let rewrite: { witnesses: number[]; lines: Line[] } | null = null;
  try {
    const lines: Line[] = [];
    const flags: number[][] = [];
    await eachLine(handle, (line, at) => {
      lines.push(at);
      flags.push(MARKERS.flatMap((marker, m) => (line.includes(marker) ? [m] : [])));
    });
    const witnesses = pickWitnesses(flags);
    const filled = new Set(witnesses.flatMap((i) => (flags[i] as number[]).map((m) => NESTED_LISTS[m] as NestedList)));
    // Near the top already (each ends within the first bytes): nothing to move.
    const last = witnesses.at(-1);
    const far = last !== undefined && (lines[last] as Line).start + (lines[last] as Line).length >= withinBytes;
    if (far) rewrite = { witnesses, lines };
    if (!rewrite) return filled;
    const out = await ChunkedFile.create(tempNameFor(path));
    try {
      for (const i of rewrite.witnesses) {
        const { start, length } = rewrite.lines[i] as Line;
        const bytes = Buffer.allocUnsafe(length + 1);
        await handle.read(bytes, 0, length + 1, start);
        bytes[length] = 10;
        await out.write(bytes);
      }
      const skip = new Set(rewrite.witnesses);
      // Lines gathered into writes of about a megabyte.
      let batch: Buffer[] = [];
      let batched = 0;
      const flush = async () => {
        if (batch.length > 0) await out.write(Buffer.concat(batch, batched));
        batch = [];
        batched = 0;
      };
      let index = 0;
      await eachLine(handle, async (line) => {
        if (skip.has(index++)) return;
        batch.push(Buffer.from(line), NEWLINE);
        batched += line.length + 1;
        if (batched >= READ_BYTES) await flush();
      });
      await flush();
      await out.finish();
      await rename(out.tempPath, path);
      return filled;
    } catch (error) {
      await out.abandon();
      throw error;
    }
  } finally {
    await handle.close();
  }
}

const WHAT: Record<NestedList, string> = { spans: 'spans', attributes: 'attribute values', evidence: 'evidence spans', reviewers: 'reviewers' };

/**
 * The warning an hf export gives when a split after the first fills a nested list the first never
 * does: datasets' JSON loader infers the schema from the first split and cannot read that one.
 */
export function hfSchemaWarning(splits: { name: string; filled: Set<NestedList> }[]): string | null {
  const [first, ...rest] = splits;
  if (!first) return null;
  const said = (lists: Iterable<NestedList>, joiner: string): string => [...lists].map((m) => WHAT[m]).join(joiner);
  // Each later split with the lists it fills that the first never does.
  const beyond = rest.map(({ name, filled }) => ({ name, missing: [...filled].filter((list) => !first.filled.has(list)) })).filter((s) => s.missing.length > 0);
  if (beyond.length === 0) return null;
  const lacking = new Set(beyond.flatMap((s) => s.missing));
  const others = beyond.map((s) => `${s.name} has ${said(s.missing, ' and ')}`).join(', ');
  return `${first.name} has no ${said(lacking, ' or ')}, but ${others}: datasets.load_dataset("json", data_dir=...) infers the schema from ${first.name} and cannot read them. Load the folder itself (datasets.load_dataset("<folder>")), which uses the features the dataset card declares, or export with another --seed or --split.`;
}
