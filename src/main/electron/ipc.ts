import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { METHOD_NAMES, channelOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';

export interface ApiWiring {
  dispatch: (method: string, input: unknown) => Promise<Result<unknown>>;
  /** The app window's webContents, the only one allowed to call. */
  appContents: () => WebContents | null;
  isOwnUrl: (url: string) => boolean;
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from Clausemark’s own window, so it was refused.' },
};

/**
 * Only the top frame of the app window, showing the app's own page, may call: a frame embedded in a
 * document, or a page that got navigated elsewhere, must not reach the project on disk.
 */
function isTrusted(event: IpcMainInvokeEvent, wiring: ApiWiring): boolean {
  const frame = event.senderFrame;
  const contents = wiring.appContents();
  return (
    frame !== null &&
    frame.parent === null &&
    contents !== null &&
    event.sender === contents &&
    wiring.isOwnUrl(frame.url)
  );
}

/** One handler per contract method on its own channel; main answers no other channel. */
export function registerApiHandlers(wiring: ApiWiring): void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(channelOf(name), (event, input: unknown) =>
      isTrusted(event, wiring) ? wiring.dispatch(name, input) : FORBIDDEN,
    );
  }
}
