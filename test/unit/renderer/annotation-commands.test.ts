import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnotationCommand } from '../../../src/shared/domain/annotation.ts';
import type { ClausemarkDocument } from '../../../src/shared/domain/document.ts';

/**
 * The renderer's command layer against a fake main: what it sends, in what order, and what the save
 * indicator says meanwhile. Main's answers are released by the test, one call at a time.
 */
interface Call {
  commands: AnnotationCommand[];
  answer: (ok: boolean) => void;
}
const calls: Call[] = [];

/** review.setStatus answers from this list, in order (then succeeds). */
const statusAnswers: boolean[] = [];
const statusCalls: { documentId: string; status: string }[] = [];

vi.mock('../../../src/renderer/src/api/client.ts', () => ({
  api: {
    'review.setStatus': (input: { documentId: string; status: string }) => {
      statusCalls.push(input);
      return Promise.resolve(
        statusAnswers.shift() === false ? { ok: false, error: { code: 'IO_ERROR', message: 'the disk is full' } } : { ok: true, value: input.status },
      );
    },
    'annotations.apply': (input: { commands: AnnotationCommand[] }) =>
      new Promise((resolve) => {
        calls.push({
          commands: input.commands,
          answer: (ok) =>
            resolve(
              ok
                ? { ok: true, value: input.commands.map((c) => ({ ok: true, id: c.op === 'put' ? c.annotation.id : c.id })) }
                : { ok: false, error: { code: 'IO_ERROR', message: 'the disk is full' } },
            ),
        });
      }),
  },
}));

const { createAnnotation, setNote, resetAnnotationCommands, retrySaving, hasUnsavedCommands, withUnsaved, unsavedEditsHold, setStatus } = await import(
  '../../../src/renderer/src/actions/annotations.ts'
);
const { resetWorkspace } = await import('../../../src/renderer/src/actions/workspace.ts');
const { useWorkspaceStore, openDocument, resetWorkspaceStore } = await import('../../../src/renderer/src/stores/workspace.ts');

const doc: ClausemarkDocument = {
  formatVersion: 1,
  id: 'doc1',
  title: 'Policy',
  text: 'We collect your email. We share it.',
  segments: [
    { start: 0, end: 22 },
    { start: 23, end: 35 },
  ],
} as unknown as ClausemarkDocument;

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const notes = (call: Call | undefined) => call?.commands.map((c) => (c.op === 'put' ? c.annotation.note : null));

beforeEach(() => {
  calls.length = 0;
  statusCalls.length = 0;
  resetWorkspaceStore();
  resetAnnotationCommands();
  useWorkspaceStore.setState({ open: openDocument(doc) });
});
afterEach(() => resetAnnotationCommands());

describe('the command layer', () => {
  it('sends a change before the view is told of it, and says Saved only once main answered', async () => {
    let callsWhenShown = -1;
    const unsubscribe = useWorkspaceStore.subscribe(() => {
      if (callsWhenShown < 0) callsWhenShown = calls.length;
    });
    const id = createAnnotation({ type: 'segment', segment: 0 }, 'Other') as string;
    unsubscribe();
    // The disk write starts first and overlaps the redraw.
    expect(callsWhenShown).toBe(1);
    expect(calls[0]?.commands.map((c) => (c.op === 'put' ? c.annotation.id : c.id))).toEqual([id]);
    expect(useWorkspaceStore.getState().save.kind).toBe('saving');
    calls[0]?.answer(true);
    await settle();
    expect(useWorkspaceStore.getState().save.kind).toBe('saved');
  });

  it('keeps one call in flight, and sends what queued meanwhile in order, in one call, on its answer', async () => {
    const id = createAnnotation({ type: 'segment', segment: 0 }, 'Other') as string;
    setNote(id, 'a');
    await settle();
    setNote(id, 'ab');
    await settle();
    setNote(id, 'abc');
    await settle();
    // Parallel requests could reach main in any order and leave "ab" on disk: only the first is out.
    expect(calls).toHaveLength(1);
    calls[0]?.answer(true);
    await settle();
    expect(calls).toHaveLength(2);
    expect(notes(calls[1])).toEqual(['a', 'ab', 'abc']);
    expect(useWorkspaceStore.getState().save.kind).toBe('saving');
    calls[1]?.answer(true);
    await settle();
    expect(useWorkspaceStore.getState().save.kind).toBe('saved');
    expect(useWorkspaceStore.getState().annotations.get(id)?.note).toBe('abc');
  });

  it('keeps a failed batch, says so, and sends it again ahead of later changes', async () => {
    const id = createAnnotation({ type: 'segment', segment: 1 }, 'Other') as string;
    await settle();
    calls[0]?.answer(false);
    await settle();
    expect(useWorkspaceStore.getState().save).toEqual({ kind: 'failed', message: 'the disk is full' });
    expect(useWorkspaceStore.getState().annotations.get(id)).toBeDefined();
    setNote(id, 'later');
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.commands.map((c) => c.op)).toEqual(['put', 'put']);
    expect(notes(calls[1])).toEqual(['', 'later']);
    calls[1]?.answer(true);
    await settle();
    expect(useWorkspaceStore.getState().save.kind).toBe('saved');
    await retrySaving();
    expect(calls).toHaveLength(2);
  });

  it('sends a long backlog in calls main accepts (at most 1,000 commands each)', async () => {
    const id = createAnnotation({ type: 'segment', segment: 0 }, 'Other') as string;
    for (let i = 0; i < 1500; i++) setNote(id, `note ${i}`);
    expect(calls).toHaveLength(1);
    calls[0]?.answer(true);
    await settle();
    expect(calls[1]?.commands).toHaveLength(1000);
    calls[1]?.answer(true);
    await settle();
    expect(calls[2]?.commands).toHaveLength(500);
    expect(notes(calls[2])?.at(-1)).toBe('note 1499');
    calls[2]?.answer(true);
    await settle();
    expect(useWorkspaceStore.getState().save.kind).toBe('saved');
  });

  it('keeps a failed edit and its retry when the reviewer leaves the document, and shows it there again', async () => {
    vi.useFakeTimers();
    try {
      const id = createAnnotation({ type: 'segment', segment: 0 }, 'Other') as string;
      calls[0]?.answer(false);
      await vi.advanceTimersByTimeAsync(0);
      // Back to the list: the indicator still says what failed, and leaving the project waits.
      resetWorkspace();
      expect(useWorkspaceStore.getState().save).toEqual({ kind: 'failed', message: 'the disk is full' });
      expect(hasUnsavedCommands()).toBe(true);
      const held = unsavedEditsHold(100);
      await vi.advanceTimersByTimeAsync(100);
      expect(await held).toMatch(/^Your latest edits are not saved yet.* the disk is full /);
      // Opened again, the document shows the edit read from disk or not.
      expect(withUnsaved('doc1', new Map()).get(id)?.label).toBe('Other');
      expect(withUnsaved('doc2', new Map()).size).toBe(0);
      // Another document is open when the retry runs: its annotations are left alone.
      useWorkspaceStore.setState({ open: openDocument({ ...doc, id: 'doc2' } as ClausemarkDocument) });
      await vi.advanceTimersByTimeAsync(3000);
      expect(calls).toHaveLength(2);
      expect(calls[1]?.commands.map((c) => (c.op === 'put' ? c.annotation.documentId : c.documentId))).toEqual(['doc1']);
      calls[1]?.answer(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(useWorkspaceStore.getState().save.kind).toBe('saved');
      expect(useWorkspaceStore.getState().annotations.size).toBe(0);
      expect(hasUnsavedCommands()).toBe(false);
      expect(await unsavedEditsHold(100)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a status main could not record again with the retry', async () => {
    statusAnswers.push(false);
    expect(await setStatus('done')).toBe('the disk is full');
    expect(useWorkspaceStore.getState().save).toEqual({ kind: 'failed', message: 'the disk is full' });
    expect(hasUnsavedCommands()).toBe(true);
    await retrySaving();
    expect(statusCalls).toEqual([
      { documentId: 'doc1', status: 'done' },
      { documentId: 'doc1', status: 'done' },
    ]);
    expect(useWorkspaceStore.getState().save.kind).toBe('saved');
    expect(useWorkspaceStore.getState().status).toBe('done');
    expect(hasUnsavedCommands()).toBe(false);
  });
});
