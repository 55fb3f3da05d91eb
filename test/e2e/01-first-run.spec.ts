import { expect, test } from '@playwright/test';
import { REVIEWER, SAMPLE_FILES, documentRows } from './helpers.ts';

test('the first run asks the reviewer’s name, then shows the Sample project with its five documents', async ({
  page,
}) => {
  await page.goto(`/#token=${process.env.CLAUSEMARK_E2E_TOKEN}`);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Clausemark' });
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('review lead can tell reviewers apart');

  // Escape does not skip the question, and an empty name is refused.
  await page.keyboard.press('Escape');
  await expect(welcome).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(welcome.getByRole('alert')).toHaveText('Please enter your name.');

  await welcome.getByLabel('Your name').fill(REVIEWER);
  await page.keyboard.press('Enter');
  await expect(welcome).toBeHidden();
  await expect(page.getByTestId('reviewer-name')).toHaveText(REVIEWER);

  await expect(page.getByRole('heading', { name: 'Sample project', level: 1 })).toBeVisible();
  await expect(documentRows(page)).toHaveCount(5);
  await expect(page.getByTestId('documents-summary')).toContainText('5 documents');
  for (const [index, name] of SAMPLE_FILES.entries()) {
    await expect(documentRows(page).nth(index).locator('td').nth(1)).toHaveText(`${name}.txt`);
  }

  // The name is kept by main, not by the page.
  await page.reload();
  await expect(page.getByTestId('reviewer-name')).toHaveText(REVIEWER);
  await expect(welcome).toBeHidden();

  await page.getByRole('button', { name: 'Change name' }).click();
  const change = page.getByRole('dialog', { name: 'Change your name' });
  await expect(change.getByLabel('Your name')).toHaveValue(REVIEWER);
  await page.keyboard.press('Escape');
  await expect(change).toBeHidden();
  await expect(page.getByTestId('reviewer-name')).toHaveText(REVIEWER);
});
