import { describe, expect, it, vi } from 'vitest';
import {
  ChannelConfigError,
  MAILTO_MAX_LENGTH,
  buildMailtoUrl,
  copyReport,
  parseRetryAfter,
  postWebhook,
  prepareClipboard,
  prepareEmail,
  prepareWebhook,
  type FetchLike,
} from '../../../src/report/channels';
import { composeReport } from '../../../src/report/compose';
import { FIXED_NOW, approach, nextUuid, verdict } from './fixtures';

const compose = (extra: { note?: string; excerptMessages?: number[] } = {}) =>
  composeReport(
    { approach: approach(), verdict: verdict(), extensionVersion: '0.1.0', ...extra },
    { now: () => FIXED_NOW, randomUUID: nextUuid },
  );

/** Splits a mailto URL the way a mail client does (RFC 6068): address, then hfields. */
function readMailto(url: string) {
  expect(url.startsWith('mailto:')).toBe(true);
  const [address, query = ''] = url.slice('mailto:'.length).split('?');
  const fields = Object.fromEntries(
    query.split('&').map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      return [name, decodeURIComponent(value)];
    }),
  );
  return { to: decodeURIComponent(address ?? ''), ...fields } as { to: string; subject?: string; body?: string };
}

describe('prepareWebhook', () => {
  it('previews the composed body itself', () => {
    const composed = compose();
    const outgoing = prepareWebhook(composed, 'https://soc.example.org/hooks/approach');
    expect(outgoing.preview).toBe(composed.body);
    expect(outgoing.idempotencyKey).toBe(composed.report.idempotencyKey);
  });

  it.each([
    ['http://soc.example.org/hook', /https/],
    ['ftp://soc.example.org/hook', /https/],
    ['https://user:secret@soc.example.org/hook', /user name or password/],
    ['not a url', /valid URL/],
  ])('refuses %s as a webhook URL', (url, reason) => {
    expect(() => prepareWebhook(compose(), url)).toThrow(ChannelConfigError);
    expect(() => prepareWebhook(compose(), url)).toThrow(reason);
  });

  it.each(['http://127.0.0.1:8787/hook', 'http://localhost/hook', 'https://soc.example.org'])(
    'accepts %s',
    (url) => {
      expect(prepareWebhook(compose(), url).url).toBe(url);
    },
  );
});

describe('prepareClipboard and copyReport', () => {
  it('produces the exact text below and copies that text unchanged', async () => {
    const composed = compose({ note: 'Second approach this month.', excerptMessages: [2] });
    const outgoing = prepareClipboard(composed);
    const key = composed.report.idempotencyKey;
    expect(outgoing.preview).toBe(
      [
        'Approach Guard report (approach-guard.report v1)',
        'Risk level: high (score 78/100)',
        'Seen in: LinkedIn message',
        'Sender: Amy Chen',
        'Profile: https://www.linkedin.com/in/amy-chen-4471/',
        'Headline: Headhunter | Global Talent Partners',
        'Company: Global Talent Partners',
        'Warning signs: unsolicited_job_offer, paid_consultancy_or_reports, off_platform_move, secrecy_request',
        'Rules: job.profile-attracted, off-platform.whatsapp, paid.reports, secrecy.confidential',
        'Rule pack: 2026.11.2',
        'Extension: 0.1.0',
        'Reported at: 2026-11-23T12:00:00.000Z',
        `Reference: ${key}`,
        '',
        'Note from the reporter:',
        'Second approach this month.',
        '',
        'Messages the reporter chose to include:',
        // The third message, as its checkbox in the popup names it.
        '[message 3, 2026-11-21T09:30:00Z]',
        'Please keep this confidential.',
        'We can talk on WhatsApp.',
      ].join('\n'),
    );
    const writeText = vi.fn(async (_text: string) => undefined);
    await copyReport(outgoing, { writeText });
    expect(writeText).toHaveBeenCalledExactlyOnceWith(outgoing.preview);
  });
});

describe('prepareEmail', () => {
  it('builds a mailto URL whose decoded subject and body equal the preview, byte for byte', () => {
    const composed = compose({ note: 'Tricky chars: & ? # % + = "quotes" é 中文 😀', excerptMessages: [0] });
    const outgoing = prepareEmail(composed, 'security@parliament.example');
    const parsed = readMailto(outgoing.url);
    expect(parsed.to).toBe('security@parliament.example');
    expect(parsed.subject).toBe(outgoing.subject);
    expect(parsed.body).toBe(outgoing.preview);
    expect(outgoing.subject).toBe('Approach Guard report: high risk, Amy Chen');
    expect(outgoing.excerptsOmitted).toBe(false);
    expect(outgoing.truncated).toBe(false);
  });

  it('encodes spaces as %20 and line breaks as %0D%0A, with no raw reserved characters in the fields', () => {
    const outgoing = prepareEmail(compose({ note: 'a & b' }), 'security@parliament.example');
    const query = outgoing.url.split('?')[1]!;
    expect(query).not.toContain('+');
    expect(query).not.toContain(' ');
    expect(query).toContain('%0D%0A');
    expect(query.split('&')).toHaveLength(2);
    expect(outgoing.preview.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('leaves excerpts out, and says so, when they would make the link too long', () => {
    const long = approach();
    long.messages[0] = { text: 'word '.repeat(190) };
    long.messages[2] = { text: 'more '.repeat(190) };
    const composed = composeReport(
      { approach: long, verdict: verdict(), extensionVersion: '0.1.0', excerptMessages: [0, 2] },
      { now: () => FIXED_NOW, randomUUID: nextUuid },
    );
    const outgoing = prepareEmail(composed, 'security@parliament.example');
    expect(outgoing.url.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
    expect(outgoing.excerptsOmitted).toBe(true);
    expect(outgoing.truncated).toBe(false);
    expect(outgoing.preview).toContain('2 message excerpt(s) left out');
    expect(outgoing.preview).not.toContain('word word');
    expect(readMailto(outgoing.url).body).toBe(outgoing.preview);
  });

  it('cuts a body that still does not fit, keeping the header fields and marking the cut', () => {
    const outgoing = prepareEmail(compose({ note: '中'.repeat(1900) }), 'security@parliament.example');
    expect(outgoing.url.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
    expect(outgoing.url.length).toBeGreaterThan(MAILTO_MAX_LENGTH - 40);
    expect(outgoing.truncated).toBe(true);
    expect(outgoing.preview).toContain('Profile: https://www.linkedin.com/in/amy-chen-4471/');
    expect(outgoing.preview.endsWith('[cut to fit an e-mail link]')).toBe(true);
    expect(readMailto(outgoing.url).body).toBe(outgoing.preview);
  });

  it('honours a smaller length limit', () => {
    const outgoing = prepareEmail(compose(), 'security@parliament.example', { maxUrlLength: 600 });
    expect(outgoing.url.length).toBeLessThanOrEqual(600);
    expect(outgoing.truncated).toBe(true);
  });

  it('refuses an address that is not an e-mail address', () => {
    expect(() => prepareEmail(compose(), 'security@')).toThrow(ChannelConfigError);
    expect(() => prepareEmail(compose(), 'a@b.example?cc=evil@x.example')).toThrow(ChannelConfigError);
  });

  it('keeps the @ of the address readable in the URL', () => {
    expect(buildMailtoUrl('soc@example.org', 's', 'b')).toBe('mailto:soc@example.org?subject=s&body=b');
  });

  it('shortens a long headline in a script the link writes long before it cuts the warning signs and the reference', () => {
    const long = approach();
    long.sender.headline = '\u56fd\u9645\u5173\u7cfb'.repeat(40);
    // The name, in the subject as well as the body, and the company too.
    long.sender.name = '\u738b'.repeat(200);
    long.sender.company = '\u516c\u53f8'.repeat(50);
    const composed = composeReport({ approach: long, verdict: verdict(), extensionVersion: '0.1.0' }, { now: () => FIXED_NOW, randomUUID: nextUuid });
    const email = prepareEmail(composed, 'soc@example.org');
    expect(email.url.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
    expect(email.truncated).toBe(true);
    const lines = email.preview.split('\r\n');
    expect(lines).toContain(`Reference: ${composed.report.idempotencyKey}`);
    expect(lines.some((line) => line.startsWith('Warning signs: '))).toBe(true);
    expect(lines.find((line) => line.startsWith('Headline: '))).toMatch(/^Headline: [\u4e00-\u9fff]{20,24}\u2026$/);
    expect(email.subject.length).toBeLessThan(60);
  });

  it('writes half a character from the page as U+FFFD instead of failing', () => {
    // A name cut through an emoji by the page itself: encodeURIComponent would throw.
    const cut = approach();
    cut.sender.name = 'Amy \uD83D';
    const report = composeReport({ approach: cut, verdict: verdict(), extensionVersion: '0.1.0' }, { now: () => FIXED_NOW, randomUUID: nextUuid });
    const email = prepareEmail(report, 'soc@example.org');
    expect(email.url).toContain(encodeURIComponent('Amy \uFFFD'));
    expect(buildMailtoUrl('soc@example.org', '\uDE00 s', 'b \uD83D\uDE00 \uD83D')).toBe(
      `mailto:soc@example.org?subject=${encodeURIComponent('\uFFFD s')}&body=${encodeURIComponent('b \u{1F600} \uFFFD')}`,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('120', FIXED_NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(FIXED_NOW + 90_000).toUTCString(), FIXED_NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(FIXED_NOW - 90_000).toUTCString(), FIXED_NOW)).toBe(0);
    expect(parseRetryAfter('soon', FIXED_NOW)).toBeUndefined();
    expect(parseRetryAfter(null, FIXED_NOW)).toBeUndefined();
  });
});

describe('postWebhook', () => {
  const request = { url: 'https://soc.example.org/hook', body: '{"a":1}', idempotencyKey: nextUuid() };
  const answering = (status: number, headers: Record<string, string> = {}) =>
    vi.fn<FetchLike>(async () => new Response(null, { status, headers }));

  it('POSTs the body unchanged with JSON content type and the idempotency key, without credentials', async () => {
    const fetch = answering(202);
    expect(await postWebhook(request, { fetch })).toEqual({ kind: 'sent', status: 202 });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(request.url);
    expect(init.method).toBe('POST');
    expect(init.body).toBe(request.body);
    expect(init.credentials).toBe('omit');
    expect(init.redirect).toBe('manual');
    expect(init.headers).toEqual({ 'Content-Type': 'application/json', 'Idempotency-Key': request.idempotencyKey });
  });

  it.each([500, 502, 503, 408])('asks for a retry on HTTP %i', async (status) => {
    expect(await postWebhook(request, { fetch: answering(status) })).toMatchObject({ kind: 'retry', status });
  });

  it('passes on the Retry-After of a 429', async () => {
    const outcome = await postWebhook(request, { fetch: answering(429, { 'Retry-After': '42' }) });
    expect(outcome).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 42_000 });
  });

  it.each([400, 401, 403, 404, 409, 413, 422])('gives up on HTTP %i', async (status) => {
    expect(await postWebhook(request, { fetch: answering(status) })).toMatchObject({ kind: 'permanent', status });
  });

  it('gives up on a redirect instead of following it', async () => {
    const fetch = answering(307, { Location: 'https://elsewhere.example/' });
    expect(await postWebhook(request, { fetch })).toMatchObject({ kind: 'permanent', status: 307 });
  });

  it('asks for a retry when the network fails', async () => {
    const fetch = vi.fn<FetchLike>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await postWebhook(request, { fetch })).toEqual({ kind: 'retry', error: 'Network error: Failed to fetch' });
  });

  it('aborts a request that never answers and asks for a retry', async () => {
    let signal: AbortSignal | undefined;
    const fetch = vi.fn<FetchLike>((_url, init) => {
      signal = init.signal ?? undefined;
      return new Promise<Response>(() => undefined);
    });
    const outcome = await postWebhook(request, { fetch, timeoutMs: 30 });
    expect(outcome).toEqual({ kind: 'retry', error: 'No answer within 0.03 s' });
    expect(signal?.aborted).toBe(true);
  });
});
