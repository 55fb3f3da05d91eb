import { create } from 'zustand';
import type { ImportOutcome } from '../../../shared/domain/import.ts';

export interface ImportReport {
  /** One outcome per file the reviewer asked for, in the order they were sent. */
  outcomes: ImportOutcome[];
  /** Files passed over because of their type (folders hold all sorts of things). */
  skipped: ImportOutcome[];
}

export interface ImportState {
  /** Files settled so far out of all files in the running import; null when none is running. */
  progress: { done: number; total: number } | null;
  /** The last finished import, until the reviewer dismisses it. */
  report: ImportReport | null;
}

export const useImportStore = create<ImportState>()(() => ({ progress: null, report: null }));
