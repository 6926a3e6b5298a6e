// Messages between the parts of the extension, with the direction in the name
// (STYLE: "typed messages with direction in the name"). Content scripts are untrusted: the
// background validates every message against these schemas and never fetches a URL a
// content script chose. Types only reach the content script; zod stays in the background.
import { z } from 'zod';
import { INDICATOR_IDS, LEVELS, SURFACES } from '../engine/types';
import { linkedInPhotoUrl, MAX_PHOTO_URL_CHARS } from './photo-url';

export const MAX_APPROACHES_PER_TAB = 200;
export const MAX_EXCERPT_CHARS = 2000;
/** The largest place in a thread that evidence or an excerpt may name. */
const MAX_MESSAGE_INDEX = 10_000;

const evidenceSchema = z
  .object({
    message: z.number().int().min(-1).max(MAX_MESSAGE_INDEX),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    quote: z.string().max(300),
    field: z.enum(['name', 'headline', 'company', 'profileUrl', 'profile']).optional(),
  })
  .strict();

const hitSchema = z
  .object({
    rule: z.string().max(100),
    indicator: z.enum(INDICATOR_IDS),
    weight: z.number().int().min(0).max(100),
    evidence: z.array(evidenceSchema).max(10),
    experimental: z.boolean().optional(),
    entity: z
      .object({
        id: z.string().max(100),
        name: z.string().max(200),
        type: z.enum(['persona', 'organisation']),
        flaggedBy: z.string().max(500),
        source: z.string().max(1000),
        confidence: z.string().max(200),
      })
      .strict()
      .optional(),
  })
  .strict();

/** What the content script reports about one approach on the page. */
export const approachSummarySchema = z
  .object({
    approachId: z.string().min(1).max(500),
    surface: z.enum(SURFACES),
    sender: z
      .object({
        name: z.string().max(500).optional(),
        /** Only a member profile on LinkedIn, as the adapters write it: it goes into reports and the history. */
        profileUrl: z
          .string()
          .max(2000)
          .regex(/^https:\/\/www\.linkedin\.com\/in\/[^/?#\s]+\/$/, 'not a LinkedIn profile address')
          .optional(),
        headline: z.string().max(2000).optional(),
        company: z.string().max(500).optional(),
        hasPhoto: z.boolean().optional(),
        verified: z.boolean().optional(),
        connections: z.number().int().min(0).optional(),
        joined: z.string().max(40).optional(),
        /** Only ever an image on LinkedIn's image host (photo-url.ts); anything else refuses the message. */
        photoUrl: z
          .string()
          .max(MAX_PHOTO_URL_CHARS)
          .refine((url) => linkedInPhotoUrl(url) === url, 'not a LinkedIn image address')
          .optional(),
      })
      .strict(),
    platformWarning: z.boolean().optional(),
    verdict: z
      .object({
        score: z.number().int().min(0).max(100),
        level: z.enum(LEVELS),
        hits: z.array(hitSchema).max(100),
        packVersion: z.string().max(200),
      })
      .strict(),
  })
  .strict();

/** content → background: the verdicts for the approaches now on the tab's page. */
export const contentToBackgroundVerdicts = z
  .object({
    type: z.literal('content→background:verdicts'),
    pageUrl: z.string().max(4000),
    approaches: z.array(approachSummarySchema).max(MAX_APPROACHES_PER_TAB),
  })
  .strict();

export type ApproachSummary = z.infer<typeof approachSummarySchema>;

/**
 * popup → content: the sender's messages of one approach on the tab's page, asked for when the
 * user opens its report panel to tick excerpts. They stay in the page until then: summaries carry
 * no message text, so none is kept in the browser's session storage, and a new message in a
 * flagged thread (which changes no verdict) need not be reported at all.
 */
export const SENDER_MESSAGES_TYPE = 'popup→content:sender-messages';

export interface SenderMessagesRequest {
  type: typeof SENDER_MESSAGES_TYPE;
  approachId: string;
}

export const MAX_SENDER_MESSAGES = 50;

const senderMessageSchema = z.object({ index: z.number().int().min(0).max(MAX_MESSAGE_INDEX), text: z.string().max(MAX_EXCERPT_CHARS), at: z.string().max(100).optional() }).strict();

/** The content script's reply, checked by the popup: null when the approach is no longer on the page. */
export const senderMessagesReply = z
  .array(senderMessageSchema)
  .max(MAX_SENDER_MESSAGES)
  .refine((messages) => messages.every((m, i) => i === 0 || m.index > messages[i - 1]!.index), 'messages out of thread order')
  .nullable();

export type SenderMessage = z.infer<typeof senderMessageSchema>;
export type SenderMessagesReply = z.infer<typeof senderMessagesReply>;
export type VerdictsMessage = z.infer<typeof contentToBackgroundVerdicts>;

/** Per-tab state kept in storage.session for the popup and the badge. */
export interface TabState {
  pageUrl: string;
  updatedAt: number;
  approaches: ApproachSummary[];
}

export const tabStateKey = (tabId: number) => `tab:${tabId}`;

/** storage.local key holding the pack the content script compiles (written by the background). */
export const ACTIVE_PACK_KEY = 'activePack';
/** storage.local key holding the settings content scripts need (threshold, discreet mode, dismissed senders). */
export const CONTENT_SETTINGS_KEY = 'contentSettings';

export interface ContentSettings {
  threshold: 'low' | 'medium' | 'high';
  discreetMode: boolean;
  /** Profile URLs (normalised) the user marked "Not suspicious". */
  notSuspicious: string[];
}
