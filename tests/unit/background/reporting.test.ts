import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isExtensionPageSender, registerReporting, type ReportingOptions } from '../../../src/background/reporting';
import { recordSeenSenders, SEEN_SENDERS_KEY } from '../../../src/background/seen-senders';
import type { OutboxListResponse, ReportResponse } from '../../../src/messaging/popup-protocol';
import { composeReport } from '../../../src/report/compose';
import { OUTBOX_STORAGE_KEY, type OutboxItem } from '../../../src/report/outbox';
import { HISTORY_STORAGE_KEY, readHistory, recordFlaggedSender, readSeenSenders } from '../../../src/settings/history';
import { markNotSuspicious, readNotSuspicious, updateSettings } from '../../../src/settings/store';
import { FIXED_NOW, approach, nextUuid, verdict } from '../report/fixtures';
import { scriptedFetch, WEBHOOK } from '../report/outbox-helpers';
import { addToSurfacedNotice, readSurfacedNotice } from '../../../src/background/surfaced-notice';
import { trustedArea } from '../../../src/settings/trusted-area';
import { PACK_UPDATE_KEY, readPackUpdateStatus } from '../../../src/background/pack-update-status';

const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const contentScriptSender = () => ({
  id: fakeBrowser.runtime.id,
  url: 'https://www.linkedin.com/messaging/thread/2-abc/',
  tab: { id: 7, url: 'https://www.linkedin.com/messaging/thread/2-abc/' },
  frameId: 0,
});

const composed = () =>
  composeReport(
    { approach: approach(), verdict: verdict(), extensionVersion: '0.1.0' },
    { now: () => FIXED_NOW, randomUUID: nextUuid },
  );

async function storedItems(): Promise<OutboxItem[]> {
  const stored = (await trustedArea().get(OUTBOX_STORAGE_KEY))[OUTBOX_STORAGE_KEY] as { items: OutboxItem[] } | undefined;
  return stored?.items ?? [];
}

/** Delivers a message the way the browser does: to every runtime.onMessage listener. */
async function deliver(message: unknown, sender: object): Promise<unknown> {
  const results = (await fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined)) as unknown[];
  const answers = results.filter((result) => result !== undefined);
  expect(answers.length).toBeLessThanOrEqual(1);
  return answers[0] === undefined ? undefined : await answers[0];
}

async function start(extra: ReportingOptions = {}) {
  const fetch = scriptedFetch([200]);
  const reporting = registerReporting({ fetch: fetch.fetch, log: () => undefined, ...extra });
  await reporting.ready;
  return { reporting, fetch };
}

describe('registerReporting', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('refuses a report message from a content script and enqueues nothing', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    const { fetch } = await start();
    const answer = await deliver(
      { type: 'popup→background:report', approachId: 'urn:li:msg_conversation:2-abc', body: composed().body },
      contentScriptSender(),
    );
    expect(answer).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await storedItems()).toEqual([]);
    expect(fetch.calls).toHaveLength(0);
  });

  it('refuses the outbox list to a content script, so page code cannot read who was reported', async () => {
    const { reporting } = await start();
    await reporting.outbox.enqueue({
      channel: 'webhook',
      url: WEBHOOK,
      preview: composed().body,
      idempotencyKey: '00000000-0000-4000-8000-00000000ffff',
      approachId: 'a',
      fingerprint: 'f',
    });
    const answer = await deliver({ type: 'popup→background:outbox-list' }, contentScriptSender());
    expect(answer).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('leaves messages it does not own to the other listeners', async () => {
    await start();
    const answer = await deliver({ type: 'content→background:verdicts', pageUrl: 'x', approaches: [] }, contentScriptSender());
    expect(answer).toBeUndefined();
  });

  it('accepts a valid report from the popup, sends exactly the previewed body once, and keeps none of it once sent', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    const { reporting, fetch } = await start();
    const report = composed();

    const answer = (await deliver(
      { type: 'popup→background:report', approachId: report.approachId, body: report.body },
      popupSender(),
    )) as ReportResponse;
    await reporting.outbox.flush();

    expect(answer).toMatchObject({ ok: true, duplicate: false, item: { key: report.report.idempotencyKey, senderName: 'Amy Chen', level: 'high', destination: 'soc.example.org' } });
    const items = await storedItems();
    expect(items).toHaveLength(1);
    // The excerpts and the note left with the report: the device keeps whom it was about and the level.
    expect(items[0]).toMatchObject({ body: '', summary: { senderName: 'Amy Chen', level: 'high' }, url: WEBHOOK, state: 'sent' });
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.init.body).toBe(report.body);
    // The popup's list still names the sender.
    const listed = (await deliver({ type: 'popup→background:outbox-list' }, popupSender())) as { ok: true; items: Array<{ senderName?: string; level?: string; state: string }> };
    expect(listed.items).toEqual([expect.objectContaining({ senderName: 'Amy Chen', level: 'high', state: 'sent' })]);
  });

  it('keeps one item when the popup sends the same report twice (a double click)', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    const { reporting } = await start();
    const report = composed();
    const message = { type: 'popup→background:report', approachId: report.approachId, body: report.body };
    await deliver(message, popupSender());
    const second = (await deliver(message, popupSender())) as ReportResponse;
    await reporting.outbox.flush();
    expect(second).toMatchObject({ ok: true, duplicate: true });
    expect(await storedItems()).toHaveLength(1);
  });

  it('refuses a tampered body: an added field, another serialization, or not JSON at all', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    await start();
    const { body, approachId } = composed();
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const { format, ...rest } = parsed;
    const tampered = [
      JSON.stringify({ ...parsed, exfiltrated: 'secret' }, null, 2),
      JSON.stringify({ ...parsed, sender: { ...(parsed.sender as object), location: 'Hong Kong' } }, null, 2),
      JSON.stringify(parsed),
      JSON.stringify({ ...rest, format }, null, 2),
      `${body} `,
      body.slice(0, -1),
    ];
    for (const candidate of tampered) {
      const answer = await deliver({ type: 'popup→background:report', approachId, body: candidate }, popupSender());
      expect(answer).toMatchObject({ ok: false, code: 'invalid-report' });
    }
    expect(await storedItems()).toEqual([]);
  });

  it('never takes the destination from the message', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    await start();
    const { body, approachId } = composed();
    const answer = await deliver(
      { type: 'popup→background:report', approachId, body, url: 'https://attacker.example/collect' },
      popupSender(),
    );
    expect(answer).toMatchObject({ ok: false, code: 'invalid-message' });
    expect(await storedItems()).toEqual([]);
  });

  it('sends a queued report only to the address set now, whatever the stored outbox says', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    const fetch = scriptedFetch([503, 200]);
    const { reporting } = await start({ fetch: fetch.fetch });
    const report = composed();
    await deliver({ type: 'popup→background:report', approachId: report.approachId, body: report.body }, popupSender());
    await reporting.outbox.flush();
    expect(fetch.calls).toHaveLength(1);
    // The address the item was queued for is not where reports go now (the settings changed, or
    // the stored outbox was altered): it is never sent there.
    const [item] = await storedItems();
    await trustedArea().set({ outbox: { version: 1, items: [{ ...item, url: 'https://attacker.example/collect', nextAttemptAt: 0 }] } });
    await reporting.outbox.flush();
    expect(fetch.calls).toHaveLength(1);
    expect((await storedItems())[0]).toMatchObject({ state: 'failed', url: 'https://attacker.example/collect' });
  });

  it('queues a report made while policy is being read at start-up for the address policy gives', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    let policyDone!: () => void;
    const policyRead = new Promise<void>((resolve) => (policyDone = resolve));
    const fetch = scriptedFetch([200]);
    // Not waiting for the outbox to resume: it waits for the policy read too.
    const reporting = registerReporting({ fetch: fetch.fetch, log: () => undefined, policyRead });
    const { body, approachId } = composed();
    const answer = deliver({ type: 'popup→background:report', approachId, body }, popupSender());
    // The read brings another address (here, as the settings it writes).
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/new' });
    policyDone();
    expect(await answer).toMatchObject({ ok: true });
    await reporting.ready;
    await reporting.outbox.flush();
    expect(await storedItems()).toMatchObject([{ url: 'https://soc.example.org/hooks/new', state: 'sent' }]);
    expect(fetch.calls).toHaveLength(1);
  });

  it('explains that no report address is set up instead of queueing a report nowhere', async () => {
    await start();
    const { body, approachId } = composed();
    const answer = await deliver({ type: 'popup→background:report', approachId, body }, popupSender());
    expect(answer).toMatchObject({ ok: false, code: 'no-webhook' });
    expect(await storedItems()).toEqual([]);
  });

  it('lists outbox items newest first, without their bodies, and retries a failed one on request', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    const fetch = scriptedFetch([404, 200]);
    const { reporting } = await start({ fetch: fetch.fetch });
    const report = composed();
    await deliver({ type: 'popup→background:report', approachId: report.approachId, body: report.body }, popupSender());
    await reporting.outbox.flush();

    const list = (await deliver({ type: 'popup→background:outbox-list' }, popupSender())) as OutboxListResponse;
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ state: 'failed', lastStatus: 404 });
    expect(list.items[0]).not.toHaveProperty('body');

    await deliver({ type: 'popup→background:outbox-retry', key: report.report.idempotencyKey }, popupSender());
    expect((await storedItems())[0]?.state).toBe('sent');
  });
});

describe('isExtensionPageSender', () => {
  const origin = 'chrome-extension://abc/';

  it('accepts the popup and an options page opened in a tab', () => {
    expect(isExtensionPageSender({ id: 'abc', url: 'chrome-extension://abc/popup.html' }, 'abc', origin)).toBe(true);
    expect(
      isExtensionPageSender({ id: 'abc', url: 'chrome-extension://abc/options.html', tab: { id: 3 }, origin: 'chrome-extension://abc' }, 'abc', origin),
    ).toBe(true);
  });

  it('refuses content scripts, other extensions, look-alike origins and senders without a URL', () => {
    expect(isExtensionPageSender({ id: 'abc', url: 'https://www.linkedin.com/feed/', tab: { id: 1 } }, 'abc', origin)).toBe(false);
    expect(isExtensionPageSender({ id: 'other', url: 'chrome-extension://other/popup.html' }, 'abc', origin)).toBe(false);
    expect(isExtensionPageSender({ id: 'abc', url: 'chrome-extension://abcd/popup.html' }, 'abc', origin)).toBe(false);
    expect(isExtensionPageSender({ id: 'abc' }, 'abc', origin)).toBe(false);
    expect(
      isExtensionPageSender({ id: 'abc', url: 'chrome-extension://abc/popup.html', origin: 'https://www.linkedin.com' }, 'abc', origin),
    ).toBe(false);
  });
});

describe('clearing the sender history from the options page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  const optionsSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') });
  const seen = (id: string) => ({
    profileId: id,
    profileUrl: `https://www.linkedin.com/in/${id}/`,
    firstSeen: '2026-11-20T10:00:00.000Z',
    lastSeen: '2026-11-20T10:00:00.000Z',
    highestLevel: 'medium',
  });

  it('waits for a sighting being recorded, so the cleared lists are not written back', async () => {
    await trustedArea().set({ [SEEN_SENDERS_KEY]: [seen('amy-chen-4471')], [HISTORY_STORAGE_KEY]: [seen('amy-chen-4471')] });
    await start();
    // A sighting whose read of storage is still under way when the user clears.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const local = fakeBrowser.storage.local;
    const slowArea = {
      get: async (keys?: string | string[] | null) => {
        const value = await local.get(keys ?? null);
        await gate;
        return value;
      },
      set: (items: Record<string, unknown>) => local.set(items),
      remove: (keys: string | string[]) => local.remove(keys),
    };
    const newSender = { name: 'New Sender', profileUrl: 'https://www.linkedin.com/in/new-sender-1/' };
    // As the background does: the flagged history is updated inside the same lock.
    const recording = recordSeenSenders([{ ...newSender, level: 'medium' }], {
      area: slowArea,
      then: async () => {
        await recordFlaggedSender(
          { id: 'urn:li:msg_conversation:2-new', site: 'linkedin', surface: 'message', sender: newSender, messages: [] },
          { score: 50, level: 'medium', hits: [], packVersion: '2026.11.28' },
        );
      },
    });
    const clearing = deliver({ type: 'popup→background:clear-history' }, optionsSender());
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect(await recording).toEqual(['https://www.linkedin.com/in/new-sender-1/']);
    expect(await clearing).toEqual({ ok: true });
    expect(await readSeenSenders()).toEqual([]);
    expect((await readHistory()).entries).toEqual([]);
  });

  it('takes away the notice of people a newer pack flags, which names people from those lists', async () => {
    await trustedArea().set({ [SEEN_SENDERS_KEY]: [seen('amy-chen-4471')] });
    await addToSurfacedNotice([{ profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/', level: 'high' }], 'Team pack 1', 1000);
    await start();
    // A content script cannot take it away.
    expect(await deliver({ type: 'popup→background:surfaced-seen', upTo: 1000, profiles: ['https://www.linkedin.com/in/amy-chen-4471/'] }, contentScriptSender())).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await deliver({ type: 'popup→background:surfaced-seen', upTo: 'all' }, optionsSender())).toMatchObject({ ok: false, code: 'invalid-message' });
    expect(await readSurfacedNotice()).toBeDefined();
    expect(await deliver({ type: 'popup→background:clear-history' }, optionsSender())).toEqual({ ok: true });
    expect(await readSurfacedNotice()).toBeUndefined();
  });

  it('takes the last pack check\u2019s list of the people it flagged off the options page, and keeps the rest of the check', async () => {
    const amy = { profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/', name: 'Amy Chen', level: 'high' as const };
    const check = { outcome: 'installed' as const, failures: 0, checkedAt: 1000, nextCheckAt: 2000, notes: ['a rule skipped'] };
    await trustedArea().set({ [SEEN_SENDERS_KEY]: [seen('amy-chen-4471')], [PACK_UPDATE_KEY]: { ...check, surfaced: [amy], surfacedCount: 1 } });
    await start();
    expect(await deliver({ type: 'popup→background:clear-history' }, optionsSender())).toEqual({ ok: true });
    expect(await readPackUpdateStatus()).toEqual(check);
  });

  it('refuses the clear message from a content script and keeps both lists', async () => {
    await trustedArea().set({ [SEEN_SENDERS_KEY]: [seen('amy-chen-4471')], [HISTORY_STORAGE_KEY]: [seen('amy-chen-4471')] });
    await start();
    expect(await deliver({ type: 'popup→background:clear-history' }, contentScriptSender())).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await readSeenSenders()).toHaveLength(1);
    expect((await readHistory()).entries).toHaveLength(1);
  });
});

describe('"Not suspicious" marks from the popup and the options page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
  const AMY = 'https://www.linkedin.com/in/amy-chen-4471/';
  const BEN = 'https://www.linkedin.com/in/ben-low-1/';
  const mark = (profileUrl: string, marked: boolean, name?: string) => ({ type: 'popup→background:not-suspicious', profileUrl, marked, ...(name ? { name } : {}) });

  it('keeps the list in the background, so two pages’ changes at once both hold', async () => {
    await markNotSuspicious({ profileUrl: AMY, name: 'Amy Chen' });
    await start();
    // The options page takes Amy's mark away while the popup marks Ben: both land.
    const answers = await Promise.all([deliver(mark(AMY, false), popupSender()), deliver(mark(BEN, true, 'Ben Low'), popupSender())]);
    expect(answers).toEqual([{ ok: true }, { ok: true }]);
    expect((await readNotSuspicious()).entries.map((e) => [e.profileUrl, e.name])).toEqual([[BEN, 'Ben Low']]);
  });

  it('takes away a mark on any address the list can hold, a long percent-encoded id included', async () => {
    // 55 CJK characters: 531 characters once percent-encoded, as the in-page warning marks them.
    const LONG = `https://www.linkedin.com/in/${encodeURIComponent('\u738b'.repeat(55))}/`;
    expect(LONG.length).toBeGreaterThan(500);
    await markNotSuspicious({ profileUrl: LONG, name: 'Wang' });
    expect((await readNotSuspicious()).entries).toHaveLength(1);
    await start();
    expect(await deliver(mark(LONG, false), popupSender())).toEqual({ ok: true });
    expect((await readNotSuspicious()).entries).toEqual([]);
  });

  it('refuses the message from a content script, and a profile address that is not one', async () => {
    await start();
    expect(await deliver(mark(BEN, true), { id: fakeBrowser.runtime.id, tab: { id: 3 }, url: 'https://www.linkedin.com/feed/' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await deliver(mark('javascript:alert(1)', true), popupSender())).toMatchObject({ ok: false });
    expect((await readNotSuspicious()).entries).toEqual([]);
  });
});
