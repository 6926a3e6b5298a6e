// What the extension actually uses: policy (locked) over the user's choice over the default,
// with the source of every key so the options page can grey out and explain locked fields.
import { POLICY_SETTING_KEYS, type PolicyIssue, type PolicyValues } from '../policy/schema';
import { readPolicyState, type PolicyState } from '../policy/read';
import { DEFAULT_SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from './schema';
import { type DataIssue, type LocalArea } from './storage-area';
import { trustedArea } from './trusted-area';
import { readSettings, type SettingsRead } from './store';

export type SettingSource = 'policy' | 'user' | 'default';

export interface EffectiveSetting<K extends SettingKey> {
  value: Settings[K];
  source: SettingSource;
  /** Set when the user cannot change this key. */
  lockedBy?: 'policy';
}

export type EffectiveSettings = { [K in SettingKey]: EffectiveSetting<K> };

const lockable = new Set<SettingKey>(POLICY_SETTING_KEYS);

export function resolveEffectiveSettings(
  user: Pick<SettingsRead, 'settings' | 'userKeys'>,
  policy: Partial<PolicyValues>,
): EffectiveSettings {
  const result: Partial<Record<SettingKey, EffectiveSetting<SettingKey>>> = {};
  for (const key of SETTING_KEYS) {
    const enforced = lockable.has(key) ? (policy as Partial<Record<SettingKey, unknown>>)[key] : undefined;
    if (enforced !== undefined) {
      result[key] = { value: enforced as Settings[SettingKey], source: 'policy', lockedBy: 'policy' };
    } else if (user.userKeys.includes(key)) {
      result[key] = { value: user.settings[key], source: 'user' };
    } else {
      result[key] = { value: DEFAULT_SETTINGS[key], source: 'default' };
    }
  }
  return result as EffectiveSettings;
}

export function effectiveValues(effective: EffectiveSettings): Settings {
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) values[key] = effective[key].value;
  return values as Settings;
}

export interface EffectiveSettingsLoad {
  effective: EffectiveSettings;
  values: Settings;
  /** Bad stored data: settings or persisted policy values that fell back. */
  issues: DataIssue[];
  /** Bad managed values from the last policy read, for the options page. */
  policyIssues: PolicyIssue[];
  policy: PolicyState | undefined;
}

/** Reads stored data only (never managed storage, which can stall): cheap enough for any page. */
export async function loadEffectiveSettings(area: LocalArea = trustedArea()): Promise<EffectiveSettingsLoad> {
  const [user, policy] = await Promise.all([readSettings(area), readPolicyState(area)]);
  const effective = resolveEffectiveSettings(user, policy.state?.values ?? {});
  return {
    effective,
    values: effectiveValues(effective),
    issues: [...user.issues, ...policy.issues],
    policyIssues: policy.state?.issues ?? [],
    policy: policy.state,
  };
}
