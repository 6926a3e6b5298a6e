import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extensions in Debian Chromium and Firefox ESR. Slow and stateful
// (one browser at a time), so they run alone, in order, in Node.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
