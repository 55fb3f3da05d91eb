import Conf from 'conf';
import { SETTINGS_NAME, SETTINGS_STORE_OPTIONS, openSettingsFile, type OpenedSettings, type SettingsShape } from './settings.ts';

/**
 * Settings kept in `<dir>/settings.json` by conf, the library electron-store is built on, so the
 * loopback bridge and the desktop app read, validate and recover settings the same way.
 */
export function openConfSettings(dir: string): OpenedSettings {
  return openSettingsFile(dir, () => {
    const conf = new Conf<SettingsShape>({ cwd: dir, configName: SETTINGS_NAME, ...SETTINGS_STORE_OPTIONS });
    return { get: (key) => conf.get(key), set: (key, value) => conf.set(key, value) };
  });
}
