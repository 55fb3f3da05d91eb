import { app, session, type WebContents } from 'electron';

/**
 * Guards every webContents the app ever creates (the window, DevTools, anything a bug or a hostile
 * document might open): no navigation away from the app, no new windows, no <webview>.
 */
export function guardAllWebContents(isOwnUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => {
      if (!isOwnUrl(event.url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isOwnUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isOwnUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * The app needs no browser permission (camera, notifications, geolocation...) and no network: a
 * policy being reviewed can carry links and images, and none of them may reach out. In development
 * the Vite dev server's origin (`devOrigin`) stays reachable, for the page and its HMR socket.
 */
export function lockDownSession(devOrigin: string | null): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The dev server's own origin, and its HMR socket on the matching ws(s) scheme: nothing else.
  const dev = devOrigin ? new URL(devOrigin) : null;
  const devSchemes = dev ? [dev.protocol, dev.protocol === 'https:' ? 'wss:' : 'ws:'] : [];
  const allowed = (url: URL): boolean => dev !== null && url.host === dev.host && devSchemes.includes(url.protocol);
  ses.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*'] },
    (details, callback) => callback({ cancel: !allowed(new URL(details.url)) }),
  );
}
