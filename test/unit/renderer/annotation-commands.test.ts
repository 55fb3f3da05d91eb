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

vi.mock('../../../src/renderer/src/api/client.ts', () => ({
  api: {
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

const { createAnnotation, setNote, resetAnnotationCommands, retrySaving } = await import('../../../src/renderer/src/actions/annotations.ts');
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
});
