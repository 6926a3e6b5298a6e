// Content scripts need three things from the settings: the threshold, discreet mode and the
// "Not suspicious" list. They read one small, already-resolved record (CONTENT_SETTINGS_KEY)
// instead of the settings, policy and list stores, which would pull zod into every page. This
// module is its only writer: it derives the record from those stores whenever they change.
import { CONTENT_SETTINGS_KEY, type ContentSettings } from '../messaging/protocol';
import { POLICY_STORAGE_KEY } from '../policy/read';
import { loadEffectiveSettings } from '../settings/effective';
import { NOT_SUSPICIOUS_STORAGE_KEY, SETTINGS_STORAGE_KEY, readNotSuspicious } from '../settings/store';
import { createLock, localArea, type LocalArea } from '../settings/storage-area';
import { DEFAULT_THRESHOLD, parseContentSettings } from '../content/settings';

/** storage.local keys whose change means the record must be derived again. */
export const CONTENT_SETTINGS_SOURCES: readonly string[] = [SETTINGS_STORAGE_KEY, NOT_SUSPICIOUS_STORAGE_KEY, POLICY_STORAGE_KEY];

export const DEFAULT_CONTENT_SETTINGS: Readonly<ContentSettings> = Object.freeze({
  threshold: DEFAULT_THRESHOLD,
  discreetMode: false,
  notSuspicious: [],
});

export async function deriveContentSettings(area: LocalArea = localArea()): Promise<ContentSettings> {
  const [{ values }, { entries }] = await Promise.all([loadEffectiveSettings(area), readNotSuspicious(area)]);
  return {
    threshold: values.threshold,
    discreetMode: values.discreetMode,
    notSuspicious: [...new Set(entries.map((entry) => entry.profileUrl))].sort(),
  };
}

const same = (a: unknown, b: ContentSettings): boolean => JSON.stringify(a) === JSON.stringify(b);

const lock = createLock();

/** Writes the derived record when it differs from the stored one; returns the record. */
export function syncContentSettings(area: LocalArea = localArea()): Promise<ContentSettings> {
  return lock(async () => {
    const next = await deriveContentSettings(area);
    const stored = (await area.get(CONTENT_SETTINGS_KEY))[CONTENT_SETTINGS_KEY];
    if (!same(stored, next)) await area.set({ [CONTENT_SETTINGS_KEY]: next });
    return next;
  });
}

/** The stored record, falling back to defaults field by field (used for badges). */
export async function readContentSettings(area: LocalArea = localArea()): Promise<ContentSettings> {
  return parseContentSettings((await area.get(CONTENT_SETTINGS_KEY))[CONTENT_SETTINGS_KEY]);
}
