import { defineConfig } from '@playwright/test';

/**
 * The desktop smoke test: the built app (`npm run build`) in the real Electron binary. It skips
 * itself where the binary is not installed; the flows are covered by playwright.config.ts.
 */
export default defineConfig({
  testDir: 'test/e2e-electron',
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
});
