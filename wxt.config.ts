import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Extension id used by Firefox and by enterprise policy files. Chrome derives its id from
// the store key; the e2e tests pin one with a test key (see tests/e2e/).
export const GECKO_ID = 'approach-guard@approach-guard.org';

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'assets/public',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022' },
  }),
  zip: {
    // Saved LinkedIn pages and demo pages are test assets: never in a package.
    excludeSources: ['test-results/**', 'tests/e2e/artifacts/**', '.ci/**', 'tests/fixtures/**'],
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Approach Guard',
    description:
      'Spots covert recruitment approaches on LinkedIn, explains the warning signs and reports them to your security team.',
    permissions: ['storage', 'alarms'],
    // Host access to LinkedIn only; the in-page warning never needs anything else.
    host_permissions: ['https://www.linkedin.com/*'],
    // No page or other extension may message us (DESIGN: "externally_connectable closed").
    externally_connectable: { ids: [] },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    ...(manifestVersion === 3 ? { action: { default_title: 'Approach Guard' } } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
