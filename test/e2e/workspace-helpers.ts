import { expect, type Page } from '@playwright/test';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The document text in the workspace. */
export const documentText = (page: Page, title: string) => page.getByRole('textbox', { name: `Text of ${title}` });

/** Opens a document from the project's list and waits for its text. */
export async function openDocument(page: Page, title: string): Promise<void> {
  await page.getByRole('table').getByRole('button', { name: title, exact: true }).click();
  await expect(documentText(page, title)).toBeVisible();
}

/**
 * Where on screen the `occurrence`-th appearance of `phrase` in the document text starts and ends:
 * the middle of its first and of its last character, found from the rendered text.
 */
async function phrasePoints(page: Page, phrase: string, occurrence = 0): Promise<{ start: { x: number; y: number }; end: { x: number; y: number } }> {
  const found = await page.evaluate(
    ([wanted, nth]) => {
      const root = document.querySelector('.reading-text');
      if (!root) return null;
      // Per paragraph, so a phrase never spans the gap between two segments.
      let seen = 0;
      for (const paragraph of Array.from(root.querySelectorAll('p'))) {
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push(n as Text);
          text += (n as Text).data;
        }
        let at = text.indexOf(wanted);
        while (at >= 0 && seen < nth) {
          seen++;
          at = text.indexOf(wanted, at + 1);
        }
        if (at < 0) continue;
        const locate = (offset: number): [Text, number] => {
          let rest = offset;
          for (const node of nodes) {
            if (rest < node.data.length) return [node, rest];
            rest -= node.data.length;
          }
          const last = nodes[nodes.length - 1] as Text;
          return [last, last.data.length];
        };
        const rectOf = (offset: number): DOMRect => {
          const [node, o] = locate(offset);
          const range = document.createRange();
          range.setStart(node, o);
          range.setEnd(node, Math.min(node.data.length, o + 1));
          return range.getBoundingClientRect();
        };
        const first = rectOf(at);
        const last = rectOf(at + wanted.length - 1);
        return { start: { x: first.left + 1, y: first.top + first.height / 2 }, end: { x: last.right - 1, y: last.top + last.height / 2 } };
      }
      return null;
    },
    [phrase, occurrence] as const,
  );
  if (!found) throw new Error(`“${phrase}” is not in the document text`);
  return found;
}

/** Scrolls the phrase's paragraph to the middle and waits until layout settles (off-screen segments are laid out lazily). */
export async function scrollToPhrase(page: Page, phrase: string): Promise<void> {
  await page.evaluate(async (wanted) => {
    const paragraph = Array.from(document.querySelectorAll('.reading-text p')).find((p) => (p.textContent ?? '').includes(wanted));
    let last = '';
    for (let i = 0; i < 20; i++) {
      paragraph?.scrollIntoView({ block: 'center' });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const box = JSON.stringify(paragraph?.getBoundingClientRect());
      if (box === last) return;
      last = box;
    }
  }, phrase);
}

/** Selects `phrase` with a real mouse drag, as a reviewer would, and checks the browser selected it. */
export async function dragSelect(page: Page, phrase: string, opts: { occurrence?: number; alt?: boolean; expectExact?: boolean } = {}): Promise<void> {
  await scrollToPhrase(page, phrase);
  const { start, end } = await phrasePoints(page, phrase, opts.occurrence);
  if (opts.alt) await page.keyboard.down('Alt');
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 4 });
  await page.mouse.up();
  if (opts.alt) await page.keyboard.up('Alt');
  if (opts.expectExact !== false) expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(phrase);
}

/** Waits until the save indicator says everything shown is on disk. */
export async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
}

export interface LoggedAnnotation {
  id: string;
  documentId: string;
  target: { type: 'span'; start: number; end: number; quote: string } | { type: 'segment'; segment: number };
  label: string;
  attributes: Record<string, { value: string; evidence?: { start: number; end: number; quote: string }[] }[]>;
  note: string;
}

/** The reviewer's log folded as the app folds it: the last line of an id wins. */
export function annotationsOnDisk(projectDir: string, reviewerFile: string): LoggedAnnotation[] {
  const path = join(projectDir, 'annotations', reviewerFile);
  if (!existsSync(path)) return [];
  const byId = new Map<string, LoggedAnnotation>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { kind: string; annotation?: LoggedAnnotation; id?: string };
    if (record.kind === 'annotation' && record.annotation) byId.set(record.annotation.id, record.annotation);
    if (record.kind === 'deletion' && record.id) byId.delete(record.id);
  }
  return [...byId.values()];
}

/** The reviewer's statuses from the log: document id -> last status. */
export function statusesOnDisk(projectDir: string, reviewerFile: string): Map<string, string> {
  const statuses = new Map<string, string>();
  const path = join(projectDir, 'annotations', reviewerFile);
  if (!existsSync(path)) return statuses;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { kind: string; documentId?: string; status?: string };
    if (record.kind === 'status' && record.documentId && record.status) statuses.set(record.documentId, record.status);
  }
  return statuses;
}

/** A document's text in code points, from its file, as Python would index it. */
export function documentCodePoints(projectDir: string, documentId: string): string[] {
  const doc = JSON.parse(readFileSync(join(projectDir, 'documents', `${documentId}.json`), 'utf8')) as { text: string };
  return Array.from(doc.text);
}
