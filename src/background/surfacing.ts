// Senders met before, checked against the pack in force each time it changes: a store update
// whose baseline lists new profiles, or an organisation's pack taken (DESIGN: "a newly flagged
// entity is checked against the local history of senders, so an approach received months ago is
// surfaced again"). pack-store.ts calls this after every rebuild; it does the work once a version.
import type { Scorer } from '../engine/compile';
import { isFlagged, levelRank, type Approach } from '../engine/types';
import { readHistory, readSeenSenders, recordFlaggedSender } from '../settings/history';
import type { LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';
import { addToSurfacedNotice, type NoticeSender } from './surfaced-notice';

/** Trusted-area key: the version of the pack in force the senders read were last checked against. */
export const SURFACED_FOR_KEY = 'surfacedFor';

export type Surfaced = Omit<NoticeSender, 'at'>;

/**
 * Checks every sender read on this device against `scorer`, by the profile and name LinkedIn
 * showed. Those it flags go into the flagged history, dated when they were last seen; those
 * flagged newly, or higher than before, are returned, highest first.
 */
export async function surfaceSeenSenders(scorer: Scorer, area: LocalArea, now: number): Promise<Surfaced[]> {
  const [seen, history] = await Promise.all([readSeenSenders(area), readHistory(area)]);
  const before = new Map(history.entries.map((entry) => [entry.profileUrl, entry.highestLevel]));
  const surfaced: Surfaced[] = [];
  for (const sender of seen) {
    const approach: Approach = {
      id: `seen:${sender.profileUrl}`,
      site: 'linkedin',
      surface: 'message',
      sender: { profileUrl: sender.profileUrl, ...(sender.name ? { name: sender.name } : {}) },
      messages: [],
    };
    const verdict = scorer.score(approach, { now });
    if (!isFlagged(verdict.level) || !verdict.hits.some((hit) => hit.indicator === 'known_flagged_entity')) continue;
    const level = verdict.level as Surfaced['level'];
    const earlier = before.get(sender.profileUrl);
    // Recorded as seen then; the history keeps when it was, not when the pack came.
    await recordFlaggedSender(approach, verdict, { area, now: () => Date.parse(sender.lastSeen) });
    if (earlier !== undefined && levelRank(earlier) >= levelRank(level)) continue;
    surfaced.push({ profileUrl: sender.profileUrl, level, ...(sender.name ? { name: sender.name } : {}) });
  }
  return surfaced.sort((a, b) => levelRank(b.level) - levelRank(a.level));
}

/**
 * Once for each version of the pack in force: the senders read before, checked against it, and
 * those it newly flags added to the notice the popup shows. `scorer` is called only when there
 * are senders to check. Returns them (none when this version was checked before).
 */
export async function surfaceForPack(
  pack: { version: string; label: string },
  scorer: () => Scorer,
  options: { area?: LocalArea; now?: number } = {},
): Promise<Surfaced[]> {
  const area = options.area ?? trustedArea();
  const now = options.now ?? Date.now();
  if ((await area.get(SURFACED_FOR_KEY))[SURFACED_FOR_KEY] === pack.version) return [];
  const surfaced = (await readSeenSenders(area)).length > 0 ? await surfaceSeenSenders(scorer(), area, now) : [];
  if (surfaced.length > 0) await addToSurfacedNotice(surfaced, pack.label, now, area);
  // Last: a check cut short is made again at the next rebuild.
  await area.set({ [SURFACED_FOR_KEY]: pack.version });
  return surfaced;
}
