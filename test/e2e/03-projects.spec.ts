import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { goToStart, openApp, tempDir } from './helpers.ts';

test('opening a folder that is not a project says so and leaves the app as it was', async ({ page }) => {
  const notAProject = tempDir('not-a-project');
  try {
    await openApp(page);
    await goToStart(page);

    // Ctrl+O opens the same dialog as the Open project… button.
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Open project' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Project folder').fill(notAProject.dir);
    await page.keyboard.press('Enter');

    const alert = dialog.getByRole('alert');
    await expect(alert).toHaveText(`${notAProject.dir} is not a Clausemark project (no clausemark.json).`);
    await expect(dialog).toBeVisible();

    await dialog.getByLabel('Project folder').fill(join(notAProject.dir, 'missing'));
    await page.keyboard.press('Enter');
    await expect(alert).toContainText(join(notAProject.dir, 'missing'));

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Open sample project' })).toBeEnabled();
  } finally {
    notAProject.remove();
  }
});

test('recent projects reopen with a click, and can be forgotten', async ({ page }) => {
  await openApp(page);
  await goToStart(page);
  await page.getByRole('button', { name: 'Open sample project' }).click();
  await expect(page.getByRole('heading', { name: 'Sample project', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Close project' }).click();

  const recent = page.getByRole('list', { name: 'Recent projects' });
  const sample = recent.getByRole('button', { name: /^Sample project/ });
  await expect(sample).toBeVisible();
  await sample.click();
  await expect(page.getByRole('heading', { name: 'Sample project', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Close project' }).click();

  await recent.getByRole('button', { name: 'Forget Sample project (the folder is kept)' }).click();
  await expect(page.getByRole('button', { name: /^Sample project/ })).toHaveCount(0);
});
