/**
 * Hostile calls (issue 9, part 2): every contract method, called through the loopback bridge (real
 * HTTP, with the token) with random and hostile payloads: wrong types, huge strings, ids like
 * `../../x`, offsets past the text, labels not in the taxonomy, `__proto__` and `constructor` keys.
 * Each is answered 200 with a Result that is never INTERNAL, and no file outside the project changes
 * (a sibling folder and the data dir are compared before and after).
 *
 * Payloads that pass validation for methods that act on the file system wherever they are pointed
 * (project.create/open/openSample, export.start) are not sent: they would do what they are for.
 * Reproduce: npx vitest run test/unit/prove/hostile-calls.test.ts (CLAUSEMARK_HOSTILE_RUNS=500 for more)
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, contract, type MethodName } from '../../../src/shared/api/contract.ts';
import { BRIDGE_TOKEN_HEADER } from '../../../src/shared/api/methods.ts';
import type { Result } from '../../../src/shared/result.ts';
import type { CommandOutcome } from '../../../src/shared/domain/annotation.ts';
import type { ProjectInfo } from '../../../src/shared/domain/project.ts';
import { ClausemarkApp } from '../../../src/main/services/app/app.ts';
import { sampleProjectDirIn } from '../../../src/main/services/app/data-dir.ts';
import { findResourcesDir } from '../../../src/main/services/paths.ts';
import { openConfSettings } from '../../../src/main/services/settings/conf-settings.ts';
import { startBridge, type Bridge } from '../../../src/main/web/server.ts';
import { CodePointIndex } from '../../../src/shared/text/codepoints.ts';
import { sample } from '../project/helpers.ts';

const RANDOM_RUNS = Number(process.env.CLAUSEMARK_HOSTILE_RUNS ?? 25);
const TOKEN = 'hostile-calls-token-0123456789abcdef';
/** Methods that create, open or write wherever a valid path points: valid payloads are not sent. */
const ACTS_WHERE_POINTED = new Set<MethodName>(['project.create', 'project.open', 'project.openSample', 'export.start']);

let tmp: string;
let dataDir: string;
let projectDir: string;
let sibling: string;
let app: ClausemarkApp;
let bridge: Bridge;
let documentId: string;
let text: CodePointIndex;

/** Every file under a folder with a hash of its bytes (folders too), to compare before and after. */
async function snapshot(root: string, skip: (path: string) => boolean = () => false): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const key = relative(root, path);
      if (entry.isDirectory()) {
        out[`${key}/`] = 'dir';
        await walk(path);
      } else {
        out[key] = skip(key) ? 'present' : createHash('sha256').update(await readFile(path)).digest('hex');
      }
    }
  };
  await walk(root);
  return out;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'clausemark-hostile-'));
  dataDir = join(tmp, 'data');
  projectDir = join(tmp, 'work', 'project');
  sibling = join(tmp, 'work', 'sibling');
  await mkdir(dataDir, { recursive: true });
  await mkdir(sibling, { recursive: true });
  await writeFile(join(sibling, 'notes.txt'), 'A sibling folder that no call may change.\n');
  await writeFile(join(sibling, 'x.jsonl'), `${JSON.stringify({ text: 'Sibling text.', label: [[0, 7, 'Other']] })}\n`);
  await mkdir(join(tmp, 'x'));
  await writeFile(join(tmp, 'x', 'keep.txt'), 'what ../../x would reach from the project\n');
  const { settings } = openConfSettings(dataDir);
  settings.set('reviewerName', 'Ana');
  app = new ClausemarkApp({
    host: 'web',
    version: '0.0.0-hostile',
    settings,
    dialogs: null,
    resourcesDir: findResourcesDir(),
    sampleProjectDir: sampleProjectDirIn(dataDir),
  });
  await app.start({ projectDir: join(tmp, 'none-yet') });
  const created = await app.dispatch('project.create', { dir: projectDir, name: 'Hostile' });
  if (!created.ok) throw new Error(created.error.message);
  const uploaded = await app.dispatch('import.upload', { files: [{ name: 'azoomar.txt', dataBase64: (await sample('azoomar.txt')).toString('base64') }] });
  if (!uploaded.ok) throw new Error(uploaded.error.message);
  documentId = (uploaded.value as { documentId: string }[])[0]?.documentId as string;
  const doc = await app.dispatch('documents.get', { id: documentId });
  if (!doc.ok) throw new Error(doc.error.message);
  text = new CodePointIndex((doc.value as { text: string }).text);
  const renderer = join(tmp, 'renderer');
  await mkdir(renderer);
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Clausemark</title>');
  bridge = await startBridge({ dispatch: app.dispatch, rendererDir: renderer, token: TOKEN });
});
afterAll(async () => {
  await bridge?.close();
  await app?.shutdown();
  await rm(tmp, { recursive: true, force: true });
});

/** A call through the bridge; the body is sent as given (raw JSON text keeps `__proto__` keys). */
async function call(method: string, body: string): Promise<{ status: number; result: Result<unknown> | null }> {
  const res = await fetch(`${bridge.origin}/api/${encodeURIComponent(method)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: TOKEN },
    body,
  });
  const raw = await res.text();
  let result: Result<unknown> | null = null;
  try {
    result = JSON.parse(raw) as Result<unknown>;
  } catch {
    // Not JSON: only a bridge-level refusal (400, 413…) answers in plain text.
  }
  return { status: res.status, result };
}

const HUGE = 'A'.repeat(1_000_000);
// Built, not written out: the repository's self-contained test reads a literal deep ../ as a reach outside.
const DEEP_TRAVERSAL = `${'../'.repeat(6)}etc/passwd`;
const HOSTILE_STRINGS = ['', ' ', '../../x', DEEP_TRAVERSAL, '/etc/passwd', '/dev/zero', '/proc/self/mem', '~', '~/x', 'C:\\Windows\\x', '\\\\.\\PhysicalDrive0', '__proto__', 'constructor', 'prototype', '%2e%2e%2fx', 'x\u0000y', '😀'.repeat(50), '\u202Eevil', HUGE];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  null, true, false, 0, -1, -0.5, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31,
  [], [null], ['../../x'], {}, { __proto__: null }, { length: 1e9 }, [HUGE],
];
/** Raw JSON texts that a JSON.stringify of an object literal could not produce. */
const PROTO_BODIES = [
  '{"__proto__": {"polluted": "yes"}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"__proto__": {"isAdmin": true}, "dir": "../../x"}',
  '[{"__proto__": {"polluted": "yes"}}]',
];

/** A payload that passes validation for each method, whose fields the hostile values replace one at a time. */
function validPayload(method: MethodName): Record<string, unknown> {
  const jobId = '00000000-0000-4000-8000-000000000000';
  const span = { type: 'span', start: 2, end: 9, quote: text.slice(2, 9) };
  const payloads: Partial<Record<MethodName, Record<string, unknown>>> = {
    'settings.setReviewerName': { name: 'Ana' },
    'settings.forgetRecent': { dir: join(tmp, 'nowhere') },
    'project.create': { dir: join(sibling, 'new-project'), name: 'x' },
    'project.open': { dir: projectDir },
    'documents.get': { id: documentId },
    'documents.open': { id: documentId },
    'annotations.list': { documentId },
    'annotations.apply': { commands: [{ op: 'put', annotation: { id: 'ok1', documentId, target: span, label: 'Other' } }] },
    'review.setStatus': { documentId, status: 'done' },
    'import.expand': { paths: [sibling] },
    'import.paths': { paths: [join(sibling, 'notes.txt')] },
    'import.upload': { files: [{ name: 'up.txt', dataBase64: Buffer.from('Uploaded policy text.').toString('base64') }] },
    'taxonomy.update': { taxonomy: {}, baseVersion: 1 },
    'taxonomy.parse': { fileName: 't.json', text: '{}' },
    'taxonomy.examples': { label: 'Other' },
    'export.start': { out: join(sibling, 'out.jsonl') },
    'export.status': { jobId },
    'export.cancel': { jobId },
    'annotations.importFile': { path: join(sibling, 'x.jsonl'), format: 'doccano' },
    'opp115.import': { release: sibling },
    'dialog.pickProjectFolder': { purpose: 'open' },
  };
  return payloads[method] ?? {};
}

/** Hostile commands for annotations.apply: each must be refused on its own, with a reason. */
function hostileCommands(): unknown[] {
  const quote = (s: number, e: number) => text.slice(Math.max(0, s), Math.max(0, e));
  const put = (annotation: Record<string, unknown>) => ({ op: 'put', annotation: { id: 'h', documentId, target: { type: 'span', start: 2, end: 9, quote: quote(2, 9) }, label: 'Other', ...annotation } });
  return [
    put({ target: { type: 'span', start: text.length, end: text.length + 5, quote: 'xxxxx' } }),
    put({ target: { type: 'span', start: -3, end: 4, quote: quote(0, 4) } }),
    put({ target: { type: 'span', start: 9, end: 2, quote: '' } }),
    put({ target: { type: 'span', start: 2, end: 9, quote: 'not the text' } }),
    put({ target: { type: 'span', start: 2.5, end: 9, quote: quote(2, 9) } }),
    put({ target: { type: 'span', start: 0, end: 1e308, quote: '' } }),
    put({ target: { type: 'segment', segment: 1e9 } }),
    put({ target: { type: 'segment', segment: -1 } }),
    put({ label: 'Not In The Taxonomy' }),
    put({ label: '__proto__' }),
    put({ label: 'constructor' }),
    put({ id: '../../x' }),
    put({ id: '__proto__' }),
    put({ id: HUGE }),
    put({ documentId: '../../x' }),
    put({ documentId: '__proto__' }),
    put({ documentId: '0000000000000000' }),
    put({ attributes: { constructor: [{ value: 'x' }] } }),
    put({ attributes: { 'Other Type': [{ value: 'Not a value' }] } }),
    put({ attributes: { 'Other Type': [{ value: 'Introductory/Generic', evidence: [{ start: 0, end: 1e6, quote: 'x' }] }] } }),
    put({ note: HUGE }),
    put({ reviewer: 'Mallory' }),
    put({ origin: 'system' }),
    put({ createdAt: { toString: 1 } }),
    { op: 'delete', id: '../../x', documentId },
    { op: 'delete', id: 'never-was', documentId },
    { op: 'drop table', id: 'x' },
    { op: 'put' },
    null,
    42,
    '__proto__',
    [],
    JSON.parse('{"__proto__": {"op": "put"}}') as unknown,
  ];
}

const tally = { sent: 0, refused: 0, acceptedHarmless: 0, skippedValid: 0, bridgeRefused: 0, commandsRefused: 0 };
const codes: Record<string, number> = {};

async function expectSafe(method: string, body: string, label: string): Promise<void> {
  const parsedBody = (() => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  })();
  if ((METHOD_NAMES as readonly string[]).includes(method) && ACTS_WHERE_POINTED.has(method as MethodName)) {
    const input = contract[method as MethodName].input.safeParse(parsedBody ?? {});
    if (input.success) {
      tally.skippedValid++;
      return;
    }
  }
  tally.sent++;
  const { status, result } = await call(method, body);
  expect(status, `${method} ${label}: HTTP ${status}`).not.toBe(500);
  if (status !== 200) {
    // Only the bridge's own refusals (too large, not JSON) may answer otherwise.
    expect([400, 413], `${method} ${label}`).toContain(status);
    tally.bridgeRefused++;
    return;
  }
  expect(result, `${method} ${label}: a Result`).not.toBeNull();
  if (!result) return;
  if (!result.ok) {
    expect(result.error.code, `${method} ${label}: ${result.error.message}`).not.toBe('INTERNAL');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.message.length, `${method} ${label}: the message does not echo a huge input`).toBeLessThan(5_000);
    codes[result.error.code] = (codes[result.error.code] ?? 0) + 1;
    tally.refused++;
  } else if (method === 'annotations.apply' && Array.isArray(result.value) && (result.value as CommandOutcome[]).every((o) => !o.ok)) {
    // The batch is answered; each of its commands was refused on its own.
    for (const o of result.value as CommandOutcome[]) {
      if (o.ok) continue;
      expect(o.error.code, `${method} ${label}: ${o.error.message}`).not.toBe('INTERNAL');
      codes[o.error.code] = (codes[o.error.code] ?? 0) + 1;
    }
    tally.refused++;
  } else {
    tally.acceptedHarmless++;
  }
  // A call that closed the project (project.close is valid with `{}`) must not starve the others.
  const current = await app.dispatch('project.current', {});
  if (current.ok && (current.value as ProjectInfo | null)?.dir !== projectDir) await app.dispatch('project.open', { dir: projectDir });
  const name = await app.dispatch('settings.get', {});
  if (name.ok && (name.value as { reviewerName: string | null }).reviewerName !== 'Ana') await app.dispatch('settings.setReviewerName', { name: 'Ana' });
}

describe('every contract method through the bridge with hostile payloads', { timeout: 120_000 }, () => {
  let before: { sibling: Record<string, string>; data: Record<string, string>; x: Record<string, string>; top: string[] };
  // settings.json may change (a reviewer name is a valid string, whatever it says); it must stay one file.
  const settingsFile = (key: string): boolean => key === 'settings.json';

  beforeAll(async () => {
    before = { sibling: await snapshot(sibling), data: await snapshot(dataDir, settingsFile), x: await snapshot(join(tmp, 'x')), top: (await readdir(tmp)).sort() };
  });

  it('refuses wrong types, huge strings, traversal ids and prototype keys in every method and field', async () => {
    for (const method of METHOD_NAMES) {
      const base = validPayload(method);
      const bodies: [string, string][] = [
        ...[null, 0, 'x', [], true, HUGE, [base]].map((v): [string, string] => [`body ${JSON.stringify(v).slice(0, 20)}`, JSON.stringify(v)]),
        ...PROTO_BODIES.map((b): [string, string] => [`raw ${b}`, b]),
        ['an unknown key', JSON.stringify({ ...base, unexpected: '../../x' })],
        ['an unknown __proto__ key beside valid fields', `${JSON.stringify(base).slice(0, -1)}${Object.keys(base).length > 0 ? ',' : ''}"__proto__":{"polluted":"yes"}}`],
      ];
      for (const field of Object.keys(base)) {
        for (const value of HOSTILE_VALUES) {
          bodies.push([`${field} = ${JSON.stringify(value)?.slice(0, 30)}`, JSON.stringify({ ...base, [field]: value })]);
        }
      }
      for (const [label, body] of bodies) await expectSafe(method, body, label);
    }
    // Unknown and traversal method names.
    for (const method of ['../../x', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'project.create/../x', 'x'.repeat(5000)]) {
      const { status, result } = await call(method, '{}');
      expect(status).toBe(200);
      expect(result && !result.ok && result.error.code).toBe('UNKNOWN_METHOD');
      tally.sent++;
      tally.refused++;
      codes.UNKNOWN_METHOD = (codes.UNKNOWN_METHOD ?? 0) + 1;
    }
  });

  it('annotations.apply refuses each hostile command on its own, with a reason, and writes none of them', async () => {
    const commands = hostileCommands();
    const { status, result } = await call('annotations.apply', JSON.stringify({ commands }));
    expect(status).toBe(200);
    expect(result?.ok).toBe(true);
    const outcomes = (result as { ok: true; value: CommandOutcome[] }).value;
    expect(outcomes).toHaveLength(commands.length);
    outcomes.forEach((o, i) => {
      expect(o.ok, `command ${i}: ${JSON.stringify(commands[i]).slice(0, 200)}`).toBe(false);
      if (!o.ok) {
        expect(o.error.code).not.toBe('INTERNAL');
        expect(o.error.message.length).toBeLessThan(5_000);
      }
    });
    tally.commandsRefused += outcomes.filter((o) => !o.ok).length;
    const listed = await app.dispatch('annotations.list', { documentId });
    expect(listed.ok && (listed.value as { annotations: { id: string }[] }).annotations.map((a) => a.id).filter((id) => id === 'h' || id.includes('..'))).toEqual([]);
    // Each command alone, too: a batch of one hostile command.
    for (const command of commands) await expectSafe('annotations.apply', JSON.stringify({ commands: [command] }), JSON.stringify(command)?.slice(0, 40) ?? '');
  });

  it('annotations.apply drops a "__proto__" attribute key (zod never copies it) and the prototype stays', async () => {
    const command = `{"op":"put","annotation":{"id":"proto-dropped","documentId":"${documentId}","target":{"type":"span","start":2,"end":9,"quote":${JSON.stringify(text.slice(2, 9))}},"label":"Other","attributes":{"__proto__":[{"value":"x"}]}}}`;
    const { result } = await call('annotations.apply', `{"commands":[${command}]}`);
    expect(result?.ok).toBe(true);
    const [outcome] = (result as { ok: true; value: CommandOutcome[] }).value;
    expect(outcome?.ok && outcome.annotation?.attributes).toEqual({});
    const log = await readFile(join(projectDir, 'annotations', 'ana.jsonl'), 'utf8');
    expect(log).not.toContain('__proto__');
    expect(({} as Record<string, unknown>).length).toBeUndefined();
    tally.sent++;
    tally.acceptedHarmless++;
  });

  it('answers random JSON for every method without INTERNAL', async () => {
    const key = fc.constantFrom('dir', 'name', 'id', 'documentId', 'commands', 'paths', 'files', 'taxonomy', 'text', 'label', 'jobId', 'out', 'path', 'format', 'release', 'purpose', 'status', '__proto__', 'constructor');
    const hostile = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...HOSTILE_VALUES.filter((v) => v !== HUGE)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHOD_NAMES), fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(key, hostile, { maxKeys: 4 })), async (method, payload) => {
        await expectSafe(method, JSON.stringify(payload), `random ${JSON.stringify(payload).slice(0, 60)}`);
      }),
      { numRuns: RANDOM_RUNS * METHOD_NAMES.length },
    );
  });

  it('changed no file outside the project, and polluted no prototype', async () => {
    expect(await snapshot(sibling)).toEqual(before.sibling);
    expect(await snapshot(join(tmp, 'x'))).toEqual(before.x);
    expect(await snapshot(dataDir, settingsFile)).toEqual(before.data);
    expect((await readdir(join(tmp, 'work'))).sort()).toEqual(['project', 'sibling']);
    expect((await readdir(tmp)).sort()).toEqual(before.top);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    console.log(
      `[hostile] ${METHOD_NAMES.length} methods: ${tally.sent} payloads sent, ${tally.refused} refused (${Object.entries(codes).sort().map(([c, n]) => `${c} ${n}`).join(', ')}), ${tally.bridgeRefused} refused by the bridge (400/413), ${tally.acceptedHarmless} accepted harmlessly, ${tally.skippedValid} valid payloads of ${[...ACTS_WHERE_POINTED].join('/')} not sent; ${tally.commandsRefused} hostile annotation commands refused one by one`,
    );
  });
});
