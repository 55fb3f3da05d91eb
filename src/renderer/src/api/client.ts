import type { ClausemarkApi } from '../../../shared/api/contract.ts';
import { BRIDGE_TOKEN_HEADER, METHOD_NAMES, type MethodName } from '../../../shared/api/methods.ts';
import type { Result } from '../../../shared/result.ts';

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

/** The same contract over HTTP to the loopback bridge (`npm run web`, end-to-end tests). */
export function createBridgeApi(origin: string, token: string): ClausemarkApi {
  const call = async (method: MethodName, input: unknown): Promise<Result<unknown>> => {
    try {
      const response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as Result<unknown>;
    } catch {
      return {
        ok: false,
        error: { code: 'IO_ERROR', message: 'Clausemark’s local service is not answering; is `npm run web` still running?' },
      };
    }
  };
  return Object.fromEntries(
    METHOD_NAMES.map((name) => [name, (input: unknown) => call(name, input)]),
  ) as unknown as ClausemarkApi;
}

export const api: ClausemarkApi = window.clausemark ?? createBridgeApi(window.location.origin, takeBridgeToken());
