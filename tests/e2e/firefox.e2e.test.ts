// The Firefox build (.output/firefox-mv2) in Firefox, driven over WebDriver BiDi, on the demo's
// LinkedIn pages at their real https://www.linkedin.com addresses: the same pipeline as in
// Chromium (content script, background page, storage.session, badge, popup), in the other
// browser the extension ships for. CI installs Debian's firefox-esr; elsewhere, without a
// Firefox, these tests are skipped with a message saying so.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, JSHandle, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import baseline from '../../rules/baseline.pack.json';
import { CORE_STEPS, LEVEL_WORDS, S, THRESHOLD_LABELS } from '../../src/ui/strings';
import { INVITATIONS_PATH, ORIGIN, PROFILE_PATHS, threadUrl } from '../fixtures/demo/pages';
import { ARRIVING_MESSAGE, CONVERSATIONS } from '../fixtures/demo/people';
import { EXTENSION_ORIGIN, FIREFOX, FIREFOX_EXTENSION_DIR, launchFirefox, notFirefoxOwn, readFirefoxWarnings, type FirefoxSession, type FirefoxWarning } from './firefox';
import { addMessageCopy, waitFor, type ScanMeasure } from './harness';
import { WebhookEndpoint } from './webhook-endpoint';
import { makeKey, orgPack, packBytes, signBytes } from '../unit/pack/signed-pack';

declare global {
  interface Window {
    __demoAppend?: (text: string) => boolean;
    __agPwned?: number;
    __sameDocument?: boolean;
  }
}
// The extension page's `browser` global (webextension APIs), typed for what is called here.
declare const browser: {
  tabs: { query(query: object): Promise<Array<{ id?: number; url?: string }>> };
  browserAction: { getBadgeText(details: { tabId: number }): Promise<string> };
  storage: {
    session: { get(key: string): Promise<Record<string, { pageUrl: string; updatedAt: number; approaches: Array<{ verdict: { level: string } }> } | undefined>> };
    local: { set(items: Record<string, unknown>): Promise<void> };
  };
  runtime: { getManifest(): { version: string } };
};

/** The captured inbox's address (tests/fixtures/linkedin/linkedin-messaging.html), as in the Chromium figures. */
const CAPTURED_INBOX = 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/';

const [MARCUS, PRIYA, JORDAN, CASEY] = CONVERSATIONS;

if (!FIREFOX && process.env.CI) throw new Error('CI runs the Firefox tests: install firefox-esr (.ci/run does).');
if (!FIREFOX) console.warn('Firefox tests skipped: no Firefox found (install firefox-esr or set FIREFOX_PATH).');

/** The input an extension page labels `name`, or null. */
const inputNamed = (page: Page, name: string) =>
  page.evaluateHandle(
    (label) => [...document.querySelectorAll('input')].find((input) => [...(input.labels ?? [])].some((l) => l.textContent?.trim() === label)) ?? null,
    name,
  ) as Promise<JSHandle<HTMLInputElement | null>>;

/** The button an extension page shows with the text `name`. */
const buttonNamed = async (page: Page, name: string) => {
  const button = (await page.evaluateHandle((text) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) ?? null, name)).asElement();
  if (!button) throw new Error(`no button "${name}" in ${page.url()}`);
  return button as ElementHandle<HTMLButtonElement>;
};

/** Types `value` into the field labelled `label` in an extension page and saves its form. */
async function saveField(page: Page, label: string, value: string): Promise<void> {
  // The page draws its forms once it has read the settings.
  const found = await waitFor(() => inputNamed(page, label), (handle) => handle.asElement() !== null, 10_000, `the field "${label}"`);
  const field = found.asElement() as ElementHandle<HTMLInputElement>;
  await field.type(value);
  const save = (await field.evaluateHandle((input) => input.form!.querySelector('button[type="submit"]')!)) as ElementHandle<HTMLButtonElement>;
  await save.click();
  await waitFor(() => field.evaluate((input) => input.form!.textContent ?? ''), (text) => text.includes(S.saved), 10_000, `"${label}" to be saved`);
}

/**
 * The background's view of a tab, asked through the extension's own APIs from one of its pages
 * (`probe`), and opening a LinkedIn page until the content script has read it and said so.
 */
function tabHelpers(session: () => FirefoxSession, probe: () => Page) {
  const tabOf = (page: Page) =>
    probe().evaluate(async (url) => (await browser.tabs.query({ url: 'https://www.linkedin.com/*' })).find((tab) => tab.url === url)?.id, page.url());

  async function tabState(page: Page) {
    const id = await tabOf(page);
    if (id === undefined) return undefined;
    return probe().evaluate(async (key) => (await browser.storage.session.get(key))[key], `tab:${id}`);
  }

  async function badge(page: Page): Promise<string> {
    const id = await tabOf(page);
    if (id === undefined) throw new Error(`no tab shows ${page.url()}`);
    return probe().evaluate((tabId) => browser.browserAction.getBadgeText({ tabId }), id);
  }

  async function open(url: string): Promise<Page> {
    const page = await session().newPage();
    await page.goto(url);
    await waitFor(() => tabState(page), (state) => state?.pageUrl === page.url(), 10_000, `a report for ${url}`);
    return page;
  }

  /**
   * The levels of the tab's approaches once all `count` are in its state: a first scan that
   * outruns its time budget reports the rest a task later.
   */
  async function levels(page: Page, count: number): Promise<string[]> {
    const state = await waitFor(() => tabState(page), (s) => s?.approaches.length === count, 10_000, `${count} approaches in the tab state`);
    return state!.approaches.map((a) => a.verdict.level);
  }

  return { tabOf, tabState, badge, open, levels };
}

describe.skipIf(!FIREFOX)('reading LinkedIn in Firefox', () => {
  let session: FirefoxSession;
  /** An extension page kept open to ask the background's state through the extension's own APIs. */
  let probe: Page;

  beforeAll(async () => {
    session = await launchFirefox();
    probe = await session.extensionPage('options.html');
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(() => {
    session.site.reset();
  });

  // A test that failed half-way leaves no tab behind to answer the next one's questions.
  afterEach(async () => {
    for (const page of await session.browser.pages()) if (page !== probe) await page.close().catch(() => undefined);
  });

  const { tabOf, tabState, badge, open, levels } = tabHelpers(() => session, () => probe);

  const warnings = (page: Page) => readFirefoxWarnings(session.browser, page);
  const threadWarning = (list: FirefoxWarning[]) => list.find((w) => w.previousSiblingClass?.includes('msg-title-bar'));
  const waitForWarnings = (page: Page, ok: (list: FirefoxWarning[]) => boolean, what: string) => waitFor(() => warnings(page), ok, 10_000, what);

  /** What CSS.highlights holds in the page, as the page's own scripts see it. */
  const highlighted = (page: Page) =>
    page.evaluate(() => {
      const out: string[] = [];
      CSS.highlights.forEach((highlight) => {
        for (const range of highlight as unknown as Iterable<AbstractRange>) out.push((range as Range).toString());
      });
      return out;
    });

  it('warns beside a risky thread at its level, naming its cues and the words, highlights them, and shows it on the badge', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the thread warning'))!;
    expect(warning.level).toBe('high');
    expect(warning.text).toContain('High risk');
    expect(warning.text).toContain('Request for non-public information');
    expect(warning.text).toContain('Paid consultancy or reports');
    expect(warning.text).toContain('“internal briefing”');
    expect(warning.text).toContain(CORE_STEPS.withdraw);
    expect(await highlighted(page)).toEqual(expect.arrayContaining(['internal briefing', 'keep this between us']));
    // The background writes the tab's state and sets the badge side by side.
    await waitFor(() => badge(page), (text) => text === 'H', 10_000, 'the badge');
    await page.close();
  });

  it('adds nothing to an ordinary conversation, and leaves the badge empty', async () => {
    session.site.inbox = 'ordinary';
    const page = await open(threadUrl(PRIYA!.key));
    expect(await levels(page, 2)).toEqual(['none', 'none']);
    expect(await warnings(page)).toEqual([]);
    expect(await highlighted(page)).toEqual([]);
    await waitFor(() => badge(page), (text) => text === '', 10_000, 'an empty badge');
    await page.close();
  });

  it('scores a message that arrives after the page loaded', async () => {
    session.site.inbox = 'ordinary';
    const page = await open(threadUrl(PRIYA!.key));
    expect(await warnings(page)).toEqual([]);
    expect(await page.evaluate((text) => window.__demoAppend!(text), ARRIVING_MESSAGE)).toBe(true);
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'a warning for the new message'))!;
    expect(warning.level).toBe('high');
    expect(warning.text).toContain('“non-public”');
    await waitFor(() => badge(page), (text) => text === 'H', 10_000, 'the badge');
    await page.close();
  });

  it('shows markup in a message as text and runs none of it', async () => {
    const page = await open(threadUrl(CASEY!.key));
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the warning'))!;
    expect(warning.text).toContain('“keep this <img src=x> secret”');
    expect(warning.elements).not.toContain('img');
    expect(warning.elements).not.toContain('script');
    expect(await page.evaluate(() => window.__agPwned)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelector('.msg-s-event-listitem__body')?.textContent)).toContain('<img src=x onerror=');
    await page.close();
  });

  it('reports an in-app move that changes only the address, at once', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    // Past the page's own second look (3 s after the script started, which was before its first
    // report), which would report the address too.
    const reported = await page.evaluate(() => performance.now());
    await page.waitForFunction((from) => performance.now() > from + 3500, {}, reported);
    const next = `${threadUrl(MARCUS!.key)}?context=search`;
    await page.evaluate((url) => history.pushState({}, '', url), next);
    await waitFor(() => tabState(page), (state) => state?.pageUrl === next, 2_000, 'the new address in the tab state');
    await page.close();
  });

  it('follows a move between threads without a reload (pushState and a swapped pane)', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    await waitForWarnings(page, (w) => threadWarning(w)?.level === 'high', 'the first thread warning');
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    await page.click(`[data-thread-key="${PRIYA!.key}"] .msg-conversation-listitem__link`);
    await waitFor(async () => page.url(), (url) => url === threadUrl(PRIYA!.key), 5_000, 'the new URL');
    await waitForWarnings(page, (w) => threadWarning(w) === undefined, 'the warning to go');
    await waitFor(() => tabState(page), (state) => state?.pageUrl === threadUrl(PRIYA!.key), 10_000, 'a report for the second thread');

    await page.click(`[data-thread-key="${CASEY!.key}"] .msg-conversation-listitem__link`);
    await waitForWarnings(page, (w) => threadWarning(w)?.level === 'high', 'the next thread warning');
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await page.close();
  });

  it('warns after a risky profile’s top card and inside a risky invitation, and not on an ordinary profile', async () => {
    const profile = await open(ORIGIN + PROFILE_PATHS[0]);
    const [onProfile, ...more] = await waitForWarnings(profile, (w) => w.length > 0, 'the profile warning');
    expect(more).toEqual([]);
    expect(onProfile!.level).toBe('high');
    expect(onProfile!.text).toContain('This profile has signs');
    await profile.close();

    const ordinary = await open(ORIGIN + PROFILE_PATHS[1]);
    expect(await warnings(ordinary)).toEqual([]);
    await ordinary.close();

    const invitations = await open(ORIGIN + INVITATIONS_PATH);
    const [onInvitation, ...others] = await waitForWarnings(invitations, (w) => w.length > 0, 'the invitation warning');
    expect(others).toEqual([]);
    expect(onInvitation!.text).toContain('“WeChat”');
    expect(await levels(invitations, 2)).toEqual(['high', 'none']);
    await invitations.close();
  });

  it('stops warning about a sender the user marks "Not suspicious" from the keyboard, through the background', async () => {
    const page = await open(ORIGIN + PROFILE_PATHS[0]);
    await waitForWarnings(page, (w) => w.length === 1, 'the profile warning');
    // From the name link: Tab to "Details", Tab to "Not suspicious", Enter, then confirm.
    await page.focus('a[href$="/overlay/about-this-profile/"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForWarnings(page, (w) => w[0]?.text.includes('Stop warning about Rowan Hale') === true, 'the confirmation');
    await page.keyboard.press('Enter');
    await waitForWarnings(page, (w) => w.length === 0, 'the warning to go');
    await waitFor(() => badge(page), (text) => text === '', 10_000, 'the badge to clear');
    // A fresh load of the same profile stays quiet.
    const reloaded = async () => {
      const before = (await tabState(page))?.updatedAt;
      await page.reload();
      await waitFor(() => tabState(page), (state) => state !== undefined && state.updatedAt !== before && state.approaches.length > 0, 10_000, 'a report after the reload');
    };
    await reloaded();
    expect(await warnings(page)).toEqual([]);

    // The options page lists the mark the background stored, and its Remove (through the
    // background too) turns the warning back on.
    const options = await session.extensionPage('options.html');
    const remove = await waitFor(
      () => options.evaluateHandle((label) => document.querySelector(`button[aria-label="${label}"]`), S.removeLabel('Rowan Hale')),
      (handle) => handle.asElement() !== null,
      10_000,
      'the mark in the options page',
    );
    await (remove.asElement() as ElementHandle<HTMLButtonElement>).click();
    await waitFor(() => options.evaluate(() => document.body.textContent ?? ''), (text) => text.includes(S.notSuspiciousEmpty), 10_000, 'the list to empty');
    await options.close();
    await reloaded();
    expect((await warnings(page)).map((w) => w.level)).toEqual(['high']);
    await page.close();
  });

  it('explains the tab in the popup: the level, each cue by its title with the words, and the steps', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    const popup = await session.extensionPage(`popup.html?tab=${await tabOf(page)}`);
    await popup.waitForSelector('article.ag-card');
    const text = await popup.$eval('article.ag-card', (card) => card.textContent ?? '');
    expect(text).toContain(MARCUS!.name);
    expect(text).toContain(LEVEL_WORDS.high);
    const titles = baseline.indicators as Record<string, { title: string }>;
    for (const indicator of ['elicitation_nonpublic_info', 'paid_consultancy_or_reports', 'secrecy_request', 'off_platform_move']) expect(text, indicator).toContain(titles[indicator]!.title);
    expect(await popup.$$eval('q.ag-quote', (quotes) => quotes.map((q) => q.textContent))).toEqual(expect.arrayContaining(['internal briefing', 'WhatsApp']));
    for (const step of Object.values(CORE_STEPS)) expect(text).toContain(step);
    await popup.close();
    await page.close();
  });

  it('makes no network request while reading and scoring: nothing but Firefox’s own calls reaches the proxy', async () => {
    const before = session.outgoing.length;
    const blockedBefore = session.blocked.length;
    const thread = await open(threadUrl(MARCUS!.key));
    await waitForWarnings(thread, (w) => threadWarning(w) !== undefined, 'the warning');
    expect(await thread.evaluate((text) => window.__demoAppend!(text), ARRIVING_MESSAGE)).toBe(true);
    await waitForWarnings(thread, (w) => threadWarning(w)?.text.includes('“non-public”') === true, 'the new message read');
    const profile = await open(ORIGIN + PROFILE_PATHS[0]);
    await waitForWarnings(profile, (w) => w.length > 0, 'the profile warning');
    // The tabs asked for nothing but their pages, their favicon and their own data: resources.
    expect(session.blocked.slice(blockedBefore).filter((url) => !url.startsWith('data:') && new URL(url).pathname !== '/favicon.ico')).toEqual([]);
    // Whatever else would leave the browser (the background page, a content script's fetch) meets the proxy.
    expect(notFirefoxOwn(session.outgoing.slice(before))).toEqual([]);
    await thread.close();
    await profile.close();

    // The proxy does see the extension's requests: a deliberate one from its own page shows up.
    await probe.evaluate(() => fetch('https://example.invalid/canary').catch(() => undefined));
    await waitFor(async () => notFirefoxOwn(session.outgoing), (lines) => lines.some((line) => line.includes('example.invalid')), 5_000, 'the canary at the proxy');
  });

  it('sends a report exactly as previewed to the security team’s endpoint, after a real CORS preflight from the moz-extension origin', async () => {
    const receiver = new WebhookEndpoint();
    await receiver.listen();
    try {
      const options = await session.extensionPage('options.html');
      await saveField(options, S.webhookUrl, receiver.url('/hooks/firefox'));
      await options.close();

      const page = await open(threadUrl(MARCUS!.key));
      const popup = await session.extensionPage(`popup.html?tab=${await tabOf(page)}`);
      await popup.waitForSelector('article.ag-card');
      await (await buttonNamed(popup, S.reportToTeam)).click();
      const preview = await (await popup.waitForSelector('[data-testid="report-preview"]'))!.evaluate((pre) => pre.textContent ?? '');
      expect(JSON.parse(preview)).toMatchObject({ format: 'approach-guard.report', sender: { name: MARCUS!.name } });
      await (await buttonNamed(popup, S.send)).click();

      const [post] = await waitFor(async () => receiver.posts(), (posts) => posts.length > 0, 10_000, 'the report to arrive');
      expect(post!.body.equals(Buffer.from(preview, 'utf8'))).toBe(true);
      expect(post!.headers['idempotency-key']).toBe(JSON.parse(preview).idempotencyKey);
      expect(post!.headers.origin).toBe(EXTENSION_ORIGIN);
      expect(post!.headers.cookie).toBeUndefined();
      const [preflight] = receiver.preflights();
      expect(preflight?.headers.origin).toBe(EXTENSION_ORIGIN);
      expect(preflight?.headers['access-control-request-headers']?.split(',').sort()).toEqual(['content-type', 'idempotency-key']);
      await waitFor(() => popup.evaluate(() => document.body.textContent ?? ''), (text) => text.includes(S.outboxStates.sent), 10_000, 'the outbox to say Sent');
      expect(receiver.posts()).toHaveLength(1);
      await popup.close();
      await page.close();
    } finally {
      await receiver.close();
    }
  });

  it('measures the first scan of the captured inbox and the first new messages (figures, as in Chromium)', { timeout: 60_000 }, async () => {
    await probe.evaluate(() => browser.storage.local.set({ debugPerfMarks: true }));
    try {
      const url = session.site.useFixture('linkedin-messaging.html', CAPTURED_INBOX);
      session.site.isolated = true;
      const page = await open(url);
      expect(await page.evaluate(() => crossOriginIsolated), 'a page timed to 5 µs').toBe(true);
      const read = (name: string) =>
        page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((e) => ({ startTime: e.startTime, duration: e.duration, detail: (e as PerformanceMeasure).detail })), name) as Promise<ScanMeasure[]>;
      const compile = (await read('approach-guard:compile'))[0]!;
      const first = await waitFor(() => read('approach-guard:scan'), (m) => m.length > 0, 10_000, 'a scan');
      // The first scan may hand the rest of its scoring to a follow-up task (time budget).
      const firstScan = first.filter((m, i) => i === 0 || m.detail.extractMs === 0);

      // As in the Chromium figures: each message a quarter of a second after the last scan, and
      // its cost the observer's callbacks since the scan before, the scan and its report.
      const perMessage: number[] = [];
      for (let i = 0; i < 5; i++) {
        await page.waitForFunction(() => {
          const last = performance.getEntriesByName('approach-guard:scan', 'measure').at(-1)!;
          return performance.now() - last.startTime - last.duration >= 250;
        });
        const before = (await read('approach-guard:scan')).length;
        await page.evaluate(addMessageCopy, [`A new message, number ${i}, about the reading list.`, false, false] as const);
        const after = await waitFor(() => read('approach-guard:scan'), (m) => m.slice(before).some((x) => x.detail.scored > 0), 10_000, 'a scan of the new message');
        const scan = after.slice(before).find((x) => x.detail.scored > 0)!;
        const at = after.indexOf(scan);
        const previous = after[at - 1]!;
        const report = (await read('approach-guard:report'))[at]!;
        const observe = (await read('approach-guard:observe'))
          .filter((m) => m.startTime >= previous.startTime + previous.duration && m.startTime <= scan.startTime)
          .reduce((sum, m) => sum + m.duration, 0);
        perMessage.push(observe + scan.duration + report.duration);
      }
      const ms = (x: number) => `${x.toFixed(2)} ms`;
      console.log(
        [
          `Approach Guard content script, Firefox ${(await session.browser.version()).split('/')[1]} (figures, not assertions):`,
          `  pack compile:                 ${ms(compile.duration)}`,
          `  first scan, captured inbox:   ${ms(firstScan.reduce((t, m) => t + m.duration, 0))} in ${firstScan.length} task(s); ` +
            firstScan.map((m) => `extract ${ms(m.detail.extractMs)} score ${ms(m.detail.scoreMs)} render ${ms(m.detail.renderMs)}`).join(' + '),
          `  per added message:            median ${ms([...perMessage].sort((a, b) => a - b)[2]!)} (${perMessage.map(ms).join(', ')}), observing, reading, scoring, drawing and reporting`,
        ].join('\n'),
      );
      await page.close();
    } finally {
      await probe.evaluate(() => browser.storage.local.set({ debugPerfMarks: false }));
    }
  });
});

// Its own browser: the updated add-on runs from a copy of the build that must outlive the test.
describe.skipIf(!FIREFOX)('an update of the Firefox build', () => {
  let session: FirefoxSession;
  let probe: Page;
  let updated: string;
  const { tabState, badge, open } = tabHelpers(() => session, () => probe);

  beforeAll(async () => {
    updated = mkdtempSync(join(tmpdir(), 'approach-guard-firefox-update-'));
    session = await launchFirefox();
    probe = await session.extensionPage('options.html');
  });

  afterAll(async () => {
    await session?.close();
    rmSync(updated, { recursive: true, force: true });
  });

  it('puts an updated version into an open tab at once, which replaces the old copy’s warning with its own', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    await waitFor(() => readFirefoxWarnings(session.browser, page), (w) => w.length === 1, 10_000, 'the warning');
    // The page marks the old copy's host, to tell it from the new copy's.
    await page.evaluate(() => document.querySelector('[data-approach-guard-level]')!.setAttribute('data-test-old', ''));

    cpSync(FIREFOX_EXTENSION_DIR, updated, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(updated, 'manifest.json'), 'utf8')) as { version: string };
    manifest.version = manifest.version.replace(/\d+$/, (patch) => String(Number(patch) + 1));
    writeFileSync(join(updated, 'manifest.json'), JSON.stringify(manifest));
    await session.install(updated);
    probe = await session.extensionPage('options.html');
    expect(await probe.evaluate(() => browser.runtime.getManifest().version)).toBe(manifest.version);

    // No reload and no change on the page: the new copy reads it and draws one warning.
    const hosts = () => page.evaluate(() => [...document.querySelectorAll('[data-approach-guard-level]')].map((host) => host.hasAttribute('data-test-old')));
    expect(await waitFor(hosts, (old) => old.length === 1 && !old[0], 10_000, 'the new copy’s warning, alone')).toEqual([false]);
    expect((await readFirefoxWarnings(session.browser, page)).map((w) => w.level)).toEqual(['high']);
    await waitFor(() => tabState(page), (state) => state?.approaches.some((a) => a.verdict.level === 'high') === true, 10_000, 'the new copy’s report');
    await waitFor(() => badge(page), (text) => text === 'H', 10_000, 'the badge');
    await page.close();
  });
});

describe.skipIf(!FIREFOX)('enterprise policy in Firefox (3rdparty)', () => {
  let session: FirefoxSession;
  let probe: Page;
  const { tabState, open } = tabHelpers(() => session, () => probe);
  const POLICY = {
    securityTeamName: 'Parliamentary Security Department',
    webhookUrl: 'https://soc.parliament.example/hooks/approach-guard',
    threshold: 'high',
  };

  beforeAll(async () => {
    session = await launchFirefox({ policy: POLICY });
    probe = await session.extensionPage('options.html');
  });

  afterAll(async () => {
    await session?.close();
  });

  /** The form control named `label`: its value, whether it can be changed, and the note under it. */
  const field = async (page: Page, label: string) =>
    (await inputNamed(page, label)).evaluate((control) => {
      if (!control) return undefined;
      const note = (control.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      // Locked: read-only text, or a checkbox or radio marked aria-disabled (kept in the Tab order).
      return { value: control.value, locked: control.readOnly || control.disabled || control.getAttribute('aria-disabled') === 'true', checked: control.checked, note };
    });

  it('shows the policy’s values in the options page, locked and "Set by your organisation"', async () => {
    const options = await session.extensionPage('options.html');
    const webhook = await waitFor(() => field(options, S.webhookUrl), (f) => f?.value === POLICY.webhookUrl, 10_000, 'the webhook address from policy');
    expect(webhook).toMatchObject({ locked: true });
    expect(webhook!.note).toContain(S.setByOrganisation);
    expect(await field(options, S.teamName)).toMatchObject({ value: POLICY.securityTeamName, locked: true });
    expect(await field(options, THRESHOLD_LABELS.high)).toMatchObject({ checked: true, locked: true });
    // A click on a locked radio changes nothing: the browser puts the checked one back.
    await ((await inputNamed(options, THRESHOLD_LABELS.low)).asElement() as ElementHandle<HTMLInputElement>).click();
    expect(await field(options, THRESHOLD_LABELS.high)).toMatchObject({ checked: true });
    expect(await field(options, THRESHOLD_LABELS.low)).toMatchObject({ checked: false, locked: true });
    await options.close();
  });

  it('puts the threshold in force in LinkedIn tabs: a medium InMail gets no warning, a high thread does', async () => {
    const inMail = await open(threadUrl(JORDAN!.key));
    // Read and scored at medium, below the threshold the organisation set.
    await waitFor(() => tabState(inMail), (state) => state?.approaches.some((a) => a.verdict.level === 'medium') === true, 10_000, 'the InMail scored at medium');
    expect(await readFirefoxWarnings(session.browser, inMail)).toEqual([]);
    const risky = await open(threadUrl(MARCUS!.key));
    await waitFor(() => readFirefoxWarnings(session.browser, risky), (w) => w.some((x) => x.level === 'high'), 10_000, 'the high warning');
    await inMail.close();
    await risky.close();
  });
});

describe.skipIf(!FIREFOX)('the organisation’s signed pack in Firefox', () => {
  let session: FirefoxSession;
  let probe: Page;
  let server: Server;
  const served: Array<{ path: string; origin?: string }> = [];
  const { open, badge, tabOf } = tabHelpers(() => session, () => probe);
  /** The demo's ordinary profile, which only the organisation's pack flags. */
  const PROFILE_URL = ORIGIN + PROFILE_PATHS[1];

  let key: Awaited<ReturnType<typeof makeKey>>;
  let files: { bytes: Uint8Array; sig: string };
  const publish = async (pack: unknown) => {
    const bytes = packBytes(pack);
    files = { bytes, sig: await signBytes(key, bytes) };
  };

  beforeAll(async () => {
    key = await makeKey();
    await publish(orgPack({ entities: [{ ...(orgPack().entities as object[])[0], profileUrls: [PROFILE_URL] }] }));
    server = createServer((request, response) => {
      served.push({ path: request.url ?? '', origin: request.headers.origin });
      const cors = { 'Access-Control-Allow-Origin': '*' };
      if (request.url === '/pack.json') response.writeHead(200, cors).end(Buffer.from(files.bytes));
      else if (request.url === '/pack.json.sig') response.writeHead(200, cors).end(files.sig);
      else response.writeHead(404, cors).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const packUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pack.json`;
    session = await launchFirefox({ policy: { packUrl, trustedKeys: [key.publicKey] } });
    probe = await session.extensionPage('options.html');
  });

  afterAll(async () => {
    await session?.close();
    server?.close();
  });

  it('fetches, verifies and layers it, and warns on the profile it flags', async () => {
    const section = () => probe.evaluate(() => document.body.textContent ?? '');
    await waitFor(section, (text) => text.includes(S.packOutcome.installed), 20_000, 'the options page to show the pack installed');
    expect(await section()).toContain('Security team rules');
    expect(served.map((s) => s.path).sort()).toEqual(['/pack.json', '/pack.json.sig']);
    expect(served.every((s) => s.origin === EXTENSION_ORIGIN)).toBe(true);
    const page = await open(PROFILE_URL);
    const warnings = await waitFor(() => readFirefoxWarnings(session.browser, page), (w) => w.length > 0, 10_000, 'the warning');
    expect(warnings.map((w) => w.level)).toEqual(['high']);
    await page.close();
  });

  it('names in the popup someone who wrote before and whom a newer pack flags, with "!" on a tab with nothing of its own', async () => {
    // Priya wrote before, in an inbox of ordinary conversations; nothing flagged her then.
    session.site.inbox = 'ordinary';
    const thread = await open(threadUrl(PRIYA!.key));
    expect(await badge(thread)).toBe('');
    const priya = `${ORIGIN}/in/demo-member-102/`;
    await publish(orgPack({ version: '2026.12.2', entities: [{ ...(orgPack().entities as object[])[0], profileUrls: [priya] }] }));
    await (await buttonNamed(probe, S.packCheckNow)).click();
    // Her open thread is read with the new pack and warns; the calm tab shows the toolbar's "!".
    await waitFor(() => readFirefoxWarnings(session.browser, thread), (w) => w.some((x) => x.level === 'high'), 20_000, 'a warning on her thread');
    // The profile the first pack flagged, which this one does not.
    const calm = await open(PROFILE_URL);
    await waitFor(() => badge(calm), (text) => text === '!', 10_000, 'the "!" on a tab with nothing of its own');
    const popup = await session.extensionPage(`popup.html?tab=${await tabOf(calm)}`);
    await popup.waitForSelector('section.ag-surfaced');
    expect(await popup.$eval('section.ag-surfaced h2', (h) => h.textContent)).toBe(S.surfacedHeading(1));
    expect(await popup.$$eval('section.ag-surfaced a', (links) => links.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([[`${PRIYA!.name} ${S.opensInNewTab}`, priya]]);
    await (await buttonNamed(popup, S.surfacedSeen)).click();
    await waitFor(() => popup.$('section.ag-surfaced'), (section) => section === null, 10_000, 'the notice to go');
    await waitFor(() => badge(calm), (text) => text === '', 10_000, 'the "!" to go');
    session.site.inbox = 'all';
    await popup.close();
    await calm.close();
    await thread.close();
  });
});

describe.skipIf(!FIREFOX)('Firefox in permanent private browsing, where the extension may keep no database', () => {
  let session: FirefoxSession;
  let probe: Page;
  const { open } = tabHelpers(() => session, () => probe);

  beforeAll(async () => {
    session = await launchFirefox({ privateBrowsing: true });
    probe = await session.extensionPage('options.html');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('warns as usual, says in the options page where settings are kept, and keeps a saved setting', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    const warning = await waitFor(() => readFirefoxWarnings(session.browser, page), (w) => w.length > 0, 10_000, 'the warning');
    expect(warning.map((w) => w.level)).toEqual(['high']);
    await page.close();

    await waitFor(() => probe.evaluate(() => document.body.textContent ?? ''), (text) => text.includes(S.storageFallback), 10_000, 'the notice');
    await saveField(probe, S.teamName, 'Security Office');

    const again = await session.extensionPage('options.html');
    const value = async () => (await inputNamed(again, S.teamName)).evaluate((input) => input?.value);
    expect(await waitFor(value, (name) => name === 'Security Office', 10_000, 'the saved name')).toBe('Security Office');
    await again.close();
  });
});
