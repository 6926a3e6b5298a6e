import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  SEEN_REFRESH_MS,
  SEEN_SENDERS_KEY,
  SEEN_SENDERS_MAX,
  recordSeenSenders,
} from '../../../src/background/seen-senders';
import { readSeenSenders } from '../../../src/settings/history';
import { trustedArea } from '../../../src/settings/trusted-area';

const T0 = Date.UTC(2026, 10, 23, 9);
const at = (ms: number) => ({ now: () => ms });
/** A full list of senders read, `prefix0` first seen at T0 and each next one a millisecond later, at `level` (or by index). */
const fullList = (prefix: string, level: (i: number) => string) =>
  Array.from({ length: SEEN_SENDERS_MAX }, (_, i) => ({
    profileId: `${prefix}${i}`,
    profileUrl: `https://www.linkedin.com/in/${prefix}${i}/`,
    firstSeen: new Date(T0 + i).toISOString(),
    lastSeen: new Date(T0 + i).toISOString(),
    highestLevel: level(i),
  }));

describe('senders seen', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('records a sender with profile id, name, first and last seen and highest level', async () => {
    const changed = await recordSeenSenders([{ profileUrl: 'https://www.linkedin.com/in/Dana-W/', name: 'Dana W', level: 'low' }], at(T0));
    expect(changed).toEqual(['https://www.linkedin.com/in/dana-w/']);
    expect(await readSeenSenders()).toEqual([
      {
        profileId: 'dana-w',
        profileUrl: 'https://www.linkedin.com/in/dana-w/',
        name: 'Dana W',
        firstSeen: new Date(T0).toISOString(),
        lastSeen: new Date(T0).toISOString(),
        highestLevel: 'low',
      },
    ]);
  });

  it('keeps the highest level and refreshes last seen only after a while', async () => {
    const url = 'https://www.linkedin.com/in/dana-w/';
    await recordSeenSenders([{ profileUrl: url, level: 'medium' }], at(T0));
    expect(await recordSeenSenders([{ profileUrl: url, level: 'none' }], at(T0 + 60_000))).toEqual([]);
    expect(await recordSeenSenders([{ profileUrl: url, level: 'high' }], at(T0 + 120_000))).toEqual([url]);
    expect(await recordSeenSenders([{ profileUrl: url, level: 'low' }], at(T0 + 120_000 + SEEN_REFRESH_MS))).toEqual([url]);
    const [entry] = await readSeenSenders();
    expect(entry).toMatchObject({
      highestLevel: 'high',
      firstSeen: new Date(T0).toISOString(),
      lastSeen: new Date(T0 + 120_000 + SEEN_REFRESH_MS).toISOString(),
    });
  });

  it('keeps each place a sender was read once, in the order first seen, and counts a new one as a change', async () => {
    const url = 'https://www.linkedin.com/in/dana-w/';
    // An entry from before places were kept reads as it is, and gains its first place.
    await trustedArea().set({ [SEEN_SENDERS_KEY]: [{ profileId: 'dana-w', profileUrl: url, firstSeen: new Date(T0).toISOString(), lastSeen: new Date(T0).toISOString(), highestLevel: 'none' }] });
    expect((await readSeenSenders())[0]?.surfaces).toBeUndefined();
    expect(await recordSeenSenders([{ profileUrl: url, level: 'none', surface: 'profile' }], at(T0 + 1000))).toEqual([url]);
    expect(await recordSeenSenders([{ profileUrl: url, level: 'none', surface: 'inmail' }], at(T0 + 2000))).toEqual([url]);
    expect(await recordSeenSenders([{ profileUrl: url, level: 'none', surface: 'profile' }, { profileUrl: url, level: 'none', surface: 'inmail' }], at(T0 + 3000))).toEqual([]);
    expect((await readSeenSenders())[0]).toMatchObject({ surfaces: ['profile', 'inmail'], lastSeen: new Date(T0 + 2000).toISOString() });
    await recordSeenSenders([{ profileUrl: 'https://www.linkedin.com/in/eve/', level: 'low', surface: 'invitation' }], at(T0));
    expect((await readSeenSenders()).find((e) => e.profileId === 'eve')?.surfaces).toEqual(['invitation']);
    // A place a newer build wrote that this one does not know is passed over, not the entry lost.
    const stored = (await trustedArea().get(SEEN_SENDERS_KEY))[SEEN_SENDERS_KEY] as Array<Record<string, unknown>>;
    await trustedArea().set({ [SEEN_SENDERS_KEY]: stored.map((e) => ({ ...e, surfaces: ['hologram', ...(e.surfaces as string[])] })) });
    expect((await readSeenSenders()).map((e) => e.surfaces)).toEqual([['profile', 'inmail'], ['invitation']]);
  });

  it('ignores senders without a LinkedIn member profile', async () => {
    expect(await recordSeenSenders([{ profileUrl: 'https://example.com/x', level: 'high' }], at(T0))).toEqual([]);
    expect(await trustedArea().get(SEEN_SENDERS_KEY)).toEqual({});
  });

  it('counts a name read differently alone as no change, and takes the newer name when the entry is written anyway', async () => {
    const url = 'https://www.linkedin.com/in/lena-okafor/';
    await recordSeenSenders([{ profileUrl: url, name: 'Lena Okafor', level: 'none' }], at(T0));
    expect(await recordSeenSenders([{ profileUrl: url, name: 'Lena O.', level: 'none' }], at(T0 + 60_000))).toEqual([]);
    expect((await readSeenSenders())[0]?.name).toBe('Lena Okafor');
    expect(await recordSeenSenders([{ profileUrl: url, name: 'Lena O.', level: 'medium' }], at(T0 + 120_000))).toEqual([url]);
    expect((await readSeenSenders())[0]?.name).toBe('Lena O.');
  });

  it('adds no more new senders than it is allowed, of either kind, and still updates those it holds', async () => {
    await recordSeenSenders([{ profileUrl: 'https://www.linkedin.com/in/known/', level: 'none' }], at(T0));
    let added: unknown;
    const changed = await recordSeenSenders(
      [
        { profileUrl: 'https://www.linkedin.com/in/new-1/', level: 'none' },
        { profileUrl: 'https://www.linkedin.com/in/known/', level: 'high' },
        { profileUrl: 'https://www.linkedin.com/in/new-2/', level: 'none' },
        { profileUrl: 'https://www.linkedin.com/in/flagged-1/', level: 'medium' },
        { profileUrl: 'https://www.linkedin.com/in/flagged-2/', level: 'high' },
      ],
      // The never-flagged room used up does not keep a flagged sender out, nor the other way round.
      { ...at(T0 + 1000), maxNew: { none: 1, flagged: 1 }, then: async (_urls, count) => void (added = count) },
    );
    expect(changed).toEqual(['https://www.linkedin.com/in/new-1/', 'https://www.linkedin.com/in/known/', 'https://www.linkedin.com/in/flagged-1/']);
    expect(added).toEqual({ none: 1, flagged: 1 });
    expect((await readSeenSenders()).map((e) => [e.profileId, e.highestLevel])).toEqual([['known', 'high'], ['new-1', 'none'], ['flagged-1', 'medium']]);
  });

  it('counts a new low-level sender in the room of those never flagged, not of those flagged', async () => {
    let added: unknown;
    await recordSeenSenders(
      [
        { profileUrl: 'https://www.linkedin.com/in/low-1/', level: 'low' },
        { profileUrl: 'https://www.linkedin.com/in/low-2/', level: 'low' },
        { profileUrl: 'https://www.linkedin.com/in/flagged-1/', level: 'high' },
      ],
      { ...at(T0), maxNew: { none: 1, flagged: 1 }, then: async (_urls, count) => void (added = count) },
    );
    expect(added).toEqual({ none: 1, flagged: 1 });
    expect((await readSeenSenders()).map((e) => [e.profileId, e.highestLevel])).toEqual([['low-1', 'low'], ['flagged-1', 'high']]);
  });

  it('drops senders never flagged before flagged ones beyond the cap, however long ago those were seen', async () => {
    // The oldest half were flagged; the rest, seen since, never were.
    const many = fullList('m', (i) => i < SEEN_SENDERS_MAX / 2 ? 'high' : 'none');
    await trustedArea().set({ [SEEN_SENDERS_KEY]: many });
    const newcomers = Array.from({ length: 3 }, (_, i) => ({ profileUrl: `https://www.linkedin.com/in/newcomer-${i}/`, level: 'none' as const }));
    await recordSeenSenders(newcomers, at(T0 + SEEN_SENDERS_MAX + 1));
    const entries = await readSeenSenders();
    expect(entries).toHaveLength(SEEN_SENDERS_MAX);
    expect(entries.filter((e) => e.highestLevel === 'high')).toHaveLength(SEEN_SENDERS_MAX / 2);
    const gone = many.filter((m) => !entries.some((e) => e.profileId === m.profileId)).map((m) => m.profileId);
    expect(gone).toEqual([`m${SEEN_SENDERS_MAX / 2}`, `m${SEEN_SENDERS_MAX / 2 + 1}`, `m${SEEN_SENDERS_MAX / 2 + 2}`]);
    expect(entries.filter((e) => e.profileId.startsWith('newcomer'))).toHaveLength(3);
  });

  it('counts senders read at low as never flagged beyond the cap: a stream of them pushes out no warning', async () => {
    const flaggedOnes = fullList('f', () => 'medium');
    await trustedArea().set({ [SEEN_SENDERS_KEY]: flaggedOnes });
    const lows = Array.from({ length: 3 }, (_, i) => ({ profileUrl: `https://www.linkedin.com/in/low-${i}/`, level: 'low' as const }));
    await recordSeenSenders(lows, at(T0 + SEEN_SENDERS_MAX + 1));
    const entries = await readSeenSenders();
    expect(entries).toHaveLength(SEEN_SENDERS_MAX);
    expect(entries.every((e) => e.highestLevel === 'medium')).toBe(true);
  });

  it('drops the least recently seen beyond the cap', async () => {
    const many = fullList('m', () => 'none');
    await trustedArea().set({ [SEEN_SENDERS_KEY]: many });
    await recordSeenSenders([{ profileUrl: 'https://www.linkedin.com/in/newcomer/', level: 'none' }], at(T0 + SEEN_SENDERS_MAX + 1));
    const entries = await readSeenSenders();
    expect(entries).toHaveLength(SEEN_SENDERS_MAX);
    expect(entries.some((e) => e.profileId === 'newcomer')).toBe(true);
    expect(entries.some((e) => e.profileId === 'm0')).toBe(false);
  });
});
