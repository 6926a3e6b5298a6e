// Everything the popup shows, read in one go. Each part tolerates absence: a tab with no
// verdicts, no settings, no stored pack all give the calm state, never an error.
import { ACTIVE_PACK_KEY, tabStateKey, type TabState } from '../messaging/protocol';
import { POLICY_STORAGE_KEY } from '../policy/read';
import { loadEffectiveSettings } from '../settings/effective';
import type { NotSuspiciousEntry, Settings } from '../settings/schema';
import { NOT_SUSPICIOUS_STORAGE_KEY, SETTINGS_STORAGE_KEY, readNotSuspicious } from '../settings/store';
import { TRUSTED_AREA_NAME } from '../settings/trusted-area';
import { readActivePack, type ActivePackInfo } from './active-pack';
import { readActiveTab, readTabState, type ActiveTab } from './tab-state';
import { readSurfacedNotice, SURFACED_NOTICE_KEY, type SurfacedNotice } from '../background/surfaced-notice';

export interface PopupData {
  tab: ActiveTab | undefined;
  tabState: TabState | undefined;
  settings: Settings;
  notSuspicious: NotSuspiciousEntry[];
  pack: ActivePackInfo;
  /** People who wrote before and whom a newer pack flags, until the user has seen them. */
  surfaced: SurfacedNotice | undefined;
}

export async function loadPopupData(): Promise<PopupData> {
  const tab = await readActiveTab();
  const [tabState, effective, notSuspicious, pack, surfaced] = await Promise.all([
    tab ? readTabState(tab.id) : Promise.resolve(undefined),
    loadEffectiveSettings(),
    readNotSuspicious(),
    readActivePack(),
    // A notice that cannot be read is no reason to show nothing else.
    readSurfacedNotice().catch(() => undefined),
  ]);
  return { tab, tabState, settings: effective.values, notSuspicious: notSuspicious.entries, pack, surfaced };
}

/** Whether a storage change can change what the popup shows. */
export function affectsPopup(changes: Record<string, unknown>, areaName: string, tabId: number | undefined): boolean {
  if (areaName === 'session') return tabId !== undefined && tabStateKey(tabId) in changes;
  if (areaName === 'local') return ACTIVE_PACK_KEY in changes;
  if (areaName !== TRUSTED_AREA_NAME) return false;
  return [SETTINGS_STORAGE_KEY, POLICY_STORAGE_KEY, NOT_SUSPICIOUS_STORAGE_KEY, SURFACED_NOTICE_KEY].some((key) => key in changes);
}
