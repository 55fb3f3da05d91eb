import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Annotation, AnnotationCommand } from '../../../src/shared/domain/annotation.ts';
import type { ClausemarkDocument } from '../../../src/shared/domain/document.ts';

/**
 * Opening a document against a fake main whose "disk" is a map: what is fetched when (a press on the
 * title fetches ahead of the click), and that an annotation written while the open was reading is
 * on screen. annotations.apply is answered by the test; the reads answer at once.
 */
const disk = new Map<string, Annotation>();
const fetched: string[] = [];
const applies: { commands: AnnotationCommand[]; answer: () => void }[] = [];

const doc = (id: string): ClausemarkDocument =>
  ({ formatVersion: 1, id, title: `Policy ${id}`, text: 'We collect your email. We share it.', segments: [{ start: 0, end: 22 }, { start: 23, end: 35 }] }) as unknown as ClausemarkDocument;

vi.mock('../../../src/renderer/src/api/client.ts', () => ({
  api: {
    'documents.open': ({ id }: { id: string }) => {
      fetched.push(`open ${id}`);
      const annotations = [...disk.values()].filter((a) => a.documentId === id);
      return Promise.resolve({ ok: true, value: { document: doc(id), annotations: { ok: true, value: { documentId: id, reviewer: 'Ana', status: 'in-progress', annotations } } } });
    },
    'annotations.list': ({ documentId }: { documentId: string }) => {
      fetched.push(`list ${documentId}`);
      const annotations = [...disk.values()].filter((a) => a.documentId === documentId);
      return Promise.resolve({ ok: true, value: { documentId, reviewer: 'Ana', status: 'in-progress', annotations } });
    },
    'annotations.apply': ({ commands }: { commands: AnnotationCommand[] }) =>
      new Promise((resolve) => {
        applies.push({
          commands,
          answer: () => {
            for (const c of commands) {
              if (c.op === 'put') disk.set(c.annotation.id, { ...(c.annotation as Annotation) });
              else disk.delete(c.id);
            }
            resolve({ ok: true, value: commands.map((c) => ({ ok: true, id: c.op === 'put' ? c.annotation.id : c.id })) });
          },
        });
      }),
    'documents.list': () => Promise.resolve({ ok: true, value: [] }),
    'project.labelCounts': () => Promise.resolve({ ok: true, value: {} }),
  },
}));

const { openDocumentById, prefetchDocument, PREFETCH_MS, resetWorkspace } = await import('../../../src/renderer/src/actions/workspace.ts');
const { createAnnotation, resetAnnotationCommands } = await import('../../../src/renderer/src/actions/annotations.ts');
const { useWorkspaceStore } = await import('../../../src/renderer/src/stores/workspace.ts');
const { useAppStore } = await import('../../../src/renderer/src/stores/app.ts');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  disk.clear();
  fetched.length = 0;
  applies.length = 0;
  resetAnnotationCommands();
  resetWorkspace();
});
afterEach(() => {
  vi.useRealTimers();
  resetAnnotationCommands();
});

describe('opening a document', () => {
  it('fetches it once when the press on its title fetched it ahead of the click', async () => {
    prefetchDocument('doc1');
    expect(fetched).toEqual(['open doc1']);
    await openDocumentById('doc1');
    expect(fetched).toEqual(['open doc1']);
    expect(useWorkspaceStore.getState().open?.doc.id).toBe('doc1');
    expect(useAppStore.getState().readingDocumentId).toBe('doc1');
  });

  it('throws away what a press fetched when another document is opened, or the click comes too late', async () => {
    prefetchDocument('doc1');
    await openDocumentById('doc2');
    expect(fetched).toEqual(['open doc1', 'open doc2']);
    expect(useWorkspaceStore.getState().open?.doc.id).toBe('doc2');
    // Taken or not, a press's answers serve one open only.
    await openDocumentById('doc1');
    expect(fetched.slice(2)).toEqual(['open doc1']);

    fetched.length = 0;
    vi.useFakeTimers({ toFake: ['performance'] });
    prefetchDocument('doc1');
    vi.advanceTimersByTime(PREFETCH_MS + 1);
    await openDocumentById('doc1');
    expect(fetched).toEqual(['open doc1', 'open doc1']);
  });

  it('shows an annotation whose write was answered between the read of the annotations and the open', async () => {
    await openDocumentById('doc1');
    const id = createAnnotation({ type: 'segment', segment: 0 }, 'Other') as string;
    expect(applies).toHaveLength(1);
    // Back to the list with the write still out, and a press on the title: the read misses it.
    resetWorkspace();
    prefetchDocument('doc1');
    await settle();
    // The write is answered before the click: the annotation is no longer unsaved.
    applies[0]?.answer();
    await settle();
    fetched.length = 0;
    await openDocumentById('doc1');
    expect(fetched).toEqual(['list doc1']);
    expect([...useWorkspaceStore.getState().annotations.keys()]).toEqual([id]);
  });

  it('shows an annotation whose write is still out when the open reads the annotations', async () => {
    await openDocumentById('doc1');
    const id = createAnnotation({ type: 'segment', segment: 1 }, 'Other') as string;
    resetWorkspace();
    fetched.length = 0;
    await openDocumentById('doc1');
    // Not on disk yet: shown from the unsaved changes, with no second read.
    expect(fetched).toEqual(['open doc1']);
    expect([...useWorkspaceStore.getState().annotations.keys()]).toEqual([id]);
    applies[0]?.answer();
    await settle();
    expect([...useWorkspaceStore.getState().annotations.keys()]).toEqual([id]);
  });
});
