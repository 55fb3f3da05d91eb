/**
 * The contract's method names and channels, without the zod schemas: the sandboxed preload imports
 * this module, and it can load nothing but 'electron'. contract.ts checks at compile time that these
 * names are exactly its methods.
 */
export const METHOD_NAMES = [
  'app.info',
  'settings.get',
  'settings.setReviewerName',
  'settings.forgetRecent',
  'project.create',
  'project.open',
  'project.openSample',
  'project.current',
  'project.close',
  'project.stats',
  'documents.list',
  'documents.get',
  'documents.open',
  'annotations.list',
  'annotations.apply',
  'review.setStatus',
  'import.expand',
  'import.paths',
  'import.upload',
  'taxonomy.presets',
  'taxonomy.usage',
  'taxonomy.update',
  'taxonomy.parse',
  'taxonomy.examples',
  // Datasets (export, annotation import, OPP-115)
  'export.start',
  'export.status',
  'export.cancel',
  'annotations.importFile',
  'opp115.import',
  'dialog.pickProjectFolder',
  'dialog.pickImportFiles',
  'dialog.pickImportFolder',
  'dialog.pickAnnotationFile',
  'dialog.pickExportTarget',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/** The loopback bridge's HTTP header carrying the per-run token (`npm run web`, end-to-end tests). */
export const BRIDGE_TOKEN_HEADER = 'x-clausemark-token';

/** IPC channel of a method: prefixed so main answers no channel outside the contract. */
export const channelOf = (name: MethodName): string => `clausemark:${name}`;

/**
 * Commands the desktop app's menu sends to the renderer (main -> renderer, the only push channel).
 * The preload exposes `window.clausemarkMenu.onCommand`; over the bridge there is no menu.
 */
export type MenuCommand =
  | { type: 'new-project' }
  | { type: 'open-project' }
  | { type: 'open-recent'; dir: string }
  | { type: 'import-files' }
  | { type: 'import-folder' }
  | { type: 'import-annotations' }
  | { type: 'import-opp115' };

export const MENU_CHANNEL = 'clausemark:menu';

export interface MenuBridge {
  /** Calls `listener` for every menu command; returns a function that stops listening. */
  onCommand(listener: (command: MenuCommand) => void): () => void;
}
