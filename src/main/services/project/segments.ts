import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { codePointLength } from '../../../shared/text/codepoints.ts';

/**
 * What is wrong with a document's segments, or null: each must lie inside the text (code points),
 * start no later than it ends, follow the one before it and carry its position as its index. A file
 * edited by hand or cut short by a sync must be reported here, not fail later when it is shown.
 * `length` is the text's length in code points, when the caller has it.
 */
export function segmentProblem(doc: ClausemarkDocument, length = codePointLength(doc.text)): string | null {
  let previousEnd = 0;
  for (const [i, s] of doc.segments.entries()) {
    const where = `segment ${i}`;
    if (s.index !== i) return `${where} says it is number ${s.index}`;
    if (s.start > s.end) return `${where} starts at ${s.start}, after its end ${s.end}`;
    if (s.end > length) return `${where} ends at ${s.end}, past the end of the text (${length} characters)`;
    if (s.start < previousEnd) return `${where} starts at ${s.start}, before the previous one ends (${previousEnd})`;
    previousEnd = s.end;
  }
  return null;
}
