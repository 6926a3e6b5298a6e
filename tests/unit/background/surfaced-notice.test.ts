// The notice of people who wrote before and whom a newer pack flags: what it keeps, what it counts.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  MAX_NOTICE_SENDERS,
  SURFACED_NOTICE_KEY,
  addToSurfacedNotice,
  clearSurfacedNotice,
  readSurfacedNotice,
  surfacedCount,
  unseenSurfaced,
} from '../../../src/background/surfaced-notice';
import { trustedArea } from '../../../src/settings/trusted-area';

const profile = (slug: string) => `https://www.linkedin.com/in/${slug}/`;
/** No one marked "Not suspicious", every flagged level shown. */
const ANY = { notSuspicious: [] as string[], threshold: 'low' as const };

describe('the notice of surfaced senders', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('adds people, keeps each once at the higher level, with the later date and a name it had', async () => {
    await addToSurfacedNotice([{ profileUrl: profile('a'), name: 'Ann', level: 'high', surface: 'inmail' }, { profileUrl: profile('b'), level: 'medium' }], 'Team pack 1', 1000);
    const notice = await addToSurfacedNotice(
      [
        { profileUrl: profile('a'), level: 'medium' },
        { profileUrl: profile('c'), name: 'Cy', level: 'medium', surface: 'invitation' },
      ],
      'Team pack 2',
      2000,
    );
    expect(notice).toEqual({
      senders: [
        { profileUrl: profile('a'), name: 'Ann', level: 'high', at: 2000, surface: 'inmail' },
        { profileUrl: profile('c'), name: 'Cy', level: 'medium', at: 2000, surface: 'invitation' },
        { profileUrl: profile('b'), level: 'medium', at: 1000 },
      ],
      pack: 'Team pack 2',
    });
    expect(await readSurfacedNotice()).toEqual(notice);
  });

  it('names the first fifty, highest level first, and counts the rest, by the check that left them out', async () => {
    const many = Array.from({ length: MAX_NOTICE_SENDERS + 5 }, (_, i) => ({ profileUrl: profile(`p${i}`), level: i === 54 ? ('high' as const) : ('medium' as const) }));
    const notice = (await addToSurfacedNotice(many, 'Big pack 1', 1000))!;
    expect(notice.senders).toHaveLength(MAX_NOTICE_SENDERS);
    expect(notice.senders[0]!.profileUrl).toBe(profile('p54'));
    expect(unseenSurfaced(notice, ANY).count).toBe(55);
    // Two more later: both named (newer comes first among equals), two older ones left out.
    const more = (await addToSurfacedNotice([{ profileUrl: profile('q1'), level: 'medium' }, { profileUrl: profile('q2'), level: 'medium' }], 'Big pack 2', 2000))!;
    expect(more.senders.slice(0, 3).map((s) => s.profileUrl)).toEqual([profile('p54'), profile('q1'), profile('q2')]);
    expect(more.senders).toHaveLength(MAX_NOTICE_SENDERS);
    expect(more.more).toEqual([{ at: 1000, count: 5, high: 0 }, { at: 2000, count: 2, high: 0 }]);
    expect(unseenSurfaced(more, ANY).count).toBe(57);
    // At "high only" the popup counts only those left out at high.
    expect(unseenSurfaced(more, { notSuspicious: [], threshold: 'high' }).count).toBe(1);
    // The user saw the notice of 1000: what the check of 2000 added, named or not, stays.
    await clearSurfacedNotice({ upTo: 1000, profiles: notice.senders.map((s) => s.profileUrl) });
    const left = (await readSurfacedNotice())!;
    expect(left.senders.map((s) => s.profileUrl)).toEqual([profile('q1'), profile('q2')]);
    expect(unseenSurfaced(left, ANY).count).toBe(4);
  });

  it('takes only LinkedIn member profiles, and keeps no notice where the browser gives the extension no database', async () => {
    for (const url of ['https://evil.example/in/someone/', 'https://www.linkedin.com/company/acme/', 'http://www.linkedin.com/in/someone/']) {
      await trustedArea().set({ [SURFACED_NOTICE_KEY]: { senders: [{ profileUrl: url, level: 'high', at: 1 }], pack: 'x' } });
      expect(await readSurfacedNotice(), url).toBeUndefined();
    }
    const saved = globalThis.indexedDB;
    // @ts-expect-error: a browser without IndexedDB
    globalThis.indexedDB = undefined;
    try {
      // There, the trusted keys are in storage.local, which a page's content script can write.
      await fakeBrowser.storage.local.set({ [SURFACED_NOTICE_KEY]: { senders: [{ profileUrl: profile('planted'), level: 'high', at: 1 }], pack: 'Planted' } });
      expect(await readSurfacedNotice()).toBeUndefined();
      expect(await surfacedCount(ANY)).toBe(0);
      expect(await addToSurfacedNotice([{ profileUrl: profile('a'), level: 'high' }], 'Team pack 1', 1000)).toBeUndefined();
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('counts without naming someone whose address the popup may not open, and keeps everyone else', async () => {
    // A percent-encoded non-Latin id past 200 characters: a real profile, but not one the notice names.
    const long = profile(encodeURIComponent('\u0639'.repeat(34)));
    await addToSurfacedNotice([{ profileUrl: profile('alice'), name: 'Alice', level: 'medium' }], 'Team pack 1', 1000);
    await addToSurfacedNotice(
      [
        { profileUrl: profile('alice'), level: 'medium' },
        { profileUrl: long, name: 'X', level: 'high' },
      ],
      'Team pack 2',
      2000,
    );
    const notice = await readSurfacedNotice();
    expect(notice?.senders.map((s) => s.profileUrl)).toEqual([profile('alice')]);
    expect(notice?.more).toEqual([{ at: 2000, count: 1, high: 1 }]);
    expect(unseenSurfaced(notice, ANY).count).toBe(2);
    await addToSurfacedNotice([{ profileUrl: profile('bob'), level: 'medium' }], 'Team pack 3', 3000);
    expect((await readSurfacedNotice())?.senders.map((s) => s.profileUrl)).toEqual([profile('bob'), profile('alice')]);
  });

  it('reads a notice whose place a newer build wrote, without the place', async () => {
    await trustedArea().set({ [SURFACED_NOTICE_KEY]: { senders: [{ profileUrl: profile('a'), level: 'high', at: 1, surface: 'hologram' }], pack: 'Team pack 1' } });
    expect(await readSurfacedNotice()).toEqual({ senders: [{ profileUrl: profile('a'), level: 'high', at: 1 }], pack: 'Team pack 1' });
  });

  it('goes when cleared; a stored value that does not read as a notice is none', async () => {
    await addToSurfacedNotice([{ profileUrl: profile('a'), level: 'high' }], 'Team pack 1', 1000);
    await clearSurfacedNotice();
    expect(await readSurfacedNotice()).toBeUndefined();
    await trustedArea().set({ [SURFACED_NOTICE_KEY]: { senders: [{ profileUrl: 'javascript:alert(1)', level: 'high', at: 1 }], pack: 'x' } });
    expect(await readSurfacedNotice()).toBeUndefined();
    expect(await surfacedCount(ANY)).toBe(0);
  });

  it('leaves out, and does not count, people marked "Not suspicious" since', async () => {
    const notice = (await addToSurfacedNotice([{ profileUrl: profile('a'), level: 'high' }, { profileUrl: profile('b'), level: 'medium' }], 'Team pack 1', 1000))!;
    expect(unseenSurfaced(notice, { ...ANY, notSuspicious: [profile('a')] })).toEqual({ senders: [{ profileUrl: profile('b'), level: 'medium', at: 1000 }], count: 1 });
    expect(await surfacedCount({ ...ANY, notSuspicious: [profile('a'), profile('b')] })).toBe(0);
    expect(await surfacedCount(ANY)).toBe(2);
  });

  it('names and counts only people at or above the warning threshold, and still counts those it could not name', async () => {
    const notice = await addToSurfacedNotice([{ profileUrl: profile('a'), level: 'high' }, { profileUrl: profile('b'), level: 'medium' }], 'Team pack 1', 1000);
    expect(unseenSurfaced(notice, { notSuspicious: [], threshold: 'medium' }).count).toBe(2);
    expect(unseenSurfaced(notice, { notSuspicious: [], threshold: 'high' })).toEqual({ senders: [{ profileUrl: profile('a'), level: 'high', at: 1000 }], count: 1 });
    expect(await surfacedCount({ notSuspicious: [profile('a')], threshold: 'high' })).toBe(0);
    // A notice from before the level of those left out was kept counts them all.
    expect(unseenSurfaced({ ...notice!, more: [{ at: 1000, count: 3 }] }, { notSuspicious: [], threshold: 'high' }).count).toBe(4);
    expect(unseenSurfaced({ ...notice!, more: [{ at: 1000, count: 3, high: 1 }] }, { notSuspicious: [], threshold: 'high' }).count).toBe(2);
  });

  it('takes out what the user saw, and keeps people a pack added while they looked', async () => {
    await addToSurfacedNotice([{ profileUrl: profile('a'), level: 'high' }], 'Team pack 1', 1000);
    // The popup showed the notice of 1000; a new pack adds someone as the user says they saw it.
    const adding = addToSurfacedNotice([{ profileUrl: profile('b'), level: 'medium' }], 'Team pack 2', 2000);
    const seeing = clearSurfacedNotice({ upTo: 1000, profiles: [profile('a')] });
    await Promise.all([adding, seeing]);
    expect(await readSurfacedNotice()).toEqual({ senders: [{ profileUrl: profile('b'), level: 'medium', at: 2000 }], pack: 'Team pack 2' });
    expect(await surfacedCount(ANY)).toBe(1);
    await clearSurfacedNotice({ upTo: 2000, profiles: [profile('b')] });
    expect(await readSurfacedNotice()).toBeUndefined();
  });

  it('keeps those counted without a name that "high only" did not count, and takes a notice of counts alone when they are seen', async () => {
    const many = Array.from({ length: MAX_NOTICE_SENDERS + 3 }, (_, i) => ({ profileUrl: profile(`h${i}`), level: i < MAX_NOTICE_SENDERS + 1 ? ('high' as const) : ('medium' as const) }));
    const notice = (await addToSurfacedNotice(many, 'Big pack', 1000))!;
    expect(notice.more).toEqual([{ at: 1000, count: 3, high: 1 }]);
    const shown = unseenSurfaced(notice, { notSuspicious: [], threshold: 'high' });
    expect(shown.count).toBe(MAX_NOTICE_SENDERS + 1);
    await clearSurfacedNotice({ upTo: 1000, profiles: shown.senders.map((s) => s.profileUrl), highOnly: true });
    const left = (await readSurfacedNotice())!;
    expect(left).toEqual({ senders: [], more: [{ at: 1000, count: 2, high: 0 }], pack: 'Big pack' });
    expect(unseenSurfaced(left, { notSuspicious: [], threshold: 'high' }).count).toBe(0);
    expect(unseenSurfaced(left, ANY).count).toBe(2);
    // Seen at a lower threshold, they go too.
    await clearSurfacedNotice({ upTo: 1000, profiles: [] });
    expect(await readSurfacedNotice()).toBeUndefined();
  });

  it('keeps people the popup did not show (below the threshold) when the user says they saw the notice', async () => {
    await addToSurfacedNotice([{ profileUrl: profile('a'), level: 'high' }], 'Team pack 1', 1000);
    await addToSurfacedNotice([{ profileUrl: profile('b'), level: 'medium' }], 'Team pack 2', 2000);
    const notice = await readSurfacedNotice();
    const shown = unseenSurfaced(notice, { notSuspicious: [], threshold: 'high' }).senders;
    expect(shown.map((s) => s.profileUrl)).toEqual([profile('a')]);
    await clearSurfacedNotice({ upTo: Math.max(...shown.map((s) => s.at)), profiles: shown.map((s) => s.profileUrl) });
    expect((await readSurfacedNotice())?.senders.map((s) => s.profileUrl)).toEqual([profile('b')]);
    expect(unseenSurfaced(await readSurfacedNotice(), ANY).count).toBe(1);
  });
});
