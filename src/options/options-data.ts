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
import { localArea } from '../settings/storage-area';
import { MIGRATED_KEY, isFallback, trustedArea, unmovedKeys, usingFallback } from '../settings/trusted-area';

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
  /** What an earlier build left in storage.local and no update moved, for the user to decide. */
  unmoved?: UnmovedData;
}

export interface UnmovedData {
  keys: string[];
  webhookUrl?: string;
  reportEmail?: string;
}

/** The earlier build's keys storage.local still holds, when the move was never recorded. */
export async function readUnmoved(): Promise<UnmovedData | undefined> {
  if (await isFallback()) return undefined;
  if ((await trustedArea().get(MIGRATED_KEY))[MIGRATED_KEY] === true) return undefined;
  const found = await unmovedKeys(localArea());
  const keys = Object.keys(found);
  if (keys.length === 0) return undefined;
  const settings = found.settings as { webhookUrl?: unknown; reportEmail?: unknown } | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : undefined);
  const unmoved: UnmovedData = { keys };
  const webhookUrl = text(settings?.webhookUrl);
  const reportEmail = text(settings?.reportEmail);
  if (webhookUrl) unmoved.webhookUrl = webhookUrl;
  if (reportEmail) unmoved.reportEmail = reportEmail;
  return unmoved;
}

export async function loadOptionsData(): Promise<OptionsData> {
  const [settings, history, seenSenders, notSuspicious, pack, unmoved] = await Promise.all([
    loadEffectiveSettings(),
    readHistory(),
    readSeenSenders(),
    readNotSuspicious(),
    readActivePack(),
    readUnmoved(),
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
    ...(unmoved ? { unmoved } : {}),
  };
}

export const OPTIONS_STORAGE_KEYS: readonly string[] = [
  SETTINGS_STORAGE_KEY,
  POLICY_STORAGE_KEY,
  NOT_SUSPICIOUS_STORAGE_KEY,
  HISTORY_STORAGE_KEY,
  SEEN_SENDERS_STORAGE_KEY,
  ACTIVE_PACK_KEY,
  MIGRATED_KEY,
];
