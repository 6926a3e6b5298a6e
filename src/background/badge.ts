// The toolbar badge for one tab: the highest level on the page at or above the user's
// threshold, as a colour and a letter (the letter keeps it readable without colour vision).
import { browser } from 'wxt/browser';
import { levelRank, type Level } from '../engine/types';
import type { ApproachSummary, ContentSettings } from '../messaging/protocol';
import { normaliseProfileUrl } from '../settings/profile-url';

export interface Badge {
  /** Null: the tab shows the toolbar's own text (toolbarBadge). */
  text: string | null;
  color: string;
  title: string;
}

// Dark enough for white text at WCAG AA (≥ 4.5:1).
export const BADGE_COLOURS: Record<Exclude<Level, 'none'>, string> = {
  high: '#B3261E',
  medium: '#8A4B00',
  low: '#3B5B80',
};

const BADGE_TEXT: Record<Exclude<Level, 'none'>, string> = { high: 'H', medium: 'M', low: 'L' };
const DEFAULT_TITLE = 'Approach Guard';

/** The hover text while `count` people surfaced by a newer pack are unseen. */
const surfacedTitle = (count: number) =>
  `${DEFAULT_TITLE}: ${count === 1 ? 'someone who wrote to you before is' : `${count} people who wrote to you before are`} now flagged. Open to see.`;

/**
 * The toolbar's own badge, which every tab shows unless it has a level of its own: "!" while
 * people who wrote to the user before and whom a newer pack flags are unseen (surfaced-notice.ts).
 */
export function toolbarBadge(surfaced: number): Badge {
  return surfaced > 0
    ? { text: '!', color: BADGE_COLOURS.high, title: surfacedTitle(surfaced) }
    : { text: '', color: BADGE_COLOURS.high, title: DEFAULT_TITLE };
}

/** A tab with nothing at or above the threshold: it shows the toolbar's text, in its colour. */
export const quietBadge = (surfaced: number): Badge => ({ ...toolbarBadge(surfaced), text: null });

export function badgeFor(approaches: readonly ApproachSummary[], settings: ContentSettings, surfaced = 0): Badge {
  const dismissed = new Set(settings.notSuspicious);
  let top: Level = 'none';
  let count = 0;
  for (const summary of approaches) {
    const level = summary.verdict.level;
    if (levelRank(level) < levelRank(settings.threshold)) continue;
    const profile = normaliseProfileUrl(summary.sender.profileUrl)?.url;
    if (profile && dismissed.has(profile)) continue;
    count += 1;
    if (levelRank(level) > levelRank(top)) top = level;
  }
  if (top === 'none') return quietBadge(surfaced);
  const what = count === 1 ? 'approach' : 'approaches';
  return {
    text: BADGE_TEXT[top],
    color: BADGE_COLOURS[top],
    title: `${DEFAULT_TITLE}: ${count} risky ${what} on this page (highest: ${top})`,
  };
}

// Without a tabId, the toolbar's own values, which tabs without values of their own show.
interface ActionLike {
  setBadgeText(details: { tabId?: number; text: string | null }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId?: number; color: string }): Promise<void>;
  setBadgeTextColor?(details: { tabId?: number; color: string }): Promise<void>;
  setTitle(details: { tabId?: number; title: string }): Promise<void>;
}

/** `action` in MV3, `browserAction` in Firefox MV2. */
function actionApi(): ActionLike | undefined {
  const b = browser as unknown as { action?: ActionLike; browserAction?: ActionLike };
  return b.action ?? b.browserAction;
}

/** Shows `badge` on one tab, or with no tab as the toolbar's own. */
export async function showBadge(tabId: number | undefined, badge: Badge): Promise<void> {
  const action = actionApi();
  if (!action) return;
  const tab = tabId === undefined ? {} : { tabId };
  try {
    await Promise.all([
      action.setBadgeText({ ...tab, text: badge.text }),
      action.setBadgeBackgroundColor({ ...tab, color: badge.color }),
      action.setBadgeTextColor?.({ ...tab, color: '#FFFFFF' }),
      action.setTitle({ ...tab, title: badge.title }),
    ]);
  } catch {
    // The tab closed between the message and the update: nothing to show.
  }
}
