import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MenuCommand } from '../../../src/shared/api/contract.ts';
import type { RecentProject } from '../../../src/shared/domain/project.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);

const { buildMenu } = await import('../../../src/main/electron/menu.ts');

type Item = MenuItemConstructorOptions;

/** The menu's items by label, in order, each with its submenu's. */
function build(dev: boolean, recentProjects: RecentProject[] = [{ name: 'Policies & Co', dir: '/work/policies', openedAt: '2026-12-01T09:00:00.000Z' }]) {
  const sent: MenuCommand[] = [];
  const { template } = buildMenu({ dev, recentProjects, send: (c) => sent.push(c) }) as unknown as { template: Item[] };
  const top = (label: string) => template.find((i) => i.label === label || i.role === label.toLowerCase()) as Item;
  const items = (menu: Item) => (menu.submenu as Item[]).filter((i) => i.type !== 'separator');
  return { sent, top, items };
}

describe('the application menu', () => {
  it('File runs the same commands as the buttons: projects, recent ones, imports of files, annotations and OPP-115', () => {
    const { sent, top, items } = build(false);
    const file = items(top('File'));
    expect(file.map((i) => i.label ?? i.role)).toEqual(
      expect.arrayContaining(['New Project…', 'Open Project…', 'Open Recent', 'Import Files…', 'Import Folder…', 'Import Annotations…', 'Import OPP-115…']),
    );
    for (const label of ['New Project…', 'Open Project…', 'Import Files…', 'Import Folder…', 'Import Annotations…', 'Import OPP-115…']) {
      const item = file.find((i) => i.label === label) as Item;
      (item.click as () => void)();
    }
    const recent = (file.find((i) => i.label === 'Open Recent')?.submenu as Item[])[0] as Item;
    (recent.click as () => void)();
    expect(sent).toEqual([
      { type: 'new-project' },
      { type: 'open-project' },
      { type: 'import-files' },
      { type: 'import-folder' },
      { type: 'import-annotations' },
      { type: 'import-opp115' },
      { type: 'open-recent', dir: '/work/policies' },
    ]);
    // The folder's name is shown as it is, an ampersand included (not read as a mnemonic).
    expect(recent.label).toMatch(/^Policies &&? Co — \/work\/policies$/);
  });

  it('gives a reviewer no Reload or DevTools; a development build has them', () => {
    const roles = (dev: boolean) => {
      const { top, items } = build(dev);
      return items(top('View')).map((i) => i.role);
    };
    expect(roles(false)).not.toEqual(expect.arrayContaining(['reload']));
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('says so when there are no recent projects', () => {
    const { top, items } = build(false, []);
    const recent = items(top('File')).find((i) => i.label === 'Open Recent')?.submenu as Item[];
    expect(recent).toEqual([{ label: 'No Recent Projects', enabled: false }]);
  });
});
