// The organisation's signed pack as fetched (src/pack/update.ts), kept in the trusted area with
// its signature. It is checked again whenever the pack in force is rebuilt: against the address
// and keys policy gives now, so a pack from an address or a key the organisation has since
// dropped stops counting, and a stored copy that was changed counts for nothing.
import { z } from 'zod';
import { loadPack } from '../pack/load';
import type { RulePack } from '../pack/schema';
import { canonicalKey, parseSignature, verifySignature } from '../pack/signature';
import { readPolicyState } from '../policy/read';
import type { PolicyValues } from '../policy/schema';
import type { LocalArea } from '../settings/storage-area';
import { isFallback, trustedArea } from '../settings/trusted-area';
import { PINNED_PACK_KEYS } from '../pack/pinned-keys';

/** Trusted-area key of the stored organisation pack. */
export const ORG_PACK_KEY = 'orgPack';

/** Why there is no organisation pack where the extension may keep no database. */
export const ORG_PACKS_UNAVAILABLE =
  'this browser lets the extension keep no private storage (as in permanent private browsing), so the pack address and keys could be changed by web pages; only the built-in rules are used';

export const storedOrgPackSchema = z.strictObject({
  /** The address it was fetched from. */
  url: z.string().min(1).max(4096),
  /** The pack file exactly as signed. */
  text: z.string().min(2),
  /** The signature file's contents. */
  signature: z.string().min(1).max(1024),
  id: z.string().min(1).max(200),
  version: z.string().min(1).max(1000),
  /** ms since the epoch. */
  fetchedAt: z.number().int().nonnegative(),
});
export type StoredOrgPack = z.infer<typeof storedOrgPackSchema>;

/** The trusted keys: those built into the extension, then those policy gives. */
export function trustedPackKeys(values: Partial<PolicyValues>): string[] {
  // In one spelling, as the floor keeps them (values an earlier build stored may carry another).
  return [...new Set([...PINNED_PACK_KEYS, ...(values.trustedKeys ?? [])].map(canonicalKey))];
}

/** The stored organisation pack, or undefined when there is none or it is unreadable. */
export async function readOrgPack(area: LocalArea = trustedArea()): Promise<StoredOrgPack | undefined> {
  const raw = (await area.get(ORG_PACK_KEY))[ORG_PACK_KEY];
  if (raw === undefined) return undefined;
  const parsed = storedOrgPackSchema.safeParse(raw);
  if (!parsed.success) console.warn('Approach Guard: the stored organisation pack is unreadable; the baseline is used alone');
  return parsed.success ? parsed.data : undefined;
}

/**
 * Trusted-area key of the versions each trusted key has signed, kept when a pack is withdrawn:
 * a pack never goes back to an older version of the same id, nor to a pack published before one
 * in force, even one a trusted key signed (a replay). Entries are per key, so a key revoked
 * later (one that leaked, say) cannot hold back the packs of the keys that replace it.
 */
export const ORG_PACK_FLOOR_KEY = 'orgPackFloor';
const MAX_FLOOR_ENTRIES = 50;

export const floorEntrySchema = z.strictObject({
  id: z.string().min(1).max(200),
  version: z.string().min(1).max(1000),
  published: z.string().max(40),
  key: z.string().max(100),
});

/**
 * Trusted-area key of the SHA-256 of each pack file the floor records (see pack-updates.ts: the
 * very file taken last may be taken again after a withdrawal). Kept apart from the floor, whose
 * entries an earlier build reads strictly: an entry with a field it does not know would make
 * that build read no floor at all, and take back a pack it had gone past.
 */
export const ORG_PACK_DIGESTS_KEY = 'orgPackFloorDigests';
const digestEntrySchema = z.strictObject({ id: z.string().min(1).max(200), version: z.string().min(1).max(1000), digest: z.string().regex(/^[0-9a-f]{64}$/) });

/** A pack taken before, and the SHA-256 of its file when it was recorded. */
export type FloorEntry = z.infer<typeof floorEntrySchema> & { digest?: string };

const digestKey = (entry: { id: string; version: string }) => `${entry.id}\n${entry.version}`;

export async function readFloor(area: LocalArea = trustedArea()): Promise<FloorEntry[]> {
  const stored = await area.get([ORG_PACK_FLOOR_KEY, ORG_PACK_DIGESTS_KEY]);
  const list = stored[ORG_PACK_FLOOR_KEY];
  if (!Array.isArray(list)) return [];
  // Entry by entry: one that cannot be read must not take the others' protection with it.
  const entries = list.flatMap((raw) => {
    const parsed = floorEntrySchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  if (entries.length < list.length) console.warn(`Approach Guard: ${list.length - entries.length} of the packs taken before could not be read`);
  const digests = z.array(digestEntrySchema).safeParse(stored[ORG_PACK_DIGESTS_KEY]);
  const byPack = new Map((digests.success ? digests.data : []).map((entry) => [digestKey(entry), entry.digest]));
  return entries.map((raw) => {
    // Entries written before policy kept keys in one spelling carry the spelling policy gave.
    const entry = { ...raw, key: canonicalKey(raw.key) };
    const digest = byPack.get(digestKey(entry));
    return digest ? { ...entry, digest } : entry;
  });
}

/** The floor as items to write, with other items in the same write. */
export function floorItems(entries: FloorEntry[]): Record<string, unknown> {
  const kept = entries.slice(-MAX_FLOOR_ENTRIES);
  const digests = new Map(kept.flatMap(({ id, version, digest }) => (digest ? [[digestKey({ id, version }), { id, version, digest }] as const] : [])));
  return {
    [ORG_PACK_FLOOR_KEY]: kept.map(({ id, version, published, key }) => ({ id, version, published, key })),
    [ORG_PACK_DIGESTS_KEY]: [...digests.values()],
  };
}

export type Overlay = { pack: RulePack; stored: StoredOrgPack; reason?: undefined } | { pack?: undefined; stored?: undefined; reason?: string };

/**
 * The organisation pack to layer over the baseline: the stored one, fetched from the address
 * policy gives now and signed by a key trusted now. Otherwise none, with the reason.
 */
export async function verifiedOverlay(area: LocalArea = trustedArea()): Promise<Overlay> {
  // Where storage.local stands in for the trusted area, web pages could write the policy that
  // names the keys as well as the pack: nothing there can vouch for a pack.
  if (await isFallback()) return {};
  const stored = await readOrgPack(area);
  if (!stored) return {};
  const { state } = await readPolicyState(area);
  const values = state?.values ?? {};
  if (values.packUrl !== stored.url) return { reason: 'the pack address set by policy changed' };
  const keys = trustedPackKeys(values);
  // Rebuilds come often (every start, every repair): the same file under the same keys is
  // verified and parsed once.
  if (last && last.stored.text === stored.text && last.stored.signature === stored.signature && last.keys === keys.join()) return { pack: last.pack, stored };
  const signature = parseSignature(stored.signature);
  if (!signature.ok) return { reason: signature.reason };
  const bytes = new TextEncoder().encode(stored.text);
  const verified = await verifySignature(bytes, signature.signature, keys);
  if (!verified.ok) return { reason: verified.reason };
  try {
    const pack = loadPack(JSON.parse(stored.text.replace(/^\uFEFF/, ''))).pack;
    last = { stored, keys: keys.join(), pack };
    return { pack, stored };
  } catch (error) {
    return { reason: `the stored pack is not valid: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The last pack verifiedOverlay() verified, with what it was verified from. */
let last: { stored: StoredOrgPack; keys: string; pack: RulePack } | undefined;
