import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORIGIN = process.env.CLAUSEMARK_E2E_ORIGIN ?? '';
const TOKEN = process.env.CLAUSEMARK_E2E_TOKEN ?? '';

/** The Sample project's five policies, as the app ships them. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../resources/samples/policies', import.meta.url));
export const SAMPLE_FILES = ['alba-nera', 'alma-joyeria', 'azoomar', 'jewelryodm', 'my-alamari'];
export const samplePaths = (): string[] => SAMPLE_FILES.map((name) => join(SAMPLES_DIR, `${name}.txt`));

export const REVIEWER = 'Ines Duarte';

/** A temporary folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `clausemark-e2e-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For a spec file: a function making temporary folders that are removed after each test, once the
 * app is back on the start screen (main holds a lock file inside an open project's folder).
 */
export function tempFoldersPerTest(): (prefix: string) => string {
  let removals: (() => void)[] = [];
  test.afterEach(async ({ page }) => {
    await goToStart(page);
    for (const remove of removals) remove();
    removals = [];
  });
  return (prefix) => {
    const temp = tempDir(prefix);
    removals.push(temp.remove);
    return temp.dir;
  };
}

/** Opens the app with the bridge's token and answers the first-run name dialog if it is asked. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(`/#token=${TOKEN}`);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Clausemark' });
  const reviewer = page.getByTestId('reviewer-name');
  await expect(welcome.or(reviewer)).toBeVisible();
  if (await welcome.isVisible()) {
    await welcome.getByLabel('Your name').fill(REVIEWER);
    await page.keyboard.press('Enter');
  }
  await expect(reviewer).toBeVisible();
}

/** Goes to the start screen, from wherever the app is. */
export async function goToStart(page: Page): Promise<void> {
  const back = page.getByRole('button', { name: '← Documents' });
  if (await back.isVisible()) await back.click();
  const close = page.getByRole('button', { name: 'Close project' });
  if (await close.isVisible()) await close.click();
  await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
}

/** New project… through the in-app folder dialog, typed as a reviewer would. */
export async function createProject(page: Page, dir: string, name: string): Promise<void> {
  await goToStart(page);
  await page.getByRole('button', { name: 'New project…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project folder').fill(dir);
  await dialog.getByLabel(/Project name/).fill(name);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('No documents yet')).toBeVisible();
}

/** Import files… with the browser's file chooser, and waits for the import's report. */
export async function importFiles(page: Page, paths: string[]): Promise<void> {
  const chooserShown = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import files…' }).click();
  const chooser = await chooserShown;
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(paths);
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}

/** Opens the app, creates a project in `dir` named `name` and imports `paths` into it. */
export async function projectWith(page: Page, dir: string, name: string, paths: string[]): Promise<void> {
  await openApp(page);
  await createProject(page, dir, name);
  await importFiles(page, paths);
}

/** The document table's rows, without its header row. */
export const documentRows = (page: Page) => page.getByRole('table').locator('tbody tr');
