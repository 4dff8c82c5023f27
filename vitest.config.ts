import { defineConfig } from 'vitest/config';

// Files that replace a module (vi.mock) need a fresh module graph of their own; every other file
// shares its worker's modules with the files before it, which saves importing the server's module
// graph again per file (about a third of the suite's time).
const MOCKING = ['api/sign-in.test.ts', 'api/boundaries.test.ts'];
const EXCLUDE = ['e2e/**', 'node_modules/**', 'dist/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'shared', isolate: false, include: ['{blocks,runtime,api,templates,bench,editor}/**/*.test.ts'], exclude: [...EXCLUDE, ...MOCKING] },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING, exclude: EXCLUDE } },
    ],
  },
});
