// The toolbar badge for one tab: the highest level on the page at or above the user's
// threshold, as a colour and a letter (the letter keeps it readable without colour vision).
import { browser } from 'wxt/browser';
import { levelRank, type Level } from '../engine/types';
import type { ApproachSummary, ContentSettings } from '../messaging/protocol';
import { normaliseProfileUrl } from '../settings/profile-url';

export interface Badge {
  text: string;
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

export function badgeFor(approaches: readonly ApproachSummary[], settings: ContentSettings): Badge {
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
  if (top === 'none') return { text: '', color: BADGE_COLOURS.low, title: DEFAULT_TITLE };
  const what = count === 1 ? 'approach' : 'approaches';
  return {
    text: BADGE_TEXT[top],
    color: BADGE_COLOURS[top],
    title: `${DEFAULT_TITLE}: ${count} risky ${what} on this page (highest: ${top})`,
  };
}

interface ActionLike {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setBadgeTextColor?(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

/** `action` in MV3, `browserAction` in Firefox MV2. */
function actionApi(): ActionLike | undefined {
  const b = browser as unknown as { action?: ActionLike; browserAction?: ActionLike };
  return b.action ?? b.browserAction;
}

export async function showBadge(tabId: number, badge: Badge): Promise<void> {
  const action = actionApi();
  if (!action) return;
  try {
    await Promise.all([
      action.setBadgeText({ tabId, text: badge.text }),
      action.setBadgeBackgroundColor({ tabId, color: badge.color }),
      action.setBadgeTextColor?.({ tabId, color: '#FFFFFF' }),
      action.setTitle({ tabId, title: badge.title }),
    ]);
  } catch {
    // The tab closed between the message and the update: nothing to show.
  }
}

export const clearBadge = (tabId: number): Promise<void> =>
  showBadge(tabId, { text: '', color: BADGE_COLOURS.low, title: DEFAULT_TITLE });
