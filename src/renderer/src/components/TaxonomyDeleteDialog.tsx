import { useState } from 'react';
import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { cancelDeleteLabel, deleteLabel } from '../actions/taxonomy.ts';
import { Modal } from './Modal.tsx';

/** Deleting a label in use: its annotations (of every reviewer) move to another label, or are deleted. */
export function TaxonomyDeleteDialog({ taxonomy, labelId, count }: { taxonomy: Taxonomy; labelId: string; count: number }) {
  const label = taxonomy.labels.find((l) => l.id === labelId);
  const others = taxonomy.labels.filter((l) => l.id !== labelId);
  const [choice, setChoice] = useState<'move' | 'delete'>('move');
  const [target, setTarget] = useState(others[0]?.id ?? '');
  if (!label) return null;
  const noun = count === 1 ? '1 annotation' : `${count} annotations`;
  return (
    <Modal title={`Delete “${label.name}”?`} onDismiss={cancelDeleteLabel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void deleteLabel(labelId, choice === 'delete' ? 'delete' : { moveTo: target });
        }}
      >
        <p className="modal-text">
          {noun} (of all reviewers) use “{label.name}”. What should happen to {count === 1 ? 'it' : 'them'}? You can undo this.
        </p>
        <fieldset className="tx-fieldset">
          <legend>Its annotations</legend>
          <label className="tx-choice">
            <input type="radio" name="fate" checked={choice === 'move'} onChange={() => setChoice('move')} disabled={others.length === 0} />
            Move them to another label
          </label>
          <label className="tx-choice tx-indent">
            Label to move them to{' '}
            <select value={target} disabled={choice !== 'move'} onChange={(event) => setTarget(event.currentTarget.value)}>
              {others.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label className="tx-choice">
            <input type="radio" name="fate" checked={choice === 'delete'} onChange={() => setChoice('delete')} />
            Delete them
          </label>
        </fieldset>
        <div className="modal-actions">
          <button type="button" className="button" onClick={cancelDeleteLabel}>
            Cancel
          </button>
          <button type="submit" className="button danger">
            Delete label
          </button>
        </div>
      </form>
    </Modal>
  );
}
