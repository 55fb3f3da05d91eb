import { useEffect, useRef, useState } from 'react';
import type { ReviewStatus } from '../../../shared/domain/annotation.ts';
import { redo, setStatus, undo } from '../actions/annotations.ts';
import {
  closeDocument,
  closeSearch,
  deleteSelected,
  labelForKey,
  markDoneAndNext,
  moveSegment,
  nextUnlabeledSegment,
  openSearch,
  selectAnnotation,
  setSearchQuery,
  stepSearch,
  tagWith,
} from '../actions/workspace.ts';
import { Modal, isModalOpen } from '../components/Modal.tsx';
import { useWorkspaceStore, type OpenDocument, type WorkspaceState } from '../stores/workspace.ts';
import { DocumentView } from './DocumentView.tsx';
import { Guidelines } from './Guidelines.tsx';
import { useStoreAfterPaint } from './after-paint.ts';
import { AnnotationList, Inspector, LabelPalette, SaveIndicator } from './Panels.tsx';

const count = new Intl.NumberFormat();
const isMac = (): boolean => navigator.platform.startsWith('Mac');
const MOD = isMac() ? '⌘' : 'Ctrl';

const STATUS_TEXT: Record<ReviewStatus, string> = { new: 'Not started', 'in-progress': 'In progress', done: 'Done' };

const SHORTCUTS: [string, string][] = [
  ['1 … 9, 0', 'Tag the selection with a label (the whole current segment when nothing is selected)'],
  ['Alt + drag', 'Select exactly, without snapping to whole words'],
  ['Shift + arrows', 'Extend the selection from the caret'],
  ['J / K', 'Next / previous segment'],
  ['N', 'Next segment without a label'],
  ['Delete or Backspace', 'Delete the selected annotation'],
  [`${MOD} + Z`, 'Undo'],
  [isMac() ? '⌘ + Shift + Z' : 'Ctrl + Shift + Z or Ctrl + Y', 'Redo'],
  [`${MOD} + F`, 'Find in the document (Enter / Shift + Enter: next / previous)'],
  [`${MOD} + Enter`, 'Mark the document done and open the next one'],
  ['Escape', 'Close search, clear the selection, or go back to the documents'],
  ['?', 'Show these shortcuts'],
];

/** Where typing belongs to a field, not to the workspace's shortcuts. */
function inField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const element = target;
  if (element.closest('.document-view')) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

function useWorkspaceKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = useWorkspaceStore.getState();
      if (!state.open) return;
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      const key = event.key;
      const field = inField(event.target);
      if (state.helpOpen || isModalOpen()) return;
      if (mod && !event.altKey && key.toLowerCase() === 'f') {
        event.preventDefault();
        openSearch();
        return;
      }
      if (mod && key === 'Enter') {
        event.preventDefault();
        void markDoneAndNext();
        return;
      }
      if (!field && mod && !event.altKey && (key.toLowerCase() === 'z' || key.toLowerCase() === 'y')) {
        event.preventDefault();
        if (key.toLowerCase() === 'y' || event.shiftKey) redo();
        else undo();
        return;
      }
      if (field || mod || event.altKey) return;
      if (key === 'Escape') {
        if (state.search) closeSearch();
        else if (state.selectedId) selectAnnotation(null);
        else void closeDocument();
        event.preventDefault();
        return;
      }
      if (/^[0-9]$/.test(key)) {
        const label = labelForKey(key);
        if (label) {
          event.preventDefault();
          tagWith(label.name);
        }
        return;
      }
      switch (key.toLowerCase()) {
        case 'j':
          event.preventDefault();
          moveSegment(1);
          return;
        case 'k':
          event.preventDefault();
          moveSegment(-1);
          return;
        case 'n':
          event.preventDefault();
          nextUnlabeledSegment();
          return;
        case 'delete':
        case 'backspace':
          if (state.selectedId) {
            event.preventDefault();
            deleteSelected();
          }
          return;
        case '?':
          event.preventDefault();
          useWorkspaceStore.setState({ helpOpen: true });
          return;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function SearchBar() {
  const search = useWorkspaceStore((s) => s.search);
  const input = useRef<HTMLInputElement>(null);
  const isOpen = search !== null;
  useEffect(() => {
    if (isOpen) input.current?.focus();
  }, [isOpen]);
  if (!search) return null;
  const total = search.matches.length;
  return (
    <div className="search-bar" role="search" aria-label="Find in document">
      <input
        ref={input}
        type="search"
        aria-label="Find in document"
        placeholder="Find in document"
        value={search.query}
        onChange={(event) => setSearchQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            stepSearch(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            closeSearch({ selectCurrent: true });
          }
        }}
      />
      <span className="search-count" aria-live="polite">
        {search.query ? (total === 0 ? 'No matches' : `${count.format(search.current + 1)} of ${count.format(total)}`) : ''}
      </span>
      <button type="button" className="button small" aria-label="Previous match" disabled={total === 0} onClick={() => stepSearch(-1)}>
        ↑
      </button>
      <button type="button" className="button small" aria-label="Next match" disabled={total === 0} onClick={() => stepSearch(1)}>
        ↓
      </button>
      <button type="button" className="button small quiet" aria-label="Close search" onClick={() => closeSearch({ selectCurrent: true })}>
        ×
      </button>
    </div>
  );
}

function ShortcutsDialog() {
  const close = () => useWorkspaceStore.setState({ helpOpen: false });
  return (
    <Modal title="Keyboard shortcuts" onDismiss={close}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-actions">
        <button type="button" className="button primary" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** The annotation list and the guidelines share the space under the inspector. */
function SidePanelTabs({ open }: { open: OpenDocument }) {
  const [tab, setTab] = useState<'annotations' | 'guidelines'>('annotations');
  const tabs = [
    ['annotations', 'Annotations'],
    ['guidelines', 'Guidelines'],
  ] as const;
  return (
    <div className="side-tabs">
      <div role="tablist" aria-label="Side panel" className="tablist">
        {tabs.map(([id, name]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`tabpanel-${id}`}
            className={`tab${tab === id ? ' active' : ''}`}
            onClick={() => setTab(id)}
          >
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        {tab === 'annotations' ? <AnnotationList open={open} /> : <Guidelines />}
      </div>
    </div>
  );
}

const selectTotal = (s: WorkspaceState): number => s.annotations.size;

export function Workspace() {
  const open = useWorkspaceStore((s) => s.open);
  const error = useWorkspaceStore((s) => s.error);
  const status = useWorkspaceStore((s) => s.status);
  const total = useStoreAfterPaint(useWorkspaceStore, selectTotal);
  const helpOpen = useWorkspaceStore((s) => s.helpOpen);
  const back = useRef<HTMLButtonElement>(null);
  useWorkspaceKeys();
  useEffect(() => {
    back.current?.focus();
  }, []);

  const title = open?.doc.title ?? 'Opening document…';
  return (
    <section className="workspace" aria-labelledby="workspace-title">
      <header className="workspace-header">
        <button ref={back} type="button" className="button small" onClick={() => void closeDocument()}>
          ← Documents
        </button>
        <div className="workspace-heading">
          <h1 id="workspace-title">{title}</h1>
          {open && (
            <p className="muted">
              {open.doc.source.fileName} · {count.format(open.doc.segments.length)} segments · {count.format(total)}{' '}
              {total === 1 ? 'annotation' : 'annotations'}
            </p>
          )}
        </div>
        <div className="workspace-tools">
          <SaveIndicator />
          <label className="status-field">
            <span className="visually-hidden">Review status</span>
            <select
              aria-label="Review status"
              className={`status-select ${status}`}
              value={status}
              disabled={!open}
              onChange={(event) => void setStatus(event.target.value as ReviewStatus)}
            >
              {(Object.keys(STATUS_TEXT) as ReviewStatus[]).map((s) => (
                <option key={s} value={s}>
                  {STATUS_TEXT[s]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button small" aria-keyshortcuts="Control+Enter Meta+Enter" disabled={!open} onClick={() => void markDoneAndNext()}>
            Done, next →
          </button>
          <button
            type="button"
            className="button small quiet"
            aria-label="Keyboard shortcuts"
            aria-keyshortcuts="?"
            onClick={() => useWorkspaceStore.setState({ helpOpen: true })}
          >
            ?
          </button>
        </div>
      </header>
      {error && (
        <div className="alert" role="alert">
          <p className="alert-text">{error}</p>
        </div>
      )}
      {open && (
        <>
          <LabelPalette />
          <SearchBar />
          <div className="workspace-body">
            <div className="document-scroll">
              <DocumentView key={open.doc.id} open={open} title={open.doc.title} />
            </div>
            <aside className="side-panel" aria-label="Annotation panel">
              <Inspector open={open} />
              <SidePanelTabs open={open} />
            </aside>
          </div>
        </>
      )}
      {helpOpen && <ShortcutsDialog />}
    </section>
  );
}
