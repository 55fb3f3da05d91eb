/**
 * Option values given on the command line, checked by the same zod schemas the app's API uses (the
 * contract's, src/shared/api/contract.ts), so the rules live in one place. What the CLI adds is the
 * wording: a failed check is said as the option, what it takes and what was given, e.g.
 * `--split: give three ratios, e.g. 0.8,0.1,0.1 (got "0.8,0.1")`, never as zod's issue text.
 */
import type { z } from 'zod';
import { AppError } from '../../shared/result.ts';
import { visible } from './visible.ts';

/** "a or b", "a, b or c"; longer lists as "one of a, b, c, d". */
export function choices(values: readonly string[]): string {
  if (values.length > 3) return `one of ${values.join(', ')}`;
  if (values.length === 1) return values[0] ?? '';
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1) ?? ''}`;
}

/** An option's value is not what it takes: `--flag: wanted (got "value")`. */
export function optionError(flag: string, wanted: string, given?: string): AppError {
  if (given === undefined) return new AppError('INVALID_INPUT', `${flag}: ${wanted}`);
  const chars = [...given];
  const shown = chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : given;
  return new AppError('INVALID_INPUT', `${flag}: ${wanted} (got "${visible(shown)}")`);
}

/** How one field of a schema is given on the command line. */
export interface OptionWording {
  /** The option as typed, e.g. "--split". */
  flag: string;
  /** The text given for it (echoed back); undefined when the option was not given. */
  given: string | undefined;
  /** What it takes, in plain words; may depend on what was wrong (the issue). */
  wanted: string | ((issue: z.core.$ZodIssue) => string);
}

/**
 * `schema.safeParse(input)`, and on failure an AppError naming the option of the first problem.
 * `fields` maps the schema's top-level field names to their options; `root` words a problem of the
 * whole object (a refinement across fields). A problem no option accounts for (a value the CLI made
 * itself) is still said in one sentence, naming the field.
 */
export function checkOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fields: Record<string, OptionWording | ((issue: z.core.$ZodIssue) => OptionWording)>,
  root?: OptionWording,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new AppError('INVALID_INPUT', 'The options are not valid.');
  const field = issue.path[0];
  const entry = typeof field === 'string' ? fields[field] : issue.path.length === 0 ? root : undefined;
  const wording = typeof entry === 'function' ? entry(issue) : entry;
  if (!wording) {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the options';
    throw new AppError('INVALID_INPUT', `The options are not valid (${where}: ${issue.message.toLowerCase()}).`);
  }
  const wanted = typeof wording.wanted === 'function' ? wording.wanted(issue) : wording.wanted;
  throw optionError(wording.flag, wanted, wording.given);
}

/** What an enum field takes, from the schema's own list: "done or all", "one of spans, segments, ...". */
export const oneOfValues = (issue: z.core.$ZodIssue): string =>
  issue.code === 'invalid_value' ? choices(issue.values.map(String)) : 'one of the values `--help` lists';

/** What a name field takes, with the schema's own limit: "a reviewer name, not empty", "... of at most 120 characters". */
export const nameOf =
  (what: string) =>
  (issue: z.core.$ZodIssue): string =>
    issue.code === 'too_big' ? `${what} of at most ${issue.maximum} characters` : `${what}, not empty`;

/** "0.8,0.1,0.1" as numbers; a piece that is no number becomes NaN, so the schema refuses it. */
export function numbers(text: string): number[] {
  return text.split(',').map((piece) => (piece.trim() === '' ? Number.NaN : Number(piece.trim())));
}

/** A whole number as typed ("7"); anything else (1.5, 1e3, 0x10, "") becomes NaN, so the schema refuses it. */
export function wholeNumber(text: string): number {
  return /^\s*[-+]?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}
