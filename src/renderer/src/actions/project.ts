import { api } from '../api/client.ts';
import type { ProjectInfo } from '../../../shared/domain/project.ts';
import type { Result } from '../../../shared/result.ts';
import { useAppStore } from '../stores/app.ts';
import { useDocumentsStore } from '../stores/documents.ts';
import { useImportStore } from '../stores/import.ts';
import { unsavedEditsHold } from './annotations.ts';
import { openDocumentById, resetWorkspace } from './workspace.ts';

const setApp = useAppStore.setState;

export async function startUp(): Promise<void> {
  const [info, settings, project] = await Promise.all([
    api['app.info']({}),
    api['settings.get']({}),
    api['project.current']({}),
  ]);
  if (!info.ok || !settings.ok || !project.ok) {
    const failure = [info, settings, project].find((result) => !result.ok);
    setApp({ phase: 'failed', alert: failure && !failure.ok ? failure.error.message : null });
    return;
  }
  setApp({
    phase: 'ready',
    info: info.value,
    settings: settings.value,
    project: project.value,
    alert: info.value.startupProblem,
    dialog: settings.value.reviewerName === null ? { kind: 'reviewer-name', firstRun: true } : null,
  });
  if (project.value) await refreshDocuments();
}

export function dismissAlert(): void {
  setApp({ alert: null });
}

export function closeDialog(): void {
  setApp({ dialog: null });
}

export function askReviewerName(): void {
  setApp({ dialog: { kind: 'reviewer-name', firstRun: false } });
}

/** Answers the error message to show in the dialog, or null once the name is saved. */
export async function saveReviewerName(name: string): Promise<string | null> {
  // Edits not saved yet go to the file of the reviewer who made them: not under another name.
  if (name !== useAppStore.getState().settings?.reviewerName) {
    const held = await unsavedEditsHold();
    if (held) return held;
  }
  const result = await api['settings.setReviewerName']({ name });
  if (!result.ok) return result.error.message;
  setApp({ settings: result.value, dialog: null });
  // Annotations are kept per reviewer: a new name means another reviewer's file.
  const open = useAppStore.getState().readingDocumentId;
  if (open) await openDocumentById(open);
  return null;
}

async function refreshSettings(): Promise<void> {
  const result = await api['settings.get']({});
  if (result.ok) setApp({ settings: result.value });
}

export async function refreshDocuments(): Promise<void> {
  void refreshLabelCounts();
  const result = await api['documents.list']({});
  useDocumentsStore.setState({ loading: false });
  if (result.ok) useDocumentsStore.setState({ documents: result.value });
  else setApp({ alert: result.error.message });
}

/** Every reviewer's annotations per label, for the project's progress line, and per reviewer. */
export async function refreshLabelCounts(): Promise<void> {
  const stats = await api['project.stats']({});
  if (stats.ok) useDocumentsStore.setState({ byLabel: stats.value.by_label, byReviewer: stats.value.by_reviewer });
}

/** A failed open may have closed the project that was open before; show what main really has. */
async function syncCurrentProject(): Promise<void> {
  const current = await api['project.current']({});
  if (!current.ok || current.value?.dir === useAppStore.getState().project?.dir) return;
  useDocumentsStore.setState({ documents: [], loading: current.value !== null });
  resetWorkspace();
  setApp({ project: current.value, readingDocumentId: null });
  if (current.value) await refreshDocuments();
}

/** Runs one project-opening call; answers its error message, or null once the project is shown. */
async function enterProject(call: () => Promise<Result<ProjectInfo>>): Promise<string | null> {
  if (useAppStore.getState().busy || useImportStore.getState().progress) return null;
  setApp({ busy: true });
  const held = await unsavedEditsHold();
  if (held) {
    setApp({ busy: false });
    return held;
  }
  const result = await call();
  setApp({ busy: false });
  if (!result.ok) {
    await syncCurrentProject();
    return result.error.message;
  }
  useDocumentsStore.setState({ documents: [], loading: true });
  useImportStore.setState({ report: null });
  resetWorkspace();
  setApp({ project: result.value, alert: null, dialog: null, readingDocumentId: null });
  await Promise.all([refreshDocuments(), refreshSettings()]);
  return null;
}

const showFailure = (message: string | null): void => {
  if (message) setApp({ alert: message });
};

export const createProject = (dir: string, name?: string, taxonomy?: string): Promise<string | null> =>
  enterProject(() => api['project.create']({ dir, ...(name ? { name } : {}), ...(taxonomy ? { taxonomy } : {}) }));

export const openProject = (dir: string): Promise<string | null> => enterProject(() => api['project.open']({ dir }));

export async function openRecentProject(dir: string): Promise<void> {
  showFailure(await openProject(dir));
}

export async function openSampleProject(): Promise<void> {
  showFailure(await enterProject(() => api['project.openSample']({})));
}

/** New project… / Open project…: the native folder picker on the desktop, the in-app path dialog otherwise. */
export async function askForProject(purpose: 'create' | 'open'): Promise<void> {
  const { info, busy, dialog } = useAppStore.getState();
  if (busy || dialog || useImportStore.getState().progress) return;
  if (!info?.nativeDialogs) {
    setApp({ dialog: { kind: 'project-path', purpose } });
    return;
  }
  const picked = await api['dialog.pickProjectFolder']({ purpose });
  if (!picked.ok) return showFailure(picked.error.message);
  if (picked.value === null) return;
  showFailure(await (purpose === 'create' ? createProject(picked.value) : openProject(picked.value)));
}

export async function closeProject(): Promise<void> {
  if (useAppStore.getState().busy || useImportStore.getState().progress) return;
  setApp({ busy: true });
  const held = await unsavedEditsHold();
  if (held) {
    setApp({ busy: false });
    return showFailure(held);
  }
  const result = await api['project.close']({});
  setApp({ busy: false });
  if (!result.ok) return showFailure(result.error.message);
  useDocumentsStore.setState({ documents: [], loading: false });
  useImportStore.setState({ report: null });
  resetWorkspace();
  setApp({ project: null, alert: null, readingDocumentId: null });
  await refreshSettings();
}

export async function forgetRecentProject(dir: string): Promise<void> {
  const result = await api['settings.forgetRecent']({ dir });
  if (result.ok) setApp({ settings: result.value });
  else showFailure(result.error.message);
}
