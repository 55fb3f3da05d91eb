import { $isMarkNode, MarkNode } from '@lexical/mark';
import fc from 'fast-check';
import { $getNodeByKey, $isTextNode, createEditor, type LexicalEditor, type ParagraphNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/domain/annotation.ts';
import type { ClausemarkDocument } from '../../../src/shared/domain/document.ts';
import { openDocument, type AnnotationMap } from '../../../src/renderer/src/stores/workspace.ts';
import { Projection } from '../../../src/renderer/src/workspace/projection.ts';
import { SegmentGroupNode } from '../../../src/renderer/src/workspace/segment-group.ts';

// Emoji, a ZWJ sequence, a combining mark, RTL and CJK: pieces are cut in code points, drawn in UTF-16.
const SEGMENTS = ['Data 😀 we collect', 'café 👩‍👩‍👧 shared كوكيز 個人情報', 'Plain words here', 'e\u0301 end'];
const text = SEGMENTS.join('\n\n');
const segments = (() => {
  let start = 0;
  return SEGMENTS.map((s, index) => {
    const length = [...s].length;
    const segment = { index, start, end: start + length, kind: index === 0 ? 'heading' : 'paragraph' };
    start += length + 2;
    return segment;
  });
})();
const doc = { formatVersion: 1, id: 'doc1', title: 'Policy', text, segments } as unknown as ClausemarkDocument;
const open = openDocument(doc);
const length = [...text].length;

const span = (id: string, start: number, end: number, created: number): Annotation => ({
  id,
  documentId: 'doc1',
  reviewer: 'Ana',
  target: { type: 'span', start, end, quote: open.index.slice(start, end) },
  label: 'Other',
  attributes: {},
  note: '',
  origin: 'manual',
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, created)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, created)).toISOString(),
});

function editorWith(projection: Projection, annotations: AnnotationMap, cutFirst: number): LexicalEditor {
  const editor = createEditor({ nodes: [MarkNode, SegmentGroupNode], onError: (e) => { throw e; } });
  editor.update(() => projection.$build(annotations, cutFirst), { discrete: true });
  return editor;
}

/** Every paragraph as its pieces: text, and the ids of the mark holding it ('' for plain text). */
function drawn(editor: LexicalEditor, projection: Projection): string[][] {
  return editor.getEditorState().read(() =>
    projection.paragraphKeys.map((key) =>
      ($getNodeByKey(key) as ParagraphNode).getChildren().map((child) => {
        if ($isMarkNode(child)) return `${child.getIDs().join(',')}|${child.getTextContent()}|${child.getChildren().length}`;
        if (!$isTextNode(child)) throw new Error(`unexpected ${child.getType()}`);
        return `|${child.getTextContent()}`;
      }),
    ),
  );
}

describe('Projection.$refill', () => {
  it('redraws change by change (adds, deletes, overlaps) exactly as a fresh build draws the same annotations', () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), a: fc.nat(length), b: fc.nat(length) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 25 }), fc.nat(SEGMENTS.length), (changes, cutFirst) => {
        const live = new Projection(open);
        let annotations: Map<string, Annotation> = new Map();
        const editor = editorWith(live, annotations, cutFirst);
        changes.forEach((c, n) => {
          const next = new Map(annotations);
          let before: Annotation | undefined;
          let after: Annotation | undefined;
          if (c.kind === 'add') {
            const start = Math.min(c.a, c.b);
            const end = Math.max(c.a, c.b);
            if (start === end) return;
            after = span(`a${n}`, start, end, n);
            next.set(after.id, after);
          } else {
            const ids = [...annotations.keys()];
            if (ids.length === 0) return;
            before = annotations.get(ids[c.pick % ids.length] as string);
            next.delete(before?.id as string);
          }
          const touched = before ?? after;
          if (!touched || touched.target.type !== 'span') return;
          live.track(before, after);
          annotations = next;
          const { start, end } = touched.target;
          const wanted = segments.filter((s) => s.end > start && s.start < end).map((s) => s.index);
          editor.update(() => live.$refill(wanted, annotations), { discrete: true });
        });
        const fresh = new Projection(open);
        const expected = drawn(editorWith(fresh, annotations, SEGMENTS.length), fresh);
        // Segments never touched and never cut hold their text as one plain piece; cut them to compare.
        editor.update(() => live.$cut(segments.map((s) => s.index), annotations), { discrete: true });
        expect(drawn(editor, live)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
