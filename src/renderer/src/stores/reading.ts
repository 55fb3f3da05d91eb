import { create } from 'zustand';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';

export interface ReadingState {
  /** The document open in the reading view once it has arrived from main. */
  document: ClausemarkDocument | null;
  error: string | null;
}

export const useReadingStore = create<ReadingState>()(() => ({ document: null, error: null }));
