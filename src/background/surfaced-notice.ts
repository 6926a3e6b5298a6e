// People who wrote to the user before and whom a newer pack flags (surfacing.ts): kept in the
// trusted area until the user has seen them, for the popup's notice and the toolbar's "!" on
// every tab. The flagged senders in the options page list them too; this notice is what reaches
// a user who never opens it. Light on purpose: the popup reads it without the engine.
import { z } from 'zod';
import { INDICATOR_IDS, levelRank, SURFACES } from '../engine/types';
import { clipName } from '../settings/names';
import type { Threshold } from '../settings/schema';
import { createLock, type LocalArea } from '../settings/storage-area';
import { isFallback, trustedArea } from '../settings/trusted-area';
import { linkedInProfileUrl } from '../ui/links';

/** Trusted-area key of the notice; absent once the user has seen it. */
export const SURFACED_NOTICE_KEY = 'surfacedNotice';
/** The notice names at most this many people, highest level and latest first; it counts the rest. */
export const MAX_NOTICE_SENDERS = 50;

/** Only a LinkedIn member's profile, in the canonical form the popup may open (ui/links.ts). */
const memberProfile = z
  .url({ protocol: /^https$/ })
  .max(2048)
  .refine((url) => linkedInProfileUrl(url) === url, 'not a LinkedIn member profile');

/** The levels a pack flags at. */
const flaggedLevel = z.enum(['medium', 'high']);

/** What a report made from the notice needs of the pack's verdict: no quotes, no list details. */
const reportVerdict = z.strictObject({
  score: z.number().int().min(0).max(100),
  level: flaggedLevel,
  packVersion: z.string().max(200),
  hits: z
    .array(z.strictObject({ rule: z.string().max(100), indicator: z.enum(INDICATOR_IDS), weight: z.number().int().min(0).max(100), experimental: z.boolean().optional() }))
    .max(20),
});
export type ReportVerdict = z.infer<typeof reportVerdict>;

const noticeSender = z.strictObject({
  profileUrl: memberProfile,
  name: z.string().max(200).optional(),
  level: flaggedLevel,
  /** When the pack that flags them was checked (ms). */
  at: z.number().int().nonnegative(),
  /** What the pack found, for a report made from the popup. */
  verdict: reportVerdict.optional(),
  /** Where they wrote from, for that report; absent when the list of senders read did not say (or a newer build wrote a place this one does not know). */
  surface: z.enum(SURFACES).optional().catch(undefined),
});
export type NoticeSender = z.infer<typeof noticeSender>;

export const surfacedNoticeSchema = z.strictObject({
  /** Empty only when all it still holds are people counted without a name. */
  senders: z.array(noticeSender).max(MAX_NOTICE_SENDERS),
  /**
   * People flagged besides those named (the list was full): how many each check pushed out, when,
   * and how many of them at high (absent in notices from before it was kept: all are counted).
   */
  more: z
    .array(z.strictObject({ at: z.number().int().nonnegative(), count: z.number().int().positive(), high: z.number().int().nonnegative().optional() }))
    .max(100)
    .optional(),
  /** The pack that flagged the latest of them, as "name version". */
  pack: z.string().max(200),
});
export type SurfacedNotice = z.infer<typeof surfacedNoticeSchema>;

/**
 * Where the browser lets the extension keep no database, the trusted keys live where web pages'
 * content scripts can write them (trusted-area.ts): a notice from there could name any profile.
 * There is none then.
 */
async function noticeArea(area: LocalArea | undefined): Promise<LocalArea | undefined> {
  if (area) return area;
  return (await isFallback()) ? undefined : trustedArea();
}

/** The notice, or undefined when there is none (or what is stored does not read as one). */
export async function readSurfacedNotice(area?: LocalArea): Promise<SurfacedNotice | undefined> {
  const from = await noticeArea(area);
  if (!from) return undefined;
  const parsed = surfacedNoticeSchema.safeParse((await from.get(SURFACED_NOTICE_KEY))[SURFACED_NOTICE_KEY]);
  return parsed.success ? parsed.data : undefined;
}

// One change at a time: the user's "I have seen this" must not fall between a new pack's read
// and write and be undone by it.
const lock = createLock();

/**
 * Adds the people a pack newly flags to the notice the user has not seen yet. Someone already in
 * it stays once, at the higher of the two levels, dated by the later pack.
 */
export function addToSurfacedNotice(found: ReadonlyArray<Omit<NoticeSender, 'at'>>, pack: string, now: number, area?: LocalArea): Promise<SurfacedNotice | undefined> {
  return lock(async () => {
    const to = await noticeArea(area);
    if (!to || found.length === 0) return readSurfacedNotice(to);
    const before = await readSurfacedNotice(to);
    const byUrl = new Map((before?.senders ?? []).map((sender) => [sender.profileUrl, sender]));
    // Only a profile the popup may open is named (a long percent-encoded id is not one): anyone
    // else is counted, so that one such address never makes the whole notice unreadable.
    const unnamed: Array<NoticeSender['level']> = [];
    for (const { profileUrl, name, level, verdict, surface } of found) {
      if (!memberProfile.safeParse(profileUrl).success) {
        unnamed.push(level);
        continue;
      }
      const earlier = byUrl.get(profileUrl);
      const keepEarlier = earlier !== undefined && levelRank(earlier.level) > levelRank(level);
      const sender: NoticeSender = { profileUrl, level: keepEarlier ? earlier.level : level, at: now };
      const kept = clipName(name ?? earlier?.name);
      if (kept) sender.name = kept;
      const why = keepEarlier ? earlier.verdict : (verdict ?? earlier?.verdict);
      if (why) sender.verdict = why;
      const where = surface ?? earlier?.surface;
      if (where) sender.surface = where;
      byUrl.set(profileUrl, sender);
    }
    const all = [...byUrl.values()].sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.at - a.at);
    const notice: SurfacedNotice = { senders: all.slice(0, MAX_NOTICE_SENDERS), pack: pack.slice(0, 200) };
    // Those the list could not name are counted, by the check that pushed them out.
    const more = [...(before?.more ?? [])];
    const left = [...all.slice(MAX_NOTICE_SENDERS).map((sender) => sender.level), ...unnamed];
    if (left.length > 0) more.push({ at: now, count: left.length, high: left.filter((level) => level === 'high').length });
    if (more.length > 0) notice.more = more.slice(-100);
    await to.set({ [SURFACED_NOTICE_KEY]: notice });
    return notice;
  });
}

/**
 * The user has seen the notice as it was when its latest entry was dated `upTo` (ms): the people
 * it named (`profiles`) go, with those it counted without a name up to then (with `highOnly`,
 * those at high: the rest were not counted). Anyone a pack added since, and anyone it did not
 * show (below the warning threshold), stays. With nothing seen (the history it came from was
 * cleared), the whole notice goes.
 */
export function clearSurfacedNotice(seen?: { upTo: number; profiles: readonly string[]; highOnly?: boolean }, area?: LocalArea): Promise<void> {
  return lock(async () => {
    const to = await noticeArea(area);
    if (!to) return;
    const notice = seen === undefined ? undefined : await readSurfacedNotice(to);
    const shown = new Set(seen?.profiles ?? []);
    const left = notice?.senders.filter((sender) => sender.at > seen!.upTo || !shown.has(sender.profileUrl)) ?? [];
    // Those counted without a name since the notice the user saw are still unseen, and so are
    // those it did not count (below "high only").
    const more = (notice?.more ?? []).flatMap((entry) => {
      if (entry.at > seen!.upTo) return [entry];
      const unshown = seen!.highOnly && entry.high !== undefined ? entry.count - entry.high : 0;
      return unshown > 0 ? [{ at: entry.at, count: unshown, high: 0 }] : [];
    });
    if (notice && (left.length > 0 || more.length > 0)) {
      await to.set({ [SURFACED_NOTICE_KEY]: { senders: left, pack: notice.pack, ...(more.length > 0 ? { more } : {}) } });
    } else await to.remove(SURFACED_NOTICE_KEY);
  });
}

/**
 * The people the notice names at or above the user's warning threshold whom they have not marked
 * "Not suspicious" since, and how many in all with those it counts without naming (at "high
 * only", those of them at high).
 */
export function unseenSurfaced(
  notice: SurfacedNotice | undefined,
  { notSuspicious, threshold }: { notSuspicious: readonly string[]; threshold: Threshold },
): { senders: NoticeSender[]; count: number } {
  if (!notice) return { senders: [], count: 0 };
  const marked = new Set(notSuspicious);
  const senders = notice.senders.filter((sender) => !marked.has(sender.profileUrl) && levelRank(sender.level) >= levelRank(threshold));
  const counted = (entry: NonNullable<SurfacedNotice['more']>[number]) => (threshold === 'high' ? (entry.high ?? entry.count) : entry.count);
  return { senders, count: senders.length + (notice.more ?? []).reduce((sum, entry) => sum + counted(entry), 0) };
}

/** How many people the toolbar's "!" stands for; 0 when the notice cannot be read. */
export function surfacedCount(settings: { notSuspicious: readonly string[]; threshold: Threshold }, area?: LocalArea): Promise<number> {
  return readSurfacedNotice(area).then(
    (notice) => unseenSurfaced(notice, settings).count,
    () => 0,
  );
}
