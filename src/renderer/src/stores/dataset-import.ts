import { create } from 'zustand';
import type { AnnotationImportReport, Opp115Report } from '../../../shared/domain/dataset.ts';

export type DatasetImportKind = 'annotations' | 'opp115';

/** The Import annotations… / Import OPP-115… dialog: which one is up, a run in progress, its report or error. */
interface DatasetImportState {
  kind: DatasetImportKind | null;
  running: boolean;
  annotationReport: AnnotationImportReport | null;
  opp115Report: Opp115Report | null;
  error: string | null;
}

export const useDatasetImportStore = create<DatasetImportState>(() => ({
  kind: null,
  running: false,
  annotationReport: null,
  opp115Report: null,
  error: null,
}));
