import { expect, test } from '@playwright/test';
import { ORIGIN, createProject, documentRows, goToStart, importFiles, openApp, samplePaths, tempDir } from './helpers.ts';

test('no request leaves the local server, through start, import and reading', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  const temp = tempDir('offline');
  try {
    await openApp(page);
    await createProject(page, `${temp.dir}/Offline`, 'Offline');
    await importFiles(page, samplePaths());
    await expect(documentRows(page)).toHaveCount(5);

    await page.getByRole('button', { name: 'jewelryodm' }).click();
    await expect(page.getByRole('heading', { name: 'jewelryodm', level: 1 })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Text of jewelryodm' })).toContainText('privacy', {
      ignoreCase: true,
    });
    await page.getByRole('button', { name: '← Documents' }).click();
    await expect(documentRows(page)).toHaveCount(5);
    await goToStart(page);
  } finally {
    temp.remove();
  }

  expect(requested.length).toBeGreaterThan(5);
  // The API calls are among what was watched (the page makes them from a worker: bridge-worker.ts).
  expect(requested.filter((url) => url.startsWith(`${ORIGIN}/api/documents.open`)).length).toBeGreaterThan(0);
  expect(requested.filter((url) => !url.startsWith(`${ORIGIN}/`))).toEqual([]);
});
