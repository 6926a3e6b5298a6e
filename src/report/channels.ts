// The three ways a report leaves the device. Each `prepare*` returns the exact string the
// preview shows (`preview`); the matching sender sends that string and nothing else.
import { reasonOf } from '../settings/validation';
import { OUTBOX_ERRORS, REPORT_ERRORS, REPORT_TEXT } from '../ui/strings';
import { renderReportText, truncateText, type ComposedReport } from './compose';
import { emailAddressSchema, endpointUrlSchema, REPORT_BODY_MAX_CHARS } from './schema';

export type ReportChannel = 'webhook' | 'email' | 'clipboard';

export class ChannelConfigError extends Error {
  override name = 'ChannelConfigError';
}

export interface WebhookOutgoing {
  channel: 'webhook';
  url: string;
  /** The request body, byte for byte. */
  preview: string;
  idempotencyKey: string;
  approachId: string;
  fingerprint: string;
}

export interface EmailOutgoing {
  channel: 'email';
  to: string;
  subject: string;
  /** The e-mail body, byte for byte (CRLF line breaks, as RFC 6068 asks of mailto bodies). */
  preview: string;
  /** The `mailto:` URL carrying `subject` and `preview`. */
  url: string;
  excerptsOmitted: boolean;
  truncated: boolean;
}

export interface ClipboardOutgoing {
  channel: 'clipboard';
  /** The clipboard text, byte for byte. */
  preview: string;
}

export type OutgoingReport = WebhookOutgoing | EmailOutgoing | ClipboardOutgoing;

export function prepareWebhook(composed: ComposedReport, url: string): WebhookOutgoing {
  const checked = endpointUrlSchema.safeParse(url);
  if (!checked.success) throw new ChannelConfigError(REPORT_ERRORS.webhookUrl(reasonOf(checked.error)));
  // Said at the preview, not after it: the background takes a body of at most this size (control
  // characters in messages are written six characters each). E-mail and the clipboard have room.
  if (composed.body.length > REPORT_BODY_MAX_CHARS) throw new ChannelConfigError(REPORT_ERRORS.tooLarge);
  return {
    channel: 'webhook',
    url: checked.data,
    preview: composed.body,
    idempotencyKey: composed.report.idempotencyKey,
    approachId: composed.approachId,
    fingerprint: composed.fingerprint,
  };
}

export function prepareClipboard(composed: ComposedReport): ClipboardOutgoing {
  return { channel: 'clipboard', preview: renderReportText(composed.report) };
}

/** Writes exactly the previewed text. The default clipboard needs a user gesture (popup click). */
export async function copyReport(
  outgoing: ClipboardOutgoing,
  clipboard: Pick<Clipboard, 'writeText'> = navigator.clipboard,
): Promise<void> {
  await clipboard.writeText(outgoing.preview);
}

// Windows hands URLs to the mail client through an API that cuts them near 2,048 characters,
// and several clients truncate silently past that; stay under it with the whole URL.
export const MAILTO_MAX_LENGTH = 2000;
const SUBJECT_MAX_CHARS = 120;
/** What the sender's name, headline and company keep of themselves in an e-mail that would not fit otherwise. */
const SENDER_FIELD_EMAIL_MAX = 24;

/** `text` with each unit of half a character (a lone surrogate, which page text may hold) as U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * RFC 6068 mailto URL. `encodeURIComponent` gives %20 for spaces and %0D%0A for CRLF, and throws
 * on half a character, which a name or a message from the page can hold: those are written U+FFFD.
 */
export function buildMailtoUrl(to: string, subject: string, body: string): string {
  // "@" is allowed as-is in the address part (RFC 6068 section 2); keep it readable.
  const address = encodeURIComponent(to).replace(/%40/g, '@');
  return `mailto:${address}?subject=${encodeURIComponent(wellFormed(subject))}&body=${encodeURIComponent(wellFormed(body))}`;
}

export interface EmailOptions {
  maxUrlLength?: number;
}

export function prepareEmail(composed: ComposedReport, to: string, options: EmailOptions = {}): EmailOutgoing {
  const checked = emailAddressSchema.safeParse(to);
  if (!checked.success) throw new ChannelConfigError(REPORT_ERRORS.emailAddress(reasonOf(checked.error)));
  const address = checked.data;
  const max = options.maxUrlLength ?? MAILTO_MAX_LENGTH;
  const { report } = composed;
  const who = report.sender.name ?? REPORT_TEXT.emailUnknownSender;
  const subjectFor = (name: string) => truncateText(REPORT_TEXT.emailSubject(report.verdict.level, name), SUBJECT_MAX_CHARS);
  let subject = subjectFor(who);

  const fits = (body: string) => buildMailtoUrl(address, subject, body).length <= max;
  const done = (body: string, excerptsOmitted: boolean, truncated: boolean): EmailOutgoing => ({
    channel: 'email',
    to: address,
    subject,
    preview: body,
    url: buildMailtoUrl(address, subject, body),
    excerptsOmitted,
    truncated,
  });

  const full = renderReportText(report, { newline: '\r\n' });
  if (fits(full)) return done(full, false, false);

  const excerptsOmitted = report.excerpts !== undefined;
  const withoutExcerpts = excerptsOmitted ? renderReportText(report, { newline: '\r\n', omitExcerpts: true }) : full;
  if (fits(withoutExcerpts)) return done(withoutExcerpts, excerptsOmitted, false);
  // Then the sender's own fields, in the subject too, so that what identifies the report comes whole.
  subject = subjectFor(truncateText(who, SENDER_FIELD_EMAIL_MAX));
  const shorter = renderReportText(report, { newline: '\r\n', omitExcerpts: true, senderFieldMax: SENDER_FIELD_EMAIL_MAX });
  if (fits(shorter)) return done(shorter, excerptsOmitted, true);

  // Last resort (a very long note): cut the body, keeping the header fields that come first.
  const marker = `\r\n${REPORT_TEXT.emailCut}`;
  let low = 0;
  let high = shorter.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(cutAt(shorter, mid) + marker)) low = mid;
    else high = mid - 1;
  }
  const cut = cutAt(shorter, low) + marker;
  if (!fits(cut)) throw new ChannelConfigError(REPORT_ERRORS.emailTooLong);
  return done(cut, excerptsOmitted, true);
}

/** Prefix of at most `length` units that ends neither inside a surrogate pair nor inside a CRLF. */
function cutAt(text: string, length: number): string {
  let end = Math.min(length, text.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  if (text[end - 1] === '\r' && text[end] === '\n') end -= 1;
  return text.slice(0, end);
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type WebhookOutcome =
  | { kind: 'sent'; status: number }
  /** Worth trying again later: offline, timeout, 408, 429, 5xx. */
  | { kind: 'retry'; status?: number; error: string; retryAfterMs?: number }
  /** Trying again cannot help: any other 4xx, a redirect. */
  | { kind: 'permanent'; status?: number; error: string };

export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; a browser hides it unless the endpoint exposes it.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface WebhookRequest {
  url: string;
  body: string;
  idempotencyKey: string;
}

export interface WebhookDeps {
  fetch?: FetchLike;
  timeoutMs?: number;
  now?: () => number;
}

class WebhookTimeout extends Error {}

/** One POST attempt, classified. Never throws: the outbox needs an outcome for every attempt. */
export async function postWebhook(request: WebhookRequest, deps: WebhookDeps = {}): Promise<WebhookOutcome> {
  const fetchImpl = deps.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const now = deps.now ?? Date.now;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Racing as well as aborting: a fetch that ignores its signal must not hold the outbox.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new WebhookTimeout());
    }, timeoutMs);
  });
  let response: Response;
  try {
    response = await Promise.race([
      fetchImpl(request.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': request.idempotencyKey },
        body: request.body,
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        // A redirect could carry the report somewhere the security team did not configure.
        redirect: 'manual',
      }),
      timeout,
    ]);
  } catch (error) {
    if (error instanceof WebhookTimeout || controller.signal.aborted) {
      return { kind: 'retry', error: OUTBOX_ERRORS.timeout(timeoutMs / 1000) };
    }
    // Offline, DNS, TLS and CORS refusals all look alike from here (src/report/README.md).
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'retry', error: OUTBOX_ERRORS.network(message) };
  } finally {
    clearTimeout(timer);
  }
  // The body is not needed; release the connection.
  void response.body?.cancel().catch(() => undefined);

  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'sent', status };
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    return { kind: 'permanent', status, error: OUTBOX_ERRORS.redirected };
  }
  const statusText = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), now());
    return retryAfterMs === undefined
      ? { kind: 'retry', status, error: statusText }
      : { kind: 'retry', status, error: statusText, retryAfterMs };
  }
  return { kind: 'permanent', status, error: statusText };
}
