import { defineConfig } from 'vitest/config';

// Checks on the built extension (.output/); run after `npm run build` and `npm run build:firefox`.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/build/**/*.test.ts'],
  },
});
