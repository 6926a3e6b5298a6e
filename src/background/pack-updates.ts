// Keeps the organisation's signed pack current: at the interval policy sets (a day unless it
// says), when policy changes, and when the options page asks. Each check fetches the pack and
// its signature (src/pack/update.ts), and swaps it in only when it verifies, validates and
// passes its self-test; on any failure the pack in force stays, the options page shows why, and
// the next check comes sooner (5 minutes, doubling up to the interval).
import { browser } from 'wxt/browser';
import bundledPack from '../../rules/baseline.pack.json';
import { loadPack } from '../pack/load';
import { checkSignedPack, fetchSignedPack, type FetchLike } from '../pack/update';
import { readPolicyState } from '../policy/read';
import { createLock, type LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';
import { ORG_PACK_KEY, readOrgPack, trustedPackKeys, verifiedOverlay } from './org-pack';
import { ensureActivePack } from './pack-store';
import { MAX_NOTES, MAX_SURFACED, PACK_UPDATE_KEY, readPackUpdateStatus, type PackUpdateStatus } from './pack-update-status';
import type { Scorer } from '../engine/compile';
import { isFlagged, levelRank, type Approach } from '../engine/types';
import { readHistory, readSeenSenders, recordFlaggedSender } from '../settings/history';

export const PACK_UPDATE_ALARM = 'pack-update';
export const DEFAULT_UPDATE_HOURS = 24;
const HOUR_MS = 3_600_000;
const FIRST_RETRY_MS = 5 * 60_000;

export interface PackUpdateDeps {
  area?: LocalArea;
  fetch?: FetchLike;
  now?: () => number;
  alarms?: { create(name: string, info: { when: number }): unknown; clear(name: string): unknown; get?(name: string): Promise<unknown> };
  /** Rebuilds the pack in force from the bundle and the stored organisation pack. */
  ensure?: () => Promise<unknown>;
  bundled?: unknown;
}

const lock = createLock();

const sameKeys = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((key, i) => key === b[i]);

/**
 * Checks for a new organisation pack. Unless `force`, only when one is due: the interval has
 * passed since the last check, or the address or the keys changed since. Never throws for a
 * network or pack problem: the outcome says what happened.
 */
export function checkPackUpdate(options: { force?: boolean } = {}, deps: PackUpdateDeps = {}): Promise<PackUpdateStatus> {
  const area = deps.area ?? trustedArea();
  const now = deps.now ?? Date.now;
  const alarms = deps.alarms ?? browser.alarms;
  const ensure = deps.ensure ?? (() => ensureActivePack());
  return lock(async () => {
    const { state } = await readPolicyState(area);
    const values = state?.values ?? {};
    const previous = await readPackUpdateStatus(area);
    const url = values.packUrl;
    const keys = trustedPackKeys(values);

    if (!url) {
      // The organisation withdrew its pack: the baseline alone is in force again. (With none
      // stored there is nothing to undo: every start makes the pack in force match the store.)
      if ((await area.get(ORG_PACK_KEY))[ORG_PACK_KEY] !== undefined) {
        await area.remove(ORG_PACK_KEY);
        await ensure();
      }
      if (previous?.outcome === 'not-set') return previous;
      await alarms.clear(PACK_UPDATE_ALARM);
      const status: PackUpdateStatus = { outcome: 'not-set', failures: 0 };
      await area.set({ [PACK_UPDATE_KEY]: status });
      return status;
    }

    const intervalMs = (values.updateIntervalHours ?? DEFAULT_UPDATE_HOURS) * HOUR_MS;
    const changed = previous?.url !== url || !sameKeys(previous.keys, keys);
    const due = options.force || changed || previous?.nextCheckAt === undefined || previous.nextCheckAt <= now();
    if (!due) {
      // Alarms can be lost (a browser that cleared them, a profile copied); set it again.
      if (!(await alarms.get?.(PACK_UPDATE_ALARM))) alarms.create(PACK_UPDATE_ALARM, { when: previous!.nextCheckAt! });
      return previous!;
    }

    const checkedAt = now();
    const base = { url, keys, checkedAt };
    let status: PackUpdateStatus;
    const failed = (outcome: 'failed' | 'refused', reason: string): PackUpdateStatus => {
      const failures = (changed ? 0 : (previous?.failures ?? 0)) + 1;
      const wait = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), intervalMs);
      // The pack in force is still the one the notes are about.
      return { ...base, outcome, reason, failures, nextCheckAt: checkedAt + wait, ...(previous?.notes ? { notes: previous.notes } : {}) };
    };
    let installed: Scorer | undefined;
    const fetched = await fetchSignedPack(url, deps.fetch ? { fetch: deps.fetch } : {});
    if (!fetched.ok) {
      status = failed('failed', fetched.reason);
    } else {
      const stored = await readOrgPack(area);
      const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(fetched.bytes);
      if (stored && stored.url === url && stored.text === text && stored.signature.trim() === fetched.signature.trim()) {
        status = { ...base, outcome: 'unchanged', failures: 0, nextCheckAt: checkedAt + intervalMs };
        if (previous?.notes) status.notes = previous.notes;
      } else {
        const checked = await checkSignedPack(fetched.bytes, fetched.signature, {
          keys,
          baseline: loadPack(deps.bundled ?? bundledPack).pack,
          ...(stored ? { installed: { id: stored.id, version: stored.version } } : {}),
          now: checkedAt,
        });
        if (!checked.ok) {
          status = failed('refused', checked.reason);
        } else {
          await area.set({
            [ORG_PACK_KEY]: { url, text: checked.text, signature: fetched.signature.trim(), id: checked.pack.id, version: checked.pack.version, fetchedAt: checkedAt },
          });
          status = { ...base, outcome: 'installed', failures: 0, nextCheckAt: checkedAt + intervalMs };
          if (checked.notes.length > 0) status.notes = checked.notes.slice(0, MAX_NOTES).map((note) => note.slice(0, 1000));
          installed = checked.scorer;
        }
      }
    }
    // The pack in force, built again from what is stored and verifies now.
    await ensure();
    if (installed) {
      const surfaced = await surfaceSeenSenders(installed, area, checkedAt);
      if (surfaced.length > 0) {
        status.surfaced = surfaced.slice(0, MAX_SURFACED);
        status.surfacedCount = surfaced.length;
      }
    }
    const overlay = await verifiedOverlay(area);
    if (overlay.pack) {
      const { id, name, version, publisher, published, expires } = overlay.pack;
      status.inForce = { id, name, version, publisher, published, ...(expires ? { expires } : {}), fetchedAt: overlay.stored.fetchedAt };
    } else if (overlay.reason) {
      status.notInForce = overlay.reason;
    }
    if (status.reason) status.reason = status.reason.slice(0, 2000);
    await area.set({ [PACK_UPDATE_KEY]: status });
    alarms.create(PACK_UPDATE_ALARM, { when: status.nextCheckAt! });
    return status;
  });
}

type Surfaced = NonNullable<PackUpdateStatus['surfaced']>[number];

/**
 * Checks every sender read on this device against a newly installed pack, by the profile and
 * name LinkedIn showed (DESIGN: "a newly flagged entity is checked against the local history of
 * senders"). Those it flags go into the flagged history; those flagged newly, or higher than
 * before, are returned, highest first.
 */
async function surfaceSeenSenders(scorer: Scorer, area: LocalArea, now: number): Promise<Surfaced[]> {
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
