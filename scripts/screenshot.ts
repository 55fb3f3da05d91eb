/**
 * Writes docs/screenshot.png (the README's screenshot): the workspace on a Sample policy with a few
 * clauses tagged, served by the loopback bridge from a throwaway data folder and rendered at 1400x860 by
 * the browser the end-to-end tests use (scripts/find-browser.ts; CLAUSEMARK_BROWSER picks another).
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
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(await address);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Clausemark' });
  await welcome.getByLabel('Your name').fill('Maria Keller');
  await welcome.getByLabel('Your name').press('Enter');
  await page.getByRole('table').getByRole('row').nth(5).waitFor();
  // A few annotations through the same API the workspace uses (a string: this runs in the page as is).
  const applied = await page.evaluate(`(async () => {
    const token = sessionStorage.getItem('clausemark.bridgeToken');
    const call = async (method, input) => (await (await fetch('/api/' + method, { method: 'POST', headers: { 'content-type': 'application/json', 'x-clausemark-token': token }, body: JSON.stringify(input) })).json()).value;
    const doc = (await call('documents.list', {})).find((d) => d.title === 'azoomar');
    const { text } = await call('documents.get', { id: doc.id });
    const at = (phrase) => { const u = text.indexOf(phrase); const start = Array.from(text.slice(0, u)).length; return { type: 'span', start, end: start + Array.from(phrase).length, quote: phrase }; };
    const put = (id, phrase, label, attributes) => ({ op: 'put', annotation: { id, documentId: doc.id, target: at(phrase), label, attributes: attributes || {} } });
    const applied = await call('annotations.apply', { commands: [
      put('s1', 'we value your privacy and are committed to protecting your personal information', 'Data Security'),
      put('s2', 'how we collect, use, and share your personal data', 'First Party Collection/Use', { Purpose: [{ value: 'Basic service/feature' }] }),
      put('s3', 'share your personal data', 'Third Party Sharing/Collection'),
      put('s4', 'We also use cookies and similar technologies to enhance your experience.', 'First Party Collection/Use', {
        'Personal Information Type': [{ value: 'Cookies and tracking elements', evidence: [{ ...at('cookies and similar technologies'), type: undefined }] }],
        Purpose: [{ value: 'Personalization/Customization' }],
        'Action First-Party': [{ value: 'Collect on website' }],
      }),
    ] });
    return [applied, await call('annotations.list', { documentId: doc.id })];
  })()`);
  if (!JSON.stringify(applied).includes('"ok":true,"id":"s4"')) throw new Error(`the screenshot's annotations were refused: ${JSON.stringify(applied).slice(0, 400)}`);
  await page.getByRole('button', { name: 'azoomar', exact: true }).click();
  await page.getByRole('list', { name: 'Annotations' }).getByRole('button').nth(1).click();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: OUTPUT });
  console.log(`Wrote ${OUTPUT}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((done) => server.once('exit', done));
  rmSync(dataDir, { recursive: true, force: true });
}
