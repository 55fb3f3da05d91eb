import { useState, type FormEvent } from 'react';
import { closeDialog, createProject, openProject } from '../actions/project.ts';
import { Modal } from './Modal.tsx';

/** New project / Open project where the host has no native folder picker: the reviewer types the folder. */
export function ProjectPathDialog({ purpose }: { purpose: 'create' | 'open' }) {
  const [dir, setDir] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const creating = purpose === 'create';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (dir.trim() === '') {
      setError('Please enter the full path of a folder.');
      return;
    }
    setWorking(true);
    const trimmedName = name.trim();
    setError(await (creating ? createProject(dir.trim(), trimmedName || undefined) : openProject(dir.trim())));
    setWorking(false);
  };

  return (
    <Modal title={creating ? 'New project' : 'Open project'} onDismiss={closeDialog}>
      <form onSubmit={submit} noValidate>
        <p className="modal-text">
          {creating
            ? 'Clausemark keeps the project’s documents and annotations in this folder. Use an empty or new folder.'
            : 'Enter the folder of an existing Clausemark project (the folder holding clausemark.json).'}
        </p>
        <label className="field">
          <span className="field-label">Project folder</span>
          <input
            type="text"
            value={dir}
            spellCheck={false}
            autoComplete="off"
            placeholder="/home/you/Reviews/Retail policies"
            aria-invalid={error ? true : undefined}
            onChange={(event) => setDir(event.target.value)}
          />
        </label>
        {creating && (
          <label className="field">
            <span className="field-label">
              Project name <span className="field-hint">(optional; the folder’s name otherwise)</span>
            </span>
            <input type="text" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
          </label>
        )}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={working}>
            {creating ? 'Create project' : 'Open project'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
