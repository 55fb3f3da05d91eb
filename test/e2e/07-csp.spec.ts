import { expect, test } from '@playwright/test';
import { ORIGIN, openApp } from './helpers.ts';

/** The directives of a CSP, by name. */
const directives = (csp: string): Map<string, string[]> =>
  new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name as string, values]));

function expectStrict(csp: string): void {
  const d = directives(csp);
  expect(d.get('script-src')).toEqual(["'self'"]);
  expect(d.get('object-src')).toEqual(["'none'"]);
  expect(d.get('base-uri')).toEqual(["'none'"]);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
}

test('the built renderer carries a strict CSP, in its meta tag and in the response, and the browser enforces it', async ({ page, request }) => {
  const response = await request.get(`${ORIGIN}/`);
  expect(response.status()).toBe(200);
  const header = response.headers()['content-security-policy'] ?? '';
  expectStrict(header);
  expect(directives(header).get('frame-ancestors')).toEqual(["'none'"]);

  // out/renderer/index.html as built by electron-vite: the meta CSP survives the build, and every
  // script is a same-origin file (an inline script would need 'unsafe-inline').
  const html = await response.text();
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1] ?? '';
  expectStrict(meta);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes).toMatch(/\bsrc="(\.\/|\/)assets\/[^"]+\.js"/);
    expect(body?.trim()).toBe('');
  }

  // The browser applies it: an inline script and a remote image added to the page do nothing.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await openApp(page);
  const ran = await page.evaluate(async () => {
    (window as unknown as { injected?: boolean }).injected = false;
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { injected?: boolean }).injected;
  });
  expect(ran).toBe(false);
  expect(violations.length).toBeGreaterThan(0);
});
