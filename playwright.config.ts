import { defineConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_ARGS, BROWSER_ENV, BrowserNotFoundError, findOrInstallBrowser } from './scripts/find-browser.ts';

// The browser is found (or installed) once, by the first evaluation of this config in the runner;
// CLAUSEMARK_BROWSER then carries it to the workers, which evaluate the config again.
function browserForTests(): string {
  try {
    const browser = findOrInstallBrowser();
    if (!process.env.TEST_WORKER_INDEX) console.log(`End-to-end tests run in ${browser.executablePath} (found by: ${browser.source}).`);
    process.env[BROWSER_ENV] = browser.executablePath;
    return browser.executablePath;
  } catch (error) {
    if (!(error instanceof BrowserNotFoundError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
const BROWSER = browserForTests();

// CLAUSEMARK_E2E_PORT lets two checkouts run their suites side by side.
const PORT = Number(process.env.CLAUSEMARK_E2E_PORT ?? 47613);
// The config is evaluated again in every worker: the first evaluation picks the token and the data
// folder, and the environment carries them to the workers so they talk to the same server.
process.env.CLAUSEMARK_E2E_TOKEN ??= randomBytes(16).toString('hex');
process.env.CLAUSEMARK_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'clausemark-e2e-data-'));
process.env.CLAUSEMARK_E2E_ORIGIN = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'test/e2e',
  globalTeardown: './test/e2e/teardown.ts',
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.CLAUSEMARK_E2E_ORIGIN,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: BROWSER,
      args: BROWSER_ARGS,
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx tsx src/main/web/serve.ts --port ${PORT} --data-dir "${process.env.CLAUSEMARK_E2E_DATA_DIR}" --token ${process.env.CLAUSEMARK_E2E_TOKEN}`,
    url: `${process.env.CLAUSEMARK_E2E_ORIGIN}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
