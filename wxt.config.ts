import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { parse } from 'acorn';
import { normalizePath, type PluginOption } from 'vite';
import { defineConfig } from 'wxt';

// Extension id used by Firefox and by enterprise policy files. Chrome derives its id from
// the store key, or for an unpacked build from its path (tests/e2e/harness.ts, unpackedExtensionId).
export const GECKO_ID = 'approach-guard@approach-guard.org';

/** The first line of the content script: V8's explicit compile hint for the whole file. */
export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * `code` with every `const` declaration written `let`, as esbuild's minifier writes them and
 * terser does not: the same bindings (block scope, the same temporal dead zone) in two bytes
 * less each, for code that never assigns a constant, which TypeScript checks. Terser keeps a
 * `let` and a `const` that follow each other apart; once both are `let` they become one
 * declaration (`let a=1;let b=a` is `let a=1,b=a`). Found by parsing, so a word in a string or a
 * regular expression is never touched.
 */
export function constToLet(code: string): string {
  interface Node {
    type: string;
    kind?: string;
    start: number;
    end: number;
  }
  // `using` declarations are left alone: joined to a `let`, the resource would never be disposed.
  const lexical = (node: Node): boolean => node.type === 'VariableDeclaration' && (node.kind === 'let' || node.kind === 'const');
  /** The `const`s to write `let`, by where they start, and the joins of declarations. */
  const consts = new Set<number>();
  const joins: Array<{ start: number; end: number; second: number }> = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as Node & { body?: unknown; consequent?: unknown };
    if (n.type === 'VariableDeclaration' && n.kind === 'const') consts.add(n.start);
    const list = n.type === 'SwitchCase' ? n.consequent : ['Program', 'BlockStatement', 'StaticBlock'].includes(n.type) ? n.body : undefined;
    if (Array.isArray(list)) {
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1] as Node;
        const b = list[i] as Node;
        // Back to back, the first ended by its semicolon: `;let` or `;const` (and a space) becomes `,`.
        if (!lexical(a) || !lexical(b) || a.end !== b.start || code[a.end - 1] !== ';') continue;
        const keyword = b.start + b.kind!.length;
        joins.push({ start: a.end - 1, end: code[keyword] === ' ' ? keyword + 1 : keyword, second: b.start });
      }
    }
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }));
  const edits = joins.map(({ start, end }) => ({ start, end, text: ',' }));
  // A joined declaration's keyword goes with the join.
  for (const join of joins) consts.delete(join.second);
  for (const start of consts) {
    if (code.slice(start, start + 5) !== 'const') throw new Error(`constToLet: no "const" at ${start}`);
    edits.push({ start, end: start + 5, text: 'let' });
  }
  let out = code;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = `${out.slice(0, start)}${text}${out.slice(end)}`;
  return out;
}

/**
 * `code` without the `try` statements whose `catch` only throws again what it caught
 * (`try{…}catch(e){throw e}`, as the wrapper WXT puts round a content script's main reads once
 * minified): the block runs as it did and an error leaves it as it did. The block keeps its
 * braces, so its declarations keep their scope, except as the only statement of a function
 * without parameters (and not starting with a string, which would become the function's
 * directive), where the function's own braces scope them the same; there, in an async
 * function no longer inside a `try`, `return await x` is `return x` (the function's promise
 * settles as x does). Found by parsing, like constToLet.
 */
export function dropRethrow(code: string): string {
  interface Node {
    type: string;
    start: number;
    end: number;
    name?: string;
    async?: boolean;
    params?: Node[];
    body?: Node | Node[];
    block?: Node;
    handler?: { param?: Node | null; body: { body: Node[] } } | null;
    finalizer?: Node | null;
    argument?: Node | null;
  }
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const rethrows = (n: Node): boolean => {
    const only = n.handler?.body.body;
    const param = n.handler?.param;
    const [statement] = only ?? [];
    return (
      n.type === 'TryStatement' && !n.finalizer && param?.type === 'Identifier' && only?.length === 1 &&
      statement!.type === 'ThrowStatement' && statement!.argument?.type === 'Identifier' && statement!.argument.name === param.name
    );
  };
  const visit = (node: unknown, inTry: boolean): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, inTry));
    const n = node as Node;
    const body = n.body as Node | undefined;
    const statements = body?.type === 'BlockStatement' ? (body.body as Node[]) : undefined;
    const sole = n.params?.length === 0 && statements?.length === 1 && rethrows(statements[0]!) ? statements[0]! : undefined;
    // A string first in the block would become the function's directive ("use strict").
    const first = (sole?.block?.body as Node[] | undefined)?.[0] as (Node & { expression?: Node & { value?: unknown } }) | undefined;
    const directive = first?.type === 'ExpressionStatement' && first.expression?.type === 'Literal' && typeof first.expression.value === 'string';
    if (sole && !inTry && !directive) {
      // The function's braces take the block's place; its statements are copied as they are,
      // `return await` at its top level written `return` in an async function.
      const block = sole.block!;
      let text = code.slice(block.start + 1, block.end - 1);
      if (n.async) {
        for (const statement of [...(block.body as Node[])].reverse()) {
          const argument = statement.type === 'ReturnStatement' ? statement.argument : undefined;
          if (argument?.type !== 'AwaitExpression') continue;
          const at = argument.start - block.start - 1;
          text = `${text.slice(0, at)}${code.slice(argument.argument!.start, argument.argument!.end)}${text.slice(argument.end - block.start - 1)}`;
        }
      }
      edits.push({ start: sole.start, end: sole.end, text });
      return;
    }
    if (rethrows(n) && !inTry) {
      edits.push({ start: n.start, end: n.end, text: code.slice(n.block!.start, n.block!.end) });
      return;
    }
    const tried = inTry || n.type === 'TryStatement';
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value, tried);
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }), false);
  let out = code;
  // From the end, so the offsets before each edit hold; none is inside another (the walk stops
  // at each, and skips anything inside another try).
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = `${out.slice(0, start)}${text}${out.slice(end)}`;
  return out;
}

export const EXTENSION_PAGES_CSP = "script-src 'self'; object-src 'self'; img-src 'self' https://media.licdn.com";

/** The baseline pack, which the background and the extension's pages import (as Vite names modules). */
const BASELINE_PACK = normalizePath(resolve('rules/baseline.pack.json'));

/**
 * The baseline pack as the extension bundles it: without its rules' examples (about 17 KB of
 * the background and of the pages' shared chunk), which `pack build` and the tests run and the
 * extension never does. The background loads it with `loadBundledPack` (src/pack/load.ts), which
 * takes a rule without examples from this bundle only. Unit tests and the command line import
 * the file whole.
 */
export function bundledBaseline(): PluginOption {
  return {
    name: 'approach-guard:bundled-baseline',
    // Before Vite's JSON plugin turns the file into a module.
    enforce: 'pre',
    transform(code, id) {
      // The plain import only: the file asked for with a query (`?raw`, `?url`) is not JSON here.
      if (id !== BASELINE_PACK) return;
      const pack = JSON.parse(code) as { rules: Array<{ examples?: unknown }> };
      for (const rule of pack.rules) delete rule.examples;
      return { code: JSON.stringify(pack), map: null };
    },
  };
}

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'assets/public',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact(), bundledBaseline()],
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
      // And WXT's content script context, which the script does not use, gives way to a stand-in
      // that does nothing a page could see (src/content/no-context.ts).
      const context = { find: /^wxt\/utils\/content-script-context$/, replacement: resolve('src/content/no-context.ts') };
      const current = config.resolve?.alias;
      const list = Array.isArray(current) ? current : Object.entries(current ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [alias, context, ...list.filter((a) => String(a.find) !== 'wxt/browser')] };
      // Terser, with its default (safe) transforms in four passes (the fourth saves 10 bytes, a
      // fifth nothing), and its `const`s written `let` after it (constToLet), writes the content
      // script about 1.2 KB smaller than esbuild's minifier: room under the 80 KB budget. Of its unsafe transforms, only `unsafe_arrows`
      // (0.3 KB): anonymous `function` expressions that use no `this` become arrows, which lack a
      // prototype, and nothing in the script calls such a function with `new` (the browser tests
      // run this output).
      config.build = { ...config.build, minify: 'terser', terserOptions: { ecma: 2020, compress: { passes: 4, unsafe_arrows: true } } };
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
              if (chunk.type === 'chunk' && chunk.isEntry) chunk.code = `${EAGER_COMPILE_HINT}\n${constToLet(dropRethrow(chunk.code))}`;
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
