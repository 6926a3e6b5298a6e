// The settings content scripts read (threshold, discreet mode, dismissed senders), derived
// from the effective settings so content scripts never need policy logic or zod.
import { CONTENT_SETTINGS_KEY, type ContentSettings } from '../messaging/protocol';
import { POLICY_STORAGE_KEY } from '../policy/read';
import { loadEffectiveSettings } from '../settings/effective';
import { createLock, localArea, type LocalArea } from '../settings/storage-area';
import { NOT_SUSPICIOUS_STORAGE_KEY, SETTINGS_STORAGE_KEY, readNotSuspicious } from '../settings/store';

/** storage.local keys whose change can change the content settings. */
export const CONTENT_SETTINGS_SOURCES: readonly string[] = [SETTINGS_STORAGE_KEY, POLICY_STORAGE_KEY, NOT_SUSPICIOUS_STORAGE_KEY];

export async function computeContentSettings(area: LocalArea = localArea()): Promise<ContentSettings> {
  const [{ values }, { entries }] = await Promise.all([loadEffectiveSettings(area), readNotSuspicious(area)]);
  return {
    threshold: values.threshold,
    discreetMode: values.discreetMode,
    notSuspicious: [...new Set(entries.map((entry) => entry.profileUrl))].sort(),
  };
}

const lock = createLock();

/**
 * Writes the content settings when they differ from what is stored. Writing only on a real
 * change matters: every write wakes each LinkedIn tab's storage listener.
 */
export function syncContentSettings(area: LocalArea = localArea()): Promise<ContentSettings> {
  return lock(async () => {
    const next = await computeContentSettings(area);
    const stored = (await area.get(CONTENT_SETTINGS_KEY))[CONTENT_SETTINGS_KEY];
    if (JSON.stringify(stored) !== JSON.stringify(next)) await area.set({ [CONTENT_SETTINGS_KEY]: next });
    return next;
  });
}
