// PLACEHOLDER until the import pipeline lands: plain UTF-8 text, one segment per non-empty line.
import type { ParsedDocument, Segment } from '../../../shared/domain/document.ts';
import { AppError } from '../../../shared/result.ts';

export async function parseSource(input: { fileName: string; bytes: Uint8Array }): Promise<ParsedDocument> {
  if (input.bytes.length === 0) throw new AppError('FILE_EMPTY', `${input.fileName}: the file is empty.`);
  const text = new TextDecoder().decode(input.bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const segments: Segment[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const cps = [...line].length;
    if (line.trim()) segments.push({ index: segments.length, start: offset, end: offset + cps, kind: 'paragraph' });
    offset += cps + 1;
  }
  return { title: input.fileName.replace(/\.[^.]+$/, ''), format: 'txt', encoding: 'utf-8', text, segments };
}
