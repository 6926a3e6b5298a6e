import type { ApproachSummary, SenderMessage, TabState } from '../../../src/messaging/protocol';

export const NOW = Date.parse('2026-11-26T12:00:00.000Z');
export const FIXED_UUID = '00000000-0000-4000-8000-0000000000aa';

/** The flagged thread's messages from its sender, as its page gives them (the user's own, index 1, never travel). */
export const flaggedMessages = (): SenderMessage[] => [
  { index: 0, text: 'A client seeks paid reports on policy. Share some non-public insight.', at: '2026-11-20T10:00:00Z' },
  { index: 2, text: 'We can talk on WhatsApp instead.', at: '2026-11-21T09:30:00Z' },
];

export const flaggedSummary = (): ApproachSummary => ({
  approachId: 'urn:li:msg_conversation:2-abc',
  surface: 'message',
  sender: {
    name: 'Amy Chen',
    profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/',
    headline: 'Headhunter | Global Talent Partners',
  },
  verdict: {
    score: 78,
    level: 'high',
    packVersion: '2026.11.23',
    hits: [
      {
        rule: 'paid.reports-for-a-fee',
        indicator: 'paid_consultancy_or_reports',
        weight: 30,
        evidence: [{ message: 0, start: 15, end: 27, quote: 'paid reports' }],
      },
      {
        rule: 'elicitation.non-public-information',
        indicator: 'elicitation_nonpublic_info',
        weight: 35,
        evidence: [{ message: 0, start: 50, end: 68, quote: 'non-public insight' }],
      },
      {
        rule: 'channels.messaging-app',
        indicator: 'off_platform_move',
        weight: 25,
        evidence: [{ message: 2, start: 19, end: 27, quote: 'WhatsApp' }],
      },
      {
        rule: 'flattery.renowned-expert',
        indicator: 'flattery',
        weight: 0,
        experimental: true,
        evidence: [{ message: 0, start: 0, end: 8, quote: 'A client' }],
      },
    ],
  },
});

export const lowSummary = (): ApproachSummary => ({
  approachId: 'urn:li:msg_conversation:2-low',
  surface: 'message',
  sender: { name: 'Ben Low', profileUrl: 'https://www.linkedin.com/in/ben-low/' },
  verdict: {
    score: 22,
    level: 'low',
    packVersion: '2026.11.23',
    hits: [
      {
        rule: 'flattery.renowned-expert',
        indicator: 'flattery',
        weight: 20,
        evidence: [{ message: 0, start: 10, end: 25, quote: 'renowned expert' }],
      },
    ],
  },
});

export const tabState = (approaches: ApproachSummary[]): TabState => ({
  pageUrl: 'https://www.linkedin.com/messaging/thread/2-abc/',
  updatedAt: NOW - 1000,
  approaches,
});
