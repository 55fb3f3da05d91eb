import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { MENU_CHANNEL, type MenuCommand } from '../../shared/api/contract.ts';
import { ClausemarkApp } from '../services/app/app.ts';
import { sampleProjectDirIn } from '../services/app/data-dir.ts';
import { findResourcesDir } from '../services/paths.ts';
import { createDialogHost } from './dialogs.ts';
import { registerApiHandlers } from './ipc.ts';
import { buildMenu } from './menu.ts';
import { APP_ENTRY_URL, isAppUrl, registerAppScheme, serveRenderer } from './protocol.ts';
import { guardAllWebContents, lockDownSession } from './security.ts';
import { openSettings } from './settings.ts';
import { createAppWindow } from './window.ts';

/*
 * The desktop shell: it wires Electron to ClausemarkApp and holds no behaviour of its own. The
 * packaged app talks to the renderer over IPC only; the loopback bridge is never started here.
 */

const here = dirname(fileURLToPath(import.meta.url));
const dev = !app.isPackaged;
/** Only `electron-vite dev` sets this; a packaged app never loads a page over the network. */
const devRendererUrl = dev ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;
const devOrigin = devRendererUrl ? new URL(devRendererUrl).origin : null;
const isOwnUrl = (url: string) => isAppUrl(url) || (devOrigin !== null && URL.canParse(url) && new URL(url).origin === devOrigin);

app.setName('Clausemark');
// Same variable as the CLI and the loopback bridge: where settings and the Sample project live (tests point it at a temp folder).
const dataDir = process.env.CLAUSEMARK_DATA_DIR;
if (dataDir) app.setPath('userData', resolve(dataDir));
app.enableSandbox();
registerAppScheme();

/**
 * `clausemark-app [projectDir]`: the first argument that is not a switch (Chromium and Node add
 * their own), after the app's path when Electron runs it as `electron <app>`.
 */
function projectDirIn(argv: string[], cwd: string): string | undefined {
  const positional = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  const dir = positional[process.defaultApp ? 1 : 0];
  return dir ? resolve(cwd, dir) : undefined;
}

function resourcesDir(): string {
  return app.isPackaged && !process.env.CLAUSEMARK_RESOURCES ? join(process.resourcesPath, 'resources') : findResourcesDir();
}

async function run(): Promise<void> {
  await app.whenReady();
  lockDownSession(devOrigin);
  serveRenderer(join(here, '../renderer'));

  const { settings, problem: settingsProblem } = openSettings();
  let window: BrowserWindow | null = null;
  const send = (command: MenuCommand) => window?.webContents.send(MENU_CHANNEL, command);
  const installMenu = () => Menu.setApplicationMenu(buildMenu({ recentProjects: clausemark.recentProjects(), dev, send }));

  const clausemark: ClausemarkApp = new ClausemarkApp({
    host: 'electron',
    version: app.getVersion(),
    settings,
    dialogs: createDialogHost(() => window),
    resourcesDir: resourcesDir(),
    sampleProjectDir: dataDir
      ? sampleProjectDirIn(resolve(dataDir))
      : join(app.getPath('documents'), 'Clausemark', 'Sample project'),
    onRecentChanged: installMenu,
  });
  // The window opens at once; its first calls wait until the start-up project is open.
  const started = clausemark.start({ projectDir: projectDirIn(process.argv, process.cwd()) });
  registerApiHandlers({
    dispatch: async (method, input) => {
      await started;
      return clausemark.dispatch(method, input);
    },
    appContents: () => window?.webContents ?? null,
    isOwnUrl,
  });
  installMenu();

  const openWindow = (): BrowserWindow => {
    const created = createAppWindow({ settings, preloadPath: join(here, '../preload/index.cjs') });
    created.on('closed', () => {
      window = null;
    });
    void created.loadURL(devRendererUrl ?? APP_ENTRY_URL);
    window = created;
    return created;
  };
  const shown = openWindow();
  if (settingsProblem) {
    shown.once('ready-to-show', () => void dialog.showMessageBox(shown, { type: 'warning', message: settingsProblem }));
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const dir = projectDirIn(argv, workingDirectory);
    const existing = window;
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
      if (dir) send({ type: 'open-recent', dir });
      return;
    }
    // macOS keeps running without a window; open the project first so the new window shows it.
    void (dir ? clausemark.dispatch('project.open', { dir }) : Promise.resolve()).then(() => openWindow());
  });
  app.on('activate', () => {
    if (!window) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits once for the project lock to be released, then quits for real.
  let shutdown: 'running' | 'releasing' | 'released' = 'running';
  app.on('before-quit', (event) => {
    if (shutdown === 'released') return;
    event.preventDefault();
    if (shutdown === 'releasing') return;
    shutdown = 'releasing';
    void started
      .then(() => clausemark.shutdown())
      .catch((error: unknown) => console.error('[clausemark] could not release the project:', error))
      .finally(() => {
        shutdown = 'released';
        app.quit();
      });
  });
}

guardAllWebContents(isOwnUrl);
if (app.requestSingleInstanceLock()) {
  run().catch((error: unknown) => {
    dialog.showErrorBox('Clausemark could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
} else {
  // Another Clausemark is running with the same data: it gets this command line and opens the project.
  app.quit();
}
