// Per-tab state in storage.session: what the content script last reported for the page in the
// tab. The popup reads it; the worker can sleep between messages, so nothing is kept in memory.
import { browser } from 'wxt/browser';
import { tabStateKey, type TabState } from '../messaging/protocol';
import { createKeyedLock } from '../settings/storage-area';

export interface SessionArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export const sessionArea = (): SessionArea => browser.storage.session;

const TAB_KEY = /^tab:(\d+)$/;

/**
 * Runs one piece of work on a tab's state after the same tab's earlier ones (in this start of the
 * worker): a page's reports, a "Not suspicious" checked against them, and forgetting the tab. A
 * report still being stored when the tab closes or leaves LinkedIn would otherwise write its
 * state after the tab was forgotten.
 */
export const inTabOrder = createKeyedLock<number>();

/**
 * A tab's state is kept within this many characters of JSON. Each field of a report has its cap,
 * but the caps multiply to megabytes, and session storage holds 10 MB for all tabs: a few
 * conversations written to fire every rule many times over could take it all and leave other
 * tabs' popups empty. A busy inbox's state is a few kilobytes.
 */
export const MAX_TAB_STATE_CHARS = 256 * 1024;

/**
 * `state` within `max` characters of JSON. From the highest score down, each approach keeps its
 * cues' quotes while they fit, then its cues without quotes, then its level, score and sender
 * alone; one that does not fit even so is left out. Those kept keep their order.
 */
export function fitTabState(state: TabState, max = MAX_TAB_STATE_CHARS): TabState {
  const size = (value: unknown) => JSON.stringify(value).length;
  if (size(state) <= max) return state;
  // The brackets and the commas between approaches come with each one.
  let left = max - size({ ...state, approaches: [] });
  const approaches: Array<TabState['approaches'][number] | undefined> = [...state.approaches];
  const byScore = approaches.map((_, i) => i).sort((a, b) => approaches[b]!.verdict.score - approaches[a]!.verdict.score);
  for (const i of byScore) {
    const whole = approaches[i]!;
    const withHits = (hits: TabState['approaches'][number]['verdict']['hits']) => ({ ...whole, verdict: { ...whole.verdict, hits } });
    const fitted = [whole, withHits(whole.verdict.hits.map((hit) => ({ ...hit, evidence: [] }))), withHits([])].find((option) => size(option) + 1 <= left);
    approaches[i] = fitted;
    if (fitted) left -= size(fitted) + 1;
  }
  return { ...state, approaches: approaches.filter((a) => a !== undefined) };
}

export async function writeTabState(tabId: number, state: TabState, area: SessionArea = sessionArea()): Promise<void> {
  await area.set({ [tabStateKey(tabId)]: state });
}

export async function readTabState(tabId: number, area: SessionArea = sessionArea()): Promise<TabState | undefined> {
  const value = (await area.get(tabStateKey(tabId)))[tabStateKey(tabId)];
  // Written only by this module, but a shape check costs nothing and keeps a stale format out.
  if (typeof value !== 'object' || value === null || !Array.isArray((value as TabState).approaches)) return undefined;
  return value as TabState;
}

/**
 * What a tab's content script has spent of its allowances (message-handler.ts): "Not suspicious"
 * marks, and senders the lists did not know, counted from `since` for an hour. Kept beside the
 * tab's state in storage.session, so a restart of the worker does not renew them, and removed
 * with it when the tab is forgotten.
 */
export interface TabAllowance {
  marks: number;
  /** `count` of senders read at `none`, `flagged` of those reported flagged (an allowance each). */
  newSenders: { since: number; count: number; flagged: number };
}

const allowanceKey = (tabId: number) => `allowance:${tabId}`;
const ALLOWANCE_KEY = /^allowance:(\d+)$/;
const count = (value: unknown): number => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0);

export async function readTabAllowance(tabId: number, area: SessionArea = sessionArea()): Promise<TabAllowance> {
  const value = (await area.get(allowanceKey(tabId)))[allowanceKey(tabId)] as Partial<TabAllowance> | undefined;
  const since = value?.newSenders?.since;
  return {
    marks: count(value?.marks),
    newSenders: {
      since: typeof since === 'number' && Number.isFinite(since) ? since : 0,
      count: count(value?.newSenders?.count),
      flagged: count(value?.newSenders?.flagged),
    },
  };
}

export async function writeTabAllowance(tabId: number, allowance: TabAllowance, area: SessionArea = sessionArea()): Promise<void> {
  await area.set({ [allowanceKey(tabId)]: allowance });
}

/**
 * Removes all that is kept for a tab that closed or was replaced: its state and what it spent of
 * its allowances (a tab that only left LinkedIn keeps the latter: clearTabState).
 */
export async function forgetTabState(tabId: number, area: SessionArea = sessionArea()): Promise<void> {
  await area.remove([tabStateKey(tabId), allowanceKey(tabId)]);
}

/** The ids of every tab something is kept for, state or allowance. */
export async function keptTabIds(area: SessionArea = sessionArea()): Promise<number[]> {
  const ids = new Set<number>();
  for (const key of Object.keys(await area.get(null))) {
    const id = TAB_KEY.exec(key)?.[1] ?? ALLOWANCE_KEY.exec(key)?.[1];
    if (id !== undefined) ids.add(Number(id));
  }
  return [...ids];
}

/** Removes the tab's state; true when there was some. */
export async function clearTabState(tabId: number, area: SessionArea = sessionArea()): Promise<boolean> {
  const key = tabStateKey(tabId);
  const had = (await area.get(key))[key] !== undefined;
  if (had) await area.remove(key);
  return had;
}

/** Every tab with state, for refreshing badges after a settings change. */
export async function allTabStates(area: SessionArea = sessionArea()): Promise<Array<[number, TabState]>> {
  const all = await area.get(null);
  const out: Array<[number, TabState]> = [];
  for (const [key, value] of Object.entries(all)) {
    const id = TAB_KEY.exec(key)?.[1];
    if (id === undefined || typeof value !== 'object' || value === null) continue;
    if (!Array.isArray((value as TabState).approaches)) continue;
    out.push([Number(id), value as TabState]);
  }
  return out;
}

/**
 * Only the extension's own pages may read tab state (the default in Chrome, stated so a later
 * change cannot widen it by accident): page text must not leak back into content scripts of
 * other pages.
 */
export async function restrictSessionAccess(): Promise<void> {
  const session = browser.storage.session as unknown as {
    setAccessLevel?: (details: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
  };
  // Firefox never exposes storage.session to content scripts and has no setAccessLevel.
  if (typeof session.setAccessLevel !== 'function') return;
  try {
    await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch (error) {
    console.warn('Approach Guard: could not restrict session storage', error);
  }
}
