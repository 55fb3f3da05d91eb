import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MENU_CHANNEL, METHOD_NAMES, channelOf, type MenuCommand } from '../../../src/shared/api/methods.ts';
import { electronModule, fake, fakeEvent } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);

type Api = Record<string, (...args: unknown[]) => Promise<unknown>>;
interface Menu {
  onCommand(listener: (...args: unknown[]) => void): () => void;
}

describe('the preload', () => {
  let api: Api;
  let menu: Menu;

  beforeAll(async () => {
    fake.ipcRenderer.reply = (channel, input) => ({ ok: true, value: { channel, input } });
    await import('../../../src/preload/index.ts');
    api = fake.contextBridge.exposed.find(([key]) => key === 'clausemark')?.[1] as Api;
    menu = fake.contextBridge.exposed.find(([key]) => key === 'clausemarkMenu')?.[1] as Menu;
  });

  it('exposes exactly two globals: clausemark and clausemarkMenu', () => {
    expect(fake.contextBridge.exposed.map(([key]) => key)).toEqual(['clausemark', 'clausemarkMenu']);
  });

  it('gives window.clausemark exactly the contract’s methods, all functions', () => {
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
    for (const name of METHOD_NAMES) expect(typeof api[name], name).toBe('function');
  });

  it('sends each method’s call on its own channel, with the input and nothing more, and answers main’s reply', async () => {
    for (const name of METHOD_NAMES) {
      fake.ipcRenderer.invocations.length = 0;
      const input = { dir: `/projects/${name}` };
      const answer = await api[name]?.(input, 'smuggled', { channel: 'clausemark:other' });
      expect(fake.ipcRenderer.invocations, name).toEqual([[channelOf(name), input]]);
      expect(answer).toEqual({ ok: true, value: { channel: channelOf(name), input } });
    }
  });

  it('gives window.clausemarkMenu only onCommand', () => {
    expect(Object.keys(menu)).toEqual(['onCommand']);
  });

  it('hands a menu command to the listener without the IPC event, and stops when unsubscribed', () => {
    const heard: unknown[][] = [];
    const other: unknown[] = [];
    const stop = menu.onCommand((...args) => heard.push(args));
    const stopOther = menu.onCommand((command) => other.push(command));
    expect(fake.ipcRenderer.listenerCount(MENU_CHANNEL)).toBe(2);
    expect(fake.ipcRenderer.eventNames()).toEqual([MENU_CHANNEL]);

    const command: MenuCommand = { type: 'open-recent', dir: '/projects/a' };
    const ipcEvent = fakeEvent({ sender: fake.ipcRenderer, senderId: 0, ports: [] });
    fake.ipcRenderer.emit(MENU_CHANNEL, ipcEvent, command);
    expect(heard).toEqual([[command]]);
    expect(heard[0]?.[0]).toBe(command);

    stop();
    expect(fake.ipcRenderer.listenerCount(MENU_CHANNEL)).toBe(1);
    fake.ipcRenderer.emit(MENU_CHANNEL, ipcEvent, { type: 'import-files' });
    expect(heard).toHaveLength(1);
    expect(other).toEqual([command, { type: 'import-files' }]);

    stopOther();
    expect(fake.ipcRenderer.listenerCount(MENU_CHANNEL)).toBe(0);
  });

  /** ipcRenderer's own API, and EventEmitter's: none of these may be reachable from the page. */
  const RENDERER_METHODS = ['invoke', 'send', 'sendSync', 'sendToHost', 'postMessage', 'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'emit'];

  it('exposes no path to ipcRenderer: no exposed value is it or one of its methods, and none has their names', () => {
    const view = electronModule.ipcRenderer as unknown as Record<string, unknown>;
    const forbidden = new Set<unknown>([view, fake.ipcRenderer]);
    for (const name of RENDERER_METHODS) forbidden.add(view[name]);
    const seen = new Set<unknown>();
    const walk = (value: unknown, path: string): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      expect(forbidden.has(value), path).toBe(false);
      for (const key of Reflect.ownKeys(value)) {
        if (typeof value === 'object') expect(RENDERER_METHODS, `${path}.${String(key)}`).not.toContain(key);
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (descriptor && 'value' in descriptor) walk(descriptor.value, `${path}.${String(key)}`);
      }
    };
    for (const [key, value] of fake.contextBridge.exposed) walk(value, key);
  });
});
