/**
 * A map from short byte strings (annotation ids, as they stand in a log line) to numbers, held in a
 * few typed arrays: an export's first pass keys hundreds of thousands of ids, and a Map of strings
 * would cost a string and a map entry each, on the garbage-collected heap.
 */
export class ByteKeys {
  /** The keys' bytes, one after another: key k is arena[starts[k], starts[k + 1]). */
  private arena: Uint8Array;
  private starts: Uint32Array;
  private values: Int32Array | null;
  /**
   * Open addressing: key number + 1 per bucket, 0 when empty. Kept at most three quarters full: the
   * buckets cost 5.3 to 10.7 bytes a key, and most lookups still end at the first or second.
   */
  private buckets: Uint32Array;
  size = 0;
  /** The empty bucket the last `get` ended at, for a `set` right after it. */
  private bucket = 0;

  /**
   * `expected`: about how many keys it will hold, so it need not grow step by step. Without `values`
   * a key's value is its number (0, 1, 2... in the order set), and no array is kept for them.
   */
  constructor(expected = 1024, values = true) {
    const keys = Math.max(16, Math.ceil(expected));
    // 20 bytes a key: the app's ids are 16 characters and imported ones 20. At 12 a log of app ids
    // outgrew it, and doubling it (old and new arrays both alive) added ~10 MB to the peak of a
    // 20,000-document export.
    this.arena = new Uint8Array(keys * 20);
    this.starts = new Uint32Array(keys + 1);
    this.values = values ? new Int32Array(keys) : null;
    this.buckets = new Uint32Array(Math.ceil((keys * 4) / 3) + 1);
  }

  /** The bucket a hash starts at: its place among the buckets (not a power of two: the table need not be up to twice too large). */
  private first(h: number): number {
    return Math.floor(((h >>> 0) * this.buckets.length) / 4294967296);
  }

  /** The value of the key bytes[from, to), or -1 when it has none. */
  get(bytes: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    const buckets = this.buckets;
    let bucket = this.first(h);
    const length = to - from;
    for (;;) {
      const entry = buckets[bucket] as number;
      if (entry === 0) break;
      const key = entry - 1;
      const start = this.starts[key] as number;
      if ((this.starts[key + 1] as number) - start === length && this.equal(start, bytes, from, length)) return this.values ? (this.values[key] as number) : key;
      if (++bucket === buckets.length) bucket = 0;
    }
    this.bucket = bucket;
    return -1;
  }

  /** Adds the key bytes[from, to) with `value` (ignored without values); only right after a `get` of the same key answered -1. */
  set(bytes: Uint8Array, from: number, to: number, value: number): void {
    const length = to - from;
    if (this.size + 1 === this.starts.length) this.growEntries();
    const used = this.starts[this.size] as number;
    while (used + length > this.arena.length) this.arena = grown(this.arena, this.arena.length * 2);
    // Keys are short: a loop costs less than a subarray (an object) for each.
    for (let i = 0; i < length; i++) this.arena[used + i] = bytes[from + i] as number;
    const key = this.size++;
    this.starts[key + 1] = used + length;
    if (this.values) this.values[key] = value;
    this.buckets[this.bucket] = key + 1;
    if (this.size * 4 > this.buckets.length * 3) this.rehash();
  }

  /** Frees its arrays (see `release`); it is not used again. */
  release(): void {
    release(this.arena, this.starts, this.values, this.buckets);
  }

  private equal(start: number, bytes: Uint8Array, from: number, length: number): boolean {
    for (let i = 0; i < length; i++) if (this.arena[start + i] !== bytes[from + i]) return false;
    return true;
  }

  private growEntries(): void {
    const n = this.starts.length * 2;
    this.starts = grown(this.starts, n);
    if (this.values) this.values = grown(this.values, n);
  }

  private rehash(): void {
    const old = this.buckets;
    const buckets = new Uint32Array(old.length * 2);
    this.buckets = buckets;
    for (let key = 0; key < this.size; key++) {
      const start = this.starts[key] as number;
      const end = this.starts[key + 1] as number;
      let h = 0x811c9dc5;
      for (let i = start; i < end; i++) h = Math.imul(h ^ (this.arena[i] as number), 0x01000193);
      let bucket = this.first(h);
      while (buckets[bucket] !== 0) if (++bucket === buckets.length) bucket = 0;
      buckets[bucket] = key + 1;
    }
    release(old);
  }
}

/** A copy of a typed array in a larger one; the smaller one is released (it must not be used again). */
export function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  release(array);
  return bigger;
}

/**
 * Frees the memory of typed arrays nothing will use again now, not at the next full garbage
 * collection: a large array that lived a while is in the old generation, and a full collection may
 * not come before the export ends (at 10,000 documents a first pass's ~20 MB stayed to the end). Its
 * memory is handed (transferred) to a new ArrayBuffer that nothing holds, which the next minor
 * collection frees, and the array is left empty. Only arrays that own their whole buffer (not a
 * Buffer of Node's shared pool).
 */
export function release(...arrays: (ArrayBufferView | null)[]): void {
  for (const array of arrays) {
    if (!array || array.byteOffset !== 0 || array.byteLength !== array.buffer.byteLength || array.byteLength === 0) continue;
    try {
      structuredClone(array.buffer, { transfer: [array.buffer as ArrayBuffer] });
    } catch {
      // One that cannot be handed over is left to the garbage collector.
    }
  }
}
