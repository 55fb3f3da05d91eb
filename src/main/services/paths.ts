import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the bundled taxonomies and sample policies. CLAUSEMARK_RESOURCES wins; otherwise
 * the nearest `resources/` above this module, which covers a checkout (src/main/services) and the
 * built app (out/main) alike.
 */
export function findResourcesDir(): string {
  const fromEnv = process.env.CLAUSEMARK_RESOURCES;
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'taxonomies'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Clausemark cannot find its resources folder; set CLAUSEMARK_RESOURCES.');
    dir = parent;
  }
}

/** The sample policies that make up the Sample project. */
export const samplePoliciesDir = (resourcesDir: string): string => join(resourcesDir, 'samples', 'policies');
