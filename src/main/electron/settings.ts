import { app } from 'electron';
import Store from 'electron-store';
import {
  SETTINGS_NAME,
  SETTINGS_STORE_OPTIONS,
  openSettingsFile,
  type OpenedSettings,
  type SettingsShape,
} from '../services/settings/settings.ts';

/** The desktop app's settings in `<userData>/settings.json`; a damaged file is set aside and reported. */
export function openSettings(): OpenedSettings {
  return openSettingsFile(app.getPath('userData'), () => {
    const store = new Store<SettingsShape>({ name: SETTINGS_NAME, ...SETTINGS_STORE_OPTIONS });
    return { get: (key) => store.get(key), set: (key, value) => store.set(key, value) };
  });
}
