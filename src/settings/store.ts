// Settings and the "Not suspicious" list in the trusted area, validated on every read. A bad
// stored value is reported and replaced by its default for that key only; the user's other
// choices stay as they were.
import { reasonOf } from './validation';
import { normaliseProfileUrl } from './profile-url';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  notSuspiciousEntrySchema,
  settingSchemas,
  type NotSuspiciousEntry,
  type SettingKey,
  type Settings,
} from './schema';
import { clipName } from './names';
import { createLock, type DataIssue, type LocalArea } from './storage-area';
import { trustedArea } from './trusted-area';

export const SETTINGS_STORAGE_KEY = 'settings';
export const NOT_SUSPICIOUS_STORAGE_KEY = 'notSuspicious';

export class SettingsValidationError extends Error {
  override name = 'SettingsValidationError';
  constructor(readonly issues: DataIssue[]) {
    super(issues.map((issue) => `${issue.key}: ${issue.reason}`).join('; '));
  }
}

export interface SettingsRead {
  settings: Settings;
  /** Keys holding a valid value the user chose; every other key is at its default. */
  userKeys: SettingKey[];
  issues: DataIssue[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const writeLock = createLock();

async function readRawSettings(area: LocalArea): Promise<{ raw: Record<string, unknown>; issues: DataIssue[] }> {
  const stored = (await area.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY];
  if (stored === undefined || stored === null) return { raw: {}, issues: [] };
  if (isRecord(stored)) return { raw: stored, issues: [] };
  return {
    raw: {},
    issues: [{ area: 'settings', key: SETTINGS_STORAGE_KEY, value: stored, reason: 'stored settings are not an object' }],
  };
}

function parseSettings(raw: Record<string, unknown>, issues: DataIssue[]): SettingsRead {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const userKeys: SettingKey[] = [];
  for (const key of SETTING_KEYS) {
    if (raw[key] === undefined) continue;
    const parsed = settingSchemas[key].safeParse(raw[key]);
    if (parsed.success) {
      settings[key] = parsed.data;
      userKeys.push(key);
    } else {
      issues.push({ area: 'settings', key, value: raw[key], reason: reasonOf(parsed.error) });
    }
  }
  return { settings: settings as Settings, userKeys, issues };
}

export async function readSettings(area: LocalArea = trustedArea()): Promise<SettingsRead> {
  const { raw, issues } = await readRawSettings(area);
  return parseSettings(raw, issues);
}

/**
 * Validates every key of `patch` and writes them, or writes nothing and throws
 * `SettingsValidationError`. `undefined` for a key returns it to its default. Keys this version
 * does not know (left by a newer one) are kept as stored.
 */
export async function updateSettings(
  patch: { [K in SettingKey]?: Settings[K] | undefined },
  area: LocalArea = trustedArea(),
): Promise<SettingsRead> {
  const problems: DataIssue[] = [];
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!(SETTING_KEYS as string[]).includes(key)) {
      problems.push({ area: 'settings', key, value, reason: 'not a setting' });
      continue;
    }
    if (value === undefined) {
      clean[key] = undefined;
      continue;
    }
    const parsed = settingSchemas[key as SettingKey].safeParse(value);
    if (parsed.success) clean[key] = parsed.data;
    else problems.push({ area: 'settings', key, value, reason: reasonOf(parsed.error) });
  }
  if (problems.length > 0) throw new SettingsValidationError(problems);

  return writeLock(async () => {
    const { raw } = await readRawSettings(area);
    const next: Record<string, unknown> = { ...raw };
    for (const [key, value] of Object.entries(clean)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    await area.set({ [SETTINGS_STORAGE_KEY]: next });
    return parseSettings(next, []);
  });
}

export interface NotSuspiciousRead {
  entries: NotSuspiciousEntry[];
  issues: DataIssue[];
}

export async function readNotSuspicious(area: LocalArea = trustedArea()): Promise<NotSuspiciousRead> {
  const stored = (await area.get(NOT_SUSPICIOUS_STORAGE_KEY))[NOT_SUSPICIOUS_STORAGE_KEY];
  if (stored === undefined || stored === null) return { entries: [], issues: [] };
  if (!Array.isArray(stored)) {
    return {
      entries: [],
      issues: [{ area: 'notSuspicious', key: NOT_SUSPICIOUS_STORAGE_KEY, value: stored, reason: 'not a list' }],
    };
  }
  const entries: NotSuspiciousEntry[] = [];
  const issues: DataIssue[] = [];
  stored.forEach((value: unknown, index) => {
    const parsed = notSuspiciousEntrySchema.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
    else issues.push({ area: 'notSuspicious', key: `${NOT_SUSPICIOUS_STORAGE_KEY}[${index}]`, value, reason: reasonOf(parsed.error) });
  });
  return { entries, issues };
}

export function isNotSuspicious(profileUrl: string | undefined, entries: readonly NotSuspiciousEntry[]): boolean {
  const ref = normaliseProfileUrl(profileUrl);
  return ref !== undefined && entries.some((entry) => entry.profileUrl === ref.url);
}

/**
 * At most this many senders are kept as "Not suspicious"; beyond it the longest-marked goes and
 * its warnings return (the safe side). Content scripts send these marks, and every LinkedIn tab
 * reads the list, so it must not grow without bound.
 */
export const NOT_SUSPICIOUS_MAX_ENTRIES = 1000;

export interface ListWriteOptions {
  area?: LocalArea;
  now?: () => number;
}

/** A mark refused because the list is full and the mark may not push older ones out. */
export class NotSuspiciousListFullError extends Error {
  override name = 'NotSuspiciousListFullError';
  constructor() {
    super(`the Not-suspicious list is full (${NOT_SUSPICIOUS_MAX_ENTRIES.toLocaleString('en-GB')} people)`);
  }
}

export interface MarkOptions extends ListWriteOptions {
  /**
   * With the list full, `'refuse'` throws NotSuspiciousListFullError instead of letting the
   * longest-marked go: for marks sent by content scripts, which a page could otherwise use to
   * push the user's own marks out.
   */
  whenFull?: 'drop-oldest' | 'refuse';
}

/** The user's "Not suspicious": later warnings for this sender are suppressed until undone. */
export async function markNotSuspicious(
  sender: { profileUrl: string; name?: string | undefined },
  options: MarkOptions = {},
): Promise<NotSuspiciousEntry[]> {
  const ref = normaliseProfileUrl(sender.profileUrl);
  if (!ref) {
    throw new SettingsValidationError([
      { area: 'notSuspicious', key: 'profileUrl', value: sender.profileUrl, reason: 'not an https profile URL' },
    ]);
  }
  const area = options.area ?? trustedArea();
  const now = options.now ?? Date.now;
  return writeLock(async () => {
    const { entries } = await readNotSuspicious(area);
    if (entries.some((entry) => entry.profileUrl === ref.url)) return entries;
    if (options.whenFull === 'refuse' && entries.length >= NOT_SUSPICIOUS_MAX_ENTRIES) throw new NotSuspiciousListFullError();
    const entry: NotSuspiciousEntry = { profileUrl: ref.url, addedAt: new Date(now()).toISOString() };
    const name = clipName(sender.name);
    if (name) entry.name = name;
    const next = [...entries, entry].slice(-NOT_SUSPICIOUS_MAX_ENTRIES);
    await area.set({ [NOT_SUSPICIOUS_STORAGE_KEY]: next });
    return next;
  });
}

export async function unmarkNotSuspicious(
  profileUrl: string,
  options: Pick<ListWriteOptions, 'area'> = {},
): Promise<NotSuspiciousEntry[]> {
  const area = options.area ?? trustedArea();
  const key = normaliseProfileUrl(profileUrl)?.url ?? profileUrl;
  return writeLock(async () => {
    const { entries } = await readNotSuspicious(area);
    const next = entries.filter((entry) => entry.profileUrl !== key);
    if (next.length !== entries.length) await area.set({ [NOT_SUSPICIOUS_STORAGE_KEY]: next });
    return next;
  });
}
