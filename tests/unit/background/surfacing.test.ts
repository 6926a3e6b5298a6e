// The check of the senders read before against a new pack, beside the user's "Clear history".
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import baseline from '../../../rules/baseline.pack.json';
import { clearSenderRecords } from '../../../src/background/seen-senders';
import { clearSurfacedNotice, readSurfacedNotice } from '../../../src/background/surfaced-notice';
import { SURFACED_FOR_KEY, surfaceForPack } from '../../../src/background/surfacing';
import { compile } from '../../../src/engine/compile';
import { loadPack } from '../../../src/pack/load';
import { readHistory, readSeenSenders } from '../../../src/settings/history';
import { trustedArea } from '../../../src/settings/trusted-area';

const PRIYA = 'https://www.linkedin.com/in/demo-member-102/';
const listing = () =>
  compile(
    loadPack({
      ...baseline,
      version: '2027.1.5',
      entities: [{ id: 'persona.release-listed', name: 'Release Listed', type: 'persona', profileUrls: [PRIYA], matchInText: false, flaggedBy: 'NPSA', source: 'public warning', confidence: 'official' }],
    }).pack,
  );

describe('checking the senders read before against a new pack', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await trustedArea().set({ seenSenders: [{ profileId: 'demo-member-102', profileUrl: PRIYA, name: 'Priya Natarajan', firstSeen: '2026-06-01T10:00:00.000Z', lastSeen: '2026-06-03T10:00:00.000Z', highestLevel: 'none' }] });
  });

  it('names them once a version, and records that version only once the check is done', async () => {
    const label = (previous: string | undefined) => `Release 2027.1.5 (after ${previous ?? 'none'})`;
    expect(await surfaceForPack('2027.1.5', listing, label, { now: 1000 })).toEqual([{ profileUrl: PRIYA, name: 'Priya Natarajan', level: 'high', verdict: expect.objectContaining({ level: 'high' }) }]);
    expect((await readSurfacedNotice())?.pack).toBe('Release 2027.1.5 (after none)');
    expect((await trustedArea().get(SURFACED_FOR_KEY))[SURFACED_FOR_KEY]).toBe('2027.1.5');
    await clearSurfacedNotice({ upTo: 1000, profiles: [PRIYA] });
    // The same version again: no scoring, no notice.
    expect(await surfaceForPack('2027.1.5', () => { throw new Error('not scored again'); }, label, { now: 2000 })).toEqual([]);
    expect(await readSurfacedNotice()).toBeUndefined();
  });

  it('records them in the flagged history from when they were first seen to when they were last seen', async () => {
    await surfaceForPack('2027.1.5', listing, () => 'Release 2027.1.5', { now: Date.parse('2027-01-05T09:00:00.000Z') });
    expect((await readHistory()).entries).toEqual([
      expect.objectContaining({ profileUrl: PRIYA, firstSeen: '2026-06-01T10:00:00.000Z', lastSeen: '2026-06-03T10:00:00.000Z', highestLevel: 'high' }),
    ]);
  });

  it('says where they wrote from, an InMail before the profile the user looked up, and scores them as read there', async () => {
    const [seen] = (await trustedArea().get('seenSenders')).seenSenders as Array<Record<string, unknown>>;
    await trustedArea().set({ seenSenders: [{ ...seen, surfaces: ['profile', 'inmail'] }] });
    let scoredAs: string | undefined;
    const scorer = () => {
      const real = listing();
      return { ...real, score: (approach: Parameters<typeof real.score>[0], options?: Parameters<typeof real.score>[1]) => ((scoredAs = approach.surface), real.score(approach, options)) } as typeof real;
    };
    expect(await surfaceForPack('2027.1.5', scorer, () => 'Release 2027.1.5', { now: 1000 })).toEqual([expect.objectContaining({ profileUrl: PRIYA, surface: 'inmail' })]);
    expect(scoredAs).toBe('inmail');
    expect((await readSurfacedNotice())?.senders).toEqual([expect.objectContaining({ profileUrl: PRIYA, surface: 'inmail' })]);
  });

  it('lets "Clear history" made during a check stand: nothing it found is written back', async () => {
    // The user clears while the check is under way (it has read the senders and is scoring them),
    // as the background's handler does: the records, then the notice.
    let clearing: Promise<void> | undefined;
    const scorer = () => {
      clearing = clearSenderRecords().then(() => clearSurfacedNotice());
      return listing();
    };
    await surfaceForPack('2027.1.5', scorer, () => 'Release 2027.1.5', { now: 1000 });
    await clearing;
    expect((await readHistory()).entries).toEqual([]);
    expect(await readSeenSenders()).toEqual([]);
    expect(await readSurfacedNotice()).toBeUndefined();
  });
});
