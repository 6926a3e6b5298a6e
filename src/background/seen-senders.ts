// Every sender the extension has read, flagged or not, so that a later pack naming one of them
// can surface an approach received long ago (DESIGN.md, "Rule packs"). The flagged-sender
// history (src/settings/history.ts) keeps only flagged ones; this store keeps all, capped. The
// options page shows how many, exports them with the history (JSON) and "Clear history" deletes
// them too (README.md, "What stays on the device").
import { isFlagged, levelRank, type Level, type Surface } from '../engine/types';
import { clearHistory, readSeenSenders, SEEN_SENDERS_STORAGE_KEY } from '../settings/history';
import { normaliseProfileUrl } from '../settings/profile-url';
import { clipName } from '../settings/names';
import type { HistoryEntry } from '../settings/schema';
import { createLock, type LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';

export const SEEN_SENDERS_KEY = SEEN_SENDERS_STORAGE_KEY;
/**
 * Beyond this, senders never flagged go first, then the others, least recently seen first in
 * each; ~200 bytes each keeps the store under 1 MB.
 */
export const SEEN_SENDERS_MAX = 4000;
/** Re-reading the same thread every few seconds must not rewrite storage every time. */
export const SEEN_REFRESH_MS = 60 * 60_000;

export type SeenSender = HistoryEntry;

export interface SenderSighting {
  profileUrl: string;
  name?: string | undefined;
  level: Level;
  /** Where they were read: a report made later from the popup's notice says so. */
  surface?: Surface;
}


const lock = createLock();

/**
 * Deletes this list and the flagged-sender history, after any sighting being recorded has been
 * written (the same lock), so "Clear history" cannot be undone by a write already under way.
 */
export function clearSenderRecords(area: LocalArea = trustedArea()): Promise<void> {
  return lock(() => clearHistory(area));
}

/**
 * Runs `section` under the same lock as sightings and "Clear history": for work that reads the
 * senders' records and writes what it found back (surfacing.ts).
 */
export function underSenderRecords<T>(section: () => Promise<T>): Promise<T> {
  return lock(section);
}

/**
 * `entries` within SEEN_SENDERS_MAX, in their order. Those never flagged (at medium or above) go
 * first, so a stream of made-up senders that nothing flags, or flags at low, cannot push out one
 * that was.
 */
function withinCap(entries: SeenSender[]): SeenSender[] {
  const excess = entries.length - SEEN_SENDERS_MAX;
  if (excess <= 0) return entries;
  const flagged = (entry: SeenSender) => (isFlagged(entry.highestLevel) ? 1 : 0);
  const dropOrder = [...entries].sort((a, b) => flagged(a) - flagged(b) || a.lastSeen.localeCompare(b.lastSeen));
  const dropped = new Set(dropOrder.slice(0, excess));
  return entries.filter((entry) => !dropped.has(entry));
}

/** Senders new to the list, reported below a warning (`none` or `low`) and flagged (medium or high). */
export interface NewSenders {
  none: number;
  flagged: number;
}

export interface RecordSeenOptions {
  area?: LocalArea;
  now?: () => number;
  /**
   * At most this many senders the list does not hold yet are added, of those reported at `none`
   * and of those reported flagged, each counted apart; known ones update all the same.
   */
  maxNew?: NewSenders;
  /** Runs before the list is written, with the changed profile URLs and how many of them are new. */
  then?: (changed: string[], added: NewSenders) => Promise<void>;
}

/**
 * Records sightings in one read and at most one write. Returns the canonical profile URLs
 * whose entry materially changed (new, higher level, a place they were not read before, or last
 * seen long ago; a name read differently alone is no change, as when two pages show the same
 * person as "Lena Okafor" and "Lena O.", and is taken when the entry is written anyway): the
 * caller updates the flagged history only for those, in `then`, which runs before this list is
 * written and before the lock is let go, so that "Clear history" cannot fall between the two
 * writes and a failed `then` leaves the sightings to count again.
 */
export function recordSeenSenders(sightings: readonly SenderSighting[], options: RecordSeenOptions = {}): Promise<string[]> {
  const area = options.area ?? trustedArea();
  const nowMs = (options.now ?? Date.now)();
  const now = new Date(nowMs).toISOString();
  return lock(async () => {
    const valid = sightings.flatMap((s) => {
      const ref = normaliseProfileUrl(s.profileUrl);
      // Only LinkedIn profiles are senders; anything else is not a stable key.
      return ref && ref.id !== ref.url ? [{ ...s, ref }] : [];
    });
    if (valid.length === 0) return [];
    const entries = await readSeenSenders(area);
    const byUrl = new Map(entries.map((e) => [e.profileUrl, e]));
    const changed = new Set<string>();
    const added: NewSenders = { none: 0, flagged: 0 };
    for (const { ref, name: rawName, level, surface } of valid) {
      const name = clipName(rawName);
      const existing = byUrl.get(ref.url);
      if (!existing) {
        // Apart, so that made-up senders of either kind cannot use up the room of the other.
        // Low is no warning: it shares the room of those never flagged, so that a page making up
        // low-level senders cannot use up the room a real warning needs.
        const kind = isFlagged(level) ? 'flagged' : 'none';
        if (added[kind] >= (options.maxNew?.[kind] ?? Infinity)) continue;
        added[kind] += 1;
        const entry: SeenSender = { profileId: ref.id, profileUrl: ref.url, firstSeen: now, lastSeen: now, highestLevel: level };
        if (name) entry.name = name;
        if (surface) entry.surfaces = [surface];
        entries.push(entry);
        byUrl.set(ref.url, entry);
        changed.add(ref.url);
        continue;
      }
      if (levelRank(level) > levelRank(existing.highestLevel)) {
        existing.highestLevel = level;
        changed.add(ref.url);
      }
      if (surface && !existing.surfaces?.includes(surface)) {
        existing.surfaces = [...(existing.surfaces ?? []), surface];
        changed.add(ref.url);
      }
      if (nowMs - Date.parse(existing.lastSeen) >= SEEN_REFRESH_MS) changed.add(ref.url);
      if (!changed.has(ref.url)) continue;
      if (name) existing.name = name;
      if (now > existing.lastSeen) existing.lastSeen = now;
    }
    if (changed.size === 0) return [];
    const kept = withinCap(entries);
    const keptUrls = new Set(kept.map((entry) => entry.profileUrl));
    const urls = [...changed].filter((url) => keptUrls.has(url));
    // The caller's writes first: when they fail, this list is left as it was, so the same
    // sightings count as changes again when they are reported again.
    await options.then?.(urls, added);
    await area.set({ [SEEN_SENDERS_KEY]: kept });
    return urls;
  });
}
