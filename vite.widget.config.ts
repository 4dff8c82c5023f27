// The web chat widget: the loader sites embed (/widget.js) and the chat page's script and styles
// (/widget/chat.js, /widget/chat.css), with fixed names the server serves. Vanilla TypeScript,
// no React: the bench keeps the two gzipped under 30 KB (bench/widget.ts).
import path from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'widget'),
  publicDir: false,
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/widget'),
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: false,
    cssCodeSplit: true,
    rollupOptions: {
      input: {
        widget: path.resolve(import.meta.dirname, 'widget/loader.ts'),
        chat: path.resolve(import.meta.dirname, 'widget/chat.ts'),
      },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: '[name].js',
        assetFileNames: '[name][extname]',
      },
    },
  },
});
