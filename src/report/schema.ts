// The report a security team receives (DESIGN.md, "Reporting"). Versioned and strict: a field
// that is not listed here cannot reach the wire, because compose parses with this schema.
import { z } from 'zod';
import { INDICATOR_IDS, LEVELS, SURFACES } from '../engine/types';

/** A report body is a few kilobytes; anything far larger is not one (the background's limit). */
export const REPORT_BODY_MAX_CHARS = 64 * 1024;

export const REPORT_FORMAT = 'approach-guard.report';
export const REPORT_SCHEMA_VERSION = 1;

export const NOTE_MAX_CHARS = 2000;
export const EXCERPT_MAX_CHARS = 1000;
export const EXCERPTS_MAX = 20;

// Plain http is for a receiver on the developer's own machine only (src/report/README.md).
const DEV_HTTP_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost']);

/** Why `value` cannot be a report or pack endpoint, or undefined when it can. */
export function endpointUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  // Credentials in the URL would end up in storage, logs and the options page.
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && DEV_HTTP_HOSTS.has(url.hostname)) return undefined;
  return 'must start with https:// (http:// only for 127.0.0.1 or localhost during development)';
}

export const endpointUrlSchema = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = endpointUrlProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

export const emailAddressSchema = z.email().max(254);

export const excerptSchema = z.strictObject({
  /** Index into `Approach.messages`, so the team can match it to the thread. */
  message: z.number().int().min(0),
  at: z.string().max(64).optional(),
  text: z.string().max(EXCERPT_MAX_CHARS),
});

export const reportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  /** Random UUID; the same value goes in the `Idempotency-Key` header. */
  idempotencyKey: z.uuid(),
  createdAt: z.iso.datetime(),
  extensionVersion: z.string().min(1).max(64),
  packVersion: z.string().min(1).max(128),
  surface: z.enum(SURFACES),
  sender: z.strictObject({
    profileUrl: z.url({ protocol: /^https$/ }).max(2048).optional(),
    name: z.string().max(200).optional(),
    headline: z.string().max(500).optional(),
    company: z.string().max(200).optional(),
  }),
  verdict: z.strictObject({
    score: z.number().min(0).max(100),
    level: z.enum(LEVELS),
    indicators: z.array(z.enum(INDICATOR_IDS)),
    rules: z.array(z.string().min(1).max(200)),
  }),
  note: z.string().min(1).max(NOTE_MAX_CHARS).optional(),
  /** Present only when the user ticked messages to include. */
  excerpts: z.array(excerptSchema).min(1).max(EXCERPTS_MAX).optional(),
});

export type Report = z.infer<typeof reportSchema>;
export type ReportExcerpt = z.infer<typeof excerptSchema>;
