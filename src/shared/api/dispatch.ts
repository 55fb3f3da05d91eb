import { AppError, type Result } from '../result.ts';
import { contract, isMethodName, type ApiHandlers } from './contract.ts';

/**
 * Validates a call against the contract and runs its handler, turning every failure into a Result.
 * Both the Electron IPC wiring and the loopback bridge call this; nothing reaches a handler unchecked.
 */
export function createDispatcher(handlers: ApiHandlers, onInternalError?: (method: string, error: unknown) => void) {
  return async function dispatch(method: string, rawInput: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${method}".` } };
    }
    const parsed = contract[method].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `${method}: ${issue?.message ?? 'invalid input'}${where}.` },
      };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value: value ?? null };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
      onInternalError?.(method, error);
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong in ${method}: ${detail}` } };
    }
  };
}
