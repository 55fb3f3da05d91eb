import { useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { IMPORTABLE_EXTENSIONS } from '../../../shared/domain/import.ts';
import { showDatasetImport } from '../actions/dataset-import.ts';
import { chooseImportFiles, chooseImportFolder, importPickedFiles } from '../actions/import.ts';
import { closeProject } from '../actions/project.ts';
import { openTaxonomyEditor } from '../actions/taxonomy.ts';
import { collectDropped } from '../import/dropped.ts';
import type { PickedFile } from '../import/files.ts';
import { filesInput, folderInput } from '../import/pickers.ts';
import { useAppStore } from '../stores/app.ts';
import { useDocumentsStore } from '../stores/documents.ts';
import { useExportStore } from '../stores/export.ts';
import { useImportStore } from '../stores/import.ts';
import { useWorkspaceStore } from '../stores/workspace.ts';
import { SaveIndicator } from '../workspace/Panels.tsx';
import { DatasetImportDialog } from './DatasetImportDialog.tsx';
import { DocumentTable } from './DocumentTable.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { ImportProgress } from './ImportProgress.tsx';
import { ImportReportPanel } from './ImportReportPanel.tsx';

const takeInputFiles = (event: ChangeEvent<HTMLInputElement>): PickedFile[] => {
  const input = event.currentTarget;
  const files = Array.from(input.files ?? [], (file) => ({ name: file.webkitRelativePath || file.name, file }));
  // Cleared so that choosing the same files again still fires a change.
  input.value = '';
  return files;
};

const isFileDrag = (event: DragEvent): boolean => event.dataTransfer.types.includes('Files');

export function ProjectView() {
  const project = useAppStore((state) => state.project);
  const busy = useAppStore((state) => state.busy);
  const importing = useImportStore((state) => state.progress !== null);
  const documents = useDocumentsStore((state) => state.documents);
  const loading = useDocumentsStore((state) => state.loading);
  // Edits made in a document and not saved yet are still being retried: the list says so too.
  const unsaved = useWorkspaceStore((state) => state.save.kind !== 'saved');
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed; only the outermost pair matters.
  const dragDepth = useRef(0);

  if (!project) return null;

  const onDragEnter = (event: DragEvent) => {
    if (!isFileDrag(event)) return;
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (!isFileDrag(event)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDragOver = (event: DragEvent) => {
    if (!isFileDrag(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = importing ? 'none' : 'copy';
  };
  const onDrop = (event: DragEvent) => {
    if (!isFileDrag(event)) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    void collectDropped(event.dataTransfer).then(importPickedFiles);
  };

  const disabled = busy || importing;
  return (
    <section
      className="project"
      aria-labelledby="project-title"
      onDragEnter={onDragEnter}
      onDragLeave={onDragLeave}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <header className="project-header">
        <div className="project-heading">
          <h1 id="project-title">{project.name}</h1>
          <p className="project-dir" title={project.dir}>
            {project.dir}
          </p>
          {unsaved && <SaveIndicator />}
        </div>
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={disabled}
            aria-keyshortcuts="Control+I Meta+I"
            onClick={() => void chooseImportFiles()}
          >
            Import files…
          </button>
          <button type="button" className="button" disabled={disabled} onClick={() => void chooseImportFolder()}>
            Import folder…
          </button>
          <button type="button" className="button" disabled={disabled} onClick={openTaxonomyEditor}>
            Taxonomy…
          </button>
          <button type="button" className="button" disabled={disabled} onClick={() => showDatasetImport('annotations')}>
            Import annotations…
          </button>
          <button type="button" className="button" disabled={disabled} onClick={() => showDatasetImport('opp115')}>
            Import OPP-115…
          </button>
          <button type="button" className="button" disabled={disabled} onClick={() => useExportStore.getState().show()}>
            Export…
          </button>
          <button type="button" className="button quiet" disabled={disabled} onClick={() => void closeProject()}>
            Close project
          </button>
        </div>
      </header>

      {project.problems.length > 0 && (
        <div className="notice" role="status">
          <p>
            {project.problems.length === 1
              ? 'One file in this project could not be read. It was left as it is:'
              : `${project.problems.length} files in this project could not be read. They were left as they are:`}
          </p>
          <ul>
            {project.problems.map((problem) => (
              <li key={problem.file}>{problem.message}</li>
            ))}
          </ul>
        </div>
      )}

      <ImportProgress />
      <ExportDialog />
      <DatasetImportDialog />
      <ImportReportPanel />

      {loading ? (
        <p className="muted">Loading documents…</p>
      ) : documents.length > 0 ? (
        <DocumentTable documents={documents} />
      ) : (
        <div className="empty">
          <h2>No documents yet</h2>
          <p>
            Import the privacy policies you want to review with <strong>Import files…</strong> or{' '}
            <strong>Import folder…</strong>, or drop policy files or folders here.
          </p>
          <p className="muted">Clausemark reads {IMPORTABLE_EXTENSIONS.join(' ')} files. The originals are not changed.</p>
        </div>
      )}

      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        accept={IMPORTABLE_EXTENSIONS.join(',')}
        data-testid="import-files-input"
        onChange={(event) => void importPickedFiles(takeInputFiles(event))}
      />
      <input
        ref={(element) => {
          folderInput.current = element;
          if (element) element.webkitdirectory = true;
        }}
        type="file"
        hidden
        data-testid="import-folder-input"
        onChange={(event) => void importPickedFiles(takeInputFiles(event))}
      />

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{importing ? 'An import is running; drop again when it has finished.' : 'Drop policy files or folders to import them'}</p>
        </div>
      )}
    </section>
  );
}
