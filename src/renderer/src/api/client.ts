import type { ClausemarkApi } from '../../../shared/api/contract.ts';
import { METHOD_NAMES, type MethodName } from '../../../shared/api/methods.ts';
import type { Result } from '../../../shared/result.ts';
import { postToBridge } from './bridge-fetch.ts';
import type { BridgeAnswer, BridgeRequest } from './bridge-worker.ts';

declare global {
  interface Window {
    /** Exposed by the preload in the desktop app; absent when served over the loopback bridge. */
    clausemark?: ClausemarkApi;
  }
}

const TOKEN_KEY = 'clausemark.bridgeToken';

/** The bridge's token arrives in the URL fragment once; it is kept for this tab and removed from the URL. */
function takeBridgeToken(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const NOT_ANSWERING: Result<unknown> = {
  ok: false,
  error: { code: 'IO_ERROR', message: 'Clausemark’s local service is not answering; is `npm run web` still running?' },
};

/**
 * Requests made by a worker (bridge-worker.ts), so that starting one and reading its answer stay off
 * the page's main thread; null where a worker cannot be made (the page then fetches itself).
 */
function bridgeWorker(): ((url: string, token: string, input: unknown) => Promise<Result<unknown>>) | null {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./bridge-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let next = 0;
  worker.onmessage = (event: MessageEvent<BridgeAnswer>) => {
    const done = pending.get(event.data.id);
    pending.delete(event.data.id);
    done?.((event.data.result as Result<unknown> | null) ?? NOT_ANSWERING);
  };
  // A worker that fails (its script refused, say) answers every call in flight, and later ones, as not answering.
  let failed = false;
  worker.onerror = () => {
    failed = true;
    for (const done of pending.values()) done(NOT_ANSWERING);
    pending.clear();
  };
  return (url, token, input) =>
    failed
      ? Promise.resolve(NOT_ANSWERING)
      : new Promise((resolve) => {
          const id = next++;
          pending.set(id, resolve);
          worker.postMessage({ id, url, token, input } satisfies BridgeRequest);
        });
}

/** The same contract over HTTP to the loopback bridge (`npm run web`, end-to-end tests). */
export function createBridgeApi(origin: string, token: string): ClausemarkApi {
  const viaWorker = typeof Worker === 'function' ? bridgeWorker() : null;
  const call = async (method: MethodName, input: unknown): Promise<Result<unknown>> => {
    const url = `${origin}/api/${method}`;
    if (viaWorker) return viaWorker(url, token, input);
    return ((await postToBridge(url, token, input)) as Result<unknown> | null) ?? NOT_ANSWERING;
  };
  return Object.fromEntries(
    METHOD_NAMES.map((name) => [name, (input: unknown) => call(name, input)]),
  ) as unknown as ClausemarkApi;
}

export const api: ClausemarkApi = window.clausemark ?? createBridgeApi(window.location.origin, takeBridgeToken());
