/**
 * A small hand-written stand-in for the 'electron' module: just the pieces the shell uses, each one
 * recording what the module under test registers so a test can drive it the way Electron would.
 * Test files install it with
 *
 *     vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);
 *
 * and import the same instance (`fake`) to inspect and drive it; `resetFakeElectron()` forgets
 * every registration between tests.
 */
import { EventEmitter } from 'node:events';

export type Handler = (event: unknown, ...args: unknown[]) => unknown;
type RequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** An Electron `Event`: `preventDefault()` flips `defaultPrevented`. */
export interface FakeEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export function fakeEvent<T extends object>(fields: T = {} as T): T & FakeEvent {
  let prevented = false;
  return Object.defineProperties(
    { ...fields },
    {
      preventDefault: { value: () => (prevented = true) },
      defaultPrevented: { get: () => prevented },
    },
  ) as T & FakeEvent;
}

/** ipcMain: `handle` refuses a second handler on one channel, as Electron's does. */
class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: Handler): void {
    this.handle(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke(channel, ...args)` does on the main side. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return await handler(event, ...args);
  }
}

/** A webContents as guardAllWebContents sees it: an emitter with a window-open handler slot. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: unknown) => unknown) | null = null;

  setWindowOpenHandler(handler: (details: unknown) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

class FakeSession {
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  readonly beforeRequest: { filter: { urls: string[] }; listener: RequestListener }[] = [];
  readonly webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: RequestListener) => {
      this.beforeRequest.push({ filter, listener });
    },
  };

  setPermissionRequestHandler(handler: (...args: unknown[]) => void): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: (details: unknown) => boolean): void {
    this.devicePermissionHandler = handler;
  }
}

class FakeApp extends EventEmitter {
  readonly paths = new Map<string, string>();

  getPath(name: string): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  getVersion(): string {
    return '0.1.0';
  }
}

class FakeProtocol {
  readonly handlers = new Map<string, ProtocolHandler>();
  readonly privileged: unknown[][] = [];

  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(schemes);
  }
}

/** The preload's side: exposeInMainWorld records what the page would see. */
class FakeContextBridge {
  readonly exposed: [string, unknown][] = [];

  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.push([key, api]);
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: unknown[][] = [];
  /** What main answers to invoke. */
  reply: (channel: string, ...args: unknown[]) => unknown = () => ({ ok: true, value: null });

  invoke(...args: unknown[]): Promise<unknown> {
    this.invocations.push(args);
    const [channel, ...rest] = args as [string, ...unknown[]];
    return Promise.resolve(this.reply(channel, ...rest));
  }

  send(): void {
    throw new Error('the preload must not use ipcRenderer.send');
  }

  sendSync(): never {
    throw new Error('the preload must not use ipcRenderer.sendSync');
  }
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A BrowserWindow: keeps its constructor options; bounds are whatever the test says. */
export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  shown = false;
  destroyed = false;
  normalBounds: Rect = { x: 0, y: 0, width: 0, height: 0 };

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }

  show(): void {
    this.shown = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getNormalBounds(): Rect {
    return this.normalBounds;
  }
}

/** Message boxes: each records its options and answers the button the test chose. */
class FakeDialog {
  readonly messageBoxes: Record<string, unknown>[] = [];
  /** The index of the button the reviewer presses. */
  answer = 0;

  showMessageBoxSync(_window: unknown, options: Record<string, unknown>): number {
    this.messageBoxes.push(options);
    return this.answer;
  }
}

/** One display; getDisplayMatching answers it for any rectangle, as when only one monitor is left. */
class FakeScreen {
  workArea: Rect = { x: 0, y: 0, width: 1920, height: 1040 };

  getPrimaryDisplay() {
    return { workArea: this.workArea, workAreaSize: { width: this.workArea.width, height: this.workArea.height } };
  }

  getDisplayMatching(_rect: Rect) {
    return this.getPrimaryDisplay();
  }
}

export const fake = {
  app: new FakeApp(),
  ipcMain: new FakeIpcMain(),
  session: { defaultSession: new FakeSession() },
  protocol: new FakeProtocol(),
  contextBridge: new FakeContextBridge(),
  ipcRenderer: new FakeIpcRenderer(),
  screen: new FakeScreen(),
  dialog: new FakeDialog(),
};

export function resetFakeElectron(): void {
  fake.app = new FakeApp();
  fake.ipcMain = new FakeIpcMain();
  fake.session.defaultSession = new FakeSession();
  fake.protocol = new FakeProtocol();
  fake.contextBridge = new FakeContextBridge();
  fake.ipcRenderer = new FakeIpcRenderer();
  fake.screen = new FakeScreen();
  fake.dialog = new FakeDialog();
  FakeBrowserWindow.created.length = 0;
}

/*
 * The module namespace: live views, so a module that imported `ipcMain` once still reaches the
 * current fake after a reset (Electron's objects are singletons; only the test swaps them). A
 * method read through a view is bound to the current fake, and is the same function each time.
 */
const bound = new WeakMap<object, Map<PropertyKey, unknown>>();
const live = <K extends keyof typeof fake>(key: K) =>
  new Proxy(
    {},
    {
      get: (_target, property) => {
        const target = fake[key] as unknown as Record<PropertyKey, unknown>;
        const value = target[property];
        if (typeof value !== 'function') return value;
        const methods = bound.get(target) ?? new Map<PropertyKey, unknown>();
        bound.set(target, methods);
        if (!methods.has(property)) methods.set(property, (value as (...args: unknown[]) => unknown).bind(target));
        return methods.get(property);
      },
      has: (_target, property) => property in (fake[key] as object),
    },
  ) as (typeof fake)[K];

const named = {
  app: live('app'),
  ipcMain: live('ipcMain'),
  session: live('session'),
  protocol: live('protocol'),
  contextBridge: live('contextBridge'),
  ipcRenderer: live('ipcRenderer'),
  screen: live('screen'),
  dialog: live('dialog'),
  BrowserWindow: FakeBrowserWindow,
  /** A built menu is its template, for the test to read and click. */
  Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
};

export const electronModule = { ...named, default: named };
