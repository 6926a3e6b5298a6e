import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Level } from '../../../src/engine/types';
import { HISTORY_MAX_ENTRIES, HISTORY_STORAGE_KEY, clearHistory, readHistory, recordFlaggedSender, readSeenSenders } from '../../../src/settings/history';
import type { HistoryEntry } from '../../../src/settings/schema';
import { recordSeenSenders, SEEN_SENDERS_MAX } from '../../../src/background/seen-senders';
import { SEEN_SENDERS_LIMIT } from '../../../src/ui/strings';
import { FIXED_NOW, approach, verdict } from '../report/fixtures';
import { trustedArea } from '../../../src/settings/trusted-area';

const at = (ms: number) => () => ms;
const withLevel = (level: Level) => ({ ...verdict(), level });
const DAY = 24 * 60 * 60_000;

describe('history of flagged senders', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('records a flagged sender with profile id, canonical URL, name and times', async () => {
    const entry = await recordFlaggedSender(approach(), withLevel('medium'), { now: at(FIXED_NOW) });
    expect(entry).toEqual({
      profileId: 'amy-chen-4471',
      profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/',
      name: 'Amy Chen',
      firstSeen: '2026-11-23T12:00:00.000Z',
      lastSeen: '2026-11-23T12:00:00.000Z',
      highestLevel: 'medium',
    });
    expect((await readHistory()).entries).toEqual([entry]);
  });

  it('keeps a sender whose profile id, percent-encoded, is longer than 300 characters, in both lists', async () => {
    const id = `${encodeURIComponent('\u5f20\u4f1f'.repeat(17))}-1a2b3c`;
    expect(id.length).toBeGreaterThan(300);
    const long = approach();
    long.sender.profileUrl = `https://www.linkedin.com/in/${id}/`;
    await recordFlaggedSender(long, withLevel('high'), { now: at(FIXED_NOW) });
    await recordSeenSenders([{ profileUrl: long.sender.profileUrl, level: 'high' }], { now: () => FIXED_NOW });
    const history = await readHistory();
    expect(history.issues).toEqual([]);
    expect(history.entries.map((e) => e.profileId)).toEqual([id.toLowerCase()]);
    expect((await readSeenSenders()).map((e) => e.profileId)).toEqual([id.toLowerCase()]);
  });

  it('never keeps half a character at the end of a long name', async () => {
    const named = approach();
    named.sender.name = `${'a'.repeat(199)}\u{1F600}`;
    const entry = await recordFlaggedSender(named, withLevel('high'), { now: at(FIXED_NOW) });
    expect(entry?.name).toBe('a'.repeat(199));
    await recordSeenSenders([{ profileUrl: named.sender.profileUrl!, name: named.sender.name, level: 'high' }], { now: () => FIXED_NOW });
    expect((await readSeenSenders())[0]?.name).toBe('a'.repeat(199));
  });

  it.each(['none', 'low'] as const)('does not record a %s verdict', async (level) => {
    expect(await recordFlaggedSender(approach(), withLevel(level))).toBeUndefined();
    expect((await readHistory()).entries).toEqual([]);
  });

  it('does not record a sender without a profile URL', async () => {
    const anonymous = approach();
    delete anonymous.sender.profileUrl;
    expect(await recordFlaggedSender(anonymous, withLevel('high'))).toBeUndefined();
  });

  it('keeps the first sighting, moves the last one, and never lowers the highest level', async () => {
    await recordFlaggedSender(approach(), withLevel('medium'), { now: at(FIXED_NOW) });
    await recordFlaggedSender(approach(), withLevel('high'), { now: at(FIXED_NOW + DAY) });
    const later = approach();
    later.sender.profileUrl = 'https://uk.linkedin.com/in/Amy-Chen-4471?trk=x';
    later.sender.name = 'Amy C.';
    const entry = await recordFlaggedSender(later, withLevel('medium'), { now: at(FIXED_NOW + 2 * DAY) });
    expect(entry).toMatchObject({
      firstSeen: new Date(FIXED_NOW).toISOString(),
      lastSeen: new Date(FIXED_NOW + 2 * DAY).toISOString(),
      highestLevel: 'high',
      name: 'Amy C.',
    });
    expect((await readHistory()).entries).toHaveLength(1);
  });

  it('writes nothing for a name read differently alone, and takes the newer name when it writes for another reason', async () => {
    await recordFlaggedSender(approach(), withLevel('medium'), { now: at(FIXED_NOW) });
    const shortened = approach();
    shortened.sender.name = 'Amy C.';
    const set = vi.spyOn(trustedArea(), 'set');
    expect(await recordFlaggedSender(shortened, withLevel('medium'), { now: at(FIXED_NOW) })).toMatchObject({ name: 'Amy Chen' });
    expect(set).not.toHaveBeenCalled();
    expect(await recordFlaggedSender(shortened, withLevel('high'), { now: at(FIXED_NOW) })).toMatchObject({ name: 'Amy C.', highestLevel: 'high' });
    expect(set).toHaveBeenCalledTimes(1);
  });

  it('keeps the first sighting it is given, earlier than the last', async () => {
    const entry = await recordFlaggedSender(approach(), withLevel('high'), { now: at(FIXED_NOW), firstSeen: FIXED_NOW - 3 * DAY });
    expect(entry).toMatchObject({ firstSeen: new Date(FIXED_NOW - 3 * DAY).toISOString(), lastSeen: new Date(FIXED_NOW).toISOString() });
  });

  it('loses no update when many tabs record at once', async () => {
    const records = Array.from({ length: 12 }, (_, i) => {
      const a = approach();
      a.sender.profileUrl = `https://www.linkedin.com/in/sender-${i}/`;
      return recordFlaggedSender(a, withLevel('high'), { now: at(FIXED_NOW + i) });
    });
    await Promise.all(records);
    expect((await readHistory()).entries).toHaveLength(12);
  });

  it('drops the least recently seen sender once the history is full', async () => {
    const full: HistoryEntry[] = Array.from({ length: HISTORY_MAX_ENTRIES }, (_, i) => ({
      profileId: `p${i}`,
      profileUrl: `https://www.linkedin.com/in/p${i}/`,
      firstSeen: new Date(FIXED_NOW - DAY + i * 1000).toISOString(),
      lastSeen: new Date(FIXED_NOW - DAY + i * 1000).toISOString(),
      highestLevel: 'medium',
    }));
    await trustedArea().set({ [HISTORY_STORAGE_KEY]: full });
    await recordFlaggedSender(approach(), withLevel('high'), { now: at(FIXED_NOW) });
    const { entries } = await readHistory();
    expect(entries).toHaveLength(HISTORY_MAX_ENTRIES);
    expect(entries.some((entry) => entry.profileId === 'p0')).toBe(false);
    expect(entries.some((entry) => entry.profileId === 'amy-chen-4471')).toBe(true);
  });

  it('reports unreadable stored entries and keeps the readable ones', async () => {
    const good: HistoryEntry = {
      profileId: 'bob',
      profileUrl: 'https://www.linkedin.com/in/bob/',
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-02T00:00:00.000Z',
      highestLevel: 'high',
    };
    await trustedArea().set({ [HISTORY_STORAGE_KEY]: [{ profileId: '' }, good] });
    const read = await readHistory();
    expect(read.entries).toEqual([good]);
    expect(read.issues).toEqual([expect.objectContaining({ area: 'history', key: `${HISTORY_STORAGE_KEY}[0]` })]);
  });

  it('survives a stored history that is not a list', async () => {
    await trustedArea().set({ [HISTORY_STORAGE_KEY]: { oops: true } });
    const read = await readHistory();
    expect(read.entries).toEqual([]);
    expect(read.issues).toHaveLength(1);
  });

  it('clears everything, the list of every sender read included', async () => {
    await recordFlaggedSender(approach(), withLevel('high'));
    await recordSeenSenders([{ profileUrl: 'https://www.linkedin.com/in/dana/', level: 'none' }]);
    expect(await readSeenSenders()).toHaveLength(1);
    await clearHistory();
    expect((await readHistory()).entries).toEqual([]);
    expect(await readSeenSenders()).toEqual([]);
  });

  it('tells people the same limit on senders read as the store keeps', () => {
    expect(SEEN_SENDERS_LIMIT).toBe(SEEN_SENDERS_MAX.toLocaleString('en-GB'));
  });
});
