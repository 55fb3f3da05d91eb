import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REVIEWER, projectWith, samplePaths, tempFoldersPerTest } from './helpers.ts';
import {
  annotationsOnDisk,
  documentCodePoints,
  documentText,
  dragSelect,
  expectSaved,
  openDocument,
  statusesOnDisk,
} from './workspace-helpers.ts';

const tempFolder = tempFoldersPerTest();
const LOG = 'ines-duarte.jsonl';

/** A project holding the five sample policies; answers its folder. */
async function sampleProject(page: Page, prefix: string): Promise<string> {
  const dir = join(tempFolder(prefix), 'Review');
  await projectWith(page, dir, 'Review', samplePaths());
  await page.getByRole('button', { name: 'Dismiss import report' }).click();
  return dir;
}

/** Every span on disk quotes exactly text[start:end] of its document, in code points (as Python slices). */
function expectQuotesExact(dir: string): void {
  for (const a of annotationsOnDisk(dir, LOG)) {
    if (a.target.type !== 'span') continue;
    expect(documentCodePoints(dir, a.documentId).slice(a.target.start, a.target.end).join('')).toBe(a.target.quote);
  }
}

const PHRASES: [title: string, phrase: string, label: string, key: string][] = [
  ['alba-nera', 'describes how Alba Nera treats customer information', 'First Party Collection/Use', '1'],
  ['alma-joyeria', 'We value our users and respect their privacy', 'Other', '0'],
  ['azoomar', 'Azoomar LLC, we value your privacy', 'First Party Collection/Use', '1'],
  ['jewelryodm', 'how your personal information is collected, used, shared and processed', 'Third Party Sharing/Collection', '2'],
  ['my-alamari', 'discloses the privacy practices', 'Policy Change', '7'],
];

test('a clause tagged by mouse and hotkey in every sample policy is on disk with the selected text, emoji or not', async ({ page }) => {
  const dir = await sampleProject(page, 'every-sample');
  for (const [title, phrase, label, key] of PHRASES) {
    await openDocument(page, title);
    await dragSelect(page, phrase);
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(phrase);
    await page.keyboard.press(key);
    await expectSaved(page);
    const list = page.getByRole('list', { name: 'Annotations' });
    await expect(list.getByRole('button')).toHaveCount(1);
    await expect(list.getByRole('button').first()).toContainText(label);
    await expect(page.locator('mark.hl', { hasText: phrase.split(' ')[0] as string }).first()).toBeVisible();
    await page.getByRole('button', { name: '← Documents' }).click();
  }
  const spans = annotationsOnDisk(dir, LOG);
  expect(spans.map((a) => (a.target.type === 'span' ? a.target.quote : '')).sort()).toEqual(PHRASES.map(([, p]) => p).sort());
  expect(spans.map((a) => a.label).sort()).toEqual(PHRASES.map(([, , l]) => l).sort());
  expectQuotesExact(dir);
  // azoomar.txt starts with an emoji: an off-by-one would show here.
  const azoomar = spans.find((a) => a.target.type === 'span' && a.target.quote.startsWith('Azoomar LLC, we'));
  const codePoints = documentCodePoints(dir, azoomar?.documentId ?? '');
  const utf16At = codePoints.join('').indexOf('Azoomar LLC, we');
  expect(azoomar?.target.type === 'span' && azoomar.target.start).toBe(Array.from(codePoints.join('').slice(0, utf16At)).length);
  expect(azoomar?.target.type === 'span' && azoomar.target.start).toBe(utf16At - 1);
});

test('a rough selection snaps to whole words; Alt keeps it exact; overlapping tags stay readable and both are saved', async ({ page }) => {
  const dir = await sampleProject(page, 'overlap');
  await openDocument(page, 'azoomar');
  // From inside "committed" to inside "protecting": snapped to the whole words.
  await dragSelect(page, 'mmitted to protect');
  await page.keyboard.press('1');
  await expectSaved(page);
  // Overlapping it, with Alt held: kept exactly as selected.
  await dragSelect(page, 'to protecting your pers', { alt: true });
  await page.getByRole('toolbar', { name: 'Labels' }).getByRole('button', { name: 'Data Security' }).click();
  await expectSaved(page);
  const quotes = annotationsOnDisk(dir, LOG).map((a) => (a.target.type === 'span' ? a.target.quote : ''));
  expect(quotes.sort()).toEqual(['committed to protecting', 'to protecting your pers']);
  expectQuotesExact(dir);
  // The overlap is one mark naming both labels.
  const overlap = page.locator('mark.hl', { hasText: 'to protecting' });
  await overlap.hover();
  await expect(overlap).toHaveAttribute('title', /First Party Collection\/Use · Data Security|Data Security · First Party Collection\/Use/);
  // Each label's colour shows: one underline per label, stacked, in two colours.
  const underlines = async (phrase: string) =>
    (await page.locator('mark.hl', { hasText: phrase }).first().evaluate((m) => getComputedStyle(m).boxShadow)).match(/rgb\([^)]*\)/g) ?? [];
  expect(new Set(await underlines('to protecting')).size).toBe(2);
  expect(await underlines('committed')).toHaveLength(1);
  await expect(page.getByRole('list', { name: 'Annotations' }).getByRole('button')).toHaveCount(2);
  // The new annotation is selected; cut in two by the overlap, it is framed as one: sides on its first and last piece.
  const selected = page.locator('mark.hl-selected');
  await expect(selected).toHaveCount(2);
  await expect(selected.nth(0)).toHaveText('to protecting');
  await expect(selected.nth(0)).toHaveClass(/\bhl-sel-start\b/);
  await expect(selected.nth(0)).not.toHaveClass(/\bhl-sel-end\b/);
  await expect(selected.nth(1)).toHaveText('your pers');
  await expect(selected.nth(1)).toHaveClass(/\bhl-sel-end\b/);
  await expect(selected.nth(1)).not.toHaveClass(/\bhl-sel-start\b/);
  // Selecting the other one moves the frame to its pieces.
  await page.getByRole('list', { name: 'Annotations' }).getByRole('button').first().click();
  await expect(selected).toHaveCount(2);
  await expect(selected.nth(0)).toHaveClass(/\bhl-sel-start\b/);
  await expect(selected.nth(1)).toHaveText('to protecting');
  await expect(selected.nth(1)).toHaveClass(/\bhl-sel-end\b/);
  await expect(page.locator('mark.hl-sel-start, mark.hl-sel-end')).toHaveCount(2);
});

/** The pieces of the paragraph holding `phrase`: each child's kind, text, and how it is drawn (its colours and underlines). */
async function piecesAround(page: Page, phrase: string): Promise<string[]> {
  return page.evaluate((wanted) => {
    const paragraph = Array.from(document.querySelectorAll('.reading-text p')).find((p) => p.textContent?.includes(wanted));
    return Array.from(paragraph?.childNodes ?? []).map((n) => {
      const style = n instanceof Element ? getComputedStyle(n) : null;
      return `${n.nodeName} ${style ? `${style.background} ${style.boxShadow}` : ''}: ${n.textContent}`;
    });
  }, phrase);
}

test('highlights redrawn change by change (overlaps, undo, redo, delete) match the paragraph drawn afresh', async ({ page }) => {
  await sampleProject(page, 'redraw');
  await openDocument(page, 'azoomar');
  await dragSelect(page, 'committed to protecting');
  await page.keyboard.press('1');
  await expectSaved(page);
  await dragSelect(page, 'to protecting your pers', { alt: true });
  await page.keyboard.press('2');
  await expectSaved(page);
  await dragSelect(page, 'your personal');
  await page.keyboard.press('3');
  await expectSaved(page);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+z');
  await expectSaved(page);
  // The first in the list (text order: "committed to protecting") is deleted.
  await page.getByRole('list', { name: 'Annotations' }).getByRole('button').first().click();
  await page.keyboard.press('Delete');
  await expectSaved(page);
  const redrawn = await piecesAround(page, 'committed to protecting');
  expect(redrawn.filter((p) => p.startsWith('MARK'))).toHaveLength(3);

  await page.reload();
  await openDocument(page, 'azoomar');
  await expect(page.getByRole('list', { name: 'Annotations' }).getByRole('button')).toHaveCount(2);
  expect(await piecesAround(page, 'committed to protecting')).toEqual(redrawn);
});

test('with nothing selected a hotkey tags the whole current segment; J, K and N move between segments', async ({ page }) => {
  const dir = await sampleProject(page, 'segment');
  await openDocument(page, 'azoomar');
  const text = documentText(page, 'azoomar');
  await text.locator('p').nth(5).click();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('5');
  await expectSaved(page);
  let saved = annotationsOnDisk(dir, LOG);
  expect(saved).toHaveLength(1);
  expect(saved[0]?.target).toEqual({ type: 'segment', segment: 6 });
  expect(saved[0]?.label).toBe('Data Retention');
  await expect(text.locator('p').nth(6)).toHaveClass(/segment-tagged/);
  // Hovering the segment names its tag.
  await expect(text.locator('p').nth(6)).toHaveAttribute('title', 'Whole segment: Data Retention');
  // A span tagged inside it redraws the paragraph: its segment tag and the current-segment mark stay.
  await text.locator('p').nth(6).click({ position: { x: 4, y: 6 } });
  for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  await expectSaved(page);
  await expect(text.locator('p').nth(6).locator('mark.hl')).toHaveCount(1);
  await expect(text.locator('p').nth(6)).toHaveClass(/segment-tagged/);
  await expect(text.locator('p').nth(6)).toHaveClass(/segment-current/);
  // N skips the tagged segment 6 when moving on from 5.
  await text.locator('p').nth(5).click();
  await page.keyboard.press('n');
  await page.keyboard.press('6');
  await expectSaved(page);
  saved = annotationsOnDisk(dir, LOG);
  expect(saved.map((a) => (a.target.type === 'segment' ? a.target.segment : -1)).sort((a, b) => a - b)).toEqual([-1, 6, 7]);
});

/** The text of every range the workspace paints as evidence. */
function paintedEvidence(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const highlight = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('evidence');
    return highlight ? [...highlight].map((r) => r.toString()) : [];
  });
}

test('attributes with evidence and a note are saved, and undo/redo of every step follows on disk and survives a reload', async ({ page }) => {
  const dir = await sampleProject(page, 'attributes');
  await openDocument(page, 'azoomar');
  await dragSelect(page, 'We also use cookies and similar technologies to enhance your experience.');
  await page.keyboard.press('1');
  await expectSaved(page);
  const details = page.getByRole('region', { name: 'Annotation details' });
  await details.getByRole('combobox', { name: 'Personal Information Type' }).selectOption('Cookies and tracking elements');
  await details.getByRole('combobox', { name: 'Purpose' }).selectOption('Personalization/Customization');
  // Evidence: the words that say "cookies", tied to the value.
  await dragSelect(page, 'cookies and similar technologies');
  await details.getByRole('button', { name: 'Add evidence for Cookies and tracking elements' }).click();
  await details.getByRole('textbox', { name: 'Note' }).fill('Cookie use; see the Cookie Policy too.');
  await details.getByRole('combobox', { name: 'Label' }).focus();
  await expectSaved(page);

  let [a] = annotationsOnDisk(dir, LOG);
  expect(a?.attributes).toEqual({
    'Personal Information Type': [
      { value: 'Cookies and tracking elements', evidence: [{ start: expect.any(Number) as unknown as number, end: expect.any(Number) as unknown as number, quote: 'cookies and similar technologies' }] },
    ],
    Purpose: [{ value: 'Personalization/Customization' }],
  });
  expect(a?.note).toBe('Cookie use; see the Cookie Policy too.');
  const evidence = a?.attributes['Personal Information Type']?.[0]?.evidence?.[0];
  expect(documentCodePoints(dir, a?.documentId ?? '').slice(evidence?.start, evidence?.end).join('')).toBe('cookies and similar technologies');
  // The selected annotation's evidence is painted over the text (a CSS highlight, no DOM change).
  await expect.poll(() => paintedEvidence(page)).toEqual(['cookies and similar technologies']);

  // Undo the note, the evidence and the purpose; redo the purpose.
  await documentText(page, 'azoomar').focus();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+z');
  await expectSaved(page);
  [a] = annotationsOnDisk(dir, LOG);
  expect(a?.note).toBe('');
  expect(a?.attributes).toEqual({
    'Personal Information Type': [{ value: 'Cookies and tracking elements' }],
    Purpose: [{ value: 'Personalization/Customization' }],
  });
  await expect.poll(() => paintedEvidence(page)).toEqual([]);
  // Undo everything down to nothing, then redo the creation.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  await expectSaved(page);
  expect(annotationsOnDisk(dir, LOG)).toHaveLength(0);
  await expect(page.locator('mark.hl')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expectSaved(page);
  expect(annotationsOnDisk(dir, LOG)).toHaveLength(1);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Review', level: 1 })).toBeVisible();
  await openDocument(page, 'azoomar');
  await expect(page.getByRole('list', { name: 'Annotations' }).getByRole('button')).toHaveCount(1);
  await expect(page.locator('mark.hl').first()).toContainText('cookies');
  // Delete with the Delete key.
  await page.getByRole('list', { name: 'Annotations' }).getByRole('button').first().click();
  await page.keyboard.press('Delete');
  await expectSaved(page);
  expect(annotationsOnDisk(dir, LOG)).toHaveLength(0);
});

test('Ctrl+Enter marks the document done and opens the next one not done; the list shows statuses and progress', async ({ page }) => {
  const dir = await sampleProject(page, 'done');
  // The second document is done first: the next one after it opens.
  await openDocument(page, 'alma-joyeria');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'azoomar', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '← Documents' }).click();
  await openDocument(page, 'alba-nera');
  await dragSelect(page, 'describes how Alba Nera treats customer information');
  await page.keyboard.press('1');
  await expectSaved(page);
  await expect(page.getByRole('combobox', { name: 'Review status' })).toHaveValue('in-progress');
  // Done, and the next one not done opens: alma-joyeria, done already, is passed over.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'azoomar', level: 1 })).toBeVisible();
  const statuses = statusesOnDisk(dir, LOG);
  expect([...statuses.values()]).toEqual(['done', 'done']);
  await page.getByRole('button', { name: '← Documents' }).click();
  await expect(page.getByTestId('review-progress')).toContainText('2 of 5 done');
  await expect(page.getByRole('list', { name: 'Annotations per label' })).toHaveText('First Party Collection/Use 1');
  for (const done of [/alba-nera/, /alma-joyeria/]) await expect(page.getByRole('row', { name: done })).toContainText('Done');
  await expect(page.getByRole('row', { name: /azoomar/ })).toContainText('Not started');
});

test('a document holding markup shows it as text: nothing in it becomes an element', async ({ page }) => {
  const root = tempFolder('markup');
  const file = join(root, 'markup-policy.txt');
  writeFileSync(file, 'Our policy <script>window.__ran = true</script> and <img src=x onerror="window.__ran = true"> and <b>bold</b> stay words.\n');
  await projectWith(page, join(root, 'Review'), 'Review', [file]);
  await page.getByRole('button', { name: 'Dismiss import report' }).click();
  await openDocument(page, 'markup-policy');
  const text = documentText(page, 'markup-policy');
  await expect(text).toContainText('<script>window.__ran = true</script>');
  await expect(text).toContainText('<img src=x onerror="window.__ran = true">');
  await expect(text.locator('script, img, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
});

test('search finds every match in the text, steps through them, and leaves the current one selected for tagging', async ({ page }) => {
  const dir = await sampleProject(page, 'search');
  await openDocument(page, 'azoomar');
  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Find in document' });
  await find.fill('cookies');
  const expected = documentCodePoints(dir, azoomarId(dir)).join('').toLowerCase().split('cookies').length - 1;
  await expect(page.getByText(`1 of ${expected}`)).toBeVisible();
  await find.press('Enter');
  await expect(page.getByText(`2 of ${expected}`)).toBeVisible();
  // Back with Shift+Enter and the Previous button; before the first comes the last.
  await find.press('Shift+Enter');
  await expect(page.getByText(`1 of ${expected}`)).toBeVisible();
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(page.getByText(`${expected} of ${expected}`)).toBeVisible();
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByText(`1 of ${expected}`)).toBeVisible();
  await find.press('Escape');
  await page.keyboard.press('3');
  await expectSaved(page);
  const [a] = annotationsOnDisk(dir, LOG);
  expect(a?.target.type === 'span' && a.target.quote.toLowerCase()).toBe('cookies');
});

/** The id of azoomar's document file (named by content). */
function azoomarId(dir: string): string {
  for (const name of readdirSync(join(dir, 'documents'))) {
    const doc = JSON.parse(readFileSync(join(dir, 'documents', name), 'utf8')) as { id: string; source: { fileName: string } };
    if (doc.source.fileName === 'azoomar.txt') return doc.id;
  }
  throw new Error('azoomar is not in the project');
}

test('an annotation marked as an example shows in the label guidelines, and a click goes to it from another document', async ({ page }) => {
  const dir = await sampleProject(page, 'examples');
  await openDocument(page, 'azoomar');
  await dragSelect(page, 'We also use cookies and similar technologies to enhance your experience.');
  await page.keyboard.press('1');
  const details = page.getByRole('region', { name: 'Annotation details' });
  await details.getByRole('checkbox', { name: /Example of “First Party Collection\/Use”/ }).check();
  await expectSaved(page);
  expect(annotationsOnDisk(dir, LOG)[0]).toMatchObject({ example: true });
  await page.getByRole('tab', { name: 'Guidelines' }).click();
  const examples = page.getByRole('list', { name: 'Examples of First Party Collection/Use' });
  await expect(examples).toContainText('We also use cookies and similar technologies');

  await page.getByRole('button', { name: '← Documents' }).click();
  await openDocument(page, 'alba-nera');
  await page.getByRole('tab', { name: 'Guidelines' }).click();
  await page.getByRole('combobox', { name: 'Guideline for label' }).selectOption('First Party Collection/Use');
  await examples.getByRole('button').first().click();
  await expect(page.getByRole('heading', { name: 'azoomar', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Annotation details' }).getByRole('blockquote', { name: 'Quoted text' })).toContainText('We also use cookies');
});

test('Shift+arrows from a caret select for tagging, and typing, pasting or deleting never changes the document', async ({ page }) => {
  const dir = await sampleProject(page, 'keyboard');
  await openDocument(page, 'azoomar');
  const text = documentText(page, 'azoomar');
  const paragraph = text.locator('p', { hasText: 'Website: www.azoomar.com' });
  const before = await paragraph.textContent();
  await paragraph.click({ position: { x: 2, y: 8 } });
  await page.keyboard.type('xyz');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await expect(paragraph).toHaveText(before ?? '');
  await page.keyboard.press('Home');
  for (let i = 0; i < 9; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('Website: ');
  await page.keyboard.press('4');
  await expectSaved(page);
  const [a] = annotationsOnDisk(dir, LOG);
  // Snapped to the whole word, white space trimmed.
  expect(a?.target).toMatchObject({ type: 'span', quote: 'Website:' });
  expect(a?.label).toBe('User Access, Edit and Deletion');
  await expect(paragraph).toHaveText(before ?? '');
});

test('inspecting: a click selects a highlight, its label is changed and that is undone, a delete is undone, all on disk; the palette and ? explain themselves', async ({ page }) => {
  const dir = await sampleProject(page, 'inspect');
  await openDocument(page, 'azoomar');
  const palette = page.getByRole('toolbar', { name: 'Labels' });
  // A label's button carries its hotkey and its description for the hover tooltip.
  await expect(palette.getByRole('button', { name: 'Data Retention' })).toHaveAttribute('title', /^Data Retention \(5\)\n\S/);
  await dragSelect(page, 'We also use cookies and similar technologies');
  await page.keyboard.press('1');
  await expectSaved(page);
  const details = page.getByRole('region', { name: 'Annotation details' });
  await details.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toBeHidden();
  // A click on the highlight selects its annotation: the reviewer and the times are shown.
  await page.locator('mark.hl', { hasText: 'cookies' }).click();
  await expect(details).toBeVisible();
  await expect(details.getByRole('blockquote', { name: 'Quoted text' })).toHaveText('We also use cookies and similar technologies');
  await expect(details.locator('dl.meta')).toContainText(REVIEWER);
  await expect(details.locator('dl.meta')).toContainText('Created');
  const labelOnDisk = () => annotationsOnDisk(dir, LOG).map((a) => a.label);
  await details.getByRole('combobox', { name: 'Label' }).selectOption('Data Security');
  await expectSaved(page);
  expect(labelOnDisk()).toEqual(['Data Security']);
  await page.locator('mark.hl', { hasText: 'cookies' }).click();
  await page.keyboard.press('Control+z');
  await expectSaved(page);
  expect(labelOnDisk()).toEqual(['First Party Collection/Use']);
  await expect(details.getByRole('combobox', { name: 'Label' })).toHaveValue('First Party Collection/Use');
  // Deleted with the key, then undone: back on disk with the same id.
  const [before] = annotationsOnDisk(dir, LOG);
  await page.keyboard.press('Delete');
  await expectSaved(page);
  expect(annotationsOnDisk(dir, LOG)).toHaveLength(0);
  await expect(page.locator('mark.hl', { hasText: 'cookies' })).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expectSaved(page);
  expect(annotationsOnDisk(dir, LOG).map((a) => a.id)).toEqual([before?.id]);
  await expect(page.locator('mark.hl', { hasText: 'cookies' })).toHaveCount(1);
  // ? lists the shortcuts, Escape closes the list.
  await page.locator('mark.hl', { hasText: 'cookies' }).click();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const what of ['Undo', 'Redo', 'Next segment without a label', 'Delete the selected annotation', 'Mark the document done and open the next one']) {
    await expect(help.getByRole('cell', { name: what, exact: true })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

/** Tags a clause of azoomar while a folder stands where the reviewer's log belongs: every write fails until it is moved away. */
async function tagWithLogBlocked(page: Page, prefix: string): Promise<{ dir: string; log: string; status: Locator }> {
  const dir = await sampleProject(page, prefix);
  await openDocument(page, 'azoomar');
  const log = join(dir, 'annotations', LOG);
  mkdirSync(log);
  await dragSelect(page, 'Azoomar LLC, we value your privacy');
  await page.keyboard.press('1');
  const status = page.getByRole('status', { name: 'Save status' });
  await expect(status).toContainText('Not saved:');
  return { dir, log, status };
}

test('an edit that cannot be written says why in the status, is kept, and is saved by Retry once the problem is gone', async ({ page }) => {
  const { dir, log, status } = await tagWithLogBlocked(page, 'retry');
  await expect(status).toContainText('annotations/ines-duarte.jsonl');
  // The highlight stays on screen, waiting.
  await expect(page.locator('mark.hl', { hasText: 'Azoomar LLC' })).toBeVisible();
  rmSync(log, { recursive: true });
  await status.getByRole('button', { name: 'Retry' }).click();
  await expectSaved(page);
  expect(annotationsOnDisk(dir, LOG).map((a) => (a.target.type === 'span' ? a.target.quote : ''))).toEqual(['Azoomar LLC, we value your privacy']);
});

test('an edit not saved yet outlives its document: the list says so, the project stays open, and the timed retry saves it', async ({ page }) => {
  const { dir, log, status } = await tagWithLogBlocked(page, 'retry-elsewhere');
  // Done, next: not while the edit is unsaved; the document stays, and says why.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('alert')).toContainText('Your latest edits are not saved yet, so this document stays open and is not marked done.');
  await expect(page.getByRole('heading', { name: 'azoomar', level: 1 })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Review status' })).not.toHaveValue('done');
  await page.getByRole('button', { name: '← Documents' }).click();
  // The document list keeps saying it, in plain words.
  await expect(status).toContainText('(a folder has the name the file needs)');
  await page.getByRole('button', { name: 'Close project' }).click();
  await expect(page.getByRole('alert')).toContainText('Your latest edits are not saved yet, so the project stays as it is.');
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  // The problem gone, the timed retry saves it with nobody in the document.
  rmSync(log, { recursive: true });
  await expect(status).toBeHidden({ timeout: 10_000 });
  expect(annotationsOnDisk(dir, LOG).map((a) => (a.target.type === 'span' ? a.target.quote : ''))).toEqual(['Azoomar LLC, we value your privacy']);
});

test("the label's guideline in the inspector is folded until opened, and stays open for the next annotation", async ({ page }) => {
  await sampleProject(page, 'guideline');
  await openDocument(page, 'azoomar');
  await dragSelect(page, 'We also use cookies and similar technologies to enhance your experience.');
  await page.keyboard.press('1');
  const details = page.getByRole('region', { name: 'Annotation details' });
  const guideline = details.getByText('Guideline', { exact: true });
  await expect(guideline).toBeVisible();
  // Folded: the attributes come right after the quote.
  await expect(details.getByText('The site or app owner itself gathers')).toBeHidden();
  await expect(details.getByRole('combobox', { name: 'Does/Does Not' })).toBeInViewport();
  await guideline.click();
  await expect(details.getByText('The site or app owner itself gathers')).toBeVisible();

  await dragSelect(page, 'Shipping partners');
  await page.keyboard.press('2');
  await expect(details.getByRole('combobox', { name: 'Label' })).toHaveValue('Third Party Sharing/Collection');
  await expect(details.getByText('Information about users reaches someone other than the owner')).toBeVisible();
  await expectSaved(page);
});
