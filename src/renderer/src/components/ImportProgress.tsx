import { useImportStore } from '../stores/import.ts';

const count = new Intl.NumberFormat();

export function ImportProgress() {
  const progress = useImportStore((state) => state.progress);
  if (!progress) return null;
  const { done, total } = progress;
  const label = `Importing ${count.format(done)} of ${count.format(total)} ${total === 1 ? 'file' : 'files'}…`;
  return (
    <div className="import-progress">
      <p className="import-progress-label" aria-live="polite">
        {label}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={label}
      >
        <div className="progress-fill" style={{ width: `${total === 0 ? 0 : (100 * done) / total}%` }} />
      </div>
    </div>
  );
}
