import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesToScan, reachesOutside, reachesOutsideCheckout } from './reaches.ts';

// A fresh clone has nothing beside it: code, tests, benches and scripts read only what the checkout holds.
const ROOT = join(import.meta.dirname, '..', '..', '..');
const at = (path: string) => join(ROOT, path);
const reaches = (path: string, line: string) => reachesOutside(ROOT, at(path), line);

describe('the checkout is self-contained', () => {
  it('nothing in it reaches outside the checkout', () => {
    expect(reachesOutsideCheckout(ROOT)).toEqual([]);
  });

  it('scans the code, tests, benches, scripts, CI and configuration, and not the test data', () => {
    const files = filesToScan(ROOT).map((file) => file.slice(ROOT.length + 1).replaceAll('\\', '/'));
    for (const file of ['src/main/services/import/index.ts', 'test/e2e/helpers.ts', 'test/unit/import/html.test.ts', 'bench/run.ts', 'scripts/screenshot.ts', 'bin/clausemark.js', '.ci/run', 'playwright.config.ts', 'eslint.config.js', 'package.json']) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => file.startsWith('test/fixtures/opp115-sample/') || file.startsWith('node_modules/'))).toEqual([]);
  });

  it('refuses the reaches this repository once had', () => {
    expect(reaches('test/unit/import/html.test.ts', "const OPP115 = fileURLToPath(new URL('../../../../shared/fixtures/opp115-sample/sanitized_policies', import.meta.url));")).not.toEqual([]);
    expect(reaches('test/e2e/helpers.ts', "export const SAMPLES_DIR = resolve('../shared/samples/policies');")).not.toEqual([]);
  });

  it('refuses a path that leaves the checkout, however it is written', () => {
    const outside = [
      ['test/unit/import/any.test.ts', "import data from '../../../../elsewhere/data.json';"],
      ['test/unit/import/any.test.ts', 'const dir = new URL(`../../../../corpus/${name}`, import.meta.url);'],
      ['bench/import.ts', "const dir = join(import.meta.dirname, '..', '..', 'corpus');"],
      ['scripts/screenshot.ts', "const dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');"],
      ['test/e2e/helpers.ts', "const dir = resolve('..', 'corpus');"],
      ['test/e2e/helpers.ts', "const files = readdirSync('../corpus');"],
      ['test/e2e/helpers.ts', "const dir = join(process.cwd(), '../corpus');"],
      ['test/e2e/helpers.ts', "const dir = '/work/shared/samples/policies';"],
      ['playwright.config.ts', "const samples = '../corpus';"],
      ['package.json', '"bench": "tsx bench/run.ts ../corpus",'],
      ['.ci/run', 'cp -r ../corpus test/fixtures/'],
    ];
    for (const [path = '', line] of outside) expect(reaches(path, line ?? ''), line).not.toEqual([]);
  });

  it('accepts paths that stay inside', () => {
    const inside = [
      ['src/renderer/src/stores/app.ts', "import type { Api } from '../../../shared/api/contract.ts';"],
      ['test/unit/import/html.test.ts', "const OPP115 = fileURLToPath(new URL('../../fixtures/opp115-sample/sanitized_policies', import.meta.url));"],
      ['test/unit/project/helpers.ts', "export const resourcesDir = join(import.meta.dirname, '..', '..', '..', 'resources');"],
      ['test/e2e/helpers.ts', "export const SAMPLES_DIR = resolve('resources/samples/policies');"],
      ['src/main/electron/index.ts', "serveRenderer(join(here, '../renderer'));"],
      ['test/unit/electron/protocol.test.ts', "`app://clausemark/${encodeURIComponent(join('..', 'secret.txt'))}`,"],
      ['.ci/run', 'cd "$(dirname "$0")/.."'],
    ];
    for (const [path = '', line] of inside) expect(reaches(path, line ?? ''), line).toEqual([]);
  });
});
