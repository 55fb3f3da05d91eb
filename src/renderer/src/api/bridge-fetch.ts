import { BRIDGE_TOKEN_HEADER } from '../../../shared/api/methods.ts';

/**
 * One call to the loopback bridge: its JSON answer (a Result), or null when the bridge did not
 * answer. Made by the bridge worker (bridge-worker.ts), or by the page where no worker can be made.
 */
export async function postToBridge(url: string, token: string, input: unknown): Promise<unknown> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
      body: JSON.stringify(input ?? {}),
    });
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}
