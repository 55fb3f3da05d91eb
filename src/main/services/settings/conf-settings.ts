import Conf from 'conf';
import { SETTINGS_DEFAULTS, SETTINGS_JSON_SCHEMA, type SettingsShape, type SettingsStore } from './settings.ts';

/**
 * Settings kept in `<dir>/settings.json` by conf, the library electron-store is built on, so the
 * loopback bridge and the desktop app read and validate settings the same way.
 */
export function createConfSettings(dir: string): SettingsStore {
  const conf = new Conf<SettingsShape>({
    cwd: dir,
    configName: 'settings',
    defaults: SETTINGS_DEFAULTS,
    schema: SETTINGS_JSON_SCHEMA as never,
    // A damaged settings file is an error to report, not something to wipe silently.
    clearInvalidConfig: false,
  });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
  };
}
