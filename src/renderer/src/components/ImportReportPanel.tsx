import { failureReason, type ImportOutcome } from '../../../shared/domain/import.ts';
import { dismissImportReport } from '../actions/import.ts';
import { useImportStore } from '../stores/import.ts';

const count = new Intl.NumberFormat();

type Row = { outcome: ImportOutcome; kind: 'failed' | 'duplicate' | 'imported' | 'skipped' };
const ORDER: Record<Row['kind'], number> = { failed: 0, duplicate: 1, imported: 2, skipped: 3 };
const BADGE: Record<Row['kind'], string> = {
  failed: 'Failed',
  duplicate: 'Already in the project',
  imported: 'Imported',
  skipped: 'Skipped',
};

function detail({ outcome, kind }: Row): string {
  switch (kind) {
    case 'imported':
      return outcome.title ? `as “${outcome.title}”` : '';
    case 'duplicate':
      return `same content as “${outcome.title ?? 'a document already imported'}”`;
    case 'failed':
    case 'skipped':
      return failureReason(outcome);
  }
}

export function ImportReportPanel() {
  const report = useImportStore((state) => state.report);
  if (!report) return null;

  // Problems first: in a long import they are what the reviewer has to act on.
  const rows: Row[] = [
    ...report.outcomes.map((outcome): Row => ({ outcome, kind: outcome.status })),
    ...report.skipped.map((outcome): Row => ({ outcome, kind: 'skipped' })),
  ].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const tally = (kind: Row['kind']) => rows.filter((row) => row.kind === kind).length;
  const skipped = tally('skipped');
  const summary = [
    `${count.format(tally('imported'))} imported`,
    `${count.format(tally('duplicate'))} already in the project`,
    `${count.format(tally('failed'))} failed`,
    ...(skipped > 0 ? [`${count.format(skipped)} skipped`] : []),
  ].join(' · ');

  return (
    <section className="import-report" aria-labelledby="import-report-title">
      <header className="import-report-header">
        <div>
          <h2 id="import-report-title">Import finished</h2>
          <p className="import-summary" data-testid="import-summary">
            {summary}
          </p>
        </div>
        <button type="button" className="button small" aria-label="Dismiss import report" onClick={dismissImportReport}>
          Dismiss
        </button>
      </header>
      {rows.length === 0 ? (
        <p className="muted">There were no files to import.</p>
      ) : (
        <ul className="import-rows" aria-label="Imported files">
          {rows.map((row, index) => (
            <li key={`${index}:${row.outcome.file}`} className={`import-row ${row.kind}`}>
              <span className={`badge ${row.kind}`}>{BADGE[row.kind]}</span>
              <span className="import-file">{row.outcome.file}</span>
              <span className="import-detail">{detail(row)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
