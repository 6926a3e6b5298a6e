// Everything the options page shows, read from the trusted area and storage.local (never from
// managed storage, which can stall: the background refreshes policy and persists it).
import { HISTORY_STORAGE_KEY, SEEN_SENDERS_STORAGE_KEY, readHistory, readSeenSenders } from '../settings/history';
import { loadEffectiveSettings, type EffectiveSettings } from '../settings/effective';
import type { HistoryEntry, NotSuspiciousEntry, Settings } from '../settings/schema';
import { NOT_SUSPICIOUS_STORAGE_KEY, SETTINGS_STORAGE_KEY, readNotSuspicious } from '../settings/store';
import type { DataIssue } from '../settings/storage-area';
import { POLICY_STORAGE_KEY, type PolicyState } from '../policy/read';
import type { PolicyIssue } from '../policy/schema';
import { ACTIVE_PACK_KEY } from '../messaging/protocol';
import { readActivePack, type ActivePackInfo } from '../popup/active-pack';
import { usingFallback } from '../settings/trusted-area';

export interface OptionsData {
  effective: EffectiveSettings;
  values: Settings;
  policy: PolicyState | undefined;
  /** Managed values that could not be used, with their reasons. */
  policyIssues: PolicyIssue[];
  /** Stored data that could not be read and fell back. */
  issues: DataIssue[];
  history: HistoryEntry[];
  /** Every sender read on this device, flagged or not. */
  seenSenders: HistoryEntry[];
  notSuspicious: NotSuspiciousEntry[];
  pack: ActivePackInfo;
  /** The trusted keys are in storage.local: this browser gave the extension no database. */
  storageFallback: boolean;
}

export async function loadOptionsData(): Promise<OptionsData> {
  const [settings, history, seenSenders, notSuspicious, pack] = await Promise.all([
    loadEffectiveSettings(),
    readHistory(),
    readSeenSenders(),
    readNotSuspicious(),
    readActivePack(),
  ]);
  return {
    effective: settings.effective,
    values: settings.values,
    policy: settings.policy,
    policyIssues: settings.policyIssues,
    issues: [...settings.issues, ...history.issues, ...notSuspicious.issues],
    history: history.entries,
    seenSenders,
    notSuspicious: notSuspicious.entries,
    pack,
    storageFallback: usingFallback(),
  };
}

export const OPTIONS_STORAGE_KEYS: readonly string[] = [
  SETTINGS_STORAGE_KEY,
  POLICY_STORAGE_KEY,
  NOT_SUSPICIOUS_STORAGE_KEY,
  HISTORY_STORAGE_KEY,
  SEEN_SENDERS_STORAGE_KEY,
  ACTIVE_PACK_KEY,
];
