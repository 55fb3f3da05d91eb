import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ClausemarkApi } from '../shared/api/contract.ts';
// methods.ts, not contract.ts: the contract's zod schemas cannot load in a sandboxed preload.
import { METHOD_NAMES, MENU_CHANNEL, channelOf, type MenuBridge, type MenuCommand } from '../shared/api/methods.ts';

const api = Object.fromEntries(
  METHOD_NAMES.map((name) => [
    name,
    (input: unknown) => ipcRenderer.invoke(channelOf(name), input),
  ]),
) as unknown as ClausemarkApi;

const menu: MenuBridge = {
  onCommand(listener) {
    // The event is dropped: it carries `sender` (the ipcRenderer itself) into the page.
    const forward = (_event: IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on(MENU_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(MENU_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('clausemark', api);
contextBridge.exposeInMainWorld('clausemarkMenu', menu);
