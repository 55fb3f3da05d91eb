import envPaths from 'env-paths';
import { join } from 'node:path';

/** Where Clausemark keeps its settings and the Sample project when no host says otherwise. */
export function defaultDataDir(): string {
  return process.env.CLAUSEMARK_DATA_DIR ?? envPaths('Clausemark', { suffix: '' }).data;
}

export const sampleProjectDirIn = (dataDir: string): string => join(dataDir, 'Sample project');
