import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const dataDir = mkdtempSync(join(tmpdir(), 'cm-try-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/serve.ts', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const address = await new Promise<string>((res) => {
  createInterface({ input: server.stdout }).on('line', (line) => { const m = /running at (\S+)/.exec(line); if (m?.[1]) res(m[1]); });
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.stack));
try {
  await page.goto(address);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Clausemark' });
  await welcome.getByLabel('Your name').fill('Maria Keller');
  await welcome.getByLabel('Your name').press('Enter');
  await page.getByRole('button', { name: 'azoomar' }).click();
  const text = page.getByRole('textbox', { name: /Text of/ });
  await text.waitFor();
  console.log('--- opened', await page.evaluate(() => {
    return [document.scrollingElement?.scrollTop, ...['.app', 'main', '.workspace', '.workspace-body', '.document-scroll', '.side-panel'].map((sel) => { const e = document.querySelector(sel) as HTMLElement | null; return e ? [sel, e.getBoundingClientRect().height, e.scrollHeight, getComputedStyle(e).overflowY] : [sel, null]; })];
  }));
  // select a phrase by dragging over the 6th paragraph
  const para = text.locator('p').nth(5);
  const box = (await para.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 8);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 10, { steps: 5 });
  await page.mouse.up();
  console.log('--- selected');
  await page.keyboard.press('1');
  await page.waitForTimeout(300);
  console.log('--- tagged');
  const para2 = text.locator('p').nth(6);
  const b2 = (await para2.boundingBox())!;
  await page.mouse.move(b2.x + 100, b2.y + 8);
  await page.mouse.down();
  await page.mouse.move(b2.x + 400, b2.y + 30, { steps: 5 });
  await page.mouse.up();
  console.log('sel2:', await page.evaluate(() => window.getSelection()?.toString()));
  await page.keyboard.press('3');
  await page.waitForTimeout(100);
  console.log('after3:', await page.evaluate(() => [window.getSelection()?.toString(), window.getSelection()?.isCollapsed]));
  await page.waitForTimeout(300);
  page.on('console', () => {});
  await page.evaluate(() => { for (const t of ['mousedown','dragstart','selectstart','mouseup']) document.addEventListener(t, (e) => console.log('ev', t, (e.target as HTMLElement).tagName, (e.target as HTMLElement).className, e.defaultPrevented), true); });
  const p3 = (await text.locator('p').nth(3).boundingBox())!;
  await page.mouse.move(p3.x + 20, p3.y + 8);
  await page.mouse.down();
  console.log('ce', await page.evaluate(() => [document.querySelector('.reading-text')?.getAttribute('contenteditable'), document.querySelectorAll('dialog[open]').length]));
  console.log('mid0', await page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.className, window.getSelection()?.anchorNode?.textContent?.slice(0,20), window.getSelection()?.anchorOffset]));
  await page.mouse.move(p3.x + 150, p3.y + 10, { steps: 3 });
  console.log('mid1', await page.evaluate(() => [window.getSelection()?.toString(), window.getSelection()?.anchorNode?.textContent?.slice(0,20)]));
  await page.mouse.move(p3.x + 300, p3.y + 10, { steps: 5 });
  console.log('mid2', await page.evaluate(() => [window.getSelection()?.toString()]));
  await page.mouse.up();
  await page.screenshot({ path: '/tmp/cm/sel3.png' });
  console.log('b2 now', await para2.boundingBox(), b2);
  console.log('sel3:', await page.evaluate(() => window.getSelection()?.toString()));
  await page.keyboard.press('2');
  await page.mouse.click(b2.x + 5, b2.y + 60);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('5');
  await page.waitForTimeout(500);
  console.log('status:', await page.getByRole('status', { name: 'Save status' }).textContent());
  await page.screenshot({ path: '/tmp/cm/ws1.png' });
  console.log((await import("node:fs")).readFileSync(join(dataDir, 'Sample project', 'annotations', 'maria-keller.jsonl'), 'utf8'));
} catch (e) { console.log('ERR', e); await page.screenshot({ path: '/tmp/cm/err.png' }); }
finally { await browser.close(); server.kill('SIGTERM'); }
