import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import {
  SETTINGS_DEFAULTS,
  SETTINGS_JSON_SCHEMA,
  type SettingsShape,
  type SettingsStore,
} from '../services/settings/settings.ts';

export interface OpenedSettings {
  settings: SettingsStore;
  /** Set when the settings file was damaged and had to be set aside: a sentence to show the reviewer. */
  problem: string | null;
}

/** Same file name as the loopback bridge's conf settings, so both hosts describe one thing alike. */
const NAME = 'settings';

function createStore(): SettingsStore {
  const store = new Store<SettingsShape>({
    name: NAME,
    defaults: SETTINGS_DEFAULTS,
    schema: SETTINGS_JSON_SCHEMA as never,
    // Wiping a damaged file silently would lose the reviewer's recent projects without a word.
    clearInvalidConfig: false,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}

/**
 * The desktop app's settings in `<userData>/settings.json`. A file that does not parse or breaks the
 * schema is renamed, never overwritten, and the app starts with the defaults.
 */
export function openSettings(): OpenedSettings {
  try {
    return { settings: createStore(), problem: null };
  } catch (error) {
    const file = join(app.getPath('userData'), `${NAME}.json`);
    const damaged = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (existsSync(file)) renameSync(file, damaged);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      settings: createStore(),
      problem: `Clausemark’s settings file could not be read (${reason}); it was kept as ${damaged} and the default settings are in use.`,
    };
  }
}
