import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, importFiles, openApp, samplePaths, tempFoldersPerTest } from './helpers.ts';

const tempFolder = tempFoldersPerTest();

test('the Export dialog writes a spans file, showing progress and the result, that Python reads', async ({ page }) => {
  const root = tempFolder('export');
  const projectDir = join(root, 'Retail policies');
  await openApp(page);
  await createProject(page, projectDir, 'Retail policies');
  await importFiles(page, samplePaths());

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Format').selectOption('spans');
  const out = join(root, 'out', 'retail.jsonl');
  await dialog.getByLabel('File').fill(out);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();

  await expect(dialog.getByRole('heading', { name: 'Export finished' })).toBeVisible();
  await expect(dialog.getByText(`5 documents, 0 annotations written to ${out}.`)).toBeVisible();
  await expect(dialog.getByRole('progressbar')).toHaveCount(0);
  expect(existsSync(out)).toBe(true);
  expect(readdirSync(join(root, 'out'))).toEqual(['retail.jsonl']);

  const read = spawnSync('python3', ['-c', 'import json,sys\nrows=[json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]\nprint(len(rows), all(r["text"] and r["spans"] == [] for r in rows))', out], {
    encoding: 'utf8',
  });
  expect(read.stdout.trim()).toBe('5 True');

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
