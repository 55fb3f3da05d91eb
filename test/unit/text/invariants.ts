import { expect } from 'vitest';
import type { Segment } from '../../../src/shared/domain/document.ts';

/**
 * The laws every segmentation obeys: code-point ranges in order, not overlapping, non-empty, each
 * equal to its own trimmed content.
 */
export function expectValidSegments(text: string, segments: Segment[]): void {
  const codePoints = [...text];
  let previousEnd = 0;
  segments.forEach((s, i) => {
    expect(s.index).toBe(i);
    expect(s.start).toBeGreaterThanOrEqual(previousEnd);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.end).toBeLessThanOrEqual(codePoints.length);
    const content = codePoints.slice(s.start, s.end).join('');
    expect(content).toBe(content.trim());
    previousEnd = s.end;
  });
}

/** Segment contents, as the reviewer sees them. */
export function segmentTexts(text: string, segments: Segment[]): string[] {
  const codePoints = [...text];
  return segments.map((s) => codePoints.slice(s.start, s.end).join(''));
}
