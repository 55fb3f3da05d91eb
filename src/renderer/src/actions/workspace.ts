import type { Label } from '../../../shared/domain/taxonomy.ts';
import { snapToWords } from '../../../shared/text/words.ts';
import { api } from '../api/client.ts';
import { refreshLabelCounts } from './project.ts';
import { useAppStore } from '../stores/app.ts';
import { sortDocuments, useDocumentsStore } from '../stores/documents.ts';
import {
  type OpenDocument,
  annotationRange,
  openDocument,
  resetWorkspaceStore,
  useWorkspaceStore,
  type SearchState,
} from '../stores/workspace.ts';
import { documentView, isExactSelection } from '../workspace/view-handle.ts';
import { createAnnotation, deleteAnnotation, resetAnnotationCommands, saveState, setStatus, statusWithUnsaved, unsavedEditsHold, withUnsaved, writtenFor } from './annotations.ts';

const setApp = useAppStore.setState;
const setWorkspace = useWorkspaceStore.setState;

/**
 * Clears everything scoped to a document or a project: the workspace store and the undo history.
 * What is not saved yet is not: the indicator goes on saying so.
 */
export function resetWorkspace(): void {
  resetAnnotationCommands();
  resetWorkspaceStore();
  setWorkspace({ save: saveState() });
}

/** The text and the reviewer's annotations in one call, so the view is built once with every mark. */
async function fetchForOpen(id: string) {
  const written = writtenFor(id);
  return { opened: await api['documents.open']({ id }), written };
}

/** A press on a document's title fetches it before the click that opens it (taken by that click only). */
let prefetched: { id: string; at: number; answer: ReturnType<typeof fetchForOpen> } | null = null;
/** A press this long before the click is not that click's: its answers may be out of date. */
export const PREFETCH_MS = 1500;

/**
 * Starts fetching a document when the pointer is pressed on its title: a click comes ~100 ms after
 * the press, so the answers are there (or on their way) when it does. Only the next open of this
 * document, within PREFETCH_MS, uses them; any other open throws them away.
 */
export function prefetchDocument(id: string): void {
  prefetched = { id, at: performance.now(), answer: fetchForOpen(id) };
}

function takePrefetched(id: string): ReturnType<typeof fetchForOpen> | null {
  const p = prefetched;
  prefetched = null;
  return p && p.id === id && performance.now() - p.at <= PREFETCH_MS ? p.answer : null;
}

export async function openDocumentById(id: string): Promise<void> {
  resetWorkspace();
  setApp({ readingDocumentId: id });
  const answer = await (takePrefetched(id) ?? fetchForOpen(id));
  if (useAppStore.getState().readingDocumentId !== id) return;
  const { opened } = answer;
  if (!opened.ok) {
    setWorkspace({ error: opened.error.message });
    return;
  }
  let { written } = answer;
  let listed = opened.value.annotations;
  // A command for this document written meanwhile may be missing from what was read, and is no
  // longer among the unsaved ones added below: read the annotations again (a few times at most).
  for (let tries = 0; listed.ok && writtenFor(id) !== written && tries < 3; tries++) {
    written = writtenFor(id);
    listed = await api['annotations.list']({ documentId: id });
    if (useAppStore.getState().readingDocumentId !== id) return;
  }
  const open = openDocument(opened.value.document);
  if (!listed.ok) {
    setWorkspace({ open, error: listed.error.message });
    return;
  }
  setWorkspace({
    open,
    annotations: withUnsaved(id, new Map(listed.value.annotations.map((a) => [a.id, a]))),
    status: statusWithUnsaved(id, listed.value.status),
  });
}

export async function closeDocument(): Promise<void> {
  setApp({ readingDocumentId: null });
  resetWorkspace();
  await refreshDocumentList();
}

async function refreshDocumentList(): Promise<void> {
  void refreshLabelCounts();
  const result = await api['documents.list']({});
  if (result.ok) useDocumentsStore.setState({ documents: result.value, loading: false });
}

export function labels(): readonly Label[] {
  return useAppStore.getState().project?.taxonomy.labels ?? [];
}

/** The label a hotkey (1-9, 0) stands for: the label's own key, else its place among the first ten. */
export function labelForKey(key: string): Label | undefined {
  const all = labels();
  const own = all.find((l) => l.key === key);
  if (own) return own;
  const position = key === '0' ? 9 : Number.parseInt(key, 10) - 1;
  const byPlace = Number.isInteger(position) ? all[position] : undefined;
  return byPlace && !byPlace.key ? byPlace : undefined;
}

export const hotkeyOf = (label: Label, index: number): string | undefined =>
  label.key ?? (index < 10 && !labels().some((l) => l.key === String((index + 1) % 10)) ? String((index + 1) % 10) : undefined);

/**
 * Tags the reviewer's selection (snapped to whole words unless it was made holding Alt) with
 * `label`; with nothing selected, the whole current segment.
 */
/** Word context either side of a selection that snapping may reach into. */
const SNAP_REACH = 1_000;

/** snapToWords over the code points around the selection only (not the whole text's). */
function snapNear(open: OpenDocument, start: number, end: number): { start: number; end: number } | null {
  const from = Math.max(0, Math.min(start, end) - SNAP_REACH);
  const to = Math.min(open.index.length, Math.max(start, end) + SNAP_REACH);
  const range = snapToWords(Array.from(open.index.slice(from, to)), start - from, end - from);
  return range ? { start: range.start + from, end: range.end + from } : null;
}

export function tagWith(label: string): void {
  const { open, currentSegment } = useWorkspaceStore.getState();
  if (!open) return;
  const view = documentView();
  const selection = view?.selection() ?? null;
  if (selection) {
    const range = isExactSelection() ? selection : snapNear(open, selection.start, selection.end);
    if (!range) return;
    createAnnotation({ type: 'span', start: range.start, end: range.end, quote: open.index.slice(range.start, range.end) }, label);
    window.getSelection()?.collapseToEnd();
    return;
  }
  const segment = view?.caretSegment() ?? currentSegment;
  createAnnotation({ type: 'segment', segment }, label);
}

export function selectAnnotation(id: string | null, opts: { scroll?: boolean } = {}): void {
  setWorkspace({ selectedId: id });
  if (id && opts.scroll) documentView()?.scrollToAnnotation(id);
}

export function deleteSelected(): void {
  const { selectedId } = useWorkspaceStore.getState();
  if (selectedId) deleteAnnotation(selectedId);
}

/** J/K: the next or previous segment becomes current, with the caret at its start. */
export function moveSegment(step: 1 | -1): void {
  const { open, currentSegment } = useWorkspaceStore.getState();
  if (!open) return;
  const next = Math.min(open.doc.segments.length - 1, Math.max(0, currentSegment + step));
  setWorkspace({ currentSegment: next });
  documentView()?.scrollToSegment(next, { caret: true });
}

/** N: the next segment (after the current one, wrapping) that none of the reviewer's annotations touch. */
export function nextUnlabeledSegment(): void {
  const { open, currentSegment, annotations } = useWorkspaceStore.getState();
  if (!open) return;
  const count = open.doc.segments.length;
  const labeled = new Set<number>();
  for (const a of annotations.values()) {
    if (a.target.type === 'segment') {
      labeled.add(a.target.segment);
      continue;
    }
    const range = annotationRange(a, open);
    open.doc.segments.forEach((s, i) => {
      if (s.start < range.end && s.end > range.start) labeled.add(i);
    });
  }
  for (let step = 1; step <= count; step++) {
    const candidate = (currentSegment + step) % count;
    if (!labeled.has(candidate)) {
      setWorkspace({ currentSegment: candidate });
      documentView()?.scrollToSegment(candidate, { caret: true });
      return;
    }
  }
}

/** Ctrl/Cmd+Enter: marks the document done, then opens the next one not done (in the list's order). */
export async function markDoneAndNext(): Promise<void> {
  const { open } = useWorkspaceStore.getState();
  if (!open) return;
  // Done means done as shown: not while an edit of it is failing to save (the key would otherwise wait for ever).
  const held = await unsavedEditsHold(4000, 'this document stays open and is not marked done');
  if (held) {
    setApp({ alert: held });
    return;
  }
  if (await setStatus('done')) return;
  await refreshDocumentList();
  const { documents, sort } = useDocumentsStore.getState();
  const ordered = sortDocuments(documents, sort).filter((d) => d.status !== 'damaged');
  const at = ordered.findIndex((d) => d.id === open.doc.id);
  for (let step = 1; step < ordered.length; step++) {
    const candidate = ordered[(at + step) % ordered.length];
    if (candidate && candidate.status !== 'done') {
      await openDocumentById(candidate.id);
      return;
    }
  }
  await closeDocument();
  setApp({ alert: null });
}

// Search: over the document's own text (not the DOM), so it finds matches however long the text is,
// and counts every one (the view paints those near the current one).

function findAll(chars: readonly string[], text: string, query: string): { start: number; end: number }[] {
  if (!query) return [];
  const haystack = text.toLocaleLowerCase();
  const needle = query.toLocaleLowerCase();
  // Lower-casing can change lengths (rarely); then search the text as it is.
  const exact = haystack.length !== text.length;
  const source = exact ? text : haystack;
  const target = exact ? query : needle;
  const matches: { start: number; end: number }[] = [];
  let from = 0;
  // Code-point offsets from UTF-16 ones, walking forward once.
  let u16 = 0;
  let cp = 0;
  for (;;) {
    const at = source.indexOf(target, from);
    if (at < 0) break;
    while (u16 < at) {
      u16 += (chars[cp] as string).length;
      cp++;
    }
    const startCp = cp;
    let endU16 = u16;
    let endCp = cp;
    while (endU16 < at + target.length) {
      endU16 += (chars[endCp] as string).length;
      endCp++;
    }
    matches.push({ start: startCp, end: endCp });
    from = at + Math.max(1, target.length);
  }
  return matches;
}

export function openSearch(): void {
  if (!useWorkspaceStore.getState().search) setWorkspace({ search: { query: '', matches: [], current: 0 } });
}

export function closeSearch(opts: { selectCurrent?: boolean } = {}): void {
  const { search } = useWorkspaceStore.getState();
  setWorkspace({ search: null });
  const match = search?.matches[search.current];
  if (opts.selectCurrent && match) documentView()?.scrollToRange(match.start, match.end, { select: true });
  documentView()?.focus();
}

export function setSearchQuery(query: string): void {
  const { open } = useWorkspaceStore.getState();
  if (!open) return;
  const matches = findAll(open.chars, open.doc.text, query);
  const search: SearchState = { query, matches, current: 0 };
  setWorkspace({ search });
  const first = matches[0];
  if (first) documentView()?.scrollToRange(first.start, first.end);
}

export function stepSearch(step: 1 | -1): void {
  const { search } = useWorkspaceStore.getState();
  if (!search || search.matches.length === 0) return;
  const current = (search.current + step + search.matches.length) % search.matches.length;
  setWorkspace({ search: { ...search, current } });
  const match = search.matches[current];
  if (match) documentView()?.scrollToRange(match.start, match.end);
}

/**
 * Goes to a guideline example: opens its document if another is open, then shows it, selected when it
 * is one of the reviewer's own annotations.
 */
export async function jumpToExample(example: { documentId: string; annotationId: string; quote: string }): Promise<void> {
  if (useWorkspaceStore.getState().open?.doc.id !== example.documentId) await openDocumentById(example.documentId);
  // The view mounts in the next frames.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const { annotations, open } = useWorkspaceStore.getState();
  if (annotations.has(example.annotationId)) {
    selectAnnotation(example.annotationId, { scroll: true });
    return;
  }
  // Another reviewer's example: find its text.
  const at = open ? open.doc.text.indexOf(example.quote.replace(/…$/, '')) : -1;
  if (open && at >= 0) {
    const start = open.index.toCodePoint(at);
    documentView()?.scrollToRange(start, start + Array.from(example.quote).length, { select: true });
  }
}
