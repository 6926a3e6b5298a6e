import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleContentMessage, MAX_MARKS_PER_TAB, NEW_SENDERS_PER_TAB_HOUR } from '../../../src/background/message-handler';
import { SEEN_SENDERS_KEY } from '../../../src/background/seen-senders';
import { fitTabState, MAX_TAB_STATE_CHARS } from '../../../src/background/tab-state';
import { CONTENT_SETTINGS_KEY, tabStateKey, type TabState } from '../../../src/messaging/protocol';
import { HISTORY_STORAGE_KEY, readHistory, readSeenSenders } from '../../../src/settings/history';
import { markNotSuspicious, NOT_SUSPICIOUS_MAX_ENTRIES, NOT_SUSPICIOUS_STORAGE_KEY, readNotSuspicious, updateSettings } from '../../../src/settings/store';
import { EXTENSION_ID, PAGE, benign, linkedInSender, summary, verdictsMessage } from './summaries';
import { trustedArea } from '../../../src/settings/trusted-area';

const stateOf = async (tabId: number) =>
  (await fakeBrowser.storage.session.get(tabStateKey(tabId)))[tabStateKey(tabId)] as TabState | undefined;
const badgeOf = (tabId: number) => fakeBrowser.action.getBadgeText({ tabId });

describe('content→background:verdicts', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('stores the tab state, shows the level on the badge and records the sender', async () => {
    const reply = await handleContentMessage(verdictsMessage([summary(), benign()]), linkedInSender(7), EXTENSION_ID);
    expect(reply).toEqual({ ok: true });

    const state = await stateOf(7);
    expect(state?.pageUrl).toBe(PAGE);
    expect(state?.approaches.map((a) => a.approachId)).toEqual(['linkedin:thread:0001', 'linkedin:thread:0002']);
    expect(await badgeOf(7)).toBe('H');
    expect(await fakeBrowser.action.getTitle({ tabId: 7 })).toMatch(/1 risky approach .*high/);

    // Every sender seen, flagged or not; only flagged ones in the flagged history.
    const seen = await readSeenSenders();
    expect(seen.map((s) => [s.profileId, s.highestLevel, s.surfaces])).toEqual([
      ['fixture-member-56', 'high', [summary().surface]],
      ['fixture-member-57', 'none', [benign().surface]],
    ]);
    const history = await readHistory();
    expect(history.entries.map((e) => [e.profileUrl, e.highestLevel, e.name])).toEqual([
      ['https://www.linkedin.com/in/fixture-member-56/', 'high', 'Lena Okafor'],
    ]);
  });

  it('writes storage only when a sender materially changes, not on every re-read of a thread', async () => {
    await handleContentMessage(verdictsMessage([summary()]), linkedInSender(7), EXTENSION_ID);
    const set = vi.spyOn(trustedArea(), 'set');
    const setLocal = vi.spyOn(fakeBrowser.storage.local, 'set');
    await handleContentMessage(verdictsMessage([summary()]), linkedInSender(7), EXTENSION_ID);
    expect(set).not.toHaveBeenCalled();
    expect(setLocal).not.toHaveBeenCalled();
  });

  it('leaves the badge empty for approaches below the threshold', async () => {
    const low = summary({ verdict: { ...summary().verdict, level: 'low', score: 25 } });
    await handleContentMessage(verdictsMessage([low, benign()]), linkedInSender(3), EXTENSION_ID);
    expect(await badgeOf(3)).toBe('');
    expect(await stateOf(3)).toBeDefined();
  });

  it('follows the threshold and the Not-suspicious list in the settings', async () => {
    await updateSettings({ threshold: 'low', discreetMode: true });
    await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/fixture-member-56/' });
    const low = benign({ verdict: { score: 25, level: 'low', packVersion: '1', hits: [] } });
    await handleContentMessage(verdictsMessage([summary(), low]), linkedInSender(4), EXTENSION_ID);
    // The high one is from a sender marked Not suspicious; the low one counts at threshold low.
    expect(await badgeOf(4)).toBe('L');
  });

  it('takes the threshold and the list from the settings, not from the content scripts\u2019 copy a page could rewrite', async () => {
    await fakeBrowser.storage.local.set({
      [CONTENT_SETTINGS_KEY]: { threshold: 'low', discreetMode: false, notSuspicious: ['https://www.linkedin.com/in/fixture-member-56/'] },
    });
    const low = benign({ verdict: { score: 25, level: 'low', packVersion: '1', hits: [] } });
    await handleContentMessage(verdictsMessage([summary(), low]), linkedInSender(4), EXTENSION_ID);
    // Default threshold (medium) and an empty list: the high one shows.
    expect(await badgeOf(4)).toBe('H');
  });

  it.each([
    ['another extension', { ...linkedInSender(), id: 'other-extension' }],
    ['a page that is not LinkedIn', linkedInSender(7, 'https://example.com/messaging/')],
    ['a look-alike host', linkedInSender(7, 'https://www.linkedin.com.example.net/in/x/')],
    ['plain http', linkedInSender(7, 'http://www.linkedin.com/messaging/')],
    ['a frame inside the page', { ...linkedInSender(), frameId: 3 }],
    ['no tab at all (an extension page)', { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/popup.html` }],
  ])('ignores a message from %s and stores nothing', async (_what, sender) => {
    expect(handleContentMessage(verdictsMessage([summary()]), sender, EXTENSION_ID)).toBeUndefined();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await trustedArea().get(SEEN_SENDERS_KEY)).toEqual({});
  });

  it.each([
    ['an unknown field', { ...verdictsMessage([summary()]), extra: 1 }],
    ['an unknown level', verdictsMessage([summary({ verdict: { ...summary().verdict, level: 'severe' as never } })])],
    // The sender's texts stay in the page until the user opens a report (the popup asks for them).
    ['the sender\u2019s message texts', verdictsMessage([{ ...summary(), messages: [{ index: 0, text: 'My client pays well.' }] } as never])],
    ['too many approaches', verdictsMessage(Array.from({ length: 201 }, (_, i) => benign({ approachId: `a${i}` })))],
    ['a sender field the protocol does not know', verdictsMessage([summary({ sender: { name: 'X', location: 'Y' } as never })])],
    ['a page URL off LinkedIn', verdictsMessage([summary()], 'https://evil.example/')],
    ['a sender profile off LinkedIn', verdictsMessage([summary({ sender: { name: 'X', profileUrl: 'https://evil.example/in/x/' } })])],
    ['a sender profile that is not a member profile', verdictsMessage([summary({ sender: { name: 'X', profileUrl: 'https://www.linkedin.com/company/x/' } })])],
    ['a sender profile with a query', verdictsMessage([summary({ sender: { name: 'X', profileUrl: 'https://www.linkedin.com/in/x/?next=https://evil.example/' } })])],
  ])('refuses a message with %s', async (_what, message) => {
    const setBadge = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    const reply = await handleContentMessage(message, linkedInSender(9), EXTENSION_ID);
    expect(reply).toMatchObject({ ok: false });
    expect(await stateOf(9)).toBeUndefined();
    expect(setBadge).not.toHaveBeenCalled();
  });

  it('clears the tab state when the new one cannot be stored, so the popup never shows the previous page as this one, and tells the page', async () => {
    expect(await handleContentMessage(verdictsMessage([summary()]), linkedInSender(5), EXTENSION_ID)).toEqual({ ok: true });
    expect(await stateOf(5)).toBeDefined();
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // The page sends again only what changed since a stored report: it must know this one was not.
    expect(await handleContentMessage(verdictsMessage([benign()]), linkedInSender(5), EXTENSION_ID)).toMatchObject({ ok: false });
    expect(await stateOf(5)).toBeUndefined();
  });

  it('keeps a later report that was stored when an earlier one\'s write fails after it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const set = fakeBrowser.storage.session.set.bind(fakeBrowser.storage.session);
    let first = true;
    vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementation(async (items) => {
      if (!first) return set(items);
      first = false;
      // The first write hangs for a while, then fails.
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('QUOTA_BYTES quota exceeded');
    });
    const earlier = handleContentMessage(verdictsMessage([benign()]), linkedInSender(6), EXTENSION_ID);
    const later = handleContentMessage(verdictsMessage([summary()]), linkedInSender(6), EXTENSION_ID);
    expect(await earlier).toMatchObject({ ok: false });
    expect(await later).toEqual({ ok: true });
    // The page was told the later report was stored: it must still be there.
    expect((await stateOf(6))?.approaches.map((a) => a.verdict.level)).toEqual([summary().verdict.level]);
  });

  it('tells the page when the history of senders could not be updated, so it sends again', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(trustedArea(), 'set').mockRejectedValueOnce(new Error('the database is closing'));
    expect(await handleContentMessage(verdictsMessage([summary()]), linkedInSender(7), EXTENSION_ID)).toMatchObject({ ok: false });
    // The tab state is there for the popup all the same.
    expect(await stateOf(7)).toBeDefined();
    expect(await handleContentMessage(verdictsMessage([summary()]), linkedInSender(7), EXTENSION_ID)).toEqual({ ok: true });
    expect(await readSeenSenders()).toHaveLength(1);
  });

  it('records a flagged sender with the next report when the flagged history could not be written', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const set = trustedArea().set.bind(trustedArea());
    let failHistory = true;
    vi.spyOn(trustedArea(), 'set').mockImplementation(async (items) => {
      if (HISTORY_STORAGE_KEY in items && failHistory) {
        failHistory = false;
        throw new Error('the database is closing');
      }
      return set(items);
    });
    expect(await handleContentMessage(verdictsMessage([summary()]), linkedInSender(8), EXTENSION_ID)).toMatchObject({ ok: false });
    expect((await readHistory()).entries).toEqual([]);
    // The same report again, as the page sends it after that answer: the sighting still counts.
    expect(await handleContentMessage(verdictsMessage([summary()]), linkedInSender(8), EXTENSION_ID)).toEqual({ ok: true });
    expect((await readHistory()).entries.map((e) => e.profileUrl)).toEqual(['https://www.linkedin.com/in/fixture-member-56/']);
    expect(await readSeenSenders()).toHaveLength(1);
  });

  it('keeps a tab\'s state within its share of session storage, the highest scores with their quotes, every level for the badge', async () => {
    // Conversations written to fire many cues many times over: each field within its cap, 2.6 MB in all.
    const hits = (n: number) =>
      Array.from({ length: 60 }, (_, h) => ({
        rule: `rule.${h}`,
        indicator: 'flattery' as const,
        weight: 5,
        evidence: Array.from({ length: 10 }, (_, e) => ({ message: e, start: 0, end: 300, quote: `${n}`.padEnd(300, 'x') })),
      }));
    const approaches = Array.from({ length: 12 }, (_, n) =>
      summary({ approachId: `linkedin:thread:${n}`, verdict: { score: 40 + n, level: n === 11 ? 'high' : 'medium', packVersion: '2026.11.23', hits: hits(n) } }),
    );
    const message = verdictsMessage(approaches);
    expect(JSON.stringify(message).length).toBeGreaterThan(8 * MAX_TAB_STATE_CHARS);
    expect(await handleContentMessage(message, linkedInSender(7), EXTENSION_ID)).toEqual({ ok: true });

    const state = (await stateOf(7))!;
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(MAX_TAB_STATE_CHARS);
    expect(state.approaches.map((a) => [a.approachId, a.verdict.level, a.verdict.score])).toEqual(approaches.map((a) => [a.approachId, a.verdict.level, a.verdict.score]));
    // The highest score keeps its quotes; the lowest has given up its quotes, or its cues too.
    expect(state.approaches[11]!.verdict.hits).toEqual(approaches[11]!.verdict.hits);
    expect(state.approaches[0]!.verdict.hits.flatMap((hit) => hit.evidence)).toEqual([]);
    expect(await badgeOf(7)).toBe('H');

    // Past even that, the lowest scores are left out: 200 senders with every field at its cap.
    const crowded = Array.from({ length: 200 }, (_, n) =>
      summary({
        approachId: `linkedin:thread:crowd-${n}`,
        sender: { name: 'N'.repeat(500), profileUrl: `https://www.linkedin.com/in/crowd-${n}/`, headline: 'H'.repeat(2000), company: 'C'.repeat(500) },
        verdict: { score: n % 100, level: 'none', packVersion: '2026.11.23', hits: [] },
      }),
    );
    const fitted = fitTabState({ pageUrl: PAGE, updatedAt: 1, approaches: crowded });
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(MAX_TAB_STATE_CHARS);
    expect(fitted.approaches.length).toBeGreaterThan(50);
    expect(Math.min(...fitted.approaches.map((a) => a.verdict.score))).toBeGreaterThan(Math.min(...crowded.map((a) => a.verdict.score)));

    // An ordinary page's state is kept as it came.
    expect(fitTabState({ pageUrl: PAGE, updatedAt: 1, approaches: [summary(), benign()] })).toEqual({ pageUrl: PAGE, updatedAt: 1, approaches: [summary(), benign()] });
  });

  it('writes neither list when two pages show the same sender under two names, the name alone being no change', async () => {
    await handleContentMessage(verdictsMessage([summary()]), linkedInSender(7), EXTENSION_ID);
    const set = vi.spyOn(trustedArea(), 'set');
    const shortened = summary({ sender: { ...summary().sender, name: 'Lena O.' } });
    for (const tabId of [8, 7, 8, 7]) await handleContentMessage(verdictsMessage([tabId === 8 ? shortened : summary()]), linkedInSender(tabId), EXTENSION_ID);
    expect(set).not.toHaveBeenCalled();
  });

  it('keeps nothing on disk of what a private window reads: the popup and the badge have it for the session', async () => {
    const sender = linkedInSender(7);
    const privateTab = { ...sender, tab: { ...sender.tab, incognito: true } };
    expect(await handleContentMessage(verdictsMessage([summary(), benign()]), privateTab, EXTENSION_ID)).toEqual({ ok: true });
    expect(await stateOf(7)).toBeDefined();
    expect(await badgeOf(7)).toBe('H');
    expect(await readSeenSenders()).toEqual([]);
    expect((await readHistory()).entries).toEqual([]);
  });

  it('leaves no state behind for a report handled after its tab closed', async () => {
    vi.spyOn(fakeBrowser.tabs, 'get').mockRejectedValue(new Error('No tab with id: 7.'));
    await handleContentMessage(verdictsMessage([summary()]), linkedInSender(7), EXTENSION_ID);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it(`records at most ${NEW_SENDERS_PER_TAB_HOUR} new senders from one tab in an hour, and still updates those it knows`, async () => {
    let now = Date.UTC(2026, 10, 23, 9);
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const madeUp = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        benign({ approachId: `linkedin:thread:made-${from + i}`, sender: { name: `Made Up ${from + i}`, profileUrl: `https://www.linkedin.com/in/made-up-${from + i}/` } }),
      );
    const recorded = async (id: string) => (await readSeenSenders()).find((entry) => entry.profileId === id);
    await handleContentMessage(verdictsMessage([benign()]), linkedInSender(7), EXTENSION_ID);
    // Made-up senders, as many as a message may carry, message after message.
    for (let batch = 0; batch < 3; batch++) {
      expect(await handleContentMessage(verdictsMessage(madeUp(batch * 200, 200)), linkedInSender(7), EXTENSION_ID)).toEqual({ ok: true });
    }
    // The one real sender first, then made-up ones until the hour's allowance is spent.
    expect(await readSeenSenders()).toHaveLength(NEW_SENDERS_PER_TAB_HOUR);
    // One it knows still updates, into the flagged history too.
    now += 60_000;
    await handleContentMessage(verdictsMessage([summary({ sender: benign().sender })]), linkedInSender(7), EXTENSION_ID);
    expect((await recorded('fixture-member-57'))?.highestLevel).toBe('high');
    expect((await readHistory()).entries.map((entry) => entry.profileId)).toEqual(['fixture-member-57']);
    // Another tab has an allowance of its own; this one, a new one an hour after its first.
    await handleContentMessage(verdictsMessage([summary()]), linkedInSender(8), EXTENSION_ID);
    expect(await recorded('fixture-member-56')).toBeDefined();
    await handleContentMessage(verdictsMessage(madeUp(600, 1)), linkedInSender(7), EXTENSION_ID);
    expect(await recorded('made-up-600')).toBeUndefined();
    // A flagged sender new to the lists still has room of its own.
    await handleContentMessage(verdictsMessage([summary({ approachId: 'linkedin:thread:real', sender: { name: 'Real Sender', profileUrl: 'https://www.linkedin.com/in/real-sender/' } })]), linkedInSender(7), EXTENSION_ID);
    expect((await recorded('real-sender'))?.highestLevel).toBe('high');
    expect((await readHistory()).entries.map((entry) => entry.profileId)).toContain('real-sender');
    now += 60 * 60_000;
    await handleContentMessage(verdictsMessage(madeUp(601, 1)), linkedInSender(7), EXTENSION_ID);
    expect(await recorded('made-up-601')).toBeDefined();
  });

  it('leaves messages of other types to other listeners', () => {
    expect(handleContentMessage({ type: 'popup→background:report' }, linkedInSender(), EXTENSION_ID)).toBeUndefined();
    expect(handleContentMessage('hello', linkedInSender(), EXTENSION_ID)).toBeUndefined();
    expect(handleContentMessage(null, linkedInSender(), EXTENSION_ID)).toBeUndefined();
  });
});

describe('content→background:not-suspicious', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  const notSuspicious = (profileUrl: string, tabId = 7) => handleContentMessage({ type: 'content→background:not-suspicious', profileUrl }, linkedInSender(tabId), EXTENSION_ID);

  it('adds the sender to the Not-suspicious list and to the content settings', async () => {
    // The tab reported a warning about them first.
    await handleContentMessage(verdictsMessage([summary(), benign()]), linkedInSender(), EXTENSION_ID);
    const reply = await handleContentMessage(
      { type: 'content→background:not-suspicious', profileUrl: 'https://www.linkedin.com/in/Fixture-Member-56/', name: 'Lena Okafor' },
      linkedInSender(),
      EXTENSION_ID,
    );
    expect(reply).toEqual({ ok: true });
    const { entries } = await readNotSuspicious();
    expect(entries).toEqual([expect.objectContaining({ profileUrl: 'https://www.linkedin.com/in/fixture-member-56/', name: 'Lena Okafor' })]);
    const stored = await fakeBrowser.storage.local.get(CONTENT_SETTINGS_KEY);
    expect(stored[CONTENT_SETTINGS_KEY]).toEqual({
      threshold: 'medium',
      discreetMode: false,
      notSuspicious: ['https://www.linkedin.com/in/fixture-member-56/'],
    });
  });

  it('refuses a sender the tab did not report a warning about, and keeps the user\u2019s list as it was', async () => {
    await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/kept-by-the-user/' });
    await handleContentMessage(verdictsMessage([summary(), benign()]), linkedInSender(7), EXTENSION_ID);
    // Seen here without a warning; warned about in another tab; never seen at all.
    expect(await notSuspicious('https://www.linkedin.com/in/fixture-member-57/')).toMatchObject({ ok: false });
    expect(await notSuspicious('https://www.linkedin.com/in/fixture-member-56/', 8)).toMatchObject({ ok: false });
    for (let i = 0; i < 20; i++) expect(await notSuspicious(`https://www.linkedin.com/in/persona-${i}/`)).toMatchObject({ ok: false });
    expect((await readNotSuspicious()).entries.map((e) => e.profileUrl)).toEqual(['https://www.linkedin.com/in/kept-by-the-user/']);
    expect(await notSuspicious('https://www.linkedin.com/in/fixture-member-56/')).toEqual({ ok: true });
  });

  it('refuses a sender the tab reported below the warning threshold, which it never warned about', async () => {
    const low = summary({ verdict: { ...summary().verdict, level: 'low', score: 25 } });
    await handleContentMessage(verdictsMessage([low]), linkedInSender(7), EXTENSION_ID);
    expect(await notSuspicious('https://www.linkedin.com/in/fixture-member-56/')).toMatchObject({ ok: false });
    expect((await readNotSuspicious()).entries).toEqual([]);
    // At threshold low, that is a warning.
    await updateSettings({ threshold: 'low' });
    expect(await notSuspicious('https://www.linkedin.com/in/fixture-member-56/')).toEqual({ ok: true });
  });

  it(`takes at most ${MAX_MARKS_PER_TAB} marks from one tab, and says why it refuses more`, async () => {
    const url = (i: number) => `https://www.linkedin.com/in/warned-${i}/`;
    const warned = Array.from({ length: MAX_MARKS_PER_TAB + 1 }, (_, i) => summary({ approachId: `linkedin:thread:w${i}`, sender: { name: `Warned ${i}`, profileUrl: url(i) } }));
    await handleContentMessage(verdictsMessage(warned), linkedInSender(7), EXTENSION_ID);
    for (let i = 0; i < MAX_MARKS_PER_TAB; i++) expect(await notSuspicious(url(i))).toEqual({ ok: true });
    // Marking one already marked again adds nothing and costs nothing.
    expect(await notSuspicious(url(0))).toEqual({ ok: true });
    expect(await notSuspicious(url(MAX_MARKS_PER_TAB))).toEqual({ ok: false, error: expect.any(String), reason: 'tab-limit' });
    expect((await readNotSuspicious()).entries).toHaveLength(MAX_MARKS_PER_TAB);
    // Another tab that warned about the same sender has marks of its own.
    await handleContentMessage(verdictsMessage(warned), linkedInSender(8), EXTENSION_ID);
    expect(await notSuspicious(url(MAX_MARKS_PER_TAB), 8)).toEqual({ ok: true });
  });

  it('refuses a mark that would push one of the user\u2019s out of a full list, and says so', async () => {
    const full = Array.from({ length: NOT_SUSPICIOUS_MAX_ENTRIES }, (_, i) => ({ profileUrl: `https://www.linkedin.com/in/kept-${i}/`, addedAt: '2026-11-01T00:00:00.000Z' }));
    await trustedArea().set({ [NOT_SUSPICIOUS_STORAGE_KEY]: full });
    await handleContentMessage(verdictsMessage([summary()]), linkedInSender(7), EXTENSION_ID);
    expect(await notSuspicious('https://www.linkedin.com/in/fixture-member-56/')).toEqual({ ok: false, error: expect.stringContaining('full'), reason: 'list-full' });
    expect((await readNotSuspicious()).entries).toEqual(full);
  });

  it('says it stored the sender once it did, though the content scripts\u2019 copy could not be written yet', async () => {
    await handleContentMessage(verdictsMessage([summary()]), linkedInSender(), EXTENSION_ID);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await notSuspicious('https://www.linkedin.com/in/fixture-member-56/')).toEqual({ ok: true });
    expect(set).toHaveBeenCalled();
    expect((await readNotSuspicious()).entries.map((e) => e.profileUrl)).toEqual(['https://www.linkedin.com/in/fixture-member-56/']);
    set.mockRestore();
    warn.mockRestore();
  });

  it('refuses URLs that are not LinkedIn member profiles', async () => {
    for (const profileUrl of ['https://example.com/in/x/', 'https://www.linkedin.com/company/x/', 'javascript:alert(1)']) {
      const reply = await handleContentMessage({ type: 'content→background:not-suspicious', profileUrl }, linkedInSender(), EXTENSION_ID);
      expect(reply).toMatchObject({ ok: false });
    }
    expect((await readNotSuspicious()).entries).toEqual([]);
  });

  it('ignores the request from another extension', () => {
    const message = { type: 'content→background:not-suspicious', profileUrl: 'https://www.linkedin.com/in/x/' };
    expect(handleContentMessage(message, { ...linkedInSender(), id: 'other' }, EXTENSION_ID)).toBeUndefined();
  });
});
