import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { lexicalRootText } from './scripts/lexical-root-text.ts';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          // Loaded by src/main/services/import/pool.ts as ./import-worker.js, so every file sits in out/main.
          'import-worker': resolve('src/main/services/import/worker.ts'),
          // Loaded by src/main/services/export/pool.ts as ./export-worker.js.
          'export-worker': resolve('src/main/services/export/worker.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    // CLAUSEMARK_NO_MINIFY=1 keeps function names for profiling (bench/workspace.ts's BENCH_PROFILE).
    build: { minify: !process.env.CLAUSEMARK_NO_MINIFY, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    // Lexical, changed so an update does not compare the whole document's text (see the file).
    plugins: [react(), lexicalRootText()],
  },
});
