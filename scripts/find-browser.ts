/**
 * Which Chromium the end-to-end tests (playwright.config.ts) and scripts/screenshot.ts drive, in this order:
 *  1. the executable named by CLAUSEMARK_BROWSER;
 *  2. Playwright's own Chromium, when `npx playwright install chromium` has installed it;
 *  3. a system Chromium or Chrome: /usr/bin/chromium, chromium, chromium-browser or google-chrome on PATH,
 *     then the usual macOS and Windows install paths.
 * When none is found, `findOrInstallBrowser` runs `npx playwright install chromium` once, giving up within
 * seconds where the download server cannot be reached, and only then fails with one sentence naming the
 * command that installs a browser on this system.
 */
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix, win32 } from 'node:path';

export const BROWSER_ENV = 'CLAUSEMARK_BROWSER';
/** Chromium's flags for containers and CI: no sandbox (often no user namespaces), no GPU, no background traffic. */
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export type BrowserSource = 'CLAUSEMARK_BROWSER' | 'Playwright' | 'system';
export interface Browser {
  executablePath: string;
  source: BrowserSource;
}

/** What the search looks at, injected so tests can describe any machine. */
export interface Host {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
  /** Where Playwright's own Chromium is (or would be) installed; undefined when Playwright has no build for this host. */
  playwrightChromium: () => string | undefined;
  /** The contents of /etc/os-release, or '' when there is none. */
  osRelease: () => string;
}

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The system browsers to try, in order, on this host. */
export function systemCandidates(host: Host): string[] {
  const { env, platform } = host;
  const path = platform === 'win32' ? win32 : posix;
  const candidates: string[] = [];
  if (platform === 'linux') candidates.push('/usr/bin/chromium');
  const suffix = platform === 'win32' ? '.exe' : '';
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const name of PATH_NAMES) for (const dir of dirs) candidates.push(path.join(dir, name + suffix));
  if (platform === 'darwin') {
    for (const app of ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium']) {
      candidates.push(`/Applications/${app}`);
      if (env.HOME) candidates.push(posix.join(env.HOME, 'Applications', app));
    }
  }
  if (platform === 'win32') {
    for (const base of [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']]) {
      if (!base) continue;
      candidates.push(win32.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'));
      candidates.push(win32.join(base, 'Chromium', 'Application', 'chrome.exe'));
    }
  }
  return candidates;
}

/** The browser to use, or undefined when this machine has none. A CLAUSEMARK_BROWSER that names nothing is an error. */
export function findBrowser(host: Host): Browser | undefined {
  const named = host.env[BROWSER_ENV];
  if (named) {
    if (!host.exists(named)) throw new BrowserNotFoundError(`${BROWSER_ENV} is set to ${named}, which does not exist; point it at a Chromium or Chrome executable, or unset it.`);
    return { executablePath: named, source: 'CLAUSEMARK_BROWSER' };
  }
  const own = host.playwrightChromium();
  if (own && host.exists(own)) return { executablePath: own, source: 'Playwright' };
  const system = systemCandidates(host).find((candidate) => host.exists(candidate));
  return system ? { executablePath: system, source: 'system' } : undefined;
}

/** The command that installs a browser on this system, for the message shown when everything else failed. */
export function installCommand(host: Host): string {
  if (host.platform === 'darwin') return 'brew install --cask chromium';
  if (host.platform === 'win32') return 'winget install Google.Chrome';
  // os-release's ID and ID_LIKE name the distribution and the ones it derives from ("ubuntu debian").
  const ids = [...host.osRelease().matchAll(/^ID(?:_LIKE)?=(.*)$/gm)].flatMap((m) => (m[1] ?? '').replace(/["']/g, '').split(/\s+/));
  if (ids.includes('ubuntu')) return 'sudo snap install chromium';
  if (ids.includes('debian')) return 'sudo apt-get install -y chromium';
  if (ids.includes('fedora') || ids.includes('rhel')) return 'sudo dnf install -y chromium';
  if (ids.includes('arch')) return 'sudo pacman -S chromium';
  if (ids.includes('alpine')) return 'sudo apk add chromium';
  return 'npx playwright install --with-deps chromium';
}

/** Runs `npx playwright install chromium`; true when it succeeded. */
export type Installer = () => boolean;

/** findBrowser, then one attempt to install Playwright's Chromium, then an error whose message is one sentence. */
export function findOrInstallBrowser(host: Host = thisHost(), install: Installer = installPlaywrightChromium): Browser {
  const found = findBrowser(host);
  if (found) return found;
  console.error('No Chromium or Chrome found; trying `npx playwright install chromium` (a download of a few minutes)...');
  const installed = install() ? findBrowser(host) : undefined;
  if (installed) return installed;
  throw new BrowserNotFoundError(
    `No Chromium or Chrome found and \`npx playwright install chromium\` could not fetch one: install Chromium with \`${installCommand(host)}\`, or set ${BROWSER_ENV} to a Chromium or Chrome executable.`,
  );
}

export function thisHost(): Host {
  return {
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    playwrightChromium: () => {
      try {
        return chromium.executablePath();
      } catch {
        return undefined;
      }
    },
    osRelease: () => {
      try {
        return readFileSync('/etc/os-release', 'utf8');
      } catch {
        return '';
      }
    },
  };
}

/** Gives up within seconds when the download server cannot be reached; a real download gets a few minutes. */
const CONNECTION_TIMEOUT_MS = 5_000;
const INSTALL_TIMEOUT_MS = 5 * 60_000;

function installPlaywrightChromium(): boolean {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const run = spawnSync(process.execPath, [cli, 'install', 'chromium'], {
    stdio: 'pipe',
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: String(CONNECTION_TIMEOUT_MS) },
  });
  if (run.status === 0) return true;
  // Its own report is a page of retries and stack traces; the first error says why.
  const firstError = `${run.stderr}\n${run.stdout}`.split('\n').find((line) => line.trim().startsWith('Error: '));
  const reason = run.error?.message ?? firstError?.trim();
  if (reason) console.error(`npx playwright install chromium: ${reason}`);
  return false;
}
