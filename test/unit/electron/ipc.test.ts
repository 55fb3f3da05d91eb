import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, channelOf, type MethodName } from '../../../src/shared/api/contract.ts';
import type { Result } from '../../../src/shared/result.ts';
import { fake, FakeWebContents, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);

const { registerApiHandlers } = await import('../../../src/main/electron/ipc.ts');
const { isAppUrl } = await import('../../../src/main/electron/protocol.ts');

/** A WebFrameMain as the IPC event carries it. */
interface Frame {
  url: string;
  parent: Frame | null;
}

const topFrame = (url = 'app://clausemark/index.html'): Frame => ({ url, parent: null });

describe('registerApiHandlers', () => {
  let window: FakeWebContents | null;
  let dispatched: [string, unknown][];

  beforeEach(() => {
    resetFakeElectron();
    window = new FakeWebContents();
    dispatched = [];
    registerApiHandlers({
      dispatch: async (method, input) => {
        dispatched.push([method, input]);
        return { ok: true, value: { method, input } };
      },
      appContents: () => window as never,
      isOwnUrl: isAppUrl,
    });
  });

  /** What the renderer's `ipcRenderer.invoke(channelOf(name), input)` becomes in main. */
  const call = (name: MethodName, event: { sender: unknown; senderFrame: Frame | null }, input: unknown = {}) =>
    fake.ipcMain.invoke(channelOf(name), event, input) as Promise<Result<unknown>>;

  it('answers exactly the contract channels, one handler each, and listens on nothing else', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort());
    expect(fake.ipcMain.handlers.size).toBe(METHOD_NAMES.length);
    expect(fake.ipcMain.eventNames()).toEqual([]);
  });

  it('dispatches a call from the app window’s top frame to the method of its channel, with the input as sent', async () => {
    for (const name of METHOD_NAMES) {
      const input = { dir: `/projects/${name}`, extra: [1, 2] };
      const answer = await call(name, { sender: window, senderFrame: topFrame() }, input);
      expect(answer).toEqual({ ok: true, value: { method: name, input } });
    }
    expect(dispatched.map(([method]) => method)).toEqual([...METHOD_NAMES]);
    expect(dispatched.every(([method, input]) => (input as { dir: string }).dir === `/projects/${method}`)).toBe(true);
  });

  it('accepts any page of the app’s own origin, not only index.html', async () => {
    const answer = await call('app.info', { sender: window, senderFrame: topFrame('app://clausemark/#/project?x=1') });
    expect(answer.ok).toBe(true);
  });

  const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } };

  const refusals: [string, () => { sender: unknown; senderFrame: Frame | null }][] = [
    ['a subframe of the app window, even one showing the app’s URL', () => ({
      sender: window,
      senderFrame: { url: 'app://clausemark/index.html', parent: topFrame() },
    })],
    ['a subframe showing a foreign page', () => ({
      sender: window,
      senderFrame: { url: 'https://evil.example/', parent: topFrame() },
    })],
    ['another webContents (DevTools, a second window) showing the app’s URL', () => ({
      sender: new FakeWebContents(),
      senderFrame: topFrame(),
    })],
    ['a foreign URL in the app window', () => ({ sender: window, senderFrame: topFrame('https://evil.example/') })],
    ['a frame that is gone (senderFrame null)', () => ({ sender: window, senderFrame: null })],
    ['the app window after it navigated to a file:// page', () => ({ sender: window, senderFrame: topFrame('file:///etc/passwd') })],
    ['the app window after it navigated to a data: page', () => ({
      sender: window,
      senderFrame: topFrame('data:text/html,<script>x</script>'),
    })],
    ['the app window showing about:blank', () => ({ sender: window, senderFrame: topFrame('about:blank') })],
    ['a look-alike app host', () => ({ sender: window, senderFrame: topFrame('app://clausemark.evil.example/index.html') })],
    ['an app URL with a foreign host behind user info', () => ({ sender: window, senderFrame: topFrame('app://clausemark@evil.example/') })],
  ];

  it.each(refusals)('refuses %s with FORBIDDEN, before dispatch', async (_what, event) => {
    for (const name of METHOD_NAMES) {
      expect(await call(name, event(), { dir: '/home/reviewer' })).toEqual(forbidden);
    }
    expect(dispatched).toEqual([]);
  });

  it('refuses everything once the app window is closed (appContents() is null)', async () => {
    const closed = window;
    window = null;
    expect(await call('project.open', { sender: closed, senderFrame: topFrame() }, { dir: '/x' })).toEqual(forbidden);
    expect(dispatched).toEqual([]);
  });

  it('checks the frame at call time: the same window is refused after it navigated away, and trusted again when back', async () => {
    const frame = topFrame();
    expect((await call('app.info', { sender: window, senderFrame: frame })).ok).toBe(true);
    frame.url = 'https://evil.example/';
    expect(await call('app.info', { sender: window, senderFrame: frame })).toEqual(forbidden);
    frame.url = 'app://clausemark/index.html';
    expect((await call('app.info', { sender: window, senderFrame: frame })).ok).toBe(true);
    expect(dispatched).toHaveLength(2);
  });

  it('follows the current app window: a new window is trusted, the old one no longer', async () => {
    const old = window;
    window = new FakeWebContents();
    expect(await call('app.info', { sender: old, senderFrame: topFrame() })).toEqual(forbidden);
    expect((await call('app.info', { sender: window, senderFrame: topFrame() })).ok).toBe(true);
  });
});
