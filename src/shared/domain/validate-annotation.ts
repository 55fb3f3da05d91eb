import { CodePointIndex } from '../text/codepoints.ts';
import type { AnnotationAttributes, AnnotationTarget, Span } from './annotation.ts';
import type { Segment } from './document.ts';
import type { Taxonomy } from './taxonomy.ts';

/** A document as validation needs it: its text indexed by code point, and its segments. */
export interface TextModel {
  text: CodePointIndex;
  segments: readonly Pick<Segment, 'start' | 'end'>[];
}

export const textModel = (text: string, segments: readonly Pick<Segment, 'start' | 'end'>[]): TextModel => ({
  text: new CodePointIndex(text),
  segments,
});

const preview = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ');
  return `“${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}”`;
};

function checkSpan(span: { start: number; end: number; quote: string }, model: TextModel, what: string): string | null {
  const length = model.text.length;
  if (span.start >= span.end) return `${what} is empty (start ${span.start}, end ${span.end})`;
  if (span.end > length) return `${what} ends at ${span.end}, past the end of the text (${length} characters)`;
  const actual = model.text.slice(span.start, span.end);
  if (actual !== span.quote) {
    return `${what}'s quote ${preview(span.quote)} is not the text at ${span.start}-${span.end}, which reads ${preview(actual)}`;
  }
  return null;
}

/** The code points a target covers, or why it covers nothing valid. */
export function resolveTarget(target: AnnotationTarget, model: TextModel): { start: number; end: number } | string {
  if (target.type === 'segment') {
    const segment = model.segments[target.segment];
    if (!segment) return `segment ${target.segment} does not exist (the document has ${model.segments.length})`;
    return { start: segment.start, end: segment.end };
  }
  const problem = checkSpan(target, model, 'the span');
  return problem ?? { start: target.start, end: target.end };
}

/**
 * Why an annotation of `label` on `target` with `attributes` is not valid in this document and
 * taxonomy, or null when it is. Offsets are code points; every quote must be the text it points at;
 * the label, attributes and values must be the taxonomy's; a single-choice attribute holds one value;
 * evidence lies inside the annotation.
 */
export function annotationProblem(
  draft: { target: AnnotationTarget; label: string; attributes: AnnotationAttributes },
  model: TextModel,
  taxonomy: Taxonomy,
): string | null {
  const range = resolveTarget(draft.target, model);
  if (typeof range === 'string') return range;
  const label = taxonomy.labels.find((l) => l.name === draft.label);
  if (!label) return `the label “${draft.label}” is not in the project's taxonomy`;
  for (const [name, values] of Object.entries(draft.attributes)) {
    const attribute = label.attributes.find((a) => a.name === name);
    if (!attribute) return `“${label.name}” has no attribute “${name}”`;
    if (!attribute.multiple && values.length > 1) return `“${name}” takes one value, not ${values.length}`;
    const seen = new Set<string>();
    for (const v of values) {
      if (!attribute.values.includes(v.value)) return `“${v.value}” is not a value of “${name}”`;
      if (seen.has(v.value)) return `“${v.value}” is given twice for “${name}”`;
      seen.add(v.value);
      for (const evidence of v.evidence ?? []) {
        const problem = checkEvidence(evidence, range, model, `the evidence for “${v.value}”`);
        if (problem) return problem;
      }
    }
  }
  return null;
}

function checkEvidence(evidence: Span, range: { start: number; end: number }, model: TextModel, what: string): string | null {
  const problem = checkSpan(evidence, model, what);
  if (problem) return problem;
  if (evidence.start < range.start || evidence.end > range.end) {
    return `${what} (${evidence.start}-${evidence.end}) lies outside the annotation (${range.start}-${range.end})`;
  }
  return null;
}
