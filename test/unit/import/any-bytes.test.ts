import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/main/services/import/index.ts';
import { AppError } from '../../../src/shared/result.ts';
import { expectValidSegments } from '../text/invariants.ts';

/** Bytes that start like the format's real files, so parsers get past their first check. */
const PREFIXES: Record<string, number[]> = {
  txt: [],
  html: [...new TextEncoder().encode('<html><body><p>')],
  pdf: [...new TextEncoder().encode('%PDF-1.7\n')],
  docx: [0x50, 0x4b, 0x03, 0x04],
};

describe('any byte sequence', () => {
  for (const [extension, prefix] of Object.entries(PREFIXES)) {
    it(`gives a .${extension} document with valid segments or an AppError naming the file`, async () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 2000 }),
        fc.uint8Array({ maxLength: 2000 }).map((b) => Uint8Array.from([...prefix, ...b])),
        fc.string({ unit: 'grapheme', maxLength: 500 }).map((s) => new TextEncoder().encode(s)),
      );
      await fc.assert(
        fc.asyncProperty(bytes, async (b) => {
          const fileName = `fuzz.${extension}`;
          try {
            const doc = await parseSource({ fileName, bytes: b });
            expectValidSegments(doc.text, doc.segments);
            expect(doc.segments.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).message.startsWith(`${fileName}: `)).toBe(true);
          }
        }),
        { numRuns: extension === 'txt' ? 200 : 60 },
      );
    });
  }
});
