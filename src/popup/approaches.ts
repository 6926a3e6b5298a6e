// Which approaches the popup shows, and the Approach/Verdict a report is composed from.
import { levelRank, type Approach, type ApproachMessage, type Level, type Verdict } from '../engine/types';
import type { ApproachSummary, SenderMessage } from '../messaging/protocol';
import type { NotSuspiciousEntry, Threshold } from '../settings/schema';
import { isNotSuspicious } from '../settings/store';

export interface FlaggedSelection {
  /** At or above the threshold and not dismissed, highest score first. */
  shown: ApproachSummary[];
  /** At or above the threshold but from a sender the user marked "Not suspicious". */
  hidden: number;
  /** With warning signs, but below the threshold (and not marked "Not suspicious"). */
  below: number;
}

export function selectFlagged(
  approaches: readonly ApproachSummary[],
  threshold: Threshold,
  notSuspicious: readonly NotSuspiciousEntry[],
): FlaggedSelection {
  const atThreshold = approaches.filter((a) => levelRank(a.verdict.level) >= levelRank(threshold));
  const shown = atThreshold.filter((a) => !isNotSuspicious(a.sender.profileUrl, notSuspicious));
  shown.sort((a, b) => b.verdict.score - a.verdict.score);
  const below = approaches.filter(
    (a) => a.verdict.level !== 'none' && levelRank(a.verdict.level) < levelRank(threshold) && !isNotSuspicious(a.sender.profileUrl, notSuspicious),
  ).length;
  return { shown, hidden: atThreshold.length - shown.length, below };
}

export function highestLevel(approaches: readonly ApproachSummary[]): Level {
  return approaches.reduce<Level>(
    (top, a) => (levelRank(a.verdict.level) > levelRank(top) ? a.verdict.level : top),
    'none',
  );
}

/**
 * The Approach a report is composed from: the summary, and the sender's messages as the page
 * gave them (none when it could not), each with its index in the thread. The gaps are the user's
 * own messages, kept as placeholders so excerpt indices still match the thread and can never be
 * ticked (compose refuses them).
 */
export function toApproach(summary: ApproachSummary, senderMessages: readonly SenderMessage[] = []): Approach {
  const length = senderMessages.reduce((max, m) => Math.max(max, m.index + 1), 0);
  const messages: ApproachMessage[] = Array.from({ length }, () => ({ text: '', fromSelf: true }));
  for (const m of senderMessages) messages[m.index] = m.at ? { text: m.text, at: m.at } : { text: m.text };
  const approach: Approach = {
    id: summary.approachId,
    site: 'linkedin',
    surface: summary.surface,
    sender: senderOf(summary.sender),
    messages,
  };
  if (summary.platformWarning !== undefined) approach.platformWarning = summary.platformWarning;
  return approach;
}

/** The scored sender fields; the photo address is for display only and never enters a report. */
function senderOf({ photoUrl: _photo, ...sender }: ApproachSummary['sender']): Approach['sender'] {
  return sender;
}

export function toVerdict(summary: ApproachSummary): Verdict {
  return { ...summary.verdict, hits: summary.verdict.hits.map((hit) => ({ ...hit })) };
}
