// People who wrote to the user before and whom a newer pack flags (pack-updates.ts): kept in the
// trusted area until the user has seen them, for the popup's notice and the toolbar's "!" on
// every tab. The options page keeps listing the ones the pack in force surfaced; this notice is
// what reaches a user who never opens it. Light on purpose: the popup reads it without the engine.
import { z } from 'zod';
import { levelRank } from '../engine/types';
import { createLock, type LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';

/** Trusted-area key of the notice; absent once the user has seen it. */
export const SURFACED_NOTICE_KEY = 'surfacedNotice';
/** The notice names at most this many people, highest level and latest first; it counts the rest. */
export const MAX_NOTICE_SENDERS = 50;

const noticeSender = z.strictObject({
  profileUrl: z.url({ protocol: /^https$/ }).max(2048),
  name: z.string().max(200).optional(),
  level: z.enum(['medium', 'high']),
  /** When the pack that flags them was taken (ms). */
  at: z.number().int().nonnegative(),
});
export type NoticeSender = z.infer<typeof noticeSender>;

export const surfacedNoticeSchema = z.strictObject({
  senders: z.array(noticeSender).min(1).max(MAX_NOTICE_SENDERS),
  /** How many people in all, when more than the list keeps. */
  count: z.number().int().positive(),
  /** The pack that flagged the latest of them, as "name version". */
  pack: z.string().max(2000),
});
export type SurfacedNotice = z.infer<typeof surfacedNoticeSchema>;

/** The notice, or undefined when there is none (or what is stored does not read as one). */
export async function readSurfacedNotice(area: LocalArea = trustedArea()): Promise<SurfacedNotice | undefined> {
  const parsed = surfacedNoticeSchema.safeParse((await area.get(SURFACED_NOTICE_KEY))[SURFACED_NOTICE_KEY]);
  return parsed.success ? parsed.data : undefined;
}

// One change at a time: the user's "Got it" must not fall between a new pack's read and write
// and be undone by it.
const lock = createLock();

/**
 * Adds the people a pack newly flags to the notice the user has not seen yet. Someone already in
 * it stays once, at the higher of the two levels, dated by the later pack.
 */
export function addToSurfacedNotice(
  found: ReadonlyArray<Omit<NoticeSender, 'at'>>,
  pack: string,
  now: number,
  area: LocalArea = trustedArea(),
): Promise<SurfacedNotice | undefined> {
  return lock(async () => {
    if (found.length === 0) return readSurfacedNotice(area);
    const before = await readSurfacedNotice(area);
    const byUrl = new Map((before?.senders ?? []).map((sender) => [sender.profileUrl, sender]));
    // Those the list no longer names were counted without being kept: they are still unseen.
    let unnamed = before ? before.count - before.senders.length : 0;
    for (const { profileUrl, name, level } of found) {
      const earlier = byUrl.get(profileUrl);
      const higher = earlier && levelRank(earlier.level) > levelRank(level) ? earlier.level : level;
      const sender: NoticeSender = { profileUrl, level: higher, at: now };
      const kept = name ?? earlier?.name;
      if (kept) sender.name = kept.slice(0, 200);
      byUrl.set(profileUrl, sender);
    }
    const all = [...byUrl.values()].sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.at - a.at);
    unnamed += Math.max(0, all.length - MAX_NOTICE_SENDERS);
    const notice: SurfacedNotice = { senders: all.slice(0, MAX_NOTICE_SENDERS), count: Math.min(all.length, MAX_NOTICE_SENDERS) + unnamed, pack: pack.slice(0, 2000) };
    await area.set({ [SURFACED_NOTICE_KEY]: notice });
    return notice;
  });
}

/**
 * The user has seen the notice as it was when its latest entry was dated `seenUpTo` (ms): those
 * people go, and anyone a pack added since stays. With no date (the history it came from was
 * cleared), the whole notice goes.
 */
export function clearSurfacedNotice(seenUpTo?: number, area: LocalArea = trustedArea()): Promise<void> {
  return lock(async () => {
    const notice = seenUpTo === undefined ? undefined : await readSurfacedNotice(area);
    const newer = notice?.senders.filter((sender) => sender.at > seenUpTo!) ?? [];
    // Those counted without a name were in the notice the user saw.
    if (notice && newer.length > 0) await area.set({ [SURFACED_NOTICE_KEY]: { ...notice, senders: newer, count: newer.length } });
    else await area.remove(SURFACED_NOTICE_KEY);
  });
}

/**
 * The people the notice names that the user has not marked "Not suspicious" since, and how many
 * in all with those it counts without naming.
 */
export function unseenSurfaced(notice: SurfacedNotice | undefined, notSuspicious: readonly string[]): { senders: NoticeSender[]; count: number } {
  if (!notice) return { senders: [], count: 0 };
  const marked = new Set(notSuspicious);
  const senders = notice.senders.filter((sender) => !marked.has(sender.profileUrl));
  return { senders, count: senders.length + (notice.count - notice.senders.length) };
}

/** How many people the toolbar's "!" stands for; 0 when the notice cannot be read. */
export function surfacedCount(notSuspicious: readonly string[], area: LocalArea = trustedArea()): Promise<number> {
  return readSurfacedNotice(area).then(
    (notice) => unseenSurfaced(notice, notSuspicious).count,
    () => 0,
  );
}
