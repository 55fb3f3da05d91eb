import type {
  Annotation,
  AnnotationAttributes,
  AnnotationCommand,
  AnnotationTarget,
  ReviewStatus,
  Span,
} from '../../../shared/domain/annotation.ts';
import { ANNOTATION_BATCH_MAX } from '../../../shared/api/contract.ts';
import { api } from '../api/client.ts';
import { useAppStore } from '../stores/app.ts';
import { useWorkspaceStore, type AnnotationMap, type SaveState } from '../stores/workspace.ts';

/**
 * The workspace's command layer. Every reviewer action is a change of annotations (before -> after);
 * it is sent to main at once (one call in flight; what comes meanwhile goes in one batch on its
 * answer), then shown and recorded for undo, so the disk write overlaps the redraw. The screen says
 * "Saved" only once main has answered that everything sent is on disk. What arrives from disk
 * (opening a document) is applied without being recorded. Commands name their document, so what
 * could not be written outlives the document it was made in: leaving the document keeps it queued
 * and retried, the indicator keeps saying so, and the document shows it when opened again.
 */

/** A change of one annotation: null before = created, null after = deleted. */
interface Change {
  id: string;
  before: Annotation | null;
  after: Annotation | null;
}

interface HistoryEntry {
  changes: Change[];
}

const UNDO_LIMIT = 500;
const RETRY_MS = 3000;

let undoStack: HistoryEntry[] = [];
let redoStack: HistoryEntry[] = [];
interface Queued {
  command: AnnotationCommand;
  change: Change;
}
/** Commands waiting for the answer to the call in flight, the call's own, and how many are in flight (0 or 1). */
let queued: Queued[] = [];
let sending: Queued[] = [];
let inFlight = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
/** Why the last call failed, while what it carried is still unsaved. */
let failure: string | null = null;
/** A document status main could not record, sent again with the next retry. */
let unsavedStatus: { documentId: string; status: ReviewStatus } | null = null;
/** Listeners told when everything is written (unsavedEditsHold waits with them). */
const savedListeners = new Set<() => void>();

/** Tells the listeners that everything is written. */
function settled(): void {
  for (const listener of savedListeners) listener();
}

function onSaved(listener: () => void): () => void {
  savedListeners.add(listener);
  return () => savedListeners.delete(listener);
}

/**
 * Clears the undo history; called when the document or the project changes. What is not saved yet
 * stays queued, with its retry: it names its document.
 */
export function resetAnnotationCommands(): void {
  undoStack = [];
  redoStack = [];
}

export const hasUnsavedCommands = (): boolean => queued.length > 0 || inFlight > 0 || unsavedStatus !== null;

/** What the save indicator says of everything not saved yet, in whichever document it was made. */
export function saveState(): SaveState {
  if (!hasUnsavedCommands()) return { kind: 'saved' };
  return failure !== null && inFlight === 0 ? { kind: 'failed', message: failure } : { kind: 'saving' };
}

const documentOf = (command: AnnotationCommand): string => (command.op === 'put' ? command.annotation.documentId : command.documentId);

/** Commands main has written, per document (see writtenFor). */
const writtenCounts = new Map<string, number>();

/**
 * How many of a document's commands main has written so far. A read of the document's annotations
 * made while one of them was being written may or may not hold it, and once written it is no longer
 * among the unsaved ones withUnsaved adds: a reader compares this before and after, and reads again
 * when it moved.
 */
export const writtenFor = (documentId: string): number => writtenCounts.get(documentId) ?? 0;

/**
 * A document's annotations as read from disk, with the changes made to it that are not written yet
 * (queued, or in a call main has not answered), as the reviewer last saw them.
 */
export function withUnsaved(documentId: string, annotations: AnnotationMap): AnnotationMap {
  const pending = [...sending, ...queued].filter((q) => documentOf(q.command) === documentId);
  if (pending.length === 0) return annotations;
  const shown = new Map(annotations);
  for (const { change } of pending) {
    if (change.after) shown.set(change.id, change.after);
    else shown.delete(change.id);
  }
  return shown;
}

const randomId = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 16);
};

function commandFor(change: Change): AnnotationCommand {
  const { after, before } = change;
  if (after === null) {
    return { op: 'delete', documentId: (before as Annotation).documentId, id: change.id };
  }
  return {
    op: 'put',
    annotation: {
      id: after.id,
      documentId: after.documentId,
      target: after.target,
      label: after.label,
      attributes: after.attributes,
      note: after.note,
      origin: after.origin,
      createdAt: after.createdAt,
      ...(after.example ? { example: true } : {}),
    },
  };
}

/**
 * Sends changes to main (at once, before the view redraws them, so the disk write overlaps the redraw;
 * or on the answer to the call in flight) and shows them.
 */
function perform(changes: Change[]): void {
  if (changes.length === 0) return;
  for (const change of changes) queued.push({ command: commandFor(change), change });
  void flush();
  const base = useWorkspaceStore.getState().annotations;
  const annotations = new Map(base);
  for (const c of changes) {
    if (c.after) annotations.set(c.id, c.after);
    else annotations.delete(c.id);
  }
  const { selectedId, status } = useWorkspaceStore.getState();
  useWorkspaceStore.setState({
    annotations,
    annotationChanges: { base, ids: changes.map((c) => c.id) },
    selectedId: selectedId && annotations.has(selectedId) ? selectedId : null,
    save: { kind: 'saving' },
    // As main derives it: a document the reviewer annotated is in progress until they say otherwise.
    status: status === 'new' && annotations.size > 0 ? 'in-progress' : status,
  });
}

/** Records changes for undo and performs them. */
function run(changes: Change[]): void {
  if (changes.length === 0) return;
  undoStack.push({ changes });
  if (undoStack.length > UNDO_LIMIT) undoStack.shift();
  redoStack = [];
  perform(changes);
}

async function flush(): Promise<void> {
  // One batch in flight at a time, so main applies them in the order they were made (parallel
  // requests to the bridge could arrive in any order); what queues meanwhile goes on its answer,
  // at most as many as one call may carry (a long outage can queue more).
  if (queued.length === 0 || inFlight > 0) return;
  const batch = queued.slice(0, ANNOTATION_BATCH_MAX);
  queued = queued.slice(batch.length);
  sending = batch;
  inFlight++;
  const result = await api['annotations.apply']({ commands: batch.map((b) => b.command) }).catch(
    (error: unknown) => ({ ok: false as const, error: { code: 'IO_ERROR' as const, message: error instanceof Error ? error.message : String(error) } }),
  );
  inFlight--;
  sending = [];
  if (!result.ok) {
    // Nothing of the batch was written: keep it, in order, ahead of anything queued since.
    queued = [...batch, ...queued];
    failure = result.error.message;
    useWorkspaceStore.setState({ save: saveState() });
    scheduleRetry();
    return;
  }
  failure = null;
  const refused: string[] = [];
  const state = useWorkspaceStore.getState();
  // Only the open document's annotations are on screen; another's are read from disk when opened.
  const openId = state.open?.doc.id;
  let copy: Map<string, Annotation> | null = null;
  const touched: string[] = [];
  const writable = (id: string): Map<string, Annotation> => {
    copy ??= new Map(state.annotations);
    touched.push(id);
    return copy;
  };
  result.value.forEach((outcome, i) => {
    const sent = batch[i];
    if (!sent) return;
    const documentId = documentOf(sent.command);
    const shownHere = documentId === openId;
    if (outcome.ok) {
      writtenCounts.set(documentId, writtenFor(documentId) + 1);
      if (!shownHere) return;
      // The stored state (with main's times) replaces ours unless a later local change is pending.
      const later = queued.some((q) => q.change.id === outcome.id);
      const shown = (copy ?? state.annotations).get(outcome.id);
      // Only main's times differ from what is shown: keep the object, so nothing re-renders for it.
      if (!later && outcome.annotation && shown && !sameButTimes(shown, outcome.annotation)) writable(outcome.id).set(outcome.id, outcome.annotation);
      return;
    }
    refused.push(outcome.error.message);
    // Undo the refused change on screen and drop it from history.
    if (shownHere) {
      if (sent.change.before) writable(sent.change.id).set(sent.change.id, sent.change.before);
      else writable(sent.change.id).delete(sent.change.id);
    }
    for (const stack of [undoStack, redoStack]) {
      for (const entry of stack) entry.changes = entry.changes.filter((c) => c !== sent.change);
    }
  });
  undoStack = undoStack.filter((e) => e.changes.length > 0);
  const busy = hasUnsavedCommands();
  const annotations: AnnotationMap = copy ?? state.annotations;
  useWorkspaceStore.setState({
    annotations,
    ...(copy ? { annotationChanges: { base: state.annotations, ids: touched } } : {}),
    save: refused.length > 0 ? { kind: 'refused', message: refused[0] as string } : saveState(),
  });
  if (!busy) settled();
  if (queued.length > 0) void flush();
}

/** Tries again in a moment what could not be written (one timer, whatever failed). */
function scheduleRetry(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void retrySaving(), RETRY_MS);
}

/** Sends what could not be saved again (the Retry button, and a timer). */
export async function retrySaving(): Promise<void> {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  if (inFlight > 0 || !hasUnsavedCommands()) return;
  failure = null;
  useWorkspaceStore.setState({ save: { kind: 'saving' } });
  if (unsavedStatus) {
    const { documentId, status } = unsavedStatus;
    if ((await sendStatus(documentId, status)) !== null) return;
  }
  await flush();
  if (!hasUnsavedCommands()) useWorkspaceStore.setState({ save: saveState() });
}

const now = (): string => new Date().toISOString();

/** Whether two states of an annotation differ in nothing but their times. */
function sameButTimes(a: Annotation, b: Annotation): boolean {
  const strip = ({ createdAt: _c, updatedAt: _u, ...rest }: Annotation) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function current(id: string): Annotation | null {
  return useWorkspaceStore.getState().annotations.get(id) ?? null;
}

function reviewerName(): string {
  return useAppStore.getState().settings?.reviewerName ?? '';
}

/** Creates an annotation of `label` on `target`; answers its id. */
export function createAnnotation(target: AnnotationTarget, label: string): string | null {
  const open = useWorkspaceStore.getState().open;
  if (!open) return null;
  const time = now();
  const annotation: Annotation = {
    id: randomId(),
    documentId: open.doc.id,
    reviewer: reviewerName(),
    target,
    label,
    attributes: {},
    note: '',
    origin: 'manual',
    createdAt: time,
    updatedAt: time,
  };
  run([{ id: annotation.id, before: null, after: annotation }]);
  useWorkspaceStore.setState({ selectedId: annotation.id });
  return annotation.id;
}

function modify(id: string, change: (a: Annotation) => Annotation): void {
  const before = current(id);
  if (!before) return;
  const after = { ...change(before), updatedAt: now() };
  run([{ id, before, after }]);
}

export function deleteAnnotation(id: string): void {
  const before = current(id);
  if (!before) return;
  run([{ id, before, after: null }]);
}

/** A new label keeps only the attributes the new label also has. */
export function relabel(id: string, label: string, labelAttributes: readonly string[]): void {
  modify(id, (a) => ({
    ...a,
    label,
    attributes: Object.fromEntries(Object.entries(a.attributes).filter(([name]) => labelAttributes.includes(name))),
  }));
}

/** Sets an attribute's chosen values (none removes it), keeping evidence of values that stay. */
export function setAttributeValues(id: string, name: string, values: string[]): void {
  modify(id, (a) => {
    const attributes: AnnotationAttributes = { ...a.attributes };
    const old = a.attributes[name] ?? [];
    if (values.length === 0) delete attributes[name];
    else attributes[name] = values.map((value) => old.find((v) => v.value === value) ?? { value });
    return { ...a, attributes };
  });
}

export function addEvidence(id: string, name: string, value: string, evidence: Span): void {
  modify(id, (a) => {
    const values = (a.attributes[name] ?? []).map((v) => {
      if (v.value !== value) return v;
      const kept = (v.evidence ?? []).filter((e) => e.start !== evidence.start || e.end !== evidence.end);
      return { ...v, evidence: [...kept, evidence].sort((x, y) => x.start - y.start) };
    });
    return { ...a, attributes: { ...a.attributes, [name]: values } };
  });
}

export function removeEvidence(id: string, name: string, value: string, evidence: Span): void {
  modify(id, (a) => {
    const values = (a.attributes[name] ?? []).map((v) => {
      if (v.value !== value) return v;
      const rest = (v.evidence ?? []).filter((e) => e.start !== evidence.start || e.end !== evidence.end);
      return rest.length > 0 ? { ...v, evidence: rest } : { value: v.value };
    });
    return { ...a, attributes: { ...a.attributes, [name]: values } };
  });
}

/** Marks an annotation as an example of its label for the guidelines (or not). */
export function setExample(id: string, example: boolean): void {
  modify(id, (a) => {
    const { example: _old, ...rest } = a;
    void _old;
    return example ? { ...rest, example: true } : rest;
  });
}

export function setNote(id: string, note: string): void {
  if (current(id)?.note === note) return;
  modify(id, (a) => ({ ...a, note }));
}

const invert = (entry: HistoryEntry): Change[] =>
  [...entry.changes].reverse().map((c) => ({ id: c.id, before: current(c.id), after: c.before }));

export function undo(): boolean {
  const entry = undoStack.pop();
  if (!entry) return false;
  redoStack.push(entry);
  perform(invert(entry));
  return true;
}

export function redo(): boolean {
  const entry = redoStack.pop();
  if (!entry) return false;
  undoStack.push(entry);
  perform(entry.changes.map((c) => ({ id: c.id, before: current(c.id), after: c.after && { ...c.after, updatedAt: now() } })));
  return true;
}

export async function setStatus(status: ReviewStatus): Promise<string | null> {
  const open = useWorkspaceStore.getState().open;
  if (!open) return null;
  return sendStatus(open.doc.id, status);
}

/** Records a document's status; one main could not record is kept and sent again on retry. */
async function sendStatus(documentId: string, status: ReviewStatus): Promise<string | null> {
  const result = await api['review.setStatus']({ documentId, status });
  if (!result.ok) {
    // A refusal (a document that is gone) is not retried; a failure to write is.
    unsavedStatus = result.error.code === 'IO_ERROR' ? { documentId, status } : null;
    failure = result.error.message;
    useWorkspaceStore.setState({ save: unsavedStatus ? saveState() : { kind: 'refused', message: result.error.message } });
    if (unsavedStatus) scheduleRetry();
    return result.error.message;
  }
  if (unsavedStatus?.documentId === documentId) unsavedStatus = null;
  if (useWorkspaceStore.getState().open?.doc.id === documentId) useWorkspaceStore.setState({ status: result.value });
  useWorkspaceStore.setState({ save: saveState() });
  if (!hasUnsavedCommands()) settled();
  return null;
}

/**
 * Before the reviewer leaves the project or becomes another reviewer (edits are saved to the
 * project's file of the reviewer who made them), or marks a document done: waits a little for what
 * is being saved, then answers why they cannot go on yet (`stays` says what stays as it is), or null.
 */
export async function unsavedEditsHold(waitMs = 4000, stays = 'the project stays as it is'): Promise<string | null> {
  if (!hasUnsavedCommands()) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop = (): void => undefined;
  await Promise.race([
    new Promise<void>((resolve) => (stop = onSaved(resolve))),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  stop();
  clearTimeout(timer);
  if (!hasUnsavedCommands()) return null;
  const why = failure === null ? [] : [failure];
  return [`Your latest edits are not saved yet, so ${stays}.`, ...why, 'Once the indicator says “Saved”, try again.'].join(' ');
}

/** The status a document shows: one main has not recorded yet, else the one on disk. */
export const statusWithUnsaved = (documentId: string, status: ReviewStatus): ReviewStatus =>
  unsavedStatus?.documentId === documentId ? unsavedStatus.status : status;
