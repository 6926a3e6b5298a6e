// The organisation's signed pack as fetched (src/pack/update.ts), kept in the trusted area with
// its signature. It is checked again whenever the pack in force is rebuilt: against the address
// and keys policy gives now, so a pack from an address or a key the organisation has since
// dropped stops counting, and a stored copy that was changed counts for nothing.
import { z } from 'zod';
import { loadPack } from '../pack/load';
import type { RulePack } from '../pack/schema';
import { parseSignature, verifySignature } from '../pack/signature';
import { readPolicyState } from '../policy/read';
import type { PolicyValues } from '../policy/schema';
import type { LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';
import { PINNED_PACK_KEYS } from '../pack/pinned-keys';

/** Trusted-area key of the stored organisation pack. */
export const ORG_PACK_KEY = 'orgPack';

export const storedOrgPackSchema = z.strictObject({
  /** The address it was fetched from. */
  url: z.string().min(1).max(2000),
  /** The pack file exactly as signed. */
  text: z.string().min(2),
  /** The signature file's contents. */
  signature: z.string().min(1).max(1024),
  id: z.string().min(1).max(200),
  version: z.string().min(1).max(100),
  /** ms since the epoch. */
  fetchedAt: z.number().int().nonnegative(),
});
export type StoredOrgPack = z.infer<typeof storedOrgPackSchema>;

/** The trusted keys: those built into the extension, then those policy gives. */
export function trustedPackKeys(values: Partial<PolicyValues>): string[] {
  return [...new Set([...PINNED_PACK_KEYS, ...(values.trustedKeys ?? [])])];
}

/** The stored organisation pack, or undefined when there is none or it is unreadable. */
export async function readOrgPack(area: LocalArea = trustedArea()): Promise<StoredOrgPack | undefined> {
  const raw = (await area.get(ORG_PACK_KEY))[ORG_PACK_KEY];
  if (raw === undefined) return undefined;
  const parsed = storedOrgPackSchema.safeParse(raw);
  if (!parsed.success) console.warn('Approach Guard: the stored organisation pack is unreadable; the baseline is used alone');
  return parsed.success ? parsed.data : undefined;
}

export type Overlay = { pack: RulePack; stored: StoredOrgPack; reason?: undefined } | { pack?: undefined; stored?: undefined; reason?: string };

/**
 * The organisation pack to layer over the baseline: the stored one, fetched from the address
 * policy gives now and signed by a key trusted now. Otherwise none, with the reason.
 */
export async function verifiedOverlay(area: LocalArea = trustedArea()): Promise<Overlay> {
  const stored = await readOrgPack(area);
  if (!stored) return {};
  const { state } = await readPolicyState(area);
  const values = state?.values ?? {};
  if (values.packUrl !== stored.url) return { reason: 'the pack address set by policy changed' };
  const signature = parseSignature(stored.signature);
  if (!signature.ok) return { reason: signature.reason };
  const bytes = new TextEncoder().encode(stored.text);
  const verified = await verifySignature(bytes, signature.signature, trustedPackKeys(values));
  if (!verified.ok) return { reason: verified.reason };
  try {
    return { pack: loadPack(JSON.parse(stored.text.replace(/^\uFEFF/, ''))).pack, stored };
  } catch (error) {
    return { reason: `the stored pack is not valid: ${error instanceof Error ? error.message : String(error)}` };
  }
}
