import { describe, expect, it } from 'vitest';
import {
  ReportCompositionError,
  composeReport,
  renderReportText,
  reviveComposedReport,
  truncateText,
} from '../../../src/report/compose';
import { EXCERPT_MAX_CHARS, NOTE_MAX_CHARS, REPORT_SCHEMA_VERSION, reportSchema } from '../../../src/report/schema';
import { FIXED_NOW, approach, nextUuid, verdict } from './fixtures';
import { popupReportMessage } from '../../../src/messaging/popup-protocol';
import { prepareClipboard, prepareEmail, prepareWebhook } from '../../../src/report/channels';

const deps = () => ({ now: () => FIXED_NOW, randomUUID: nextUuid });
const base = () => ({ approach: approach(), verdict: verdict(), extensionVersion: '0.1.0' });

describe('composeReport', () => {
  it('puts only the allowed fields in the report', () => {
    const { report } = composeReport({ ...base(), note: 'Felt wrong.', excerptMessages: [0] }, deps());
    expect(Object.keys(report).sort()).toEqual(
      [
        'createdAt',
        'excerpts',
        'extensionVersion',
        'format',
        'idempotencyKey',
        'note',
        'packVersion',
        'schemaVersion',
        'sender',
        'surface',
        'verdict',
      ].sort(),
    );
    expect(Object.keys(report.sender).sort()).toEqual(['company', 'headline', 'name', 'profileUrl']);
    expect(Object.keys(report.verdict).sort()).toEqual(['indicators', 'level', 'rules', 'score']);
  });

  it('leaves out sender details the report does not list, such as location and connection counts', () => {
    const { body } = composeReport(base(), deps());
    expect(body).not.toContain('Hong Kong');
    expect(body).not.toContain('connections');
    expect(body).not.toContain('2025-05');
    expect(body).not.toContain('urn:li:msg_conversation');
  });

  it('includes no message text at all when the user ticks nothing', () => {
    const { report, body } = composeReport(base(), deps());
    expect(report.excerpts).toBeUndefined();
    for (const message of approach().messages) expect(body).not.toContain(message.text.slice(0, 20));
  });

  it('includes exactly the ticked messages, in thread order, with their index and time', () => {
    const { report, body } = composeReport({ ...base(), excerptMessages: [2, 0, 2] }, deps());
    expect(report.excerpts).toEqual([
      { message: 0, at: '2026-11-20T10:00:00Z', text: approach().messages[0]!.text },
      { message: 2, at: '2026-11-21T09:30:00Z', text: approach().messages[2]!.text },
    ]);
    expect(body).not.toContain('Who is asking?');
  });

  it("refuses to include the user's own message", () => {
    expect(() => composeReport({ ...base(), excerptMessages: [1] }, deps())).toThrow(ReportCompositionError);
  });

  it('refuses, at the preview, a webhook report larger than the background takes; e-mail and the clipboard take it', () => {
    // Control characters are written six characters each in JSON: twenty such excerpts run past 64 K.
    const noisy = approach();
    noisy.messages = Array.from({ length: 20 }, (_, i) => ({ text: `${i} ${'\u0001'.repeat(EXCERPT_MAX_CHARS)}` }));
    const all = noisy.messages.map((_, i) => i);
    const large = composeReport({ ...base(), approach: noisy, excerptMessages: all }, deps());
    expect(() => prepareWebhook(large, 'https://soc.example.org/hooks/a')).toThrow(/^The report is too large to send/);
    expect(prepareClipboard(large).preview).toContain('\u0001'.repeat(EXCERPT_MAX_CHARS - 10));
    expect(prepareEmail(large, 'soc@example.org').excerptsOmitted).toBe(true);
    const { preview } = prepareWebhook(composeReport({ ...base(), approach: noisy, excerptMessages: all.slice(0, 5) }, deps()), 'https://soc.example.org/hooks/a');
    expect(popupReportMessage.safeParse({ type: 'popup→background:report', approachId: noisy.id, body: preview }).success).toBe(true);
  });

  it('refuses a ticked index that is not in the conversation', () => {
    expect(() => composeReport({ ...base(), excerptMessages: [7] }, deps())).toThrow(/not part of this conversation/);
    expect(() => composeReport({ ...base(), excerptMessages: [0.5] }, deps())).toThrow(ReportCompositionError);
  });

  it('shortens a very long ticked message to the excerpt limit with an ellipsis', () => {
    const long = approach();
    long.messages[0] = { text: 'x'.repeat(EXCERPT_MAX_CHARS * 3) };
    const { report } = composeReport({ ...base(), approach: long, excerptMessages: [0] }, deps());
    const text = report.excerpts![0]!.text;
    expect(text).toHaveLength(EXCERPT_MAX_CHARS);
    expect(text.endsWith('…')).toBe(true);
  });

  it('stamps the format, schema version, pack version, extension version, time and a UUID key', () => {
    const { report } = composeReport(base(), deps());
    expect(report.format).toBe('approach-guard.report');
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.packVersion).toBe('2026.11.2');
    expect(report.extensionVersion).toBe('0.1.0');
    expect(report.createdAt).toBe('2026-11-23T12:00:00.000Z');
    expect(report.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uses a fresh random key by default', () => {
    const first = composeReport(base()).report.idempotencyKey;
    const second = composeReport(base()).report.idempotencyKey;
    expect(first).not.toBe(second);
  });

  it('lists indicators in canonical order and rule ids sorted, leaving out experimental rules the user never saw', () => {
    const { report } = composeReport(base(), deps());
    expect(report.verdict.indicators).toEqual([
      'unsolicited_job_offer',
      'paid_consultancy_or_reports',
      'off_platform_move',
      'secrecy_request',
    ]);
    expect(report.verdict.rules).toEqual([
      'job.profile-attracted',
      'off-platform.whatsapp',
      'paid.reports',
      'secrecy.confidential',
    ]);
    expect(JSON.stringify(report)).not.toContain('experimental');
    expect(report.verdict.indicators).not.toContain('flattery');
  });

  it('serialises once: the body is the JSON of the report and parses back to it under the strict schema', () => {
    const composed = composeReport({ ...base(), note: 'x' }, deps());
    expect(composed.body).toBe(JSON.stringify(composed.report, null, 2));
    expect(reportSchema.parse(JSON.parse(composed.body))).toEqual(composed.report);
    expect(Object.isFrozen(composed)).toBe(true);
    expect(Object.isFrozen(composed.report)).toBe(true);
  });

  it('trims the note and drops a blank one', () => {
    expect(composeReport({ ...base(), note: '  Odd.  ' }, deps()).report.note).toBe('Odd.');
    expect(composeReport({ ...base(), note: '   ' }, deps()).report).not.toHaveProperty('note');
  });

  it('refuses a note over the limit rather than cutting the reporter’s words', () => {
    expect(() => composeReport({ ...base(), note: 'n'.repeat(NOTE_MAX_CHARS + 1) }, deps())).toThrow(/note is longer/);
  });

  it('drops a profile URL that is not https', () => {
    const odd = approach();
    odd.sender.profileUrl = 'javascript:alert(1)';
    expect(composeReport({ ...base(), approach: odd }, deps()).report.sender).not.toHaveProperty('profileUrl');
  });

  it('gives the same fingerprint to the same content composed twice, and a different one when content differs', () => {
    const a = composeReport(base(), deps());
    const b = composeReport(base(), { now: () => FIXED_NOW + 500, randomUUID: nextUuid });
    const c = composeReport({ ...base(), note: 'extra' }, deps());
    expect(a.report.idempotencyKey).not.toBe(b.report.idempotencyKey);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});

describe('reviveComposedReport', () => {
  it('accepts the previewed body unchanged and gives back the same composition', () => {
    const composed = composeReport({ ...base(), note: 'n', excerptMessages: [0] }, deps());
    expect(reviveComposedReport(composed.body, composed.approachId)).toEqual(composed);
  });

  it('refuses a body with an extra field, an edited layout or no JSON at all', () => {
    const { body, approachId, report } = composeReport(base(), deps());
    const extra = JSON.stringify({ ...report, location: 'Hong Kong' }, null, 2);
    expect(() => reviveComposedReport(extra, approachId)).toThrow(/not a valid report/);
    expect(() => reviveComposedReport(JSON.stringify(report), approachId)).toThrow(/canonical/);
    expect(() => reviveComposedReport(`${body} `, approachId)).toThrow(/canonical/);
    expect(() => reviveComposedReport('<html>', approachId)).toThrow(/not JSON/);
  });
});

describe('renderReportText', () => {
  it('writes one kind of line break only, whatever the page used', () => {
    const odd = approach();
    odd.messages[0] = { text: 'one\r\ntwo\rthree\nfour' };
    const { report } = composeReport({ ...base(), approach: odd, excerptMessages: [0] }, deps());
    const crlf = renderReportText(report, { newline: '\r\n' });
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(crlf).toContain('one\r\ntwo\r\nthree\r\nfour');
    expect(renderReportText(report)).not.toContain('\r');
  });
});

describe('truncateText', () => {
  it('never splits a surrogate pair', () => {
    const text = `${'a'.repeat(8)}😀😀😀`;
    const cut = truncateText(text, 10);
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
  });
});
