import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/domain/annotation.ts';
import type { ClausemarkDocument } from '../../../src/shared/domain/document.ts';
import { openDocument, resetWorkspaceStore, sortedAnnotations, useWorkspaceStore, type AnnotationMap } from '../../../src/renderer/src/stores/workspace.ts';

const doc = {
  formatVersion: 1,
  id: 'doc1',
  title: 'Policy',
  text: 'a'.repeat(100),
  segments: [
    { index: 0, start: 0, end: 50, kind: 'paragraph' },
    { index: 1, start: 50, end: 100, kind: 'paragraph' },
  ],
} as unknown as ClausemarkDocument;

const annotation = (id: string, start: number, length: number, created: number, segment: boolean): Annotation => ({
  id,
  documentId: 'doc1',
  reviewer: 'Ana',
  target: segment ? { type: 'segment', segment: start % 2 } : { type: 'span', start, end: Math.min(100, start + length), quote: 'a'.repeat(Math.min(100, start + length) - start) },
  label: 'Other',
  attributes: {},
  note: '',
  origin: 'manual',
  createdAt: `2026-01-01T00:00:0${created}.000Z`,
  updatedAt: `2026-01-01T00:00:0${created}.000Z`,
});

/** The order written out plainly, as the list must show it. */
function reference(annotations: AnnotationMap): string[] {
  const range = (a: Annotation) => (a.target.type === 'span' ? [a.target.start, a.target.end] : a.target.segment === 0 ? [0, 50] : [50, 100]) as [number, number];
  return [...annotations.values()]
    .sort((a, b) => {
      const [as, ae] = range(a);
      const [bs, be] = range(b);
      if (as !== bs) return as - bs;
      if (ae !== be) return be - ae;
      if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((a) => a.id);
}

const change = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  remove: fc.boolean(),
  start: fc.integer({ min: 0, max: 99 }),
  length: fc.integer({ min: 1, max: 30 }),
  created: fc.integer({ min: 0, max: 3 }),
  segment: fc.boolean(),
});

describe('the annotation list order', () => {
  it('is the same whether sorted whole or moved change by change, whatever was sorted in between (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 25 }), fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), (steps, sortAfter) => {
        resetWorkspaceStore();
        const open = openDocument(doc);
        useWorkspaceStore.setState({ open, annotations: new Map(), annotationChanges: null });
        sortedAnnotations(useWorkspaceStore.getState().annotations, open);
        steps.forEach((step, i) => {
          const base = useWorkspaceStore.getState().annotations;
          const next = new Map(base);
          for (const c of step) {
            if (c.remove) next.delete(c.id);
            else next.set(c.id, annotation(c.id, c.start, c.length, c.created, c.segment));
          }
          useWorkspaceStore.setState({ annotations: next, annotationChanges: { base, ids: step.map((c) => c.id) } });
          // The list skips some states (it renders a deferred value): those are never sorted.
          if (sortAfter[i]) expect(sortedAnnotations(next, open).map((a) => a.id)).toEqual(reference(next));
        });
        const last = useWorkspaceStore.getState().annotations;
        expect(sortedAnnotations(last, open).map((a) => a.id)).toEqual(reference(last));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts whole a map set without saying what changed', () => {
    resetWorkspaceStore();
    const open = openDocument(doc);
    const first = new Map([['a', annotation('a', 10, 5, 0, false)]]);
    useWorkspaceStore.setState({ open, annotations: first, annotationChanges: null });
    sortedAnnotations(first, open);
    // A stale hint (its base is not the map replaced) is not trusted.
    const second = new Map([
      ['a', annotation('a', 60, 5, 0, false)],
      ['b', annotation('b', 5, 5, 0, false)],
    ]);
    useWorkspaceStore.setState({ annotations: second, annotationChanges: { base: new Map(), ids: ['b'] } });
    expect(sortedAnnotations(second, open).map((a) => a.id)).toEqual(['b', 'a']);
  });
});
