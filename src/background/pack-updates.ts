// Keeps the organisation's signed pack current: at the interval policy sets (a day unless it
// says), when policy changes, and when the options page asks. Each check fetches the pack and
// its signature (src/pack/update.ts), and swaps it in only when it verifies, validates and
// passes its self-test; on any failure the pack in force stays, the options page shows why, and
// the next check comes sooner (5 minutes, doubling up to the interval).
import { browser } from 'wxt/browser';
import bundledPack from '../../rules/baseline.pack.json';
import { compareVersions, loadBundledPack } from '../pack/load';
import { checkSignedPack, fetchSignedPack } from '../pack/update';
import type { FetchLike } from '../report/channels';
import { readPolicyState } from '../policy/read';
import { createLock, type LocalArea } from '../settings/storage-area';
import { isFallback, trustedArea } from '../settings/trusted-area';
import { ORG_PACK_KEY, ORG_PACKS_UNAVAILABLE, floorItems, readFloor, readOrgPack, trustedPackKeys, verifiedOverlay } from './org-pack';
import { parseSignature, verifySignature } from '../pack/signature';
import { ensureActivePack } from './pack-store';
import type { Surfaced } from './surfacing';
import { MAX_NOTES, MAX_SURFACED, PACK_UPDATE_KEY, readPackUpdateStatus, type PackUpdateStatus } from './pack-update-status';
import type { Scorer } from '../engine/compile';

export const PACK_UPDATE_ALARM = 'pack-update';
export const DEFAULT_UPDATE_HOURS = 24;
const HOUR_MS = 3_600_000;
const FIRST_RETRY_MS = 5 * 60_000;
/** How long a stored organisation pack is kept once policy names no address. */
export const WITHDRAWN_KEPT_MS = 7 * 24 * HOUR_MS;

export interface PackUpdateDeps {
  area?: LocalArea;
  fetch?: FetchLike;
  now?: () => number;
  alarms?: { create(name: string, info: { when: number }): unknown; clear(name: string): unknown; get?(name: string): Promise<unknown> };
  /**
   * Rebuilds the pack in force from the bundle and the stored organisation pack, and says whom
   * it surfaced among the senders read before (pack-store.ts, surfacing.ts).
   */
  ensure?: () => Promise<{ surfaced?: Surfaced[] } | unknown>;
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
  const ensure = deps.ensure ?? (() => ensureActivePack({ now }));
  return lock(async () => {
    const previous = await readPackUpdateStatus(area);
    const write = async (status: PackUpdateStatus) => {
      await area.set({ [PACK_UPDATE_KEY]: status });
      return status;
    };

    // Where the browser gives the extension no database, what policy says is kept where web
    // pages can write it (trusted-area.ts): an address or a key from there vouches for nothing.
    if (await isFallback()) {
      await alarms.clear(PACK_UPDATE_ALARM);
      if (previous?.outcome === 'unavailable') return previous;
      return write({ outcome: 'unavailable', reason: ORG_PACKS_UNAVAILABLE, failures: 0 });
    }

    const { state } = await readPolicyState(area);
    const values = state?.values ?? {};
    const url = values.packUrl;
    const keys = trustedPackKeys(values);

    if (!url) {
      // The organisation withdrew its pack, or a policy read found nothing for a while: the
      // baseline alone is in force (a stored pack counts only while policy names its address,
      // org-pack.ts). The file is kept for a week, so that the address coming back puts it in
      // force again without a download, whether or not its host answers then.
      const stored = (await area.get(ORG_PACK_KEY))[ORG_PACK_KEY] !== undefined;
      const since = previous?.outcome === 'not-set' && previous.withdrawnAt !== undefined && previous.withdrawnAt <= now() ? previous.withdrawnAt : now();
      const expired = now() - since >= WITHDRAWN_KEPT_MS;
      if (stored && expired) await area.remove(ORG_PACK_KEY);
      // (With none stored there is nothing to undo: every start makes the pack in force match the store.)
      if (stored && previous?.outcome !== 'not-set') await ensure();
      if (stored && !expired) alarms.create(PACK_UPDATE_ALARM, { when: since + WITHDRAWN_KEPT_MS });
      else await alarms.clear(PACK_UPDATE_ALARM);
      if (previous?.outcome === 'not-set' && previous.withdrawnAt === since) return previous;
      // What the kept pack skips still holds if it comes back into force unchanged (the page
      // shows notes only beside a pack in force).
      return write({ outcome: 'not-set', failures: 0, withdrawnAt: since, ...(stored && previous?.notes ? { notes: previous.notes } : {}) });
    }

    const hours = values.updateIntervalHours ?? DEFAULT_UPDATE_HOURS;
    const intervalMs = hours * HOUR_MS;
    const changed = previous?.url !== url || !sameKeys(previous.keys, keys);
    // A check made while the clock was ahead (set back since) is not waited for: its next would be
    // that far off too.
    const fromTheFuture = previous?.checkedAt !== undefined && previous.checkedAt > now();
    let due = options.force || changed || fromTheFuture || previous?.nextCheckAt === undefined || previous.nextCheckAt <= now();
    if (!due && previous!.intervalHours !== hours && previous!.checkedAt !== undefined) {
      // A shorter interval brings the next check forward; a longer one waits for the one set.
      const next = Math.min(previous!.nextCheckAt!, previous!.checkedAt + intervalMs);
      if (next <= now()) due = true;
      else {
        alarms.create(PACK_UPDATE_ALARM, { when: next });
        return write({ ...previous!, intervalHours: hours, nextCheckAt: next });
      }
    }
    if (!due) {
      // Alarms can be lost (a browser that cleared them, a profile copied); set it again.
      if (!(await alarms.get?.(PACK_UPDATE_ALARM))) alarms.create(PACK_UPDATE_ALARM, { when: previous!.nextCheckAt! });
      return previous!;
    }

    const checkedAt = now();
    const base = { url, keys, intervalHours: hours, checkedAt };
    const failures = (changed ? 0 : (previous?.failures ?? 0)) + 1;
    const retryAt = checkedAt + Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), intervalMs);
    // A check cut short (the worker stopped, storage failed) is made again then.
    alarms.create(PACK_UPDATE_ALARM, { when: retryAt });
    const failed = (outcome: 'failed' | 'refused', reason: string): PackUpdateStatus => ({ ...base, outcome, reason: reason.slice(0, 2000), failures, nextCheckAt: retryAt });

    let status: PackUpdateStatus;
    let installed: Scorer | undefined;
    try {
      const result = await fetchAndCheck(url, keys, { area, now: checkedAt, bundled: deps.bundled ?? bundledPack, fetch: deps.fetch });
      if (!result.ok) status = failed(result.outcome, result.reason);
      else {
        status = { ...base, outcome: result.outcome, failures: 0, nextCheckAt: checkedAt + intervalMs };
        if (result.scorer) {
          installed = result.scorer;
          if (result.notes.length > 0) status.notes = result.notes.slice(0, MAX_NOTES).map((note) => note.slice(0, 1000));
        }
      }
    } catch (error) {
      status = failed('failed', `the check stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!installed) {
      // The pack in force is the one taken before: what it left out, and the senders it
      // surfaced, still hold (and are shown only while it is in force).
      if (previous?.notes) status.notes = previous.notes;
      if (previous?.surfaced) status.surfaced = previous.surfaced;
      if (previous?.surfacedCount !== undefined) status.surfacedCount = previous.surfacedCount;
    }

    try {
      // The pack in force, built again from what is stored and verifies now. The rebuild checks
      // the senders read before against it, and tells the user of those it newly flags.
      const rebuilt = await ensure();
      const surfaced = (rebuilt as { surfaced?: Surfaced[] } | undefined)?.surfaced ?? [];
      if (installed && surfaced.length > 0) {
        // The options page's list: who, and how high; the popup's notice keeps what the pack found.
        status.surfaced = surfaced.slice(0, MAX_SURFACED).map(({ profileUrl, name, level }) => ({ profileUrl, level, ...(name ? { name } : {}) }));
        status.surfacedCount = surfaced.length;
      }
      const overlay = await verifiedOverlay(area);
      if (overlay.pack) {
        const { id, name, version, publisher, published, expires } = overlay.pack;
        status.inForce = { id, name, version, publisher, published, ...(expires ? { expires } : {}), fetchedAt: overlay.stored.fetchedAt };
      } else if (overlay.reason) {
        status.notInForce = overlay.reason.slice(0, 2000);
      }
    } catch (error) {
      // The stored pack is layered by the next rebuild (every start, every repair).
      console.error('Approach Guard: rebuilding the pack in force failed', error);
    }
    await write(status);
    alarms.create(PACK_UPDATE_ALARM, { when: status.nextCheckAt! });
    return status;
  });
}

/**
 * For "Clear history": the last check's list of senders a new pack flagged names people from the
 * records cleared. Taken out after any check under way, which would otherwise write it back.
 */
export function forgetSurfacedSenders(area: LocalArea = trustedArea()): Promise<void> {
  return lock(async () => {
    const status = await readPackUpdateStatus(area);
    if (status?.surfaced === undefined && status?.surfacedCount === undefined) return;
    const { surfaced: _surfaced, surfacedCount: _count, ...rest } = status;
    await area.set({ [PACK_UPDATE_KEY]: rest });
  });
}

type CheckResult =
  | { ok: true; outcome: 'installed'; scorer: Scorer; notes: string[] }
  | { ok: true; outcome: 'unchanged'; scorer?: undefined; notes?: undefined }
  | { ok: false; outcome: 'failed' | 'refused'; reason: string };

/** Fetches the pack at `url` and, when every check passes, stores it. */
async function fetchAndCheck(
  url: string,
  keys: string[],
  deps: { area: LocalArea; now: number; bundled: unknown; fetch?: FetchLike | undefined },
): Promise<CheckResult> {
  const { area, now } = deps;
  const fetched = await fetchSignedPack(url, deps.fetch ? { fetch: deps.fetch } : {});
  if (!fetched.ok) return { ok: false, outcome: 'failed', reason: fetched.reason };
  const signature = fetched.signature.trim();
  const stored = await readOrgPack(area);
  const floor = await readFloor(area);

  // The pack in force, re-signed (a new key) or moved (a new address): the same bytes, which
  // need no new version, as long as they verify now.
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(fetched.bytes);
  if (stored && stored.text === text) {
    const parsed = parseSignature(signature);
    if (!parsed.ok) return { ok: false, outcome: 'refused', reason: parsed.reason };
    const verified = await verifySignature(fetched.bytes, parsed.signature, keys);
    if (!verified.ok) return { ok: false, outcome: 'refused', reason: verified.reason };
    if (stored.url !== url || stored.signature !== signature) await area.set({ [ORG_PACK_KEY]: { ...stored, url, signature } });
    // The key that signs it now holds the floor at this version from here on, also when it
    // signed an earlier version of the pack before: else, once the other key leaves policy,
    // that earlier entry would be the only one left, and a pack in between would be taken.
    const floorEntry = floor.find((entry) => entry.id === stored.id && entry.version === stored.version);
    const own = floor.find((entry) => entry.id === stored.id && entry.key === verified.key);
    if (floorEntry && (!own || compareVersions(own.version, stored.version) < 0)) {
      await area.set(floorItems([...floor.filter((entry) => entry !== own), { ...floorEntry, key: verified.key }]));
    }
    return { ok: true, outcome: 'unchanged' };
  }

  const checked = await checkSignedPack(fetched.bytes, signature, {
    keys,
    baseline: loadBundledPack(deps.bundled).pack,
    // Only what a key trusted now signed can hold a pack back: a revoked key's pack cannot.
    floor: floor.filter((entry) => keys.includes(entry.key)),
    now,
  });
  if (!checked.ok) return { ok: false, outcome: 'refused', reason: checked.reason };
  const { id, version, published } = checked.pack;
  // The pack and its place in the floor in one write (one transaction): both, or neither.
  await area.set({
    [ORG_PACK_KEY]: { url, text: checked.text, signature, id, version, fetchedAt: now },
    ...floorItems([...floor.filter((entry) => !(entry.id === id && entry.key === checked.key)), { id, version, published, key: checked.key, digest: checked.digest }]),
  });
  return { ok: true, outcome: 'installed', scorer: checked.scorer, notes: checked.notes };
}
