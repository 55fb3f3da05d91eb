import { useRef, useState } from 'react';
import { labelTree } from '../../../shared/domain/taxonomy-model.ts';
import {
  addLabel,
  closeTaxonomyEditor,
  dismissTaxonomyError,
  exportTaxonomy,
  importTaxonomyFile,
  redoTaxonomyChange,
  replaceWithPreset,
  selectLabel,
  undoTaxonomyChange,
} from '../actions/taxonomy.ts';
import { useAppStore } from '../stores/app.ts';
import { useTaxonomyStore } from '../stores/taxonomy.ts';
import { TaxonomyDeleteDialog } from './TaxonomyDeleteDialog.tsx';
import { TaxonomyLabelPanel } from './TaxonomyLabelPanel.tsx';
import { usePresets } from './TaxonomyPresetField.tsx';
import '../styles/taxonomy.css';

/**
 * The project's taxonomy, editable: every edit is saved at once through the project (bringing every
 * reviewer's annotations along) and can be undone.
 */
export function TaxonomyEditor() {
  const taxonomy = useAppStore((s) => s.project?.taxonomy ?? null);
  const { selectedId, undo, redo, busy, error, status, usage, deleting } = useTaxonomyStore();
  const fileInput = useRef<HTMLInputElement>(null);
  const presets = usePresets();
  const [presetId, setPresetId] = useState('');
  if (!taxonomy) return null;
  const preset = presets.find((p) => p.id === presetId);
  const rows = labelTree(taxonomy);
  const selected = taxonomy.labels.find((l) => l.id === selectedId) ?? rows[0]?.label ?? null;
  const lastUndo = undo.at(-1);
  const lastRedo = redo.at(-1);

  return (
    <section
      className="taxonomy-editor"
      aria-labelledby="taxonomy-title"
      onKeyDown={(event) => {
        const target = event.target as HTMLElement;
        if (target.closest('input, textarea, select')) return;
        const mod = event.ctrlKey || event.metaKey;
        if (mod && event.key.toLowerCase() === 'z') {
          event.preventDefault();
          void (event.shiftKey ? redoTaxonomyChange() : undoTaxonomyChange());
        } else if (mod && event.key.toLowerCase() === 'y') {
          event.preventDefault();
          void redoTaxonomyChange();
        }
      }}
    >
      <header className="project-header">
        <div className="project-heading">
          <h1 id="taxonomy-title">Taxonomy</h1>
          <p className="muted">
            {taxonomy.name} · version {taxonomy.version} · {taxonomy.labels.length} labels
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={!lastUndo || busy}
            aria-keyshortcuts="Control+Z Meta+Z"
            title={lastUndo ? `Undo: ${lastUndo.description}` : 'Nothing to undo'}
            onClick={() => void undoTaxonomyChange()}
          >
            Undo
          </button>
          <button
            type="button"
            className="button"
            disabled={!lastRedo || busy}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
            title={lastRedo ? `Redo: ${lastRedo.description}` : 'Nothing to redo'}
            onClick={() => void redoTaxonomyChange()}
          >
            Redo
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => fileInput.current?.click()}>
            Import taxonomy…
          </button>
          <button type="button" className="button" onClick={exportTaxonomy}>
            Export taxonomy
          </button>
          <select aria-label="Preset" value={presetId} disabled={busy} onChange={(event) => setPresetId(event.currentTarget.value)}>
            <option value="">Choose a preset…</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.labelCount} labels)
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={busy || !preset} onClick={() => preset && void replaceWithPreset(preset)}>
            Replace with preset
          </button>
          <button type="button" className="button quiet" onClick={closeTaxonomyEditor}>
            Back to documents
          </button>
        </div>
      </header>

      {error && (
        <div className="notice tx-error" role="alert">
          <p>{error}</p>
          <button type="button" className="button quiet" onClick={dismissTaxonomyError}>
            Dismiss
          </button>
        </div>
      )}
      <p className="muted tx-status" role="status">
        {busy ? 'Saving…' : status}
      </p>

      <div className="tx-body">
        <nav className="tx-labels" aria-label="Labels">
          <ul>
            {rows.map(({ label, depth }) => {
              const count = usage?.labels[label.name] ?? 0;
              return (
                <li key={label.id} style={{ paddingLeft: `${depth * 1.25}rem` }}>
                  <button
                    type="button"
                    className="tx-label-button"
                    aria-current={label.id === selected?.id ? 'true' : undefined}
                    onClick={() => selectLabel(label.id)}
                  >
                    <span className="tx-swatch" style={{ background: label.color }} aria-hidden="true" />
                    <span className="tx-label-name">{label.name}</span>
                    {count > 0 && (
                      <span className="tx-count" aria-label={`${count} annotations`} title={`${count} ${count === 1 ? 'annotation uses' : 'annotations use'} this label`}>
                        {count}
                      </span>
                    )}
                    {label.key && <kbd aria-label={`hotkey ${label.key}`}>{label.key}</kbd>}
                  </button>
                </li>
              );
            })}
          </ul>
          <button type="button" className="button" disabled={busy} onClick={() => void addLabel()}>
            Add label
          </button>
        </nav>
        {selected && <TaxonomyLabelPanel key={selected.id} taxonomy={taxonomy} label={selected} usage={usage} busy={busy} />}
      </div>

      <input
        ref={fileInput}
        type="file"
        hidden
        accept=".json,.xml,application/json,text/xml"
        data-testid="taxonomy-import-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void importTaxonomyFile(file);
        }}
      />
      {deleting && <TaxonomyDeleteDialog taxonomy={taxonomy} labelId={deleting} count={usage?.labels[taxonomy.labels.find((l) => l.id === deleting)?.name ?? ''] ?? 0} />}
    </section>
  );
}
