/**
 * Writes docs/screenshot.png (the README's screenshot): the Sample project's document list, served by
 * the loopback bridge from a throwaway data folder and rendered at 1280x800 by the browser the end-to-end
 * tests use (scripts/find-browser.ts; CLAUSEMARK_BROWSER picks another).
 * Run `npm run build` first; then `npx tsx scripts/screenshot.ts`.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BROWSER_ARGS, BrowserNotFoundError, findOrInstallBrowser, type Browser } from './find-browser.ts';

const OUTPUT = resolve('docs/screenshot.png');

let found: Browser;
try {
  found = findOrInstallBrowser();
} catch (error) {
  if (!(error instanceof BrowserNotFoundError)) throw error;
  console.error(`screenshot: ${error.message}`);
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'clausemark-screenshot-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/serve.ts', '--port', '0', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});

/** The bridge prints its address (with the access token) once it listens. */
const address = new Promise<string>((resolveAddress, reject) => {
  const lines = createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    const match = /Clausemark is running at (\S+)/.exec(line);
    if (match?.[1]) resolveAddress(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`the bridge server exited (code ${code}) before it listened`)));
});

const browser = await chromium.launch({
  executablePath: found.executablePath,
  args: BROWSER_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(await address);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Clausemark' });
  await welcome.getByLabel('Your name').fill('Maria Keller');
  await welcome.getByLabel('Your name').press('Enter');
  await page.getByRole('table').getByRole('row').nth(5).waitFor();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: OUTPUT });
  console.log(`Wrote ${OUTPUT}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((done) => server.once('exit', done));
  rmSync(dataDir, { recursive: true, force: true });
}
