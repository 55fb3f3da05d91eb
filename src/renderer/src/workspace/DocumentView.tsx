import { memo, useEffect, useRef, type MouseEvent as ReactMouseEvent } from 'react';
import { MarkNode } from '@lexical/mark';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { mergeRegister } from '@lexical/utils';
import {
  $createRangeSelection,
  $createRangeSelectionFromDom,
  $getNearestNodeFromDOMNode,
  $getNodeByKey,
  $getSelection,
  $isRangeSelection,
  $setSelection,
  COMMAND_PRIORITY_CRITICAL,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  CUT_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_LINE_COMMAND,
  DELETE_WORD_COMMAND,
  DRAGSTART_COMMAND,
  DROP_COMMAND,
  FORMAT_ELEMENT_COMMAND,
  FORMAT_TEXT_COMMAND,
  INDENT_CONTENT_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  KEY_BACKSPACE_COMMAND,
  KEY_DELETE_COMMAND,
  KEY_ENTER_COMMAND,
  KEY_TAB_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  PASTE_COMMAND,
  REDO_COMMAND,
  REMOVE_TEXT_COMMAND,
  UNDO_COMMAND,
  type EditorThemeClasses,
  type LexicalCommand,
  type LexicalEditor,
  type NodeKey,
} from 'lexical';
import type { Annotation } from '../../../shared/domain/annotation.ts';
import type { Label } from '../../../shared/domain/taxonomy.ts';
import { useAppStore } from '../stores/app.ts';
import { annotationRange, segmentAt, useWorkspaceStore, type AnnotationMap, type OpenDocument } from '../stores/workspace.ts';
import { MarkStyleSheet, colorOf, gutterStyle, highlight } from './colors.ts';
import { GROUP_SIZE, PROJECTION_TAG, PROJECTION_TAGS, Projection, isMark } from './projection.ts';
import { SegmentGroupNode } from './segment-group.ts';
import { registerDocumentView, setExactSelection } from './view-handle.ts';

const theme: EditorThemeClasses = {
  paragraph: 'segment',
  text: { bold: 'segment-heading' },
  mark: 'hl',
  markOverlap: 'hl-overlap',
};

/** Every command that would change the text: the document is read-only, though it has a caret. */
const EDITING_COMMANDS: LexicalCommand<never>[] = [
  CONTROLLED_TEXT_INSERTION_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_WORD_COMMAND,
  DELETE_LINE_COMMAND,
  REMOVE_TEXT_COMMAND,
  PASTE_COMMAND,
  CUT_COMMAND,
  DROP_COMMAND,
  DRAGSTART_COMMAND,
  FORMAT_TEXT_COMMAND,
  FORMAT_ELEMENT_COMMAND,
  INDENT_CONTENT_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  UNDO_COMMAND,
  REDO_COMMAND,
] as unknown as LexicalCommand<never>[];
const EDITING_KEYS = [KEY_BACKSPACE_COMMAND, KEY_DELETE_COMMAND, KEY_ENTER_COMMAND, KEY_TAB_COMMAND] as LexicalCommand<KeyboardEvent | null>[];

const sameDrawing = (a: Annotation | undefined, b: Annotation | undefined): boolean =>
  a !== undefined && b !== undefined && a.label === b.label && JSON.stringify(a.target) === JSON.stringify(b.target);

/** The reviewer's selection as the DOM has it now (Lexical's own copy may lag a fresh drag). */
const $liveSelection = (editor: LexicalEditor) => $createRangeSelectionFromDom(window.getSelection(), editor) ?? $getSelection();

/** The segment the selection's focus is in. */
function $focusSegment(selection: ReturnType<typeof $getSelection>, projection: Projection): number | null {
  if (!$isRangeSelection(selection)) return null;
  return projection.$segmentOfNode(selection.focus.getNode()) ?? null;
}

/** What each highlight element stands for: the ids and labels of the annotations it draws. */
const markInfo = new WeakMap<HTMLElement, { ids: readonly string[]; names: string[]; className: string }>();

/**
 * The segments whose drawing changes between two annotation maps, telling `track` of every annotation
 * whose drawing changed. Plain loops: this runs on every change, over thousands of annotations.
 */
function changedSegments(
  prev: AnnotationMap,
  next: AnnotationMap,
  hint: readonly string[] | null,
  open: OpenDocument,
  track: (before: Annotation | undefined, after: Annotation | undefined) => void,
): { spans: Set<number>; gutters: Set<number> } {
  const spans = new Set<number>();
  const gutters = new Set<number>();
  const touch = (a: Annotation | undefined) => {
    if (!a) return;
    if (a.target.type === 'segment') {
      gutters.add(a.target.segment);
      return;
    }
    const range = annotationRange(a, open);
    const last = segmentAt(open, Math.max(range.start, range.end - 1));
    for (let s = segmentAt(open, range.start); s <= last; s++) spans.add(s);
  };
  const consider = (before: Annotation | undefined, after: Annotation | undefined) => {
    // Only what is drawn counts: redrawing a paragraph would drop the reviewer's selection in it.
    if (before === after || sameDrawing(before, after)) return;
    track(before, after);
    touch(before);
    touch(after);
  };
  if (hint) {
    // The store said which annotations changed: no need to compare thousands.
    for (const id of new Set(hint)) if (prev.get(id) !== next.get(id)) consider(prev.get(id), next.get(id));
    return { spans, gutters };
  }
  for (const [id, a] of next) if (prev.get(id) !== a) consider(prev.get(id), a);
  for (const [id, a] of prev) if (!next.has(id)) consider(a, undefined);
  return { spans, gutters };
}

/**
 * Lexical keeps its node and DOM maps copy-on-write: writes since the last compaction sit in a
 * "nursery" map, copied whole by every update until it outgrows half the map. Cutting a long policy
 * into marks fills it with thousands of entries (a millisecond of copying per key at 1 MB), so once
 * every paragraph is cut, both maps are compacted, in idle time. A no-op on a Lexical without them.
 */
function compactNodeMaps(editor: LexicalEditor): void {
  for (const map of [editor.getEditorState()._nodeMap, editor._keyToDOMMap]) {
    (map as { compact?: (force: boolean) => unknown }).compact?.(true);
  }
}

function labelsOf(ids: readonly string[], annotations: AnnotationMap): string[] {
  const names: string[] = [];
  for (const id of ids) {
    const label = annotations.get(id)?.label;
    if (label && !names.includes(label)) names.push(label);
  }
  return names;
}

/** How many window heights of text the open cuts into marks at once, from the top. */
const EAGER_SCREENS = 1.5;
/** A line of the reading text, in CSS pixels (16.5px at line-height 1.7), for estimates. */
const LINE_PX = 28;
/** About how many characters a line of the reading column holds (74ch of a serif face). */
const CHARS_PER_LINE = 70;

/** The lines a segment's paragraph takes in the reading column, estimated from its length. */
const estimatedLines = (s: { start: number; end: number }): number => Math.max(1, Math.ceil((s.end - s.start) / CHARS_PER_LINE));
/** Segments cut per step while the view is idle. */
const IDLE_CHUNK = 16;
/** When cutting while idle starts, after the view is built. */
const IDLE_START_MS = 250;

/**
 * How many leading segments the open cuts into marks at once (the view opens at the top): those that
 * fill the window's height one and a half times over, by the same estimate of lines as the groups'
 * heights. The ones after are cut as they come near the screen.
 */
function eagerSegments(open: OpenDocument): number {
  const segments = open.doc.segments;
  const lines = Math.ceil((EAGER_SCREENS * (window.innerHeight || 900)) / LINE_PX);
  let n = 0;
  for (let sum = 0; n < segments.length && sum < lines; n++) {
    const s = segments[n] as { start: number; end: number };
    sum += estimatedLines(s) + 1;
  }
  return n;
}

/** Binds the Lexical editor to the workspace store: projection, decoration, selection, scrolling. */
function WorkspaceBindings({ open }: { open: OpenDocument }) {
  const [editor] = useLexicalComposerContext();

  useEffect(() => {
    const projection = new Projection(open);
    const elementOfSegment = (index: number): HTMLElement | null => {
      const key = projection.paragraphKeys[index];
      return key ? editor.getElementByKey(key) : null;
    };
    /**
     * Scrolls an element into view, and again over the next frames until it stays put: paragraphs
     * not laid out yet have estimated heights, which change as scrolling brings them into layout.
     */
    let revealing = 0;
    const reveal = (element: HTMLElement | null, block: ScrollLogicalPosition) => {
      if (!element) return;
      const mine = ++revealing;
      element.scrollIntoView({ block });
      let last = Number.NaN;
      let frames = 0;
      const settle = () => {
        if (mine !== revealing || !element.isConnected) return;
        const top = element.getBoundingClientRect().top;
        if (top === last || ++frames > 12) return;
        last = top;
        element.scrollIntoView({ block });
        requestAnimationFrame(settle);
      };
      requestAnimationFrame(settle);
    };
    /** The segments a code-point range touches. */
    const segmentsBetween = (start: number, end: number): number[] => {
      const out: number[] = [];
      for (let i = segmentAt(open, start), last = segmentAt(open, Math.max(start, end - 1)); i <= last; i++) out.push(i);
      return out;
    };
    // "plaintext-only" keeps the caret and selection, and stops React from measuring the selection
    // across the whole text before every commit (it does so for contentEditable="true" only), which
    // at 1 MB cost tens of milliseconds per keypress.
    const root = editor.getRootElement();
    if (root && root.contentEditable === 'true') root.contentEditable = 'plaintext-only';
    const idToKeys = new Map<string, Set<NodeKey>>();
    const keyToIds = new Map<NodeKey, string[]>();
    let labels: readonly Label[] = useAppStore.getState().project?.taxonomy.labels ?? [];
    let drawnSelected: string | null = null;
    let drawnCurrent: number | null = null;
    let drawnSelectedSegment: number | null = null;

    let sheet = new MarkStyleSheet(labels.map((l) => l.color));
    /** The selected annotation's first and last pieces, which draw the sides of its frame. */
    let edgeMarks: Element[] = [];
    let edgesQueued = false;
    const drawEdges = () => {
      edgesQueued = false;
      for (const element of edgeMarks) element.classList.remove('hl-sel-start', 'hl-sel-end');
      edgeMarks = [];
      const { selectedId } = useWorkspaceStore.getState();
      const pieces = new Set<Element>();
      for (const key of (selectedId && idToKeys.get(selectedId)) || []) {
        const element = editor.getElementByKey(key);
        if (element) pieces.add(element);
      }
      // An annotation's pieces in a paragraph are neighbours: no text lies between two of them.
      for (const element of pieces) {
        const start = !pieces.has(element.previousElementSibling as Element);
        const end = !pieces.has(element.nextElementSibling as Element);
        if (start) element.classList.add('hl-sel-start');
        if (end) element.classList.add('hl-sel-end');
        if (start || end) edgeMarks.push(element);
      }
    };
    /** Once for all the marks a change styles, at the end of the task (before the frame). */
    const queueEdges = () => {
      if (edgesQueued) return;
      edgesQueued = true;
      queueMicrotask(drawEdges);
    };

    const styleMark = (key: NodeKey, ids: readonly string[]) => {
      const element = editor.getElementByKey(key);
      if (!element) return;
      const { annotations, selectedId } = useWorkspaceStore.getState();
      const names = labelsOf(ids, annotations);
      const previous = markInfo.get(element)?.className;
      const className = sheet.classFor(names.map((n) => colorOf(labels, n)));
      if (previous && previous !== className) element.classList.remove(previous);
      element.classList.add(className);
      if (selectedId !== null && ids.includes(selectedId)) {
        element.classList.add('hl-selected');
        queueEdges();
      }
      markInfo.set(element, { ids, names, className });
      element.removeAttribute('title');
    };

    const styleGutters = (segments: Iterable<number>) => {
      const { annotations } = useWorkspaceStore.getState();
      const bySegment = new Map<number, string[]>();
      for (const a of annotations.values()) {
        if (a.target.type !== 'segment') continue;
        const list = bySegment.get(a.target.segment) ?? [];
        if (!list.includes(a.label)) list.push(a.label);
        bySegment.set(a.target.segment, list);
      }
      for (const index of segments) {
        const key = projection.paragraphKeys[index];
        const element = key ? editor.getElementByKey(key) : null;
        if (!element) continue;
        const names = bySegment.get(index) ?? [];
        // An untagged segment that never was needs nothing (most of them, at open).
        if (names.length === 0 && !element.classList.contains('segment-tagged')) continue;
        element.classList.toggle('segment-tagged', names.length > 0);
        element.style.setProperty('--gutter', gutterStyle(names.map((n) => colorOf(labels, n))));
        element.style.setProperty('--seg-bg', names[0] ? highlight(colorOf(labels, names[0]), 0.13) : 'transparent');
        // Hovering the segment names its whole-segment tags (a highlight inside names its own).
        if (names.length > 0) element.title = `Whole segment: ${names.join(' · ')}`;
        else element.removeAttribute('title');
      }
    };

    const drawSelected = () => {
      const { selectedId, annotations } = useWorkspaceStore.getState();
      if (drawnSelected === selectedId) return;
      for (const id of [drawnSelected, selectedId]) {
        if (!id) continue;
        for (const key of idToKeys.get(id) ?? []) editor.getElementByKey(key)?.classList.toggle('hl-selected', id === selectedId);
      }
      if (drawnSelectedSegment !== null) {
        const old = projection.paragraphKeys[drawnSelectedSegment];
        if (old) editor.getElementByKey(old)?.classList.remove('segment-selected');
        drawnSelectedSegment = null;
      }
      const selected = selectedId ? annotations.get(selectedId) : undefined;
      if (selected?.target.type === 'segment') {
        const key = projection.paragraphKeys[selected.target.segment];
        if (key) editor.getElementByKey(key)?.classList.add('segment-selected');
        drawnSelectedSegment = selected.target.segment;
      }
      drawnSelected = selectedId;
      queueEdges();
      // At the end of the task: the first drawing runs before paintEvidence is declared below.
      queueMicrotask(() => paintEvidence());
    };

    const drawCurrent = () => {
      const { currentSegment } = useWorkspaceStore.getState();
      if (drawnCurrent === currentSegment) return;
      if (drawnCurrent !== null) {
        const old = projection.paragraphKeys[drawnCurrent];
        if (old) editor.getElementByKey(old)?.classList.remove('segment-current');
      }
      const key = projection.paragraphKeys[currentSegment];
      if (key) editor.getElementByKey(key)?.classList.add('segment-current');
      drawnCurrent = currentSegment;
    };

    const unregister = mergeRegister(
      ...EDITING_COMMANDS.map((command) => editor.registerCommand(command, () => true, COMMAND_PRIORITY_CRITICAL)),
      ...EDITING_KEYS.map((command) =>
        editor.registerCommand(
          command,
          (event) => {
            event?.preventDefault();
            return true;
          },
          COMMAND_PRIORITY_CRITICAL,
        ),
      ),
      editor.registerMutationListener(
        MarkNode,
        (mutations) => {
          editor.read('latest', () => {
            for (const [key, mutation] of mutations) {
              for (const id of keyToIds.get(key) ?? []) idToKeys.get(id)?.delete(key);
              keyToIds.delete(key);
              if (mutation === 'destroyed') continue;
              const node = $getNodeByKey(key);
              if (!isMark(node)) continue;
              const ids = node.getIDs();
              keyToIds.set(key, ids);
              for (const id of ids) {
                let keys = idToKeys.get(id);
                if (!keys) idToKeys.set(id, (keys = new Set()));
                keys.add(key);
              }
              styleMark(key, ids);
            }
          });
        },
        { skipInitialization: true },
      ),
      // A safety net: text changed by anything but the projection (an input method, say) is put back.
      editor.registerUpdateListener(({ dirtyLeaves, tags, prevEditorState, editorState }) => {
        if (dirtyLeaves.size === 0 || tags.has(PROJECTION_TAG)) return;
        const textOf = (state: typeof editorState, key: NodeKey) => state.read(() => $getNodeByKey(key)?.getTextContent() ?? null);
        const changed = [...dirtyLeaves].some((key) => textOf(editorState, key) !== textOf(prevEditorState, key));
        if (changed) editor.setEditorState(prevEditorState, { tag: PROJECTION_TAG });
      }),
      editor.registerUpdateListener(({ editorState, tags }) => {
        if (tags.has(PROJECTION_TAG)) return;
        // The caret's segment becomes the current segment (what J/K and a hotkey without selection use).
        const segment = editorState.read(() => $focusSegment($getSelection(), projection));
        if (segment !== null && segment !== useWorkspaceStore.getState().currentSegment) {
          useWorkspaceStore.setState({ currentSegment: segment });
        }
      }),
    );

    editor.update(
      () => {
        projection.$build(useWorkspaceStore.getState().annotations, eagerSegments(open));
      },
      { tag: PROJECTION_TAGS, discrete: true },
    );
    styleGutters(open.doc.segments.keys());
    drawSelected();
    drawCurrent();
    // Each group's height before it is first laid out, estimated from its segments' lengths, so the
    // scroll bar and jumps far down land near where they should.
    for (let first = 0; first < open.doc.segments.length; first += GROUP_SIZE) {
      const group = elementOfSegment(first)?.parentElement;
      const segments = open.doc.segments.slice(first, first + GROUP_SIZE);
      const lines = segments.reduce((sum, s) => sum + estimatedLines(s), 0);
      group?.style.setProperty('--lines', String(lines));
      group?.style.setProperty('--gaps', String(segments.length));
    }

    // The segments past the first screens are cut into their marks as they come near the screen, and
    // the rest while the reviewer reads (idle time), so a long policy opens at the cost of what shows.
    // A paragraph holding the reviewer's selection waits: re-cutting it would drop the selection.
    const selectedSegments = (): Set<number> => {
      const out = new Set<number>();
      const selection = window.getSelection();
      if (!selection || selection.rangeCount === 0) return out;
      editor.read('latest', () => {
        for (const node of [selection.anchorNode, selection.focusNode]) {
          const index = node ? projection.$segmentOfNode($getNearestNodeFromDOMNode(node)) : undefined;
          if (index !== undefined) out.add(index);
        }
      });
      return out;
    };
    const cutSegments = (segments: Iterable<number>, force = false): number => {
      const held = force ? new Set<number>() : selectedSegments();
      const wanted = [...segments].filter((i) => !projection.isCut(i) && !held.has(i));
      if (wanted.length === 0) return 0;
      let n = 0;
      editor.update(() => (n = projection.$cut(wanted, useWorkspaceStore.getState().annotations)), { tag: PROJECTION_TAGS, discrete: true });
      for (const index of wanted) {
        const element = elementOfSegment(index);
        if (element) nearby?.unobserve(element);
      }
      if (useWorkspaceStore.getState().search) paintSearch();
      if (useWorkspaceStore.getState().selectedId) queueMicrotask(() => paintEvidence());
      return n;
    };
    const scroller = editor.getRootElement()?.closest('.document-scroll') ?? null;
    let nearby: IntersectionObserver | null =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver(
            (entries) => {
              const indices: number[] = [];
              for (const entry of entries) {
                if (!entry.isIntersecting) continue;
                const index = segmentOfElement.get(entry.target);
                if (index !== undefined) indices.push(index);
              }
              if (indices.length > 0) cutSegments(indices);
            },
            { root: scroller, rootMargin: '150% 0px' },
          )
        : null;
    const segmentOfElement = new WeakMap<Element, number>();
    for (let index = 0; index < open.doc.segments.length; index++) {
      if (projection.isCut(index)) continue;
      const element = elementOfSegment(index);
      if (!element) continue;
      segmentOfElement.set(element, index);
      nearby?.observe(element);
    }
    let idle: number | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const cutWhileIdle = (deadline: IdleDeadline) => {
      idle = null;
      let progressed = false;
      // One step at least when the browser was never idle for two seconds (a busy machine): it ends.
      let forced = deadline.didTimeout;
      while (!projection.allCut && (forced || deadline.timeRemaining() > 4)) {
        forced = false;
        const next = projection.uncutSegments(IDLE_CHUNK + 4);
        if (cutSegments(next.slice(0, IDLE_CHUNK)) === 0 && cutSegments(next) === 0) break;
        progressed = true;
      }
      if (projection.allCut) {
        nearby?.disconnect();
        nearby = null;
        compactNodeMaps(editor);
      } else if (progressed || deadline.didTimeout) idle = requestIdleCallback(cutWhileIdle, { timeout: 2000 });
      else retry = setTimeout(() => (idle = requestIdleCallback(cutWhileIdle, { timeout: 2000 })), 500);
    };
    // Not before the open's first frames are on screen.
    if (!projection.allCut && typeof requestIdleCallback === 'function') {
      retry = setTimeout(() => (idle = requestIdleCallback(cutWhileIdle, { timeout: 2000 })), IDLE_START_MS);
    }

    // Search matches are painted with the CSS Custom Highlight API: no change to the document's nodes.
    const domRange = (start: number, end: number): Range | null => {
      const points = editor.read('latest', () => [
        projection.$textPointAt(segmentAt(open, start), start),
        projection.$textPointAt(segmentAt(open, Math.max(start, end - 1)), end),
      ]);
      const [a, b] = points;
      const textA = a ? editor.getElementByKey(a.key)?.firstChild : null;
      const textB = b ? editor.getElementByKey(b.key)?.firstChild : null;
      if (!a || !b || !textA || !textB) return null;
      const range = document.createRange();
      range.setStart(textA, Math.min(a.offset, textA.textContent?.length ?? 0));
      range.setEnd(textB, Math.min(b.offset, textB.textContent?.length ?? 0));
      return range;
    };
    /** The CSS Custom Highlight API (text painted over without touching the DOM), where the browser has it. */
    const highlights = (): { registry: Map<string, unknown>; HighlightClass: new (...ranges: Range[]) => unknown } | null => {
      const registry = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
      const HighlightClass = (window as unknown as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
      return registry && HighlightClass ? { registry, HighlightClass } : null;
    };
    /**
     * The selected annotation's evidence spans (the words an attribute value rests on), painted over the
     * text. Ranges die with the text nodes they point into, so a redraw or a cut paints them again.
     */
    const paintEvidence = () => {
      const api = highlights();
      if (!api) return;
      api.registry.delete('evidence');
      const { selectedId, annotations } = useWorkspaceStore.getState();
      const selected = selectedId ? annotations.get(selectedId) : undefined;
      if (!selected) return;
      const ranges = Object.values(selected.attributes)
        .flatMap((values) => values.flatMap((v) => v.evidence ?? []))
        .map((e) => domRange(e.start, e.end))
        .filter((r): r is Range => r !== null);
      if (ranges.length > 0) api.registry.set('evidence', new api.HighlightClass(...ranges));
    };
    const paintSearch = () => {
      const api = highlights();
      if (!api) return;
      const { registry, HighlightClass } = api;
      const { search } = useWorkspaceStore.getState();
      registry.delete('search');
      registry.delete('search-current');
      if (!search || search.matches.length === 0) return;
      // Only matches near the current one are painted: thousands of live Ranges slow every layout.
      const from = Math.max(0, search.current - 200);
      const ranges = search.matches
        .slice(from, search.current + 200)
        .map((m) => domRange(m.start, m.end))
        .filter((r): r is Range => r !== null);
      registry.set('search', new HighlightClass(...ranges));
      const current = search.matches[search.current];
      const currentRange = current ? domRange(current.start, current.end) : null;
      if (currentRange) registry.set('search-current', new HighlightClass(currentRange));
    };

    const unsubscribe = useWorkspaceStore.subscribe((state, prev) => {
      // The document is closing (or another opening): nothing to redraw in a view about to go.
      if (state.open !== open) return;
      if (state.search !== prev.search) paintSearch();
      if (state.annotations !== prev.annotations) {
        const hint = state.annotationChanges?.base === prev.annotations ? state.annotationChanges.ids : null;
        const { spans, gutters } = changedSegments(prev.annotations, state.annotations, hint, open, (before, after) => projection.track(before, after));
        if (spans.size > 0) {
          editor.update(() => projection.$refill(spans, state.annotations), { tag: PROJECTION_TAGS, discrete: true });
        }
        if (gutters.size > 0) styleGutters(gutters);
        drawnSelected = null;
      }
      if (state.selectedId !== prev.selectedId || drawnSelected === null) drawSelected();
      if (state.currentSegment !== prev.currentSegment) drawCurrent();
    });
    const unsubscribeLabels = useAppStore.subscribe((state, prev) => {
      if (state.project?.taxonomy === prev.project?.taxonomy) return;
      labels = state.project?.taxonomy.labels ?? [];
      sheet.dispose();
      sheet = new MarkStyleSheet(labels.map((l) => l.color));
      for (const [key, ids] of keyToIds) styleMark(key, ids);
      styleGutters(open.doc.segments.keys());
    });


    const selectRange = (start: number, end: number) => {
      cutSegments(segmentsBetween(start, end), true);
      editor.update(
        () => {
          const a = projection.$textPointAt(segmentAt(open, start), start);
          const b = projection.$textPointAt(segmentAt(open, Math.max(start, end - 1)), end);
          if (!a || !b) return;
          const selection = $createRangeSelection();
          selection.anchor.set(a.key, a.offset, 'text');
          selection.focus.set(b.key, b.offset, 'text');
          $setSelection(selection);
        },
        { discrete: true },
      );
    };

    registerDocumentView({
      selection: () =>
        editor.read('latest', () => {
          const selection = $liveSelection(editor);
          if (!$isRangeSelection(selection) || selection.isCollapsed()) return null;
          const a = projection.$codePointOf(selection.anchor.getNode(), selection.anchor.offset, selection.anchor.type);
          const b = projection.$codePointOf(selection.focus.getNode(), selection.focus.offset, selection.focus.type);
          if (a === null || b === null || a === b) return null;
          return { start: Math.min(a, b), end: Math.max(a, b) };
        }),
      caretSegment: () => editor.read('latest', () => $focusSegment($liveSelection(editor), projection)),
      scrollToRange: (start, end, opts) => {
        const index = segmentAt(open, start);
        cutSegments([index]);
        reveal(elementOfSegment(index), 'center');
        if (opts?.select) selectRange(start, end);
      },
      scrollToAnnotation: (id) => {
        const shown = useWorkspaceStore.getState().annotations.get(id);
        if (shown) {
          const range = annotationRange(shown, open);
          cutSegments(segmentsBetween(range.start, range.end));
        }
        const keys = idToKeys.get(id);
        const first = keys ? [...keys][0] : undefined;
        const element = first ? editor.getElementByKey(first) : null;
        if (element) {
          reveal(element, 'center');
          return;
        }
        const a = useWorkspaceStore.getState().annotations.get(id);
        if (a) reveal(elementOfSegment(segmentAt(open, annotationRange(a, open).start)), 'center');
      },
      scrollToSegment: (index, opts) => {
        cutSegments([index], Boolean(opts?.caret));
        reveal(elementOfSegment(index), 'nearest');
        if (opts?.caret) {
          const segment = open.doc.segments[index];
          if (segment) {
            editor.update(
              () => {
                const point = projection.$textPointAt(index, segment.start);
                if (!point) return;
                const selection = $createRangeSelection();
                selection.anchor.set(point.key, point.offset, 'text');
                selection.focus.set(point.key, point.offset, 'text');
                $setSelection(selection);
              },
              { discrete: true },
            );
          }
        }
      },
      focus: () => editor.getRootElement()?.focus({ preventScroll: true }),
    });

    return () => {
      if (idle !== null) cancelIdleCallback(idle);
      if (retry !== null) clearTimeout(retry);
      nearby?.disconnect();
      (CSS as unknown as { highlights?: Map<string, unknown> }).highlights?.clear();
      sheet.dispose();
      registerDocumentView(null);
      unsubscribe();
      unsubscribeLabels();
      unregister();
    };
  }, [editor, open]);

  return null;
}

/** A segment paragraph's index from its place in the view: its group's, then its own in the group. */
function segmentOfParagraphElement(paragraph: HTMLElement): number {
  const group = paragraph.parentElement;
  const groups = group?.parentElement;
  if (!group || !groups) return -1;
  return Array.prototype.indexOf.call(groups.children, group) * GROUP_SIZE + Array.prototype.indexOf.call(group.children, paragraph);
}

/** The clicked highlight's annotation: the shortest one there; clicking again cycles through the rest. */
function annotationAtClick(event: ReactMouseEvent): string | null {
  const target = event.target as HTMLElement;
  const { annotations, selectedId, open } = useWorkspaceStore.getState();
  if (!open) return null;
  const mark = target.closest<HTMLElement>('mark.hl');
  let candidates: Annotation[] = [];
  const info = mark ? markInfo.get(mark) : undefined;
  if (info) {
    candidates = info.ids
      .map((id) => annotations.get(id))
      .filter((a): a is Annotation => a !== undefined);
  }
  const paragraph = target.closest<HTMLElement>('.segment');
  if (candidates.length === 0 && paragraph?.classList.contains('segment-tagged')) {
    // The gutter left of a tagged segment selects its whole-segment annotations.
    const box = paragraph.getBoundingClientRect();
    if (event.clientX - box.left < 16) {
      const index = segmentOfParagraphElement(paragraph);
      candidates = [...annotations.values()].filter((a) => a.target.type === 'segment' && a.target.segment === index);
    }
  }
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => {
    const ra = annotationRange(a, open);
    const rb = annotationRange(b, open);
    return ra.end - ra.start - (rb.end - rb.start) || (a.id < b.id ? -1 : 1);
  });
  const at = candidates.findIndex((a) => a.id === selectedId);
  return (candidates[(at + 1) % candidates.length] as Annotation).id;
}

export const DocumentView = memo(function DocumentView({ open, title }: { open: OpenDocument; title: string }) {
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    // Typing, pasting or dropping never reaches the editor: the text is the imported document's.
    const block = (event: Event) => {
      event.preventDefault();
      event.stopPropagation();
    };
    const types = ['beforeinput', 'paste', 'cut', 'drop', 'compositionstart'];
    for (const type of types) element.addEventListener(type, block, true);
    return () => {
      for (const type of types) element.removeEventListener(type, block, true);
    };
  }, []);

  // A highlight names its labels on hover; the title is set then, not for every mark at load.
  const onMouseOver = (event: ReactMouseEvent) => {
    const mark = (event.target as HTMLElement).closest<HTMLElement>('mark.hl');
    const info = mark ? markInfo.get(mark) : undefined;
    if (mark && info && !mark.title) mark.title = info.names.join(' · ');
  };

  const onPointerUp = (event: ReactMouseEvent) => {
    setExactSelection(event.altKey);
    if (!window.getSelection()?.isCollapsed) return;
    const id = annotationAtClick(event);
    if (id) useWorkspaceStore.setState({ selectedId: id });
  };

  return (
    <div ref={wrapper} className="document-view" onMouseUp={onPointerUp} onMouseOver={onMouseOver} onKeyUp={(event) => event.shiftKey && setExactSelection(event.altKey)}>
      <LexicalComposer
        initialConfig={{
          namespace: 'clausemark-workspace',
          editable: true,
          theme,
          nodes: [MarkNode, SegmentGroupNode],
          onError: (error) => {
            throw error;
          },
        }}
      >
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="reading-text"
              aria-label={`Text of ${title}`}
              aria-readonly="true"
              aria-multiline="true"
              spellCheck={false}
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
        <WorkspaceBindings open={open} />
      </LexicalComposer>
    </div>
  );
});
