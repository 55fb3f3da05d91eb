import { useState, type ReactNode } from 'react';
import { Modal } from './Modal.tsx';

interface FormModalProps {
  title: string;
  intro: string;
  submitLabel: string;
  /** Runs on Enter or the submit button; answers an error message to show, or null when done. */
  onSubmit: () => Promise<string | null>;
  /** Escape and the Cancel button; omitted for a question the reviewer must answer. */
  onCancel?: () => void;
  /** The fields; `invalid` is true while an error is shown, for their aria-invalid. */
  children: (invalid: boolean) => ReactNode;
}

/** A modal form: fields, an error under them (role="alert"), Cancel and a submit button. */
export function FormModal({ title, intro, submitLabel, onSubmit, onCancel, children }: FormModalProps) {
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async () => {
    setWorking(true);
    setError(await onSubmit());
    setWorking(false);
  };

  return (
    <Modal title={title} onDismiss={onCancel}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p className="modal-text">{intro}</p>
        {children(error !== null)}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="button primary" disabled={working}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
