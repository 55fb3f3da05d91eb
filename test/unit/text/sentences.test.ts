import fc from 'fast-check';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinBlocks, segmentPlainText } from '../../../src/shared/text/segmentation.ts';
import { sentenceRanges } from '../../../src/shared/text/sentences.ts';
import { samplesDir } from '../project/helpers.ts';
import { expectValidSegments } from './invariants.ts';

/** The sentences one Intl.Segmenter pass over the whole text gives: what segmentation used before windows. */
function onePass(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const { index, segment } of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)) {
    ranges.push([index, index + segment.length]);
  }
  return ranges;
}

/** Pieces that exercise the sentence rules: terminators, closers, spaces, paragraph breaks, case, digits. */
const piece = fc.constantFrom(
  'a', 'word', 'We', 'USA', ' ', '  ', '\u00a0', '.', '!', '?', '...', '…', ';', ':', ',', '"', '”', ')', '(', '\n', '\n\n',
  '\u2029', '1', '3.5', 'etc.', 'e.g. ', 'Mr. ', 'U.S.', '😀', 'é', 'É', '李', '。', '-', '\t', 'x\u0301',
);
const text = fc.array(piece, { maxLength: 300 }).map((parts) => parts.join(''));

const policies = async (): Promise<string[]> =>
  Promise.all((await readdir(samplesDir)).sort().map((name) => readFile(join(samplesDir, name), 'utf8')));

describe('sentenceRanges', () => {
  it('gives the same sentences as one pass over the whole text, for any window width', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 16, max: 80 }), (s, width) => {
        expect(sentenceRanges(s, width)).toEqual(onePass(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a sentence longer than the window whole', () => {
    const s = `${'word '.repeat(500)}end. Next one.`;
    expect(sentenceRanges(s, 64)).toEqual(onePass(s));
  });

  it('gives the same sentences on real policies flattened to one line', async () => {
    for (const policy of await policies()) {
      const line = policy.replace(/\s*\n\s*/g, ' ');
      expect(sentenceRanges(line, 256)).toEqual(onePass(line));
      expect(sentenceRanges(line)).toEqual(onePass(line));
    }
  });
});

describe('segmentation of one long line', () => {
  it('gives the same segments in windows as in one pass, where one pass is tractable', async () => {
    const all = (await policies()).join(' ').replace(/\s*\n\s*/g, ' ');
    const line = all.repeat(Math.ceil(150_000 / all.length));
    const windowed = segmentPlainText(line);
    expectValidSegments(line, windowed);
    expect(windowed).toEqual(segmentPlainText(line, { sentenceWindowChars: Infinity }));
    const blocks = [{ text: line, kind: 'paragraph' as const }];
    expect(joinBlocks(blocks)).toEqual(joinBlocks(blocks, { sentenceWindowChars: Infinity }));
  });

  it('gives the same segments in windows as in one pass for any text', () => {
    fc.assert(
      fc.property(text, fc.boolean(), fc.integer({ min: 16, max: 80 }), (s, markdown, width) => {
        const windowed = segmentPlainText(s, { markdown, maxChars: 40, sentenceWindowChars: width });
        expect(windowed).toEqual(segmentPlainText(s, { markdown, maxChars: 40, sentenceWindowChars: Infinity }));
      }),
      { numRuns: 500 },
    );
  });

  it('segments a 2 MB one-line policy in a few seconds, not minutes', async () => {
    const all = (await policies()).join(' ').replace(/\s*\n\s*/g, ' ');
    const line = all.repeat(Math.ceil((2 * 1024 * 1024) / all.length));
    const started = performance.now();
    const segments = segmentPlainText(line);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(segments.length).toBeGreaterThan(1_000);
  });
});
