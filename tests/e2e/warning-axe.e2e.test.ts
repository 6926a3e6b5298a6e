// axe-core on the in-page warning in Debian Chromium: the real Warning component and stylesheet,
// bundled for a test page and mounted in open shadow roots (axe cannot see into the closed one
// LinkedIn pages get), at every level and in the compact form, with the details open and with
// the "Not suspicious" confirmation showing. The page is served by the test; no network.
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import baseline from '../../rules/baseline.pack.json';
import { buildWarningView, type WarningView } from '../../src/content/warning/view-model';
import { compile } from '../../src/engine/compile';
import type { Verdict } from '../../src/engine/types';
import { loadPack } from '../../src/pack/load';
import { WARNING_CONFIRM_YES, WARNING_DETAILS, WARNING_NOT_SUSPICIOUS } from '../../src/ui/strings';
import type { Result } from 'axe-core';
import { axeResults, summarise, type AxeFinding } from './axe';
import { CHROMIUM, ROOT } from './harness';

const ORIGIN = 'https://warning.test';
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warning test page</title></head>
<body><main><h1>Messages</h1></main><script src="/warning.js"></script></body></html>`;

const verdict = (level: Verdict['level'], score: number): Verdict => ({
  score,
  level,
  packVersion: baseline.version,
  hits: [
    { rule: 'channels.messaging-app', indicator: 'off_platform_move', weight: 25, evidence: [{ message: 0, start: 0, end: 8, quote: 'WhatsApp' }] },
    { rule: 'paid.reports-for-a-fee', indicator: 'paid_consultancy_or_reports', weight: 30, evidence: [{ message: 0, start: 10, end: 22, quote: 'paid reports' }] },
    { rule: 'profile.no-photo', indicator: 'profile_anomaly', weight: 10, evidence: [{ message: -1, start: 0, end: 16, quote: 'no profile photo', field: 'profile' }] },
  ],
});

let browser: Browser;
let page: Page;
let script: string;

function views(): WarningView[] {
  const scorer = compile(loadPack(baseline).pack);
  const context = { surface: 'message' as const, senderName: 'Lena Okafor', hasProfile: true };
  return [
    buildWarningView(verdict('high', 85), scorer, context)!,
    buildWarningView(verdict('medium', 50), scorer, context)!,
    buildWarningView(verdict('low', 25), scorer, { ...context, surface: 'invitation' })!,
    buildWarningView(verdict('high', 85), scorer, { ...context, hasProfile: false, compact: true })!,
  ];
}

const summary = (violations: Result[]): AxeFinding[] => violations.map(summarise);

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(ROOT, 'tests/e2e/warning-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  script = bundle.outputFiles[0]!.text;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  // Everything is answered here: the page, its script, and a refusal for anything else.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/') return route.fulfill({ status: 200, contentType: 'text/html', body: PAGE });
    if (url.pathname === '/warning.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: script });
    return route.fulfill({ status: 404, body: '' });
  });
  page = await context.newPage();
  await page.goto(`${ORIGIN}/`);
  const shown = await page.evaluate((list) => window.showWarnings(list), views());
  expect(shown).toBe(4);
});

afterAll(async () => {
  await browser?.close();
});

describe('the in-page warning in Chromium', () => {
  it('has no axe violations of any impact at every level, compact too, with every details panel open', async () => {
    const details = page.getByRole('button', { name: WARNING_DETAILS, exact: true });
    await expect.poll(() => details.count()).toBe(4);
    for (let i = 0; i < 4; i++) await details.first().click();
    // Every panel is open (the buttons now read "Hide details"), inside its shadow root.
    expect(await details.count()).toBe(0);
    const openPanels = await page.evaluate(() =>
      [...document.querySelectorAll('.warning-host')].filter((host) => host.shadowRoot?.querySelector('.ag__details:not([hidden])')).length,
    );
    expect(openPanels).toBe(4);

    const results = await axeResults(page);
    // axe looked inside the shadow roots: colour contrast was checked on nodes there.
    const insideShadow = results.passes
      .filter((r) => r.id === 'color-contrast')
      .flatMap((r) => r.nodes)
      .filter((node) => Array.isArray(node.target[0]));
    expect(insideShadow.length).toBeGreaterThan(10);
    console.log('axe on the in-page warning (details open):', JSON.stringify(summary(results.violations), null, 2));
    expect(summary(results.violations)).toEqual([]);
  });

  it('has no axe violations of any impact while it asks to confirm "Not suspicious"', async () => {
    await page.getByRole('button', { name: WARNING_NOT_SUSPICIOUS, exact: true }).first().click();
    await page.getByRole('button', { name: WARNING_CONFIRM_YES }).waitFor();
    const results = await axeResults(page);
    console.log('axe on the in-page warning (confirming):', JSON.stringify(summary(results.violations), null, 2));
    expect(summary(results.violations)).toEqual([]);
  });
});
