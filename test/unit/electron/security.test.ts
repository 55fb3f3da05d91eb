import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, fakeEvent, FakeWebContents, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);

const { guardAllWebContents, lockDownSession } = await import('../../../src/main/electron/security.ts');
const { isAppUrl } = await import('../../../src/main/electron/protocol.ts');

const OWN = 'app://clausemark/index.html';
const FOREIGN = ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'data:text/html,hi', 'about:blank', 'javascript:alert(1)'];

/** Creates a webContents the way Electron does: 'web-contents-created' on app, then the page's events. */
function created(): FakeWebContents {
  const contents = new FakeWebContents();
  fake.app.emit('web-contents-created', fakeEvent(), contents);
  return contents;
}

/** Emits a navigation event with Electron 45's arguments; answers whether the listener prevented it. */
function navigate(contents: FakeWebContents, kind: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
  const details = fakeEvent({ url, isMainFrame: true, isSameDocument: false, frame: null, initiator: null });
  if (kind === 'will-frame-navigate') contents.emit(kind, details);
  else contents.emit(kind, details, url, false, true, 1, 1);
  return details.defaultPrevented;
}

describe('guardAllWebContents', () => {
  beforeEach(() => {
    resetFakeElectron();
    guardAllWebContents(isAppUrl);
  });

  it('listens for every webContents the app creates', () => {
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
  });

  describe.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)('%s', (kind) => {
    it.each(FOREIGN)('is prevented towards %s', (url) => {
      expect(navigate(created(), kind, url)).toBe(true);
    });

    it('is allowed towards the app’s own pages', () => {
      const contents = created();
      expect(navigate(contents, kind, OWN)).toBe(false);
      expect(navigate(contents, kind, 'app://clausemark/')).toBe(false);
    });

    it('asks the given isOwnUrl, so a dev origin can be the app’s own', () => {
      resetFakeElectron();
      guardAllWebContents((url) => url.startsWith('http://localhost:5173/'));
      const contents = created();
      expect(navigate(contents, kind, 'http://localhost:5173/index.html')).toBe(false);
      expect(navigate(contents, kind, OWN)).toBe(true);
    });
  });

  it('guards each webContents separately, also ones created later (DevTools, a second window)', () => {
    const first = created();
    const second = created();
    for (const contents of [first, second]) {
      expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
      expect(contents.windowOpenHandler).not.toBeNull();
      expect(contents.listenerCount('will-attach-webview')).toBe(1);
    }
  });

  it('denies every new window, whatever it asks for', () => {
    const contents = created();
    for (const url of [...FOREIGN, OWN]) {
      const details = { url, frameName: '', features: '', disposition: 'new-window', referrer: { url: OWN, policy: 'default' } };
      expect(contents.windowOpenHandler?.(details)).toEqual({ action: 'deny' });
    }
  });

  it('prevents attaching any <webview>', () => {
    const contents = created();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, { nodeIntegration: false }, { src: OWN });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('lockDownSession', () => {
  beforeEach(() => {
    resetFakeElectron();
  });

  const session = () => fake.session.defaultSession;

  it('denies every permission request and answers false to every permission and device check', () => {
    lockDownSession(null);
    const { permissionRequestHandler, permissionCheckHandler, devicePermissionHandler } = session();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'unknown']) {
      const answers: unknown[] = [];
      permissionRequestHandler?.(new FakeWebContents(), permission, (granted: boolean) => answers.push(granted), { requestingUrl: OWN });
      expect(answers, permission).toEqual([false]);
      expect(permissionCheckHandler?.(null, permission, 'app://clausemark', { requestingUrl: OWN }), permission).toBe(false);
    }
    expect(devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://clausemark' })).toBe(false);
  });

  /** Runs a request through the registered filter and listener as Electron's webRequest would. */
  function decide(url: string): boolean {
    const [registered] = session().beforeRequest;
    if (!registered) throw new Error('no onBeforeRequest listener');
    const scheme = url.slice(0, url.indexOf(':') + 1);
    expect(registered.filter.urls.some((pattern) => pattern.startsWith(`${scheme}//`)), `the filter covers ${scheme}`).toBe(true);
    const answers: { cancel?: boolean }[] = [];
    registered.listener({ url }, (response) => answers.push(response));
    expect(answers).toHaveLength(1);
    return answers[0]?.cancel === true;
  }

  const REMOTE = [
    'http://example.com/tracker.gif',
    'https://evil.example/collect?d=1',
    'ws://evil.example/socket',
    'wss://evil.example/socket',
    'file:///etc/passwd',
    'http://localhost:5173/src/main.tsx',
    'http://127.0.0.1/',
  ];

  it('registers one onBeforeRequest listener, over http(s), ws(s) and file', () => {
    lockDownSession(null);
    expect(session().beforeRequest).toHaveLength(1);
    expect(session().beforeRequest[0]?.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*']));
  });

  it.each(REMOTE)('cancels %s when there is no dev origin', (url) => {
    lockDownSession(null);
    expect(decide(url)).toBe(true);
  });

  it('lets only the dev origin through (page and HMR socket) when one is given', () => {
    lockDownSession('http://localhost:5173');
    expect(decide('http://localhost:5173/')).toBe(false);
    expect(decide('http://localhost:5173/src/main.tsx')).toBe(false);
    expect(decide('ws://localhost:5173/?token=x')).toBe(false);
    expect(decide('http://localhost:5174/')).toBe(true);
    expect(decide('http://127.0.0.1:5173/')).toBe(true);
    expect(decide('https://evil.example/')).toBe(true);
    expect(decide('http://localhost.evil.example:5173/')).toBe(true);
    expect(decide('http://evil.example/localhost:5173/')).toBe(true);
    expect(decide('http://localhost:5173@evil.example/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    // Same host and port, other schemes: not the dev server's origin.
    expect(decide('https://localhost:5173/')).toBe(true);
    expect(decide('wss://localhost:5173/')).toBe(true);
  });
});
