// Reading enterprise policy without ever blocking start-up on it (RECIPE.md: Chromium's
// storage.managed.get() stalled ~3 minutes from the service worker when no policy was set;
// Firefox throws "Managed storage manifest not found" instead of returning {}).
import { z } from 'zod';
import {
  createLock,
  managedArea,
  type DataIssue,
  type LocalArea,
  type ManagedArea,
} from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';
import { reasonOf } from '../settings/validation';
import {
  POLICY_KEYS,
  isPolicyKey,
  validatePolicyValue,
  type PolicyIssue,
  type PolicyKey,
  type PolicyValues,
} from './schema';

export const POLICY_STORAGE_KEY = 'policy';
export const MANAGED_READ_TIMEOUT_MS = 2_000;

/**
 * ok: policy read. none: no policy is set. timeout: the browser did not answer in time.
 * unavailable: this browser has no managed storage. error: the read failed otherwise.
 */
export const MANAGED_READ_STATUSES = ['ok', 'none', 'timeout', 'unavailable', 'error'] as const;
export type ManagedReadStatus = (typeof MANAGED_READ_STATUSES)[number];

// The persisted state around the values; the values themselves are checked key by key, so a
// damaged status or issue list never costs the values in force.
const storedMetaSchema = z.object({
  status: z.enum(MANAGED_READ_STATUSES),
  readAt: z.iso.datetime(),
  issues: z.array(
    z.object({ key: z.string(), value: z.unknown(), reason: z.string(), keptPrevious: z.boolean() }),
  ),
  error: z.string().optional(),
});

export interface ManagedRead {
  status: ManagedReadStatus;
  raw: Record<string, unknown>;
  error?: string;
}

export interface ManagedReadResult extends ManagedRead {
  /** After a timeout, the read that was still pending; it may answer minutes later. */
  late?: Promise<ManagedRead>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const FIREFOX_NO_POLICY = /managed storage manifest not found/i;

async function settle(managed: ManagedArea): Promise<ManagedRead> {
  try {
    const raw = await managed.get(null);
    const record = typeof raw === 'object' && raw !== null ? raw : {};
    return { status: Object.keys(record).length > 0 ? 'ok' : 'none', raw: record };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (FIREFOX_NO_POLICY.test(message)) return { status: 'none', raw: {} };
    return { status: 'error', raw: {}, error: message };
  }
}

export interface ManagedReadOptions {
  managed?: ManagedArea | undefined;
  timeoutMs?: number;
}

export async function readManagedStorage(options: ManagedReadOptions = {}): Promise<ManagedReadResult> {
  const managed = 'managed' in options ? options.managed : managedArea();
  if (!managed) return { status: 'unavailable', raw: {} };
  const timeoutMs = options.timeoutMs ?? MANAGED_READ_TIMEOUT_MS;
  const pending = settle(managed);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const first = await Promise.race([pending, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') {
    return { status: 'timeout', raw: {}, error: `No answer within ${timeoutMs} ms`, late: pending };
  }
  return first;
}

/** What the extension enforces, and why, as persisted for the options page. */
export interface PolicyState {
  status: ManagedReadStatus;
  readAt: string;
  /** Values in force: valid in this read, or kept from an earlier read (see `issues`). */
  values: Partial<PolicyValues>;
  issues: PolicyIssue[];
  error?: string;
}

/**
 * Pure: merges one read with the values previously in force. A valid value wins; an invalid
 * one is reported and the previous valid value for that key stays; a key the administrator
 * removed is no longer enforced. When the read did not complete, everything previous stays.
 */
export function applyManagedRead(
  read: ManagedRead,
  previous: Partial<PolicyValues>,
): { values: Partial<PolicyValues>; issues: PolicyIssue[] } {
  if (read.status === 'timeout' || read.status === 'error') return { values: { ...previous }, issues: [] };
  const values: Partial<Record<PolicyKey, unknown>> = {};
  const issues: PolicyIssue[] = [];
  for (const [key, value] of Object.entries(read.raw)) {
    if (!isPolicyKey(key)) {
      issues.push({ key, value, reason: 'is not a policy this extension knows', keptPrevious: false });
      continue;
    }
    const checked = validatePolicyValue(key, value);
    if (checked.ok) {
      values[key] = checked.value;
    } else {
      const keptPrevious = previous[key] !== undefined;
      if (keptPrevious) values[key] = previous[key];
      issues.push({ key, value, reason: checked.reason, keptPrevious });
    }
  }
  return { values: values as Partial<PolicyValues>, issues };
}

/** The persisted state, re-validated key by key: stored data is not trusted either. */
export async function readPolicyState(
  area: LocalArea = trustedArea(),
): Promise<{ state: PolicyState | undefined; issues: DataIssue[] }> {
  const stored = (await area.get(POLICY_STORAGE_KEY))[POLICY_STORAGE_KEY];
  if (stored === undefined || stored === null) return { state: undefined, issues: [] };
  const rawValues = isRecord(stored) && isRecord(stored.values) ? stored.values : undefined;
  if (!rawValues) {
    return {
      state: undefined,
      issues: [{ area: 'policy', key: POLICY_STORAGE_KEY, value: stored, reason: 'stored policy values are unreadable' }],
    };
  }
  const issues: DataIssue[] = [];
  const values: Partial<Record<PolicyKey, unknown>> = {};
  for (const key of POLICY_KEYS) {
    const value = rawValues[key];
    if (value === undefined) continue;
    const checked = validatePolicyValue(key, value);
    if (checked.ok) values[key] = checked.value;
    else issues.push({ area: 'policy', key, value, reason: checked.reason });
  }
  const meta = storedMetaSchema.safeParse(stored);
  if (!meta.success) issues.push({ area: 'policy', key: POLICY_STORAGE_KEY, value: stored, reason: reasonOf(meta.error) });
  const state: PolicyState = meta.success
    ? { ...meta.data, values: values as Partial<PolicyValues> }
    : { status: 'error', readAt: new Date(0).toISOString(), values: values as Partial<PolicyValues>, issues: [] };
  if (state.error === undefined) delete state.error;
  return { state, issues };
}

export interface RefreshOptions extends ManagedReadOptions {
  area?: LocalArea;
  now?: () => number;
  /** Called with the new state if a read that timed out answers later. */
  onLateState?: (state: PolicyState) => void;
}

/**
 * Reads managed storage (raced against a timeout), applies it over the values in force and
 * persists the result. Call at start-up and on `storage.onChanged` for the managed area.
 */
// A late answer and a storage.onChanged refresh may overlap; each commit reads then writes.
const commitLock = createLock();
/** Reads begun, and the newest of them whose answer was applied (numbers in order of start). */
let readsBegun = 0;
let newestApplied = 0;

export async function refreshPolicy(options: RefreshOptions = {}): Promise<PolicyState> {
  const area = options.area ?? trustedArea();
  const now = options.now ?? Date.now;
  const seq = ++readsBegun;
  const read = await readManagedStorage(options);

  /** Applies `result`; a late one is dropped (undefined) when a read begun after it has answered since. */
  const commit = (result: ManagedRead, late = false): Promise<PolicyState | undefined> => commitLock(async () => {
    // Checked in the lock: a newer answer may be waiting for it, and counts once it is applied.
    if (late && newestApplied > seq) return undefined;
    if (result.status !== 'timeout') newestApplied = Math.max(newestApplied, seq);
    const { state: previous } = await readPolicyState(area);
    const { values, issues } = applyManagedRead(result, previous?.values ?? {});
    const state: PolicyState = { status: result.status, readAt: new Date(now()).toISOString(), values, issues };
    if (result.error !== undefined) state.error = result.error;
    // A read that did not complete says nothing about the policy: keep the last issues shown.
    if ((result.status === 'timeout' || result.status === 'error') && previous) state.issues = previous.issues;
    await area.set({ [POLICY_STORAGE_KEY]: state });
    return state;
  });

  const state = (await commit(read))!;
  if (read.late) {
    const { onLateState } = options;
    void read.late
      // A read begun later has answered since: this older answer may hold what policy said before.
      .then((result) => commit(result, true))
      .then(
        (late) => late && onLateState?.(late),
        (error: unknown) => console.warn('Approach Guard: applying late policy failed', error),
      );
  }
  return state;
}
