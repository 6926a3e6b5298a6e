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
import { PACK_UPDATE_KEY, readPackUpdateStatus, type PackUpdateStatus } from '../background/pack-update-status';
import { localArea } from '../settings/storage-area';
import { MIGRATED_KEY, MOVE_PENDING, isFallback, trustedArea, unmovedKeys, usingFallback } from '../settings/trusted-area';
import { S } from '../ui/strings';

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
  /** The last check for the organisation's pack. */
  packUpdate: PackUpdateStatus | undefined;
  /** The trusted keys are in storage.local: this browser gave the extension no database. */
  storageFallback: boolean;
  /** What an earlier build left in storage.local and no update moved, for the user to decide. */
  unmoved?: UnmovedData;
}

export interface UnmovedData {
  /** What was found, in words, with counts (never its text: a page may have written it). */
  items: string[];
}

const count = (value: unknown): number => (Array.isArray(value) ? value.length : Array.isArray((value as { items?: unknown })?.items) ? (value as { items: unknown[] }).items.length : 0);

/**
 * What an earlier build left in storage.local, once a start has left it to the user
 * (MOVE_PENDING): never while a start is still deciding, so a genuine update is not discarded.
 */
export async function readUnmoved(): Promise<UnmovedData | undefined> {
  if (await isFallback()) return undefined;
  if ((await trustedArea().get(MIGRATED_KEY))[MIGRATED_KEY] !== MOVE_PENDING) return undefined;
  const found = await unmovedKeys(localArea());
  if (Object.keys(found).length === 0) return undefined;
  const items = Object.entries(found).map(([key, value]) => S.unmovedItems[key as keyof typeof S.unmovedItems]?.(count(value)) ?? key);
  return { items };
}

export async function loadOptionsData(): Promise<OptionsData> {
  const [settings, history, seenSenders, notSuspicious, pack, unmoved, packUpdate] = await Promise.all([
    loadEffectiveSettings(),
    readHistory(),
    readSeenSenders(),
    readNotSuspicious(),
    readActivePack(),
    readUnmoved(),
    readPackUpdateStatus(),
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
    packUpdate,
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
  PACK_UPDATE_KEY,
  MIGRATED_KEY,
];
