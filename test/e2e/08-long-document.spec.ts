import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectWith, tempFoldersPerTest } from './helpers.ts';
import { annotationsOnDisk, documentCodePoints, documentText, expectSaved, openDocument, scrollToPhrase } from './workspace-helpers.ts';

/**
 * A long policy: the view cuts only the first screens into marks at open, and the rest as they come
 * near or while the reviewer reads. Whatever is cut or not yet, marks, jumping to an annotation, search
 * and a selection across segments far down the text must work, with exact offsets on disk.
 */
const tempFolder = tempFoldersPerTest();
const LOG = 'ines-duarte.jsonl';
const SEGMENTS = 400;
const TITLE = 'long-policy';

/** ~300 KB: every segment names itself ("clause-17"), some with an emoji before it, to catch offset slips. */
function longPolicy(): string {
  const filler =
    'We may collect your name, e-mail address, device identifiers and the pages you visit, and we share them with service providers who help us run the service. ';
  const paragraphs: string[] = ['Long Policy'];
  for (let i = 1; i < SEGMENTS; i++) paragraphs.push(`${i}. ${i % 7 === 0 ? '😀 ' : ''}This is clause-${i} of the policy. ${filler.repeat(4)}`);
  return `${paragraphs.join('\n\n')}\n`;
}

interface StoredDocument {
  id: string;
  text: string;
  segments: { start: number; end: number }[];
}

function storedDocument(dir: string): StoredDocument {
  const [name] = readdirSync(join(dir, 'documents'));
  return JSON.parse(readFileSync(join(dir, 'documents', name as string), 'utf8')) as StoredDocument;
}

/** One annotation per segment on its "clause-N" (the last one labelled "Data Retention"), written to the reviewer's log. */
function seedAnnotations(dir: string, doc: StoredDocument): void {
  const codePoints = Array.from(doc.text);
  const lines: string[] = [];
  const at = '2026-01-01T00:00:00.000Z';
  doc.segments.forEach((segment, index) => {
    if (index === 0) return;
    const word = `clause-${index}`;
    const local = codePoints.slice(segment.start, segment.end).join('');
    const start = segment.start + Array.from(local.slice(0, local.indexOf(word))).length;
    const annotation = {
      id: `seed${index}`,
      documentId: doc.id,
      reviewer: 'Ines Duarte',
      target: { type: 'span', start, end: start + word.length, quote: word },
      label: index === SEGMENTS - 1 ? 'Data Retention' : 'Other',
      attributes: {},
      note: '',
      origin: 'manual',
      createdAt: at,
      updatedAt: at,
    };
    lines.push(JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation }));
  });
  mkdirSync(join(dir, 'annotations'), { recursive: true });
  writeFileSync(join(dir, 'annotations', LOG), `${lines.join('\n')}\n`);
}

async function longProject(page: Page): Promise<{ dir: string; doc: StoredDocument }> {
  const root = tempFolder('long');
  const file = join(root, `${TITLE}.txt`);
  writeFileSync(file, longPolicy());
  const dir = join(root, 'Review');
  await projectWith(page, dir, 'Review', [file]);
  await page.getByRole('button', { name: 'Dismiss import report' }).click();
  const doc = storedDocument(dir);
  expect(doc.segments).toHaveLength(SEGMENTS);
  seedAnnotations(dir, doc);
  return { dir, doc };
}

function expectQuotesExact(dir: string): void {
  for (const a of annotationsOnDisk(dir, LOG)) {
    if (a.target.type !== 'span') continue;
    expect(documentCodePoints(dir, a.documentId).slice(a.target.start, a.target.end).join('')).toBe(a.target.quote);
  }
}

test('a long policy shows its marks at once near the top and all of them soon after', async ({ page }) => {
  await longProject(page);
  await openDocument(page, TITLE);
  const text = documentText(page, TITLE);
  await expect(text.locator('mark.hl', { hasText: 'clause-1' }).first()).toBeVisible();
  await expect(text.locator('p')).toHaveCount(SEGMENTS);
  // Marks far down are in the page without scrolling to them.
  await expect(text.locator('mark.hl')).toHaveCount(SEGMENTS - 1, { timeout: 20_000 });
  await expect(text.locator('mark.hl', { hasText: `clause-${SEGMENTS - 1}` })).toHaveCount(1);
});

test('far down a long policy: jump to an annotation, tag a search match, and tag a selection across two segments', async ({ page }) => {
  const { dir, doc } = await longProject(page);
  await openDocument(page, TITLE);
  const text = documentText(page, TITLE);

  // Jump: the last annotation, from the list filtered to its label, is shown selected.
  await page.getByRole('combobox', { name: 'Filter by label' }).selectOption('Data Retention');
  await page.getByRole('list', { name: 'Annotations' }).getByRole('button').first().click();
  const selected = text.locator('mark.hl-selected');
  await expect(selected).toHaveText(`clause-${SEGMENTS - 1}`);
  await expect(selected).toBeInViewport();

  // Search: a match far down becomes the selection, and a hotkey tags exactly it.
  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Find in document' });
  // Every match is counted, however many (one per segment's "clause-", and more).
  await find.fill('e');
  const es = doc.text.toLowerCase().split('e').length - 1;
  expect(es).toBeGreaterThan(10_000);
  await expect(page.getByText(`1 of ${new Intl.NumberFormat('en-US').format(es)}`)).toBeVisible();
  await find.fill('clause-350 of the');
  await expect(page.getByText('1 of 1')).toBeVisible();
  await find.press('Escape');
  await page.keyboard.press('2');
  await expectSaved(page);
  const fromSearch = annotationsOnDisk(dir, LOG).find((a) => a.target.type === 'span' && a.target.quote === 'clause-350 of the');
  expect(fromSearch?.label).toBe('Third Party Sharing/Collection');

  // A selection dragged from the last sentence of one segment into the next is tagged whole.
  await scrollToPhrase(page, 'This is clause-301 ');
  const points = await page.evaluate(() => {
    const paragraphs = Array.from(document.querySelectorAll('.reading-text p'));
    const from = paragraphs.find((p) => (p.textContent ?? '').includes('This is clause-300 '));
    const to = paragraphs.find((p) => (p.textContent ?? '').includes('This is clause-301 '));
    /** The middle of the character at `offset` of the paragraph's text (last occurrence when `last`). */
    const at = (p: Element | undefined, phrase: string, last: boolean, end: boolean): { x: number; y: number } | null => {
      if (!p) return null;
      const whole = p.textContent ?? '';
      const start = last ? whole.lastIndexOf(phrase) : whole.indexOf(phrase);
      let offset = end ? start + phrase.length - 1 : start;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        if (offset < n.data.length) {
          const range = document.createRange();
          range.setStart(n, offset);
          range.setEnd(n, offset + 1);
          const box = range.getBoundingClientRect();
          return { x: end ? box.right - 1 : box.left + 1, y: box.top + box.height / 2 };
        }
        offset -= n.data.length;
      }
      return null;
    };
    return { start: at(from, 'We may collect', true, false), end: at(to, 'clause-301', false, true) };
  });
  if (!points.start || !points.end) throw new Error('the two segments are not on screen');
  await page.mouse.move(points.start.x, points.start.y);
  await page.mouse.down();
  await page.mouse.move(points.end.x, points.end.y, { steps: 6 });
  await page.mouse.up();
  const selectedText = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  expect(selectedText).toMatch(/^We may collect[\s\S]*This is clause-301$/);
  await page.keyboard.press('0');
  await expectSaved(page);
  const across = annotationsOnDisk(dir, LOG).find((a) => a.label === 'Other' && a.target.type === 'span' && a.target.quote.includes('301.'));
  expect(across).toBeDefined();
  if (across?.target.type === 'span') {
    const first = doc.segments.findIndex((s) => s.start <= (across.target as { start: number }).start && (across.target as { start: number }).start < s.end);
    const last = doc.segments.findIndex((s) => s.start < (across.target as { end: number }).end && (across.target as { end: number }).end <= s.end);
    expect(first).toBe(300);
    expect(last).toBeGreaterThan(300);
  }
  expectQuotesExact(dir);
  // The new marks are drawn where they belong: over the seeded one, and across the two segments.
  await expect(text.locator('p', { hasText: 'This is clause-350 ' }).locator('mark.hl')).toHaveText(['clause-350', ' of the']);
  await expect(text.locator('p', { hasText: 'This is clause-301 ' }).locator('mark.hl')).toHaveText(['301. 😀 This is ', 'clause-301']);
});
