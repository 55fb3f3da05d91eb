/** A labelled progress bar: the sentence is read out as it changes, the bar carries the numbers. */
export function ProgressBar({ label, name, done, total }: { label: string; name: string; done: number; total: number }) {
  return (
    <div className="import-progress">
      <p className="import-progress-label" aria-live="polite">
        {label}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={name}
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
