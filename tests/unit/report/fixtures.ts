import type { Approach, Verdict } from '../../../src/engine/types';

export const approach = (): Approach => ({
  id: 'urn:li:msg_conversation:2-abc',
  site: 'linkedin',
  surface: 'message',
  sender: {
    name: 'Amy Chen',
    profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/',
    headline: 'Headhunter | Global Talent Partners',
    company: 'Global Talent Partners',
    location: 'Hong Kong',
    connections: 12,
    followers: 3,
    hasPhoto: false,
    verified: false,
    joined: '2025-05',
  },
  messages: [
    { text: 'Your profile attracted me. A client seeks paid reports on policy.', at: '2026-11-20T10:00:00Z' },
    { text: 'Who is asking?', fromSelf: true },
    { text: 'Please keep this confidential.\nWe can talk on WhatsApp.', at: '2026-11-21T09:30:00Z' },
  ],
  platformWarning: true,
});

export const verdict = (): Verdict => ({
  score: 78,
  level: 'high',
  packVersion: '2026.11.2',
  hits: [
    {
      rule: 'off-platform.whatsapp',
      indicator: 'off_platform_move',
      weight: 20,
      evidence: [{ message: 2, start: 44, end: 52, quote: 'WhatsApp' }],
    },
    {
      rule: 'job.profile-attracted',
      indicator: 'unsolicited_job_offer',
      weight: 15,
      evidence: [{ message: 0, start: 0, end: 26, quote: 'Your profile attracted me.' }],
    },
    {
      rule: 'paid.reports',
      indicator: 'paid_consultancy_or_reports',
      weight: 25,
      evidence: [{ message: 0, start: 36, end: 48, quote: 'paid reports' }],
    },
    {
      rule: 'secrecy.confidential',
      indicator: 'secrecy_request',
      weight: 10,
      evidence: [{ message: 2, start: 12, end: 24, quote: 'confidential' }],
    },
    {
      rule: 'experimental.new-cue',
      indicator: 'flattery',
      weight: 0,
      experimental: true,
      evidence: [{ message: 0, start: 0, end: 4, quote: 'Your' }],
    },
  ],
});

export const FIXED_NOW = Date.parse('2026-11-23T12:00:00.000Z');

let counter = 0;
/** Valid, distinct v4 UUIDs without randomness, so expectations can name them. */
export const nextUuid = (): string => {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
};
