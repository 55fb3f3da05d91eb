import { useState } from 'react';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES, type ExportFormat } from '../../../shared/domain/dataset.ts';
import { useAppStore } from '../stores/app.ts';
import { useExportStore } from '../stores/export.ts';
import { Modal } from './Modal.tsx';
import { ProgressBar } from './ProgressBar.tsx';

const count = new Intl.NumberFormat();

const defaultName = (format: ExportFormat): string =>
  format === 'hf' ? 'dataset' : format === 'csv' ? 'annotations.csv' : format === 'label-studio' ? 'label-studio.json' : `${format}.jsonl`;

/** Export… : the format, the file, which documents and reviewers; progress with Cancel; the result. */
export function ExportDialog() {
  const project = useAppStore((state) => state.project);
  const { open, jobId, progress, summary, error, close, start, cancel } = useExportStore();
  const [format, setFormat] = useState<ExportFormat>('spans');
  const [out, setOut] = useState<string | null>(null);
  const [onlyDone, setOnlyDone] = useState(false);
  const [reviewer, setReviewer] = useState('');
  if (!open || !project) return null;

  const target = out ?? `${project.dir}/exports/${defaultName(format)}`;
  const running = jobId !== null;
  const label = progress ? `Exporting ${count.format(progress.done)} of ${count.format(progress.total)} documents…` : '';

  return (
    <Modal title="Export dataset" onDismiss={running ? undefined : close}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start({ format, out: target, status: onlyDone ? 'done' : 'all', ...(reviewer.trim() ? { reviewer: reviewer.trim() } : {}) });
        }}
      >
        <p className="modal-text">Write the project’s annotations as a dataset file. Offsets count Unicode code points, as Python does.</p>
        <label className="field">
          <span className="field-label">Format</span>
          <select value={format} disabled={running} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{format === 'hf' ? 'Folder' : 'File'}</span>
          <input type="text" value={target} disabled={running} onChange={(e) => setOut(e.currentTarget.value)} />
        </label>
        <label className="field">
          <span className="field-label">Reviewer (empty: every reviewer)</span>
          <input type="text" value={reviewer} disabled={running} onChange={(e) => setReviewer(e.currentTarget.value)} />
        </label>
        <label className="field checkbox">
          <input type="checkbox" checked={onlyDone} disabled={running} onChange={(e) => setOnlyDone(e.currentTarget.checked)} />
          <span>Only documents marked done</span>
        </label>

        {progress && !summary && (
          <ProgressBar label={label} name="Export progress" done={progress.done} total={progress.total} />
        )}
        {summary && (
          <div role="status" className="export-result">
            <h3>Export finished</h3>
            <p>
              {count.format(summary.documents)} documents, {count.format(summary.annotations)} annotations written to {summary.out}.
            </p>
            {summary.warnings.map((w) => (
              <p key={w} className="muted">
                {w}
              </p>
            ))}
          </div>
        )}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          {running ? (
            <button type="button" className="button" onClick={() => void cancel()}>
              Cancel export
            </button>
          ) : (
            <button type="button" className="button" onClick={close}>
              {summary ? 'Close' : 'Cancel'}
            </button>
          )}
          {!summary && (
            <button type="submit" className="button primary" disabled={running}>
              Export
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
