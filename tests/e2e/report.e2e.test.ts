// "Explain and report" in the built extension, in Debian Chromium: the popup's explanation of a
// flagged LinkedIn tab, one-click reports to a real webhook on 127.0.0.1 (CORS included), the
// outbox, enterprise policy from Chromium's policy directory, and accessibility.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import baseline from '../../rules/baseline.pack.json';
import { startReceiver } from '../../src/cli/receive';
import { readReports, readReportSources, tallyReports } from '../../src/cli/reports';
import { CORE_STEPS, LEVEL_WORDS, S, THRESHOLD_LABELS } from '../../src/ui/strings';
import { ORIGIN, PROFILE_PATHS, threadUrl } from '../fixtures/demo/pages';
import { CONVERSATIONS } from '../fixtures/demo/people';
import { axeViolations } from './axe';
import {
  POPUP_WIDTH,
  ROOT,
  launch,
  openOptions,
  openPopup,
  readTrusted,
  tabState,
  unpackedExtensionId,
  waitFor,
  waitForPack,
  waitForReport,
  type Session,
  type WorkerChrome,
} from './harness';
import { PolicyFile, policyUnavailable } from './policy-file';
import { WebhookEndpoint } from './webhook-endpoint';

declare const chrome: WorkerChrome;

const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
const OUTBOX_ALARM = 'approach-guard:outbox';
const [MARCUS] = CONVERSATIONS;
const ORDINARY_PROFILE = ORIGIN + PROFILE_PATHS[1];

const rulesById = new Map(baseline.rules.map((rule) => [rule.id, rule]));

/** Opens a LinkedIn page on the fake site and waits until the extension has read it. */
async function openLinkedIn(session: Session, url: string): Promise<Page> {
  const page = await session.newPage();
  await page.goto(url);
  await waitForReport(session, page);
  return page;
}

async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Polls a locator's text until `ok` holds. */
function waitForText(locator: Locator, ok: (text: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
  return waitFor(async () => (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '', ok, timeoutMs, what);
}

/** Types the report address into the options page and saves it, as a user would. */
async function setWebhookInOptions(session: Session, url: string): Promise<void> {
  const options = await openOptions(session);
  const field = options.getByLabel(S.webhookUrl, { exact: true });
  await field.fill(url);
  const form = options.locator('form').filter({ has: field });
  await form.getByRole('button', { name: S.save }).click();
  await waitForText(form.getByRole('status'), (t) => t === S.saved, 'the settings to be saved');
  await options.close();
}

/** The popup for a tab on the risky thread, with the report panel open. */
async function openReportPanel(session: Session): Promise<{ linkedIn: Page; popup: Page }> {
  const linkedIn = await openLinkedIn(session, threadUrl(MARCUS!.key));
  const popup = await openPopup(session, linkedIn);
  await popup.getByRole('button', { name: S.reportToTeam }).click();
  await popup.getByTestId('report-preview').waitFor();
  return { linkedIn, popup };
}

const previewOf = async (popup: Page) => (await popup.getByTestId('report-preview').textContent()) ?? '';

function outboxItem(session: Session, key: string) {
  return readTrusted(session, ['outbox']).then((stored) => {
    const outbox = stored.outbox as { items: Array<{ key: string; state: string; attempts: number; nextAttemptAt?: number }> } | undefined;
    return outbox?.items.find((item) => item.key === key);
  });
}

/** The popup's outbox entry for reports to `endpoint` (each test has its own endpoint). */
const outboxEntry = (popup: Page, endpoint: WebhookEndpoint) =>
  popup.locator('.ag-outbox__item').filter({ hasText: S.outboxTo(`127.0.0.1:${endpoint.port}`) });

const outboxAlarm = (session: Session) => session.worker.evaluate((name) => chrome.alarms.get(name), OUTBOX_ALARM);

/**
 * Waits until the outbox alarm is set for the report's next attempt, or cleared (`undefined`).
 * The outbox writes the item first and sets or clears the alarm just after.
 */
async function waitForAlarm(session: Session, key: string | undefined, what: string) {
  const due = key === undefined ? undefined : (await outboxItem(session, key))?.nextAttemptAt;
  if (key !== undefined) expect(due).toBeGreaterThan(0);
  return waitFor(() => outboxAlarm(session), (alarm) => alarm?.scheduledTime === due, 5_000, what);
}

describe('the popup, with the LinkedIn tab it explains', () => {
  let session: Session;
  const endpoints: WebhookEndpoint[] = [];

  async function endpoint(options?: ConstructorParameters<typeof WebhookEndpoint>[0]): Promise<WebhookEndpoint> {
    const created = new WebhookEndpoint(options);
    endpoints.push(created);
    await created.listen();
    return created;
  }

  beforeAll(async () => {
    // Pages only: the worker's webhook requests must meet the endpoint's own CORS answers.
    session = await launch({ routing: 'pages' });
    await waitForPack(session);
  });

  afterAll(async () => {
    await session?.close();
    await Promise.all(endpoints.map((e) => e.close()));
  });

  describe('explaining', () => {
    it('explains a flagged thread for the tab it names: level, cues with their words, advice, NPSA steps and the pack version', async () => {
      const linkedIn = await openLinkedIn(session, threadUrl(MARCUS!.key));
      const state = await tabState(session, linkedIn);
      const verdict = state!.approaches.find((a) => a.verdict.level === 'high')!.verdict as {
        level: string;
        hits: Array<{ rule: string; indicator: string; experimental?: boolean; evidence: Array<{ quote: string }> }>;
      };
      const popup = await openPopup(session, linkedIn);
      const card = popup.locator('article.ag-card');
      await card.first().waitFor();
      expect(await card.count()).toBe(1);
      const text = (await card.textContent()) ?? '';

      expect(text).toContain(MARCUS!.name);
      expect(text).toContain(LEVEL_WORDS.high);
      // Every indicator that fired, by its pack title, and the words that raised it.
      const shown = verdict.hits.filter((hit) => !hit.experimental);
      for (const indicator of new Set(shown.map((hit) => hit.indicator))) {
        const title = (baseline.indicators as Record<string, { title: string }>)[indicator]!.title;
        expect(text, indicator).toContain(title);
      }
      const quotes = await card.locator('q.ag-quote').allTextContents();
      expect(quotes).toEqual(expect.arrayContaining(['internal briefing', 'WhatsApp']));
      for (const quote of quotes) {
        expect(shown.some((hit) => hit.evidence.some((e) => e.quote === quote)), quote).toBe(true);
      }
      // The advice is the rules' own text (STYLE 9), not code's.
      for (const hit of shown) {
        const advice = rulesById.get(hit.rule)?.advice;
        if (advice) expect(text, hit.rule).toContain(advice);
      }
      for (const step of Object.values(CORE_STEPS)) expect(text).toContain(step);
      expect(await popup.locator('footer').textContent()).toContain(S.packLine(baseline.name, baseline.version));
      // The quotes are text nodes: nothing from the page became markup in the popup.
      expect(await card.locator('q.ag-quote *').count()).toBe(0);

      const shot = await screenshot(popup, 'popup-flagged-360.png');
      expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBe(POPUP_WIDTH);
      console.log(`popup screenshot: ${shot}`);
      await popup.close();
      await linkedIn.close();
    });

    it('shows the calm state, not a stale warning, for an ordinary profile', async () => {
      const linkedIn = await openLinkedIn(session, ORDINARY_PROFILE);
      const popup = await openPopup(session, linkedIn);
      await waitForText(popup.locator('main'), (t) => t.includes(S.calmNothingFlagged), 'the calm line');
      expect(await popup.locator('article.ag-card').count()).toBe(0);
      expect(await popup.locator('main').textContent()).toContain(LEVEL_WORDS.none);
      await popup.close();
      await linkedIn.close();
    });
  });

  describe('reporting to the security team’s webhook', () => {
    it('reads the messages to include from the page when the panel opens: no message text is kept in session storage', async () => {
      const theirs = MARCUS!.messages.filter((m) => !m.own).map((m) => m.text);
      const sessionText = () => session.worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
      const { linkedIn, popup } = await openReportPanel(session);
      expect(await sessionText()).toContain(MARCUS!.name);
      for (const text of theirs) expect(await sessionText()).not.toContain(text.slice(0, 40));
      const labels = () => popup.locator('.ag-panel label').allTextContents();
      const boxes = await waitFor(labels, (l) => l.some((t) => t.includes(theirs[0]!.slice(0, 40))), 5_000, 'the sender\u2019s first message');
      expect(boxes.filter((t) => theirs.some((text) => t.includes(text.slice(0, 40))))).toHaveLength(theirs.length);

      // A message that arrives later is there when the panel is opened again; it travels nowhere before.
      await popup.getByRole('button', { name: S.closePanel }).click();
      expect(await linkedIn.evaluate(() => (window as unknown as { __demoAppend(text: string): boolean }).__demoAppend('One more thing: the fee is paid on delivery.'))).toBe(true);
      await popup.getByRole('button', { name: S.reportToTeam }).click();
      await waitFor(labels, (l) => l.some((t) => t.includes('One more thing: the fee is paid')), 5_000, 'the new message in the panel');
      expect(await sessionText()).not.toContain('One more thing');
      await popup.close();
      await linkedIn.close();
    });

    it('sends nothing while the user reads the report preview', async () => {
      const receiver = await endpoint();
      await setWebhookInOptions(session, receiver.url('/hooks/preview-only'));
      const { linkedIn, popup } = await openReportPanel(session);
      const preview = await previewOf(popup);
      expect(JSON.parse(preview)).toMatchObject({ format: 'approach-guard.report', sender: { name: MARCUS!.name } });
      // Ticking a message and writing a note change the preview, and still send nothing.
      await popup.getByLabel(S.noteLabel).fill('Second approach this month.');
      await waitFor(() => previewOf(popup), (p) => p.includes('Second approach this month.'), 5_000, 'the note in the preview');
      await screenshot(popup, 'popup-report-panel-360.png');
      expect(receiver.requests).toEqual([]);
      const queued = (await readTrusted(session, ['outbox'])).outbox as { items: Array<{ url: string }> } | undefined;
      expect(queued?.items.filter((item) => item.url === receiver.url('/hooks/preview-only')) ?? []).toEqual([]);
      await popup.close();
      await linkedIn.close();
    });

    it('sends exactly the previewed bytes with the Idempotency-Key header, after a real CORS preflight from the extension origin', async () => {
      const receiver = await endpoint();
      await setWebhookInOptions(session, receiver.url('/hooks/send'));
      const { linkedIn, popup } = await openReportPanel(session);
      // The user's choices are part of what is shown and sent.
      await popup.getByRole('checkbox').first().check();
      await popup.getByLabel(S.noteLabel).fill('Asked for “internal” notes — see message 1.');
      await waitFor(() => previewOf(popup), (p) => p.includes('"excerpts"') && p.includes('internal” notes'), 5_000, 'the preview');
      const preview = await previewOf(popup);

      await popup.getByRole('button', { name: S.send }).click();
      const [post] = await waitFor(async () => receiver.posts(), (p) => p.length > 0, 10_000, 'the report to arrive');

      expect(post!.body.equals(Buffer.from(preview, 'utf8'))).toBe(true);
      expect(post!.headers['idempotency-key']).toBe(JSON.parse(preview).idempotencyKey);
      expect(post!.headers['content-type']).toBe('application/json');
      expect(post!.headers.cookie).toBeUndefined();
      expect(post!.headers.origin).toBe(`chrome-extension://${session.extensionId}`);
      const [preflight] = receiver.preflights();
      expect(preflight?.headers['access-control-request-method']).toBe('POST');
      expect(preflight?.headers['access-control-request-headers']?.split(',').sort()).toEqual(['content-type', 'idempotency-key']);
      expect(receiver.posts()).toHaveLength(1);
      // What the endpoint stored is what the security team's tool reads (npm run reports).
      const read = readReports([{ name: 'received.json', text: post!.body.toString('utf8') }]);
      expect(read.problems).toEqual([]);
      expect(tallyReports(read).people).toMatchObject([{ names: [MARCUS!.name], reports: 1, notes: ['Asked for “internal” notes — see message 1.'], withExcerpts: 1, keys: [JSON.parse(preview).idempotencyKey] }]);

      await waitForText(outboxEntry(popup, receiver), (t) => t.includes(S.outboxStates.sent), 'the outbox to say Sent');
      await popup.close();
      await linkedIn.close();
    });

    it('delivers to the endpoint the command line gives security teams (npm run reports receive), which stores it as sent', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ag-received-'));
      const receiver = await startReceiver({ dir, port: 0, path: '/hooks/receive' });
      try {
        await setWebhookInOptions(session, receiver.url);
        const { linkedIn, popup } = await openReportPanel(session);
        const preview = await previewOf(popup);
        const key = JSON.parse(preview).idempotencyKey as string;
        await popup.getByRole('button', { name: S.send }).click();
        await waitFor(async () => outboxItem(session, key), (item) => item?.state === 'sent', 10_000, 'the report sent');
        expect(readFileSync(join(dir, `${key}.json`), 'utf8')).toBe(preview);
        const read = readReports(readReportSources([dir], () => '').sources);
        expect(tallyReports(read).people).toMatchObject([{ names: [MARCUS!.name], reports: 1, keys: [key] }]);
        await popup.close();
        await linkedIn.close();
      } finally {
        await receiver.close();
      }
    });

    it('sends to the address set in the options page after a LinkedIn content script wrote another into storage.local', async () => {
      const receiver = await endpoint();
      const attacker = await endpoint();
      await setWebhookInOptions(session, receiver.url('/hooks/chosen'));
      const { linkedIn, popup } = await openReportPanel(session);
      // Write from inside the content script's own world on the LinkedIn page: what a renderer
      // taken over by an exploit could do with the extension's storage.
      const cdp = await linkedIn.context().newCDPSession(linkedIn);
      const contexts: Array<{ id: number; origin: string; auxData?: { type?: string } }> = [];
      cdp.on('Runtime.executionContextCreated', (event: { context: (typeof contexts)[number] }) => contexts.push(event.context));
      await cdp.send('Runtime.enable');
      const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(session.extensionId));
      expect(world, 'the content script world').toBeDefined();
      const written = await cdp.send('Runtime.evaluate', {
        contextId: world!.id,
        awaitPromise: true,
        returnByValue: true,
        expression: `chrome.storage.local.set({ settings: { webhookUrl: ${JSON.stringify(attacker.url('/collect'))} }, outbox: { version: 1, items: [] } }).then(() => chrome.storage.local.get('settings')).then((s) => s.settings.webhookUrl)`,
      });
      expect(written.result.value, 'the content script wrote storage.local').toBe(attacker.url('/collect'));
      await cdp.detach();

      await popup.getByRole('button', { name: S.send }).click();
      await waitFor(async () => receiver.posts(), (p) => p.length > 0, 10_000, 'the report to arrive');
      expect(attacker.requests).toEqual([]);
      expect(((await readTrusted(session, ['settings'])).settings as { webhookUrl?: string }).webhookUrl).toBe(receiver.url('/hooks/chosen'));
      await popup.close();
      await linkedIn.close();
    });

    it('keeps a report in the outbox while the endpoint is down, and delivers it exactly once with "Retry now" when it is back', async () => {
      const receiver = await endpoint();
      const port = receiver.port!;
      await receiver.close();
      await setWebhookInOptions(session, receiver.url('/hooks/retry'));
      const { linkedIn, popup } = await openReportPanel(session);
      const key = JSON.parse(await previewOf(popup)).idempotencyKey as string;
      await popup.getByRole('button', { name: S.send }).click();

      const item = outboxEntry(popup, receiver);
      const waiting = await waitForText(item, (t) => t.includes(S.outboxStates.queued) && t.includes('Network error'), 'the report to wait');
      expect(waiting).toContain(MARCUS!.name);
      expect(waiting).toMatch(/next try in /);
      expect((await outboxItem(session, key))?.state).toBe('queued');
      await waitForAlarm(session, key, 'the outbox alarm for the next attempt');
      await screenshot(popup, 'popup-outbox-waiting-360.png');

      await receiver.listen(port);
      await item.getByRole('button', { name: S.retryNow }).click();
      await waitForText(item, (t) => t.includes(S.outboxStates.sent), 'the outbox to say Sent');
      expect(receiver.posts().map((p) => p.headers['idempotency-key'])).toEqual([key]);
      expect(receiver.stored.size).toBe(1);
      // Nothing is left to retry: the alarm goes, so no second delivery can follow.
      await waitForAlarm(session, undefined, 'the outbox alarm to be cleared');
      expect(await outboxItem(session, key)).toMatchObject({ state: 'sent', attempts: 2 });
      expect(receiver.posts()).toHaveLength(1);
      await popup.close();
      await linkedIn.close();
    });

    it('delivers a waiting report when the outbox alarm fires, with no one clicking', { timeout: 90_000 }, async () => {
      const receiver = await endpoint();
      const port = receiver.port!;
      await receiver.close();
      await setWebhookInOptions(session, receiver.url('/hooks/alarm'));
      const { linkedIn, popup } = await openReportPanel(session);
      const key = JSON.parse(await previewOf(popup)).idempotencyKey as string;
      await popup.getByRole('button', { name: S.send }).click();
      await popup.close();
      await waitFor(() => outboxItem(session, key), (i) => i?.state === 'queued' && i.attempts === 1, 10_000, 'the first attempt to fail');
      await waitForAlarm(session, key, 'the outbox alarm for the next attempt');

      await receiver.listen(port);
      // The first retry is due 15–30 s after the failure (README: 30 s × 2⁰, half of it jitter);
      // an unpacked extension's alarm fires on time, so this waits for the real alarm.
      await waitFor(() => outboxItem(session, key), (i) => i?.state === 'sent', 60_000, 'the alarm to deliver the report');
      expect(receiver.posts().map((p) => p.headers['idempotency-key'])).toEqual([key]);
      await waitForAlarm(session, undefined, 'the outbox alarm to be cleared');
      expect(await outboxItem(session, key)).toMatchObject({ state: 'sent', attempts: 2 });
      expect(receiver.posts()).toHaveLength(1);
      await linkedIn.close();
    });

    it('cannot deliver to an endpoint that ignores CORS: the browser stops it at the preflight and the report waits', async () => {
      const receiver = await endpoint({ cors: false });
      await setWebhookInOptions(session, receiver.url('/hooks/no-cors'));
      const { linkedIn, popup } = await openReportPanel(session);
      const key = JSON.parse(await previewOf(popup)).idempotencyKey as string;
      await popup.getByRole('button', { name: S.send }).click();
      await waitFor(() => outboxItem(session, key), (i) => i?.state === 'queued' && i.attempts === 1, 10_000, 'the attempt to fail');
      // The preflight reached the endpoint; without its CORS answer the POST was never made.
      expect(receiver.preflights()).toHaveLength(1);
      expect(receiver.posts()).toEqual([]);
      const item = outboxEntry(popup, receiver);
      await waitForText(item, (t) => t.includes(S.outboxStates.queued) && t.includes('Network error'), 'the report to wait');
      expect(await item.getByRole('button', { name: S.retryNow }).count()).toBe(1);
      await popup.close();
      await linkedIn.close();
    });

    it('let the worker, in all the tests above, contact nothing but the endpoints a report was sent to', () => {
      const fromWorker = session.requests.filter((r) => r.from === 'service-worker');
      expect(fromWorker.length).toBeGreaterThan(0);
      // Not the preview-only endpoint, not LinkedIn, nothing else.
      expect(fromWorker.filter((r) => !/^http:\/\/127\.0\.0\.1:\d+\/hooks\/(send|receive|chosen|retry|alarm|no-cors)$/.test(r.url))).toEqual([]);
    });
  });

  describe('accessibility', () => {
    it('lets the keyboard reach and use the report actions in order, with a visible focus ring', async () => {
      const receiver = await endpoint();
      await setWebhookInOptions(session, receiver.url('/hooks/keyboard'));
      const linkedIn = await openLinkedIn(session, threadUrl(MARCUS!.key));
      const popup = await openPopup(session, linkedIn);
      await popup.locator('article.ag-card').waitFor();

      const focused = () =>
        popup.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          const style = el ? getComputedStyle(el) : undefined;
          return {
            name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
            tag: el?.localName ?? '',
            outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
          };
        });
      const order: string[] = [];
      for (let i = 0; i < 40 && !order.includes(S.settingsLink); i++) {
        await popup.keyboard.press('Tab');
        order.push((await focused()).name);
      }
      // The card's actions come together, Report first, before the footer's links; the guidance
      // link says it opens a new tab.
      const report = order.indexOf(S.reportToTeam);
      expect(report).toBeGreaterThanOrEqual(0);
      expect(order.slice(report, report + 4)).toEqual([
        S.reportToTeam,
        S.reportOnLinkedIn,
        S.notSuspicious,
        `${S.readGuidance} ${S.opensInNewTab}`,
      ]);
      expect(report).toBeLessThan(order.indexOf(S.settingsLink));

      // Back to "Report to my security team": its focus ring shows, Enter opens the panel there.
      await popup.getByRole('button', { name: S.reportToTeam }).focus();
      await popup.keyboard.press('Shift+Tab');
      await popup.keyboard.press('Tab');
      expect(await focused()).toMatchObject({ name: S.reportToTeam, tag: 'button' });
      expect((await focused()).outline).toMatch(/^solid [1-9]/);
      await popup.keyboard.press('Enter');
      await waitFor(focused, (f) => f.name === S.reportHeading, 5_000, 'focus on the report panel heading');

      // Tab on to "Send report" and press it.
      for (let i = 0; i < 20 && (await focused()).name !== S.send; i++) await popup.keyboard.press('Tab');
      expect(await focused()).toMatchObject({ name: S.send, tag: 'button' });
      await popup.keyboard.press('Enter');
      await waitFor(async () => receiver.posts(), (p) => p.length === 1, 10_000, 'the report to arrive');

      // Close returns focus to the button that opened the panel.
      await popup.getByRole('button', { name: S.closePanel }).focus();
      await popup.keyboard.press('Enter');
      await waitFor(focused, (f) => f.name === S.reportToTeam, 5_000, 'focus back on the report button');
      expect(await popup.getByTestId('report-preview').count()).toBe(0);
      await popup.close();
      await linkedIn.close();
    });

    it('has no axe violations of any impact in the popup (flagged, report open, a waiting report) or the options page', async () => {
      // A report waiting for an endpoint that is down: the outbox shows its state, error and Retry.
      const receiver = await endpoint();
      await receiver.close();
      await setWebhookInOptions(session, receiver.url('/hooks/axe'));
      const { linkedIn, popup } = await openReportPanel(session);
      await popup.getByRole('button', { name: S.send }).click();
      await outboxEntry(popup, receiver).getByRole('button', { name: S.retryNow }).waitFor();
      const popupFindings = await axeViolations(popup);
      const calmTab = await openLinkedIn(session, ORDINARY_PROFILE);
      const calm = await openPopup(session, calmTab);
      await waitForText(calm.locator('main'), (t) => t.includes(S.calmNothingFlagged), 'the calm line');
      const calmFindings = await axeViolations(calm);
      const options = await openOptions(session);
      await options.getByLabel(S.webhookUrl, { exact: true }).waitFor();
      const optionsFindings = await axeViolations(options);
      console.log('axe (all impacts):', JSON.stringify({ popup: popupFindings, calm: calmFindings, options: optionsFindings }, null, 2));
      expect(popupFindings).toEqual([]);
      expect(calmFindings).toEqual([]);
      expect(optionsFindings).toEqual([]);
      for (const page of [popup, calm, options, linkedIn, calmTab]) await page.close();
    });
  });

  describe('settings saved in the options page', () => {
    it('reach the background from the extension database, which derives the content scripts\u2019 copy from them', async () => {
      const contentThreshold = () =>
        session.worker.evaluate(async () => ((await chrome.storage.local.get('contentSettings')).contentSettings as { threshold?: string } | undefined)?.threshold);
      const save = async (threshold: 'high' | 'medium') => {
        const options = await openOptions(session);
        const form = options.locator('form').filter({ has: options.getByRole('group', { name: S.thresholdLegend }) });
        await form.getByLabel(THRESHOLD_LABELS[threshold]).check();
        await form.getByRole('button', { name: S.save }).click();
        await waitForText(form.getByRole('status'), (t) => t === S.saved, 'the settings to be saved');
        await options.close();
      };
      try {
        await save('high');
        // Saved by the options page, announced over the channel, derived by the worker.
        await waitFor(contentThreshold, (t) => t === 'high', 10_000, 'the content scripts\u2019 copy to follow');
        expect(((await readTrusted(session, ['settings'])).settings as { threshold?: string }).threshold).toBe('high');
        // storage.local may hold what the test above wrote there as a content script, never this.
        const local = await session.worker.evaluate(() => chrome.storage.local.get('settings'));
        expect((local.settings as { threshold?: string } | undefined)?.threshold).toBeUndefined();
      } finally {
        await save('medium');
        await waitFor(contentThreshold, (t) => t === 'medium', 10_000, 'the threshold to be back at medium');
      }
    });
  });

  describe('with the service worker stopped', () => {
    it('wakes it when the options page saves a setting, so the content scripts\u2019 copy follows', async () => {
      // A session of its own: the worker the others hold is stopped here.
      const own = await launch({ routing: 'pages' });
      try {
        await waitForPack(own);
        const options = await openOptions(own);
        const cdp = await own.context.newCDPSession(options);
        const status = new Map<string, string>();
        cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
          for (const v of event.versions) if (v.scriptURL.startsWith(`chrome-extension://${own.extensionId}/`)) status.set(v.versionId, v.runningStatus);
        });
        await cdp.send('ServiceWorker.enable');
        await waitFor(async () => [...status.keys()], (ids) => ids.length > 0, 5_000, 'the worker to be listed');
        for (const versionId of status.keys()) await cdp.send('ServiceWorker.stopWorker', { versionId });
        await waitFor(async () => [...status.values()], (s) => s.every((v) => v === 'stopped'), 10_000, 'the worker to stop');

        const form = options.locator('form').filter({ has: options.getByRole('group', { name: S.thresholdLegend }) });
        await form.getByLabel(THRESHOLD_LABELS.high).check();
        await form.getByRole('button', { name: S.save }).click();
        await waitForText(form.getByRole('status'), (t) => t === S.saved, 'the settings to be saved');
        // Read from the page: reading through the worker would wake it.
        await waitFor(
          () => options.evaluate(async () => ((await chrome.storage.local.get('contentSettings')).contentSettings as { threshold?: string } | undefined)?.threshold),
          (t) => t === 'high',
          15_000,
          'the woken worker to derive the content scripts\u2019 copy',
        );
        await cdp.detach();
      } finally {
        await own.close();
      }
    });
  });

  describe('clearing the history', () => {
    it('deletes the flagged senders and every sender read, through the background, from the options page', async () => {
      const linkedIn = await openLinkedIn(session, threadUrl(MARCUS!.key));
      const stored = () =>
        readTrusted(session, ['history', 'seenSenders']).then((s) => ({
          history: (s.history as unknown[] | undefined)?.length ?? 0,
          seen: (s.seenSenders as unknown[] | undefined)?.length ?? 0,
        }));
      await waitFor(stored, (n) => n.history > 0 && n.seen > 0, 10_000, 'the flagged sender to be recorded');
      const options = await openOptions(session);
      await options.getByRole('button', { name: S.clearHistory }).click();
      await options.getByRole('button', { name: S.clearYes }).click();
      await waitForText(options.getByText(S.cleared), (t) => t === S.cleared, 'the history to be cleared');
      expect(await stored()).toEqual({ history: 0, seen: 0 });
      await options.close();
      await linkedIn.close();
    });
  });
});

const noPolicy = policyUnavailable();
if (noPolicy) console.warn(`Skipping the enterprise-policy browser tests: ${noPolicy}.`);

describe.skipIf(noPolicy !== undefined)('enterprise policy from Chromium’s policy directory', () => {
  const extensionId = unpackedExtensionId();
  const policy = new PolicyFile(extensionId);
  const profiles: string[] = [];
  let session: Session | undefined;

  const VALID = {
    securityTeamName: 'Parliamentary Security Department',
    webhookUrl: 'https://soc.parliament.example/hooks/approach-guard',
    threshold: 'high',
    discreetMode: false,
  };

  beforeAll(() => {
    policy.remove();
  });

  afterAll(async () => {
    await session?.close();
    policy.remove();
    for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
  });

  /** Launches over `profileDir` and waits for a policy read made by this start of the browser. */
  async function launchWithPolicy(profileDir: string): Promise<Session> {
    await session?.close();
    const startedAt = new Date().toISOString();
    session = await launch({ profileDir });
    expect(session.extensionId, 'the id derived from the extension path').toBe(extensionId);
    await waitForPack(session);
    await waitFor(
      async () => (await readTrusted(session!, ['policy'])).policy as { status: string; readAt: string } | undefined,
      (p) => p?.status === 'ok' && p.readAt >= startedAt,
      15_000,
      'the extension to read the policy',
    );
    return session;
  }

  const newProfile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'approach-guard-policy-'));
    profiles.push(dir);
    return dir;
  };

  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  /** The note under the field: its accessible description (hint, lock, policy issue). */
  const description = (page: Page, label: string) =>
    field(page, label).evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );

  it('shows a valid policy’s values locked, "Set by your organisation", and keeps no Save for a fully locked form', async () => {
    policy.write(VALID);
    const profile = newProfile();
    const current = await launchWithPolicy(profile);
    const options = await openOptions(current);
    await field(options, S.webhookUrl).waitFor();

    expect(await field(options, S.webhookUrl).inputValue()).toBe(VALID.webhookUrl);
    expect(await field(options, S.webhookUrl).getAttribute('readonly')).not.toBeNull();
    expect(await description(options, S.webhookUrl)).toContain(S.setByOrganisation);
    expect(await field(options, S.teamName).inputValue()).toBe(VALID.securityTeamName);
    expect(await description(options, S.teamName)).toContain(S.setByOrganisation);
    const high = options.getByLabel(/^High only/);
    expect(await high.isChecked()).toBe(true);
    expect(await high.isDisabled()).toBe(true);
    expect(await options.getByRole('group', { name: S.thresholdLegend }).textContent()).toContain(S.setByOrganisation);
    // Threshold and discreet mode are the whole Warnings form: with both locked there is nothing to save.
    const warnings = options.getByRole('region', { name: S.warningsSection });
    expect(await warnings.getByLabel(S.discreetMode).isDisabled()).toBe(true);
    expect(await warnings.getByRole('button', { name: S.save }).count()).toBe(0);
    // The team contact is not set by policy: its form keeps Save.
    expect(await options.getByRole('region', { name: S.teamSection }).getByRole('button', { name: S.save }).count()).toBe(1);
    // Nothing to report: no issues section.
    expect(await options.getByRole('heading', { name: S.policySection }).count()).toBe(0);
    expect(await axeViolations(options)).toEqual([]);
    await screenshot(options, 'options-policy-locked.png');
    await options.close();
  });

  it('reports malformed values with their reasons and keeps the previous valid policy values in force', async () => {
    // Same profile as the valid policy above, which the extension persisted as in force.
    const profile = profiles[profiles.length - 1]!;
    policy.write({ ...VALID, threshold: 'extreme', webhookUrl: 'http://evil.example' });
    const current = await launchWithPolicy(profile);
    const options = await openOptions(current);
    const issues = options.getByRole('region', { name: S.policySection });
    await issues.waitFor();
    const listed = await issues.getByRole('listitem').allTextContents();

    const webhookIssue = listed.find((t) => t.includes('webhookUrl'));
    expect(webhookIssue).toContain('set to "http://evil.example"');
    expect(webhookIssue).toMatch(/must start with https:\/\//);
    expect(webhookIssue).toContain(S.policyKeptPrevious);
    const thresholdIssue = listed.find((t) => t.includes('threshold'));
    expect(thresholdIssue).toContain('set to "extreme"');
    expect(thresholdIssue).toMatch(/low.*medium.*high/);
    expect(thresholdIssue).toContain(S.policyKeptPrevious);
    expect(listed).toHaveLength(2);

    // The earlier valid values are still what the extension uses, still locked.
    expect(await field(options, S.webhookUrl).inputValue()).toBe(VALID.webhookUrl);
    expect(await description(options, S.webhookUrl)).toContain(S.setByOrganisation);
    expect(await description(options, S.webhookUrl)).toMatch(/value "http:\/\/evil\.example" was not used \(must start with https:\/\//);
    expect(await options.getByLabel(/^High only/).isChecked()).toBe(true);
    const stored = (await readTrusted(current, ['policy'])).policy as { values: Record<string, unknown> };
    expect(stored.values).toEqual(VALID);
    expect(await axeViolations(options)).toEqual([]);
    await screenshot(options, 'options-policy-invalid.png');
    await options.close();
  });

  it('with no earlier policy value, reports the malformed one and leaves the user’s own setting in force', async () => {
    policy.write({ webhookUrl: 'http://evil.example', threshold: 'extreme' });
    const profile = newProfile();
    const current = await launchWithPolicy(profile);
    await setWebhookInOptions(current, 'http://127.0.0.1:9/hooks/own');
    const options = await openOptions(current);
    const issues = options.getByRole('region', { name: S.policySection });
    await issues.waitFor();
    const listed = await issues.getByRole('listitem').allTextContents();
    expect(listed.find((t) => t.includes('webhookUrl'))).toContain(S.policyNotApplied);
    expect(listed.find((t) => t.includes('threshold'))).toContain(S.policyNotApplied);

    expect(await field(options, S.webhookUrl).inputValue()).toBe('http://127.0.0.1:9/hooks/own');
    expect(await field(options, S.webhookUrl).getAttribute('readonly')).toBeNull();
    expect(await description(options, S.webhookUrl)).not.toContain(S.setByOrganisation);
    expect(await options.getByLabel(/^Medium and above/).isChecked()).toBe(true);
    expect(await options.getByLabel(/^Medium and above/).isDisabled()).toBe(false);
    await options.close();
  });
});

describe.skipIf(noPolicy !== undefined)('after the policy tests', () => {
  it('leaves no policy file behind', () => {
    expect(existsSync(new PolicyFile(unpackedExtensionId()).path)).toBe(false);
  });
});
