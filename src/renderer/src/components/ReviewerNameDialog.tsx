import { useState } from 'react';
import { closeDialog, saveReviewerName } from '../actions/project.ts';
import { useAppStore } from '../stores/app.ts';
import { FormModal } from './FormModal.tsx';

export function ReviewerNameDialog({ firstRun }: { firstRun: boolean }) {
  const current = useAppStore((state) => state.settings?.reviewerName ?? '');
  const [name, setName] = useState(current);

  const submit = async (): Promise<string | null> =>
    name.trim() === '' ? 'Please enter your name.' : saveReviewerName(name.trim());

  return (
    <FormModal
      title={firstRun ? 'Welcome to Clausemark' : 'Change your name'}
      intro="Your name is recorded with your annotations, so a review lead can tell reviewers apart. It stays on this computer and in the projects you work on."
      submitLabel={firstRun ? 'Continue' : 'Save'}
      onSubmit={submit}
      onCancel={firstRun ? undefined : closeDialog}
    >
      {(invalid) => (
        <label className="field">
          <span className="field-label">Your name</span>
          <input
            type="text"
            value={name}
            maxLength={120}
            autoComplete="name"
            aria-invalid={invalid || undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
      )}
    </FormModal>
  );
}
