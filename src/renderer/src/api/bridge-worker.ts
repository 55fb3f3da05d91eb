/**
 * The loopback bridge's requests, made off the page's main thread. A `fetch` costs the main thread a
 * millisecond or two to start (and its answer as much to read); made here, an annotation command sent
 * on a key no longer shares that key's task with the redraw of the highlight. The page posts
 * { id, url, token, input } and gets { id, result } back, result null when the bridge did not answer.
 */
import { postToBridge } from './bridge-fetch.ts';

export interface BridgeRequest {
  id: number;
  url: string;
  token: string;
  input: unknown;
}

export interface BridgeAnswer {
  id: number;
  result: unknown;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<BridgeRequest>) => void) | null;
  postMessage: (message: BridgeAnswer) => void;
};

scope.onmessage = (event) => {
  const { id, url, token, input } = event.data;
  void postToBridge(url, token, input).then((result) => scope.postMessage({ id, result }));
};
