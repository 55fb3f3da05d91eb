import { askReviewerName } from '../actions/project.ts';
import { useAppStore } from '../stores/app.ts';

export function TopBar() {
  const reviewerName = useAppStore((state) => state.settings?.reviewerName ?? null);
  return (
    <header className="topbar">
      <span className="brand">Clausemark</span>
      {reviewerName && (
        <div className="reviewer">
          <span className="reviewer-label">Reviewer</span>
          <span className="reviewer-name" data-testid="reviewer-name">
            {reviewerName}
          </span>
          <button type="button" className="button small quiet" onClick={askReviewerName}>
            Change name
          </button>
        </div>
      )}
    </header>
  );
}
