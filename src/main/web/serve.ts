/**
 * `npm run web`: the app in a browser, on 127.0.0.1, for machines without the Electron binary and for
 * the end-to-end tests.
 */
import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../../package.json' with { type: 'json' };
import { ClausemarkApp } from '../services/app/app.ts';
import { defaultDataDir, sampleProjectDirIn } from '../services/app/data-dir.ts';
import { findResourcesDir } from '../services/paths.ts';
import { openConfSettings } from '../services/settings/conf-settings.ts';
import { startBridge } from './server.ts';

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
};

const program = new Command('clausemark-web')
  .description('Serve Clausemark on 127.0.0.1 for a browser on this machine.')
  .option('-p, --port <port>', 'port to listen on (0 picks a free one)', port, 0)
  .option('--data-dir <dir>', 'where settings and the Sample project live', defaultDataDir())
  .option('--project <dir>', 'open this project instead of the last one')
  .option('--token <token>', 'use this access token instead of a random one (tests)')
  .option('--timing', 'print when each API call was answered, in epoch milliseconds (benchmarks)')
  .parse();

const opts = program.opts<{ port: number; dataDir: string; project?: string; token?: string; timing?: boolean }>();
const rendererDir = fileURLToPath(new URL('../../../out/renderer', import.meta.url));
if (!existsSync(resolve(rendererDir, 'index.html'))) {
  console.error('clausemark-web: the app is not built yet; run `npm run web`, which builds it first.');
  process.exit(1);
}

const dataDir = resolve(opts.dataDir);
const { settings, problem } = openConfSettings(dataDir);
if (problem) console.warn(`clausemark-web: ${problem}`);
const app = new ClausemarkApp({
  host: 'web',
  version: packageJson.version,
  settings,
  dialogs: null,
  resourcesDir: findResourcesDir(),
  sampleProjectDir: sampleProjectDirIn(dataDir),
});
await app.start(opts.project ? { projectDir: resolve(opts.project) } : {});
const bridge = await startBridge({
  dispatch: app.dispatch,
  rendererDir,
  port: opts.port,
  token: opts.token,
  ...(opts.timing ? { onAnswered: (method: string, at: number) => console.log(`clausemark-timing ${method} ${at.toFixed(3)}`) } : {}),
});
console.log(`Clausemark is running at ${bridge.url}`);
console.log('Open that address in a browser on this machine; press Ctrl+C to stop.');

const stop = async (): Promise<void> => {
  await bridge.close();
  await app.shutdown();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
