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
