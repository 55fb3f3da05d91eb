/**
 * HTML to readable blocks. The page is parsed by jsdom with scripts and resource loading left off
 * (the defaults), so nothing in it runs or is fetched; boilerplate is removed by tag, role and
 * class/id heuristics; Readability picks the article when it finds one that is not much shorter than
 * the cleaned body.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { SegmentKind } from '../../../shared/domain/document.ts';
import type { TextBlock } from '../../../shared/text/segmentation.ts';
import {
  MAX_PARSE_DEPTH,
  READABILITY_BUDGET_MS,
  READABILITY_MAX_DEPTH,
  flattenHtml,
  nestedDeeperThan,
  nestingDepth,
  withDeadline,
} from './html-limits.ts';

export interface HtmlContent {
  /** From <title>, the first <h1> or Readability; null when the page has none. */
  title: string | null;
  blocks: TextBlock[];
}

/** Elements whose content is never policy text. */
const DROPPED_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'SVG', 'CANVAS',
  'MATH', 'FORM', 'INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'OPTION', 'NAV', 'HEADER', 'FOOTER', 'ASIDE', 'DIALOG',
  'MENU', 'AUDIO', 'VIDEO', 'MAP', 'HEAD', 'LINK', 'META',
]);
const DROPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'dialog', 'alertdialog', 'search', 'complementary', 'menu', 'menubar', 'toolbar']);

/** class/id tokens of page furniture: menus, carts, share buttons, skip links. */
const FURNITURE_TOKEN =
  /^(?:(?:site|page|main|global|top)[-_]?(?:header|footer|nav|navigation|menu)|header|footer|nav|navbar|navigation|menu|breadcrumbs?|sidebar|skip[-_]?(?:link|to[-_]?content)?|social|share|sharing|newsletter|(?:mini|side|drawer)?[-_]?cart(?:[-_].*)?|cart|popup|modal|announcement[-_]?bar|visually[-_]?hidden|sr[-_]only)$/i;
/** class/id tokens of cookie and consent banners (a policy's own "cookies" section must survive). */
const CONSENT_TOKEN = /cookie|consent|gdpr|onetrust|cookiebot|truste|cmp[-_]/i;

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION',
  'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'HTML',
]);
const HEADING_TAGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const BOLD_TAGS = new Set(['B', 'STRONG']);

/** OPP-115's sanitized policies separate their segments with this; we keep those segments as they are. */
const OPP115_SEPARATOR = '|||';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

function isFurniture(el: Element): boolean {
  if (DROPPED_TAGS.has(el.tagName.toUpperCase())) return true;
  const role = el.getAttribute('role');
  if (role !== null && DROPPED_ROLES.has(role.trim().toLowerCase())) return true;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  if (style !== null && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  const tokens = `${el.getAttribute('class') ?? ''} ${el.id}`.split(/\s+/).filter(Boolean);
  if (tokens.some((t) => FURNITURE_TOKEN.test(t))) return true;
  // A consent banner is short; a long element named "cookies" is the policy's section about them.
  if (tokens.some((t) => CONSENT_TOKEN.test(t)) && (el.textContent ?? '').length < 2000) return true;
  return false;
}

/** Removes boilerplate in place; an explicit stack, since pages can nest deeper than the call stack. */
function removeFurniture(root: Element): void {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    // Sibling links, not el.children: jsdom's HTMLCollection makes indexed access O(n), so O(n²) overall.
    let child = el.firstElementChild;
    while (child !== null) {
      const next = child.nextElementSibling;
      if (isFurniture(child)) child.remove();
      else stack.push(child);
      child = next;
    }
  }
}

const BREAK = Symbol('line break');
type Piece = { text: string; bold: boolean } | typeof BREAK;

/** Walks the DOM and cuts its text into blocks at block elements, blank lines (<br><br>) and OPP-115 separators. */
class BlockCollector {
  readonly blocks: Array<TextBlock & { separatorBefore: boolean }> = [];
  private pieces: Piece[] = [];
  private separatorPending = false;
  sawSeparator = false;

  text(value: string, bold: boolean, pre: boolean): void {
    const parts = value.split(OPP115_SEPARATOR);
    parts.forEach((part, i) => {
      if (i > 0) this.separator();
      if (pre) {
        part.split('\n').forEach((line, j) => {
          if (j > 0) this.pieces.push(BREAK);
          this.pieces.push({ text: line, bold });
        });
      } else {
        this.pieces.push({ text: part, bold });
      }
    });
  }

  lineBreak(): void {
    this.pieces.push(BREAK);
  }

  private separator(): void {
    this.sawSeparator = true;
    this.flush('paragraph');
    this.separatorPending = true;
  }

  /** Ends the current block; `kind` is what the enclosing elements make of it. */
  flush(kind: SegmentKind): void {
    if (this.pieces.length === 0) return;
    let lines: string[] = [];
    let boldOnly = true;
    let line = '';
    const endLine = (): void => {
      // Only HTML white space collapses; no-break spaces are content.
      const collapsed = line.replace(/[ \t\n\r\f]+/g, ' ').trim();
      line = '';
      if (collapsed !== '') {
        lines.push(collapsed);
        return;
      }
      // An empty line (<br><br>) ends a paragraph.
      this.push(lines, kind, boldOnly);
      lines = [];
      boldOnly = true;
    };
    for (const piece of this.pieces) {
      if (piece === BREAK) endLine();
      else {
        line += piece.text;
        if (!piece.bold && /[^ \t\n\r\f]/.test(piece.text)) boldOnly = false;
      }
    }
    endLine();
    this.push(lines, kind, boldOnly);
    this.pieces = [];
  }

  private push(lines: string[], kind: SegmentKind, boldOnly: boolean): void {
    if (lines.length === 0) return;
    const text = lines.join('\n');
    // A short paragraph entirely in bold reads as a heading (OPP-115 and many CMS pages mark them so).
    const asKind: SegmentKind = kind === 'paragraph' && boldOnly && text.length <= 200 && lines.length === 1 ? 'heading' : kind;
    this.blocks.push({ text, kind: asKind, separatorBefore: this.separatorPending });
    this.separatorPending = false;
  }
}

function collectBlocks(root: Node): BlockCollector {
  const collector = new BlockCollector();
  type Frame = { node: Node; kind: SegmentKind; bold: boolean; pre: boolean; exit: boolean };
  const stack: Frame[] = [{ node: root, kind: 'paragraph', bold: false, pre: false, exit: false }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { node } = frame;
    if (frame.exit) {
      collector.flush(frame.kind);
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      collector.text(node.nodeValue ?? '', frame.bold, frame.pre);
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE && node !== root) continue;
    const tag = node.nodeType === ELEMENT_NODE ? (node as Element).tagName.toUpperCase() : '';
    if (tag === 'BR') {
      collector.lineBreak();
      continue;
    }
    let kind = frame.kind;
    if (HEADING_TAGS.has(tag)) kind = 'heading';
    else if (tag === 'LI' && kind !== 'heading') kind = 'list-item';
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      collector.flush(frame.kind);
      stack.push({ ...frame, kind, exit: true });
    }
    const child = { kind, bold: frame.bold || BOLD_TAGS.has(tag), pre: frame.pre || tag === 'PRE', exit: false };
    for (let c = node.lastChild; c !== null; c = c.previousSibling) stack.push({ node: c, ...child });
  }
  collector.flush('paragraph');
  return collector;
}

/** In OPP-115 files every |||-separated part is one segment, its inner blocks joined by newlines. */
function opp115Blocks(collector: BlockCollector): TextBlock[] {
  const merged: TextBlock[] = [];
  let current: TextBlock[] = [];
  const close = (): void => {
    if (current.length === 0) return;
    const only = current.length === 1 ? current[0] : undefined;
    merged.push({ text: current.map((b) => b.text).join('\n'), kind: only ? only.kind : 'paragraph', whole: true });
    current = [];
  };
  for (const block of collector.blocks) {
    if (block.separatorBefore) close();
    current.push(block);
  }
  close();
  return merged;
}

const nonSpaceLength = (blocks: readonly TextBlock[]): number =>
  blocks.reduce((n, b) => n + b.text.replace(/\s+/g, '').length, 0);

/** How many blocks at each end are tried against the article before giving up on it. */
const SPAN_SEARCH_LIMIT = 2000;

/**
 * Readability is used to find where the article starts and ends, not as the text itself: it drops
 * the headline and short bold headings a policy needs. The body's blocks from the first to the last
 * one Readability kept (with the headings just before) remain; page furniture around them goes.
 * When the article is much shorter than the body, it missed part of the policy and the body stays.
 */
function articleSpan(blocks: TextBlock[], articleText: string): TextBlock[] {
  const article = articleText.replace(/\s+/g, '');
  if (article.length < nonSpaceLength(blocks) * 0.6) return blocks;
  const inArticle = (b: TextBlock): boolean => article.includes(b.text.replace(/\s+/g, ''));
  let first = -1;
  for (let i = 0; i < Math.min(blocks.length, SPAN_SEARCH_LIMIT) && first < 0; i++) if (inArticle(blocks[i] as TextBlock)) first = i;
  let last = -1;
  for (let i = blocks.length - 1; i >= Math.max(0, blocks.length - SPAN_SEARCH_LIMIT) && last < 0; i--) if (inArticle(blocks[i] as TextBlock)) last = i;
  if (first < 0 || last < first) return blocks;
  while (first > 0 && blocks[first - 1]?.kind === 'heading') first--;
  return blocks.slice(first, last + 1);
}

/**
 * The blocks of the page's one <main> (or role="main") element, when it holds most of the page's
 * text; null when there is none, several, or one that leaves much of the text outside.
 */
function markedMain(body: Element, bodyBlocks: TextBlock[]): TextBlock[] | null {
  const marked = body.querySelectorAll('main, [role="main"]');
  if (marked.length !== 1) return null;
  const blocks = collectBlocks(marked[0] as Element).blocks.map(({ text, kind }) => ({ text, kind }));
  return nonSpaceLength(blocks) >= nonSpaceLength(bodyBlocks) * 0.5 ? blocks : null;
}

/** Readability is worth its cost on pages of ordinary size; on huge pages the cleaned body is used. */
const READABILITY_MAX_ELEMENTS = 6_000;

export function htmlToBlocks(html: string, options: { readability: boolean; readabilityBudgetMs?: number }): HtmlContent {
  const virtualConsole = new VirtualConsole();
  // A page nested thousands of levels deep is read as its text (html-limits.ts says why).
  const deep = nestingDepth(html) > MAX_PARSE_DEPTH;
  const dom = new JSDOM(deep ? flattenHtml(html) : html, { contentType: 'text/html', virtualConsole });
  try {
    const doc = dom.window.document;
    const docTitle = doc.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null;
    const body = doc.body ?? doc.documentElement;
    removeFurniture(body);
    const h1 = doc.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() || null;

    const bodyCollector = collectBlocks(body);
    if (bodyCollector.sawSeparator) return { title: docTitle ?? h1, blocks: opp115Blocks(bodyCollector) };
    let blocks: TextBlock[] = bodyCollector.blocks.map(({ text, kind }) => ({ text, kind }));

    // A page that marks its main content says where the policy is: that is cheaper and surer than
    // Readability's guess (which costs most of the import time of a large page).
    const main = markedMain(body, blocks);
    if (main !== null) return { title: docTitle ?? h1, blocks: main };

    let readabilityTitle: string | null = null;
    const readable =
      options.readability &&
      !deep &&
      doc.getElementsByTagName('*').length <= READABILITY_MAX_ELEMENTS &&
      !nestedDeeperThan(doc.documentElement, READABILITY_MAX_DEPTH);
    if (readable) {
      const article = readArticle(doc, options.readabilityBudgetMs ?? READABILITY_BUDGET_MS);
      if (article !== null) {
        readabilityTitle = article.title;
        blocks = articleSpan(blocks, article.text);
      }
    }
    return { title: docTitle ?? h1 ?? readabilityTitle, blocks };
  } finally {
    dom.window.close();
  }
}

function readArticle(doc: Document, budgetMs: number): { title: string | null; text: string } | null {
  try {
    // No clone (a fifth of the cost on a large page): the body's blocks were collected before this
    // runs, and Readability's changes to the document are not looked at afterwards.
    const article = withDeadline(new Readability(doc, { charThreshold: 200 }), budgetMs).parse();
    if (!article?.textContent) return null;
    return { title: article.title?.trim() || null, text: article.textContent };
  } catch {
    // Readability gives up on odd documents, or ran out of time; the cleaned body is then what we have.
    return null;
  }
}
