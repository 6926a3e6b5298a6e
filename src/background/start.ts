// Starts the background. Every listener is registered synchronously, on every start of the
// worker: an MV3 service worker is stopped after ~30 s idle and woken by the next event, and
// only listeners registered in its first turn receive that event. State lives in storage: what
// the background acts on in the trusted area (trusted-area.ts), what content scripts read in
// storage.local.
import { browser } from 'wxt/browser';
import { refreshPolicy } from '../policy/read';
import { badgeFor, quietBadge, showBadge, toolbarBadge } from './badge';
import { coalesce } from './coalesce';
import { CONTENT_SETTINGS_SOURCES, deriveContentSettings, syncContentSettings } from './content-settings';
import { isLinkedInUrl } from '../messaging/linkedin-url';
import { handleContentMessage } from './message-handler';
import { ensureActivePack } from './pack-store';
import { checkPackUpdate, PACK_UPDATE_ALARM } from './pack-updates';
import { registerReporting } from './reporting';
import { SURFACED_NOTICE_KEY, surfacedCount } from './surfaced-notice';
import { createLock } from '../settings/storage-area';
import { allTabStates, clearTabState, forgetTabState, inTabOrder, keptTabIds, readTabState, restrictSessionAccess } from './tab-state';
import { ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY } from '../messaging/protocol';
import { TRUSTED_SINCE, ensureDecided, markBackground, moveAfterLateUpdate, olderThan, onTrustedChanged, startMoveFromLocal } from '../settings/trusted-area';

const report = (what: string) => (error: unknown) => console.error(`Approach Guard: ${what} failed`, error);

/** How long a start without the record of a move waits for runtime.onInstalled to say why. */
const INSTALL_WAIT_MS = 2000;
/** After a failed decision about stored data, the start's work is tried again this much later. */
const RETRY_START_MS = 5000;
const RETRY_START_MAX_MS = 5 * 60_000;
/** Repairs of the content scripts' copies that follow one another start at least this far apart. */
const REPAIR_SPACING_MS = 1000;

export interface BackgroundOptions {
  /** For tests: the wait for runtime.onInstalled (INSTALL_WAIT_MS). */
  installWaitMs?: number;
  /** For tests: the first wait before the start's work is done again (RETRY_START_MS). */
  retryStartMs?: number;
}

export function startBackground(options: BackgroundOptions = {}): void {
  // First: every read of the trusted area in this worker waits for this decision.
  decideAboutEarlierData(options);
  markBackground();
  browser.runtime.onMessage.addListener((message, sender) => handleContentMessage(message, sender));
  const onStored = (keys: readonly string[]) => {
    const settings = CONTENT_SETTINGS_SOURCES.some((key) => keys.includes(key));
    if (settings) void syncContentSettings().catch(report('updating settings'));
    if (settings || keys.includes(SURFACED_NOTICE_KEY)) void refreshBadges().catch(report('updating badges'));
  };
  // Reports, the outbox and its alarms; it answers only the popup's and options page's messages,
  // among them a page's word that it wrote the trusted area (which wakes a stopped worker).
  // Nothing is sent before this start's policy read is stored (or given up).
  let policyStored: () => void = () => undefined;
  const policyRead = new Promise<void>((resolve) => (policyStored = resolve));
  const checkPackNow = () => checkPackUpdate({ force: true });
  registerReporting({ onStored, policyRead, checkPackUpdate: checkPackNow });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PACK_UPDATE_ALARM) void checkPackNow().catch(report('checking for a rule pack update'));
  });

  browser.runtime.onInstalled.addListener(() => void ensureActivePack().catch(report('installing the rule pack')));
  browser.runtime.onStartup.addListener(() => void ensureActivePack().catch(report('installing the rule pack')));

  browser.tabs.onRemoved.addListener((tabId) => void inTabOrder(tabId, () => forgetTabState(tabId)).catch(report('clearing tab state')));
  // A prerendered or restored page takes the place of the tab it replaces, under a new id: the
  // old id's state would otherwise stay until the browser closes.
  browser.tabs.onReplaced.addListener((_added, removed) => void inTabOrder(removed, () => forgetTabState(removed)).catch(report('clearing tab state')));
  browser.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
    // Only navigations matter. Without the "tabs" permission a URL is visible only on
    // LinkedIn, so an absent URL means the tab left LinkedIn. LinkedIn-to-LinkedIn moves are
    // reported by the content script itself, which knows when the new page is read.
    if (changeInfo.status !== 'loading' && changeInfo.url === undefined) return;
    if (isLinkedInUrl(changeInfo.url ?? tab.url)) return;
    void inTabOrder(tabId, () => forgetTab(tabId)).catch(report('clearing tab state'));
  });

  // The content scripts' copies are ours alone to write: any other change of them is undone. A
  // page that rewrites them in a loop gets one repair at a time, repairs a second apart at least.
  const repairSettings = coalesce(() => syncContentSettings().catch(report('updating settings')), REPAIR_SPACING_MS);
  const repairPack = coalesce(() => ensureActivePack().catch(report('checking the rule pack')), REPAIR_SPACING_MS);
  browser.storage.onChanged.addListener((changes, areaName) => {
    if (areaName === 'managed') {
      void refreshPolicy().catch(report('reading policy'));
      return;
    }
    if (areaName !== 'local') return;
    if (CONTENT_SETTINGS_KEY in changes) repairSettings();
    if (ACTIVE_PACK_KEY in changes) repairPack();
  });
  // Policy is stored again at every read (its time changes); only a change of what decides the
  // organisation pack calls for a rebuild and a check.
  let packPolicy: string | undefined;
  const packPolicyChanged = (stored: unknown): boolean => {
    const values = (stored as { values?: Record<string, unknown> } | undefined)?.values;
    const now = JSON.stringify([values?.packUrl, values?.trustedKeys, values?.updateIntervalHours]);
    if (now === packPolicy) return false;
    packPolicy = now;
    return true;
  };
  onTrustedChanged((changes) => {
    onStored(Object.keys(changes));
    // A pack from an address or a key policy no longer names stops counting at once (the
    // rebuild verifies the stored pack against policy as it is now); a new address or new keys
    // are then checked; the same ones wait for their time.
    if ('policy' in changes && packPolicyChanged(changes.policy!.newValue)) void rebuildThenCheckPack();
  });

  void restrictSessionAccess();
  void forgetClosedTabs().catch(report('clearing the state of closed tabs'));
  void startWork().then(policyStored);
}

/**
 * The decision about what an earlier build kept in storage.local (trusted-area.ts), which moves
 * it only on an update from such a build; while the decision fails, the start's work is done
 * again, less and less often, until it succeeds (the decision is made again each time).
 */
function decideAboutEarlierData(options: BackgroundOptions): void {
  const update = new Promise<string | undefined>((resolve) => {
    // Only these two say anything; a browser update or a shared module's says nothing of ours.
    browser.runtime.onInstalled.addListener((details) => {
      if (details.reason === 'install') resolve(undefined);
      if (details.reason !== 'update') return;
      const previous = details.previousVersion ?? '0';
      resolve(previous);
      // Late (after the wait), it still vouches for the earlier build's data.
      if (olderThan(previous, TRUSTED_SINCE)) void moveAfterLateUpdate(browser.storage.local).catch(report('moving stored data'));
    });
    setTimeout(() => resolve(undefined), options.installWaitMs ?? INSTALL_WAIT_MS);
  });
  const retry = (delay: number) =>
    setTimeout(() => {
      void startWork();
      void ensureDecided().catch(() => retry(Math.min(delay * 2, RETRY_START_MAX_MS)));
    }, delay);
  startMoveFromLocal(browser.storage.local, update).catch(() => retry(options.retryStartMs ?? RETRY_START_MS));
}

/** Work for each start; none of it blocks the listeners. Resolves once the policy read is stored or failed. */
function startWork(): Promise<void> {
  // The pack check is one read when the pack is current, and it also repairs a store someone cleared.
  void ensureActivePack().catch(report('installing the rule pack'));
  void syncContentSettings().catch(report('updating settings'));
  // The toolbar's own badge is not kept across a browser restart.
  void refreshBadges().catch(report('updating badges'));
  // Chromium can stall managed storage for minutes (RECIPE.md): the read gives up after 2 s and
  // applies a late answer when it comes; only the outbox's sends wait, and for the first answer.
  const policy = refreshPolicy().then(() => undefined, report('reading policy'));
  // After the policy read, which says whether there is an organisation pack and where: a key
  // revoked while the browser was closed stops counting before anything is fetched.
  void policy.then(rebuildThenCheckPack);
  return policy;
}

/**
 * After policy changed: the pack in force rebuilt first (the stored organisation pack verified
 * against policy as it is now), then the pack address checked if that is due.
 */
function rebuildThenCheckPack(): Promise<unknown> {
  return ensureActivePack()
    .catch(report('checking the rule pack'))
    .then(() => checkPackUpdate())
    .catch(report('checking for a rule pack update'));
}

/**
 * Removes what session storage keeps for tabs that no longer exist: it outlives the worker, and a
 * tab can close when no listener of ours hears of it (the worker was being restarted).
 */
async function forgetClosedTabs(): Promise<void> {
  // What is kept first, then the tabs: a tab opened after the query may report in between, and
  // its state, not read here, is left alone.
  const kept = await keptTabIds();
  if (kept.length === 0) return;
  const open = new Set(await openTabIds());
  await Promise.all(kept.filter((tabId) => !open.has(tabId)).map((tabId) => inTabOrder(tabId, () => forgetTabState(tabId))));
}

/**
 * A tab that left LinkedIn: no state, and no badge of its own (even one whose state could not be
 * stored). What it spent of its allowances stays until it closes: a page could otherwise step off
 * LinkedIn and back for a new one.
 */
async function forgetTab(tabId: number): Promise<void> {
  await clearTabState(tabId);
  // It shows the toolbar's text, "!" or none, and its hover text. Chrome keeps a tab's own values
  // until it closes, so the title is the toolbar's as it is now, and refreshBadges keeps it so.
  const surfaced = await deriveContentSettings()
    .then(surfacedCount)
    .catch(() => 0);
  await showBadge(tabId, quietBadge(surfaced));
}

/**
 * Every tab's badge again, and the toolbar's own, with the settings and the notice of surfaced
 * senders now. Each tab's in its turn with the tab's reports and navigations, from its state as it
 * is then: a tab that left LinkedIn meanwhile keeps none. Open tabs without state take the
 * toolbar's values, so that one given values of its own on LinkedIn never keeps a stale title.
 */
function refreshBadges(): Promise<void> {
  // One at a time: an earlier refresh must not set the toolbar's badge after a later one.
  return badgeLock(async () => {
    const settings = await deriveContentSettings();
    const surfaced = await surfacedCount(settings);
    await showBadge(undefined, toolbarBadge(surfaced));
    const [states, open] = await Promise.all([allTabStates(), openTabIds()]);
    const tabIds = new Set([...states.map(([tabId]) => tabId), ...open]);
    await Promise.all(
      [...tabIds].map((tabId) =>
        inTabOrder(tabId, async () => {
          const state = await readTabState(tabId);
          await showBadge(tabId, state ? badgeFor(state.approaches, settings, surfaced) : quietBadge(surfaced));
        }),
      ),
    );
  });
}

/** The ids of the open tabs (without the "tabs" permission, ids are all the query gives). */
async function openTabIds(): Promise<number[]> {
  return (await browser.tabs.query({})).flatMap((tab) => (tab.id === undefined || tab.id < 0 ? [] : [tab.id]));
}

const badgeLock = createLock();
