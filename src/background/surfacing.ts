// Senders met before, checked against the pack in force each time it changes: a store update
// whose baseline lists new profiles, or an organisation's pack taken (DESIGN: "a newly flagged
// entity is checked against the local history of senders, so an approach received months ago is
// surfaced again"). pack-store.ts calls this after every rebuild; it does the work once a version.
import type { Scorer } from '../engine/compile';
import { isFlagged, levelRank, type Approach, type Level, type Surface, type Verdict } from '../engine/types';
import { readHistory, readSeenSenders, recordFlaggedSender } from '../settings/history';
import type { LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';
import { underSenderRecords, type SeenSender } from './seen-senders';
import { addToSurfacedNotice, type NoticeSender, type ReportVerdict } from './surfaced-notice';

/** Trusted-area key: the version of the pack in force the senders read were last checked against. */
export const SURFACED_FOR_KEY = 'surfacedFor';
/** A check that failed is not made again for the same version sooner than this. */
const RETRY_MS = 10 * 60_000;

export type Surfaced = Omit<NoticeSender, 'at'>;

/** Each flagged sender's highest level in the history, by profile. */
export async function flaggedLevels(area: LocalArea = trustedArea()): Promise<Map<string, Level>> {
  return new Map((await readHistory(area)).entries.map((entry) => [entry.profileUrl, entry.highestLevel]));
}

/**
 * Where a report about someone says they wrote from, of the places they were read: how they
 * approached the user (an InMail first) rather than where the user looked them up.
 */
const APPROACH_ORDER: readonly Surface[] = ['inmail', 'message', 'invitation', 'job_ad', 'profile'];
const approachSurface = (surfaces: readonly Surface[] | undefined): Surface | undefined => APPROACH_ORDER.find((s) => surfaces?.includes(s));

interface Found {
  approach: Approach;
  verdict: Verdict;
  firstSeen: string;
  lastSeen: string;
}

/**
 * Scores every sender read on this device (`seen`) against `scorer`, by the profile and name LinkedIn
 * showed. Returns those it flags, and among them those flagged newly, or higher than `before`
 * holds (the history before the pack came), highest first.
 */
function checkSeenSenders(seen: readonly SeenSender[], scorer: Scorer, now: number, before: Map<string, Level>): { flagged: Found[]; surfaced: Surfaced[] } {
  const flagged: Found[] = [];
  const surfaced: Surfaced[] = [];
  for (const sender of seen) {
    const surface = approachSurface(sender.surfaces);
    const approach: Approach = {
      id: `seen:${sender.profileUrl}`,
      site: 'linkedin',
      surface: surface ?? 'message',
      sender: { profileUrl: sender.profileUrl, ...(sender.name ? { name: sender.name } : {}) },
      messages: [],
    };
    const verdict = scorer.score(approach, { now });
    if (!isFlagged(verdict.level) || !verdict.hits.some((hit) => hit.indicator === 'known_flagged_entity')) continue;
    const level = verdict.level as Surfaced['level'];
    flagged.push({ approach, verdict, firstSeen: sender.firstSeen, lastSeen: sender.lastSeen });
    const earlier = before.get(sender.profileUrl);
    if (earlier !== undefined && levelRank(earlier) >= levelRank(level)) continue;
    surfaced.push({
      profileUrl: sender.profileUrl,
      level,
      ...(sender.name ? { name: sender.name } : {}),
      ...(surface ? { surface } : {}),
      verdict: reportVerdictOf(verdict, level),
    });
  }
  return { flagged, surfaced: surfaced.sort((a, b) => levelRank(b.level) - levelRank(a.level)) };
}

/** What a report made from the popup's notice needs of `verdict`: its rules, not their quotes. */
function reportVerdictOf(verdict: Verdict, level: ReportVerdict['level']): ReportVerdict {
  return {
    score: Math.max(0, Math.min(100, Math.round(verdict.score))),
    level,
    packVersion: verdict.packVersion.slice(0, 200),
    hits: verdict.hits.slice(0, 20).map((hit) => ({
      rule: hit.rule.slice(0, 100),
      indicator: hit.indicator,
      weight: Math.max(0, Math.min(100, Math.round(hit.weight))),
      ...(hit.experimental ? { experimental: true } : {}),
    })),
  };
}

let failed: { version: string; at: number } | undefined;

/**
 * Once for each version of the pack in force: the senders read before, checked against it, and
 * those it newly flags added to the notice the popup shows, then to the flagged history. Runs
 * under the lock of the senders' records, so "Clear history" cannot fall in between and be
 * undone. `scorer` is called only when there are senders to check; `before` is the history as it
 * was before the pack was written, which open tabs may have added to since; `label` names the
 * pack for the notice, given the version checked before. Returns the people surfaced (none when
 * this version was checked before).
 */
export function surfaceForPack(
  version: string,
  scorer: () => Scorer,
  label: (previous: string | undefined) => string,
  options: { area?: LocalArea; now?: number; before?: Map<string, Level> } = {},
): Promise<Surfaced[]> {
  const area = options.area ?? trustedArea();
  const now = options.now ?? Date.now();
  return underSenderRecords(async () => {
    const previous = (await area.get(SURFACED_FOR_KEY))[SURFACED_FOR_KEY];
    if (previous === version) return [];
    // A check that keeps failing (storage full) is not made at every rebuild.
    if (failed?.version === version && now - failed.at < RETRY_MS) return [];
    try {
      const seen = await readSeenSenders(area);
      const { flagged, surfaced } = seen.length === 0 ? { flagged: [], surfaced: [] } : checkSeenSenders(seen, scorer(), now, options.before ?? (await flaggedLevels(area)));
      // The notice first: once the history holds them, a check made again would not name them.
      if (surfaced.length > 0) await addToSurfacedNotice(surfaced, label(typeof previous === 'string' ? previous : undefined), now, area);
      // Recorded as seen then, from first to last; the history keeps when it was, not when the pack came.
      for (const { approach, verdict, firstSeen, lastSeen } of flagged) {
        await recordFlaggedSender(approach, verdict, { area, now: () => Date.parse(lastSeen), firstSeen: Date.parse(firstSeen) });
      }
      // Last: a check cut short is made again at the next rebuild.
      await area.set({ [SURFACED_FOR_KEY]: version });
      failed = undefined;
      return surfaced;
    } catch (error) {
      failed = { version, at: now };
      throw error;
    }
  });
}
