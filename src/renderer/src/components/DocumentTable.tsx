import type { DocumentStatus, DocumentSummary } from '../../../shared/domain/document.ts';
import type { Label } from '../../../shared/domain/taxonomy.ts';
import { openDocumentById, prefetchDocument } from '../actions/workspace.ts';
import { useAppStore } from '../stores/app.ts';
import { sortDocuments, useDocumentsStore, type SortKey } from '../stores/documents.ts';

const count = new Intl.NumberFormat();
const NO_LABELS: Label[] = [];

const STATUS: Record<DocumentStatus, string> = {
  new: 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  damaged: 'Damaged',
};

const COLUMNS: { key: SortKey; label: string; className?: string }[] = [
  { key: 'title', label: 'Title' },
  { key: 'fileName', label: 'Source file' },
  { key: 'format', label: 'Format', className: 'col-short' },
  { key: 'encoding', label: 'Encoding', className: 'col-short' },
  { key: 'segmentCount', label: 'Segments', className: 'col-short numeric' },
  { key: 'reviewerAnnotationCount', label: 'Yours', className: 'col-short numeric' },
  { key: 'annotationCount', label: 'All reviewers', className: 'col-short numeric' },
  { key: 'status', label: 'Status', className: 'col-status' },
];

function setSort(key: SortKey): void {
  const { sort } = useDocumentsStore.getState();
  useDocumentsStore.setState({ sort: { key, descending: sort.key === key ? !sort.descending : false } });
}

export function DocumentTable({ documents }: { documents: DocumentSummary[] }) {
  const sort = useDocumentsStore((state) => state.sort);
  const byLabel = useDocumentsStore((state) => state.byLabel);
  const labels = useAppStore((state) => state.project?.taxonomy.labels ?? NO_LABELS);
  const rows = sortDocuments(documents, sort);
  const segments = documents.reduce((sum, d) => sum + d.segmentCount, 0);
  const annotations = documents.reduce((sum, d) => sum + d.annotationCount, 0);
  const mine = documents.reduce((sum, d) => sum + d.reviewerAnnotationCount, 0);
  const done = documents.filter((d) => d.status === 'done').length;
  const readable = documents.filter((d) => d.status !== 'damaged').length;

  return (
    <div className="table-wrap">
      <p className="table-summary" data-testid="documents-summary">
        {count.format(documents.length)} {documents.length === 1 ? 'document' : 'documents'} ·{' '}
        {count.format(segments)} segments · {count.format(annotations)} annotations
      </p>
      <div className="progress-summary" data-testid="review-progress">
        <span>
          Your progress: <strong>{count.format(done)} of {count.format(readable)} done</strong> ·{' '}
          {count.format(mine)} of your annotations
        </span>
        <meter min={0} max={Math.max(1, readable)} value={done} aria-label="Documents done" />
      </div>
      {Object.keys(byLabel).length > 0 && (
        <ul className="label-counts" aria-label="Annotations per label">
          {labels
            .filter((l) => byLabel[l.name])
            .map((l) => (
              <li key={l.name}>
                <span className="label-dot" style={{ background: l.color }} aria-hidden="true" />
                {l.name} <strong>{count.format(byLabel[l.name] ?? 0)}</strong>
              </li>
            ))}
        </ul>
      )}
      <table className="documents">
        <caption className="visually-hidden">Documents in this project. Column headers sort the list.</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.className}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  <button type="button" className="sort-button" onClick={() => setSort(column.key)}>
                    {column.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort.descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((document) => {
            const damaged = document.status === 'damaged';
            return (
              <tr key={document.id} className={damaged ? 'damaged' : undefined}>
                <td className="title-cell">
                  {damaged ? (
                    document.title
                  ) : (
                    <button
                      type="button"
                      className="link"
                      onPointerDown={(event) => {
                        if (event.button === 0) prefetchDocument(document.id);
                      }}
                      onClick={() => void openDocumentById(document.id)}
                    >
                      {document.title}
                    </button>
                  )}
                </td>
                <td className="file-cell">{document.fileName}</td>
                <td>{document.format?.toUpperCase() ?? '—'}</td>
                <td>{document.encoding?.toUpperCase() ?? '—'}</td>
                <td className="numeric">{count.format(document.segmentCount)}</td>
                <td className="numeric">{count.format(document.reviewerAnnotationCount)}</td>
                <td className="numeric">{count.format(document.annotationCount)}</td>
                <td>
                  <span className={`status ${document.status}`}>{STATUS[document.status]}</span>
                  {document.problem && <span className="problem">{document.problem}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
