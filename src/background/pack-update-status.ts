// The outcome of the last check for an organisation pack (pack-updates.ts), kept in the trusted
// area for the options page. Light on purpose: the options page reads it without the engine.
import { z } from 'zod';
import type { LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';

/** Trusted-area key of the last check's outcome, for the options page. */
export const PACK_UPDATE_KEY = 'packUpdate';
export const MAX_NOTES = 20;
export const MAX_SURFACED = 50;

/** The organisation pack in force, as the options page shows it. */
const packMetaSchema = z.strictObject({
  id: z.string().max(200),
  name: z.string().max(2000),
  version: z.string().max(1000),
  publisher: z.string().max(2000),
  published: z.string().max(40),
  expires: z.string().max(40).optional(),
  fetchedAt: z.number().int().nonnegative(),
});

export const packUpdateStatusSchema = z.strictObject({
  /**
   * - `installed`: a new pack was fetched and is in force;
   * - `unchanged`: the pack at the address is the one in force;
   * - `failed`: the address could not be read (offline, an HTTP error, too large, too slow);
   * - `refused`: it was read but not taken (signature, validity, version, expiry, self-test);
   * - `not-set`: policy sets no pack address;
   * - `unavailable`: the browser lets the extension keep no database, so no pack is used.
   */
  outcome: z.enum(['installed', 'unchanged', 'failed', 'refused', 'not-set', 'unavailable']),
  /** The address and keys of this check, so that a policy change is seen as one. */
  url: z.string().max(4096).optional(),
  keys: z.array(z.string().max(100)).max(20).optional(),
  intervalHours: z.number().int().positive().optional(),
  checkedAt: z.number().int().nonnegative().optional(),
  reason: z.string().max(2000).optional(),
  /** What the pack in force skipped (a rule this version cannot use, a clashing id). */
  notes: z.array(z.string().max(1000)).max(MAX_NOTES).optional(),
  /** Checks in a row that failed or were refused. */
  failures: z.number().int().nonnegative(),
  nextCheckAt: z.number().int().nonnegative().optional(),
  /**
   * Senders read on this device before that the installed pack flags (a profile it lists), newly
   * or at a higher level than before: approaches received months ago, surfaced again.
   */
  surfaced: z
    .array(z.strictObject({ profileUrl: z.url({ protocol: /^https$/ }).max(2048), name: z.string().max(200).optional(), level: z.enum(['medium', 'high']) }))
    .max(MAX_SURFACED)
    .optional(),
  /** How many there were, when more than the list keeps. */
  surfacedCount: z.number().int().nonnegative().optional(),
  /** With `not-set`: since when policy names no address (a stored pack is kept a week after). */
  withdrawnAt: z.number().int().nonnegative().optional(),
  /** The organisation pack in force, if any, and why a stored one is not. */
  inForce: packMetaSchema.optional(),
  notInForce: z.string().max(2000).optional(),
});
export type PackUpdateStatus = z.infer<typeof packUpdateStatusSchema>;

/** The last check's outcome; undefined when there was none or what is stored is unreadable. */
export async function readPackUpdateStatus(area: LocalArea = trustedArea()): Promise<PackUpdateStatus | undefined> {
  const parsed = packUpdateStatusSchema.safeParse((await area.get(PACK_UPDATE_KEY))[PACK_UPDATE_KEY]);
  return parsed.success ? parsed.data : undefined;
}

