/**
 * Writes docs/screenshot.png (the README's screenshot): the Sample project's document list, served by
 * the loopback bridge from a throwaway data folder and rendered by Debian's Chromium at 1280x800.
 * Run `npm run build` first; then `npx tsx scripts/screenshot.ts`.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = resolve('docs/screenshot.png');

if (!existsSync(CHROMIUM)) {
  console.error(`screenshot: Chromium is not at ${CHROMIUM}; install it with: apt-get install -y chromium`);
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
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
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
