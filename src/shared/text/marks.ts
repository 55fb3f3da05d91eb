/**
 * How highlights are drawn: a segment's text cut at every annotation boundary into pieces, each piece
 * carrying the ids of the annotations covering it (overlaps flattened, as the Lexical playground's
 * CommentPlugin does with one MarkNode holding several ids). Offsets are code points.
 */
export interface Piece {
  start: number;
  end: number;
  /** Ids of the annotations covering the piece, in the order the spans were given. */
  ids: string[];
}

export interface IdSpan {
  id: string;
  start: number;
  end: number;
}

/** Cuts [from, to) into pieces; spans outside it are ignored, spans crossing its edges are clipped. */
export function cutIntoPieces(from: number, to: number, spans: readonly IdSpan[]): Piece[] {
  const inside = spans.filter((s) => s.end > from && s.start < to && s.start < s.end);
  const cuts = new Set<number>([from, to]);
  for (const s of inside) {
    cuts.add(Math.max(from, s.start));
    cuts.add(Math.min(to, s.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    if (start === end) continue;
    pieces.push({ start, end, ids: inside.filter((s) => s.start <= start && s.end >= end).map((s) => s.id) });
  }
  return pieces;
}

/** Where an annotation is drawn, read back from pieces: from its first piece to its last. */
export function rangeOfId(pieces: readonly Piece[], id: string): { start: number; end: number } | null {
  let start = -1;
  let end = -1;
  for (const p of pieces) {
    if (!p.ids.includes(id)) continue;
    if (start < 0) start = p.start;
    end = p.end;
  }
  return start < 0 ? null : { start, end };
}
