import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, documentRows, openApp, samplePaths, tempFoldersPerTest } from './helpers.ts';

const temp = tempFoldersPerTest();

test('a folder of 120 policies imports in batches, with progress, and lists what it skipped', async ({ page }) => {
  const policies = join(temp('folder-files'), 'policies');
  mkdirSync(join(policies, 'archive'), { recursive: true });
  for (let i = 1; i <= 120; i++) {
    const folder = i > 100 ? join(policies, 'archive') : policies;
    writeFileSync(
      join(folder, `policy-${String(i).padStart(3, '0')}.txt`),
      `Privacy Policy ${i}\n\nWe collect your email address to send you order ${i} updates.\n\nYou may ask us to delete it.\n`,
    );
  }
  writeFileSync(join(policies, 'notes.csv'), 'file,reviewer\n');

  await openApp(page);
  await createProject(page, join(temp('folder-project'), 'Bulk'), 'Bulk');

  // Slowed down so the progress between batches (50 files each) can be seen.
  await page.route('**/api/import.upload', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  const chooserShown = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import folder…' }).click();
  await (await chooserShown).setFiles(policies);

  const progress = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(progress).toHaveAttribute('aria-valuemax', '120');
  await expect(page.getByText('Importing 50 of 120 files…')).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', '50');
  await expect(documentRows(page)).toHaveCount(50);
  // The page answers while the import runs.
  await page.getByRole('button', { name: 'Segments' }).click();
  await expect(page.getByRole('columnheader', { name: 'Segments' })).toHaveAttribute('aria-sort', 'ascending');

  await expect(page.getByTestId('import-summary')).toHaveText(
    '120 imported · 0 already in the project · 0 failed · 1 skipped',
  );
  await expect(progress).toHaveCount(0);
  await expect(page.locator('.import-row')).toHaveCount(121);
  await expect(page.locator('.import-row.skipped')).toContainText('policies/notes.csv');
  await expect(page.locator('.import-row.imported').filter({ hasText: 'policies/archive/policy-120.txt' })).toHaveCount(1);
  await expect(documentRows(page)).toHaveCount(120);
  await expect(page.getByTestId('documents-summary')).toContainText('120 documents');
});

test('files dropped on the project are imported, and other types are skipped', async ({ page }) => {
  await openApp(page);
  await createProject(page, join(temp('drop-project'), 'Dropped'), 'Dropped');

  const policy = readFileSync(samplePaths()[3] as string, 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'jewelryodm.txt', { type: 'text/plain' }));
    transfer.items.add(new File(['{\\rtf1}'], 'letter.rtf'));
    return transfer;
  }, policy);
  const target = page.locator('section.project');
  await target.dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByText('Drop policy files or folders to import them')).toBeVisible();
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });

  await expect(page.getByTestId('import-summary')).toHaveText(
    '1 imported · 0 already in the project · 0 failed · 1 skipped',
  );
  await expect(page.getByText('Drop policy files or folders to import them')).toBeHidden();
  await expect(page.locator('.import-row.skipped')).toContainText('letter.rtf');
  await expect(documentRows(page)).toHaveCount(1);
  await expect(documentRows(page).first().locator('td').first()).toHaveText('jewelryodm');
});
