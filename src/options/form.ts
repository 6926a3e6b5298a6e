// Turning what the user typed into a settings patch: every field validated, errors phrased
// for the field, and either a complete patch or none (nothing is saved partially).
import { endpointUrlProblem } from '../report/schema';
import { settingSchemas, type SettingKey, type Settings, type Threshold } from '../settings/schema';
import { reasonOf } from '../settings/validation';
import { FIELD_ERRORS } from '../ui/strings';

/** The form's view of the settings: text fields hold strings, empty meaning "none". */
export interface Draft {
  securityTeamName: string;
  securityTeamContact: string;
  webhookUrl: string;
  reportEmail: string;
  clipboardEnabled: boolean;
  threshold: Threshold;
  discreetMode: boolean;
}

export type FieldErrors = Partial<Record<SettingKey, string>>;

export function draftFrom(values: Settings): Draft {
  return { ...values, webhookUrl: values.webhookUrl ?? '', reportEmail: values.reportEmail ?? '' };
}

const TEXT_LIMITS: Partial<Record<SettingKey, number>> = { securityTeamName: 100, securityTeamContact: 300 };

function fromDraft<K extends SettingKey>(key: K, value: Draft[K]): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  // An empty address means "no such channel", which the settings store as null.
  if (key === 'webhookUrl' || key === 'reportEmail') return trimmed === '' ? null : trimmed;
  return trimmed;
}

function messageFor(key: SettingKey, value: unknown, reason: string): string {
  if (key === 'webhookUrl' && typeof value === 'string') {
    return FIELD_ERRORS.webhookUrl(endpointUrlProblem(value) ?? reason);
  }
  if (key === 'reportEmail') return FIELD_ERRORS.reportEmail;
  const limit = TEXT_LIMITS[key];
  if (limit !== undefined && typeof value === 'string' && value.length > limit) return FIELD_ERRORS.tooLong(limit);
  return FIELD_ERRORS.invalid(reason);
}

/**
 * The patch for `keys`, or the errors. Keys fixed by policy are left out: the user cannot change
 * them, and writing them would only store a value that is never used.
 */
export function patchFromDraft(
  draft: Draft,
  keys: readonly SettingKey[],
  isLocked: (key: SettingKey) => boolean,
): { patch: Partial<Settings>; errors: FieldErrors } {
  const patch: Partial<Record<SettingKey, unknown>> = {};
  const errors: FieldErrors = {};
  for (const key of keys) {
    if (isLocked(key)) continue;
    const value = fromDraft(key, draft[key]);
    const parsed = settingSchemas[key].safeParse(value);
    if (parsed.success) patch[key] = parsed.data;
    else errors[key] = messageFor(key, value, reasonOf(parsed.error));
  }
  return Object.keys(errors).length > 0
    ? { patch: {}, errors }
    : { patch: patch as Partial<Settings>, errors };
}
