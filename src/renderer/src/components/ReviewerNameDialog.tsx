import { useState, type FormEvent } from 'react';
import { closeDialog, saveReviewerName } from '../actions/project.ts';
import { useAppStore } from '../stores/app.ts';
import { Modal } from './Modal.tsx';

export function ReviewerNameDialog({ firstRun }: { firstRun: boolean }) {
  const current = useAppStore((state) => state.settings?.reviewerName ?? '');
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Please enter your name.');
      return;
    }
    setSaving(true);
    setError(await saveReviewerName(name.trim()));
    setSaving(false);
  };

  return (
    <Modal title={firstRun ? 'Welcome to Clausemark' : 'Change your name'} onDismiss={firstRun ? undefined : closeDialog}>
      <form onSubmit={submit} noValidate>
        <p className="modal-text">
          Your name is recorded with your annotations, so a review lead can tell reviewers apart. It stays on this
          computer and in the projects you work on.
        </p>
        <label className="field">
          <span className="field-label">Your name</span>
          <input
            type="text"
            value={name}
            maxLength={120}
            autoComplete="name"
            aria-invalid={error ? true : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          {!firstRun && (
            <button type="button" className="button" onClick={closeDialog}>
              Cancel
            </button>
          )}
          <button type="submit" className="button primary" disabled={saving}>
            {firstRun ? 'Continue' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
