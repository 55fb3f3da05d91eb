import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a service's worker thread. The built app ships each worker as its own bundle beside the main
 * one (electron.vite.config.ts): `built` is its name there, relative to the caller's bundle. From
 * source (tests, `npm run web`, the CLI) the TypeScript file `source`, relative to the caller
 * (`here`, its import.meta.url), is loaded through tsx.
 */
export function startServiceWorker(here: string, built: string, source: string, options: WorkerOptions = {}): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL(built, here), options);
  // tsx's ESM API (its "import" entry) registers the TypeScript loader inside the worker.
  const tsxApi = createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const entry = new URL(source, here).href;
  const bootstrap = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
