// Compose once, show and send the same bytes (issue: "what is sent equals the preview").
// The report is built from an allow-list of fields and parsed with the strict schema, so
// nothing else from the Approach (location, other messages, the user's own words) can leak.
import { INDICATOR_IDS, type Approach, type IndicatorId, type Verdict } from '../engine/types';
import { reasonOf } from '../settings/validation';
import { REPORT_ERRORS, REPORT_TEXT } from '../ui/strings';
import { z } from 'zod';
import {
  EXCERPT_MAX_CHARS,
  EXCERPTS_MAX,
  NOTE_MAX_CHARS,
  REPORT_FORMAT,
  REPORT_SCHEMA_VERSION,
  reportSchema,
  type Report,
  type ReportExcerpt,
} from './schema';

export class ReportCompositionError extends Error {
  override name = 'ReportCompositionError';
}

export interface ReportInput {
  approach: Approach;
  verdict: Verdict;
  extensionVersion: string;
  /** Free text from the reporter; blank means none. */
  note?: string;
  /** Indices into `approach.messages` the user ticked; none ticked means no excerpts at all. */
  excerptMessages?: readonly number[];
}

export interface ComposeDeps {
  now?: () => number;
  randomUUID?: () => string;
}

export interface ComposedReport {
  readonly report: Report;
  /** The exact JSON the preview shows and the webhook sends. */
  readonly body: string;
  /** Kept on the device for de-duplication; never part of the report. */
  readonly approachId: string;
  /** Same approach and same fields give the same fingerprint, whatever the key and time. */
  readonly fingerprint: string;
}

const SENDER_LIMITS = { name: 200, headline: 500, company: 200 } as const;
const httpsUrl = z.url({ protocol: /^https$/ }).max(2048);

/** Shortens to at most `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

const clean = (value: string | undefined, max: number): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? truncateText(trimmed, max) : undefined;
};

function pickExcerpts(approach: Approach, ticked: readonly number[]): ReportExcerpt[] | undefined {
  const indices = [...new Set(ticked)].sort((a, b) => a - b);
  if (indices.length === 0) return undefined;
  if (indices.length > EXCERPTS_MAX) {
    throw new ReportCompositionError(REPORT_ERRORS.tooManyExcerpts(EXCERPTS_MAX));
  }
  return indices.map((index) => {
    const message = Number.isInteger(index) ? approach.messages[index] : undefined;
    if (message === undefined) {
      throw new ReportCompositionError(REPORT_ERRORS.notInConversation(index));
    }
    // The user's own messages are not evidence about the sender (DESIGN: never scored).
    if (message.fromSelf) {
      throw new ReportCompositionError(REPORT_ERRORS.ownMessage(index));
    }
    const excerpt: ReportExcerpt = { message: index, text: truncateText(message.text, EXCERPT_MAX_CHARS) };
    if (message.at) excerpt.at = truncateText(message.at, 64);
    return excerpt;
  });
}

export function composeReport(input: ReportInput, deps: ComposeDeps = {}): ComposedReport {
  const now = deps.now ?? Date.now;
  const randomUUID = deps.randomUUID ?? (() => crypto.randomUUID());
  const { approach, verdict } = input;

  const note = input.note?.trim();
  if (note !== undefined && note.length > NOTE_MAX_CHARS) {
    // Cutting the reporter's own words silently would change what they meant to send.
    throw new ReportCompositionError(REPORT_ERRORS.noteTooLong(NOTE_MAX_CHARS));
  }

  // Experimental rules do not warn, so the user never saw them: they stay out of the report.
  const shown = verdict.hits.filter((hit) => !hit.experimental);
  const fired = new Set<IndicatorId>(shown.map((hit) => hit.indicator));
  const indicators = INDICATOR_IDS.filter((id) => fired.has(id));
  const rules = [...new Set(shown.map((hit) => hit.rule))].sort();

  const sender: Report['sender'] = {};
  const profileUrl = httpsUrl.safeParse(approach.sender.profileUrl?.trim());
  if (profileUrl.success) sender.profileUrl = profileUrl.data;
  for (const field of ['name', 'headline', 'company'] as const) {
    const value = clean(approach.sender[field], SENDER_LIMITS[field]);
    if (value !== undefined) sender[field] = value;
  }

  // Key order here is the key order on the wire and in the preview.
  const draft: Record<string, unknown> = {
    format: REPORT_FORMAT,
    schemaVersion: REPORT_SCHEMA_VERSION,
    idempotencyKey: randomUUID(),
    createdAt: new Date(now()).toISOString(),
    extensionVersion: input.extensionVersion,
    packVersion: verdict.packVersion,
    surface: approach.surface,
    sender,
    verdict: { score: verdict.score, level: verdict.level, indicators, rules },
  };
  if (note) draft.note = note;
  const excerpts = pickExcerpts(approach, input.excerptMessages ?? []);
  if (excerpts) draft.excerpts = excerpts;

  const parsed = reportSchema.safeParse(draft);
  if (!parsed.success) throw new ReportCompositionError(REPORT_ERRORS.cannotCompose(reasonOf(parsed.error)));
  return seal(parsed.data, approach.id);
}

function seal(report: Report, approachId: string): ComposedReport {
  const { idempotencyKey: _key, createdAt: _time, ...content } = report;
  const body = JSON.stringify(report, null, 2);
  return Object.freeze({
    report: Object.freeze(report),
    body,
    approachId,
    fingerprint: JSON.stringify([approachId, content]),
  });
}

/**
 * For the background, given the body a popup previewed: accepts it only if it is exactly what
 * `composeReport` would have produced for a valid report, so the bytes sent stay the bytes
 * shown and nothing else can ride along.
 */
export function reviveComposedReport(body: string, approachId: string): ComposedReport {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ReportCompositionError(REPORT_ERRORS.bodyNotJson);
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) throw new ReportCompositionError(REPORT_ERRORS.bodyNotReport(reasonOf(parsed.error)));
  const composed = seal(parsed.data, approachId);
  if (composed.body !== body) throw new ReportCompositionError(REPORT_ERRORS.bodyNotCanonical);
  return composed;
}

export interface TextOptions {
  newline?: '\n' | '\r\n';
  /** E-mail links have a length limit; excerpts are the first thing to give way. */
  omitExcerpts?: boolean;
  /**
   * Then the sender's name, headline and company, shortened to this many units each: the sender
   * writes them, and a long one in a script written nine URL characters a letter would otherwise
   * push the warning signs, rules and reference out of the link.
   */
  senderFieldMax?: number;
}

/** The human-readable form used by e-mail and the clipboard. */
export function renderReportText(report: Report, options: TextOptions = {}): string {
  const nl = options.newline ?? '\n';
  // Page text may carry any line ending; the body must use one kind only.
  const lines = (text: string) => text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  const field = (label: string, value: string | undefined) => {
    if (value !== undefined) out.push(`${label}: ${value}`);
  };
  const T = REPORT_TEXT;
  out.push(T.title(report.format, report.schemaVersion));
  field(T.riskLevel, T.riskValue(report.verdict.level, report.verdict.score));
  field(T.seenIn, T.surfaces[report.surface]);
  const short = (value: string | undefined) => (value !== undefined && options.senderFieldMax !== undefined ? truncateText(value, options.senderFieldMax) : value);
  field(T.sender, short(report.sender.name));
  field(T.profile, report.sender.profileUrl);
  field(T.headline, short(report.sender.headline));
  field(T.company, short(report.sender.company));
  field(T.warningSigns, report.verdict.indicators.join(', ') || T.none);
  field(T.rules, report.verdict.rules.join(', ') || T.none);
  field(T.rulePack, report.packVersion);
  field(T.extension, report.extensionVersion);
  field(T.reportedAt, report.createdAt);
  field(T.reference, report.idempotencyKey);
  if (report.note !== undefined) {
    out.push('', T.note, ...lines(report.note));
  }
  if (report.excerpts !== undefined) {
    if (options.omitExcerpts) {
      out.push('', T.excerptsLeftOut(report.excerpts.length));
    } else {
      out.push('', T.excerpts);
      for (const excerpt of report.excerpts) {
        out.push(T.excerptHeading(excerpt.message, excerpt.at), ...lines(excerpt.text));
      }
    }
  }
  return out.join(nl);
}
