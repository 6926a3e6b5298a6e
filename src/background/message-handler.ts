// The one handler for messages from content scripts. They are untrusted (a LinkedIn page can
// be hostile): each must come from this extension's own content script in a top-level
// LinkedIn tab and match its schema, or it is ignored. Nothing here ever fetches anything.
import { browser } from 'wxt/browser';
import { levelRank } from '../engine/types';
import { contentToBackgroundVerdicts, type ApproachSummary, type TabState, type VerdictsMessage } from '../messaging/protocol';
import { recordFlaggedSender } from '../settings/history';
import { normaliseProfileUrl } from '../settings/profile-url';
import { markNotSuspicious, NotSuspiciousListFullError } from '../settings/store';
import { badgeFor, showBadge } from './badge';
import { deriveContentSettings, syncContentSettings } from './content-settings';
import { isLinkedInUrl } from '../messaging/linkedin-url';
import { contentToBackgroundNotSuspicious, type ContentMessageReply } from './messages';
import { recordSeenSenders, type NewSenders } from './seen-senders';
import { readSurfacedNotice, unseenSurfaced } from './surfaced-notice';
import { clearTabState, fitTabState, forgetTabState, inTabOrder, readTabAllowance, readTabState, writeTabAllowance, writeTabState, type TabAllowance } from './tab-state';

/**
 * "Not suspicious" marks one tab's content script may add, until the tab closes (leaving LinkedIn
 * and coming back does not renew them). A person marks a handful of warnings at most; a page that an exploit controls could
 * otherwise clear every profile it can make a warning about. The popup's marks do not count.
 */
export const MAX_MARKS_PER_TAB = 20;

/**
 * Senders the lists of senders read do not hold yet that one tab may add in an hour. An hour on
 * LinkedIn shows a person some dozens of senders, a long backlog of invitations a few hundred;
 * past this, a page is more likely making senders up to push real ones out of the lists, and its
 * new ones are not recorded (those already held still update).
 */
export const NEW_SENDERS_PER_TAB_HOUR = 300;
/**
 * And flagged ones, apart: a person meets a handful of warnings in an hour, and a page that makes
 * up flagged senders must not spend the room a real one needs, nor the other way round.
 */
export const NEW_FLAGGED_SENDERS_PER_TAB_HOUR = 100;
const HOUR_MS = 60 * 60_000;

export interface SenderLike {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string; incognito?: boolean };
}

interface TrustedSender {
  tabId: number;
  /** A private window: nothing of what it reads is written to disk. */
  incognito: boolean;
}

/** The sender's tab when the message comes from our content script on a LinkedIn page. */
export function trustedContentSender(sender: SenderLike, extensionId: string = browser.runtime.id): TrustedSender | undefined {
  if (sender.id !== extensionId) return undefined;
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) return undefined;
  // The content script runs in the top frame only; a frame claiming otherwise is not ours.
  if (sender.frameId !== undefined && sender.frameId !== 0) return undefined;
  if (!isLinkedInUrl(sender.url ?? sender.tab?.url)) return undefined;
  return { tabId, incognito: sender.tab?.incognito === true };
}

const typeOf = (message: unknown): unknown =>
  typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;

/** Message types this module owns; anything else is left to other listeners. */
export const CONTENT_MESSAGE_TYPES = ['content→background:verdicts', 'content→background:not-suspicious'] as const;

/**
 * Handles one message. Returns undefined for messages that are not ours (so another
 * listener may answer them) and for ours from an untrusted sender (no answer at all).
 */
export function handleContentMessage(
  message: unknown,
  sender: SenderLike,
  extensionId?: string,
): Promise<ContentMessageReply> | undefined {
  const type = typeOf(message);
  if (!(CONTENT_MESSAGE_TYPES as readonly unknown[]).includes(type)) return undefined;
  const trusted = trustedContentSender(sender, extensionId);
  if (!trusted) return undefined;
  if (type === 'content→background:verdicts') {
    const parsed = contentToBackgroundVerdicts.safeParse(message);
    if (!parsed.success) return Promise.resolve({ ok: false, error: 'malformed verdicts message' });
    if (!isLinkedInUrl(parsed.data.pageUrl)) return Promise.resolve({ ok: false, error: 'not a LinkedIn page' });
    // One tab's reports are handled in the order they came: a failed write's clean-up must not
    // remove the state a later report stored meanwhile, nor an earlier badge replace a later one.
    const { tabId, incognito } = trusted;
    return inTabOrder(tabId, () => onVerdicts(tabId, parsed.data, incognito));
  }
  const parsed = contentToBackgroundNotSuspicious.safeParse(message);
  if (!parsed.success) return Promise.resolve({ ok: false, error: 'malformed not-suspicious message' });
  // After the tab's reports that came first, which name the senders it warned about.
  const tabId = trusted.tabId;
  return inTabOrder(tabId, () => onNotSuspicious(tabId, parsed.data.profileUrl, parsed.data.name));
}

async function onVerdicts(tabId: number, message: VerdictsMessage, incognito: boolean): Promise<ContentMessageReply> {
  // Kept within its share of session storage; the badge and the history read the whole report.
  const state: TabState = fitTabState({ pageUrl: message.pageUrl, updatedAt: Date.now(), approaches: message.approaches });
  // From the trusted area, not the storage.local copy a content script may have changed.
  const [settings, notice] = await Promise.all([deriveContentSettings(), readSurfacedNotice().catch(() => undefined)]);
  // With people surfaced by a newer pack unseen, a tab with nothing flagged shows the toolbar's "!".
  const surfaced = unseenSurfaced(notice, settings).count;
  const [stored, , recorded] = await Promise.all([
    writeTabState(tabId, state).then(
      () => true,
      async (error: unknown) => {
        console.warn('Approach Guard: tab state not stored', error);
        // The popup must not go on showing the previous page's approaches as this one's.
        await clearTabState(tabId).catch(() => undefined);
        return false;
      },
    ),
    showBadge(tabId, badgeFor(message.approaches, settings, surfaced)),
    // A private window leaves nothing on disk: its tab state lives in session storage only, and
    // the senders it reads go into neither list.
    incognito ? true : recordSenders(tabId, message.approaches),
  ]);
  // A report handled after its tab closed (the tab's onRemoved came first) would leave its state
  // in session storage until the browser closes.
  if (!(await tabExists(tabId))) await forgetTabState(tabId).catch(() => undefined);
  // The page sends only what changed since a report stored here: it must hear of a failure, and
  // then sends everything again.
  if (!stored) return { ok: false, error: 'tab state not stored' };
  return recorded ? { ok: true } : { ok: false, error: 'sender history not updated' };
}

/** Whether the tab is open: `tabs.get` fails for one that is gone. */
const tabExists = (tabId: number): Promise<boolean> => browser.tabs.get(tabId).then(() => true, () => false);

/**
 * Records the senders, the new ones within the tab's allowance for the hour; false when the
 * history could not be updated.
 */
async function recordSenders(tabId: number, approaches: readonly ApproachSummary[]): Promise<boolean> {
  const withProfile = approaches.filter((a) => a.sender.profileUrl);
  if (withProfile.length === 0) return true;
  const now = Date.now();
  let allowance: TabAllowance;
  let spent: TabAllowance['newSenders'];
  let added: NewSenders = { none: 0, flagged: 0 };
  try {
    // In this tab's order (inTabOrder), so nothing else of the tab's changes it meanwhile.
    allowance = await readTabAllowance(tabId);
    spent = now - allowance.newSenders.since < HOUR_MS ? allowance.newSenders : { since: now, count: 0, flagged: 0 };
    await recordSeenSenders(
      withProfile.map((a) => ({ profileUrl: a.sender.profileUrl!, name: a.sender.name, level: a.verdict.level, surface: a.surface })),
      {
        now: () => now,
        maxNew: { none: Math.max(0, NEW_SENDERS_PER_TAB_HOUR - spent.count), flagged: Math.max(0, NEW_FLAGGED_SENDERS_PER_TAB_HOUR - spent.flagged) },
        // Inside the same lock as the list of senders read, so a clear cannot fall in between.
        then: async (urls, newOnes) => {
          added = newOnes;
          const changed = new Set(urls);
          for (const summary of withProfile) {
            const url = normaliseProfileUrl(summary.sender.profileUrl)?.url;
            if (!url || !changed.has(url)) continue;
            await recordFlaggedSender(
              { id: summary.approachId, site: 'linkedin', surface: summary.surface, sender: summary.sender, messages: [] },
              { ...summary.verdict },
            );
          }
        },
      },
    );
  } catch (error) {
    console.warn('Approach Guard: sender history not updated', error);
    return false;
  }
  if (added.none + added.flagged > 0) {
    // The senders are recorded whether or not this count is: at worst they go uncounted.
    const newSenders = { since: spent.since, count: spent.count + added.none, flagged: spent.flagged + added.flagged };
    await writeTabAllowance(tabId, { ...allowance, newSenders }).catch((error: unknown) =>
      console.warn('Approach Guard: allowance of new senders not updated', error),
    );
  }
  return true;
}

async function onNotSuspicious(tabId: number, profileUrl: string, name: string | undefined): Promise<ContentMessageReply> {
  const ref = normaliseProfileUrl(profileUrl);
  // Only LinkedIn member profiles: the list is keyed by them and the options page shows them.
  if (!ref || ref.id === ref.url) return { ok: false, error: 'not a LinkedIn profile URL' };
  try {
    // Only a sender this tab reported a warning about, at or above the user's threshold (the
    // button exists only on a warning): a content script (run by a page that an exploit
    // controls, or one gone wrong) cannot clear any profile it likes. It can still report
    // warnings of its own making, so a tab gets a few marks only, and they never push the
    // user's own entries off the end of a full list.
    const [state, settings] = await Promise.all([readTabState(tabId), deriveContentSettings()]);
    const warned = state?.approaches.some(
      (a) => levelRank(a.verdict.level) >= levelRank(settings.threshold) && normaliseProfileUrl(a.sender.profileUrl)?.url === ref.url,
    );
    if (!warned) return { ok: false, error: 'no warning about this sender in the tab' };
    if (settings.notSuspicious.includes(ref.url)) return { ok: true };
    const allowance = await readTabAllowance(tabId);
    if (allowance.marks >= MAX_MARKS_PER_TAB) {
      return { ok: false, error: `no more than ${MAX_MARKS_PER_TAB} "Not suspicious" marks from one tab`, reason: 'tab-limit' };
    }
    await markNotSuspicious(name === undefined ? { profileUrl: ref.url } : { profileUrl: ref.url, name }, { whenFull: 'refuse' });
    await writeTabAllowance(tabId, { ...allowance, marks: allowance.marks + 1 }).catch((error: unknown) =>
      console.warn('Approach Guard: allowance of marks not updated', error),
    );
  } catch (error) {
    if (error instanceof NotSuspiciousListFullError) return { ok: false, error: error.message, reason: 'list-full' };
    return { ok: false, error: error instanceof Error ? error.message : 'not stored' };
  }
  // Stored: the page keeps its dismissal. The content scripts' copy follows now or with the next
  // change of the trusted area (start.ts).
  await syncContentSettings().catch((error: unknown) => console.warn('Approach Guard: content settings not updated', error));
  return { ok: true };
}
