// The built extension in Debian Chromium, on LinkedIn pages served by the test (demo pages and
// saved fixtures) at their real https://www.linkedin.com URLs.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVITATIONS_PATH, ORIGIN, PROFILE_PATHS, threadUrl } from '../fixtures/demo/pages';
import { ARRIVING_MESSAGE, CONVERSATIONS } from '../fixtures/demo/people';
import { CORE_STEPS } from '../../src/ui/strings';
import {
  EXTENSION_DIR,
  ROOT,
  badgeText,
  launch,
  measures,
  readTrusted,
  readWarnings,
  tabIdOf,
  tabState,
  tabStateById,
  traceScriptLoad,
  waitFor,
  waitForPack,
  waitForReport,
  addMessageCopy,
  type ScanMeasure,
  type Session,
  type WarningInfo,
  type WorkerChrome,
} from './harness';

declare const chrome: WorkerChrome;
declare global {
  interface Window {
    __demoAppend?: (text: string) => boolean;
    __agPwned?: number;
    __sameDocument?: boolean;
  }
}

const [MARCUS, PRIYA, JORDAN, CASEY] = CONVERSATIONS;
// The 80 KB budget is asserted by the build checks (tests/build/); this run prints the figure.
const CONTENT_SCRIPT_GOAL = 80 * 1024;

let session: Session;
const dialogs: string[] = [];

beforeAll(async () => {
  session = await launch();
  await waitForPack(session);
  // Opt in to the content script's performance.measure() entries for the figures below.
  await session.worker.evaluate(() => chrome.storage.local.set({ debugPerfMarks: true }));
});

afterAll(async () => {
  await session?.close();
});

beforeEach(() => {
  session.site.reset();
});

async function open(url: string): Promise<Page> {
  const page = await session.context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await waitForReport(session, page);
  return page;
}

const threadWarning = (warnings: WarningInfo[]) => warnings.find((w) => w.previousSiblingClass?.includes('msg-title-bar'));

function waitForWarnings(page: Page, ok: (warnings: WarningInfo[]) => boolean, what: string) {
  return waitFor(() => readWarnings(page), ok, 10_000, what);
}

describe('reading LinkedIn in Chromium', () => {
  it('warns beside a risky thread at its level, naming its cues and the words, and shows it on the badge', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    const warnings = await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the thread warning');
    const warning = threadWarning(warnings)!;
    expect(warning.level).toBe('high');
    expect(warning.text).toContain('High risk');
    expect(warning.text).toContain('Request for non-public information');
    expect(warning.text).toContain('Paid consultancy or reports');
    expect(warning.text).toMatch(/“internal briefing”|“keep this between us”/);
    // NPSA's steps, in the popup's words.
    expect(warning.text).toContain(CORE_STEPS.withdraw);
    expect(await badgeText(session, page)).toBe('H');
    await page.close();
  });

  it('warns on an InMail at medium', async () => {
    const page = await open(threadUrl(JORDAN!.key));
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the InMail warning'))!;
    expect(warning.level).toBe('medium');
    expect(warning.text).toContain('This InMail has signs');
    expect(warning.text).toContain('“WhatsApp”');
    await page.close();
  });

  it('adds nothing to ordinary conversations, and leaves the badge empty', async () => {
    session.site.inbox = 'ordinary';
    const page = await open(threadUrl(PRIYA!.key));
    const state = await tabState(session, page);
    expect(state?.approaches.map((a) => a.verdict.level)).toEqual(['none', 'none']);
    expect(await readWarnings(page)).toEqual([]);
    expect(await badgeText(session, page)).toBe('');
    await page.close();
  });

  it('warns after a risky profile’s top card, and not on an ordinary profile', async () => {
    const risky = await open(ORIGIN + PROFILE_PATHS[0]);
    const [warning, ...rest] = await waitForWarnings(risky, (w) => w.length > 0, 'the profile warning');
    expect(rest).toEqual([]);
    expect(warning!.level).toBe('high');
    expect(warning!.previousSiblingClass).toContain('artdeco-card');
    expect(warning!.text).toContain('This profile has signs');
    expect(warning!.text).toContain('Unusual profile');
    await risky.close();

    const ordinary = await open(ORIGIN + PROFILE_PATHS[1]);
    expect(await readWarnings(ordinary)).toEqual([]);
    expect(await badgeText(session, ordinary)).toBe('');
    await ordinary.close();
  });

  it('forgets a tab that leaves LinkedIn: no state, no badge', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    await waitFor(() => badgeText(session, page), (t) => t === 'H', 10_000, 'the badge');
    const tabId = await tabIdOf(session, page);
    await page.goto('about:blank');
    await waitFor(() => tabStateById(session, tabId), (s) => s.state === undefined && s.badge === '', 10_000, 'the tab to be forgotten');
    await page.close();
  });

  it('stops warning about a sender the user marks "Not suspicious", from the keyboard', async () => {
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
    // The background saves the list, then derives the record content scripts read from it (a
    // storage change later): the warning went at once, the record follows.
    const stored = await waitFor(
      async () =>
        ({ ...(await readTrusted(session, ['notSuspicious'])), ...(await session.worker.evaluate(() => chrome.storage.local.get(['contentSettings']))) }) as {
          notSuspicious?: unknown[];
          contentSettings?: { notSuspicious?: string[] };
        },
      // Two reads, not one: the list may be saved between them, so both must show it.
      (s) => (s.contentSettings?.notSuspicious?.length ?? 0) > 0 && (s.notSuspicious?.length ?? 0) > 0,
      10_000,
      'the list and the record content scripts read',
    );
    expect(stored.notSuspicious).toEqual([expect.objectContaining({ profileUrl: `${ORIGIN}${PROFILE_PATHS[0]}`, name: 'Rowan Hale' })]);
    expect(stored.contentSettings?.notSuspicious).toEqual([`${ORIGIN}${PROFILE_PATHS[0]}`]);
    await waitFor(() => badgeText(session, page), (t) => t === '', 10_000, 'the badge to clear');

    // A fresh load of the same profile stays quiet.
    await page.reload();
    await waitForReport(session, page);
    expect(await readWarnings(page)).toEqual([]);
    await page.close();
  });

  it('warns inside a risky invitation card, and not on the ordinary one beside it', async () => {
    const page = await open(ORIGIN + INVITATIONS_PATH);
    const warnings = await waitForWarnings(page, (w) => w.length > 0, 'the invitation warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.level).toBe('high');
    expect(warnings[0]!.parentRole).toBe('listitem');
    expect(warnings[0]!.text).toContain('This invitation has signs');
    expect(warnings[0]!.text).toContain('“WeChat”');
    const state = await tabState(session, page);
    expect(state?.approaches.map((a) => a.verdict.level)).toEqual(['high', 'none']);
    expect(await badgeText(session, page)).toBe('H');
    await page.close();
  });

  it('scores a message that arrives after the page loaded', async () => {
    session.site.inbox = 'ordinary';
    const page = await open(threadUrl(PRIYA!.key));
    expect(await readWarnings(page)).toEqual([]);
    expect(await page.evaluate((text) => window.__demoAppend!(text), ARRIVING_MESSAGE)).toBe(true);
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'a warning for the new message'))!;
    expect(warning.level).toBe('high');
    expect(warning.text).toContain('“non-public”');
    await waitFor(() => badgeText(session, page), (t) => t === 'H', 10_000, 'the badge');
    await page.close();
  });

  it('goes on warning after the page forges the event that would stop WXT\u2019s context, and tells the page nothing of itself', async () => {
    session.site.inbox = 'ordinary';
    const page = await session.context.newPage();
    // The page's own listeners, there before the content script: what reaches its window, and
    // the start event WXT's context would dispatch on the document, named with the extension's id.
    await page.addInitScript((id) => {
      const posted: string[] = [];
      Object.assign(window, { __posted: posted });
      addEventListener('message', (event) => posted.push(JSON.stringify(event.data)));
      document.addEventListener(`${id}:linkedin:wxt:content-script-started`, () => posted.push('start event'));
    }, session.extensionId);
    await page.goto(threadUrl(PRIYA!.key));
    await waitForReport(session, page);
    expect(await readWarnings(page)).toEqual([]);
    // WXT's context would post its start, extension id included, and dispatch it on the document.
    const posted = await page.evaluate(() => [...(window as unknown as { __posted: string[] }).__posted]);
    expect(posted.filter((data) => data.includes(session.extensionId) || data.includes('wxt') || data === 'start event')).toEqual([]);
    // What WXT's context takes for a newer copy of the script, forged with the extension's id.
    await page.evaluate((id) => {
      document.dispatchEvent(new CustomEvent(`${id}:linkedin:wxt:content-script-started`, { detail: { contentScriptName: 'linkedin', messageId: 'forged' } }));
    }, session.extensionId);
    expect(await page.evaluate((text) => window.__demoAppend!(text), ARRIVING_MESSAGE)).toBe(true);
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'a warning for the message after the forged event'))!;
    expect(warning.level).toBe('high');
    await page.close();
  });

  it('reports an in-app move that changes only the address, at once', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    // Past the page's own second look (3 s after the script started, which was before its first
    // report), which would report the address too.
    const reported = await page.evaluate(() => performance.now());
    await page.waitForFunction((from) => performance.now() > from + 3500, reported);
    const next = `${threadUrl(MARCUS!.key)}?context=search`;
    await page.evaluate((url) => history.pushState({}, '', url), next);
    await waitFor(() => tabState(session, page), (state) => state?.pageUrl === next, 2_000, 'the new address in the tab state');
    await page.close();
  });

  it('follows a move between threads without a reload (pushState and a swapped pane)', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    await waitForWarnings(page, (w) => threadWarning(w)?.level === 'high', 'the first thread warning');
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    await page.click(`[data-thread-key="${PRIYA!.key}"] .msg-conversation-listitem__link`);
    await waitFor(async () => page.url(), (u) => u === threadUrl(PRIYA!.key), 5_000, 'the new URL');
    await waitForWarnings(page, (w) => threadWarning(w) === undefined, 'the warning to go');
    await waitForReport(session, page);

    await page.click(`[data-thread-key="${CASEY!.key}"] .msg-conversation-listitem__link`);
    await waitForWarnings(page, (w) => threadWarning(w)?.level === 'high', 'the next thread warning');
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await page.close();
  });

  it('can be used from the keyboard: Tab reaches "Details", Enter opens it in place', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the warning');
    expect(threadWarning(await readWarnings(page))!.detailsOpen).toBe(false);
    await page.focus('.msg-title-bar a');
    await page.keyboard.press('Tab');
    // Focus inside a closed shadow root shows as the host from outside.
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-approach-guard-level'))).toBe(true);
    await page.keyboard.press('Enter');
    await waitForWarnings(page, (w) => threadWarning(w)?.detailsOpen === true, 'the details to open');
    await page.keyboard.press('Escape');
    await waitForWarnings(page, (w) => threadWarning(w)?.detailsOpen === false, 'the details to close');
    await page.close();
  });

  it('shows markup in a message as text and runs none of it', async () => {
    const page = await open(threadUrl(CASEY!.key));
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the warning'))!;
    expect(warning.text).toContain('“keep this <img src=x> secret”');
    expect(warning.elements).not.toContain('img');
    expect(warning.elements).not.toContain('script');
    expect(await page.evaluate(() => window.__agPwned)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], script:not(:last-of-type)').length)).toBe(0);
    expect(await page.locator('.msg-s-event-listitem__body').first().textContent()).toContain('<img src=x onerror=');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('draws its warning though the page defined custom elements with shadow roots disabled first', async () => {
    const page = await session.context.newPage();
    // A page script, before the content script runs: any name it expects a warning to use.
    await page.addInitScript(() => {
      for (const name of ['approach-guard-warning', 'approach-guard-host']) {
        customElements.define(name, class extends HTMLElement {
          static disabledFeatures = ['shadow'];
        });
      }
    });
    await page.goto(threadUrl(MARCUS!.key));
    await waitForReport(session, page);
    const warning = threadWarning(await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the warning'))!;
    expect(warning.level).toBe('high');
    expect(await page.evaluate(() => customElements.get('approach-guard-warning') !== undefined)).toBe(true);
    await page.close();
  });

  it('keeps its warning in sight whatever the page\u2019s CSS and scripts set on the host', async () => {
    const page = await open(threadUrl(MARCUS!.key));
    await waitForWarnings(page, (w) => threadWarning(w) !== undefined, 'the warning');
    const seen = () =>
      page.evaluate(() => {
        const host = document.querySelector('[data-approach-guard-level]') as HTMLElement;
        const style = getComputedStyle(host);
        const box = host.getBoundingClientRect();
        return {
          opacity: style.opacity,
          visibility: style.visibility,
          transform: style.transform,
          filter: style.filter,
          clipPath: style.clipPath,
          height: box.height,
          left: box.left,
          hit: document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 20)) === host,
        };
      });
    const before = await seen();
    expect(before).toMatchObject({ opacity: '1', visibility: 'visible', transform: 'none', hit: true });
    // What a hostile page could do to lay the buttons under the user's clicks unseen, or to hide the warning.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent =
        '[data-approach-guard-level]{opacity:0!important;visibility:hidden!important;transform:translateX(-5000px)!important;' +
        'filter:opacity(0)!important;clip-path:inset(50%)!important;height:0!important;overflow:hidden!important;margin-left:-5000px!important}';
      document.head.append(style);
      const host = document.querySelector('[data-approach-guard-level]') as HTMLElement;
      host.style.setProperty('opacity', '0', 'important');
      host.style.setProperty('display', 'none', 'important');
    });
    expect(await seen()).toEqual(before);
    await page.close();
  });

});

describe('selectors that stop matching', () => {
  it('says so once in the console of the production build, with the surface id and no page text', async () => {
    // A redesign renames the thread pane: neither of its selectors matches any more.
    const redesigned = readFileSync(join(ROOT, 'tests/fixtures/linkedin/linkedin-messaging.html'), 'utf8')
      .replace('class="msg-convo-wrapper msg-thread msg-thread--pillar', 'class="msg-convo-wrapper msg-pane-2026')
      .replace('id="message-thread-ember897"', 'id="pane"');
    const url = session.site.serve('https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/', redesigned);
    const page = await session.context.newPage();
    const logged: string[] = [];
    page.on('console', (message) => {
      if (message.text().startsWith('Approach Guard')) logged.push(message.text());
    });
    await page.goto(url);
    await waitForReport(session, page);
    // Judged once the page has settled (3 s), then never again for this surface.
    await waitFor(async () => logged, (list) => list.length > 0, 10_000, 'the console message');
    await page.evaluate(() => document.body.append(document.createElement('div')));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^Approach Guard \[linkedin-messaging\]: selectors matched nothing: [\w, ]*\bthread\b/);
    expect(logged[0]).not.toContain('Priya');
    await page.close();
  });
});

describe('figures', () => {
  it('measures pack compilation, the script\u2019s load, the first scan of the captured inbox, each new message, and the bundle', { timeout: 120_000 }, async () => {
    const url = session.site.useFixture(
      'linkedin-messaging.html',
      'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/',
    );
    session.site.isolated = true;
    const page = await open(url);
    expect(await page.evaluate(() => crossOriginIsolated), 'a page timed to 5 µs').toBe(true);
    const compile = (await measures(page, 'approach-guard:compile'))[0]!;
    const first = await waitFor(() => measures(page, 'approach-guard:scan'), (m) => m.length > 0, 10_000, 'a scan');
    // The first scan may hand the rest of its scoring to a follow-up task (time budget).
    const firstScan = first.filter((m, i) => i === 0 || m.detail.extractMs === 0);

    const phases = ({ detail }: ScanMeasure, report: number, observe: number) =>
      `observe ${observe.toFixed(2)} + extract ${detail.extractMs.toFixed(2)} + score ${detail.scoreMs.toFixed(2)} + render ${detail.renderMs.toFixed(2)} + report ${report.toFixed(2)}`;
    const perMessage: number[] = [];
    const perMessageDetail: string[] = [];
    let inCallback = 0;
    let singles = 0;
    // Forty more afterwards show how the cost follows the thread's length once the code is warm.
    const later: Array<{ total: number; reading: number }> = [];
    /**
     * Adds a message (a copy of the last one, or of the last incoming one), and the main-thread
     * time the content script spent on it: its mutation observer's callbacks, the scan and the report.
     * Messages in a conversation come seconds apart: each arrives a quarter of a second after the
     * last scan, past the throttle's 100 ms, so the observer's callback reads it. With `throttled`,
     * another message arrives 20 ms before it, so its scan waits for the throttle's timer.
     */
    const addMessage = async (text: string, incoming = false, throttled = false) => {
      // A quarter of a second after the last scan, whichever it was (the page's own second look too).
      await waitFor(
        () => page.evaluate(() => {
          const last = performance.getEntriesByName('approach-guard:scan', 'measure').at(-1)!;
          return performance.now() - last.startTime - last.duration;
        }),
        (quiet) => quiet >= 250,
        10_000,
        'a quiet quarter of a second',
      );
      const before = (await measures(page, 'approach-guard:scan')).length;
      await page.evaluate(addMessageCopy, [text, incoming, throttled] as const);
      // The page's own second look, 3 s after it loaded, can scan in between and find nothing
      // new: the new message's scan is the first since that scored something (with `throttled`,
      // the second: the first read the message before it).
      const wanted = throttled ? 2 : 1;
      const scoring = (list: ScanMeasure[]) => list.slice(before).filter((x) => x.detail.scored > 0);
      const after = await waitFor(() => measures(page, 'approach-guard:scan'), (m) => scoring(m).length >= wanted, 10_000, 'a scan of the new message');
      const scan = scoring(after)[wanted - 1]!;
      const at = after.indexOf(scan);
      expect(scan.detail.scored).toBe(1);
      // The second of a pair waits for the timer. A single message is read in the observer's
      // callback unless the scan before it was slow (the first scan of the page can be).
      if (throttled) expect(scan.detail.observed).toBe(false);
      else {
        singles++;
        if (scan.detail.observed) inCallback++;
      }
      // Each scan is followed by its report step (which sends only what changed for the background).
      const report = (await measures(page, 'approach-guard:report'))[at]!;
      // The observer's callbacks since the scan before this one (those that scan's own drawing
      // caused included: they are the script's work too).
      const previous = after[at - 1]!;
      const observed = (await measures(page, 'approach-guard:observe')).filter((m) => m.startTime >= previous.startTime + previous.duration && m.startTime <= scan.startTime);
      expect(observed.length, 'the observer saw the message').toBeGreaterThan(0);
      const observe = observed.reduce((sum, m) => sum + m.duration, 0);
      return { scan, report: report.duration, observe, total: observe + scan.duration + report.duration };
    };
    for (let i = 0; i < 45; i++) {
      const { scan, report, observe, total } = await addMessage(`A new message, number ${i}, about the reading list.`);
      if (i >= 5) {
        later.push({ total, reading: scan.detail.extractMs });
        continue;
      }
      perMessage.push(total);
      perMessageDetail.push(phases(scan, report, observe));
    }
    // Messages within the throttle's 100 ms of a scan are read by its timer's task instead.
    const throttled: number[] = [];
    for (let i = 0; i < 10; i++) throttled.push((await addMessage(`A quick message, number ${i}.`, false, true)).total);
    // Once the thread is flagged, it has a warning, highlights and a verdict the background keeps;
    // a message that changes none of them is read, scored and left there (its text stays in the page).
    const flagging = await addMessage('Our client pays well for short reports on non-public policy plans. Continue on Telegram?', true);
    const flagged: number[] = [];
    const flaggedDetail: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { scan, report, observe, total } = await addMessage(`Another message, number ${i}, about the reading list.`, true);
      flagged.push(total);
      flaggedDetail.push(phases(scan, report, observe));
    }
    // The background holds the thread's verdict, and none of its texts.
    const thread = await waitFor(
      async () => (await tabState(session, page))?.approaches.find((a) => a.approachId.startsWith('linkedin:thread:')),
      (t) => t !== undefined && t.verdict.level !== 'none',
      10_000,
      'the flagged thread in the tab state',
    );
    const level = thread!.verdict.level;
    expect(JSON.stringify(thread)).not.toContain('about the reading list');

    await page.close();
    // Loading the script comes before any scan: with the eager compile hint (wxt.config.ts) V8
    // compiles all of it then. Traced on a page of its own, so the trace cannot slow the scans
    // above. The same trace gives the first scan's thread time: on a machine whose other work
    // takes the processor from the page, wall-clock time counts the wait and thread time does not.
    const load = await traceScriptLoad(session, url);

    const bundle = statSync(join(EXTENSION_DIR, 'content-scripts/linkedin.js')).size;
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const medianOf = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const median = medianOf(perMessage);
    console.log(
      [
        'Approach Guard content script, Debian Chromium (figures, not assertions):',
        `  script load:                  ${ms(load.compileMs + load.runMs)} (V8 compile ${ms(load.compileMs)} + top-level run ${ms(load.runMs)}; ` +
          `not counted: ${ms(load.devtoolsOnlyMs)} re-parsing for DevTools, attached only in tests)`,
        `  pack compile:                 ${ms(compile.duration)}`,
        `  first scan, captured inbox:   ${ms(firstScan.reduce((t, m) => t + m.duration, 0))} in ${firstScan.length} task(s), ` +
          `longest ${ms(Math.max(...firstScan.map((m) => m.duration)))}; ` +
          firstScan.map((m) => `extract ${ms(m.detail.extractMs)} score ${ms(m.detail.scoreMs)} render ${ms(m.detail.renderMs)}`).join(' + ') +
          ` (${first[0]!.detail.approaches} approaches)`,
        `  the same, in a traced load:   ${ms(load.firstScan.scanMs)}; ` +
          (load.firstScan.callbackMs === undefined
            ? 'the trace shows no callback of the script around it'
            : `the callback that ran it took ${ms(load.firstScan.callbackMs)}, of which thread (CPU) time ` +
              (load.firstScan.callbackCpuMs === undefined ? 'not in the trace' : ms(load.firstScan.callbackCpuMs))),
        `  load + compile + first scan:  ${ms(load.compileMs + load.runMs + compile.duration + firstScan.reduce((t, m) => t + m.duration, 0))} on the main thread before the first verdicts`,
        `  per added message:            median ${ms(median)} (${perMessage.map(ms).join(', ')}), observing, reading, scoring, drawing and reporting`,
        `                                ${perMessageDetail.join('; ')} ms`,
        `  messages 6 to 45, by tens:     median ${[0, 10, 20, 30].map((from) => ms(medianOf(later.slice(from, from + 10).map((m) => m.total)))).join(', ')} ` +
          `(reading ${[0, 10, 20, 30].map((from) => medianOf(later.slice(from, from + 10).map((m) => m.reading)).toFixed(1)).join(', ')} ms)`,
        `  read in the callback:          ${inCallback} of ${singles} single messages (the rest by the throttle's timer, after a slow scan)`,
        `  within 100 ms of a scan:        median ${ms(medianOf(throttled))} a message (${throttled.length} messages, each read by the throttle's timer)`,
        `  in a flagged thread:          ${ms(flagging.total)} for the message that flags it, then median ${ms(medianOf(flagged))} (${flagged.map(ms).join(', ')}) (${level})`,
        `                                ${flaggedDetail.join('; ')} ms`,
        `  bundle:                       ${(bundle / 1024).toFixed(1)} KB minified, ${bundle} bytes (goal ${CONTENT_SCRIPT_GOAL / 1024} KB)`,
      ].join('\n'),
    );
  });
});

describe('privacy', () => {
  it('makes no network request while reading and scoring pages (its own and any opened before): only the page loads the test served', async () => {
    // Pages of every kind, read and scored here (open() waits for the verdicts), so the check
    // does not rely on other tests having run.
    const visited = [threadUrl(MARCUS!.key), threadUrl(JORDAN!.key), ORIGIN + PROFILE_PATHS[0], ORIGIN + INVITATIONS_PATH];
    for (const url of visited) await (await open(url)).close();
    const unexpected = session.requests.filter(
      (r) => !(r.from === 'page' && r.resourceType === 'document' && r.url.startsWith(`${ORIGIN}/`)),
    );
    expect(unexpected).toEqual([]);
    expect(session.requests.filter((r) => r.from === 'service-worker')).toEqual([]);
    // The recorder sees the page loads themselves.
    for (const url of visited) expect(session.requests.map((r) => r.url)).toContain(url);

    // The recorder does see the worker's own requests: a deliberate one shows up.
    await session.worker.evaluate(() => fetch('https://example.invalid/canary').catch(() => undefined));
    await waitFor(async () => session.requests.some((r) => r.from === 'service-worker' && r.url.includes('canary')), (x) => x, 5_000, 'the canary');
  });
});
