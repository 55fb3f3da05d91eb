import { $createMarkNode, $isMarkNode } from '@lexical/mark';
import {
  $createParagraphNode,
  $createTextNode,
  $getNodeByKey,
  $getRoot,
  $isElementNode,
  $isParagraphNode,
  $isTextNode,
  SKIP_SCROLL_INTO_VIEW_TAG,
  type ElementNode,
  type LexicalNode,
  type NodeKey,
  type ParagraphNode,
} from 'lexical';
import type { Annotation } from '../../../shared/domain/annotation.ts';
import { cutIntoPieces, type IdSpan } from '../../../shared/text/marks.ts';
import { segmentAt, type AnnotationMap, type OpenDocument } from '../stores/workspace.ts';
import { $createSegmentGroupNode } from './segment-group.ts';

/** Updates that come from the store (not from the reviewer typing) carry this tag. */
export const PROJECTION_TAG = 'clausemark-projection';
/**
 * The tags of the projection's updates: redrawing never scrolls to the caret (Lexical would measure
 * the selection for that, forcing a layout of the whole text on every tag).
 */
export const PROJECTION_TAGS = [PROJECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG];

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

  /** Span annotations by the segments they touch, kept up to date change by change. */
  private readonly spans = new Map<number, Map<string, IdSpan>>();

  private segmentsOf(a: Annotation): [number, number] | null {
    if (a.target.type !== 'span') return null;
    return [segmentAt(this.open, a.target.start), segmentAt(this.open, Math.max(a.target.start, a.target.end - 1))];
  }

  private index(a: Annotation): void {
    const range = this.segmentsOf(a);
    if (!range || a.target.type !== 'span') return;
    for (let s = range[0]; s <= range[1]; s++) {
      let bucket = this.spans.get(s);
      if (!bucket) this.spans.set(s, (bucket = new Map()));
      bucket.set(a.id, { id: a.id, start: a.target.start, end: a.target.end });
    }
  }

  private unindex(a: Annotation): void {
    const range = this.segmentsOf(a);
    if (!range) return;
    for (let s = range[0]; s <= range[1]; s++) this.spans.get(s)?.delete(a.id);
  }

  /** Updates the index for one annotation that changed (null: created or deleted). */
  track(before: Annotation | undefined, after: Annotation | undefined): void {
    if (before) this.unindex(before);
    if (after) this.index(after);
  }

  private spansIn(segment: number, annotations: AnnotationMap): IdSpan[] {
    // In the order the annotations were made, so a mark lists its ids stably.
    return [...(this.spans.get(segment)?.values() ?? [])].sort((x, y) => {
      const a = annotations.get(x.id);
      const b = annotations.get(y.id);
      return (a?.createdAt ?? '') < (b?.createdAt ?? '') ? -1 : (a?.createdAt ?? '') > (b?.createdAt ?? '') ? 1 : x.id < y.id ? -1 : 1;
    });
  }

  /**
   * Whether each segment's paragraph is cut into its marks. The others hold their text as one plain
   * text node until they come near the screen (or the view has time to spare): the same text, so
   * selection, search and offsets work on them alike, at a fraction of the nodes to build.
   */
  private cut = new Uint8Array(0);
  private uncut = 0;

  /** Builds every paragraph, cutting the `first` ones into marks; call inside one editor.update. */
  $build(annotations: AnnotationMap, first: number): void {
    const root = $getRoot();
    root.clear();
    this.spans.clear();
    for (const a of annotations.values()) this.index(a);
    this.paragraphKeys = [];
    this.segmentOfKey.clear();
    const count = this.open.doc.segments.length;
    this.cut = new Uint8Array(count);
    this.uncut = count;
    let group = $createSegmentGroupNode();
    for (let index = 0; index < count; index++) {
      if (index % GROUP_SIZE === 0) root.append((group = $createSegmentGroupNode()));
      const paragraph = $createParagraphNode();
      if (index < first) this.$fill(paragraph, index, this.spansIn(index, annotations));
      else this.$plain(paragraph, index);
      group.append(paragraph);
      const key = paragraph.getKey();
      this.paragraphKeys.push(key);
      this.segmentOfKey.set(key, index);
    }
  }

  /** The segment a node lies in (its paragraph's), if any. */
  $segmentOfNode(node: LexicalNode | null | undefined): number | undefined {
    const paragraph = $paragraphOf(node);
    return paragraph ? this.segmentOf(paragraph.getKey()) : undefined;
  }

  /** Re-cuts the given segments' paragraphs from the index (cutting them if they were not); call inside one editor.update. */
  $refill(segments: Iterable<number>, annotations: AnnotationMap): void {
    for (const index of segments) {
      const key = this.paragraphKeys[index];
      const paragraph = key ? $getNodeByKey<ParagraphNode>(key) : null;
      if (!paragraph) continue;
      paragraph.clear();
      this.$fill(paragraph, index, this.spansIn(index, annotations));
    }
  }

  /** Cuts the given segments into their marks, those not cut yet; answers how many it cut. */
  $cut(segments: Iterable<number>, annotations: AnnotationMap): number {
    let n = 0;
    for (const index of segments) {
      if (this.cut[index] !== 0 || index >= this.cut.length) continue;
      const spans = this.spansIn(index, annotations);
      if (spans.length > 0) {
        const key = this.paragraphKeys[index];
        const paragraph = key ? $getNodeByKey<ParagraphNode>(key) : null;
        if (!paragraph) continue;
        paragraph.clear();
        this.$fill(paragraph, index, spans);
      } else {
        this.markCut(index);
      }
      n++;
    }
    return n;
  }

  isCut(index: number): boolean {
    return this.cut[index] !== 0;
  }

  /** Segments not cut into their marks yet, in text order (at most `limit`). */
  uncutSegments(limit: number): number[] {
    const out: number[] = [];
    if (this.uncut === 0) return out;
    for (let i = 0; i < this.cut.length && out.length < limit; i++) if (this.cut[i] === 0) out.push(i);
    return out;
  }

  get allCut(): boolean {
    return this.uncut === 0;
  }

  private markCut(index: number): void {
    if (this.cut[index] === 0) {
      this.cut[index] = 1;
      this.uncut--;
    }
  }

  private $plain(paragraph: ParagraphNode, index: number): void {
    const segment = this.open.doc.segments[index];
    if (!segment) return;
    const text = $createTextNode(this.open.index.slice(segment.start, segment.end));
    if (segment.kind === 'heading') text.toggleFormat('bold');
    paragraph.append(text);
  }

  private $fill(paragraph: ParagraphNode, index: number, spans: IdSpan[]): void {
    const segment = this.open.doc.segments[index];
    if (!segment) return;
    this.markCut(index);
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
    const paragraph = $paragraphOf(node);
    if (!paragraph) return null;
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

/**
 * Segments per group (see SegmentGroupNode). A group is laid out whole once near the screen, so the
 * smaller, the less an open lays out before its first screen shows (100 KB policy, median of 15
 * opens: 47-49 ms at 16, 53-58 ms at 64); 2,000 segments make 125 groups, which cost the frames of a
 * tag at 1 MB nothing measurable.
 */
export const GROUP_SIZE = 16;

/** The segment paragraph holding a node (or the node itself when it is one). */
export function $paragraphOf(node: LexicalNode | null | undefined): ParagraphNode | null {
  for (let n: LexicalNode | null | undefined = node; n; n = n.getParent()) if ($isParagraphNode(n)) return n;
  return null;
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
