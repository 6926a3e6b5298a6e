// The built extension in Debian Chromium on the LinkedIn surfaces beyond the ordinary thread:
// a message request and a sponsored message in the /messaging/ thread pane, a conversation bubble
// over the feed, and the highlights of the words that fired, on written fixtures that keep
// LinkedIn's markup (tests/fixtures/linkedin/README.md) served at their real URLs.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ROOT,
  badgeText,
  launch,
  readWarnings,
  tabIdOf,
  tabState,
  waitFor,
  waitForPack,
  waitForReport,
  type Session,
  type WarningInfo,
  type WorkerChrome,
} from './harness';

declare const chrome: WorkerChrome;

const FIXTURES = join(ROOT, 'tests/fixtures/linkedin');
const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const REQUEST_URL = 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA4XzAxMg==/';
const REQUEST_ID = 'linkedin:thread:00000000-0000-4000-8000-000000000008_012';
const SPONSORED_URL = 'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA5XzEwMA==/';
const SPONSORED_ID = 'linkedin:thread:00000000-0000-4000-8000-000000000009_100';
const FEED_URL = 'https://www.linkedin.com/feed/';
const BUBBLE_ID = 'linkedin:thread:00000000-0000-4000-8000-000000000007_012';

const BENIGN_TEXT = 'Hello Sam, thank you for the talk on Tuesday. The slides are on the event page if you would like them.';
const RISKY_BUBBLE_TEXT =
  'One more thing: my client pays well for a short monthly report with your own view of what the committee is planning. Could we continue on WhatsApp? Please keep this between us.';

/** The page with the first message body's text (or the sponsored paragraphs) replaced. */
function withBody(html: string, text: string): string {
  const body = /(<p class="msg-s-event-listitem__body[^"]*"[^>]*>)[\s\S]*?(<\/p>)/;
  expect(html).toMatch(body);
  return html.replace(body, `$1${text}$2`);
}

function withSponsoredText(html: string, text: string): string {
  const paragraphs = /(msg-spinmail-thread-presenter__rich-text">\s*<\/p>)[\s\S]*?(\s*<p><\/p>)/;
  expect(html).toMatch(paragraphs);
  return html.replace(paragraphs, `$1<p><!---->${text}<!----></p>$2`);
}

// LinkedIn's stylesheets are not part of the captures. These rules stand in for what matters to
// placement: LinkedIn's utility classes (display-flex, flex-column, flex-grow-1, truncate, ...) as
// they behave on the site, and a conversation bubble as the site draws it, a window of fixed size
// at the bottom right (336 × 400 px, the smaller of its sizes) whose message list scrolls inside.
const OVERLAY_CSS = `<style>
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1f1f1f;background:#f4f2ee}
.display-flex{display:flex}.flex-column{flex-direction:column}.flex-grow-1{flex-grow:1}.relative{position:relative}
.align-items-center{align-items:center}.justify-space-between{justify-content:space-between}.overflow-hidden{overflow:hidden}
.truncate{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.hidden,.visually-hidden,.a11y-text{display:none}
.msg-overlay-list-bubble{position:fixed;bottom:0;right:8px;width:288px;height:48px;overflow:hidden;background:#fff}
.msg-overlay-list-bubble header>*:not(.msg-overlay-bubble-header__details){display:none}
.msg-overlay-conversation-bubble{position:fixed;bottom:0;right:312px;width:336px;height:400px;display:flex;flex-direction:column;background:#fff;border-radius:8px 8px 0 0;box-shadow:0 0 0 1px rgba(0,0,0,.15),0 4px 12px rgba(0,0,0,.2)}
.msg-overlay-conversation-bubble header{height:48px;flex:none;display:flex;align-items:center;border-bottom:1px solid #e8e8e8}
.msg-overlay-conversation-bubble h2{margin:0;font-size:14px}
.msg-overlay-bubble-header__controls,.msg-s-event-listitem__actions-container,.msg-form,.msg-s-message-list__loader{display:none}
.msg-facepile-grid__img,.presence-entity__image,.msg-s-event-listitem__profile-picture{width:32px;height:32px;border-radius:50%;background:#c9d4df}
.msg-overlay-conversation-bubble>.flex-grow-1{min-height:0}
.msg-overlay-conversation-bubble__content-wrapper{flex:1;min-height:0}
.msg-s-message-list-container{flex:1;min-height:0}
.msg-s-message-list{flex:1;overflow-y:auto}
.msg-s-message-list-content{list-style:none;margin:0;padding:0 12px}
.msg-s-message-list__time-heading{display:block;text-align:center;font-size:12px;color:#666}
.msg-s-event-listitem__body{margin:2px 0 8px}
</style>`;

let session: Session;

beforeAll(async () => {
  session = await launch();
  await waitForPack(session);
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await session?.close();
});

// A tab left open by a failed test would be mistaken for the next tab at the same URL.
beforeEach(async () => {
  session.site.reset();
  for (const page of session.context.pages()) await close(page);
});

async function open(url: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(url);
  await waitForReport(session, page);
  return page;
}

/**
 * Closes the tab and waits until the extension no longer lists it, so the next tab at the same
 * URL is not mistaken for this one when its state is read.
 */
async function close(page: Page): Promise<void> {
  const tabId = await tabIdOf(session, page).catch(() => undefined);
  await page.close();
  if (tabId === undefined) return;
  await waitFor(
    () => session.worker.evaluate(async (id) => (await chrome.tabs.query({})).some((t) => t.id === id), tabId),
    (listed) => !listed,
    10_000,
    'the tab to close',
  );
}

const threadWarning = (warnings: WarningInfo[]) => warnings.find((w) => w.previousSiblingClass?.includes('msg-title-bar'));

function waitForWarnings(page: Page, ok: (warnings: WarningInfo[]) => boolean, what: string) {
  return waitFor(() => readWarnings(page), ok, 10_000, what);
}

async function levelsOf(page: Page): Promise<Record<string, string>> {
  const state = await waitForReport(session, page);
  return Object.fromEntries(state!.approaches.map((a) => [a.approachId, a.verdict.level]));
}

describe('a message request in the thread pane', () => {
  it('warns beside a risky request at high, with its cues, the words, and "Not suspicious" for the sender', async () => {
    const page = await open(session.site.useFixture('messaging-message-request.html', REQUEST_URL));
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the request warning'))!;
    expect(warning.level).toBe('high');
    expect(warning.text).toContain('High risk');
    expect(warning.text).toContain('This conversation has signs');
    expect(warning.text).toContain('Move to another channel');
    expect(warning.text).toContain('“on Signal”');
    expect(warning.text).toContain('Not suspicious');
    expect((await levelsOf(page))[REQUEST_ID]).toBe('high');
    expect(await badgeText(session, page)).toBe('H');
    await close(page);
  });

  it('adds nothing to an ordinary request', async () => {
    const page = await open(session.site.serve(REQUEST_URL, withBody(fixture('messaging-message-request.html'), BENIGN_TEXT)));
    expect(await page.locator('p.msg-s-event-listitem__body').textContent()).toBe(BENIGN_TEXT);
    expect((await levelsOf(page))[REQUEST_ID]).toBe('none');
    expect(await readWarnings(page)).toEqual([]);
    expect(await badgeText(session, page)).toBe('');
    await close(page);
  });
});

describe('a sponsored message in the thread pane', () => {
  it('warns at high on the text beside the empty body paragraph, offering only "Hide" (a sponsor has no member profile)', async () => {
    const page = await open(session.site.useFixture('messaging-sponsored-thread.html', SPONSORED_URL));
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the sponsored warning'))!;
    expect(warning.level).toBe('high');
    expect(warning.text).toContain('“Payment is made in Bitcoin”');
    expect(warning.text).toContain('Hide');
    expect(warning.text).not.toContain('Not suspicious');
    expect((await levelsOf(page))[SPONSORED_ID]).toBe('high');
    await close(page);
  });

  it('adds nothing to an ordinary sponsored message', async () => {
    const html = withSponsoredText(fixture('messaging-sponsored-thread.html'), 'Our spring webinar on accessible web forms is now open for registration.');
    const page = await open(session.site.serve(SPONSORED_URL, html));
    expect((await levelsOf(page))[SPONSORED_ID]).toBe('none');
    expect(await readWarnings(page)).toEqual([]);
    await close(page);
  });
});

interface Placement {
  level: string | null;
  insideBubble: boolean;
  afterHeader: boolean;
  host: { top: number; bottom: number; left: number; right: number; height: number };
  bubble: { top: number; bottom: number; left: number; right: number };
  /** What the browser hits at the middle of the warning: the warning itself when nothing covers it. */
  hitAtMiddle: boolean;
  list: { height: number };
  /** The warning's own content is taller than the room it has, and it scrolls. */
  scrolls: boolean;
}

function placement(page: Page): Promise<Placement | undefined> {
  return page.evaluate(() => {
    const host = document.querySelector('[data-approach-guard-level]');
    const bubble = document.querySelector('.msg-overlay-conversation-bubble');
    if (!host || !bubble) return undefined;
    const rect = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
    };
    const h = rect(host);
    const header = bubble.querySelector('header');
    return {
      level: host.getAttribute('data-approach-guard-level'),
      insideBubble: bubble.contains(host),
      afterHeader: header !== null && host.previousElementSibling === header,
      host: h,
      bubble: rect(bubble),
      hitAtMiddle: document.elementFromPoint((h.left + h.right) / 2, h.top + Math.min(h.height / 2, 20)) === host,
      list: { height: bubble.querySelector('.msg-s-message-list')!.getBoundingClientRect().height },
      scrolls: host.scrollHeight > host.clientHeight && getComputedStyle(host).overflowY === 'auto',
    };
  });
}

describe('a conversation bubble over the feed', () => {
  it('warns inside a risky bubble, under its header, visible without hiding the conversation, with "Not suspicious" for the sender', async () => {
    const html = fixture('overlay-conversation.html')
      .replace('Brilliant. Let me know what you think!', RISKY_BUBBLE_TEXT)
      .replace('</head>', `${OVERLAY_CSS}</head>`);
    const page = await open(session.site.serve(FEED_URL, html));
    const [warning, ...rest] = await waitForWarnings(page, (w) => w.length > 0, 'the bubble warning');
    expect(rest).toEqual([]);
    expect(warning!.level).toBe('high');
    expect(warning!.text).toContain('This conversation has signs');
    expect(warning!.text).toContain('“WhatsApp”');
    expect(warning!.text).toContain('Not suspicious');
    expect((await levelsOf(page))[BUBBLE_ID]).toBe('high');

    await page.screenshot({ path: join(ARTIFACTS, 'bubble-warning.png') });
    const where = (await placement(page))!;
    expect(where.level).toBe('high');
    expect(where.insideBubble).toBe(true);
    expect(where.afterHeader).toBe(true);
    expect(where.host.height).toBeGreaterThan(40);
    expect(where.host.top).toBeGreaterThanOrEqual(where.bubble.top);
    expect(where.host.bottom).toBeLessThanOrEqual(where.bubble.bottom);
    expect(where.host.left).toBeGreaterThanOrEqual(where.bubble.left);
    expect(where.host.right).toBeLessThanOrEqual(where.bubble.right);
    expect(where.hitAtMiddle).toBe(true);
    // The conversation stays readable under the warning, which scrolls within itself.
    expect(where.list.height).toBeGreaterThan(120);
    expect(where.scrolls).toBe(true);

    // Opening "Details" (from the keyboard) keeps it inside the bubble and leaves the messages their room.
    await page.focus('.msg-overlay-conversation-bubble header h2 a');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-approach-guard-level'))).toBe(true);
    await page.keyboard.press('Enter');
    await waitForWarnings(page, (w) => w[0]?.detailsOpen === true, 'the details to open');
    const opened = (await placement(page))!;
    expect(opened.host.bottom).toBeLessThanOrEqual(opened.bubble.bottom);
    expect(opened.list.height).toBe(where.list.height);
    await page.screenshot({ path: join(ARTIFACTS, 'bubble-warning-details.png') });
    await close(page);
  });

  it('adds nothing to an ordinary bubble, nor to the ordinary sponsored bubble over the captured profile', async () => {
    const feed = await open(session.site.useFixture('overlay-conversation.html', FEED_URL));
    expect((await levelsOf(feed))[BUBBLE_ID]).toBe('none');
    expect(await readWarnings(feed)).toEqual([]);
    await close(feed);

    const profile = await open(session.site.useFixture('linkedin-profile.html', 'https://www.linkedin.com/in/fixture-member-13/'));
    const levels = await levelsOf(profile);
    expect(levels['linkedin:thread:00000000-0000-4000-8000-000000000003_100']).toBe('none');
    expect(await readWarnings(profile)).toEqual([]);
    await close(profile);
  });
});

interface HighlightRead {
  name: string;
  text: string;
  inBody: boolean;
}

/** What CSS.highlights holds in the page, as the page's own scripts would see it. */
function highlights(page: Page): Promise<HighlightRead[]> {
  return page.evaluate(() => {
    const out: HighlightRead[] = [];
    CSS.highlights.forEach((highlight, name) => {
      for (const range of highlight as unknown as Iterable<AbstractRange>) {
        const live = range as Range;
        const node = live.commonAncestorContainer;
        const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
        out.push({ name, text: live.toString(), inBody: element?.closest('p.msg-s-event-listitem__body') != null });
      }
    });
    return out;
  });
}

/** The message list's markup now, and as the served page parses without any extension. */
function messageListMarkup(page: Page, served: string): Promise<{ now: string; served: string }> {
  return page.evaluate((html) => {
    const fresh = new DOMParser().parseFromString(html, 'text/html');
    return {
      now: document.querySelector('.msg-s-message-list-content')!.innerHTML,
      served: fresh.querySelector('.msg-s-message-list-content')!.innerHTML,
    };
  }, served);
}

describe('highlights in LinkedIn’s own text', () => {
  async function openScoredRequest() {
    const page = await open(session.site.useFixture('messaging-message-request.html', REQUEST_URL));
    await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the request warning');
    const state = await tabState(session, page);
    const approach = state!.approaches.find((a) => a.approachId === REQUEST_ID) as unknown as {
      verdict: { hits: Array<{ experimental?: boolean; evidence: Array<{ message: number; quote: string }> }> };
    };
    const quotes = approach.verdict.hits
      .filter((h) => !h.experimental)
      .flatMap((h) => h.evidence)
      .filter((e) => e.message >= 0)
      .map((e) => e.quote);
    return { page, quotes };
  }

  it('cover exactly the words that fired, inside the message, and leave LinkedIn’s markup as it was; leaving the page removes them', async () => {
    const { page, quotes } = await openScoredRequest();
    expect(quotes).toEqual(expect.arrayContaining(['on Signal', 'between the two of us']));
    const read = await waitFor(() => highlights(page), (h) => h.length > 0, 10_000, 'the highlights');
    expect(new Set(read.map((h) => h.name))).toEqual(new Set(['approach-guard-high']));
    expect(read.every((h) => h.inBody)).toBe(true);
    expect(read.map((h) => h.text).sort()).toEqual([...quotes].sort());

    const markup = await messageListMarkup(page, fixture('messaging-message-request.html'));
    expect(markup.now).toBe(markup.served);

    // LinkedIn's in-app navigation: a new URL, and the messaging page replaced by the feed.
    await page.evaluate(() => {
      history.pushState({}, '', '/feed/');
      const main = document.querySelector('main')!;
      const feed = document.createElement('main');
      feed.textContent = 'Feed';
      main.replaceWith(feed);
    });
    await waitFor(() => highlights(page), (h) => h.length === 0, 10_000, 'the highlights to go');
    expect(await readWarnings(page)).toEqual([]);
    await close(page);
  });

  it('cover the words again after LinkedIn moves the message out and back in', async () => {
    const { page, quotes } = await openScoredRequest();
    await waitFor(() => highlights(page), (h) => h.length > 0, 10_000, 'the highlights');
    // The text is read the same, but the browser collapsed the ranges over it when it left.
    await page.evaluate(() => {
      const event = document.querySelector('p.msg-s-event-listitem__body')!.closest('li')!;
      const { parentNode, nextSibling } = event;
      event.remove();
      parentNode!.insertBefore(event, nextSibling);
    });
    const read = await waitFor(
      () => highlights(page),
      (h) => h.length === quotes.length && h.every((x) => x.text !== ''),
      10_000,
      'the highlights over the moved message',
    );
    expect(read.map((h) => h.text).sort()).toEqual([...quotes].sort());
    await close(page);
  });

  it('are removed when the user marks the sender "Not suspicious"', async () => {
    const { page } = await openScoredRequest();
    await waitFor(() => highlights(page), (h) => h.length > 0, 10_000, 'the highlights');
    // From the last control before the warning: Tab to "Details", Tab to "Not suspicious", Enter, confirm.
    await page.evaluate(() => {
      const controls = [...document.querySelectorAll<HTMLElement>('.msg-title-bar a[href], .msg-title-bar button')].filter((e) => e.tabIndex >= 0);
      controls[controls.length - 1]!.focus();
    });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-approach-guard-level'))).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForWarnings(page, (w) => threadWarning(w)?.text.includes('Stop warning about Ilse Varga') === true, 'the confirmation');
    await page.keyboard.press('Enter');
    await waitForWarnings(page, (w) => w.length === 0, 'the warning to go');
    expect(await highlights(page)).toEqual([]);
    const markup = await messageListMarkup(page, fixture('messaging-message-request.html'));
    expect(markup.now).toBe(markup.served);
    await close(page);
  });
});
