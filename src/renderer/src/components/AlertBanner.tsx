import { dismissAlert } from '../actions/project.ts';
import { useAppStore } from '../stores/app.ts';

export function AlertBanner() {
  const alert = useAppStore((state) => state.alert);
  if (!alert) return null;
  return (
    <div className="alert" role="alert">
      <p className="alert-text">{alert}</p>
      <button type="button" className="button small" onClick={dismissAlert}>
        Dismiss
      </button>
    </div>
  );
}
