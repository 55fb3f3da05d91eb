import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom, type ExportRequest } from '../../../src/shared/domain/dataset.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { ProjectStore } from '../../../src/main/services/project/index.ts';
import { opp115 } from '../project/helpers.ts';
import { storeText } from './fixture.ts';

const at = '2026-01-01T00:00:00.000Z';

/** Words of the messy project's texts: accents, emoji, quotes, backslashes, tabs, control characters, a slash, lone surrogates. */
const WORDS = ['we', 'collect', 'your', 'data', 'café', '😀', 'naïve', 'share', '"quoted"', 'a\\b', 'tab\there', '𝄞music', 'ctl\u0001x', 'del\u007f', 'and/or', 'lone\ud800', '\udc00end'];
const REVIEWERS = ['Ana Müller', 'Bo', 'Cy "the" \\ reviewer'];
const LABELS = ['First Party Collection/Use', 'Data Retention', 'Other', 'Odd "quoted" \\ label', 'Ünïcødé label 😀'];

/**
 * A project whose logs hold what real ones may: three reviewers, edits and deletions of earlier
 * annotations (some of other documents), statuses, attributes with evidence, notes, escapes, a BOM
 * and CRLF in one log, format 1 lines, damaged lines and a torn last line; spans several reviewers
 * put on the same text; lines written with escapes JSON.stringify does not write (\u00e9, \/) and
 * with bytes that are not UTF-8; enough documents for several runs.
 */
export async function messyProject(dir: string, documents: number, seed = 7): Promise<{ store: ProjectStore; ids: string[] }> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const store = await ProjectStore.create(dir, { taxonomy: await opp115() });
  const ids: string[] = [];
  const texts: string[] = [];
  for (let n = 0; n < documents; n++) {
    const paragraphs = [`Policy ${n} ${pick(WORDS)}`];
    for (let p = 0, count = 1 + Math.floor(random() * 4); p < count; p++) {
      paragraphs.push(Array.from({ length: 3 + Math.floor(random() * 20) }, () => pick(WORDS)).join(' '));
    }
    const text = paragraphs.join('\n\n');
    texts.push(text);
    ids.push(await storeText(store, text, `policy-${n}.txt`));
  }
  const logs: string[][] = [[], [], []];
  const written: string[][] = [[], [], []];
  let next = 0;
  // The annotation made last.
  const made: { last: Record<string, unknown> | null } = { last: null };
  const annotation = (r: number, id: string, d: number): Record<string, unknown> => {
    const text = new CodePointIndex(texts[d] as string);
    const start = Math.floor(random() * (text.length - 1));
    const end = start + 1 + Math.floor(random() * Math.min(15, text.length - start - 1));
    let target: unknown = random() < 0.25 ? { type: 'segment', segment: 0 } : { type: 'span', start, end, quote: text.slice(start, end) };
    // The text another reviewer (or the same) annotated just before: ties in the export's order.
    if (made.last && made.last.documentId === ids[d] && random() < 0.3) target = made.last.target;
    const attributes =
      random() < 0.3 ? { Purpose: [{ value: 'Advertising', evidence: [{ start, end: start + 1, quote: text.slice(start, start + 1) }] }, { value: 'Other "x"' }] } : {};
    const a: Record<string, unknown> = {
      id,
      documentId: ids[d],
      reviewer: REVIEWERS[r],
      target,
      label: pick(LABELS),
      attributes,
      note: random() < 0.3 ? `note "${id}"\nwith\ttabs 😀 and/or \u0002` : '',
      origin: pick(['manual', 'imported', 'suggested']),
    };
    if (random() < 0.2) a.example = true;
    made.last = { ...a, createdAt: at, updatedAt: at };
    return made.last;
  };
  const line = (record: unknown): string => {
    const json = JSON.stringify(record);
    // Escapes JSON.stringify never writes, and a byte that is not UTF-8 (written as \uFFFF, made 0xFF below).
    const odd = random();
    if (odd < 0.04) return json.replace(/é/g, '\\u00e9').replace(/\//g, '\\/');
    if (odd < 0.06) return json.replace(/"note":"note /, '"note":"\uFFFF ');
    return json;
  };
  for (let d = 0; d < documents; d++) {
    for (let r = 0; r < 3; r++) {
      for (let k = Math.floor(random() * 6); k > 0; k--) {
        const id = `x${next++}`;
        written[r]?.push(id);
        logs[r]?.push(line({ formatVersion: 2, kind: 'annotation', annotation: annotation(r, id, d) }));
        // The same annotation again under another id.
        if (random() < 0.05) logs[r]?.push(line({ formatVersion: 2, kind: 'annotation', annotation: { ...made.last, id: `x${next++}` } }));
      }
      if (random() < 0.3) logs[r]?.push(line({ formatVersion: 2, kind: 'status', documentId: ids[d], status: pick(['new', 'in-progress', 'done']), at }));
      const earlier = written[r] as string[];
      if (earlier.length > 0 && random() < 0.3) {
        const id = pick(earlier);
        const owner = Number(/x(\d+)/.exec(id)?.[1] ?? 0) % documents;
        if (random() < 0.5) logs[r]?.push(line({ formatVersion: 2, kind: 'deletion', id, documentId: ids[owner], at }));
        else logs[r]?.push(line({ formatVersion: 2, kind: 'annotation', annotation: annotation(r, id, d) }));
      }
      if (random() < 0.05) {
        logs[r]?.push(
          pick([
            '{not json',
            line({ formatVersion: 2, kind: 'annotation', annotation: { id: 'q' } }),
            line({ formatVersion: 2, kind: 'annotation', annotation: annotation(r, `y${next++}`, d) }).replace(',"label"', ' ,"label"'),
            line({ formatVersion: 1, id: `v${next++}`, documentId: ids[d], reviewer: REVIEWERS[r], start: 0, end: 1, quote: [...(texts[d] as string)][0], label: 'Other', attributes: { P: 'v' }, note: '', createdAt: at, updatedAt: at }),
          ]),
        );
      }
    }
  }
  const bytes = (text: string): Buffer => {
    const b = Buffer.from(text, 'utf8');
    // U+FFFF's UTF-8 bytes EF BF BF: the last one stands alone, not UTF-8.
    for (let i = b.indexOf('\uFFFF'); i >= 0; i = b.indexOf('\uFFFF', i + 3)) b.fill(0xff, i, i + 3);
    return b;
  };
  const dirOf = join(dir, 'annotations');
  await writeFile(join(dirOf, 'ana-muller.jsonl'), bytes(`\uFEFF${(logs[0] as string[]).join('\r\n')}\r\n`));
  await writeFile(join(dirOf, 'bo.jsonl'), bytes(`${(logs[1] as string[]).join('\n')}\n{"formatVersion":2,"kind":"annot`));
  await writeFile(join(dirOf, 'cy-the-reviewer.jsonl'), bytes(`${(logs[2] as string[]).join('\n')}\n`));
  return { store, ids };
}

/** Exports of a messy project that the tests run in every format, with filters that select odd names. */
export const MESSY_REQUESTS: Omit<ExportRequest, 'out'>[] = [
  { format: 'spans' },
  { format: 'spans', unit: 'segment' },
  { format: 'segments' },
  { format: 'segments', labeledOnly: true },
  { format: 'doccano' },
  { format: 'label-studio' },
  { format: 'csv' },
  { format: 'hf', split: [0.5, 0.3, 0.2], seed: 3 },
  { format: 'spans', reviewer: 'Bo' },
  { format: 'hf', reviewer: 'Bo', labels: ['Other'] },
  { format: 'label-studio', status: 'done', labels: ['Other', 'Ünïcødé label 😀'] },
  { format: 'csv', reviewer: 'Cy "the" \\ reviewer', labels: ['Odd "quoted" \\ label'] },
];
