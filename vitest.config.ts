import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{blocks,runtime,api,templates,bench,editor}/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
