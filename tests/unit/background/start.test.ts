import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../../src/background/start';
import { ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY, tabStateKey } from '../../../src/messaging/protocol';
import { SETTINGS_STORAGE_KEY, readSettings, updateSettings } from '../../../src/settings/store';
import baseline from '../../../rules/baseline.pack.json';
import { PAGE, benign, linkedInSender, summary, verdictsMessage } from './summaries';
import { addToSurfacedNotice, readSurfacedNotice } from '../../../src/background/surfaced-notice';
import { trustedArea } from '../../../src/settings/trusted-area';
import { settle, until } from './waiting';
import { fakeOnReplaced } from './tab-events';
import { OUTBOX_STORAGE_KEY } from '../../../src/report/outbox';
import { OUTBOX_ERRORS } from '../../../src/ui/strings';
import { outgoingReport } from '../report/outbox-helpers';

/** No wait for runtime.onInstalled: these starts are neither installs nor updates. */
const FAST = { installWaitMs: 0 };
const stateOf = async (tabId: number) => (await fakeBrowser.storage.session.get(tabStateKey(tabId)))[tabStateKey(tabId)];


async function sendVerdicts(tabId: number) {
  // Through the real listener, as a content script's message arrives.
  const [reply] = await fakeBrowser.runtime.onMessage.trigger(verdictsMessage([summary()]), linkedInSender(tabId) as never, () => {});
  return reply;
}

/** A write that bypasses the trusted area's announcements (another page's, seen from here). */
function writeDirectly(key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('approach-guard', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('kv');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('kv', 'readwrite');
      tx.objectStore('kv').put(value, key);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

describe('the background start', () => {
  let replaceTab: ReturnType<typeof fakeOnReplaced>;
  beforeEach(() => {
    fakeBrowser.reset();
    replaceTab = fakeOnReplaced();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });

  it('sends a report queued in an earlier session only once this start has read the policy, to the address it names now', async () => {
    const OLD = 'https://old-soc.example.org/hooks/approach';
    const NEW = 'https://new-soc.example.org/hooks/approach';
    const queued = outgoingReport(OLD);
    // Last session: policy named OLD, and a report waited there (the laptop was offline).
    await trustedArea().set({
      policy: { status: 'ok', readAt: '2026-11-01T09:00:00.000Z', values: { webhookUrl: OLD }, issues: [] },
      [OUTBOX_STORAGE_KEY]: {
        version: 1,
        items: [{ key: queued.idempotencyKey, fingerprint: 'f', url: OLD, body: queued.preview, state: 'queued', attempts: 1, createdAt: 1, updatedAt: 1, nextAttemptAt: 1 }],
      },
    });
    // While the browser was closed, the organisation moved its endpoint.
    await fakeBrowser.storage.managed.set({ webhookUrl: NEW });
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(null, { status: 200 });
    });
    try {
      startBackground(FAST);
      const [item] = await until(
        async () => ((await trustedArea().get(OUTBOX_STORAGE_KEY))[OUTBOX_STORAGE_KEY] as { items: Array<{ state: string; lastError?: string }> }).items,
        (items) => items[0]?.state === 'failed',
      );
      expect(item!.lastError).toBe(OUTBOX_ERRORS.destinationChanged);
      expect(fetched).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('registers its listeners synchronously, in the first turn of the worker', () => {
    startBackground(FAST);
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);
    expect(fakeBrowser.runtime.onInstalled.hasListeners()).toBe(true);
    expect(fakeBrowser.tabs.onRemoved.hasListeners()).toBe(true);
    expect(fakeBrowser.tabs.onUpdated.hasListeners()).toBe(true);
    expect(fakeBrowser.storage.onChanged.hasListeners()).toBe(true);
  });

  it('installs the pack and derives the content settings on start', async () => {
    startBackground(FAST);
    const stored = await until(
      () => fakeBrowser.storage.local.get([ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY]),
      (s) => s[ACTIVE_PACK_KEY] !== undefined && s[CONTENT_SETTINGS_KEY] !== undefined,
    );
    expect((stored[ACTIVE_PACK_KEY] as { version: string }).version).toBe(baseline.version);
    expect(stored[CONTENT_SETTINGS_KEY]).toEqual({ threshold: 'medium', discreetMode: false, notSuspicious: [] });
  });

  it('answers verdicts from a LinkedIn tab through the runtime listener', async () => {
    startBackground(FAST);
    expect(await sendVerdicts(5)).toEqual({ ok: true });
    expect(await stateOf(5)).toBeDefined();
  });

  it('forgets a tab when it closes', async () => {
    startBackground(FAST);
    expect(await sendVerdicts(5)).toEqual({ ok: true });
    expect(await stateOf(5)).toBeDefined();
    await fakeBrowser.tabs.onRemoved.trigger(5, { windowId: 1, isWindowClosing: false });
    await until(() => stateOf(5), (s) => s === undefined);
  });

  it('keeps what a tab spent of its allowances when it leaves LinkedIn, and forgets it when the tab closes', async () => {
    startBackground(FAST);
    await sendVerdicts(7);
    const spent = { marks: 20, newSenders: { since: Date.now(), count: 300 } };
    await fakeBrowser.storage.session.set({ 'allowance:7': spent });
    // Stepping off LinkedIn and back would otherwise give a page a new allowance.
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, { id: 7 } as never);
    await until(() => stateOf(7), (s) => s === undefined);
    expect((await fakeBrowser.storage.session.get('allowance:7'))['allowance:7']).toEqual(spent);
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 1, isWindowClosing: false });
    await until(async () => (await fakeBrowser.storage.session.get('allowance:7'))['allowance:7'], (a) => a === undefined);
  });

  it('forgets a tab that navigates away from LinkedIn, and clears its badge', async () => {
    startBackground(FAST);
    await sendVerdicts(6);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 6 })).toBe('H');
    // Without the "tabs" permission the new URL is not visible: an absent URL means "not LinkedIn".
    await fakeBrowser.tabs.onUpdated.trigger(6, { status: 'loading' }, { id: 6 } as never);
    await until(() => stateOf(6), (s) => s === undefined);
    await until(() => fakeBrowser.action.getBadgeText({ tabId: 6 }), (t) => t === '');
  });

  it('leaves no state behind for a tab that closes or leaves LinkedIn while its report is being stored', async () => {
    startBackground(FAST);
    await sendVerdicts(9);
    for (const [forget, leftLinkedIn] of [
      [() => fakeBrowser.tabs.onRemoved.trigger(9, { windowId: 1, isWindowClosing: false }), false],
      [() => fakeBrowser.tabs.onUpdated.trigger(9, { status: 'loading' }, { id: 9 } as never), true],
    ] as const) {
      // The report is still on its way to storage when the tab goes.
      const reply = fakeBrowser.runtime.onMessage.trigger(verdictsMessage([summary()]), linkedInSender(9) as never, () => {});
      await forget();
      await reply;
      await settle();
      expect(await stateOf(9)).toBeUndefined();
      // A closed tab has no badge to clear; one that left LinkedIn shows none.
      // (The badge waits for the notice of surfaced senders, which it may show instead: a read.)
      if (leftLinkedIn) await until(() => fakeBrowser.action.getBadgeText({ tabId: 9 }), (t) => t === '');
    }
  });

  it('clears the badge of a tab that leaves LinkedIn even when its state could not be stored', async () => {
    startBackground(FAST);
    // The state write fails (storage.session's quota, say): the badge shows what the page found.
    const write = vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    await sendVerdicts(9);
    write.mockRestore();
    expect(await stateOf(9)).toBeUndefined();
    expect(await fakeBrowser.action.getBadgeText({ tabId: 9 })).toBe('H');
    await fakeBrowser.tabs.onUpdated.trigger(9, { status: 'loading' }, { id: 9 } as never);
    await until(() => fakeBrowser.action.getBadgeText({ tabId: 9 }), (text) => text === '');
  });

  it('does not put back the badge of a tab that left LinkedIn while the badges were being refreshed', async () => {
    startBackground(FAST);
    await sendVerdicts(9);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 9 })).toBe('H');
    const session = fakeBrowser.storage.session;
    const get = session.get.bind(session);
    vi.spyOn(session, 'get').mockImplementation(async (keys?: Parameters<typeof session.get>[0]) => {
      const result = await get(keys);
      // The refresh has read every tab's state when the tab navigates off LinkedIn.
      if (keys === null) {
        await fakeBrowser.tabs.onUpdated.trigger(9, { status: 'loading' }, { id: 9 } as never);
        // And is forgotten, badge and all, before the refresh goes on.
        await until(() => get(tabStateKey(9)), (stored) => stored[tabStateKey(9)] === undefined);
        await settle();
      }
      return result;
    });
    // Any change of what badges depend on refreshes them all.
    await updateSettings({ discreetMode: true });
    await until(() => stateOf(9), (state) => state === undefined);
    await settle();
    await settle();
    expect(await fakeBrowser.action.getBadgeText({ tabId: 9 })).toBe('');
  });

  it('forgets a tab that another takes the place of', async () => {
    startBackground(FAST);
    expect(await sendVerdicts(5)).toEqual({ ok: true });
    expect(await stateOf(5)).toBeDefined();
    await replaceTab(12, 5);
    await until(() => stateOf(5), (s) => s === undefined);
  });

  it('removes at start-up what it kept for tabs that no longer exist', async () => {
    const { id: open } = await fakeBrowser.tabs.create({ url: PAGE });
    const state = { pageUrl: PAGE, updatedAt: 1, approaches: [] };
    await fakeBrowser.storage.session.set({ [tabStateKey(open!)]: state, [tabStateKey(41)]: state, 'allowance:41': { marks: 3, newSenders: { since: 1, count: 5 } } });
    startBackground(FAST);
    await until(() => fakeBrowser.storage.session.get(null), (all) => JSON.stringify(Object.keys(all)) === JSON.stringify([tabStateKey(open!)]));
  });

  it('gives a tab that left LinkedIn the toolbar\u2019s hover text, as it is then and whenever it changes', async () => {
    const { id } = await fakeBrowser.tabs.create({ url: PAGE });
    const tabId = id!;
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    const leave = async () => {
      await sendVerdicts(tabId);
      expect(await fakeBrowser.action.getTitle({ tabId })).toMatch(/risky approach/);
      await fakeBrowser.tabs.onUpdated.trigger(tabId, { status: 'loading' }, { id: tabId } as never);
      await until(() => stateOf(tabId), (s) => s === undefined);
    };
    await leave();
    await until(() => fakeBrowser.action.getTitle({ tabId }), (title) => title === 'Approach Guard');
    // People a newer pack flags: the toolbar says so, and so does the tab, which shows its "!".
    await addToSurfacedNotice([{ profileUrl: 'https://www.linkedin.com/in/orla-packtest/', level: 'high' }], 'Security team pack 2026.12.1', 1000);
    const flagged = await until(() => fakeBrowser.action.getTitle({}), (title) => title.includes('now flagged'));
    await until(() => fakeBrowser.action.getTitle({ tabId }), (title) => title === flagged);
    // Leaving LinkedIn while the "!" shows.
    await leave();
    await until(() => fakeBrowser.action.getTitle({ tabId }), (title) => title === flagged);
  });

  it('keeps the state while the tab stays on LinkedIn (the content script reports the new page)', async () => {
    startBackground(FAST);
    await sendVerdicts(8);
    const url = 'https://www.linkedin.com/in/someone/';
    await fakeBrowser.tabs.onUpdated.trigger(8, { status: 'loading', url }, { id: 8, url } as never);
    await settle();
    expect(await stateOf(8)).toBeDefined();
  });

  it('re-derives the content settings and refreshes badges when the settings or the Not-suspicious list change', async () => {
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    await sendVerdicts(4);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('H');
    await trustedArea().set({ [SETTINGS_STORAGE_KEY]: { threshold: 'high', discreetMode: true } });
    await until(
      () => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY),
      (s) => (s[CONTENT_SETTINGS_KEY] as { threshold: string }).threshold === 'high',
    );
    await trustedArea().set({
      [SETTINGS_STORAGE_KEY]: { threshold: 'high', discreetMode: true },
      notSuspicious: [{ profileUrl: 'https://www.linkedin.com/in/fixture-member-56/', addedAt: new Date().toISOString() }],
    });
    await until(() => fakeBrowser.action.getBadgeText({ tabId: 4 }), (t) => t === '');
  });

  /**
   * What a tab's badge shows, as the browsers resolve it: its own text, or without one (null),
   * the toolbar's. The fake browser answers only what was set for the tab.
   */
  function badgeShown() {
    const own = new Map<number, string | null>();
    const set = fakeBrowser.action.setBadgeText.bind(fakeBrowser.action);
    vi.spyOn(fakeBrowser.action, 'setBadgeText').mockImplementation(((details: { tabId?: number; text?: string | null }) => {
      if (details.tabId !== undefined) own.set(details.tabId, details.text ?? null);
      return set(details as never);
    }) as never);
    return async (tabId: number) => own.get(tabId) ?? (await fakeBrowser.action.getBadgeText({}));
  }

  it('shows "!" on the toolbar, and on tabs with nothing of their own, while people a newer pack flags are unseen', async () => {
    const shown = badgeShown();
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    await sendVerdicts(4);
    await fakeBrowser.runtime.onMessage.trigger(verdictsMessage([benign()]), linkedInSender(5) as never, () => {});
    expect(await shown(5)).toBe('');
    const orla = 'https://www.linkedin.com/in/orla-packtest/';
    await addToSurfacedNotice([{ profileUrl: orla, name: 'Orla Packtest', level: 'high' }], 'Security team pack 2026.12.1', 1000);
    await until(() => fakeBrowser.action.getBadgeText({}), (t) => t === '!');
    expect(await shown(5)).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toBe('Approach Guard: someone who wrote to you before is now flagged. Open to see.');
    // A tab's own level comes first; a tab with nothing of its own, reporting again, keeps the "!".
    expect(await shown(4)).toBe('H');
    await fakeBrowser.runtime.onMessage.trigger(verdictsMessage([benign()]), linkedInSender(5) as never, () => {});
    expect(await shown(5)).toBe('!');
    // So does a tab that leaves LinkedIn.
    await fakeBrowser.tabs.onUpdated.trigger(4, { status: 'loading' }, { id: 4 } as never);
    await until(() => shown(4), (t) => t === '!');

    // The popup says the user saw the notice: it goes, and the "!" everywhere with it.
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const answers = await fakeBrowser.runtime.onMessage.trigger({ type: 'popup→background:surfaced-seen', upTo: 1000, profiles: [orla] }, popup as never, () => {});
    expect(answers.filter((answer) => answer !== undefined)).toEqual([{ ok: true }]);
    expect(await readSurfacedNotice()).toBeUndefined();
    await until(() => fakeBrowser.action.getBadgeText({}), (t) => t === '');
    expect(await shown(4)).toBe('');
    expect(await shown(5)).toBe('');
    expect(await fakeBrowser.action.getTitle({})).toBe('Approach Guard');
  });

  it('does not show "!" for people the user has marked "Not suspicious" since', async () => {
    const shown = badgeShown();
    const orla = 'https://www.linkedin.com/in/orla-packtest/';
    await trustedArea().set({ notSuspicious: [{ profileUrl: orla, addedAt: new Date().toISOString() }] });
    await addToSurfacedNotice([{ profileUrl: orla, level: 'high' }], 'Security team pack 2026.12.1', 1000);
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    await fakeBrowser.runtime.onMessage.trigger(verdictsMessage([benign()]), linkedInSender(5) as never, () => {});
    await settle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await shown(5)).toBe('');
    // Taking the mark away brings it back.
    await trustedArea().set({ notSuspicious: [] });
    await until(() => fakeBrowser.action.getBadgeText({}), (t) => t === '!');
    expect(await shown(5)).toBe('!');
  });

  it('does not show "!" for someone flagged below the user\'s warning threshold, and shows it once the threshold comes down', async () => {
    const shown = badgeShown();
    await trustedArea().set({ [SETTINGS_STORAGE_KEY]: { threshold: 'high', discreetMode: false } });
    await addToSurfacedNotice([{ profileUrl: 'https://www.linkedin.com/in/orla-packtest/', level: 'medium' }], 'Security team pack 2026.12.1', 1000);
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    await fakeBrowser.runtime.onMessage.trigger(verdictsMessage([benign()]), linkedInSender(5) as never, () => {});
    await settle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await shown(5)).toBe('');
    await trustedArea().set({ [SETTINGS_STORAGE_KEY]: { threshold: 'medium', discreetMode: false } });
    await until(() => fakeBrowser.action.getBadgeText({}), (t) => t === '!');
    expect(await shown(5)).toBe('!');
  });

  it('on an update from a build before the database, moves the settings it kept in storage.local, and derives from them', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_STORAGE_KEY]: { threshold: 'low', discreetMode: false } });
    startBackground({ installWaitMs: 5_000 });
    // Another reason first (a browser updated in the same restart) decides nothing.
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'chrome_update' } as never);
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.1.0' });
    await until(
      () => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY),
      (s) => (s[CONTENT_SETTINGS_KEY] as { threshold?: string } | undefined)?.threshold === 'low',
    );
    expect((await trustedArea().get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY]).toEqual({ threshold: 'low', discreetMode: false });
    expect(await fakeBrowser.storage.local.get(SETTINGS_STORAGE_KEY)).toEqual({});
  });

  it('moves the earlier build\u2019s data when the update is reported after the start stopped waiting', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_STORAGE_KEY]: { threshold: 'low' } });
    startBackground({ installWaitMs: 10 });
    await until(() => trustedArea().get('migratedFromLocal'), (s) => s.migratedFromLocal === 'pending');
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.1.0' });
    await until(() => trustedArea().get('migratedFromLocal'), (s) => s.migratedFromLocal === true);
    expect((await readSettings()).settings.threshold).toBe('low');
    expect(await fakeBrowser.storage.local.get(SETTINGS_STORAGE_KEY)).toEqual({});
  });

  it('takes nothing from storage.local on a start that is no update, as after the browser deleted the database', async () => {
    // What a page could have planted while the database was gone.
    await fakeBrowser.storage.local.set({ [SETTINGS_STORAGE_KEY]: { threshold: 'high', webhookUrl: 'https://attacker.example/collect' } });
    startBackground({ installWaitMs: 50 });
    // A browser update says nothing about this extension's data.
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'chrome_update' } as never);
    expect(await trustedArea().get(SETTINGS_STORAGE_KEY)).toEqual({});
    expect((await fakeBrowser.storage.local.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY]).toMatchObject({ threshold: 'high' });
    // And the worker works from its own (empty) settings meanwhile, having left the rest to the user.
    expect((await readSettings()).userKeys).toEqual([]);
    expect((await trustedArea().get('migratedFromLocal')).migratedFromLocal).toBe('pending');
  });

  it('does the start\u2019s work again, less and less often, until a failed decision about stored data succeeds', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    let failures = 3;
    vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation(((keys: never) => {
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error('storage.local is busy'));
      }
      return get(keys);
    }) as never);
    await fakeBrowser.storage.local.set({ [SETTINGS_STORAGE_KEY]: { threshold: 'low' } });
    startBackground({ installWaitMs: 0, retryStartMs: 20 });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.1.0' });
    // The pack, the content settings (from the moved settings) arrive once a decision succeeds.
    const stored = await until(
      () => get([ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY]),
      (s) => s[ACTIVE_PACK_KEY] !== undefined && (s[CONTENT_SETTINGS_KEY] as { threshold?: string } | undefined)?.threshold === 'low',
    );
    expect((stored[ACTIVE_PACK_KEY] as { version: string }).version).toBe(baseline.version);
    expect(failures).toBe(0);
  });

  it('undoes a change that something else makes to the content scripts\u2019 copy of the settings', async () => {
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    // What a LinkedIn renderer under an exploit could write: warnings off everywhere.
    await fakeBrowser.storage.local.set({ [CONTENT_SETTINGS_KEY]: { threshold: 'high', discreetMode: true, notSuspicious: [] } });
    await until(
      () => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY),
      (s) => (s[CONTENT_SETTINGS_KEY] as { threshold: string }).threshold === 'medium',
    );
    expect((await fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY))[CONTENT_SETTINGS_KEY]).toEqual({ threshold: 'medium', discreetMode: false, notSuspicious: [] });
  });

  it('re-derives the content settings when a page says it wrote them, as a stopped worker learns of it', async () => {
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    // Written straight into the database, as another page's write looks to a worker woken by the message.
    await writeDirectly(SETTINGS_STORAGE_KEY, { threshold: 'low' });
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    const replies = await fakeBrowser.runtime.onMessage.trigger({ type: 'popup\u2192background:stored', keys: [SETTINGS_STORAGE_KEY] }, popup as never, () => {});
    expect(replies).toContainEqual({ ok: true });
    await until(
      () => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY),
      (s) => (s[CONTENT_SETTINGS_KEY] as { threshold: string }).threshold === 'low',
    );
  });

  it('sends no such message about its own writes', async () => {
    startBackground(FAST);
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    await trustedArea().set({ [SETTINGS_STORAGE_KEY]: { threshold: 'high' } });
    expect(send).not.toHaveBeenCalled();
  });

  it('puts the bundled pack back when something else rewrites the stored one', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    startBackground(FAST);
    const installed = await until(() => fakeBrowser.storage.local.get(ACTIVE_PACK_KEY), (s) => s[ACTIVE_PACK_KEY] !== undefined);
    const record = installed[ACTIVE_PACK_KEY] as { pack: { rules: Array<{ weight: number }> } };
    const silenced = { ...record, pack: { ...record.pack, rules: record.pack.rules.map((rule) => ({ ...rule, weight: 0 })) } };
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: silenced });
    const restored = await until(
      () => fakeBrowser.storage.local.get(ACTIVE_PACK_KEY),
      (s) => (s[ACTIVE_PACK_KEY] as typeof record).pack.rules.every((rule) => rule.weight !== 0),
    );
    expect((restored[ACTIVE_PACK_KEY] as { version: string }).version).toBe(baseline.version);
  });

  it('reads enterprise policy again when managed storage changes, and passes a locked threshold to content scripts', async () => {
    startBackground(FAST);
    await until(() => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY), (s) => s[CONTENT_SETTINGS_KEY] !== undefined);
    await fakeBrowser.storage.managed.set({ threshold: 'high' });
    await until(
      () => fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY),
      (s) => (s[CONTENT_SETTINGS_KEY] as { threshold: string }).threshold === 'high',
    );
  });

  it('also answers the popup: reporting listens from the same start', async () => {
    startBackground(FAST);
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const replies = await fakeBrowser.runtime.onMessage.trigger({ type: 'popup→background:outbox-list' }, popup as never, () => {});
    expect(replies).toContainEqual({ ok: true, items: [] });
  });
});
