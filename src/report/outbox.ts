// Persistent outbox for webhook reports (issue: "nothing is lost; nothing is sent twice").
// Every state change is written to the trusted area (trusted-area.ts) before the next step, so a service worker
// killed at any point resumes from storage: an item found in 'sending' by a new instance was
// cut off mid-request and is sent again with the same idempotency key.
import { z } from 'zod';
import { alarmsApi, type AlarmsLike, type DataIssue, type LocalArea } from '../settings/storage-area';
import { trustedArea } from '../settings/trusted-area';
import { reasonOf } from '../settings/validation';
import { postWebhook, type FetchLike, type WebhookOutcome, type WebhookOutgoing } from './channels';
import { OUTBOX_ERRORS } from '../ui/strings';
import { sha256Hex } from '../pack/sha256';

export const OUTBOX_STORAGE_KEY = 'outbox';
export const OUTBOX_QUARANTINE_KEY = 'outbox.quarantine';
/** Unreadable items kept for someone to look at; the oldest go first beyond this. */
export const OUTBOX_QUARANTINE_MAX = 50;
export const OUTBOX_ALARM = 'approach-guard:outbox';

export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

const itemSchema = z.object({
  key: z.uuid(),
  fingerprint: z.string().min(1),
  url: z.string().min(1),
  body: z.string(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int().min(0),
  createdAt: z.number(),
  updatedAt: z.number(),
  nextAttemptAt: z.number().optional(),
  lastError: z.string().optional(),
  lastStatus: z.number().int().optional(),
  sentAt: z.number().optional(),
  /** What a sent item still shows once its body (message excerpts, the note) is gone. */
  summary: z.object({ senderName: z.string().max(500).optional(), level: z.string().max(20).optional() }).optional(),
});
/** One report on its way; `failed` means failed permanently (a 4xx other than 408/429). */
export type OutboxItem = z.infer<typeof itemSchema>;
export type OutboxSummary = NonNullable<OutboxItem['summary']>;

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

// Chrome fires alarms no sooner than 30 s after they are set, so a shorter base buys nothing.
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 6 * 60 * 60_000 };
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;
/** With no reporting address set, queued items wait, looked at again this often. */
export const NO_ADDRESS_RECHECK_MS = 5 * 60_000;

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so many browsers that failed together do not retry together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface OutboxOptions {
  area?: LocalArea;
  alarms?: AlarmsLike;
  fetch?: FetchLike;
  now?: () => number;
  random?: () => number;
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  /** A second submit of the same content within this window is the same report (a double click). */
  dedupeWindowMs?: number;
  /** Sent items stay visible this long, then are pruned. */
  keepSentMs?: number;
  onIssue?: (issue: DataIssue) => void;
  /**
   * Where reports go now (settings and policy), checked before every send: an item queued for
   * another address (the address changed since, or the stored list was written by something
   * other than this outbox) fails instead of going there. With none set (undefined), items wait
   * for one: the same address sends them, another fails them. Without it, items go where they say.
   */
  destination?: () => Promise<string | undefined>;
  /**
   * What an item shows once sent. A sent item keeps no body: the report's excerpts and note left
   * with it, and the device keeps only this summary until the item is pruned.
   */
  summarise?: (body: string) => OutboxSummary | undefined;
}

export interface EnqueueResult {
  item: OutboxItem;
  /** True when an existing item was returned instead of a new one. */
  duplicate: boolean;
}

export class Outbox {
  readonly #area: () => LocalArea;
  readonly #alarms: () => AlarmsLike;
  readonly #fetch: FetchLike | undefined;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #timeoutMs: number | undefined;
  readonly #backoff: BackoffPolicy;
  readonly #dedupeWindowMs: number;
  readonly #keepSentMs: number;
  readonly #onIssue: (issue: DataIssue) => void;
  readonly #destination: (() => Promise<string | undefined>) | undefined;
  readonly #summarise: ((body: string) => OutboxSummary | undefined) | undefined;
  /** Serialises read-modify-write of the stored list within this instance. */
  #lock: Promise<unknown> = Promise.resolve();
  #flushing: Promise<void> | undefined;
  #flushAgain = false;
  /** Keys this instance is sending now; 'sending' items outside it were orphaned by a crash. */
  readonly #inFlight = new Set<string>();

  constructor(options: OutboxOptions = {}) {
    const { area, alarms } = options;
    this.#area = area ? () => area : trustedArea;
    this.#alarms = alarms ? () => alarms : alarmsApi;
    this.#fetch = options.fetch;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#timeoutMs = options.timeoutMs;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#dedupeWindowMs = options.dedupeWindowMs ?? 30_000;
    this.#keepSentMs = options.keepSentMs ?? 7 * 24 * 60 * 60_000;
    this.#onIssue = options.onIssue ?? ((issue) => console.warn('Approach Guard outbox:', issue));
    this.#destination = options.destination;
    this.#summarise = options.summarise;
  }

  /**
   * Call once when the background starts (browser start or service-worker wake-up). Any
   * 'sending' item belongs to a previous instance that died mid-request: queue it again,
   * keeping its key, and send whatever is due.
   */
  async start(): Promise<void> {
    await this.#withItems((items) => this.#requeueInterrupted(items));
    await this.flush();
  }

  /**
   * Items stored as 'sending' that no request of this instance is sending: a previous instance
   * died mid-request, or the write of a request's outcome failed. They are queued again, due now.
   */
  #requeueInterrupted(items: OutboxItem[]): void {
    const now = this.#now();
    for (const item of items) {
      if (item.state !== 'sending' || this.#inFlight.has(item.key)) continue;
      item.state = 'queued';
      item.nextAttemptAt = now;
      item.lastError = item.lastError ?? OUTBOX_ERRORS.interrupted;
      item.updatedAt = now;
    }
  }

  /**
   * Adds a report to the outbox, or returns the item already holding it (queued again, due now,
   * when the endpoint refused it). Does not send.
   */
  async enqueue(outgoing: WebhookOutgoing): Promise<EnqueueResult> {
    const fingerprint = await sha256Hex(`${outgoing.url}\n${outgoing.fingerprint}`);
    return this.#withItems((items) => {
      const now = this.#now();
      const same = items.find(
        (item) =>
          item.key === outgoing.idempotencyKey ||
          (item.fingerprint === fingerprint && now - item.createdAt <= this.#dedupeWindowMs),
      );
      if (same) {
        // Sent again after the endpoint refused it: the user's own "Retry now".
        if (same.state === 'failed') {
          same.state = 'queued';
          same.nextAttemptAt = now;
          same.updatedAt = now;
        }
        return { item: { ...same }, duplicate: true };
      }
      const item: OutboxItem = {
        key: outgoing.idempotencyKey,
        fingerprint,
        url: outgoing.url,
        body: outgoing.preview,
        state: 'queued',
        attempts: 0,
        createdAt: now,
        updatedAt: now,
        nextAttemptAt: now,
      };
      items.push(item);
      return { item: { ...item }, duplicate: false };
    });
  }

  /** Enqueue, then try to send at once; resolves with the item's state afterwards. */
  async submit(outgoing: WebhookOutgoing): Promise<EnqueueResult> {
    const result = await this.enqueue(outgoing);
    await this.flush();
    const item = (await this.list()).find((candidate) => candidate.key === result.item.key) ?? result.item;
    return { item, duplicate: result.duplicate };
  }

  /** Sends every due item, one at a time, then sets the alarm for the next due one. */
  flush(): Promise<void> {
    if (this.#flushing) {
      // Something became due while a pass was running: run one more pass after it.
      this.#flushAgain = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      try {
        do {
          this.#flushAgain = false;
          await this.#flushPass();
        } while (this.#flushAgain);
      } finally {
        this.#flushing = undefined;
      }
    })();
    return this.#flushing;
  }

  /** For `browser.alarms.onAlarm`; true when the alarm was the outbox's. */
  async handleAlarm(alarm: { name: string }): Promise<boolean> {
    if (alarm.name !== OUTBOX_ALARM) return false;
    await this.flush();
    return true;
  }

  async list(): Promise<OutboxItem[]> {
    return this.#withItems((items) => items.map((item) => ({ ...item })));
  }

  /** The user's "Retry now": also revives a permanently failed item, with the same key. */
  async retryNow(key: string): Promise<void> {
    await this.#withItems((items) => {
      this.#requeueInterrupted(items);
      const item = items.find((candidate) => candidate.key === key);
      if (!item || item.state === 'sent' || item.state === 'sending') return;
      item.state = 'queued';
      item.nextAttemptAt = this.#now();
      item.updatedAt = this.#now();
    });
    await this.flush();
  }

  /** The user's "Discard". An item being sent right now cannot be recalled. */
  async remove(key: string): Promise<boolean> {
    return this.#withItems((items) => {
      this.#requeueInterrupted(items);
      const index = items.findIndex((item) => item.key === key && item.state !== 'sending');
      if (index < 0) return false;
      items.splice(index, 1);
      return true;
    });
  }

  async #flushPass(): Promise<void> {
    // The alarm is set for what is left however the pass ends: a pass that broke off (an
    // outcome that could not be written) must not leave its items with nothing to wake them.
    let waiting = false;
    try {
      waiting = await this.#sendDue();
    } finally {
      await this.#scheduleAndPrune(waiting);
    }
  }

  /** Sends what is due; true when it left them for want of a reporting address. */
  async #sendDue(): Promise<boolean> {
    for (;;) {
      // Read again for every item: the address may change while an earlier one is being sent.
      // When the settings cannot be read, nothing is sent or failed: the items wait.
      let destination: string | undefined;
      if (this.#destination) {
        try {
          destination = await this.#destination();
        } catch {
          break;
        }
        // None set: nothing goes anywhere, and nothing fails either. An address that is gone
        // for a moment (a policy read that found nothing) comes back to the items it left. The
        // items due say so, and are looked at again later.
        if (destination === undefined) {
          await this.#withItems((items) => {
            const now = this.#now();
            for (const item of items) {
              if (item.state !== 'queued' || (item.nextAttemptAt ?? 0) > now) continue;
              item.lastError = OUTBOX_ERRORS.noAddress;
              item.nextAttemptAt = now + NO_ADDRESS_RECHECK_MS;
              item.updatedAt = now;
            }
          });
          return true;
        }
      }
      const next = await this.#withItems((items) => {
        const now = this.#now();
        const due = items
          .filter((item) => item.state === 'queued' && (item.nextAttemptAt ?? 0) <= now)
          .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.createdAt - b.createdAt)[0];
        if (!due) return undefined;
        if (destination !== undefined && due.url !== destination) {
          due.state = 'failed';
          due.lastError = OUTBOX_ERRORS.destinationChanged;
          delete due.nextAttemptAt;
          delete due.lastStatus;
          due.updatedAt = now;
          return null;
        }
        // Written before the request goes out, so a crash from here on is visible at start-up.
        due.state = 'sending';
        due.attempts += 1;
        due.updatedAt = now;
        this.#inFlight.add(due.key);
        return { ...due };
      });
      if (next === undefined) break;
      if (next === null) continue;

      try {
        const outcome = await postWebhook(
          { url: next.url, body: next.body, idempotencyKey: next.key },
          { fetch: this.#fetch, timeoutMs: this.#timeoutMs, now: this.#now },
        );
        await this.#withItems((items) => {
          const item = items.find((candidate) => candidate.key === next.key);
          if (item) this.#record(item, outcome);
        });
      } finally {
        this.#inFlight.delete(next.key);
      }
    }
    return false;
  }

  #record(item: OutboxItem, outcome: WebhookOutcome): void {
    const now = this.#now();
    item.updatedAt = now;
    if (outcome.kind === 'sent') {
      item.state = 'sent';
      item.sentAt = now;
      item.lastStatus = outcome.status;
      delete item.nextAttemptAt;
      delete item.lastError;
      this.#forgetBody(item);
      return;
    }
    item.lastError = outcome.error;
    if (outcome.status === undefined) delete item.lastStatus;
    else item.lastStatus = outcome.status;
    if (outcome.kind === 'permanent') {
      item.state = 'failed';
      delete item.nextAttemptAt;
      return;
    }
    const backoff = backoffDelay(item.attempts, this.#backoff, this.#random);
    const asked = Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
    item.state = 'queued';
    item.nextAttemptAt = now + Math.max(backoff, asked);
  }

  /** A sent report's body goes; its summary stays for the popup's list. */
  #forgetBody(item: OutboxItem): void {
    if (item.body === '') return;
    const summary = this.#summarise?.(item.body);
    if (summary) item.summary = summary;
    item.body = '';
  }

  async #scheduleAndPrune(waitingForAddress = false): Promise<void> {
    const nextDue = await this.#withItems((items) => {
      this.#requeueInterrupted(items);
      const now = this.#now();
      for (let i = items.length - 1; i >= 0; i -= 1) {
        const item = items[i];
        if (item?.state !== 'sent') continue;
        if (now - (item.sentAt ?? item.updatedAt) > this.#keepSentMs) items.splice(i, 1);
        // Sent before bodies were dropped on sending.
        else this.#forgetBody(item);
      }
      const times = items.filter((item) => item.state === 'queued').map((item) => item.nextAttemptAt ?? now);
      return times.length > 0 ? Math.min(...times) : undefined;
    });
    const alarms = this.#alarms();
    if (nextDue === undefined) await alarms.clear(OUTBOX_ALARM);
    else await alarms.create(OUTBOX_ALARM, { when: waitingForAddress ? Math.max(nextDue, this.#now() + NO_ADDRESS_RECHECK_MS) : nextDue });
  }

  /** Runs `change` on the stored items under the lock and writes them back. */
  #withItems<T>(change: (items: OutboxItem[]) => T): Promise<T> {
    const run = async () => {
      const items = await this.#read();
      const before = JSON.stringify(items);
      const result = change(items);
      if (JSON.stringify(items) !== before) {
        await this.#area().set({ [OUTBOX_STORAGE_KEY]: { version: 1, items } });
      }
      return result;
    };
    const result = this.#lock.then(run, run);
    this.#lock = result.catch(() => undefined);
    return result;
  }

  async #read(): Promise<OutboxItem[]> {
    const area = this.#area();
    const stored = (await area.get(OUTBOX_STORAGE_KEY))[OUTBOX_STORAGE_KEY];
    if (stored === undefined || stored === null) return [];
    const rawItems =
      typeof stored === 'object' && Array.isArray((stored as { items?: unknown }).items)
        ? ((stored as { items: unknown[] }).items)
        : undefined;
    if (!rawItems) {
      await this.#quarantine([stored], 'the stored outbox is not a list of items');
      await area.remove(OUTBOX_STORAGE_KEY);
      return [];
    }
    const items: OutboxItem[] = [];
    const bad: unknown[] = [];
    const reasons: string[] = [];
    for (const raw of rawItems) {
      const parsed = itemSchema.safeParse(raw);
      if (parsed.success) items.push(parsed.data);
      else {
        bad.push(raw);
        reasons.push(reasonOf(parsed.error));
      }
    }
    if (bad.length > 0) {
      // Set aside, not dropped: an unreadable report may still matter to someone.
      await this.#quarantine(bad, reasons.join(' | '));
      await area.set({ [OUTBOX_STORAGE_KEY]: { version: 1, items } });
    }
    return items;
  }

  async #quarantine(values: unknown[], reason: string): Promise<void> {
    const area = this.#area();
    const existing = (await area.get(OUTBOX_QUARANTINE_KEY))[OUTBOX_QUARANTINE_KEY];
    const kept = Array.isArray(existing) ? existing : [];
    const all = [...kept, ...values];
    if (all.length > OUTBOX_QUARANTINE_MAX) console.warn(`Approach Guard: ${all.length - OUTBOX_QUARANTINE_MAX} older unreadable outbox items dropped`);
    await area.set({ [OUTBOX_QUARANTINE_KEY]: all.slice(-OUTBOX_QUARANTINE_MAX) });
    for (const value of values) this.#onIssue({ area: 'outbox', key: OUTBOX_STORAGE_KEY, value, reason });
  }
}
