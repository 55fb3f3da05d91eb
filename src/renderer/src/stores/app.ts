import { create } from 'zustand';
import type { AppInfo, Settings } from '../../../shared/api/contract.ts';
import type { ProjectInfo } from '../../../shared/domain/project.ts';

/** Which in-app dialog is open; at most one at a time. */
export type DialogState =
  | { kind: 'reviewer-name'; firstRun: boolean }
  | { kind: 'project-path'; purpose: 'create' | 'open' };

export interface AppState {
  /** 'loading' until the first answers from main arrive; 'failed' if main could not be reached. */
  phase: 'loading' | 'ready' | 'failed';
  info: AppInfo | null;
  settings: Settings | null;
  project: ProjectInfo | null;
  /** A project is being opened, created or closed; buttons that would race it are disabled. */
  busy: boolean;
  /** The last failure a reviewer should read, shown in the alert region until dismissed. */
  alert: string | null;
  dialog: DialogState | null;
  /** The document shown in the reading view, or null for the document list. */
  readingDocumentId: string | null;
}

export const useAppStore = create<AppState>()(() => ({
  phase: 'loading',
  info: null,
  settings: null,
  project: null,
  busy: false,
  alert: null,
  dialog: null,
  readingDocumentId: null,
}));
