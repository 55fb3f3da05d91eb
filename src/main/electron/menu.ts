import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/api/contract.ts';
import type { RecentProject } from '../../shared/domain/project.ts';

export interface MenuOptions {
  recentProjects: RecentProject[];
  /** Development builds get Reload and DevTools; a reviewer's app does not. */
  dev: boolean;
  send: (command: MenuCommand) => void;
}

const isMac = process.platform === 'darwin';

/** Outside macOS `&` marks a keyboard mnemonic; a folder name may contain one. */
const literal = (label: string) => (isMac ? label : label.replaceAll('&', '&&'));

function recentItems({ recentProjects, send }: MenuOptions): MenuItemConstructorOptions[] {
  if (recentProjects.length === 0) return [{ label: 'No Recent Projects', enabled: false }];
  return recentProjects.map((project) => ({
    // The folder is shown because two projects may share a name (every reviewer has a "Sample project").
    label: literal(`${project.name} — ${project.dir}`),
    click: () => send({ type: 'open-recent', dir: project.dir }),
  }));
}

/** The application menu; rebuilt whenever the recent projects change. */
export function buildMenu(options: MenuOptions): Menu {
  const { dev, send } = options;
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => send({ type: 'new-project' }) },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => send({ type: 'open-project' }) },
        { label: 'Open Recent', submenu: recentItems(options) },
        { type: 'separator' },
        { label: 'Import Files…', accelerator: 'CmdOrCtrl+I', click: () => send({ type: 'import-files' }) },
        { label: 'Import Folder…', click: () => send({ type: 'import-folder' }) },
        { label: 'Import Annotations…', click: () => send({ type: 'import-annotations' }) },
        { label: 'Import OPP-115…', click: () => send({ type: 'import-opp115' }) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(dev
          ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    ...(isMac ? [{ role: 'windowMenu' } as const] : []),
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
  return Menu.buildFromTemplate(template);
}
