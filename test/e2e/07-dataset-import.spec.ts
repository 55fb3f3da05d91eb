import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, documentRows, openApp, tempFoldersPerTest } from './helpers.ts';

const tempFolder = tempFoldersPerTest();
const OPP115_SAMPLE = fileURLToPath(new URL('../fixtures/opp115-sample', import.meta.url));

test('Import annotations… reads a doccano file with an emoji at code-point offsets and reports what it skipped', async ({ page }) => {
  const root = tempFolder('import-annotations');
  const projectDir = join(root, 'Cookies');
  const file = join(root, 'doccano.jsonl');
  // doccano counts UTF-16 units: the cookie emoji is two, so "to track you" is 18-30 there, 17-29 in code points.
  const text = 'We use cookies 🍪 to track you.';
  writeFileSync(
    file,
    `${JSON.stringify({ text, label: [[18, 30, 'Tracking']] })}\n${JSON.stringify({ text: 'Too short.', label: [[0, 99, 'Tracking']] })}\n`,
  );
  await openApp(page);
  await createProject(page, projectDir, 'Cookies');

  await page.getByRole('button', { name: 'Import annotations…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import annotations' });
  await dialog.getByLabel('Annotation file').fill(file);
  await dialog.getByLabel('Format').selectOption('doccano');
  await dialog.getByLabel(/^Reviewer/).fill('Ana Müller');
  await expect(dialog.getByLabel('Offsets')).toHaveValue('auto');
  await dialog.getByLabel('Add missing labels to the taxonomy').check();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  const report = dialog.getByRole('status', { name: 'Import report' });
  await expect(report.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(report).toContainText('1 annotation imported from 2 records');
  await expect(report).toContainText('Offsets read as UTF-16 code units');
  await expect(report).toContainText('Labels added to the taxonomy: Tracking.');
  await expect(report.getByRole('list', { name: 'Skipped records' }).getByRole('listitem')).toHaveText([/^Line 2: /]);

  const lines = readFileSync(join(projectDir, 'annotations', 'ana-muller.jsonl'), 'utf8').trim().split('\n');
  const annotations = lines.map((l) => JSON.parse(l)).filter((r) => r.kind === 'annotation');
  expect(annotations).toHaveLength(1);
  expect(annotations[0].annotation).toMatchObject({
    reviewer: 'Ana Müller',
    label: 'Tracking',
    origin: 'imported',
    target: { type: 'span', start: 17, end: 29, quote: 'to track you' },
  });
  expect([...text].slice(17, 29).join('')).toBe('to track you');

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // The first record's text is a document with its annotation; the second, whose only span was bad, was
  // skipped whole (no document made for it).
  await expect(documentRows(page)).toHaveCount(1);
  const emojiRow = documentRows(page).filter({ hasText: 'We use cookies 🍪' });
  await expect(emojiRow.locator('td').nth(6)).toHaveText('1');
});

test('Import OPP-115… adds the sample corpus; the documents are listed with their annotation counts', async ({ page }) => {
  const root = tempFolder('import-opp115');
  await openApp(page);
  await createProject(page, join(root, 'OPP-115'), 'OPP-115');

  await page.getByRole('button', { name: 'Import OPP-115…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import OPP-115' });
  await dialog.getByLabel('OPP-115 release folder').fill(OPP115_SAMPLE);
  await expect(dialog.getByLabel('Annotations')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  const report = dialog.getByRole('status', { name: 'Import report' });
  await expect(report).toContainText('3 policies (3 new documents), 361 data practices');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  const rows = documentRows(page);
  await expect(rows).toHaveCount(3);
  // Title and the All reviewers column, sorted by title.
  const counts = await rows.evaluateAll((trs) => trs.map((tr) => [0, 6].map((i) => tr.querySelectorAll('td')[i]?.textContent?.trim())));
  expect(counts).toEqual([
    ['amazon.com', '312'],
    ['eatchicken.com', '20'],
    ['gwdocs.com', '29'],
  ]);
});
