import { describe, expect, it, vi } from 'vitest';
import { explainHits, MAX_QUOTES_PER_CUE, shownIndicators, type HitLike, type PackTexts } from '../../../src/ui/cues';
import { MAX_CUE_STEPS, stepsFor } from '../../../src/ui/guidance';
import { linkedInProfileUrl, safeHttpsUrl } from '../../../src/ui/links';
import { CORE_STEPS, CUE_STEPS } from '../../../src/ui/strings';
import { formatDate, formatPolicyValue, formatRelative, isPastDate } from '../../../src/ui/format';

const texts: PackTexts = {
  rules: new Map([
    ['paid.reports', { description: 'Offers payment for reports.', advice: 'Tell your security team.', references: ['NPSA'] }],
    ['paid.client', { description: 'Work for an unnamed client.', advice: 'Tell your security team.', references: ['NPSA'] }],
  ]),
  indicators: { paid_consultancy_or_reports: { title: 'Paid consultancy or reports', summary: 'Money for reports.' } },
};

const hit = (rule: string, indicator: HitLike['indicator'], weight: number, quotes: string[], experimental = false): HitLike => ({
  rule,
  indicator,
  weight,
  experimental,
  evidence: quotes.map((quote) => ({ quote })),
});

describe('explainHits', () => {
  it('keeps descriptions of the profile apart from the sender’s words, even when they read the same', () => {
    const cues = explainHits(
      [
        {
          rule: 'profile.new-account',
          indicator: 'profile_anomaly',
          weight: 15,
          evidence: [
            { quote: 'no profile photo', field: 'profile' },
            { quote: 'joined 2026-10', field: 'profile' },
            { quote: 'Recruiter', field: 'headline' },
          ],
        },
        hit('flattery.photo', 'profile_anomaly', 5, ['no profile photo']),
      ],
      texts,
    );
    expect(cues[0]?.profileFacts).toEqual(['no profile photo', 'joined 2026-10']);
    expect(cues[0]?.quotes).toEqual(['Recruiter', 'no profile photo']);
  });

  it('groups hits into one cue per indicator, strongest first, with each rule\u2019s text', () => {
    const cues = explainHits(
      [
        hit('channels.whatsapp', 'off_platform_move', 10, ['WhatsApp']),
        hit('paid.reports', 'paid_consultancy_or_reports', 20, ['paid reports']),
        hit('paid.client', 'paid_consultancy_or_reports', 15, ['a client']),
      ],
      texts,
    );
    expect(cues.map((c) => c.indicator)).toEqual(['paid_consultancy_or_reports', 'off_platform_move']);
    expect(cues[0]).toMatchObject({
      title: 'Paid consultancy or reports',
      quotes: ['paid reports', 'a client'],
      rules: [
        { id: 'paid.reports', description: 'Offers payment for reports.' },
        { id: 'paid.client', description: 'Work for an unnamed client.' },
      ],
    });
    // No title in the pack: a readable one from the id, never a blank.
    expect(cues[1]?.title).toBe('Off platform move');
  });

  it('leaves out experimental rules, which do not warn', () => {
    const hits = [hit('x.new', 'flattery', 0, ['renowned'], true)];
    expect(explainHits(hits, texts)).toEqual([]);
    expect(shownIndicators(hits)).toEqual([]);
  });

  it('drops repeated and empty quotes and keeps at most a handful', () => {
    const quotes = ['Paid', 'paid', ' ', ...Array.from({ length: 10 }, (_, i) => `q${i}`)];
    const [cue] = explainHits([hit('paid.reports', 'paid_consultancy_or_reports', 5, quotes)], texts);
    expect(cue?.quotes[0]).toBe('Paid');
    expect(cue?.quotes).toHaveLength(MAX_QUOTES_PER_CUE);
  });

  it('drops a quote already shown as whole words inside a longer one, before counting to the cap', () => {
    const quotes = ['headhunter', 'I am a headhunter', 'headhunter for', 'paid', 'all expenses paid', 'pay', 'Hunter', 'q1', 'q2', 'q3'];
    const [cue] = explainHits([hit('paid.reports', 'paid_consultancy_or_reports', 5, quotes)], texts);
    // "pay" is not a word of "paid", and "Hunter" is not a whole word of "headhunter": both stay.
    expect(cue?.quotes).toEqual(['I am a headhunter', 'headhunter for', 'all expenses paid', 'pay', 'Hunter', 'q1']);
  });
});

describe('stepsFor', () => {
  it('always starts with withdraw and do not share, and ends with report', () => {
    const steps = stepsFor([]);
    expect(steps).toEqual([CORE_STEPS.withdraw, CORE_STEPS.doNotShare, CORE_STEPS.report]);
  });

  it('adds the steps for the cues that fired, once each, most urgent first, and keeps the list short', () => {
    const steps = stepsFor(['paid_consultancy_or_reports', 'crypto_payment', 'suspicious_link', 'off_platform_move', 'known_flagged_entity']);
    expect(steps[2]).toBe(CUE_STEPS.known_flagged_entity);
    expect(steps.filter((s) => s === CUE_STEPS.paid_consultancy_or_reports)).toHaveLength(1);
    expect(steps).toHaveLength(3 + MAX_CUE_STEPS);
    expect(steps.at(-1)).toBe(CORE_STEPS.report);
  });
});

describe('linkedInProfileUrl', () => {
  it('gives the canonical www.linkedin.com/in/ URL for any LinkedIn form of a profile', () => {
    expect(linkedInProfileUrl('https://uk.linkedin.com/in/Amy-Chen-4471?trk=x#top')).toBe('https://www.linkedin.com/in/amy-chen-4471/');
    expect(linkedInProfileUrl('https://www.linkedin.com/in/%E6%9D%8E%E6%98%8E/')).toBe('https://www.linkedin.com/in/%e6%9d%8e%e6%98%8e/');
  });

  it('refuses anything that is not a LinkedIn member profile over https', () => {
    for (const url of [
      undefined,
      '',
      'http://www.linkedin.com/in/amy/',
      'https://www.linkedin.com/company/acme/',
      'https://linkedin.com.evil.example/in/amy/',
      'https://evil.example/in/amy/',
      'javascript:alert(1)//www.linkedin.com/in/amy',
    ]) {
      expect(linkedInProfileUrl(url)).toBeUndefined();
    }
  });
});

describe('safeHttpsUrl', () => {
  it('accepts https and refuses script, data and credential-bearing URLs', () => {
    expect(safeHttpsUrl('https://www.mi5.gov.uk/news')).toBe('https://www.mi5.gov.uk/news');
    expect(safeHttpsUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpsUrl('data:text/html,x')).toBeUndefined();
    expect(safeHttpsUrl('https://user:pw@example.org/')).toBeUndefined();
    expect(safeHttpsUrl('MI5 interference alert, January 2022')).toBeUndefined();
  });
});

describe('dates', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('formats dates and ages in British English', () => {
    expect(formatDate('2026-11-23')).toBe('23 November 2026');
    expect(formatRelative(now - 3 * 86_400_000, now)).toBe('3 days ago');
    expect(formatRelative(now - 86_400_000, now)).toBe('yesterday');
    expect(formatRelative(now + 5 * 60_000, now)).toBe('in 5 minutes');
  });

  it('dates a moment by the user\u2019s day, and a calendar date the same everywhere', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Australia/Sydney';
    vi.resetModules();
    try {
      const local = await import('../../../src/ui/format');
      // 23:30 UTC on the 26th is already the 27th in Sydney, where the user saw the sender.
      expect(local.formatDate('2026-11-26T23:30:00.000Z')).toBe('27 November 2026');
      expect(local.formatDate(Date.parse('2026-11-26T23:30:00.000Z'))).toBe('27 November 2026');
      expect(local.formatDate('2026-11-26')).toBe('26 November 2026');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
      vi.resetModules();
    }
  });

  it('says a moment under a minute away is not "now": a retry in 20 s is "in under a minute"', () => {
    expect(formatRelative(now + 20_000, now)).toBe('in under a minute');
    expect(formatRelative(now - 20_000, now)).toBe('just now');
    expect(formatRelative(now, now)).toBe('just now');
  });

  it('shows a policy value as JSON, quotes and stray spaces visible, and cut short when long', () => {
    expect(formatPolicyValue('extreme')).toBe('"extreme"');
    expect(formatPolicyValue(' high')).toBe('" high"');
    expect(formatPolicyValue(0)).toBe('0');
    expect(formatPolicyValue(['AAEC'])).toBe('["AAEC"]');
    const long = formatPolicyValue('x'.repeat(500));
    expect(long).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
  });

  it('treats a pack as expired only after its expiry day has ended', () => {
    expect(isPastDate('2026-11-26', now)).toBe(false);
    expect(isPastDate('2026-11-25', now)).toBe(true);
    expect(isPastDate(undefined, now)).toBe(false);
  });
});
