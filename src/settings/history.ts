// Senders who were flagged, kept so a rule-pack update that names one later can surface the
// old approach again (DESIGN.md, "Rule packs"), and so the user can export them.
import { isFlagged, levelRank, type Approach, type Verdict } from '../engine/types';
import { normaliseProfileUrl } from './profile-url';
import { clipName } from './names';
import { historyEntrySchema, type HistoryEntry } from './schema';
import { createLock, type DataIssue, type LocalArea } from './storage-area';
import { trustedArea } from './trusted-area';
import { reasonOf } from './validation';

export const HISTORY_STORAGE_KEY = 'history';
/**
 * Every sender read, flagged or not (src/background/seen-senders.ts). Named here because
 * "Clear history" deletes it with the flagged history: the user sees one history.
 */
export const SEEN_SENDERS_STORAGE_KEY = 'seenSenders';
/** Bounded so storage never fills up; the least recently seen go first. */
export const HISTORY_MAX_ENTRIES = 5000;

export interface HistoryRead {
  entries: HistoryEntry[];
  issues: DataIssue[];
}

const lock = createLock();

/** The senders read (written by the background); entries that do not validate are passed over. */
export async function readSeenSenders(area: LocalArea = trustedArea()): Promise<HistoryEntry[]> {
  const stored = (await area.get(SEEN_SENDERS_STORAGE_KEY))[SEEN_SENDERS_STORAGE_KEY];
  if (!Array.isArray(stored)) return [];
  const out: HistoryEntry[] = [];
  for (const value of stored) {
    const parsed = historyEntrySchema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

export async function readHistory(area: LocalArea = trustedArea()): Promise<HistoryRead> {
  const stored = (await area.get(HISTORY_STORAGE_KEY))[HISTORY_STORAGE_KEY];
  if (stored === undefined || stored === null) return { entries: [], issues: [] };
  if (!Array.isArray(stored)) {
    return { entries: [], issues: [{ area: 'history', key: HISTORY_STORAGE_KEY, value: stored, reason: 'not a list' }] };
  }
  const entries: HistoryEntry[] = [];
  const issues: DataIssue[] = [];
  stored.forEach((value: unknown, index) => {
    const parsed = historyEntrySchema.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
    else issues.push({ area: 'history', key: `${HISTORY_STORAGE_KEY}[${index}]`, value, reason: reasonOf(parsed.error) });
  });
  return { entries, issues };
}

export interface RecordOptions {
  area?: LocalArea;
  now?: () => number;
  /** When the sender was first seen, if earlier than `now` (a sender read before, found flagged later). */
  firstSeen?: number;
}

/**
 * Adds or updates the sender of a flagged approach. Returns the entry, or undefined when the
 * verdict is not flagged or the sender has no usable profile URL (nothing stable to key on).
 */
export async function recordFlaggedSender(
  approach: Approach,
  verdict: Verdict,
  options: RecordOptions = {},
): Promise<HistoryEntry | undefined> {
  if (!isFlagged(verdict.level)) return undefined;
  const ref = normaliseProfileUrl(approach.sender.profileUrl);
  if (!ref) return undefined;
  const area = options.area ?? trustedArea();
  const nowMs = (options.now ?? Date.now)();
  const seen = new Date(nowMs).toISOString();
  const first = new Date(Math.min(options.firstSeen ?? nowMs, nowMs)).toISOString();
  const name = clipName(approach.sender.name);

  return lock(async () => {
    const { entries } = await readHistory(area);
    const existing = entries.find((entry) => entry.profileUrl === ref.url);
    let entry: HistoryEntry;
    if (existing) {
      const later = seen > existing.lastSeen;
      const latest = seen >= existing.lastSeen;
      const earlier = first < existing.firstSeen;
      const higher = levelRank(verdict.level) > levelRank(existing.highestLevel);
      // A name read differently alone is no reason to write: two pages can show one person as
      // "Lena Okafor" and "Lena O.", and each report would rewrite the history.
      if (!later && !earlier && !higher) return { ...existing };
      if (later) existing.lastSeen = seen;
      if (earlier) existing.firstSeen = first;
      if (higher) existing.highestLevel = verdict.level;
      // The name as read most recently, not one from an older sighting found flagged now.
      if (name && latest) existing.name = name;
      entry = existing;
    } else {
      entry = { profileId: ref.id, profileUrl: ref.url, firstSeen: first, lastSeen: seen, highestLevel: verdict.level };
      if (name) entry.name = name;
      entries.push(entry);
    }
    if (entries.length > HISTORY_MAX_ENTRIES) {
      entries.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
      entries.length = HISTORY_MAX_ENTRIES;
    }
    await area.set({ [HISTORY_STORAGE_KEY]: entries });
    return { ...entry };
  });
}

/** Deletes the flagged history and the list of every sender read. */
export async function clearHistory(area: LocalArea = trustedArea()): Promise<void> {
  await lock(() => area.remove([HISTORY_STORAGE_KEY, SEEN_SENDERS_STORAGE_KEY]));
}
