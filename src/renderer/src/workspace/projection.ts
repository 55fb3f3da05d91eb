import { $createMarkNode, $isMarkNode } from '@lexical/mark';
import {
  $createParagraphNode,
  $createTextNode,
  $getNodeByKey,
  $getRoot,
  $isElementNode,
  $isTextNode,
  type ElementNode,
  type LexicalNode,
  type NodeKey,
  type ParagraphNode,
} from 'lexical';
import type { Annotation } from '../../../shared/domain/annotation.ts';
import { cutIntoPieces, type IdSpan } from '../../../shared/text/marks.ts';
import { segmentAt, type OpenDocument } from '../stores/workspace.ts';

/** Updates that come from the store (not from the reviewer typing) carry this tag. */
export const PROJECTION_TAG = 'clausemark-projection';

/**
 * The document view is a projection of the store: one paragraph per segment, its text cut into
 * MarkNodes carrying the ids of the span annotations that cover each piece. Nothing is read back
 * from it but the reviewer's selection.
 */
export class Projection {
  /** Paragraph node key of each segment. */
  paragraphKeys: NodeKey[] = [];
  private readonly segmentOfKey = new Map<NodeKey, number>();

  constructor(readonly open: OpenDocument) {}

  /** Span annotations by the segments they touch. */
  spansBySegment(annotations: Record<string, Annotation>): Map<number, IdSpan[]> {
    const bySegment = new Map<number, IdSpan[]>();
    for (const a of Object.values(annotations)) {
      if (a.target.type !== 'span') continue;
      const first = segmentAt(this.open, a.target.start);
      const last = segmentAt(this.open, Math.max(a.target.start, a.target.end - 1));
      for (let s = first; s <= last; s++) {
        let list = bySegment.get(s);
        if (!list) bySegment.set(s, (list = []));
        list.push({ id: a.id, start: a.target.start, end: a.target.end });
      }
    }
    return bySegment;
  }

  /** Builds every paragraph; call inside one editor.update. */
  $build(annotations: Record<string, Annotation>): void {
    const root = $getRoot();
    root.clear();
    const spans = this.spansBySegment(annotations);
    this.paragraphKeys = [];
    this.segmentOfKey.clear();
    this.open.doc.segments.forEach((_, index) => {
      const paragraph = $createParagraphNode();
      this.$fill(paragraph, index, spans.get(index) ?? []);
      root.append(paragraph);
      const key = paragraph.getKey();
      this.paragraphKeys.push(key);
      this.segmentOfKey.set(key, index);
    });
  }

  /** Re-cuts the given segments' paragraphs; call inside one editor.update. */
  $refill(segments: Iterable<number>, annotations: Record<string, Annotation>): void {
    const spans = this.spansBySegment(annotations);
    for (const index of segments) {
      const key = this.paragraphKeys[index];
      const paragraph = key ? $getNodeByKey<ParagraphNode>(key) : null;
      if (!paragraph) continue;
      paragraph.clear();
      this.$fill(paragraph, index, spans.get(index) ?? []);
    }
  }

  private $fill(paragraph: ParagraphNode, index: number, spans: IdSpan[]): void {
    const segment = this.open.doc.segments[index];
    if (!segment) return;
    const heading = segment.kind === 'heading';
    for (const piece of cutIntoPieces(segment.start, segment.end, spans)) {
      const text = $createTextNode(this.open.index.slice(piece.start, piece.end));
      if (heading) text.toggleFormat('bold');
      if (piece.ids.length === 0) paragraph.append(text);
      else paragraph.append($createMarkNode(piece.ids).append(text));
    }
  }

  segmentOf(paragraphKey: NodeKey): number | undefined {
    return this.segmentOfKey.get(paragraphKey);
  }

  /**
   * The code-point offset of a Lexical point: the paragraph's segment start plus the UTF-16 length
   * of the text before the point inside the paragraph, converted with the document's index.
   */
  $codePointOf(node: LexicalNode, offset: number, type: 'text' | 'element'): number | null {
    const paragraph = node.getTopLevelElement();
    if (!$isElementNode(paragraph)) return null;
    const index = this.segmentOf(paragraph.getKey());
    if (index === undefined) return null;
    let local = 0;
    if (type === 'text' && $isTextNode(node)) {
      for (const text of paragraph.getAllTextNodes()) {
        if (text.is(node)) break;
        local += text.getTextContentSize();
      }
      local += offset;
    } else if ($isElementNode(node)) {
      // An element point: `offset` children of `node` come before it.
      const before = node.getChildren().slice(0, offset);
      const firstAfter = node.getChildAtIndex(offset);
      if (node.is(paragraph) || !firstAfter) {
        local = before.reduce((sum, child) => sum + child.getTextContentSize(), 0);
        if (!node.is(paragraph)) local += textBefore(paragraph, node);
      } else {
        local = textBefore(paragraph, node) + before.reduce((sum, child) => sum + child.getTextContentSize(), 0);
      }
    }
    const u16 = (this.open.segmentUtf16Starts[index] ?? 0) + local;
    return this.open.index.toCodePoint(Math.min(u16, this.open.index.utf16Length));
  }

  /** The text node and UTF-16 offset in it where code point `cp` of segment `index` lies. */
  $textPointAt(index: number, cp: number): { key: NodeKey; offset: number } | null {
    const key = this.paragraphKeys[index];
    const paragraph = key ? $getNodeByKey<ParagraphNode>(key) : null;
    if (!paragraph) return null;
    let local = this.open.index.toUtf16(cp) - (this.open.segmentUtf16Starts[index] ?? 0);
    const texts = paragraph.getAllTextNodes();
    for (const [i, text] of texts.entries()) {
      const size = text.getTextContentSize();
      if (local < size || (local === size && i === texts.length - 1)) return { key: text.getKey(), offset: local };
      local -= size;
    }
    return null;
  }
}

/** UTF-16 length of the paragraph's text before `node` starts. */
function textBefore(paragraph: ElementNode, node: LexicalNode): number {
  let sum = 0;
  for (const text of paragraph.getAllTextNodes()) {
    if (node.isParentOf(text)) break;
    sum += text.getTextContentSize();
  }
  return sum;
}

export const isMark = $isMarkNode;
