import { afterAll, describe, expect, it } from 'vitest';
import { htmlToBlocks } from '../../../src/main/services/import/html.ts';
import { flattenHtml, nestingDepth } from '../../../src/main/services/import/html-limits.ts';
import { parseSource } from '../../../src/main/services/import/index.ts';
import { ParsePool } from '../../../src/main/services/import/pool.ts';

const POLICY = 'We collect your name and e-mail address when you order. We keep them for five years.';

/** A page whose one paragraph sits `depth` elements deep: 2,000 levels make the 22 KB page of the issue. */
const nested = (depth: number, chains = 1): string => {
  const chain = `${'<div>'.repeat(depth)}<p>${POLICY}</p>${'</div>'.repeat(depth)}`;
  return `<!doctype html><html><head><title>Deep &amp; Dark</title></head><body>${chain.repeat(chains)}</body></html>`;
};
const bytes = (html: string): Uint8Array => new TextEncoder().encode(html);

async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('deeply nested web pages', { timeout: 60_000 }, () => {
  it('imports the 22 KB page nested 2,000 levels deep within 5 s, as its text', async () => {
    const page = nested(2000);
    expect(page.length).toBeGreaterThan(22_000);
    const { value: doc, ms } = await timed(() => parseSource({ fileName: 'deep.html', bytes: bytes(page) }));
    expect(ms).toBeLessThan(5_000);
    expect(doc.title).toBe('Deep & Dark');
    expect(doc.text).toBe(POLICY);
  });

  it('imports pages nested 400 and 30,000 levels deep within 5 s, without overflowing the stack', async () => {
    for (const depth of [400, 30_000]) {
      const { value: doc, ms } = await timed(() => parseSource({ fileName: `deep-${depth}.html`, bytes: bytes(nested(depth)) }));
      expect(ms, `${depth} levels`).toBeLessThan(5_000);
      expect(doc.text).toBe(POLICY);
    }
  });

  it('gives Readability a time budget and falls back to the cleaned body when it runs out', async () => {
    // 60 chains 90 deep: under the depth limits, yet Readability needs seconds for it.
    const page = nested(90, 60);
    const { value, ms } = await timed(() => htmlToBlocks(page, { readability: true, readabilityBudgetMs: 100 }));
    expect(ms).toBeLessThan(1_500);
    expect(value.blocks).toEqual(htmlToBlocks(page, { readability: false }).blocks);
  });

  describe('in the import worker, while other files wait', () => {
    const pool = new ParsePool({ workers: 1 });
    afterAll(() => pool.close());

    it('answers the deep page and the files after it within seconds', async () => {
      const started = performance.now();
      const [deep, next] = await Promise.all([
        pool.parse('deep.html', bytes(nested(2000))),
        pool.parse('next.txt', bytes(`Privacy Policy\n\n${POLICY}\n`)),
      ]);
      expect(deep.text).toBe(POLICY);
      expect(next.segments).toHaveLength(2);
      expect(performance.now() - started).toBeLessThan(15_000);
    });
  });
});

describe('nestingDepth', () => {
  it('counts elements that nest, not void elements, implied ends, comments or script text', () => {
    expect(nestingDepth('<div><span><b>x</b></span></div>')).toBe(3);
    expect(nestingDepth('<div><br><img src="a>b"><hr/><p>one<p>two<li>three</div>')).toBe(1);
    expect(nestingDepth(`<div><!-- ${'<div>'.repeat(50)} --><script>${'<div>'.repeat(50)}</script></div>`)).toBe(1);
    expect(nestingDepth(nested(2000))).toBe(2000);
  });

  it('reads a page full of unclosed tags and quotes in linear time', () => {
    for (const junk of ['<a '.repeat(200_000), '<a "'.repeat(200_000), '<script'.repeat(100_000), '<!--'.repeat(100_000)]) {
      const started = performance.now();
      nestingDepth(junk);
      flattenHtml(junk);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});

describe('flattenHtml', () => {
  it('keeps the title, headings, list items, line breaks and text, and drops scripts and nesting', () => {
    const flat = flattenHtml(
      '<html><head><title>A &lt;b&gt; Policy</title><style>p{}</style></head><body><div><h2>Your <i>rights</i></h2><ul><li>access</li></ul><div>x &amp; y<br>z < 3</div><script>alert(1)</script></div></body></html>',
    );
    const { title, blocks } = htmlToBlocks(flat, { readability: false });
    expect(title).toBe('A <b> Policy');
    expect(blocks).toEqual([
      { text: 'Your rights', kind: 'heading' },
      { text: 'access', kind: 'list-item' },
      { text: 'x & y\nz < 3', kind: 'paragraph' },
    ]);
  });
});
