import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    // fakeBrowser.reset() does not undo spies (RECIPE.md).
    restoreMocks: true,
    include: ['tests/unit/**/*.test.ts'],
  },
});
