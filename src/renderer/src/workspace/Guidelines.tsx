import { useEffect, useState } from 'react';
import type { LabelExample } from '../../../shared/domain/taxonomy-api.ts';
import type { Label } from '../../../shared/domain/taxonomy.ts';
import { loadLabelExamples } from '../actions/taxonomy.ts';
import { jumpToExample } from '../actions/workspace.ts';
import { Markdown } from '../components/Markdown.tsx';
import { useAppStore } from '../stores/app.ts';
import { useWorkspaceStore, type AnnotationMap } from '../stores/workspace.ts';
import { ink } from './colors.ts';
import { snippet } from './snippet.ts';

const EMPTY: Label[] = [];

const exampleKeys = new WeakMap<AnnotationMap, string>();

/** The reviewer's own examples as a string that changes when they do; worked out once per map. */
function examplesKey(annotations: AnnotationMap): string {
  let key = exampleKeys.get(annotations);
  if (key === undefined) {
    key = [...annotations.values()]
      .filter((a) => a.example)
      .map((a) => `${a.id}:${a.label}`)
      .join(' ');
    exampleKeys.set(annotations, key);
  }
  return key;
}

/**
 * The guideline of a label beside the text: its description, its attributes, and the annotations
 * reviewers marked as examples of it (click one to go there, in whichever document it is).
 */
export function Guidelines() {
  const labels = useAppStore((s) => s.project?.taxonomy.labels ?? EMPTY);
  const selectedLabel = useWorkspaceStore((s) => (s.selectedId ? s.annotations.get(s.selectedId)?.label : undefined));
  // Examples are asked for again only when the reviewer's own examples change, not on every edit.
  const ownExamples = useWorkspaceStore((s) => examplesKey(s.annotations));
  const [chosen, setChosen] = useState<string | null>(null);
  const name = selectedLabel ?? chosen ?? labels[0]?.name ?? null;
  const label = labels.find((l) => l.name === name);
  const [examples, setExamples] = useState<{ label: string; list: LabelExample[] | { error: string } } | null>(null);

  useEffect(() => {
    if (!name) return;
    let live = true;
    void loadLabelExamples(name).then((list) => {
      if (live) setExamples({ label: name, list });
    });
    return () => {
      live = false;
    };
  }, [name, ownExamples]);

  if (!label) return null;
  const list = examples?.label === label.name ? examples.list : [];
  return (
    <section className="guidelines" aria-labelledby="guidelines-heading">
      <div className="panel-heading">
        <h2 id="guidelines-heading">Guidelines</h2>
        <select aria-label="Guideline for label" value={label.name} onChange={(event) => setChosen(event.target.value)} disabled={selectedLabel !== undefined}>
          {labels.map((l) => (
            <option key={l.name} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <h3 className="guideline-label" style={{ borderColor: label.color, color: ink(label.color) }}>
        {label.name}
      </h3>
      {label.description ? <Markdown text={label.description} className="markdown guideline-text" /> : <p className="muted">No description yet.</p>}
      {label.attributes.length > 0 && (
        <ul className="guideline-attributes" aria-label={`Attributes of ${label.name}`}>
          {label.attributes.map((a) => (
            <li key={a.name}>
              <strong>{a.name}</strong>
              {a.optional ? ' (optional' : ' (required'}
              {a.multiple ? ', several values)' : ')'}: {a.values.join(' · ')}
            </li>
          ))}
        </ul>
      )}
      <h4 className="guideline-examples-heading">Examples</h4>
      {'error' in list ? (
        <p className="alert-text">{list.error}</p>
      ) : list.length === 0 ? (
        <p className="muted">None yet. Tick “Example … in the guidelines” on an annotation to add one.</p>
      ) : (
        <ul className="guideline-examples" aria-label={`Examples of ${label.name}`}>
          {list.map((e) => (
            <li key={`${e.reviewer}-${e.annotationId}`}>
              <button type="button" className="example-item" onClick={() => void jumpToExample(e)}>
                <span className="example-quote">“{snippet(e.quote, 180)}”</span>
                <span className="muted example-source">
                  {e.documentTitle} · {e.reviewer}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
