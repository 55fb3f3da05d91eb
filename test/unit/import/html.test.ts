import { fileURLToPath } from 'node:url';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/main/services/import/index.ts';
import type { ParsedDocument } from '../../../src/shared/domain/document.ts';
import { AppError } from '../../../src/shared/result.ts';
import { expectValidSegments, segmentTexts } from '../text/invariants.ts';

// A copy of three OPP-115 policies (licence: test/fixtures/opp115-sample/readme.txt), for the tests only.
const OPP115 = fileURLToPath(new URL('../../fixtures/opp115-sample/sanitized_policies', import.meta.url));

const importHtml = (html: string | Uint8Array, fileName = 'page.html'): Promise<ParsedDocument> =>
  parseSource({ fileName, bytes: typeof html === 'string' ? new TextEncoder().encode(html) : html });

function texts(doc: ParsedDocument): string[] {
  expectValidSegments(doc.text, doc.segments);
  return segmentTexts(doc.text, doc.segments);
}

const POLICY_PARAGRAPH = 'We collect the information you give us when you create an account or place an order, and we use it only to provide our services to you.';

describe('HTML import', () => {
  let server: Server;
  let requests = 0;
  let origin = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.end('alert("fetched")');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('drops scripts, styles, frames, SVG, forms, navigation, footer and cookie banners, and fetches nothing', async () => {
    const html = `<!doctype html><html><head><title>Shop — Privacy Policy</title>
      <style>body { color: red } .secret-css {}</style>
      <link rel="stylesheet" href="${origin}/style.css"><script src="${origin}/app.js"></script></head>
      <body>
        <header><a href="/">Shop home</a></header>
        <nav><ul><li>Menu entry</li></ul></nav>
        <div class="cookie-banner">We use cookies. Accept all?</div>
        <div id="cart-drawer">Your cart is empty</div>
        <main>
          <h1>Privacy Policy</h1>
          <script>document.body.innerHTML = 'SCRIPT RAN'; alert(1)</script>
          <p>${POLICY_PARAGRAPH}</p>
          <h2>Cookies</h2>
          <p>We use cookies to keep you signed in &amp; to remember your basket.</p>
          <ul><li>Strictly necessary cookies</li><li>Analytics cookies</li></ul>
          <iframe src="${origin}/frame.html">Frame fallback text</iframe>
          <svg><text>SVG label</text></svg>
          <form><label>Newsletter e-mail</label><input value="typed"><button>Subscribe</button></form>
          <img src="${origin}/x.png" alt="Image alt text">
        </main>
        <aside>Related products</aside>
        <footer>© Shop footer</footer>
        <div role="navigation">Role navigation links</div>
      </body></html>`;
    const doc = await importHtml(html);
    const all = texts(doc);
    expect(doc.title).toBe('Shop — Privacy Policy');
    expect(all).toEqual([
      'Privacy Policy',
      POLICY_PARAGRAPH,
      'Cookies',
      'We use cookies to keep you signed in & to remember your basket.',
      'Strictly necessary cookies',
      'Analytics cookies',
    ]);
    expect(doc.segments.map((s) => s.kind)).toEqual(['heading', 'paragraph', 'heading', 'paragraph', 'list-item', 'list-item']);
    for (const hidden of ['SCRIPT RAN', 'alert', 'color: red', 'Frame fallback', 'SVG label', 'Newsletter', 'Menu entry', 'Shop home', 'Accept all', 'cart is empty', 'Related products', 'footer', 'Role navigation']) {
      expect(doc.text).not.toContain(hidden);
    }
    // Give any stray loader a moment; jsdom must not have asked the server for anything.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toBe(0);
  });

  it('collapses white space, decodes entities, keeps no-break spaces and splits at <br><br>', async () => {
    const doc = await importHtml(
      '<body><div>First   line\n of text&nbsp;here.<br>Second line.<br><br>New &ldquo;paragraph&rdquo;.</div><p><strong>Bold Heading</strong></p><p>Text.</p></body>',
    );
    expect(texts(doc)).toEqual(['First line of text\u00a0here.\nSecond line.', 'New “paragraph”.', 'Bold Heading', 'Text.']);
    expect(doc.segments[2]?.kind).toBe('heading');
    expect(doc.title).toBe('page');
  });

  it('keeps a long policy whole when Readability would keep only part of it', async () => {
    const sections = Array.from({ length: 8 }, (_, i) => `<div class="section"><h2>Section ${i + 1}</h2><p>${POLICY_PARAGRAPH} Clause ${i + 1}.</p></div>`);
    const html = `<html><body><div class="intro"><p>${POLICY_PARAGRAPH.repeat(3)}</p></div>${sections.join('<div><a href="#">link</a> <a href="#">link</a></div>')}</body></html>`;
    const all = texts(await importHtml(html));
    for (let i = 1; i <= 8; i++) expect(all).toContain(`Section ${i}`);
  });

  it('uses Readability to cut page furniture the class heuristics miss, keeping the headline', async () => {
    const body = `<p>${POLICY_PARAGRAPH} We keep it safe and never sell it.</p>`.repeat(6);
    const html = `<html><body><div class="promo"><a href="/club">Club alba nera</a> <a href="/x">Join the club and enjoy a discount</a></div><div class="content"><article><h1>Privacy Policy</h1>${body}</article></div><div class="links"><a href="/a">Shipping</a> <a href="/b">Returns</a></div></body></html>`;
    const all = texts(await importHtml(html));
    expect(all[0]).toBe('Privacy Policy');
    expect(all).toHaveLength(7);
    for (const furniture of ['Club alba nera', 'Join the club', 'Shipping']) expect(all.join(' ')).not.toContain(furniture);
  });

  it('takes the page’s one <main> as the policy, and ignores a <main> that holds little of the text', async () => {
    const policy = `<h1>Privacy Policy</h1>${`<p>${POLICY_PARAGRAPH}</p>`.repeat(4)}`;
    const promo = '<div class="promo"><p>Join the Alba Nera club and enjoy a 20% discount on your next purchase.</p></div>';
    const marked = texts(await importHtml(`<html><body>${promo}<main>${policy}</main>${promo}</body></html>`));
    expect(marked).toEqual(['Privacy Policy', POLICY_PARAGRAPH, POLICY_PARAGRAPH, POLICY_PARAGRAPH, POLICY_PARAGRAPH]);

    const tinyMain = `<html><body><main><p>Welcome to our shop.</p></main><div class="content">${policy}</div></body></html>`;
    expect(texts(await importHtml(tinyMain))).toContain(POLICY_PARAGRAPH);
  });

  it('takes the title from the first h1 when there is no <title>', async () => {
    expect((await importHtml('<h1>Our Privacy Notice</h1><p>Text of it.</p>')).title).toBe('Our Privacy Notice');
  });

  it('honours a <meta charset> when the bytes are not UTF-8 and refuses charsets it cannot record', async () => {
    const latin = Uint8Array.from([...new TextEncoder().encode('<meta charset="iso-8859-1"><p>Caf'), 0xe9, 0x20, 0x93, 0x78, 0x94, ...new TextEncoder().encode('</p>')]);
    const doc = await importHtml(latin);
    expect(doc.encoding).toBe('windows-1252');
    expect(texts(doc)).toEqual(['Café “x”']);
    const sjis = Uint8Array.from([...new TextEncoder().encode('<meta charset="shift_jis"><p>'), 0x82, 0xa0, ...new TextEncoder().encode('</p>')]);
    const error = await importHtml(sjis, 'jp.html').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FILE_UNSUPPORTED');
    expect((error as AppError).message).toMatch(/^jp\.html: .*shift_jis/);
  });

  it('refuses a page with no text', async () => {
    const error = await importHtml('<html><body><script>x()</script><nav>Menu</nav></body></html>', 'blank.html').catch((e: unknown) => e);
    expect((error as AppError).code).toBe('FILE_NO_TEXT');
  });
});

describe('OPP-115 sanitized policies', () => {
  it('become exactly one segment per |||-separated OPP-115 segment, in order', async () => {
    const names = (await readdir(OPP115)).filter((n) => n.endsWith('.html'));
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const raw = await readFile(join(OPP115, name), 'utf8');
      const doc = await parseSource({ fileName: name, bytes: new TextEncoder().encode(raw) });
      const all = texts(doc);
      const parts = raw.split('|||');
      expect(all.length, name).toBe(parts.length);
      // Each segment holds the words of its OPP-115 segment (tags removed, white space collapsed).
      parts.forEach((part, i) => {
        const words = part.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ').split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w));
        for (const w of words.slice(0, 5)) expect(all[i], `${name} segment ${i}`).toContain(w);
      });
    }
  });
});
