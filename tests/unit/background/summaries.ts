// Summaries as the content script sends them, for the background tests.
import type { ApproachSummary, VerdictsMessage } from '../../../src/messaging/protocol';

export const PAGE = 'https://www.linkedin.com/messaging/thread/2-abc/';

export function summary(overrides: Partial<ApproachSummary> = {}): ApproachSummary {
  return {
    approachId: 'linkedin:thread:0001',
    surface: 'message',
    sender: { name: 'Lena Okafor', profileUrl: 'https://www.linkedin.com/in/Fixture-Member-56/', hasPhoto: false },
    verdict: {
      score: 80,
      level: 'high',
      packVersion: '2026.11.23',
      hits: [
        {
          rule: 'channels.messaging-app',
          indicator: 'off_platform_move',
          weight: 25,
          evidence: [{ message: 0, start: 59, end: 67, quote: 'WhatsApp' }],
        },
      ],
    },
    ...overrides,
  };
}

export const benign = (overrides: Partial<ApproachSummary> = {}): ApproachSummary =>
  summary({
    approachId: 'linkedin:thread:0002',
    sender: { name: 'Owen Pryce', profileUrl: 'https://www.linkedin.com/in/fixture-member-57/' },
    verdict: { score: 0, level: 'none', packVersion: '2026.11.23', hits: [] },
    ...overrides,
  });

export const verdictsMessage = (approaches: ApproachSummary[], pageUrl = PAGE): VerdictsMessage => ({
  type: 'content→background:verdicts',
  pageUrl,
  approaches,
});

export const EXTENSION_ID = 'test-extension-id';

export const linkedInSender = (tabId = 7, url = PAGE) => ({ id: EXTENSION_ID, url, frameId: 0, tab: { id: tabId, url } });
