/**
 * A Clausemark server for the crash tests: the app services behind the loopback bridge, in a process
 * of its own that the test can SIGKILL. It loads, prints `LOADED`, waits for a line on stdin (so the
 * test can start the next server while the current one is being killed), opens the project, and
 * prints `READY <origin>` once it answers.
 * Usage: node bridge-child.mjs <dataDir> <projectDir> <token> <rendererDir> (bundled by crash.test.ts)
 */
import { once } from 'node:events';
import { ClausemarkApp } from '../../../src/main/services/app/app.ts';
import { sampleProjectDirIn } from '../../../src/main/services/app/data-dir.ts';
import { findResourcesDir } from '../../../src/main/services/paths.ts';
import { openConfSettings } from '../../../src/main/services/settings/conf-settings.ts';
import { startBridge } from '../../../src/main/web/server.ts';

console.log('LOADED');
process.stdin.setEncoding('utf8');
await once(process.stdin, 'data');
const [dataDir, projectDir, token, rendererDir] = process.argv.slice(2) as [string, string, string, string];
const app = new ClausemarkApp({
  host: 'web',
  version: '0.0.0-crash-test',
  settings: openConfSettings(dataDir).settings,
  dialogs: null,
  resourcesDir: findResourcesDir(),
  sampleProjectDir: sampleProjectDirIn(dataDir),
});
await app.start({ projectDir });
const current = await app.dispatch('project.current', {});
if (!current.ok || current.value === null) {
  console.log(`FAILED the project did not open: ${JSON.stringify(current)}`);
  process.exit(3);
}
const bridge = await startBridge({ dispatch: app.dispatch, rendererDir, port: 0, token });
console.log(`READY ${bridge.origin}`);
