import type { AttributeRecord, InterchangeFormat, RecordProblem, ReviewerRecord } from '../../../shared/domain/dataset.ts';
import { isObject } from '../../../shared/is-object.ts';
import { AppError } from '../../../shared/result.ts';

/**
 * Other tools' annotation files read into one shape. Offsets are still in the file's own unit
 * (offsets.ts converts them); nothing here touches the project.
 */

export { INTERCHANGE_FORMATS, type InterchangeFormat, type RecordProblem } from '../../../shared/domain/dataset.ts';

export interface RawSpan {
  start: number;
  end: number;
  label: string;
  /** The text the file says the span holds, when it says. */
  quote?: string;
  reviewer?: string;
  attributes?: AttributeRecord[];
  note?: string;
}

export interface RawRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  text: string;
  title?: string;
  /** Our own `spans` export: where the text came from, kept as the document's source. */
  source?: { fileName: string; sha256: string };
  reviewers?: ReviewerRecord[];
  spans: RawSpan[];
}

export interface ParsedFile {
  records: RawRecord[];
  problems: RecordProblem[];
  /** Records left out on purpose (Prodigy's rejected and ignored answers). */
  skipped: number;
}

const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

class RecordError extends Error {}

function offsets(start: unknown, end: unknown, what: string): { start: number; end: number } {
  if (!isOffset(start) || !isOffset(end)) throw new RecordError(`${what} has no whole-number start and end`);
  return { start, end };
}

function label(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new RecordError(`${what} has no label`);
  return v;
}

function text(record: Record<string, unknown>, key = 'text'): string {
  const t = record[key];
  if (typeof t !== 'string') throw new RecordError(`the record has no "${key}" string`);
  return t;
}

function fromSpans(v: Record<string, unknown>): Omit<RawRecord, 'line'> {
  if (!Array.isArray(v.spans)) throw new RecordError('the record has no "spans" list');
  const meta = isObject(v.meta) ? v.meta : {};
  const spans = v.spans.map((s, i): RawSpan => {
    if (!isObject(s)) throw new RecordError(`span ${i + 1} is not an object`);
    const span: RawSpan = { ...offsets(s.start, s.end, `span ${i + 1}`), label: label(s.label, `span ${i + 1}`) };
    if (typeof s.text === 'string') span.quote = s.text;
    if (typeof s.reviewer === 'string' && s.reviewer !== '') span.reviewer = s.reviewer;
    if (typeof s.note === 'string') span.note = s.note;
    if (Array.isArray(s.attributes)) {
      span.attributes = s.attributes.map((a, j): AttributeRecord => {
        if (!isObject(a) || typeof a.name !== 'string' || typeof a.value !== 'string') {
          throw new RecordError(`span ${i + 1}'s attribute ${j + 1} needs a name and a value`);
        }
        const evidence = Array.isArray(a.evidence) ? a.evidence : [];
        return {
          name: a.name,
          value: a.value,
          evidence: evidence.map((e, k) => {
            if (!isObject(e) || typeof e.text !== 'string') throw new RecordError(`span ${i + 1}'s evidence ${k + 1} needs a text`);
            return { ...offsets(e.start, e.end, `span ${i + 1}'s evidence ${k + 1}`), text: e.text };
          }),
        };
      });
    }
    return span;
  });
  const record: Omit<RawRecord, 'line'> = { text: text(v), spans };
  if (typeof meta.title === 'string' && meta.title !== '') record.title = meta.title;
  if (typeof meta.source_file === 'string' && typeof meta.source_sha256 === 'string' && /^[0-9a-f]{64}$/.test(meta.source_sha256)) {
    record.source = { fileName: meta.source_file, sha256: meta.source_sha256 };
  }
  if (Array.isArray(meta.reviewers)) {
    record.reviewers = meta.reviewers.filter(
      (r): r is ReviewerRecord => isObject(r) && typeof r.name === 'string' && r.name !== '' && ['new', 'in-progress', 'done'].includes(r.status as string),
    );
  }
  return record;
}

function fromDoccano(v: Record<string, unknown>): Omit<RawRecord, 'line'> {
  const t = typeof v.text === 'string' ? v.text : text(v, 'data');
  if (Array.isArray(v.entities)) {
    return {
      text: t,
      spans: v.entities.map((e, i) => {
        if (!isObject(e)) throw new RecordError(`entity ${i + 1} is not an object`);
        return { ...offsets(e.start_offset, e.end_offset, `entity ${i + 1}`), label: label(e.label, `entity ${i + 1}`) };
      }),
    };
  }
  const labels = v.label ?? v.labels ?? [];
  if (!Array.isArray(labels)) throw new RecordError('"label" is not a list of [start, end, label]');
  return {
    text: t,
    spans: labels.map((l, i) => {
      if (!Array.isArray(l) || l.length < 3) throw new RecordError(`label ${i + 1} is not [start, end, label]`);
      return { ...offsets(l[0], l[1], `label ${i + 1}`), label: label(l[2], `label ${i + 1}`) };
    }),
  };
}

function fromProdigy(v: Record<string, unknown>): Omit<RawRecord, 'line'> | 'skip' {
  if (v.answer === 'reject' || v.answer === 'ignore') return 'skip';
  const spans = Array.isArray(v.spans) ? v.spans : [];
  return {
    text: text(v),
    spans: spans.map((s, i): RawSpan => {
      if (!isObject(s)) throw new RecordError(`span ${i + 1} is not an object`);
      const span: RawSpan = { ...offsets(s.start, s.end, `span ${i + 1}`), label: label(s.label, `span ${i + 1}`) };
      // Prodigy's manual recipes write the span's text; checked like any quote.
      if (typeof s.text === 'string') span.quote = s.text;
      return span;
    }),
  };
}

function fromLabelStudio(task: Record<string, unknown>): Omit<RawRecord, 'line'> {
  const data = isObject(task.data) ? task.data : null;
  if (!data) throw new RecordError('the task has no "data"');
  const t = typeof data.text === 'string' ? data.text : Object.values(data).find((x): x is string => typeof x === 'string');
  if (t === undefined) throw new RecordError('the task\'s data holds no text');
  const spans: RawSpan[] = [];
  const annotations = Array.isArray(task.annotations) ? task.annotations : Array.isArray(task.completions) ? task.completions : [];
  for (const a of annotations) {
    if (!isObject(a) || a.was_cancelled === true || !Array.isArray(a.result)) continue;
    const by = a.completed_by;
    const reviewer =
      typeof a.reviewer === 'string'
        ? a.reviewer
        : isObject(by) && typeof by.email === 'string'
          ? by.email
          : typeof by === 'number' || typeof by === 'string'
            ? `label-studio-${by}`
            : undefined;
    for (const [i, r] of a.result.entries()) {
      if (!isObject(r) || !isObject(r.value)) continue;
      const value = r.value;
      const labels = Array.isArray(value.labels) ? value.labels : Array.isArray(value.hypertextlabels) ? value.hypertextlabels : null;
      if (!labels || value.start === undefined) continue;
      for (const l of labels) {
        const span: RawSpan = { ...offsets(value.start, value.end, `result ${i + 1}`), label: label(l, `result ${i + 1}`) };
        if (typeof value.text === 'string') span.quote = value.text;
        if (reviewer) span.reviewer = reviewer;
        spans.push(span);
      }
    }
  }
  return { text: t, spans };
}

function parseJsonLines(content: string, read: (v: Record<string, unknown>) => Omit<RawRecord, 'line'> | 'skip'): ParsedFile {
  const result: ParsedFile = { records: [], problems: [], skipped: 0 };
  const body = content.startsWith('\uFEFF') ? content.slice(1) : content;
  body.split('\n').forEach((raw, index) => {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineText.trim() === '') return;
    readRecord(result, index + 1, lineText, 'not a JSON object', read);
  });
  return result;
}

/**
 * The top-level elements of a JSON array, each with the line it starts on, so a broken task is
 * reported by line and the others still read. A file that is not an array at all throws.
 */
function arrayElements(content: string, fileName: string): { line: number; text: string }[] {
  const body = content.replace(/^\uFEFF/, '');
  const first = body.search(/\S/);
  if (first < 0 || body[first] !== '[') throw new AppError('FILE_CORRUPT', `${fileName} is not a Label Studio export (a JSON list of tasks).`);
  const elements: { line: number; text: string }[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  for (let i = first; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (depth === 1 && start < 0) {
        start = i;
        startLine = line;
      }
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 1 && start >= 0) {
        elements.push({ line: startLine, text: body.slice(start, i + 1) });
        start = -1;
      }
      if (depth === 0) return elements;
    }
  }
  throw new AppError('FILE_CORRUPT', `${fileName} ends before its list of tasks does (the file is cut short); nothing was imported.`);
}

/**
 * Parses one record's JSON text at `line` and reads it with `read`: the record, a skip, or a problem
 * naming the line (bad JSON, not an object, or what `read` found wrong). Other errors are bugs and throw.
 */
function readRecord(
  result: ParsedFile,
  line: number,
  text: string,
  notObject: string,
  read: (value: Record<string, unknown>) => Omit<RawRecord, 'line'> | 'skip',
): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    result.problems.push({ line, message: `not valid JSON (${(error as Error).message})` });
    return;
  }
  if (!isObject(value)) {
    result.problems.push({ line, message: notObject });
    return;
  }
  try {
    const record = read(value);
    if (record === 'skip') result.skipped++;
    else result.records.push({ line, ...record });
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    result.problems.push({ line, message: error.message });
  }
}

function parseLabelStudio(content: string, fileName: string): ParsedFile {
  const result: ParsedFile = { records: [], problems: [], skipped: 0 };
  for (const { line, text: element } of arrayElements(content, fileName)) {
    readRecord(result, line, element, 'a task is not a JSON object', fromLabelStudio);
  }
  return result;
}

export function parseInterchange(format: InterchangeFormat, content: string, fileName: string): ParsedFile {
  switch (format) {
    case 'spans':
      return parseJsonLines(content, fromSpans);
    case 'doccano':
      return parseJsonLines(content, fromDoccano);
    case 'prodigy':
      return parseJsonLines(content, fromProdigy);
    case 'label-studio':
      return parseLabelStudio(content, fileName);
  }
}
