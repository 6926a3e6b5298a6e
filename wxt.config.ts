import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { parse } from 'acorn';
import { defineConfig } from 'wxt';

// Extension id used by Firefox and by enterprise policy files. Chrome derives its id from
// the store key, or for an unpacked build from its path (tests/e2e/harness.ts, unpackedExtensionId).
export const GECKO_ID = 'approach-guard@approach-guard.org';

/** The first line of the content script: V8's explicit compile hint for the whole file. */
export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * `code` with every `const` declaration written `let`, as esbuild's minifier writes them and
 * terser does not: the same bindings (block scope, the same temporal dead zone) in two bytes
 * less each, for code that never assigns a constant, which TypeScript checks. Found by parsing,
 * so a word in a string or a regular expression is never touched.
 */
export function constToLet(code: string): string {
  const starts: number[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: unknown; kind?: unknown; start?: number };
    if (n.type === 'VariableDeclaration' && n.kind === 'const') starts.push(n.start!);
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }));
  let out = code;
  for (const start of starts.sort((a, b) => b - a)) {
    if (out.slice(start, start + 5) !== 'const') throw new Error(`constToLet: no "const" at ${start}`);
    out = `${out.slice(0, start)}let${out.slice(start + 5)}`;
  }
  return out;
}

export const EXTENSION_PAGES_CSP = "script-src 'self'; object-src 'self'; img-src 'self' https://media.licdn.com";

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
    // Captured LinkedIn pages are test assets, not part of the product (fixtures README).
    excludeSources: ['test-results/**', 'tests/e2e/artifacts/**', 'tests/fixtures/**', '.ci/**'],
  },
  hooks: {
    // webextension-polyfill serves the background and the extension pages, where listeners
    // answer messages with promises. Content scripts only call promise-returning APIs that
    // Chrome (MV3) and Firefox provide natively, so they use WXT's thin \`browser\` instead and
    // stay within the 80 KB budget.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = { find: /^wxt\/browser$/, replacement: resolve('node_modules/wxt/dist/browser.mjs') };
      const current = config.resolve?.alias;
      const list = Array.isArray(current) ? current : Object.entries(current ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [alias, ...list.filter((a) => String(a.find) !== 'wxt/browser')] };
      // Terser, with its default (safe) transforms in two passes, and its `const`s written `let`
      // after it (constToLet), writes the content script about 1.2 KB smaller than esbuild's
      // minifier: room under the 80 KB budget.
      config.build = { ...config.build, minify: 'terser', terserOptions: { ecma: 2020, compress: { passes: 2 } } };
      // V8 compiles a script with this hint eagerly while loading it, instead of one function at
      // a time inside the first scan; the figures test prints the load cost beside the scans
      // (README, "How well it works"). Added last, once the script is minified and unwrapped.
      config.plugins = [
        ...(config.plugins ?? []),
        {
          name: 'approach-guard:eager-compile-hint',
          enforce: 'post',
          generateBundle(_options, bundle) {
            for (const chunk of Object.values(bundle)) {
              if (chunk.type === 'chunk' && chunk.isEntry) chunk.code = `${EAGER_COMPILE_HINT}\n${constToLet(chunk.code)}`;
            }
          },
        },
      ];
    },
    // Chrome reads enterprise policy against this schema (src/policy/README.md).
    'build:publicAssets': (_wxt, files) => {
      files.push({ absoluteSrc: resolve('src/policy/managed-schema.json'), relativeDest: 'managed-schema.json' });
    },
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Approach Guard',
    description:
      'Spots covert recruitment approaches on LinkedIn, explains the warning signs and reports them to your security team.',
    // Chrome may evict an extension's IndexedDB under disk pressure, where the settings, outbox
    // and histories live (src/background/README.md, "Where data lives"); unlimitedStorage exempts
    // it and shows the user no warning. Firefox would warn at install, so its build goes without.
    permissions: browser === 'firefox' ? ['storage', 'alarms'] : ['storage', 'alarms', 'unlimitedStorage'],
    // Host access to LinkedIn only; the in-page warning never needs anything else.
    host_permissions: ['https://www.linkedin.com/*'],
    // No page or other extension may message us (DESIGN: "externally_connectable closed").
    externally_connectable: { ids: [] },
    // The browsers' default policy (no remote code, no eval), plus: extension pages load images
    // only from the extension and LinkedIn's image host, where sender photos live.
    content_security_policy:
      manifestVersion === 3 ? { extension_pages: EXTENSION_PAGES_CSP } : EXTENSION_PAGES_CSP,
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    ...(manifestVersion === 3 ? { action: { default_title: 'Approach Guard' } } : {}),
    // Firefox reads the same keys from its 3rdparty policy; the manifest key is Chrome-only.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // data_collection_permissions needs Firefox 140 (desktop) and 142 (Android).
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
