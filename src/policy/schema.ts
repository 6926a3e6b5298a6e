// Enterprise policy keys (issue: "Enterprise policy"). Validated one key at a time: a bad value
// for one key is reported with its reason and never disturbs the others. The JSON Schema Chrome
// reads (managed-schema.json) must list the same keys; a test keeps them in step.
import { z } from 'zod';
import { canonicalKey, fromBase64, PUBLIC_KEY_BYTES } from '../pack/signature';
import { emailAddressSchema, endpointUrlSchema } from '../report/schema';
import { THRESHOLDS, type SettingKey } from '../settings/schema';
import { reasonOf } from '../settings/validation';

/**
 * A raw 32-byte Ed25519 public key in standard base64 with its padding, as pinned for pack
 * signatures. Read with the signature check's own decoder: a key this accepts is one the check
 * can use (an unpadded key that `atob` would take is refused here, not passed over there).
 */
export const trustedKeySchema = z
  .string()
  .superRefine((value, ctx) => {
    const bytes = fromBase64(value);
    if (!bytes) ctx.addIssue({ code: 'custom', message: 'is not standard base64 with its padding (44 characters ending in "=")' });
    else if (bytes.length !== PUBLIC_KEY_BYTES) ctx.addIssue({ code: 'custom', message: `decodes to ${bytes.length} bytes, an Ed25519 public key has ${PUBLIC_KEY_BYTES}` });
  })
  // Kept in one spelling: the floor knows a key by it, and a key tidied in policy (white space
  // taken away) must still hold back the packs it signed.
  .transform(canonicalKey);

export const policySchemas = {
  securityTeamName: z.string().trim().min(1).max(100),
  securityTeamContact: z.string().trim().min(1).max(300),
  webhookUrl: endpointUrlSchema,
  reportEmail: emailAddressSchema,
  threshold: z.enum(THRESHOLDS),
  discreetMode: z.boolean(),
  packUrl: endpointUrlSchema,
  trustedKeys: z.array(trustedKeySchema).min(1).max(10),
  updateIntervalHours: z.number().int().min(1).max(168),
} as const;

export type PolicyKey = keyof typeof policySchemas;
export type PolicyValues = { [K in PolicyKey]: z.output<(typeof policySchemas)[K]> };
export const POLICY_KEYS = Object.keys(policySchemas) as PolicyKey[];

/** Policy keys that lock the user setting of the same name. The rest configure rule packs. */
export const POLICY_SETTING_KEYS = [
  'securityTeamName',
  'securityTeamContact',
  'webhookUrl',
  'reportEmail',
  'threshold',
  'discreetMode',
] as const satisfies readonly (PolicyKey & SettingKey)[];

export interface PolicyIssue {
  key: string;
  value: unknown;
  reason: string;
  /** True when an earlier valid value for this key stays in force instead. */
  keptPrevious: boolean;
}

export const isPolicyKey = (key: string): key is PolicyKey => (POLICY_KEYS as string[]).includes(key);

/** Validates one key; the reason reads as "<key> <reason>" in the options page. */
export function validatePolicyValue<K extends PolicyKey>(
  key: K,
  value: unknown,
): { ok: true; value: PolicyValues[K] } | { ok: false; reason: string } {
  const parsed = policySchemas[key].safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data as PolicyValues[K] }
    : { ok: false, reason: reasonOf(parsed.error) };
}
