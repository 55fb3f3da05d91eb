import { useEffect, useState } from 'react';
import { DEFAULT_SEED, DEFAULT_SPLIT, EXPORT_FORMATS, EXPORT_FORMAT_NAMES, type ExportFormat, type ExportRequest } from '../../../shared/domain/dataset.ts';
import { refreshLabelCounts } from '../actions/project.ts';
import { useAppStore } from '../stores/app.ts';
import { useDocumentsStore } from '../stores/documents.ts';
import { useExportStore } from '../stores/export.ts';
import { Modal } from './Modal.tsx';
import { ProgressBar } from './ProgressBar.tsx';

const count = new Intl.NumberFormat();

const defaultName = (format: ExportFormat): string =>
  format === 'hf' ? 'dataset' : format === 'csv' ? 'annotations.csv' : format === 'label-studio' ? 'label-studio.json' : `${format}.jsonl`;

const SPLIT_NAMES = ['Train', 'Validation', 'Test'] as const;

/** What is wrong with the split and seed fields as typed, or null. */
function splitProblem(split: readonly string[], seed: string): string | null {
  const fractions = split.map(Number);
  if (fractions.some((f, i) => split[i]?.trim() === '' || !Number.isFinite(f) || f < 0 || f > 1)) return 'Each split fraction is a number from 0 to 1.';
  const sum = fractions.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) return `The split fractions must add up to 1 (they add up to ${Number(sum.toFixed(6))}).`;
  if (!/^\d+$/.test(seed.trim()) || Number(seed) > 2 ** 31 - 1) return 'The seed is a whole number from 0 to 2147483647.';
  return null;
}

/**
 * Export… : the format, the file, which documents, reviewers and labels, and each format's own options
 * (the same as `clausemark export`'s); progress with Cancel; the result.
 */
export function ExportDialog() {
  const project = useAppStore((state) => state.project);
  const { open, jobId, progress, summary, error, close, start, cancel, browse } = useExportStore();
  const nativeDialogs = useAppStore((state) => state.info?.nativeDialogs ?? false);
  const [format, setFormat] = useState<ExportFormat>('spans');
  const [out, setOut] = useState<string | null>(null);
  const [onlyDone, setOnlyDone] = useState(false);
  const [reviewer, setReviewer] = useState('');
  /** Labels left out; none: every label. */
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [perSegment, setPerSegment] = useState(false);
  const [labeledOnly, setLabeledOnly] = useState(false);
  const [split, setSplit] = useState<string[]>(() => DEFAULT_SPLIT.map(String));
  const [seed, setSeed] = useState(String(DEFAULT_SEED));
  const byReviewer = useDocumentsStore((state) => state.byReviewer);
  // The reviewers as they are now (an import may have added one since the list was shown).
  useEffect(() => {
    if (open) void refreshLabelCounts();
  }, [open]);
  if (!open || !project) return null;

  // A reviewer chosen in another project, or before the list arrived, is not offered: every reviewer then.
  const who = Object.hasOwn(byReviewer, reviewer) ? reviewer : '';
  const labels = project.taxonomy.labels.map((l) => l.name);
  const chosen = labels.filter((name) => !excluded.has(name));
  const toggle = (name: string, on: boolean): void => {
    const next = new Set(excluded);
    if (on) next.delete(name);
    else next.add(name);
    setExcluded(next);
  };
  const problem =
    chosen.length === 0 ? 'Choose at least one label.' : format === 'hf' ? splitProblem(split, seed) : null;

  const target = out ?? `${project.dir}/exports/${defaultName(format)}`;
  const running = jobId !== null;
  const label = progress ? `Exporting ${count.format(progress.done)} of ${count.format(progress.total)} documents…` : '';

  return (
    <Modal title="Export dataset" size="wide" onDismiss={running ? undefined : close}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (problem) return;
          const request: ExportRequest = { format, out: target, status: onlyDone ? 'done' : 'all' };
          if (who) request.reviewer = who;
          if (excluded.size > 0) request.labels = chosen;
          if (format === 'spans' && perSegment) request.unit = 'segment';
          if (format === 'segments' && labeledOnly) request.labeledOnly = true;
          if (format === 'hf') {
            request.split = split.map(Number) as [number, number, number];
            request.seed = Number(seed);
          }
          void start(request);
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
        <div className="field">
          <label className="field-label" htmlFor="export-target">
            {format === 'hf' ? 'Folder' : 'File'}
          </label>
          <div className="field-row">
            <input id="export-target" type="text" value={target} disabled={running} onChange={(e) => setOut(e.currentTarget.value)} />
            {nativeDialogs && (
              <button
                type="button"
                className="button"
                disabled={running}
                onClick={() => void browse(target, format === 'hf').then((picked) => picked && setOut(picked))}
              >
                Choose…
              </button>
            )}
          </div>
        </div>
        <label className="field">
          <span className="field-label">Reviewer</span>
          <select value={who} disabled={running} onChange={(e) => setReviewer(e.currentTarget.value)}>
            <option value="">Every reviewer</option>
            {Object.entries(byReviewer).map(([name, n]) => (
              <option key={name} value={name}>
                {name} ({count.format(n)} {n === 1 ? 'annotation' : 'annotations'})
              </option>
            ))}
          </select>
        </label>
        <label className="field checkbox">
          <input type="checkbox" checked={onlyDone} disabled={running} onChange={(e) => setOnlyDone(e.currentTarget.checked)} />
          <span>Only documents marked done</span>
        </label>
        {format === 'spans' && (
          <label className="field checkbox">
            <input type="checkbox" checked={perSegment} disabled={running} onChange={(e) => setPerSegment(e.currentTarget.checked)} />
            <span>One line per segment (offsets relative to the segment)</span>
          </label>
        )}
        {format === 'segments' && (
          <label className="field checkbox">
            <input type="checkbox" checked={labeledOnly} disabled={running} onChange={(e) => setLabeledOnly(e.currentTarget.checked)} />
            <span>Leave out segments without a label</span>
          </label>
        )}
        {format === 'hf' && (
          <fieldset className="field export-split" disabled={running}>
            <legend className="field-label">Split by document</legend>
            <div className="field-row">
              {SPLIT_NAMES.map((name, i) => (
                <label key={name} className="field">
                  <span className="field-hint">{name}</span>
                  <input
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={1}
                    step={0.05}
                    value={split[i]}
                    onChange={(e) => setSplit(split.map((v, j) => (j === i ? e.currentTarget.value : v)))}
                  />
                </label>
              ))}
              <label className="field">
                <span className="field-hint">Seed</span>
                <input type="number" inputMode="numeric" min={0} step={1} value={seed} onChange={(e) => setSeed(e.currentTarget.value)} />
              </label>
            </div>
          </fieldset>
        )}
        <fieldset className="field export-labels" disabled={running}>
          <legend className="field-label">
            Labels <span className="field-hint">({chosen.length === labels.length ? 'all' : `${chosen.length} of ${labels.length}`})</span>
          </legend>
          <div className="export-label-grid">
            {labels.map((name) => (
              <label key={name} className="checkbox">
                <input type="checkbox" checked={!excluded.has(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />
                <span>{name}</span>
              </label>
            ))}
          </div>
          <div className="export-label-actions">
            <button type="button" className="link" onClick={() => setExcluded(new Set())}>
              All labels
            </button>
            <button type="button" className="link" onClick={() => setExcluded(new Set(labels))}>
              No labels
            </button>
          </div>
        </fieldset>
        {problem && !running && (
          <p role="alert" className="field-error">
            {problem}
          </p>
        )}

        {progress && !summary && (
          <ProgressBar label={label} name="Export progress" done={progress.done} total={progress.total} />
        )}
        {summary && (
          <div role="status" className="export-result">
            <h3>Export finished</h3>
            <p>
              {count.format(summary.documents)} documents, {count.format(summary.annotations)} annotations written to {summary.out}.
            </p>
            {summary.splits && (
              <p>
                Train {count.format(summary.splits.train)}, validation {count.format(summary.splits.validation)}, test {count.format(summary.splits.test)} documents; the
                folder’s README.md is the dataset card.
              </p>
            )}
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
            <button type="submit" className="button primary" disabled={running || problem !== null}>
              Export
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
