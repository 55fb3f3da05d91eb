import { $isMarkNode, MarkNode } from '@lexical/mark';
import fc from 'fast-check';
import { $getNodeByKey, $isTextNode, createEditor, type LexicalEditor, type LexicalNode, type ParagraphNode } from 'lexical';
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

describe('Projection: selection -> offsets -> marks -> offsets', () => {
  // Pieces a reviewer meets: emoji, a ZWJ family, a flag, a combining mark, Hebrew and Arabic with an
  // RTL mark, CJK, plain letters and spaces.
  const piece = fc.constantFrom('a', 'x', ' ', 'é', 'e\u0301', '🔐', '👩‍👩‍👧', '🇪🇸', 'ש', 'ل', '\u200f', '中', '個');
  const paragraph = fc.array(piece, { minLength: 1, maxLength: 14 }).map((p) => p.join(''));

  function documentOf(paragraphs: string[]): { open: ReturnType<typeof openDocument>; segments: { index: number; start: number; end: number }[] } {
    let start = 0;
    const segments = paragraphs.map((p, index) => {
      const segment = { index, start, end: start + [...p].length, kind: 'paragraph' };
      start = segment.end + 2;
      return segment;
    });
    const text = paragraphs.join('\n\n');
    return { open: openDocument({ formatVersion: 1, id: 'doc1', title: 'Policy', text, segments } as unknown as ClausemarkDocument), segments };
  }

  it('every code point is found again from its Lexical point, through marks; a tag from a selection draws exactly its quote', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }), (paragraphs, picks) => {
        const { open: doc, segments: segs } = documentOf(paragraphs);
        const projection = new Projection(doc);
        // The selections are made in the view before any mark exists, like the reviewer's first tag.
        const plain = editorWith(projection, new Map(), segs.length);
        const tags = plain.getEditorState().read(() =>
          picks.map(([x, y], n) => {
            const segment = segs[(x + y) % segs.length] as (typeof segs)[number];
            const width = segment.end - segment.start;
            const a = segment.start + (x % (width + 1));
            const b = segment.start + (y % (width + 1));
            const [from, to] = [projection.$textPointAt(segment.index, Math.min(a, b)), projection.$textPointAt(segment.index, Math.max(a, b))];
            if (!from || !to) throw new Error('no point');
            const start = projection.$codePointOf($getNodeByKey(from.key) as LexicalNode, from.offset, 'text') as number;
            const end = projection.$codePointOf($getNodeByKey(to.key) as LexicalNode, to.offset, 'text') as number;
            expect([start, end]).toEqual([Math.min(a, b), Math.max(a, b)]);
            // Made here, not with span(): that quotes the fixed document above, not this one.
            const tag: Annotation = {
              id: `t${n}`,
              documentId: 'doc1',
              reviewer: 'Ana',
              target: { type: 'span', start, end, quote: doc.index.slice(start, end) },
              label: 'Other',
              attributes: {},
              note: '',
              origin: 'manual',
              createdAt: '2026-01-01T00:00:00.000Z',
              updatedAt: '2026-01-01T00:00:00.000Z',
            };
            return tag;
          }),
        );
        const annotations: AnnotationMap = new Map(tags.filter((t) => t.target.type === 'span' && t.target.start < t.target.end).map((t) => [t.id, t]));
        const marked = new Projection(doc);
        const editor = editorWith(marked, annotations, segs.length);
        editor.getEditorState().read(() => {
          for (const segment of segs) {
            // Text points, with the marks in place.
            for (let cp = segment.start; cp <= segment.end; cp++) {
              const point = marked.$textPointAt(segment.index, cp);
              expect(point).not.toBeNull();
              expect(marked.$codePointOf($getNodeByKey(point?.key as string) as LexicalNode, point?.offset as number, 'text')).toBe(cp);
            }
            // Element points between a paragraph's pieces.
            const node = $getNodeByKey(marked.paragraphKeys[segment.index] as string) as ParagraphNode;
            let at = segment.start;
            node.getChildren().forEach((child, k) => {
              expect(marked.$codePointOf(node, k, 'element')).toBe(at);
              at += [...child.getTextContent()].length;
            });
            expect(marked.$codePointOf(node, node.getChildrenSize(), 'element')).toBe(segment.end);
          }
          // Each tag's marks hold exactly its quote, and map back to its offsets.
          for (const tag of annotations.values()) {
            if (tag.target.type !== 'span') continue;
            const pieces = marked.paragraphKeys
              .flatMap((key) => ($getNodeByKey(key) as ParagraphNode).getChildren())
              .filter((child) => $isMarkNode(child) && child.getIDs().includes(tag.id));
            expect(pieces.map((p) => p.getTextContent()).join('')).toBe(tag.target.quote);
            const first = (pieces[0] as MarkNode).getFirstDescendant() as LexicalNode;
            const last = (pieces.at(-1) as MarkNode).getLastDescendant() as LexicalNode;
            expect(marked.$codePointOf(first, 0, 'text')).toBe(tag.target.start);
            expect(marked.$codePointOf(last, last.getTextContentSize(), 'text')).toBe(tag.target.end);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
