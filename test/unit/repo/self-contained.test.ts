import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesToScan, reachesOutside, reachesOutsideCheckout } from './reaches.ts';

// A fresh clone has nothing beside it: code, tests, benches and scripts read only what the checkout holds.
const ROOT = join(import.meta.dirname, '..', '..', '..');
const at = (path: string) => join(ROOT, path);
const reaches = (path: string, line: string) => reachesOutside(ROOT, at(path), line);

/** `file<TAB>line` examples from test/fixtures/reaches/. */
const examples = (name: string): [string, string][] =>
  readFileSync(at(`test/fixtures/reaches/${name}`), 'utf8')
    .split('\n')
    .filter((row) => row.trim() !== '' && !row.startsWith('#'))
    .map((row) => {
      const tab = row.indexOf('\t');
      return [row.slice(0, tab), row.slice(tab + 1)];
    });

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

  // The examples live in test/fixtures/reaches/ (data, not code), so this file is scanned like any other.
  it('refuses a path that leaves the checkout, however it is written (the reaches this repository once had included)', () => {
    const refused = examples('refused.txt');
    expect(refused.length).toBeGreaterThan(10);
    for (const [path, line] of refused) expect(reaches(path, line), line).not.toEqual([]);
  });

  it('accepts paths that stay inside', () => {
    const accepted = examples('accepted.txt');
    expect(accepted.length).toBeGreaterThan(5);
    for (const [path, line] of accepted) expect(reaches(path, line), line).toEqual([]);
  });
});
