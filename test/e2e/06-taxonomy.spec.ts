import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, ORIGIN, projectWith, samplePaths, tempFoldersPerTest } from './helpers.ts';
import { dragSelect, expectSaved, openDocument } from './workspace-helpers.ts';

const tempFolder = tempFoldersPerTest();
const TOKEN = process.env.CLAUSEMARK_E2E_TOKEN ?? '';

/** A contract call over the loopback bridge, as the renderer makes it. */
async function call(method: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${ORIGIN}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-clausemark-token': TOKEN },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value: unknown; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value;
}

interface TaxonomyFile {
  version: number;
  labels: { id: string; name: string; attributes: { name: string; values: string[] }[] }[];
}
const taxonomyOnDisk = (dir: string): TaxonomyFile => JSON.parse(readFileSync(join(dir, 'taxonomy.json'), 'utf8')) as TaxonomyFile;
const lastLogLine = (dir: string): { kind: string; annotation?: { id: string; label: string; attributes: object } } =>
  JSON.parse(readFileSync(join(dir, 'annotations', 'ines-duarte.jsonl'), 'utf8').trimEnd().split('\n').at(-1) as string);

async function openEditor(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Taxonomy…' }).click();
  await expect(page.getByRole('heading', { name: 'Taxonomy', level: 1 })).toBeVisible();
}

test('a label with an attribute made in the editor, renamed (annotations follow on disk), and undone', async ({ page }) => {
  const dir = join(tempFolder('taxonomy'), 'Guidelines');
  await projectWith(page, dir, 'Guidelines', samplePaths().slice(0, 1));
  await openEditor(page);

  await page.getByRole('button', { name: 'Add label' }).click();
  await expect(page.getByRole('heading', { name: 'New label 11', level: 2 })).toBeVisible();
  await page.getByLabel('New attribute name').fill('Period');
  await page.getByLabel('Its values (one per line)').fill('Days\nYears');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  await expect(page.getByRole('group', { name: 'Period' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Values of Period' }).getByRole('textbox')).toHaveCount(2);
  const created = taxonomyOnDisk(dir).labels.at(-1);
  expect(created).toMatchObject({ id: 'new-label-11', name: 'New label 11', attributes: [{ name: 'Period', optional: true, values: ['Days', 'Years'] }] });

  // An annotation with the new label and its attribute (the workspace will make these by hand).
  const [doc] = (await call('documents.list', {})) as { id: string }[];
  const { text } = (await call('documents.get', { id: doc?.id })) as { text: string };
  const quote = Array.from(text).slice(0, 7).join('');
  const [outcome] = (await call('annotations.apply', {
    commands: [{ op: 'put', annotation: { id: 'e2e1', documentId: doc?.id, target: { type: 'span', start: 0, end: 7, quote }, label: 'New label 11', attributes: { Period: [{ value: 'Days' }] } } }],
  })) as { ok: boolean }[];
  expect(outcome).toMatchObject({ ok: true });

  // Rename: the label in taxonomy.json and the annotation in the reviewer's log.
  await page.getByRole('button', { name: 'New label 11' }).click();
  const name = page.getByRole('textbox', { name: 'Label name' });
  await name.fill('Retention period');
  await name.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Saved: Rename “New label 11” to “Retention period” (version 4).');
  await expect(page.getByRole('navigation', { name: 'Labels' }).getByRole('button', { name: /Retention period/ })).toBeVisible();
  expect(taxonomyOnDisk(dir)).toMatchObject({ version: 4 });
  expect(taxonomyOnDisk(dir).labels.at(-1)?.name).toBe('Retention period');
  expect(lastLogLine(dir)).toMatchObject({ kind: 'annotation', annotation: { id: 'e2e1', label: 'Retention period', attributes: { Period: [{ value: 'Days' }] } } });

  // A value renamed follows too.
  const days = page.getByRole('textbox', { name: 'Value Days of Period' });
  await days.fill('Calendar days');
  await days.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Saved: Rename the value “Days” to “Calendar days” (version 5).');
  expect(lastLogLine(dir).annotation?.attributes).toEqual({ Period: [{ value: 'Calendar days' }] });

  // Undo, twice: the value and then the label name come back, on disk and in the editor.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText('Undone: Rename the value “Days” to “Calendar days”.');
  expect(lastLogLine(dir).annotation?.attributes).toEqual({ Period: [{ value: 'Days' }] });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText('Undone: Rename “New label 11” to “Retention period”.');
  await expect(page.getByRole('heading', { name: 'New label 11', level: 2 })).toBeVisible();
  expect(taxonomyOnDisk(dir).labels.at(-1)?.name).toBe('New label 11');
  expect(lastLogLine(dir).annotation).toMatchObject({ id: 'e2e1', label: 'New label 11' });
  expect(taxonomyOnDisk(dir).version).toBe(7);

  // Redo brings the rename back.
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByRole('heading', { name: 'Retention period', level: 2 })).toBeVisible();
  expect(lastLogLine(dir).annotation).toMatchObject({ label: 'Retention period' });

  await page.getByRole('button', { name: 'Back to documents' }).click();
  await expect(page.getByRole('heading', { name: 'Guidelines', level: 1 })).toBeVisible();
});

test('deleting a label in use says how many annotations use it and moves them; a hotkey conflict is refused', async ({ page }) => {
  const dir = join(tempFolder('taxonomy-delete'), 'Deleting');
  await projectWith(page, dir, 'Deleting', samplePaths().slice(0, 1));
  const [doc] = (await call('documents.list', {})) as { id: string }[];
  await call('annotations.apply', {
    commands: [0, 1].map((segment) => ({ op: 'put', annotation: { id: `d${segment}`, documentId: doc?.id, target: { type: 'segment', segment }, label: 'Do Not Track' } })),
  });
  await openEditor(page);

  await page.getByRole('navigation', { name: 'Labels' }).getByRole('button', { name: /Do Not Track/ }).click();
  const hotkey = page.getByRole('textbox', { name: 'Hotkey' });
  await hotkey.fill('1');
  await expect(page.getByRole('alert')).toHaveText('The hotkey 1 is already taken by “First Party Collection/Use”.');
  await hotkey.press('Escape');

  await page.getByRole('button', { name: 'Delete label' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “Do Not Track”?' });
  await expect(dialog).toContainText('2 annotations (of all reviewers) use “Do Not Track”.');
  await dialog.getByRole('combobox', { name: 'Label to move them to' }).selectOption({ label: 'Other' });
  await dialog.getByRole('button', { name: 'Delete label' }).click();
  await expect(dialog).toBeHidden();
  expect(taxonomyOnDisk(dir).labels.map((l) => l.name)).not.toContain('Do Not Track');
  expect(lastLogLine(dir).annotation).toMatchObject({ label: 'Other' });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText('Undone: Delete “Do Not Track”, moving its annotations to “Other”.');
  expect(taxonomyOnDisk(dir).labels.map((l) => l.name)).toContain('Do Not Track');
  expect(lastLogLine(dir).annotation).toMatchObject({ label: 'Do Not Track' });
  await page.getByRole('button', { name: 'Back to documents' }).click();
});

test('a new project starts from the preset chosen in the New project dialog, with the guideline rendered', async ({ page }) => {
  const dir = join(tempFolder('taxonomy-preset'), 'Notices');
  await openApp(page);
  await page.getByRole('button', { name: 'New project…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Project folder').fill(dir);
  await dialog.getByRole('combobox', { name: /Taxonomy/ }).selectOption({ label: 'GDPR transparency (21 labels)' });
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { name: 'Notices', level: 1 })).toBeVisible();
  expect(taxonomyOnDisk(dir)).toMatchObject({ version: 1, labels: expect.arrayContaining([expect.objectContaining({ name: 'Legal Basis' })]) });

  await openEditor(page);
  await page.getByRole('navigation', { name: 'Labels' }).getByRole('button', { name: /Right of Access/ }).click();
  await expect(page.getByRole('combobox', { name: 'Nested under' })).toHaveValue('data-subject-rights');
  const guideline = page.getByRole('textbox', { name: 'Guideline (Markdown)' });
  await guideline.fill('Apply to **access requests**:\n\n- a copy of the data\n- <b>not</b> HTML');
  await guideline.blur();
  const preview = page.getByRole('region', { name: 'Guideline preview' });
  await expect(preview.locator('strong')).toHaveText('access requests');
  await expect(preview.getByRole('listitem')).toHaveText(['a copy of the data', '<b>not</b> HTML']);
  await page.getByRole('button', { name: 'Back to documents' }).click();
});

test('a label made in the editor tags a clause in the workspace; renaming it moves the annotation on screen and on disk; undo', async ({ page }) => {
  const dir = join(tempFolder('taxonomy-workspace'), 'Rename');
  await projectWith(page, dir, 'Rename', samplePaths().filter((p) => p.endsWith('azoomar.txt')));
  await openEditor(page);
  await page.getByRole('button', { name: 'Add label' }).click();
  await expect(page.getByRole('heading', { name: 'New label 11', level: 2 })).toBeVisible();
  await page.getByLabel('New attribute name').fill('Period');
  await page.getByLabel('Its values (one per line)').fill('Days\nYears');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  await expect(page.getByRole('group', { name: 'Period' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to documents' }).click();

  // Tag with it in the workspace, by the palette, and set its attribute.
  await openDocument(page, 'azoomar');
  await dragSelect(page, 'We also use cookies and similar technologies to enhance your experience.');
  await page.getByRole('toolbar', { name: 'Labels' }).getByRole('button', { name: 'New label 11' }).click();
  await page.getByRole('region', { name: 'Annotation details' }).getByRole('combobox', { name: 'Period' }).selectOption('Days');
  await expectSaved(page);
  expect(lastLogLine(dir).annotation).toMatchObject({ label: 'New label 11', attributes: { Period: [{ value: 'Days' }] } });

  // Rename in the editor: the reviewer's annotation follows.
  await page.getByRole('button', { name: '← Documents' }).click();
  await openEditor(page);
  await page.getByRole('button', { name: 'New label 11' }).click();
  const name = page.getByRole('textbox', { name: 'Label name' });
  await name.fill('Retention period');
  await name.press('Enter');
  await expect(page.getByRole('status')).toHaveText(/Saved: Rename “New label 11” to “Retention period”/);
  expect(lastLogLine(dir).annotation).toMatchObject({ label: 'Retention period', attributes: { Period: [{ value: 'Days' }] } });
  await page.getByRole('button', { name: 'Back to documents' }).click();
  await openDocument(page, 'azoomar');
  const list = page.getByRole('list', { name: 'Annotations' });
  await expect(list.getByRole('button')).toHaveCount(1);
  await expect(list).toContainText('Retention period');
  await expect(page.getByRole('toolbar', { name: 'Labels' }).getByRole('button', { name: 'Retention period' })).toBeVisible();
  await page.locator('mark.hl').first().hover();
  await expect(page.locator('mark.hl').first()).toHaveAttribute('title', 'Retention period');

  // Undo the rename in the editor: back on screen and on disk.
  await page.getByRole('button', { name: '← Documents' }).click();
  await openEditor(page);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toHaveText(/Undone: Rename “New label 11” to “Retention period”/);
  expect(lastLogLine(dir).annotation).toMatchObject({ label: 'New label 11' });
  await page.getByRole('button', { name: 'Back to documents' }).click();
  await openDocument(page, 'azoomar');
  await expect(page.getByRole('list', { name: 'Annotations' })).toContainText('New label 11');
});
