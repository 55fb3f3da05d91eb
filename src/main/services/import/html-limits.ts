/**
 * Bounds on the work a web page can cause. Nesting is what costs: parse5 looks through the open
 * elements at every tag and jsdom tears a tree down recursively (thousands of levels take minutes, or
 * overflow the stack), and Readability's work grows faster than the square of the depth (a 22 KB page
 * nested 2,000 levels deep kept it busy past the import's 60 s limit). So a page nested too deep is
 * flattened before parsing, Readability is skipped on deep documents, and it has a time budget.
 */

/** Past this estimated depth the page is flattened to its text before jsdom sees it. */
export const MAX_PARSE_DEPTH = 1_000;
/** Readability is skipped on documents nested deeper than this (real pages stay well under 60). */
export const READABILITY_MAX_DEPTH = 100;
/** Readability gives up after this long, and the cleaned body is used instead. */
export const READABILITY_BUDGET_MS = 2_000;

/** Elements that never hold others, or whose end the parser implies when a sibling starts: they do not nest. */
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen',
  'frame', 'basefont', 'bgsound', 'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot',
  'colgroup', 'caption', 'rb', 'rt', 'rp', 'rtc', 'html', 'head', 'body',
]);

/** Comments and elements whose content is not markup (a "<div" in a script is no element). */
const NOT_MARKUP = /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title|xmp|noscript|template|iframe|noembed|noframes)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
/** A start or end tag; no part of it crosses a "<", so a page full of unclosed tags is still read in linear time. */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b(?:[^<>"']|"[^<"]*"|'[^<']*')*?(\/?)>/g;

/** How deep the page's elements nest, estimated in one pass over the markup (linear, no parsing). */
export function nestingDepth(html: string): number {
  const markup = html.replace(NOT_MARKUP, '');
  let depth = 0;
  let max = 0;
  for (const m of markup.matchAll(TAG)) {
    const name = (m[2] as string).toLowerCase();
    if (NOT_NESTING.has(name)) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3]) max = Math.max(max, ++depth);
  }
  return max;
}

const BLOCK_TAG = /^(?:address|article|aside|blockquote|center|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|header|hr|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|li)$/i;
const HEADING_TAG = /^h([1-6])$/i;

/**
 * The page with its nesting removed, for a page nested too deep to parse: headings, list items and
 * line breaks stay, every other block element becomes a paragraph break, other tags go, and text and
 * character references stay as they are (jsdom still decodes them).
 */
export function flattenHtml(html: string): string {
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1] ?? '';
  const body = html.replace(NOT_MARKUP, ' ').replace(TAG, (_tag, closing: string, name: string) => {
    const heading = HEADING_TAG.exec(name);
    if (heading) return closing ? `</h${heading[1]}><p>` : `<h${heading[1]}>`;
    if (/^br$/i.test(name)) return '<br>';
    if (/^li$/i.test(name)) return closing ? '</li><p>' : '<li>';
    return BLOCK_TAG.test(name) ? '<p>' : '';
  });
  // The title went with NOT_MARKUP; it comes back as the only thing in <head>.
  return `<!doctype html><html><head><title>${title.replace(/</g, '&lt;')}</title></head><body>${body.replace(/<(?![/a-z!])/gi, '&lt;')}</body></html>`;
}

/** Whether any element under `root` lies more than `limit` levels below it; stops at the first such. */
export function nestedDeeperThan(root: Element, limit: number): boolean {
  const stack: Array<[Element, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [el, depth] = stack.pop() as [Element, number];
    if (depth > limit) return true;
    for (let child = el.firstElementChild; child !== null; child = child.nextElementSibling) stack.push([child, depth + 1]);
  }
  return false;
}

export class OverBudget extends Error {}

/**
 * Makes `reader` (a Readability) throw OverBudget once `ms` have passed. Readability is synchronous
 * and cannot be interrupted from outside, so the check sits in the helpers its passes call for every
 * node; each of those calls is short, so the budget is kept to within a few milliseconds.
 */
export function withDeadline<T extends object>(reader: T, ms: number): T {
  const deadline = performance.now() + ms;
  const methods = reader as unknown as Record<string, unknown>;
  for (const name of ['_getNextNode', '_getInnerText', '_getAllNodesWithTag', '_getNodeAncestors', '_forEachNode', '_removeNodes']) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    methods[name] = function guarded(this: unknown, ...args: unknown[]): unknown {
      if (performance.now() > deadline) throw new OverBudget(`Readability took longer than ${ms} ms`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  return reader;
}
