import { useState, type KeyboardEvent } from 'react';

interface CommitFieldProps {
  label: string;
  value: string;
  onCommit: (value: string) => void | Promise<void>;
  multiline?: boolean;
  maxLength?: number;
  disabled?: boolean;
  className?: string;
  /** Id of an element describing the field (a conflict message). */
  describedBy?: string;
  invalid?: boolean;
  /** Checked on every keystroke; a problem is shown and blocks the commit. */
  check?: (value: string) => string | null;
}

/**
 * A text field whose edit becomes one change (one undo step) when the reviewer leaves it or presses
 * Enter (Ctrl+Enter in a multi-line field); Escape puts the saved value back. Keyed by its caller on
 * the saved value, so a change from elsewhere (undo) shows at once.
 */
export function CommitField({ label, value, onCommit, multiline, maxLength, disabled, className, describedBy, invalid, check }: CommitFieldProps) {
  const [draft, setDraft] = useState(value);
  const problem = check ? check(draft) : null;
  const commit = (): void => {
    if (draft !== value && !problem) void onCommit(draft);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      setDraft(value);
    } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  };
  const common = {
    'aria-label': label,
    value: draft,
    disabled,
    maxLength,
    className: className ?? 'tx-input',
    'aria-invalid': invalid || problem !== null ? true : undefined,
    'aria-describedby': describedBy,
    onChange: (event: { currentTarget: { value: string } }) => setDraft(event.currentTarget.value),
    onBlur: commit,
    onKeyDown,
  };
  return (
    <>
      {multiline ? <textarea rows={5} {...common} /> : <input type="text" {...common} />}
      {problem && (
        <span role="alert" className="field-error">
          {problem}
        </span>
      )}
    </>
  );
}
