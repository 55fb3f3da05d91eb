import { describe, expect, it } from 'vitest';
import { cacheEntry, plainEntry } from '../../../src/main/services/project/catalog.ts';

const entry = (): Record<string, unknown> => ({
  size: 120,
  mtimeMs: 1767225600000.25,
  id: 'alba-nera',
  ok: true,
  sha256: 'a'.repeat(64),
  summary: { id: 'alba-nera', title: 'Alba', fileName: 'alba.txt', format: 'txt', encoding: 'utf-8', segmentCount: 3, characterCount: 100 },
});
const damaged = (): Record<string, unknown> => ({ size: 1, mtimeMs: 2, id: 'bad', ok: false, problem: { file: 'documents/bad.json', message: 'damaged' } });

describe('the catalog cache check', () => {
  it('keeps an entry as parsed only when the schema would take it as it is', () => {
    // Whether the hand check takes it: exactly when the schema does, and would not change it.
    const variants: [string, boolean, (e: Record<string, unknown>) => void][] = [
      ['as written', true, () => undefined],
      ['no format or encoding', true, (e) => Object.assign(e.summary as object, { format: null, encoding: null })],
      ['an extra key', false, (e) => (e.extra = 1)],
      ['an extra summary key', false, (e) => ((e.summary as Record<string, unknown>).extra = 1)],
      ['a missing key', false, (e) => delete e.sha256],
      ['an unknown format', false, (e) => ((e.summary as Record<string, unknown>).format = 'rtf')],
      ['an infinite size', false, (e) => (e.size = Infinity)],
      ['a string count', false, (e) => ((e.summary as Record<string, unknown>).segmentCount = '3')],
      ['ok not a boolean', false, (e) => (e.ok = 'yes')],
      ['a damaged entry', true, (e) => Object.assign(e, damaged(), { sha256: undefined, summary: undefined })],
      ['a damaged entry with a summary', false, (e) => Object.assign(e, damaged())],
    ];
    for (const [what, plainly, change] of variants) {
      const e = entry();
      change(e);
      // A cache line as read back; 1e999 stands for Infinity, which JSON.parse reads from it.
      const line = JSON.parse(JSON.stringify(e).replace('"size":null', '"size":1e999'));
      if (what === 'an infinite size') expect(line.size).toBe(Infinity);
      expect(plainEntry(line), what).toBe(plainly);
      const taken = cacheEntry(line);
      // Taken as parsed (the same object) exactly when plain; otherwise only as the schema reads it, if at all.
      expect(taken === line, what).toBe(plainly);
      if (!plainly && taken) expect(JSON.stringify(taken), what).not.toBe(JSON.stringify(line));
    }
    expect(cacheEntry(damaged())).toEqual(damaged());
    expect(cacheEntry({ formatVersion: 3 })).toBeNull();
    expect(cacheEntry('alba-nera')).toBeNull();
  });
});
