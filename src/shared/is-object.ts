/** A parsed JSON value that is an object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `o` has every key of `required`, any of `optional`, and no other (a schema would strip or refuse others). */
export function keysAre(o: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  let n = 0;
  for (const k of required) {
    if (!Object.hasOwn(o, k)) return false;
    n++;
  }
  for (const k of optional) if (Object.hasOwn(o, k)) n++;
  return Object.keys(o).length === n;
}
