import type { Annotation } from '../../../shared/domain/annotation.ts';
import type { ClausemarkDocument, DocumentSummary } from '../../../shared/domain/document.ts';
import type { LabelExample } from '../../../shared/domain/taxonomy-api.ts';
import { CodePointIndex } from '../../../shared/text/codepoints.ts';
import type { LogSnapshot } from '../annotations/project-annotations.ts';

const QUOTE_MAX = 1000;
const shorten = (s: string): string => {
  const points = [...s];
  return points.length > QUOTE_MAX ? `${points.slice(0, QUOTE_MAX).join('')}…` : s;
};

/**
 * Every reviewer's annotations of `label` marked as examples, ordered by document title, then by
 * position; a segment annotation is quoted with its segment's text.
 */
export async function labelExamples(
  label: string,
  logs: readonly LogSnapshot[],
  documents: readonly DocumentSummary[],
  getDocument: (id: string) => Promise<ClausemarkDocument>,
): Promise<LabelExample[]> {
  const titles = new Map(documents.map((d) => [d.id, d.title]));
  const order = new Map(documents.map((d, i) => [d.id, i]));
  const found: Annotation[] = [];
  for (const log of logs) for (const a of log.fold.annotations.values()) if (a.example && a.label === label && titles.has(a.documentId)) found.push(a);
  const position = (a: Annotation): number => (a.target.type === 'span' ? a.target.start : -1);
  found.sort((a, b) => (order.get(a.documentId) ?? 0) - (order.get(b.documentId) ?? 0) || position(a) - position(b) || (a.id < b.id ? -1 : 1));
  const texts = new Map<string, ClausemarkDocument | null>();
  const examples: LabelExample[] = [];
  for (const a of found) {
    let quote: string;
    if (a.target.type === 'span') quote = a.target.quote;
    else {
      if (!texts.has(a.documentId)) texts.set(a.documentId, await getDocument(a.documentId).catch(() => null));
      const doc = texts.get(a.documentId);
      const segment = doc?.segments[a.target.segment];
      quote = doc && segment ? new CodePointIndex(doc.text).slice(segment.start, segment.end) : '';
    }
    examples.push({
      annotationId: a.id,
      documentId: a.documentId,
      documentTitle: titles.get(a.documentId) ?? a.documentId,
      reviewer: a.reviewer,
      quote: shorten(quote),
    });
  }
  return examples;
}
