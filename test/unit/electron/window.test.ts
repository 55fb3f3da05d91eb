import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_DEFAULTS, type SettingsShape, type SettingsStore } from '../../../src/main/services/settings/settings.ts';
import { fake, FakeBrowserWindow, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);

const { createAppWindow } = await import('../../../src/main/electron/window.ts');

function memorySettings(initial: Partial<SettingsShape> = {}): SettingsStore & { values: SettingsShape } {
  const values: SettingsShape = { ...SETTINGS_DEFAULTS, ...initial };
  return {
    values,
    get: (key) => values[key],
    set: (key, value) => {
      values[key] = value;
    },
  };
}

function open(settings = memorySettings()): FakeBrowserWindow {
  createAppWindow({ settings, preloadPath: '/app/out/preload/index.cjs' });
  const [window] = FakeBrowserWindow.created;
  if (!window || FakeBrowserWindow.created.length !== 1) throw new Error('expected one window');
  return window;
}

describe('createAppWindow', () => {
  beforeEach(() => {
    resetFakeElectron();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('switches on every renderer hardening of Electron’s checklist, with the given preload', () => {
    const { webPreferences } = open().options as { webPreferences: Record<string, unknown> };
    expect(webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('asks before closing over edits the page says are unsaved, and lets it close only on the reviewer\'s word', () => {
    const window = open();
    // The page's beforeunload held the unload: Electron emits will-prevent-unload.
    const stay = { prevented: false, preventDefault() { this.prevented = true; } };
    fake.dialog.answer = 0;
    window.webContents.emit('will-prevent-unload', stay);
    expect(stay.prevented).toBe(false);
    expect(fake.dialog.messageBoxes[0]).toMatchObject({ message: 'Some of your latest edits are not saved yet.', buttons: ['Keep Clausemark open', 'Close without them'], cancelId: 0, defaultId: 0 });
    const leave = { prevented: false, preventDefault() { this.prevented = true; } };
    fake.dialog.answer = 1;
    window.webContents.emit('will-prevent-unload', leave);
    // Preventing will-prevent-unload is what lets the page unload after all.
    expect(leave.prevented).toBe(true);
  });

  it('stays hidden until the page is ready to show', () => {
    const window = open();
    expect(window.options.show).toBe(false);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('brings a window saved on an unplugged monitor back onto the display that is left', () => {
    const window = open(memorySettings({ windowBounds: { x: 5000, y: -3000, width: 3000, height: 900 } }));
    const area = fake.screen.workArea;
    const { x, y, width, height } = window.options as { x: number; y: number; width: number; height: number };
    expect(width).toBeLessThanOrEqual(area.width);
    expect(height).toBe(900);
    expect(x).toBeGreaterThanOrEqual(area.x);
    expect(y).toBeGreaterThanOrEqual(area.y);
    expect(x + width).toBeLessThanOrEqual(area.x + area.width);
    expect(y + height).toBeLessThanOrEqual(area.y + area.height);
  });

  it('saves the normal bounds a moment after a move or resize, and on close, but not once destroyed', () => {
    vi.useFakeTimers();
    const settings = memorySettings();
    const window = open(settings);
    window.normalBounds = { x: 10, y: 20, width: 1000, height: 700 };
    window.emit('resize');
    window.emit('move');
    expect(settings.values.windowBounds).toBeNull();
    vi.advanceTimersByTime(500);
    expect(settings.values.windowBounds).toEqual({ x: 10, y: 20, width: 1000, height: 700 });

    window.normalBounds = { x: 30, y: 40, width: 900, height: 600 };
    window.emit('close');
    expect(settings.values.windowBounds).toEqual({ x: 30, y: 40, width: 900, height: 600 });

    window.normalBounds = { x: 0, y: 0, width: 800, height: 500 };
    window.emit('move');
    window.destroyed = true;
    vi.advanceTimersByTime(500);
    expect(settings.values.windowBounds).toEqual({ x: 30, y: 40, width: 900, height: 600 });
  });
});
