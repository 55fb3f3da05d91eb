import { useId, useState } from 'react';
import type { Label, Taxonomy } from '../../../shared/domain/taxonomy.ts';
import type { TaxonomyUsage } from '../../../shared/domain/taxonomy-change.ts';
import { descendantIds, hotkeyConflict } from '../../../shared/domain/taxonomy-model.ts';
import { LABEL_PALETTE } from '../../../shared/domain/taxonomy-palette.ts';
import {
  addAttribute,
  addLabel,
  addValue,
  askDeleteLabel,
  deleteLabel,
  moveLabel,
  removeAttribute,
  removeValue,
  renameAttribute,
  renameLabel,
  renameValue,
  setParent,
  updateAttribute,
  updateLabel,
} from '../actions/taxonomy.ts';
import { Markdown } from './Markdown.tsx';
import { CommitField } from './TaxonomyEditorFields.tsx';

interface Props {
  taxonomy: Taxonomy;
  label: Label;
  usage: TaxonomyUsage | null;
  busy: boolean;
}

/** One label's settings: name, hotkey, colour, nesting, order, guideline and attributes. */
export function TaxonomyLabelPanel({ taxonomy, label, usage, busy }: Props) {
  const hotkeyProblemId = useId();
  const excluded = new Set([label.id, ...descendantIds(taxonomy, label.id)]);
  const siblings = taxonomy.labels.filter((l) => l.parent === label.parent);
  const position = siblings.findIndex((l) => l.id === label.id);
  const used = usage?.labels[label.name] ?? 0;
  const nameProblem = (name: string): string | null => {
    const trimmed = name.trim();
    if (trimmed === '') return 'A label needs a name.';
    const other = taxonomy.labels.find((l) => l.id !== label.id && l.name.toLowerCase() === trimmed.toLowerCase());
    return other ? `Another label is already named “${other.name}”.` : null;
  };
  const keyProblem = (key: string): string | null => {
    if (key.trim() === '') return null;
    const other = hotkeyConflict(taxonomy, key, label.id);
    return other ? `The hotkey ${key} is already taken by “${other.name}”.` : null;
  };

  return (
    <section className="tx-panel" aria-labelledby="tx-panel-title">
      <h2 id="tx-panel-title">{label.name}</h2>
      <p className="muted">{used === 0 ? 'No annotations use this label yet.' : `${used} annotation${used === 1 ? '' : 's'} (of all reviewers) use this label.`}</p>

      <div className="tx-grid">
        <label className="tx-field">
          <span>Label name</span>
          <CommitField key={`name-${label.name}`} label="Label name" value={label.name} maxLength={200} disabled={busy} check={nameProblem} onCommit={(v) => renameLabel(label.id, v)} />
        </label>
        <label className="tx-field">
          <span>Hotkey</span>
          <CommitField
            key={`key-${label.key ?? ''}`}
            label="Hotkey"
            value={label.key ?? ''}
            maxLength={1}
            className="tx-input tx-key"
            disabled={busy}
            describedBy={hotkeyProblemId}
            check={keyProblem}
            onCommit={(v) =>
              updateLabel(label.id, v ? `Give “${label.name}” the hotkey ${v}` : `Remove the hotkey of “${label.name}”`, (l) => {
                const { key: _key, ...rest } = l;
                void _key;
                return v ? { ...rest, key: v } : rest;
              })
            }
          />
        </label>
        <label className="tx-field">
          <span>Nested under</span>
          <select
            value={label.parent ?? ''}
            disabled={busy}
            onChange={(event) => void setParent(label.id, event.currentTarget.value || undefined)}
          >
            <option value="">Nothing (a category)</option>
            {taxonomy.labels
              .filter((l) => !excluded.has(l.id))
              .map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
          </select>
        </label>
      </div>

      <fieldset className="tx-fieldset">
        <legend>Colour</legend>
        <div className="tx-palette">
          {LABEL_PALETTE.map((color, i) => (
            <label key={color} className="tx-palette-choice" style={{ background: color }}>
              <input
                type="radio"
                name={`colour-${label.id}`}
                aria-label={`Colour ${i + 1} (${color})`}
                checked={label.color.toUpperCase() === color}
                disabled={busy}
                onChange={() => void updateLabel(label.id, `Colour “${label.name}” ${color}`, (l) => ({ ...l, color }))}
              />
            </label>
          ))}
        </div>
      </fieldset>

      <div className="actions tx-row">
        <button type="button" className="button" disabled={busy || position <= 0} onClick={() => void moveLabel(label.id, -1)}>
          Move up
        </button>
        <button type="button" className="button" disabled={busy || position >= siblings.length - 1} onClick={() => void moveLabel(label.id, 1)}>
          Move down
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void addLabel(label.id)}>
          Add sub-label
        </button>
        <button
          type="button"
          className="button danger"
          disabled={busy || taxonomy.labels.length <= 1}
          onClick={() => (used > 0 ? askDeleteLabel(label.id) : void deleteLabel(label.id, 'none'))}
        >
          Delete label
        </button>
      </div>

      <div className="tx-guideline">
        <label className="tx-field">
          <span>Guideline (Markdown)</span>
          <CommitField
            key={`description-${label.description ?? ''}`}
            label="Guideline (Markdown)"
            value={label.description ?? ''}
            multiline
            maxLength={20_000}
            disabled={busy}
            onCommit={(v) =>
              updateLabel(label.id, `Edit the guideline of “${label.name}”`, (l) => {
                const { description: _d, ...rest } = l;
                void _d;
                return v.trim() ? { ...rest, description: v } : rest;
              })
            }
          />
        </label>
        <div className="tx-preview" aria-label="Guideline preview" role="region">
          {label.description ? <Markdown text={label.description} /> : <p className="muted">No guideline yet.</p>}
        </div>
      </div>

      <h3>Attributes</h3>
      {label.attributes.length === 0 && <p className="muted">This label has no attributes.</p>}
      {label.attributes.map((attribute, index) => (
        <fieldset key={`${index}-${attribute.name}`} className="tx-fieldset tx-attribute">
          <legend>{attribute.name}</legend>
          <label className="tx-field">
            <span>Attribute name</span>
            <CommitField
              key={`attr-${attribute.name}`}
              label={`Name of the attribute ${attribute.name}`}
              value={attribute.name}
              disabled={busy}
              check={(v) => (label.attributes.some((a, i) => i !== index && a.name.toLowerCase() === v.trim().toLowerCase()) ? 'Another attribute has this name.' : v.trim() ? null : 'An attribute needs a name.')}
              onCommit={(v) => renameAttribute(label.id, index, v)}
            />
          </label>
          <label className="tx-choice">
            <input
              type="checkbox"
              checked={!attribute.optional}
              disabled={busy}
              onChange={(event) => {
                const required = event.currentTarget.checked;
                void updateAttribute(label.id, index, `Make “${attribute.name}” ${required ? 'required' : 'optional'}`, (a) => ({ ...a, optional: !required }));
              }}
            />
            Required
          </label>
          <label className="tx-choice">
            <input
              type="checkbox"
              checked={attribute.multiple === true}
              disabled={busy}
              onChange={(event) => {
                const multiple = event.currentTarget.checked;
                void updateAttribute(label.id, index, `Let “${attribute.name}” take ${multiple ? 'several values' : 'one value'}`, (a) => {
                  const { multiple: _m, ...rest } = a;
                  void _m;
                  return multiple ? { ...rest, multiple: true } : rest;
                });
              }}
            />
            Several values (multiple choice)
          </label>
          <ul className="tx-values" aria-label={`Values of ${attribute.name}`}>
            {attribute.values.map((value) => (
              <li key={value}>
                <CommitField
                  key={`value-${value}`}
                  label={`Value ${value} of ${attribute.name}`}
                  value={value}
                  disabled={busy}
                  check={(v) => (v.trim() === '' ? 'A value needs a name.' : v.trim() !== value && attribute.values.includes(v.trim()) ? 'This value is already listed.' : null)}
                  onCommit={(v) => renameValue(label.id, index, value, v)}
                />
                <button
                  type="button"
                  className="button quiet"
                  aria-label={`Remove the value ${value}`}
                  disabled={busy || attribute.values.length <= 1}
                  onClick={() => void removeValue(label.id, index, value)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <NewValue attribute={attribute.name} values={attribute.values} disabled={busy} onAdd={(v) => addValue(label.id, index, v)} />
          <button type="button" className="button quiet danger-text" disabled={busy} onClick={() => void removeAttribute(label.id, index)}>
            Remove the attribute {attribute.name}
          </button>
        </fieldset>
      ))}
      <NewAttribute existing={label.attributes.map((a) => a.name)} disabled={busy} onAdd={(name, values) => addAttribute(label.id, name, values)} />
    </section>
  );
}

function NewValue({ attribute, values, disabled, onAdd }: { attribute: string; values: string[]; disabled: boolean; onAdd: (v: string) => Promise<boolean> }) {
  const [value, setValue] = useState('');
  const trimmed = value.trim();
  const taken = values.includes(trimmed);
  return (
    <form
      className="tx-row"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed && !taken) void onAdd(trimmed).then((ok) => ok && setValue(''));
      }}
    >
      <input className="tx-input" aria-label={`New value of ${attribute}`} placeholder="New value" value={value} disabled={disabled} onChange={(e) => setValue(e.currentTarget.value)} />
      <button type="submit" className="button" disabled={disabled || !trimmed || taken}>
        Add value
      </button>
    </form>
  );
}

function NewAttribute({ existing, disabled, onAdd }: { existing: string[]; disabled: boolean; onAdd: (name: string, values: string[]) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [values, setValues] = useState('');
  const list = [...new Set(values.split('\n').map((v) => v.trim()).filter((v) => v !== ''))];
  const taken = existing.some((n) => n.toLowerCase() === name.trim().toLowerCase());
  return (
    <form
      className="tx-fieldset tx-new-attribute"
      aria-label="New attribute"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() && list.length > 0 && !taken) {
          void onAdd(name.trim(), list).then((ok) => {
            if (ok) {
              setName('');
              setValues('');
            }
          });
        }
      }}
    >
      <label className="tx-field">
        <span>New attribute name</span>
        <input className="tx-input" value={name} disabled={disabled} onChange={(e) => setName(e.currentTarget.value)} />
      </label>
      <label className="tx-field">
        <span>Its values (one per line)</span>
        <textarea className="tx-input" rows={3} value={values} disabled={disabled} onChange={(e) => setValues(e.currentTarget.value)} />
      </label>
      {taken && (
        <p role="alert" className="field-error">
          This label already has an attribute with that name.
        </p>
      )}
      <button type="submit" className="button" disabled={disabled || !name.trim() || list.length === 0 || taken}>
        Add attribute
      </button>
    </form>
  );
}
