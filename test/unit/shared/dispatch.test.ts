import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type ApiHandlers } from '../../../src/shared/api/contract.ts';
import { createDispatcher } from '../../../src/shared/api/dispatch.ts';
import { AppError } from '../../../src/shared/result.ts';

/** Handlers that record what reached them; a call that should be refused must not arrive here. */
function recordingHandlers(): { handlers: ApiHandlers; calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      (input: unknown) => {
        calls.push([name, input]);
        if (name === 'documents.get') throw new AppError('DOCUMENT_NOT_FOUND', 'No such document.');
        if (name === 'project.stats') throw new Error('disk on fire');
        return null;
      },
    ]),
  ) as unknown as ApiHandlers;
  return { handlers, calls };
}

describe('the contract dispatcher', () => {
  it('runs a valid call and wraps its value', async () => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatcher(handlers)('project.open', { dir: '/tmp/p' });
    expect(result).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['project.open', { dir: '/tmp/p' }]]);
  });

  it('refuses unknown methods, including prototype names', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    for (const name of ['fs.readFile', 'toString', '__proto__', 'constructor']) {
      const result = await dispatch(name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNKNOWN_METHOD');
    }
    expect(calls).toEqual([]);
  });

  it('refuses input that does not match the schema, naming the field', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    const wrongType = await dispatch('project.open', { dir: 42 });
    const extraKey = await dispatch('documents.list', { evil: true });
    const tooMany = await dispatch('import.paths', { paths: Array.from({ length: 51 }, (_, i) => `/f${i}.txt`) });
    for (const result of [wrongType, extraKey, tooMany]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
    }
    if (!wrongType.ok) expect(wrongType.error.message).toContain('dir');
    expect(calls).toEqual([]);
  });

  it('turns an AppError into its code and message, and anything else into INTERNAL', async () => {
    const { handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, () => undefined);
    expect(await dispatch('documents.get', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'DOCUMENT_NOT_FOUND', message: 'No such document.' },
    });
    const internal = await dispatch('project.stats', {});
    expect(internal.ok).toBe(false);
    if (!internal.ok) expect(internal.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('disk on fire') });
  });
});
