/**
 * What the keyboard layer and the panels ask of the document view: the reviewer's selection in code
 * points, and scrolling or placing the caret. The view registers itself here while it is mounted.
 */
export interface DocumentViewHandle {
  /** The reviewer's selection in the document, in code points, or null when nothing is selected. */
  selection(): { start: number; end: number } | null;
  /** The segment the caret is in, if the caret is in the document. */
  caretSegment(): number | null;
  scrollToRange(start: number, end: number, opts?: { select?: boolean }): void;
  scrollToAnnotation(id: string): void;
  scrollToSegment(index: number, opts?: { caret?: boolean }): void;
  focus(): void;
}

let handle: DocumentViewHandle | null = null;

export function registerDocumentView(next: DocumentViewHandle | null): void {
  handle = next;
}

export const documentView = (): DocumentViewHandle | null => handle;

/** Whether the last selection was made holding Alt: then it is kept exactly, not snapped to words. */
let exactSelection = false;
export const setExactSelection = (exact: boolean): void => {
  exactSelection = exact;
};
export const isExactSelection = (): boolean => exactSelection;
