import { api } from '../api/client.ts';
import { IMPORT_BATCH_MAX, MAX_IMPORT_BYTES, type ImportOutcome } from '../../../shared/domain/import.ts';
import type { Result } from '../../../shared/result.ts';
import {
  chunk,
  isImportable,
  skippedOutcome,
  toBase64,
  tooLargeOutcome,
  uploadBatches,
  type PickedFile,
} from '../import/files.ts';
import { filesInput, folderInput } from '../import/pickers.ts';
import { useAppStore } from '../stores/app.ts';
import { useImportStore } from '../stores/import.ts';
import { refreshDocuments } from './project.ts';

interface Batch {
  /** The files as named in their outcomes, so a failed call can still account for each one. */
  files: string[];
  send: () => Promise<Result<ImportOutcome[]>>;
}

const canImport = (): boolean => {
  const { project, busy, dialog } = useAppStore.getState();
  return project !== null && !busy && dialog === null && useImportStore.getState().progress === null;
};

/** Sends the batches one after another, so progress shows and the list fills in as they land. */
async function runImport(batches: Batch[], settled: ImportOutcome[], skipped: ImportOutcome[]): Promise<void> {
  const outcomes = [...settled];
  const total = outcomes.length + batches.reduce((sum, batch) => sum + batch.files.length, 0);
  useImportStore.setState({ progress: { done: outcomes.length, total }, report: null });
  for (const batch of batches) {
    let result: Result<ImportOutcome[]>;
    try {
      result = await batch.send();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { ok: false, error: { code: 'IO_ERROR', message: `The files could not be read: ${message}` } };
    }
    if (result.ok) outcomes.push(...result.value);
    else {
      const { error } = result;
      outcomes.push(...batch.files.map((file): ImportOutcome => ({ file, status: 'failed', error })));
    }
    useImportStore.setState({ progress: { done: outcomes.length, total } });
    if (result.ok && result.value.some((outcome) => outcome.status === 'imported')) await refreshDocuments();
  }
  useImportStore.setState({ progress: null, report: { outcomes, skipped } });
}

/** The web host's path: the renderer holds the files and uploads them, base64-encoded. */
export async function importPickedFiles(picked: PickedFile[]): Promise<void> {
  if (!canImport()) return;
  const skipped = picked.filter((p) => !isImportable(p.name)).map((p) => skippedOutcome(p.name));
  const importable = picked.filter((p) => isImportable(p.name));
  const tooLarge = importable.filter((p) => p.file.size > MAX_IMPORT_BYTES);
  const batches = uploadBatches(importable.filter((p) => p.file.size <= MAX_IMPORT_BYTES)).map(
    (files): Batch => ({
      files: files.map((p) => p.name),
      send: async () =>
        api['import.upload']({
          files: await Promise.all(files.map(async (p) => ({ name: p.name, dataBase64: await toBase64(p.file) }))),
        }),
    }),
  );
  await runImport(batches, tooLarge.map(tooLargeOutcome), skipped);
}

/** The desktop path: main reads the files itself, by path. */
async function importPaths(paths: string[], skipped: ImportOutcome[]): Promise<void> {
  const batches = chunk(paths, IMPORT_BATCH_MAX).map(
    (files): Batch => ({ files, send: () => api['import.paths']({ paths: files }) }),
  );
  await runImport(batches, [], skipped);
}

const showFailure = (message: string): void => useAppStore.setState({ alert: message });

export async function chooseImportFiles(): Promise<void> {
  if (!canImport()) return;
  if (!useAppStore.getState().info?.nativeDialogs) {
    filesInput.current?.click();
    return;
  }
  const picked = await api['dialog.pickImportFiles']({});
  if (!picked.ok) return showFailure(picked.error.message);
  if (picked.value && picked.value.length > 0) await importPaths(picked.value, []);
}

export async function chooseImportFolder(): Promise<void> {
  if (!canImport()) return;
  if (!useAppStore.getState().info?.nativeDialogs) {
    folderInput.current?.click();
    return;
  }
  const picked = await api['dialog.pickImportFolder']({});
  if (!picked.ok) return showFailure(picked.error.message);
  if (picked.value === null) return;
  const expanded = await api['import.expand']({ paths: [picked.value] });
  if (!expanded.ok) return showFailure(expanded.error.message);
  await importPaths(expanded.value.files, expanded.value.skipped);
}

export function dismissImportReport(): void {
  useImportStore.setState({ report: null });
}
