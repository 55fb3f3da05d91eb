import type { ConsolidationThreshold, InterchangeFormat, OffsetUnit } from '../../../shared/domain/dataset.ts';
import type { Result } from '../../../shared/result.ts';
import { api } from '../api/client.ts';
import { useAppStore } from '../stores/app.ts';
import { useDatasetImportStore, type DatasetImportKind } from '../stores/dataset-import.ts';
import { useExportStore } from '../stores/export.ts';
import { useImportStore } from '../stores/import.ts';
import { refreshDocuments } from './project.ts';

const set = useDatasetImportStore.setState;

/** Opens Import annotations… or Import OPP-115… (the buttons and the desktop menu). */
export function showDatasetImport(kind: DatasetImportKind): void {
  const { project, busy, dialog } = useAppStore.getState();
  // One dialog at a time: the desktop menu can ask while another is up.
  if (!project || busy || dialog || useImportStore.getState().progress || useExportStore.getState().open || useDatasetImportStore.getState().kind) return;
  set({ kind, running: false, annotationReport: null, opp115Report: null, error: null });
}

export function closeDatasetImport(): void {
  if (useDatasetImportStore.getState().running) return;
  set({ kind: null, annotationReport: null, opp115Report: null, error: null });
}

/** Runs an import; then the document list (new documents, counts) and the project (labels added) are read again. */
async function run<T>(call: () => Promise<Result<T>>, done: (value: T) => void): Promise<void> {
  if (useDatasetImportStore.getState().running) return;
  set({ running: true, error: null, annotationReport: null, opp115Report: null });
  const result = await call();
  set({ running: false });
  if (!result.ok) {
    set({ error: result.error.message });
    return;
  }
  done(result.value);
  const project = await api['project.current']({});
  if (project.ok && project.value) useAppStore.setState({ project: project.value });
  await refreshDocuments();
}

export interface AnnotationImportFields {
  path: string;
  format: InterchangeFormat;
  reviewer: string;
  offsets: OffsetUnit | 'auto';
  addLabels: boolean;
}

export function importAnnotationFile(fields: AnnotationImportFields): Promise<void> {
  const reviewer = fields.reviewer.trim();
  return run(
    () =>
      api['annotations.importFile']({
        path: fields.path.trim(),
        format: fields.format,
        offsets: fields.offsets,
        addLabels: fields.addLabels,
        ...(reviewer ? { reviewer } : {}),
      }),
    (annotationReport) => set({ annotationReport }),
  );
}

export function importOpp115Release(release: string, consolidated: ConsolidationThreshold | null): Promise<void> {
  return run(
    () => api['opp115.import']({ release: release.trim(), ...(consolidated ? { consolidated } : {}) }),
    (opp115Report) => set({ opp115Report }),
  );
}

/** The desktop's native picker for the file (annotations) or the release folder (OPP-115); null when none was chosen. */
export async function browseDatasetPath(kind: DatasetImportKind): Promise<string | null> {
  const picked = kind === 'annotations' ? await api['dialog.pickAnnotationFile']({}) : await api['dialog.pickImportFolder']({});
  if (!picked.ok) {
    set({ error: picked.error.message });
    return null;
  }
  return picked.value;
}
