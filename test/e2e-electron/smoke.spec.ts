import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_NAMES } from '../../src/shared/api/contract.ts';
import type { DocumentSummary } from '../../src/shared/domain/document.ts';
import type { Result } from '../../src/shared/result.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const mainEntry = join(root, 'out', 'main', 'index.js');

/**
 * Found as node_modules/electron/index.js finds it, minus the download that module starts when the
 * binary is missing (Playwright would otherwise trigger it by requiring 'electron').
 */
function electronBinary(): string | null {
  const electronDir = join(root, 'node_modules', 'electron');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist'), readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const SKIPPED =
  'Electron binary not available on this machine: skipped the desktop smoke test; the renderer and services are covered by test/e2e through the loopback bridge';
test.skip(binary === null, SKIPPED);
// The list reporter does not show why a test was skipped.
if (binary === null) console.log(SKIPPED);

test.describe('the desktop app', () => {
  let dataDir: string;
  test.beforeEach(async () => {
    expect(existsSync(mainEntry), 'build the app first: npm run build').toBe(true);
    dataDir = await mkdtemp(join(tmpdir(), 'clausemark-electron-'));
  });
  test.afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const launch = (...args: string[]) =>
    electron.launch({
      executablePath: binary ?? undefined,
      args: [mainEntry, ...args],
      cwd: root,
      env: { ...process.env, CLAUSEMARK_DATA_DIR: dataDir },
    });

  test('opens the Sample project in an isolated window that sees only the contract', async () => {
    const app = await launch();
    const sampleDir = join(dataDir, 'Sample project');
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveTitle(/Clausemark/);

      const globals = await page.evaluate(() => {
        const scope = window as unknown as Record<string, unknown>;
        return { require: typeof scope.require, process: typeof scope.process, module: typeof scope.module };
      });
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined' });

      const exposed = await page.evaluate(() => {
        const scope = window as unknown as Record<string, object | undefined>;
        return { api: Object.keys(scope.clausemark ?? {}), menu: Object.keys(scope.clausemarkMenu ?? {}) };
      });
      expect(exposed.api.sort()).toEqual([...METHOD_NAMES].sort());
      expect(exposed.menu).toEqual(['onCommand']);

      const listed = await page.evaluate(async () => {
        const api = (window as unknown as { clausemark: Record<string, (input: object) => Promise<unknown>> }).clausemark;
        return (await api['documents.list']!({})) as Result<DocumentSummary[]>;
      });
      if (!listed.ok) throw new Error(`documents.list failed: ${listed.error.message}`);
      const samples = readdirSync(join(root, 'resources', 'samples', 'policies'));
      expect(listed.value).toHaveLength(samples.length);
      for (const document of listed.value) await expect(page.getByText(document.title).first()).toBeVisible();

      expect(existsSync(join(sampleDir, 'clausemark.json'))).toBe(true);
      expect(existsSync(join(sampleDir, '.clausemark.lock'))).toBe(true);
    } finally {
      await app.close();
    }
    expect(existsSync(join(sampleDir, '.clausemark.lock')), 'quitting releases the project lock').toBe(false);
  });

  test('opens the project named on the command line', async () => {
    const first = await launch();
    await (await first.firstWindow()).waitForLoadState();
    await first.close();

    const projectDir = join(dataDir, 'Sample project');
    const app = await launch(projectDir);
    try {
      const page = await app.firstWindow();
      const current = await page.evaluate(async () => {
        const api = (window as unknown as { clausemark: Record<string, (input: object) => Promise<unknown>> }).clausemark;
        return (await api['project.current']!({})) as Result<{ dir: string } | null>;
      });
      expect(current).toEqual({ ok: true, value: expect.objectContaining({ dir: projectDir }) });
    } finally {
      await app.close();
    }
  });
});
