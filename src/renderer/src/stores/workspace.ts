import { create } from 'zustand';
import { targetRange, type Annotation, type ReviewStatus } from '../../../shared/domain/annotation.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { CodePointIndex } from '../../../shared/text/codepoints.ts';

/** A document as the workspace needs it: its text indexed by code point, and its code points. */
export interface OpenDocument {
  doc: ClausemarkDocument;
  index: CodePointIndex;
  /** The text's code points, for word snapping and search. */
  chars: string[];
  /** UTF-16 offset of each segment's start, for mapping selections. */
  segmentUtf16Starts: number[];
}

export function openDocument(doc: ClausemarkDocument): OpenDocument {
  const index = new CodePointIndex(doc.text);
  let chars: string[] | null = null;
  return {
    doc,
    index,
    // Made on first use (word snapping, search): a million strings for a 1 MB policy.
    get chars() {
      chars ??= Array.from(doc.text);
      return chars;
    },
    segmentUtf16Starts: doc.segments.map((s) => index.toUtf16(s.start)),
  };
}

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  /** Commands that could not be written are kept and sent again. */
  | { kind: 'failed'; message: string }
  /** The service refused a command (it was undone on screen). */
  | { kind: 'refused'; message: string };

export interface SearchState {
  query: string;
  /** Code-point ranges of the matches, in text order. */
  matches: { start: number; end: number }[];
  current: number;
}

/**
 * Annotations by id. A Map, never changed once in the store: a change makes a new one (copying a Map
 * of thousands is a fraction of a millisecond; spreading an object that large took milliseconds a key).
 */
export type AnnotationMap = ReadonlyMap<string, Annotation>;

export interface WorkspaceState {
  open: OpenDocument | null;
  error: string | null;
  /** The reviewer's annotations on the open document, by id: the one source of truth for the view. */
  annotations: AnnotationMap;
  /**
   * Which annotations differ between `base` and `annotations`, when whoever set them knew: lets the
   * view redraw without comparing thousands. Ignored unless `base` is the annotations it replaced.
   */
  annotationChanges: { base: AnnotationMap; ids: readonly string[] } | null;
  status: ReviewStatus;
  selectedId: string | null;
  /** The segment J/K move through and a hotkey tags when nothing is selected. */
  currentSegment: number;
  filterLabel: string | null;
  save: SaveState;
  search: SearchState | null;
  helpOpen: boolean;
}

const initial = (): WorkspaceState => ({
  open: null,
  error: null,
  annotations: new Map(),
  annotationChanges: null,
  status: 'new',
  selectedId: null,
  currentSegment: 0,
  filterLabel: null,
  save: { kind: 'saved' },
  search: null,
  helpOpen: false,
});

export const useWorkspaceStore = create<WorkspaceState>()(initial);

export function resetWorkspaceStore(): void {
  useWorkspaceStore.setState(initial());
}

/** What an annotation covers in the open document (code points); nothing for a segment it lacks. */
export function annotationRange(a: Annotation, open: OpenDocument): { start: number; end: number } {
  return targetRange(a.target, open.doc.segments) ?? { start: 0, end: 0 };
}

/** Text order (ties: longer first, then creation, then id): a total order. */
function textOrder(open: OpenDocument): (a: Annotation, b: Annotation) => number {
  return (a, b) => {
    const ra = annotationRange(a, open);
    const rb = annotationRange(b, open);
    return ra.start - rb.start || rb.end - ra.end || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/** Each annotations map that was made from another by changing a few ids (see annotationChanges). */
const madeFrom = new WeakMap<AnnotationMap, { base: AnnotationMap; ids: readonly string[] }>();
useWorkspaceStore.subscribe((state, prev) => {
  const changes = state.annotationChanges;
  if (state.annotations !== prev.annotations && changes && changes.base === prev.annotations) madeFrom.set(state.annotations, changes);
});

const sortedCache = new WeakMap<AnnotationMap, { open: OpenDocument; list: Annotation[] }>();

/**
 * The open document's annotations in text order. A map made from an already sorted one by a few
 * changes is sorted by moving those few (thousands of annotations, every edit); else sorted whole.
 */
export function sortedAnnotations(annotations: AnnotationMap, open: OpenDocument, depth = 0): Annotation[] {
  const cached = sortedCache.get(annotations);
  if (cached?.open === open) return cached.list;
  const order = textOrder(open);
  const made = madeFrom.get(annotations);
  let list: Annotation[];
  if (made && depth < 50 && (depth > 0 || sortedCache.get(made.base)?.open === open || madeFrom.has(made.base))) {
    const changed = new Set(made.ids);
    list = sortedAnnotations(made.base, open, depth + 1).filter((a) => !changed.has(a.id));
    for (const id of changed) {
      const a = annotations.get(id);
      if (!a) continue;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (order(list[mid] as Annotation, a) < 0) lo = mid + 1;
        else hi = mid;
      }
      list.splice(lo, 0, a);
    }
  } else {
    list = [...annotations.values()].sort(order);
  }
  sortedCache.set(annotations, { open, list });
  // Sorted now: what it was made from is no longer needed (else every map since the open stays alive,
  // each holding the one before).
  madeFrom.delete(annotations);
  return list;
}

/** The text an annotation covers (a segment's whole text for a segment-level one). */
export function annotationQuote(a: Annotation, open: OpenDocument): string {
  if (a.target.type === 'span') return a.target.quote;
  const s = open.doc.segments[a.target.segment];
  return s ? open.index.slice(s.start, s.end) : '';
}

/** Index of the segment holding code point `cp` (the last one starting at or before it). */
export function segmentAt(open: OpenDocument, cp: number): number {
  const segments = open.doc.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((segments[mid]?.start ?? 0) <= cp) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
