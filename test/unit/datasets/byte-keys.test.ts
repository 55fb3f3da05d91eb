import { markAsUntransferable } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ByteKeys, release } from '../../../src/main/services/export/byte-keys.ts';

describe('byte keys', () => {
  it('answers what a map of the same strings answers, growing past what it expected', () => {
    for (const values of [true, false]) {
      const keys = new ByteKeys(16, values);
      const map = new Map<string, number>();
      for (let k = 0; k < 5000; k++) {
        const key = k % 3 === 0 ? `id-${k % 1000}` : `x${k}${'y'.repeat(k % 40)}`;
        const bytes = Buffer.from(`[${key}]`, 'latin1');
        const found = keys.get(bytes, 1, bytes.length - 1);
        const known = map.get(key);
        expect(found).toBe(known ?? -1);
        if (known === undefined) {
          // Without values, a key's value is its number.
          const value = values ? k * 7 : map.size;
          keys.set(bytes, 1, bytes.length - 1, value);
          map.set(key, value);
        }
      }
      expect(keys.size).toBe(map.size);
    }
  });

  it('releases only arrays that own their whole buffer and can be handed over', () => {
    const owned = new Float64Array(1000);
    release(owned);
    expect(owned.length).toBe(0);
    const pooled = Buffer.from('abc');
    const view = new Uint8Array(new ArrayBuffer(64), 8, 8);
    const kept = Buffer.alloc(100);
    markAsUntransferable(kept.buffer);
    release(pooled, view, kept, null);
    expect([pooled.toString(), view.length, kept.length]).toEqual(['abc', 8, 100]);
  });
});
