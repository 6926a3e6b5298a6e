// The background's reporting side: the outbox, the popup's report and outbox messages, and the
// settings content scripts read. Call `registerReporting()` once, synchronously, at the top of
// the background's main(): MV3 delivers events only to listeners added in the first turn
// (STYLE 7), and the worker may have been woken by one of them.
import { browser } from 'wxt/browser';
import { endpointUrlSchema, reportSchema } from '../report/schema';
import { reviveComposedReport } from '../report/compose';
import { prepareWebhook, type FetchLike } from '../report/channels';
import { Outbox, type OutboxItem, type OutboxOptions, type OutboxSummary } from '../report/outbox';
import { LEVELS } from '../engine/types';
import {
  claimsPopupMessage,
  popupToBackground,
  type ErrorCode,
  type ErrorResponse,
  type OutboxItemView,
  type PopupToBackground,
  type ResponseFor,
} from '../messaging/popup-protocol';
import { loadEffectiveSettings } from '../settings/effective';
import { markNotSuspicious, unmarkNotSuspicious } from '../settings/store';
import { forgetSurfacedSenders } from './pack-updates';
import { clearSenderRecords } from './seen-senders';
import { clearSurfacedNotice } from './surfaced-notice';
import { type LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';
import { reasonOf } from '../settings/validation';
import { REPORT_ERRORS } from '../ui/strings';

/** The parts of `runtime.MessageSender` the checks read. */
export interface SenderLike {
  id?: string | undefined;
  url?: string | undefined;
  origin?: string | undefined;
  tab?: unknown;
}

/**
 * True only for this extension's own pages (popup, options). A content script runs in a web
 * page: its `url` is the page's, so it fails the origin check even though its `id` is ours
 * (uBlock Origin trusts privileged ports by origin in the same way).
 */
export function isExtensionPageSender(sender: SenderLike, runtimeId: string, extensionOrigin: string): boolean {
  if (!runtimeId || sender.id !== runtimeId) return false;
  const base = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  if (typeof sender.url !== 'string' || !sender.url.startsWith(base)) return false;
  // Chrome also reports the origin; when present it must agree with the URL.
  if (sender.origin !== undefined && sender.origin !== base.slice(0, -1)) return false;
  return true;
}

export interface ReportingOptions {
  area?: LocalArea;
  /** For tests: the webhook transport. */
  fetch?: FetchLike;
  outboxOptions?: Omit<OutboxOptions, 'area' | 'fetch'>;
  log?: (message: string, error?: unknown) => void;
  /** An extension page wrote these trusted-area keys ('popup→background:stored'). */
  onStored?: (keys: string[]) => void;
  /**
   * Settles once this start's read of the enterprise policy is stored. Sends wait for it (at
   * most POLICY_WAIT_MS): a report queued in an earlier session must not go to the address the
   * saved policy names when the organisation has replaced it since.
   */
  policyRead?: Promise<unknown>;
  /** The options page's "Check now" for the organisation's rule pack (pack-updates.ts). */
  checkPackUpdate?: () => Promise<unknown>;
}

/** The longest a send waits for the start's policy read (managed storage answers in 2 s or is given up). */
export const POLICY_WAIT_MS = 6_000;

export interface Reporting {
  readonly outbox: Outbox;
  /** Start-up work (resuming the outbox). Resolves, never rejects. */
  readonly ready: Promise<void>;
  /** The runtime.onMessage handler: a promise for messages it owns, undefined for any other. */
  handleMessage(message: unknown, sender: SenderLike): Promise<unknown> | undefined;
}

const fail = (code: ErrorCode, error: string): ErrorResponse => ({ ok: false, code, error });

/** The popup's view of an item: where it goes and about whom, never the body. */
export function outboxItemView(item: OutboxItem): OutboxItemView {
  let destination = '';
  try {
    destination = new URL(item.url).host;
  } catch {
    destination = item.url;
  }
  const view: OutboxItemView = {
    key: item.key,
    state: item.state,
    attempts: item.attempts,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    destination,
  };
  if (item.nextAttemptAt !== undefined) view.nextAttemptAt = item.nextAttemptAt;
  if (item.sentAt !== undefined) view.sentAt = item.sentAt;
  if (item.lastError !== undefined) view.lastError = item.lastError;
  if (item.lastStatus !== undefined) view.lastStatus = item.lastStatus;
  // A sent item keeps its summary only; one waiting to go still has its body.
  const summary = item.summary ?? summariseReport(item.body);
  if (summary?.senderName) view.senderName = summary.senderName;
  const level = LEVELS.find((known) => known === summary?.level);
  if (level) view.level = level;
  return view;
}

/** Whom a report body is about and its level, for the outbox list once the body is gone. */
export function summariseReport(body: string): OutboxSummary | undefined {
  try {
    const parsed = reportSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return undefined;
    const summary: OutboxSummary = { level: parsed.data.verdict.level };
    if (parsed.data.sender.name) summary.senderName = parsed.data.sender.name;
    return summary;
  } catch {
    // A body that is not JSON cannot be in the outbox (it was revived); show the item without names.
    return undefined;
  }
}

export function registerReporting(options: ReportingOptions = {}): Reporting {
  const area = options.area ?? trustedArea();
  const log = options.log ?? ((message: string, error?: unknown) => console.warn(`Approach Guard: ${message}`, error));
  const { policyRead } = options;
  const policyKnown = policyRead
    ? Promise.race([policyRead.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, POLICY_WAIT_MS))])
    : Promise.resolve();
  const outbox = new Outbox({
    ...options.outboxOptions,
    area,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    summarise: summariseReport,
    // Reports go only to the address settings and policy give now, whatever address an item
    // was queued with.
    destination: async () => {
      await policyKnown;
      const url = (await loadEffectiveSettings(area)).values.webhookUrl;
      const checked = url ? endpointUrlSchema.safeParse(url) : undefined;
      return checked?.success ? checked.data : undefined;
    },
  });

  async function report(message: Extract<PopupToBackground, { type: 'popup→background:report' }>) {
    let composed;
    try {
      // Only the canonical serialization of a valid report passes: the bytes sent are the bytes shown.
      composed = reviveComposedReport(message.body, message.approachId);
    } catch (error) {
      return fail('invalid-report', error instanceof Error ? error.message : String(error));
    }
    // The destination comes from settings and policy, never from the message; right after the
    // worker starts, from policy as read now (the outbox sends only to that address).
    await policyKnown;
    const { values } = await loadEffectiveSettings(area);
    if (!values.webhookUrl) return fail('no-webhook', REPORT_ERRORS.noWebhook);
    let outgoing;
    try {
      outgoing = prepareWebhook(composed, values.webhookUrl);
    } catch (error) {
      return fail('no-webhook', error instanceof Error ? error.message : String(error));
    }
    const { item, duplicate } = await outbox.enqueue(outgoing);
    // Answer at once; the popup follows delivery through the outbox list.
    void outbox.flush().catch((error: unknown) => log('sending reports failed', error));
    return { ok: true as const, item: outboxItemView(item), duplicate };
  }

  async function handle(message: PopupToBackground): Promise<ResponseFor<PopupToBackground['type']>> {
    switch (message.type) {
      case 'popup→background:report':
        return report(message);
      case 'popup→background:outbox-list':
        return { ok: true, items: (await outbox.list()).sort((a, b) => b.createdAt - a.createdAt).map(outboxItemView) };
      case 'popup→background:outbox-retry':
        await outbox.retryNow(message.key);
        return { ok: true };
      case 'popup→background:outbox-discard':
        return (await outbox.remove(message.key)) ? { ok: true } : fail('invalid-message', REPORT_ERRORS.busyDiscard);
      case 'popup→background:clear-history':
        await clearSenderRecords(area);
        // The notice, and the options page's list of the last pack's finds, name people from
        // those records.
        await clearSurfacedNotice(undefined, area);
        await forgetSurfacedSenders(area);
        return { ok: true };
      case 'popup→background:surfaced-seen':
        // The badges follow the change of the trusted area (start.ts).
        await clearSurfacedNotice({ upTo: message.upTo, profiles: message.profiles, highOnly: message.highOnly === true }, area);
        return { ok: true };
      case 'popup→background:not-suspicious':
        if (message.marked) await markNotSuspicious({ profileUrl: message.profileUrl, name: message.name }, { area });
        else await unmarkNotSuspicious(message.profileUrl, { area });
        return { ok: true };
      case 'popup→background:stored':
        options.onStored?.(message.keys);
        return { ok: true };
      case 'popup→background:check-pack-update':
        if (!options.checkPackUpdate) return fail('internal', 'rule pack updates are not available here');
        // The outcome is stored for the options page, which shows it as it changes.
        await options.checkPackUpdate();
        return { ok: true };
    }
  }

  function handleMessage(message: unknown, sender: SenderLike): Promise<unknown> | undefined {
    // Other parts of the background answer their own messages (content→background:verdicts).
    if (!claimsPopupMessage(message)) return undefined;
    if (!isExtensionPageSender(sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      return Promise.resolve(fail('forbidden', REPORT_ERRORS.forbidden));
    }
    const parsed = popupToBackground.safeParse(message);
    if (!parsed.success) return Promise.resolve(fail('invalid-message', reasonOf(parsed.error)));
    return handle(parsed.data).catch((error: unknown) => {
      log(`handling ${parsed.data.type} failed`, error);
      return fail('internal', error instanceof Error ? error.message : String(error));
    });
  }

  browser.alarms.onAlarm.addListener((alarm) => {
    void outbox.handleAlarm(alarm).catch((error: unknown) => log('sending reports failed', error));
  });
  browser.runtime.onMessage.addListener((message: unknown, sender) => handleMessage(message, sender));
  // Policy and the content settings are kept current by the background's start (start.ts).
  const ready = outbox.start().catch((error: unknown) => log('resuming the outbox failed', error));

  return { outbox, ready, handleMessage };
}
