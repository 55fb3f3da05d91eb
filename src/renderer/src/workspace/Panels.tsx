import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Span } from '../../../shared/domain/annotation.ts';
import type { Attribute, Label } from '../../../shared/domain/taxonomy.ts';
import {
  addEvidence,
  relabel,
  removeEvidence,
  retrySaving,
  setAttributeValues,
  setExample,
  setNote,
} from '../actions/annotations.ts';
import { deleteSelected, hotkeyOf, selectAnnotation, tagWith } from '../actions/workspace.ts';
import { useAppStore } from '../stores/app.ts';
import {
  annotationQuote,
  annotationRange,
  sortedAnnotations,
  useWorkspaceStore,
  type AnnotationMap,
  type OpenDocument,
  type WorkspaceState,
} from '../stores/workspace.ts';
import { Markdown } from '../components/Markdown.tsx';
import { snippet } from './snippet.ts';
import { colorOf, highlight, ink } from './colors.ts';
import { documentView } from './view-handle.ts';
import { afterNextPaint, useStoreAfterPaint } from './after-paint.ts';

const EMPTY_LABELS: Label[] = [];
const useLabels = (): Label[] => useAppStore((s) => s.project?.taxonomy.labels ?? EMPTY_LABELS);
const count = new Intl.NumberFormat();
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });


/** The project's labels, each a button named by the label; the hotkey and description show on hover. */
export const LabelPalette = memo(function LabelPalette() {
  const labels = useLabels();
  return (
    <div className="palette" role="toolbar" aria-label="Labels">
      {labels.map((label, i) => {
        const key = hotkeyOf(label, i);
        return (
          <button
            key={label.name}
            type="button"
            className="palette-label"
            aria-label={label.name}
            aria-keyshortcuts={key}
            title={`${label.name}${key ? ` (${key})` : ''}${label.description ? `\n${label.description}` : ''}`}
            style={{ '--label': label.color, '--label-ink': ink(label.color) } as React.CSSProperties}
            // Keeps the reviewer's text selection: the button tags it without taking focus.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => tagWith(label.name)}
          >
            <span className="palette-swatch" aria-hidden="true" />
            {key && (
              <kbd className="palette-key" aria-hidden="true">
                {key}
              </kbd>
            )}
            <span className="palette-name" aria-hidden="true">
              {label.name}
            </span>
          </button>
        );
      })}
    </div>
  );
});

export function SaveIndicator() {
  const save = useWorkspaceStore((s) => s.save);
  return (
    <div className={`save-indicator ${save.kind}`} role="status" aria-label="Save status" data-testid="save-status">
      {save.kind === 'saved' && <span>Saved</span>}
      {save.kind === 'saving' && <span>Saving…</span>}
      {save.kind === 'refused' && <span title={save.message}>Not saved: {save.message}</span>}
      {save.kind === 'failed' && (
        <>
          <span title={save.message}>Not saved: {save.message}</span>
          <button type="button" className="button small" onClick={() => void retrySaving()}>
            Retry
          </button>
        </>
      )}
    </div>
  );
}

/** What the list shows before its first deferred render. */
const NOT_YET: AnnotationMap = new Map();

const ROWS_AT_FIRST = 150;
const ROWS_MORE = 300;
const ROWS_AROUND = 40;

interface ItemProps {
  annotation: Annotation;
  open: OpenDocument;
  color: string;
  selected: boolean;
}

/** One row of the list; memoised, so adding one annotation re-renders one row, not thousands. */
const AnnotationItem = memo(function AnnotationItem({ annotation: a, open, color, selected }: ItemProps) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!selected) return;
    // After the next frame: scrolling measures the page (a forced layout), which must not hold up the
    // frame that shows the highlight just made.
    return afterNextPaint(() => ref.current?.scrollIntoView({ block: 'nearest' }));
  }, [selected]);
  const range = annotationRange(a, open);
  return (
    <li ref={ref}>
      <button
        type="button"
        className={`annotation-item${selected ? ' selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        onClick={() => selectAnnotation(a.id, { scroll: true })}
      >
        <span className="annotation-item-label" style={{ color: ink(color), borderColor: color }}>
          {a.label}
          {a.target.type === 'segment' && <span className="scope"> · whole segment</span>}
        </span>
        <span className="annotation-item-quote">{snippet(annotationQuote(a, open))}</span>
        <span className="visually-hidden">
          {' '}
          at {range.start}–{range.end}
        </span>
      </button>
    </li>
  );
});

const selectAnnotations = (s: WorkspaceState): AnnotationMap => s.annotations;
const selectSelectedId = (s: WorkspaceState): string | null => s.selectedId;

/** The document's annotations in text order; filter by label; click to jump. */
export function AnnotationList({ open }: { open: OpenDocument }) {
  // The list follows a change once the text has painted it, never holding up that frame; at open too
  // (deferred from nothing, so a long policy's text shows before its list is made).
  const live = useStoreAfterPaint(useWorkspaceStore, selectAnnotations);
  const annotations = useDeferredValue(live, NOT_YET);
  const pending = annotations === NOT_YET && live !== NOT_YET;
  const filterLabel = useWorkspaceStore((s) => s.filterLabel);
  const selectedId = useStoreAfterPaint(useWorkspaceStore, selectSelectedId);
  return <AnnotationListBody open={open} annotations={annotations} pending={pending} filterLabel={filterLabel} selectedId={selectedId} />;
}

interface ListProps {
  open: OpenDocument;
  annotations: AnnotationMap;
  pending: boolean;
  filterLabel: string | null;
  selectedId: string | null;
}

const AnnotationListBody = memo(function AnnotationListBody({ open, annotations, pending, filterLabel, selectedId }: ListProps) {
  const labels = useLabels();
  const sorted = useMemo(() => sortedAnnotations(annotations, open), [annotations, open]);
  const visible = useMemo(() => (filterLabel ? sorted.filter((a) => a.label === filterLabel) : sorted), [sorted, filterLabel]);
  const byLabel = useMemo(() => {
    const counts = new Map<string, number>();
    for (const a of sorted) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
    return counts;
  }, [sorted]);
  const total = sorted.length;
  // Rows are rendered as the list is scrolled (a sentinel at the end asks for more). An annotation
  // selected further down is shown with its neighbours, and the rows before it on request, so
  // thousands of annotations cost a screenful.
  const [limit, setLimit] = useState(ROWS_AT_FIRST);
  const [extra, setExtra] = useState(0);
  const selectedAt = selectedId ? visible.findIndex((a) => a.id === selectedId) : -1;
  const windowed = selectedAt >= limit;
  const from = windowed ? Math.max(0, selectedAt - ROWS_AROUND) : 0;
  const to = Math.min(visible.length, windowed ? selectedAt + ROWS_AROUND + extra : limit);
  const sentinel = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      if (windowed) setExtra((n) => n + ROWS_MORE);
      else setLimit((n) => n + ROWS_MORE);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [to, windowed]);

  return (
    <section className="annotation-list" aria-labelledby="annotations-heading">
      <div className="panel-heading">
        <h2 id="annotations-heading" className="visually-hidden">
          Annotations
        </h2>
        <span className="count-summary">{pending ? '…' : `${count.format(total)} ${total === 1 ? 'annotation' : 'annotations'}`}</span>
        <label className="filter">
          <span className="visually-hidden">Filter by label</span>
          <select
            aria-label="Filter by label"
            value={filterLabel ?? ''}
            onChange={(event) => useWorkspaceStore.setState({ filterLabel: event.target.value || null })}
          >
            <option value="">All labels ({count.format(total)})</option>
            {labels
              .filter((l) => byLabel.has(l.name))
              .map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name} ({count.format(byLabel.get(l.name) ?? 0)})
                </option>
              ))}
          </select>
        </label>
      </div>
      {pending ? (
        <ul aria-label="Annotations" aria-busy="true" className="annotation-items" />
      ) : total === 0 ? (
        <p className="muted empty-note">
          Select words in the text and press a label's number, or click the label above. With nothing selected, the
          number tags the whole current segment.
        </p>
      ) : (
        <ul aria-label="Annotations" className="annotation-items">
          {from > 0 && (
            <li className="more-rows">
              <button type="button" className="link" onClick={() => setLimit(to)}>
                Show the {count.format(from)} annotations before these
              </button>
            </li>
          )}
          {visible.slice(from, to).map((a) => (
            <AnnotationItem key={a.id} annotation={a} open={open} color={colorOf(labels, a.label)} selected={a.id === selectedId} />
          ))}
          {to < visible.length && (
            <li ref={sentinel} className="muted more-rows">
              {count.format(visible.length - to)} more…
            </li>
          )}
        </ul>
      )}
    </section>
  );
});

/** The reviewer's current selection, if it lies inside the annotation: the candidate evidence. */
function evidenceFromSelection(a: Annotation, open: OpenDocument): Span | null {
  const selection = documentView()?.selection();
  if (!selection) return null;
  const range = annotationRange(a, open);
  if (selection.start < range.start || selection.end > range.end) return null;
  return { start: selection.start, end: selection.end, quote: open.index.slice(selection.start, selection.end) };
}

function AttributeField({ annotation, attribute, open }: { annotation: Annotation; attribute: Attribute; open: OpenDocument }) {
  const chosen = annotation.attributes[attribute.name] ?? [];
  const [hint, setHint] = useState<string | null>(null);
  const names = chosen.map((v) => v.value);
  const labelText = `${attribute.name}${attribute.optional ? '' : ' (required)'}`;

  const addEvidenceFor = (value: string) => {
    const span = evidenceFromSelection(annotation, open);
    if (!span) {
      setHint('Select the words inside this annotation that justify the value, then press “Add evidence”.');
      return;
    }
    setHint(null);
    addEvidence(annotation.id, attribute.name, value, span);
  };

  return (
    <fieldset className="attribute">
      <legend>{labelText}</legend>
      {attribute.multiple ? (
        <div className="attribute-choices">
          {attribute.values.map((value) => (
            <label key={value} className="check">
              <input
                type="checkbox"
                checked={names.includes(value)}
                onChange={(event) =>
                  setAttributeValues(
                    annotation.id,
                    attribute.name,
                    event.target.checked ? [...names, value] : names.filter((n) => n !== value),
                  )
                }
              />
              {value}
            </label>
          ))}
        </div>
      ) : (
        <select
          aria-label={attribute.name}
          value={names[0] ?? ''}
          onChange={(event) => setAttributeValues(annotation.id, attribute.name, event.target.value ? [event.target.value] : [])}
        >
          <option value="">{attribute.optional ? '— not set —' : '— choose —'}</option>
          {attribute.values.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      )}
      {chosen.map((v) => (
        <div key={v.value} className="evidence">
          {(v.evidence ?? []).map((e) => (
            <span key={`${e.start}-${e.end}`} className="evidence-chip">
              <button
                type="button"
                className="link"
                title="Show in the text"
                onClick={() => documentView()?.scrollToRange(e.start, e.end, { select: true })}
              >
                “{snippet(e.quote, 60)}”
              </button>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove evidence “${snippet(e.quote, 40)}” for ${v.value}`}
                onClick={() => removeEvidence(annotation.id, attribute.name, v.value, e)}
              >
                ×
              </button>
            </span>
          ))}
          <button
            type="button"
            className="button small quiet"
            aria-label={`Add evidence for ${v.value}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => addEvidenceFor(v.value)}
          >
            + Add evidence for “{v.value}”
          </button>
        </div>
      ))}
      {hint && <p className="hint">{hint}</p>}
    </fieldset>
  );
}

function NoteField({ annotation }: { annotation: Annotation }) {
  // While the reviewer types, the field holds their draft; otherwise it shows the store (undo included).
  const [draft, setDraft] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<string | null>(null);
  const id = annotation.id;
  const commit = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (pending.current !== null) setNote(id, pending.current);
    pending.current = null;
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (pending.current !== null) setNote(id, pending.current);
    },
    [id],
  );
  return (
    <label className="field note">
      <span>Note</span>
      <textarea
        rows={3}
        value={draft ?? annotation.note}
        placeholder="Why this label, doubts, questions for the lead…"
        onFocus={() => setDraft(annotation.note)}
        onBlur={() => {
          commit();
          setDraft(null);
        }}
        onChange={(event) => {
          setDraft(event.target.value);
          pending.current = event.target.value;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(commit, 800);
        }}
      />
    </label>
  );
}

export function Inspector({ open }: { open: OpenDocument }) {
  // Which annotation is shown follows a new selection after the highlight paints; edits to the one
  // shown appear at once (its fields are controlled inputs, which must never lag what was typed).
  const selectedId = useStoreAfterPaint(useWorkspaceStore, selectSelectedId);
  const annotation = useWorkspaceStore((s) => (selectedId ? s.annotations.get(selectedId) : undefined));
  if (!selectedId || !annotation) return null;
  return <InspectorBody annotation={annotation} open={open} />;
}

/** Whether the reviewer last left the label's guideline open in the inspector (kept from one annotation to the next). */
let guidelineShown = false;

/**
 * The label's guideline, folded by default so the attributes stay in view; open it once and it stays
 * open for the next annotations (the Guidelines tab has every label's, with examples).
 */
function LabelGuideline({ text }: { text: string }) {
  const [shown, setShown] = useState(guidelineShown);
  return (
    <details
      className="description"
      open={shown}
      onToggle={(event) => {
        guidelineShown = event.currentTarget.open;
        setShown(guidelineShown);
      }}
    >
      <summary>Guideline</summary>
      <Markdown text={text} className="markdown" />
    </details>
  );
}

const InspectorBody = memo(function InspectorBody({ annotation, open }: { annotation: Annotation; open: OpenDocument }) {
  const labels = useLabels();
  const label = labels.find((l) => l.name === annotation.label);
  const color = colorOf(labels, annotation.label);
  const quote = annotationQuote(annotation, open);
  const range = annotationRange(annotation, open);

  return (
    <section className="inspector" aria-label="Annotation details" style={{ '--label': color } as React.CSSProperties}>
      <div className="panel-heading">
        <h2>Annotation</h2>
        <button type="button" className="button small quiet" onClick={() => selectAnnotation(null)} aria-label="Close details">
          ×
        </button>
      </div>
      <label className="field">
        <span>Label</span>
        <select
          aria-label="Label"
          value={annotation.label}
          onChange={(event) => {
            const next = labels.find((l) => l.name === event.target.value);
            if (next) relabel(annotation.id, next.name, next.attributes.map((a) => a.name));
          }}
        >
          {!label && <option value={annotation.label}>{annotation.label} (not in the taxonomy)</option>}
          {labels.map((l) => (
            <option key={l.name} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <figure className="quote" style={{ borderColor: color, background: highlight(color, 0.16) }}>
        <blockquote aria-label="Quoted text">{snippet(quote, 600)}</blockquote>
        <figcaption className="muted">
          {annotation.target.type === 'segment' ? `Whole segment ${annotation.target.segment + 1}` : 'Span'} · characters{' '}
          {count.format(range.start)}–{count.format(range.end)}
        </figcaption>
      </figure>
      {label?.description && <LabelGuideline text={label.description} />}
      {label && label.attributes.length > 0 && (
        <div className="attributes">
          {label.attributes.map((attribute) => (
            <AttributeField key={attribute.name} annotation={annotation} attribute={attribute} open={open} />
          ))}
        </div>
      )}
      <NoteField key={annotation.id} annotation={annotation} />
      <label className="check example-toggle">
        <input type="checkbox" checked={annotation.example === true} onChange={(event) => setExample(annotation.id, event.target.checked)} />
        Example of “{annotation.label}” in the guidelines
      </label>
      <dl className="meta">
        <dt>Reviewer</dt>
        <dd>{annotation.reviewer}</dd>
        <dt>Created</dt>
        <dd>{time.format(new Date(annotation.createdAt))}</dd>
        <dt>Updated</dt>
        <dd>{time.format(new Date(annotation.updatedAt))}</dd>
        {annotation.origin !== 'manual' && (
          <>
            <dt>Origin</dt>
            <dd>{annotation.origin}</dd>
          </>
        )}
      </dl>
      <button type="button" className="button danger" aria-keyshortcuts="Delete" onClick={deleteSelected}>
        Delete annotation
      </button>
    </section>
  );
});
