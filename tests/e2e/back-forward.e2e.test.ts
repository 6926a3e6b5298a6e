// A page the browser restores from its back/forward cache runs no new script and changes
// nothing, yet the background forgot the tab when it left LinkedIn: the content script must
// tell it everything again (page-controller.ts, `pageshow`). Its own browser, since Playwright
// turns the cache off by default.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { threadUrl } from '../fixtures/demo/pages';
import { CONVERSATIONS } from '../fixtures/demo/people';
import { badgeText, launch, tabIdOf, tabState, tabStateById, waitFor, waitForPack, waitForReport, type Session } from './harness';

declare global {
  interface Window {
    __restored?: boolean;
  }
}

const [MARCUS] = CONVERSATIONS;
let session: Session;

beforeAll(async () => {
  session = await launch({ backForwardCache: true });
  await waitForPack(session);
});

afterAll(async () => {
  await session?.close();
});

it('tells the background again about a page restored from the back/forward cache', async () => {
  const url = threadUrl(MARCUS!.key);
  const page = await session.newPage();
  await page.goto(url);
  await waitForReport(session, page);
  await waitFor(() => badgeText(session, page), (t) => t === 'H', 10_000, 'the badge');
  const tabId = await tabIdOf(session, page);
  await page.evaluate(() => window.addEventListener('pageshow', (event) => (window.__restored = event.persisted)));

  // Off LinkedIn: the background forgets the tab.
  await page.goto('about:blank');
  await waitFor(() => tabStateById(session, tabId), (s) => s.state === undefined && s.badge === '', 10_000, 'the tab to be forgotten');

  // A page restored whole fires no load event: wait for the commit only.
  await page.goBack({ waitUntil: 'commit' });
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => window.__restored), 'the page came back from the cache, not from the network').toBe(true);
  const state = await waitFor(() => tabState(session, page), (s) => s?.pageUrl === url, 10_000, 'the restored page’s report');
  expect(state!.approaches.some((a) => a.approachId.startsWith('linkedin:thread:') && a.verdict.level === 'high')).toBe(true);
  await waitFor(() => badgeText(session, page), (t) => t === 'H', 10_000, 'the badge again');
  await page.close();
});
