import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_TOKEN_HEADER as TOKEN_HEADER } from '../../../src/shared/api/methods.ts';
import { CONTENT_SECURITY_POLICY, startBridge, type Bridge } from '../../../src/main/web/server.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can send the Host and Origin headers a hostile page would. */
function send(bridge: Bridge, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  const { port } = new URL(bridge.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the loopback bridge', () => {
  let dir: string;
  let bridge: Bridge;
  const calls: [string, unknown][] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clausemark-bridge-'));
    const renderer = join(dir, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Clausemark</title>');
    await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'not for the browser');
    bridge = await startBridge({
      rendererDir: renderer,
      dispatch: async (method, input) => {
        calls.push([method, input]);
        return { ok: true, value: { method } };
      },
    });
  });

  afterAll(async () => {
    await bridge.close();
    await rm(dir, { recursive: true, force: true });
  });

  const api = (method: string, headers: Record<string, string>, body = '{}') =>
    send(bridge, { method: 'POST', path: `/api/${method}`, headers: { 'content-type': 'application/json', ...headers }, body });

  it('listens on 127.0.0.1 only, with a fresh random token in the URL fragment', async () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
    const other = await startBridge({ rendererDir: dir, dispatch: async () => ({ ok: true, value: null }) });
    expect(other.token).not.toBe(bridge.token);
    await other.close();
  });

  it('serves the renderer with a strict CSP', async () => {
    const page = await send(bridge, { path: '/', headers: { host: new URL(bridge.origin).host } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Clausemark</title>');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    const script = await send(bridge, { path: '/assets/app.js', headers: { host: new URL(bridge.origin).host } });
    expect(script.headers['content-type']).toContain('text/javascript');
  });

  it('serves nothing outside the renderer folder', async () => {
    const host = new URL(bridge.origin).host;
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const reply = await send(bridge, { path, headers: { host } });
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('not for the browser');
    }
  });

  it('answers contract calls that carry the token', async () => {
    const host = new URL(bridge.origin).host;
    const reply = await api('documents.list', { host, [TOKEN_HEADER]: bridge.token, origin: bridge.origin });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { method: 'documents.list' } });
    expect(calls.at(-1)).toEqual(['documents.list', {}]);
  });

  it('refuses calls without the token, from another origin, or for another host name', async () => {
    const host = new URL(bridge.origin).host;
    const before = calls.length;
    expect((await api('documents.list', { host })).status).toBe(403);
    expect((await api('documents.list', { host, [TOKEN_HEADER]: 'x'.repeat(bridge.token.length) })).status).toBe(403);
    expect((await api('documents.list', { host, [TOKEN_HEADER]: bridge.token, origin: 'http://evil.example' })).status).toBe(403);
    const rebound = await api('documents.list', { host: `evil.example:${new URL(bridge.origin).port}`, [TOKEN_HEADER]: bridge.token });
    expect(rebound.status).toBe(421);
    expect((await send(bridge, { path: '/api/documents.list', headers: { host, [TOKEN_HEADER]: bridge.token } })).status).toBe(405);
    expect(calls.length).toBe(before);
  });

  it('refuses a body that is not JSON', async () => {
    const host = new URL(bridge.origin).host;
    const reply = await api('documents.list', { host, [TOKEN_HEADER]: bridge.token }, '{not json');
    expect(reply.status).toBe(400);
  });

  it('answers 400, without a stack trace in the log, for a malformed % escape in the path', async () => {
    const host = new URL(bridge.origin).host;
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const before = calls.length;
      expect((await api('documents.%E0%A4%A', { host, [TOKEN_HEADER]: bridge.token })).status).toBe(400);
      expect((await api('%', { host, [TOKEN_HEADER]: bridge.token })).status).toBe(400);
      expect(calls.length).toBe(before);
      for (const path of ['/%', '/assets/%E0%A4%A', '/%zz.js']) expect((await send(bridge, { path, headers: { host } })).status).toBe(400);
    } finally {
      console.error = original;
    }
    expect(logged).toEqual([]);
  });
});
