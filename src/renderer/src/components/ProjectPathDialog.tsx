import { useState } from 'react';
import { closeDialog, createProject, openProject } from '../actions/project.ts';
import { FormModal } from './FormModal.tsx';
import { TaxonomyPresetField, usePresets } from './TaxonomyPresetField.tsx';

/** New project / Open project where the host has no native folder picker: the reviewer types the folder. */
export function ProjectPathDialog({ purpose }: { purpose: 'create' | 'open' }) {
  const [dir, setDir] = useState('');
  const [name, setName] = useState('');
  const [preset, setPreset] = useState('opp-115');
  const presets = usePresets();
  const creating = purpose === 'create';

  const submit = async (): Promise<string | null> => {
    if (dir.trim() === '') return 'Please enter the full path of a folder.';
    return creating ? createProject(dir.trim(), name.trim() || undefined, preset) : openProject(dir.trim());
  };

  return (
    <FormModal
      title={creating ? 'New project' : 'Open project'}
      intro={
        creating
          ? 'Clausemark keeps the project’s documents and annotations in this folder. Use an empty or new folder.'
          : 'Enter the folder of an existing Clausemark project (the folder holding clausemark.json).'
      }
      submitLabel={creating ? 'Create project' : 'Open project'}
      onSubmit={submit}
      onCancel={closeDialog}
    >
      {(invalid) => (
        <>
          <label className="field">
            <span className="field-label">Project folder</span>
            <input
              type="text"
              value={dir}
              spellCheck={false}
              autoComplete="off"
              placeholder="/home/you/Reviews/Retail policies"
              aria-invalid={invalid || undefined}
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
          {creating && <TaxonomyPresetField presets={presets} value={preset} onChange={setPreset} />}
        </>
      )}
    </FormModal>
  );
}
