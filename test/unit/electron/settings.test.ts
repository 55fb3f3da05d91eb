import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_DEFAULTS } from '../../../src/main/services/settings/settings.ts';
import { electronModule, fake, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);

/*
 * electron-store is an external package: Node loads it itself, so vi.mock never sees its own
 * `import electron from 'electron'` (which, without the binary, would try to download Electron).
 * A resolve hook hands exactly that import the same fake; everything else resolves as usual, so
 * the real electron-store and conf read and write the settings file.
 */
(globalThis as { __clausemarkFakeElectron?: unknown }).__clausemarkFakeElectron = electronModule.default;
const fakeElectronSource = 'export default globalThis.__clausemarkFakeElectron;';
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'electron' && (context.parentURL ?? '').includes('/node_modules/electron-store/')) {
    return { url: 'data:text/javascript,' + ${JSON.stringify(encodeURIComponent(fakeElectronSource))}, shortCircuit: true };
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);

const { openSettings } = await import('../../../src/main/electron/settings.ts');

describe('openSettings (electron-store in <userData>/settings.json)', () => {
  let userData: string;
  const file = () => join(userData, 'settings.json');
  const damagedCopies = async () => (await readdir(userData)).filter((name) => name.startsWith('settings.json.damaged-'));

  beforeEach(async () => {
    resetFakeElectron();
    userData = await mkdtemp(join(tmpdir(), 'clausemark-settings-'));
    fake.app.setPath('userData', userData);
  });

  afterEach(async () => {
    await rm(userData, { recursive: true, force: true });
  });

  it('starts with the defaults when there is no file, and keeps what is set', () => {
    const { settings, problem } = openSettings();
    expect(problem).toBeNull();
    for (const key of Object.keys(SETTINGS_DEFAULTS) as (keyof typeof SETTINGS_DEFAULTS)[]) {
      expect(settings.get(key), key).toEqual(SETTINGS_DEFAULTS[key]);
    }
    settings.set('reviewerName', 'Ada');
    const again = openSettings();
    expect(again.problem).toBeNull();
    expect(again.settings.get('reviewerName')).toBe('Ada');
  });

  it('reads a valid file as it is, filling in missing keys with the defaults', async () => {
    const recent = [{ dir: '/projects/a', name: 'A', openedAt: '2025-01-01T00:00:00.000Z' }];
    await writeFile(file(), JSON.stringify({ reviewerName: 'Bea', recentProjects: recent }));
    const { settings, problem } = openSettings();
    expect(problem).toBeNull();
    expect(settings.get('reviewerName')).toBe('Bea');
    expect(settings.get('recentProjects')).toEqual(recent);
    expect(settings.get('windowBounds')).toBeNull();
    expect(await damagedCopies()).toEqual([]);
  });

  it.each([
    ['JSON cut short', '{"reviewerName": "Bea", "recentProjects": ['],
    ['an empty file', ''],
    ['not JSON at all', 'reviewerName = Bea\n'],
    ['a value of the wrong type', '{"reviewerName": 42}'],
    ['a recent project missing its fields', '{"recentProjects": [{"dir": "/projects/a"}]}'],
    ['an array instead of an object', '[]'],
    ['null', 'null'],
  ])('sets aside a damaged file (%s), reports it, and starts with the defaults', async (_what, content) => {
    await writeFile(file(), content);
    const { settings, problem } = openSettings();

    const copies = await damagedCopies();
    expect(copies).toHaveLength(1);
    const damaged = join(userData, copies[0] ?? '');
    expect(await readFile(damaged, 'utf8')).toBe(content);

    expect(problem).toEqual(expect.any(String));
    expect(problem).toContain(damaged);

    expect(settings.get('reviewerName')).toBeNull();
    expect(settings.get('recentProjects')).toEqual([]);
    settings.set('reviewerName', 'Cy');
    expect(JSON.parse(await readFile(file(), 'utf8'))).toMatchObject({ reviewerName: 'Cy', recentProjects: [] });

    const again = openSettings();
    expect(again.problem).toBeNull();
    expect(again.settings.get('reviewerName')).toBe('Cy');
    expect(await damagedCopies()).toEqual(copies);
  });
});
