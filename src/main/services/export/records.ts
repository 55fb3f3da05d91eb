import type { Span } from '../../../shared/domain/annotation.ts';
import type { AttributeRecord, SpanRecord } from '../../../shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { AppError } from '../../../shared/result.ts';
import type { CodePointIndex } from '../../../shared/text/codepoints.ts';
import type { ExportedAnnotation } from './line-scan.ts';

/** An annotation resolved against its document: code-point range, checked text, reviewer. */
export interface ResolvedAnnotation {
  annotation: ExportedAnnotation;
  start: number;
  end: number;
  text: string;
  attributes: AttributeRecord[];
}

const preview = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ');
  return `“${flat.length > 60 ? `${flat.slice(0, 60)}…` : flat}”`;
};

function mismatch(doc: ClausemarkDocument, a: ExportedAnnotation, what: string, detail: string): AppError {
  return new AppError(
    'EXPORT_INVALID',
    `Nothing was exported: in “${doc.title}” (${doc.id}), ${what} of annotation ${a.id} by ${a.reviewer} ${detail}. Fix or delete that annotation and export again.`,
  );
}

function checkedSpan(doc: ClausemarkDocument, text: CodePointIndex, a: ExportedAnnotation, span: Span, what: string): string {
  if (span.end > text.length || span.start >= span.end) {
    throw mismatch(doc, a, what, `(${span.start}-${span.end}) lies outside the text (${text.length} characters)`);
  }
  const actual = text.slice(span.start, span.end);
  if (actual !== span.quote) throw mismatch(doc, a, what, `says ${preview(span.quote)} at ${span.start}-${span.end}, but the text there reads ${preview(actual)}`);
  return actual;
}

/**
 * Resolves a document's annotations in a stable order (start, end, label, reviewer, attributes,
 * note), checking that every span's and every evidence's text is the document's text at its offsets.
 * A mismatch throws, naming the document and the annotation.
 */
export function resolveAnnotations(doc: ClausemarkDocument, text: CodePointIndex, annotations: readonly ExportedAnnotation[]): ResolvedAnnotation[] {
  const resolved = annotations.map((a): ResolvedAnnotation & { key: string | null } => {
    let start: number;
    let end: number;
    let quote: string;
    if (a.target.type === 'span') {
      quote = checkedSpan(doc, text, a, { start: a.target.start, end: a.target.end, quote: a.target.quote }, 'the span');
      ({ start, end } = a.target);
    } else {
      const segment = doc.segments[a.target.segment];
      if (!segment) throw mismatch(doc, a, 'the segment', `(${a.target.segment}) does not exist; the document has ${doc.segments.length}`);
      ({ start, end } = segment);
      quote = text.slice(start, end);
    }
    const attributes: AttributeRecord[] = [];
    for (const [name, values] of Object.entries(a.attributes)) {
      for (const v of values) {
        const evidence = (v.evidence ?? []).map((e) => ({ start: e.start, end: e.end, text: checkedSpan(doc, text, a, e, `the evidence for “${v.value}”`) }));
        attributes.push({ name, value: v.value, evidence });
      }
    }
    return { annotation: a, start, end, text: quote, attributes, key: null };
  });
  // The rest of the order's key, made only for annotations with the same range.
  const keyOf = (r: ResolvedAnnotation & { key: string | null }): string =>
    (r.key ??= JSON.stringify([r.annotation.label, r.annotation.reviewer, r.attributes, r.annotation.note]));
  resolved.sort((x, y) => {
    if (x.start !== y.start || x.end !== y.end) return x.start - y.start || x.end - y.end;
    const kx = keyOf(x);
    const ky = keyOf(y);
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });
  return resolved;
}

/**
 * A span of the `spans` format. `full` writes every key (for `hf`, where all lines need the same
 * keys); otherwise reviewer only with several reviewers, attributes and note only when not empty.
 * `base` shifts offsets (a segment's start, for `--unit segment`).
 */
export function spanRecord(r: ResolvedAnnotation, opts: { several: boolean; full: boolean; base?: number }): SpanRecord {
  const base = opts.base ?? 0;
  const record: SpanRecord = { start: r.start - base, end: r.end - base, label: r.annotation.label, text: r.text };
  if (opts.full || opts.several) record.reviewer = r.annotation.reviewer;
  const attributes = r.attributes.map((a) => ({
    name: a.name,
    value: a.value,
    evidence: a.evidence.map((e) => ({ start: e.start - base, end: e.end - base, text: e.text })),
  }));
  if (opts.full || attributes.length > 0) record.attributes = attributes;
  if (opts.full || r.annotation.note !== '') record.note = r.annotation.note;
  return record;
}

/**
 * The part of an annotation inside a segment [start, end), offsets relative to the segment, or null
 * when they do not meet. Evidence outside the segment is left out.
 */
export function clipToSegment(r: ResolvedAnnotation, text: CodePointIndex, start: number, end: number): ResolvedAnnotation | null {
  const s = Math.max(r.start, start);
  const e = Math.min(r.end, end);
  if (s >= e) return null;
  const attributes = r.attributes.map((a) => ({
    ...a,
    evidence: a.evidence.filter((x) => x.start >= start && x.end <= end),
  }));
  return { annotation: r.annotation, start: s, end: e, text: s === r.start && e === r.end ? r.text : text.slice(s, e), attributes };
}
