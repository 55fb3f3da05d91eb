import { create } from 'zustand';
import type { DocumentSummary } from '../../../shared/domain/document.ts';

export type SortKey = 'title' | 'fileName' | 'format' | 'encoding' | 'segmentCount' | 'reviewerAnnotationCount' | 'annotationCount' | 'status';

export interface DocumentsState {
  documents: DocumentSummary[];
  /** True until the open project's list has arrived once. */
  loading: boolean;
  sort: { key: SortKey; descending: boolean };
  /** Every reviewer's annotations per label (the project's stats). */
  byLabel: Record<string, number>;
  /** Annotations per reviewer (the project's stats): who can be exported on their own. */
  byReviewer: Record<string, number>;
}

export const useDocumentsStore = create<DocumentsState>()(() => ({
  documents: [],
  loading: false,
  sort: { key: 'title', descending: false },
  byLabel: {},
  byReviewer: {},
}));

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortDocuments(documents: DocumentSummary[], sort: DocumentsState['sort']): DocumentSummary[] {
  const { key, descending } = sort;
  const sign = descending ? -1 : 1;
  return [...documents].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x ?? ''), String(y ?? ''));
    return sign * order || collator.compare(a.title, b.title);
  });
}
