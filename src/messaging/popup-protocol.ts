// Messages from extension pages (popup, options) to the background, with the direction in the
// name. The background validates each with these schemas and accepts them only from its own
// extension pages, never from a content script (src/background/reporting.ts).
import { z } from 'zod';
import type { Level } from '../engine/types';
import type { OutboxState } from '../report/outbox';
import { REPORT_BODY_MAX_CHARS } from '../report/schema';

export const PREFIX = 'popup→background:';

export const popupReportMessage = z.strictObject({
  type: z.literal('popup→background:report'),
  /** Kept on the device for de-duplication only; never part of the report. */
  approachId: z.string().min(1).max(500),
  /** The previewed body, byte for byte. */
  body: z.string().min(2).max(REPORT_BODY_MAX_CHARS),
});

export const popupOutboxListMessage = z.strictObject({
  type: z.literal('popup→background:outbox-list'),
});

export const popupOutboxRetryMessage = z.strictObject({
  type: z.literal('popup→background:outbox-retry'),
  key: z.uuid(),
});

export const popupOutboxDiscardMessage = z.strictObject({
  type: z.literal('popup→background:outbox-discard'),
  key: z.uuid(),
});

/**
 * From the options page: delete the flagged-sender history and the list of senders read. The
 * background does it, inside the locks its own writers take, so a sighting being recorded at
 * that moment cannot write the old lists back.
 */
export const popupClearHistoryMessage = z.strictObject({
  type: z.literal('popup→background:clear-history'),
});

/**
 * From the popup or the options page: mark a sender "Not suspicious", or take the mark away. The
 * background writes the list, inside the lock its own writer (the in-page warning's marks) takes,
 * so changes made at once in two pages cannot write over each other.
 */
export const popupNotSuspiciousMessage = z.strictObject({
  type: z.literal('popup→background:not-suspicious'),
  // As long as an entry of the list may be (settings/schema.ts), or a mark could not be taken away.
  profileUrl: z.string().min(1).max(2048),
  name: z.string().max(200).optional(),
  marked: z.boolean(),
});

/**
 * From any extension page, after it wrote these keys of the trusted area. The background hears
 * of such writes over a BroadcastChannel too, but a channel message does not wake a stopped
 * service worker (or a suspended Firefox event page) and this does. The background only reads
 * the trusted area again, so the message carries nothing it must trust.
 */
export const popupStoredMessage = z.strictObject({
  type: z.literal('popup→background:stored'),
  keys: z.array(z.string().min(1).max(100)).max(20),
});

/** From the options page: check the organisation's pack address now, whatever the interval. */
export const popupCheckPackUpdateMessage = z.strictObject({
  type: z.literal('popup→background:check-pack-update'),
});

/**
 * From the popup: the user has seen the notice of people who wrote to them before and whom a
 * newer pack flags, as it was up to its latest entry's date (ms): the people it named
 * (`profiles`), and those it counted without a name up to then (at high only, with `highOnly`).
 * They leave the notice, and the toolbar's "!" goes with the last of them; people a pack added
 * since, and people below the warning threshold that the popup did not show, stay. The options
 * page still lists them among the flagged senders.
 */
export const popupSurfacedSeenMessage = z.strictObject({
  type: z.literal('popup→background:surfaced-seen'),
  upTo: z.number().int().nonnegative(),
  profiles: z.array(z.string().max(2048)).max(50),
  highOnly: z.boolean().optional(),
});

export const popupToBackground = z.discriminatedUnion('type', [
  popupReportMessage,
  popupOutboxListMessage,
  popupOutboxRetryMessage,
  popupOutboxDiscardMessage,
  popupClearHistoryMessage,
  popupNotSuspiciousMessage,
  popupStoredMessage,
  popupCheckPackUpdateMessage,
  popupSurfacedSeenMessage,
]);

export type PopupToBackground = z.infer<typeof popupToBackground>;
export type PopupMessageType = PopupToBackground['type'];

/** True for anything that claims to be one of these messages (then it must also validate). */
export function claimsPopupMessage(message: unknown): message is { type: string } {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    (message as { type: string }).type.startsWith(PREFIX)
  );
}

/** What the popup shows of an outbox item: never the body itself. */
export interface OutboxItemView {
  key: string;
  state: OutboxState;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  nextAttemptAt?: number;
  sentAt?: number;
  lastError?: string;
  lastStatus?: number;
  /** Host of the webhook, so the user sees where the report goes. */
  destination: string;
  senderName?: string;
  level?: Level;
}

export type ErrorCode = 'forbidden' | 'invalid-message' | 'invalid-report' | 'no-webhook' | 'internal';

export interface ErrorResponse {
  ok: false;
  code: ErrorCode;
  error: string;
}

export type ReportResponse = { ok: true; item: OutboxItemView; duplicate: boolean } | ErrorResponse;
export type OutboxListResponse = { ok: true; items: OutboxItemView[] } | ErrorResponse;
export type DoneResponse = { ok: true } | ErrorResponse;

export interface ResponseMap {
  'popup→background:report': ReportResponse;
  'popup→background:outbox-list': OutboxListResponse;
  'popup→background:outbox-retry': DoneResponse;
  'popup→background:outbox-discard': DoneResponse;
  'popup→background:clear-history': DoneResponse;
  'popup→background:not-suspicious': DoneResponse;
  'popup→background:stored': DoneResponse;
  'popup→background:check-pack-update': DoneResponse;
  'popup→background:surfaced-seen': DoneResponse;
}

export type ResponseFor<T extends PopupMessageType> = ResponseMap[T];
