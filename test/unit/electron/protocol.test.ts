import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);

const { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, isAppUrl, registerAppScheme, serveRenderer } = await import(
  '../../../src/main/electron/protocol.ts'
);

const INDEX = '<!doctype html><title>Clausemark</title>';
const SCRIPT = 'console.log("renderer")';
const SECRET = 'a reviewer’s private notes';

describe('the app:// protocol', () => {
  let dir: string;

  /** Asks the registered handler, as Chromium does for a request to app://. */
  const get = (url: string, init?: RequestInit) => {
    const handler = fake.protocol.handlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    return Promise.resolve(handler(new Request(url, init)));
  };

  beforeAll(async () => {
    resetFakeElectron();
    dir = await mkdtemp(join(tmpdir(), 'clausemark-protocol-'));
    const renderer = join(dir, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), INDEX);
    await writeFile(join(renderer, 'assets', 'app.js'), SCRIPT);
    // Beside the renderer folder: one level up, and in a folder whose name starts like it.
    await writeFile(join(dir, 'secret.txt'), SECRET);
    await mkdir(join(dir, 'renderer-private'));
    await writeFile(join(dir, 'renderer-private', 'secret.txt'), SECRET);
    serveRenderer(renderer);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('handles the app scheme only', () => {
    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
  });

  it('serves the entry page with the CSP, content type and nosniff headers', async () => {
    for (const url of [APP_ENTRY_URL, 'app://clausemark/', 'app://clausemark/index.html?x=1#top']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(await response.text()).toBe(INDEX);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves assets from inside the folder with the CSP too', async () => {
    const response = await get('app://clausemark/assets/app.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(SCRIPT);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('sends a CSP that closes everything not named and forbids framing', () => {
    const directives = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim());
    expect(directives).toEqual(
      expect.arrayContaining(["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]),
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });

  const escapes = [
    'app://clausemark/../secret.txt',
    'app://clausemark/assets/../../secret.txt',
    'app://clausemark/%2e%2e/secret.txt',
    'app://clausemark/.%2E/secret.txt',
    'app://clausemark/..%2fsecret.txt',
    'app://clausemark/%2e%2e%2fsecret.txt',
    'app://clausemark/assets/..%2f..%2fsecret.txt',
    'app://clausemark/..%2frenderer-private%2fsecret.txt',
    'app://clausemark/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://clausemark/..%5csecret.txt',
    `app://clausemark/${encodeURIComponent(join('..', 'secret.txt'))}`,
  ];

  it.each(escapes)('answers 404, without the file, to %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('answers 404 to an absolute path smuggled in the URL', async () => {
    const response = await get(`app://clausemark/${encodeURIComponent(join(dir, 'secret.txt'))}`);
    expect(response.status).toBe(404);
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://clausemark.evil/index.html'],
    ['a missing file', 'app://clausemark/missing.js'],
    ['a folder', 'app://clausemark/assets/'],
    ['a folder without its slash', 'app://clausemark/assets'],
    ['a malformed escape', 'app://clausemark/%E0%A4%A'],
    ['a NUL byte', 'app://clausemark/index.html%00.js'],
  ])('answers 404 to %s', async (_what, url) => {
    expect((await get(url)).status).toBe(404);
  });

  it('answers 404 to anything but GET', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect((await get(APP_ENTRY_URL, { method, body: 'x' })).status, method).toBe(404);
    }
  });

  it('knows the app’s own URLs', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://clausemark/assets/app.js')).toBe(true);
    for (const url of ['app://evil/', 'app://clausemark.evil/', 'https://clausemark/', 'file:///clausemark/index.html', 'not a url', '']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('registerAppScheme', () => {
  it('registers the scheme as standard and secure, without bypassing CSP or opening CORS', () => {
    resetFakeElectron();
    registerAppScheme();
    expect(fake.protocol.privileged).toHaveLength(1);
    const [schemes] = fake.protocol.privileged as [{ scheme: string; privileges: Record<string, boolean> }[]];
    expect(schemes.map((s) => s.scheme)).toEqual(['app']);
    const privileges = schemes[0]?.privileges ?? {};
    expect(privileges).toMatchObject({ standard: true, secure: true });
    for (const risky of ['bypassCSP', 'corsEnabled', 'allowServiceWorkers']) expect(privileges[risky], risky).not.toBe(true);
  });
});
