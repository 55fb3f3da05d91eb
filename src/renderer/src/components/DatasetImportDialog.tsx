import { useState } from 'react';
import {
  CONSOLIDATION_THRESHOLDS,
  INTERCHANGE_FORMATS,
  OFFSET_UNITS,
  type AnnotationImportReport,
  type ConsolidationThreshold,
  type InterchangeFormat,
  type OffsetUnit,
  type Opp115Report,
} from '../../../shared/domain/dataset.ts';
import { browseDatasetPath, closeDatasetImport, importAnnotationFile, importOpp115Release } from '../actions/dataset-import.ts';
import { useAppStore } from '../stores/app.ts';
import { useDatasetImportStore } from '../stores/dataset-import.ts';
import { Modal } from './Modal.tsx';

const count = new Intl.NumberFormat();

const FORMAT_NAMES: Record<InterchangeFormat, string> = {
  spans: 'Clausemark spans (JSONL)',
  doccano: 'doccano (JSONL)',
  'label-studio': 'Label Studio (JSON)',
  prodigy: 'Prodigy (JSONL)',
};

const OFFSET_NAMES: Record<OffsetUnit | 'auto', string> = {
  auto: 'Detect from the file',
  utf16: 'UTF-16 code units (JavaScript tools)',
  codepoints: 'Unicode code points (Python tools)',
};

const UNIT_NAMES: Record<OffsetUnit, string> = { utf16: 'UTF-16 code units', codepoints: 'Unicode code points' };

const plural = (n: number, one: string, many: string): string => `${count.format(n)} ${n === 1 ? one : many}`;

function AnnotationReport({ report }: { report: AnnotationImportReport }) {
  return (
    <div role="status" className="export-result" aria-label="Import report">
      <h3>Import finished</h3>
      <p>
        {plural(report.annotations, 'annotation', 'annotations')} imported from {plural(report.records, 'record', 'records')} (
        {plural(report.documentsCreated, 'new document', 'new documents')}, {plural(report.documentsMatched, 'document', 'documents')} already in the
        project).
      </p>
      <p>
        Offsets read as {UNIT_NAMES[report.offsets.unit]}: {report.offsets.reason}
      </p>
      {report.skippedRecords > 0 && <p>{plural(report.skippedRecords, 'record was', 'records were')} left out on purpose (rejected or ignored answers).</p>}
      {report.labelsAdded.length > 0 && <p>Labels added to the taxonomy: {report.labelsAdded.join(', ')}.</p>}
      {report.missingLabels.length > 0 && (
        <p>
          Labels not in the taxonomy: {report.missingLabels.join(', ')}. Their annotations were skipped; check “Add missing labels to the taxonomy” to import them.
        </p>
      )}
      {report.problems.length > 0 && (
        <>
          <p>{plural(report.problems.length, 'record was', 'records were')} skipped:</p>
          <ul aria-label="Skipped records">
            {report.problems.map((p, i) => (
              <li key={`${p.line}-${i}`}>
                Line {p.line}: {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Opp115Summary({ report }: { report: Opp115Report }) {
  return (
    <div role="status" className="export-result" aria-label="Import report">
      <h3>Import finished</h3>
      <p>
        {plural(report.policies, 'policy', 'policies')} ({plural(report.documentsCreated, 'new document', 'new documents')}),{' '}
        {plural(report.practices, 'data practice', 'data practices')} by {plural(report.reviewers.length, 'annotator', 'annotators')}.
      </p>
      {report.mismatchedSpans.count > 0 && (
        <details className="mismatched-spans">
          <summary>
            {plural(report.mismatchedSpans.count, 'attribute span does', 'attribute spans do')} not match their text; the values were kept without evidence.
          </summary>
          <ul aria-label="Mismatched attribute spans (practice id / attribute)">
            {report.mismatchedSpans.ids.map((id) => (
              <li key={id}>{id}</li>
            ))}
          </ul>
        </details>
      )}
      {report.problems.length > 0 && (
        <ul aria-label="Problems">
          {report.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Import annotations… and Import OPP-115…: a path (typed, or picked on the desktop), options, then the report. */
export function DatasetImportDialog() {
  const { kind, running, annotationReport, opp115Report, error } = useDatasetImportStore();
  const nativeDialogs = useAppStore((state) => state.info?.nativeDialogs ?? false);
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<InterchangeFormat>('spans');
  const [reviewer, setReviewer] = useState('');
  const [offsets, setOffsets] = useState<OffsetUnit | 'auto'>('auto');
  const [addLabels, setAddLabels] = useState(false);
  const [consolidated, setConsolidated] = useState<ConsolidationThreshold | ''>('');
  if (!kind) return null;

  const annotations = kind === 'annotations';
  const finished = annotationReport !== null || opp115Report !== null;
  const browse = async () => {
    const picked = await browseDatasetPath(kind);
    if (picked) setPath(picked);
  };

  return (
    <Modal title={annotations ? 'Import annotations' : 'Import OPP-115'} onDismiss={running ? undefined : closeDatasetImport}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim() === '') return;
          void (annotations
            ? importAnnotationFile({ path, format, reviewer, offsets, addLabels })
            : importOpp115Release(path, consolidated === '' ? null : consolidated));
        }}
      >
        <p className="modal-text">
          {annotations
            ? 'Add the annotations of another tool’s file (or of a Clausemark spans export) to this project. Texts not in the project become new documents.'
            : 'Add the OPP-115 corpus: one document per policy in sanitized_policies, one reviewer per annotator.'}
        </p>
        <div className="field">
          <label className="field-label" htmlFor="dataset-import-path">
            {annotations ? 'Annotation file' : 'OPP-115 release folder'}
          </label>
          <div className="field-row">
            <input
              id="dataset-import-path"
              type="text"
              value={path}
              disabled={running}
              placeholder={annotations ? '/path/to/annotations.jsonl' : '/path/to/OPP-115'}
              onChange={(e) => setPath(e.currentTarget.value)}
            />
            {nativeDialogs && (
              <button type="button" className="button" disabled={running} onClick={() => void browse()}>
                Choose…
              </button>
            )}
          </div>
        </div>
        {annotations ? (
          <>
            <label className="field">
              <span className="field-label">Format</span>
              <select value={format} disabled={running} onChange={(e) => setFormat(e.currentTarget.value as InterchangeFormat)}>
                {INTERCHANGE_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {FORMAT_NAMES[f]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">Reviewer (empty: as the file says)</span>
              <input type="text" value={reviewer} disabled={running} onChange={(e) => setReviewer(e.currentTarget.value)} />
            </label>
            <label className="field">
              <span className="field-label">Offsets</span>
              <select value={offsets} disabled={running} onChange={(e) => setOffsets(e.currentTarget.value as OffsetUnit | 'auto')}>
                {[...OFFSET_UNITS].reverse().map((u) => (
                  <option key={u} value={u}>
                    {OFFSET_NAMES[u]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field checkbox">
              <input type="checkbox" checked={addLabels} disabled={running} onChange={(e) => setAddLabels(e.currentTarget.checked)} />
              <span>Add missing labels to the taxonomy</span>
            </label>
          </>
        ) : (
          <label className="field">
            <span className="field-label">Annotations</span>
            <select value={consolidated} disabled={running} onChange={(e) => setConsolidated(e.currentTarget.value as ConsolidationThreshold | '')}>
              <option value="">Each annotator’s own</option>
              {CONSOLIDATION_THRESHOLDS.map((t) => (
                <option key={t} value={t}>
                  Consolidated, threshold {t}
                </option>
              ))}
            </select>
          </label>
        )}

        {running && (
          <p className="muted" aria-live="polite">
            Importing…
          </p>
        )}
        {annotationReport && <AnnotationReport report={annotationReport} />}
        {opp115Report && <Opp115Summary report={opp115Report} />}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" disabled={running} onClick={closeDatasetImport}>
            {finished ? 'Close' : 'Cancel'}
          </button>
          {!finished && (
            <button type="submit" className="button primary" disabled={running || path.trim() === ''}>
              Import
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
