import { create } from 'zustand';
import type { Annotation } from '../../../shared/domain/annotation.ts';
import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';
import type { TaxonomyMigration, TaxonomyUsage } from '../../../shared/domain/taxonomy-change.ts';
import { useAppStore } from './app.ts';

/** One call of `taxonomy.update`: the taxonomy to set, where annotations go, annotations to put back. */
export interface TaxonomyChange {
  taxonomy: Taxonomy;
  migration?: TaxonomyMigration;
  restore?: Annotation[];
}

/** A change the reviewer made in the editor, with the change that undoes it. */
export interface TaxonomyHistoryEntry {
  /** "Rename “Data Retention” to “Retention”": shown on the Undo and Redo buttons. */
  description: string;
  forward: TaxonomyChange;
  inverse: TaxonomyChange;
}

export interface TaxonomyEditorState {
  /** Whether the editor is shown instead of the document list. */
  open: boolean;
  selectedId: string | null;
  undo: TaxonomyHistoryEntry[];
  redo: TaxonomyHistoryEntry[];
  /** A change is on its way to disk; further edits wait. */
  busy: boolean;
  /** Why the last change was refused, for the editor's alert. */
  error: string | null;
  /** The last change done, for the status line ("Saved: ... (version 4)"). */
  status: string | null;
  /** How many annotations use each label and value, across reviewers. */
  usage: TaxonomyUsage | null;
  /** The label whose deletion is being confirmed (it is in use). */
  deleting: string | null;
}

const initial = (): TaxonomyEditorState => ({
  open: false,
  selectedId: null,
  undo: [],
  redo: [],
  busy: false,
  error: null,
  status: null,
  usage: null,
  deleting: null,
});

export const useTaxonomyStore = create<TaxonomyEditorState>()(initial);

/** The editor's state belongs to one project: another project (or none) starts it afresh. */
useAppStore.subscribe((state, previous) => {
  if (state.project?.dir !== previous.project?.dir || state.project?.id !== previous.project?.id) useTaxonomyStore.setState(initial());
});
