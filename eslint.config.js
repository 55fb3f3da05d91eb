// Lint rules, and the import direction that keeps the layers honest (docs/architecture.md):
// shared <- main services <- electron shell; shared <- renderer; nothing imports the renderer but itself.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const restrict = (paths, patterns, why) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message: why })),
      patterns: patterns.map((group) => ({ group: [group], message: why })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      [...nodeModules, 'electron', 'react', 'react-dom', 'lexical', 'zustand', 'electron-store'],
      ['**/main/**', '**/renderer/**', '**/preload/**', '@lexical/*'],
      'src/shared is pure TypeScript: no Node, DOM, Electron or UI module, and no other layer.',
    ),
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/electron/**'],
    rules: restrict(
      ['electron', 'electron-store', 'react', 'react-dom', 'lexical'],
      ['**/renderer/**', '**/preload/**', '**/electron/**', '@lexical/*'],
      'Main-process services are plain Node: only src/main/electron imports Electron, and nothing reaches into the renderer.',
    ),
  },
  {
    files: ['src/main/electron/**'],
    rules: restrict([], ['**/renderer/**', '**/preload/**'], 'The Electron shell talks to the renderer only through the contract.'),
  },
  {
    files: ['src/preload/**'],
    rules: restrict([], ['**/main/**', '**/renderer/**'], 'The preload exposes the contract and nothing else.'),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...nodeModules, 'electron', 'electron-store'],
        ['**/main/**', '**/preload/**'],
        'The renderer reaches main only through the API contract (src/renderer/src/api/client.ts).',
      ),
    },
  },
);
