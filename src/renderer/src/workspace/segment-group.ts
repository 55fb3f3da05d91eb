import { $applyNodeReplacement, ElementNode, type LexicalNode, type NodeKey, type SerializedElementNode } from 'lexical';

/**
 * A run of consecutive segments' paragraphs. Lexical redraws a changed paragraph by walking every
 * child of its parent: under the root that is every segment of a 1 MB policy (2,000) on each tag;
 * grouped (GROUP_SIZE), it is a hundred-odd groups and one group's 16 paragraphs.
 */
export class SegmentGroupNode extends ElementNode {
  static override getType(): string {
    return 'clausemark-segment-group';
  }

  static override clone(node: SegmentGroupNode): SegmentGroupNode {
    return new SegmentGroupNode(node.__key);
  }

  constructor(key?: NodeKey) {
    super(key);
  }

  override createDOM(): HTMLElement {
    const element = document.createElement('div');
    element.className = 'segment-group';
    return element;
  }

  override updateDOM(): boolean {
    return false;
  }

  static override importJSON(): SegmentGroupNode {
    return $createSegmentGroupNode();
  }

  override exportJSON(): SerializedElementNode {
    return { ...super.exportJSON(), type: SegmentGroupNode.getType(), version: 1 };
  }

  override isShadowRoot(): boolean {
    return false;
  }

  override canBeEmpty(): boolean {
    return false;
  }

  override canIndent(): boolean {
    return false;
  }
}

export function $createSegmentGroupNode(): SegmentGroupNode {
  return $applyNodeReplacement(new SegmentGroupNode());
}

export function $isSegmentGroupNode(node: LexicalNode | null | undefined): node is SegmentGroupNode {
  return node instanceof SegmentGroupNode;
}
