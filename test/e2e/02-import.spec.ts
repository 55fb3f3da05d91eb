import { expect, test } from '@playwright/test';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SAMPLE_FILES,
  createProject,
  documentRows,
  importFiles,
  openApp,
  samplePaths,
  tempFoldersPerTest,
} from './helpers.ts';

const tempFolder = tempFoldersPerTest();
const newProjectFolder = (prefix: string): string => join(tempFolder(prefix), 'Retail policies');

test('a new project imports the five sample policies through the file chooser and keeps them', async ({ page }) => {
  const projectDir = newProjectFolder('import');
  await openApp(page);
  await createProject(page, projectDir, 'Retail policies');
  await expect(page.getByText(projectDir, { exact: true })).toBeVisible();

  await importFiles(page, samplePaths());
  await expect(page.getByTestId('import-summary')).toHaveText('5 imported · 0 already in the project · 0 failed');
  await expect(page.locator('.import-row.imported')).toHaveCount(5);

  const rows = documentRows(page);
  await expect(rows).toHaveCount(5);
  for (const [index, name] of SAMPLE_FILES.entries()) {
    const cells = rows.nth(index).locator('td');
    await expect(cells.nth(0)).toHaveText(name);
    await expect(cells.nth(1)).toHaveText(`${name}.txt`);
    await expect(cells.nth(2)).toHaveText('TXT');
    await expect(cells.nth(3)).toHaveText('UTF-8');
    expect(Number(await cells.nth(4).textContent())).toBeGreaterThan(0);
    await expect(cells.nth(5)).toHaveText('0');
  }

  await page.getByRole('button', { name: 'Dismiss import report' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeHidden();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Retail policies', level: 1 })).toBeVisible();
  await expect(documentRows(page)).toHaveCount(5);

  const documentFiles = readdirSync(join(projectDir, 'documents')).filter((file) => file.endsWith('.json'));
  expect(documentFiles).toHaveLength(5);
});

test('importing the same files again adds nothing and says they are already in the project', async ({ page }) => {
  const projectDir = newProjectFolder('again');
  await openApp(page);
  await createProject(page, projectDir, 'Second look');
  await importFiles(page, samplePaths());
  await expect(page.getByTestId('import-summary')).toHaveText('5 imported · 0 already in the project · 0 failed');

  // Ctrl+I is the keyboard way to the same file chooser.
  const chooserShown = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+i');
  await (await chooserShown).setFiles(samplePaths());
  await expect(page.getByTestId('import-summary')).toHaveText('0 imported · 5 already in the project · 0 failed');
  const duplicate = page.locator('.import-row.duplicate').filter({ hasText: 'azoomar.txt' });
  await expect(duplicate).toContainText('Already in the project');
  await expect(duplicate).toContainText('same content as “azoomar”');
  await expect(documentRows(page)).toHaveCount(5);
  expect(readdirSync(join(projectDir, 'documents')).filter((file) => file.endsWith('.json'))).toHaveLength(5);
});

test('a file that cannot be imported is reported with its reason and the others are still imported', async ({
  page,
}) => {
  const projectDir = newProjectFolder('bad');
  const filesDir = tempFolder('bad-files');
  const empty = join(filesDir, 'empty-policy.txt');
  const binary = join(filesDir, 'scanned-policy.pdf');
  writeFileSync(empty, '');
  writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));

  await openApp(page);
  await createProject(page, projectDir, 'Mixed bag');
  await importFiles(page, [empty, binary, samplePaths()[1] as string]);

  await expect(page.getByTestId('import-summary')).toHaveText('1 imported · 0 already in the project · 2 failed');
  const emptyRow = page.locator('.import-row').filter({ hasText: 'empty-policy.txt' });
  await expect(emptyRow.locator('.badge')).toHaveText('Failed');
  await expect(emptyRow.locator('.import-detail')).toHaveText('the file is empty.');
  const binaryRow = page.locator('.import-row').filter({ hasText: 'scanned-policy.pdf' });
  await expect(binaryRow.locator('.badge')).toHaveText('Failed');
  await expect(binaryRow.locator('.import-detail')).toContainText('not a readable PDF');
  await expect(page.locator('.import-row.imported')).toContainText('alma-joyeria.txt');

  await expect(documentRows(page)).toHaveCount(1);
  await expect(documentRows(page).first().locator('td').first()).toHaveText('alma-joyeria');
});
