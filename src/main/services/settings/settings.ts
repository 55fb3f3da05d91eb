import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { RecentProject } from '../../../shared/domain/project.ts';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** The app's settings, as electron-store keeps them in the desktop app (and conf over the bridge). */
export interface SettingsShape {
  reviewerName: string | null;
  recentProjects: RecentProject[];
  windowBounds: WindowBounds | null;
  /** Set once the sample project has been created, so deleting it is respected. */
  sampleProjectDir: string | null;
}

export const SETTINGS_DEFAULTS: SettingsShape = {
  reviewerName: null,
  recentProjects: [],
  windowBounds: null,
  sampleProjectDir: null,
};

/** The slice of electron-store / conf that the services use. */
export interface SettingsStore {
  get<K extends keyof SettingsShape>(key: K): SettingsShape[K];
  set<K extends keyof SettingsShape>(key: K, value: SettingsShape[K]): void;
}

/** JSON schema handed to electron-store / conf so a hand-edited settings file is checked on load. */
export const SETTINGS_JSON_SCHEMA = {
  reviewerName: { type: ['string', 'null'] },
  recentProjects: {
    type: 'array',
    items: {
      type: 'object',
      properties: { dir: { type: 'string' }, name: { type: 'string' }, openedAt: { type: 'string' } },
      required: ['dir', 'name', 'openedAt'],
    },
  },
  windowBounds: { type: ['object', 'null'] },
  sampleProjectDir: { type: ['string', 'null'] },
} as const;

/** `<dir>/settings.json` in both hosts, so the desktop app and the bridge describe one thing alike. */
export const SETTINGS_NAME = 'settings';

/** What electron-store and conf are given: the defaults, the schema, and no silent wiping. */
export const SETTINGS_STORE_OPTIONS = {
  defaults: SETTINGS_DEFAULTS,
  schema: SETTINGS_JSON_SCHEMA as never,
  // Wiping a damaged file silently would lose the reviewer's recent projects without a word.
  clearInvalidConfig: false,
};

export interface OpenedSettings {
  settings: SettingsStore;
  /** Set when the settings file was damaged and had to be set aside: a sentence to show the reviewer. */
  problem: string | null;
}

/**
 * Opens the settings with `create`. A file that does not parse or breaks the schema is renamed,
 * never overwritten, and the defaults apply.
 */
export function openSettingsFile(dir: string, create: () => SettingsStore): OpenedSettings {
  try {
    return { settings: create(), problem: null };
  } catch (error) {
    const file = join(dir, `${SETTINGS_NAME}.json`);
    const damaged = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (existsSync(file)) renameSync(file, damaged);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      settings: create(),
      problem: `Clausemark’s settings file could not be read (${reason}); it was kept as ${damaged} and the default settings are in use.`,
    };
  }
}
