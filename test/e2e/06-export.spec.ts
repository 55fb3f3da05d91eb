import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REVIEWER, createProject, importFiles, openApp, samplePaths, tempFoldersPerTest } from './helpers.ts';
import { documentText, expectSaved, openDocument } from './workspace-helpers.ts';

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

test('the Export dialog takes the CLI’s options (reviewer, labels, split and seed), and its dataset card’s command makes the same files', async ({ page }) => {
  const root = tempFolder('export-options');
  const projectDir = join(root, "Ana's policies");
  await openApp(page);
  await createProject(page, projectDir, 'Policies');
  await importFiles(page, samplePaths());
  await page.getByRole('button', { name: 'Dismiss import report' }).click();
  // Whole-segment tags, from the keyboard: 1 on the first segment, 5 on the next, 2 on the one after.
  for (const title of ['azoomar', 'alba-nera']) {
    await openDocument(page, title);
    await documentText(page, title).locator('p').first().click();
    for (const key of ['1', 'j', '5', 'j', '2']) await page.keyboard.press(key);
    await expectSaved(page);
    await page.getByRole('button', { name: '← Documents' }).click();
  }

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await expect(dialog.getByLabel('Reviewer')).toContainText(`${REVIEWER} (6 annotations)`);
  await dialog.getByLabel('Reviewer').selectOption(REVIEWER);
  await dialog.getByLabel('Format').selectOption('hf');
  const out = join(root, 'datasets', 'v1');
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(out);
  await dialog.getByRole('spinbutton', { name: 'Train' }).fill('0.6');
  // Fractions that do not add up to 1 are named, and nothing can be exported.
  await expect(dialog.getByRole('alert')).toHaveText('The split fractions must add up to 1 (they add up to 0.8).');
  await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  await dialog.getByRole('spinbutton', { name: 'Validation' }).fill('0.2');
  await dialog.getByRole('spinbutton', { name: 'Test' }).fill('0.2');
  await dialog.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await dialog.getByRole('button', { name: 'No labels' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choose at least one label.');
  await dialog.getByRole('checkbox', { name: 'First Party Collection/Use' }).check();
  await dialog.getByRole('checkbox', { name: 'Data Retention' }).check();
  await expect(dialog.getByRole('group', { name: /Labels/ })).toContainText('2 of 10');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();

  await expect(dialog.getByRole('heading', { name: 'Export finished' })).toBeVisible();
  await expect(dialog.getByText('5 documents, 4 annotations written to')).toBeVisible();
  await expect(dialog.getByText('Train 3, validation 1, test 1 documents')).toBeVisible();
  const splits = ['train.jsonl', 'validation.jsonl', 'test.jsonl'];
  const labels = splits.flatMap((s) => readFileSync(join(out, s), 'utf8').trim().split('\n').flatMap((l) => (JSON.parse(l) as { spans: { label: string }[] }).spans.map((x) => x.label)));
  expect(labels.sort()).toEqual(['Data Retention', 'Data Retention', 'First Party Collection/Use', 'First Party Collection/Use']);

  // The card says how to make the same export from the command line; made so, the files are the same.
  const card = readFileSync(join(out, 'README.md'), 'utf8');
  const command = /^- Command: `(.*)`$/m.exec(card)?.[1] ?? '';
  expect(command).toContain(`--reviewer '${REVIEWER}' --label 'First Party Collection/Use' --label 'Data Retention' --split 0.6,0.2,0.2 --seed 7`);
  renameSync(out, `${out}-app`);
  const cli = spawnSync('sh', ['-c', `clausemark() { "${process.execPath}" "${resolve('bin/clausemark.js')}" "$@"; }\n${command}`], { encoding: 'utf8' });
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(0);
  for (const s of splits) expect(readFileSync(join(out, s), 'utf8'), s).toBe(readFileSync(join(`${out}-app`, s), 'utf8'));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
