// `npm start`: builds the app, then runs it in Electron. `npm start -- <projectDir>` opens that project.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'electron-vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
/** install.js has failed within a second when offline; the limit only guards against a stalled mirror. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** The Electron executable, found the way node_modules/electron/index.js finds it but without downloading. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8');
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  const binary = join(base, relative);
  return existsSync(binary) ? binary : null;
}

/** Runs Electron's own installer (the download npm skipped or could not do), within a time limit. */
async function downloadElectron() {
  const child = spawn(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill(), DOWNLOAD_TIMEOUT_MS);
  try {
    await once(child, 'exit');
  } catch {
    // Could not even start the installer: the binary check that follows reports it.
  } finally {
    clearTimeout(timer);
  }
}

// npm runs scripts in the package folder; a project folder the reviewer typed is relative to where they were.
const from = process.env.INIT_CWD ?? process.cwd();
const args = process.argv.slice(2).map((arg) => (arg.startsWith('-') ? arg : resolve(from, arg)));

await build({ root });

let binary = electronBinary();
if (!binary) {
  console.log('Fetching Electron (it was not downloaded when the packages were installed)…');
  await downloadElectron();
  binary = electronBinary();
}
if (!binary) {
  console.error(
    'Clausemark could not start: the Electron binary is not installed and could not be downloaded on this machine; ' +
      'run `npm run web` to use Clausemark in your browser at a 127.0.0.1 address instead.',
  );
  process.exit(1);
}

const env = { ...process.env };
// Set by some editors' terminals; it would make Electron behave as plain Node and never open a window.
delete env.ELECTRON_RUN_AS_NODE;
const app = spawn(binary, [root, ...args], { cwd: root, env, stdio: 'inherit' });
// Ctrl+C reaches Electron through the terminal too: stay until it has quit, to pass on its exit code.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => app.kill('SIGTERM'));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
