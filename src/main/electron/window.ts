import { BrowserWindow, dialog, screen, type Rectangle } from 'electron';
import type { SettingsStore, WindowBounds } from '../services/settings/settings.ts';

const DEFAULT_SIZE = { width: 1280, height: 860 };
const MIN_SIZE = { width: 720, height: 480 };
const SAVE_DELAY_MS = 500;

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), Math.max(low, high));

/**
 * Saved bounds fitted onto the display they mostly overlap, so a window last seen on a monitor that
 * is now unplugged opens where the reviewer can reach it.
 */
function restoredBounds(saved: WindowBounds | null): Partial<Rectangle> {
  const width = Math.max(saved?.width ?? DEFAULT_SIZE.width, MIN_SIZE.width);
  const height = Math.max(saved?.height ?? DEFAULT_SIZE.height, MIN_SIZE.height);
  if (saved?.x === undefined || saved.y === undefined) {
    const area = screen.getPrimaryDisplay().workAreaSize;
    return { width: Math.min(width, area.width), height: Math.min(height, area.height) };
  }
  const area = screen.getDisplayMatching({ x: saved.x, y: saved.y, width, height }).workArea;
  const fitted = { width: Math.min(width, area.width), height: Math.min(height, area.height) };
  return {
    ...fitted,
    x: clamp(saved.x, area.x, area.x + area.width - fitted.width),
    y: clamp(saved.y, area.y, area.y + area.height - fitted.height),
  };
}

/** Keeps the window's normal (not maximised or full-screen) bounds in the settings. */
function persistBounds(window: BrowserWindow, settings: SettingsStore): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!window.isDestroyed()) settings.set('windowBounds', window.getNormalBounds());
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', save);
}

/**
 * The renderer holds the window open (beforeunload) while edits are not saved yet; Electron would
 * then ignore the close silently, so the reviewer is asked instead.
 */
function confirmUnsavedClose(window: BrowserWindow): void {
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: ['Keep Clausemark open', 'Close without them'],
      defaultId: 0,
      cancelId: 0,
      title: 'Edits not saved yet',
      message: 'Some of your latest edits are not saved yet.',
      detail: 'Clausemark keeps trying to save them while it is open. If you close it now, they are lost.',
    });
    // Preventing the event lets the window unload after all.
    if (choice === 1) event.preventDefault();
  });
}

export interface AppWindowOptions {
  settings: SettingsStore;
  preloadPath: string;
}

/** The app window, with every renderer hardening Electron offers switched on. */
export function createAppWindow({ settings, preloadPath }: AppWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...restoredBounds(settings.get('windowBounds')),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Clausemark',
    show: false,
    webPreferences: {
      // Reviewed: the preload exposes only the contract's methods (docs/security.md).
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click on a link would ask for a new window (denied anyway); the event is not needed.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  persistBounds(window, settings);
  confirmUnsavedClose(window);
  return window;
}
