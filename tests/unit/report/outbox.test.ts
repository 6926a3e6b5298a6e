import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FetchLike } from '../../../src/report/channels';
import {
  DEFAULT_BACKOFF,
  NO_ADDRESS_RECHECK_MS,
  OUTBOX_ALARM,
  OUTBOX_QUARANTINE_KEY,
  OUTBOX_QUARANTINE_MAX,
  OUTBOX_STORAGE_KEY,
  Outbox,
  backoffDelay,
  type OutboxItem,
  type OutboxOptions,
} from '../../../src/report/outbox';
import type { DataIssue } from '../../../src/settings/storage-area';
import { OUTBOX_ERRORS } from '../../../src/ui/strings';
import { Clock, outgoingReport, scriptedFetch } from './outbox-helpers';
import { trustedArea } from '../../../src/settings/trusted-area';

const alarm = () => fakeBrowser.alarms.get(OUTBOX_ALARM);

function outboxWith(fetch: FetchLike, clock: Clock, extra: Partial<OutboxOptions> = {}) {
  return new Outbox({ fetch, now: clock.now, random: () => 0.5, timeoutMs: 50, ...extra });
}

async function storedItems(): Promise<OutboxItem[]> {
  const stored = (await trustedArea().get(OUTBOX_STORAGE_KEY))[OUTBOX_STORAGE_KEY] as
    | { items: OutboxItem[] }
    | undefined;
  return stored?.items ?? [];
}

describe('Outbox', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('keeps a report queued with the error and next attempt time when the network is down, and sets the alarm', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([new TypeError('Failed to fetch')]);
    const outbox = outboxWith(fetch, clock);
    const { item } = await outbox.submit(outgoingReport());

    expect(calls).toHaveLength(1);
    expect(item.state).toBe('queued');
    expect(item.attempts).toBe(1);
    expect(item.lastError).toBe('Network error: Failed to fetch');
    // random 0.5 → three quarters of the first ceiling.
    expect(item.nextAttemptAt).toBe(clock.ms + DEFAULT_BACKOFF.baseMs * 0.75);
    expect((await alarm())?.scheduledTime).toBe(item.nextAttemptAt);
    expect(await storedItems()).toEqual([item]);
  });

  it('retries after an HTTP 500 when the alarm fires, sends the same key and body, then clears the alarm', async () => {
    const clock = new Clock();
    const { fetch, calls, header } = scriptedFetch([500, 200]);
    const outbox = outboxWith(fetch, clock);
    const outgoing = outgoingReport();
    const first = await outbox.submit(outgoing);
    expect(first.item).toMatchObject({ state: 'queued', lastStatus: 500, lastError: 'HTTP 500' });

    // Nothing is sent before it is due.
    await outbox.flush();
    expect(calls).toHaveLength(1);

    clock.advanceTo(first.item.nextAttemptAt!);
    expect(await outbox.handleAlarm({ name: OUTBOX_ALARM })).toBe(true);

    const [item] = await outbox.list();
    expect(item).toMatchObject({ state: 'sent', attempts: 2, lastStatus: 200, sentAt: clock.ms });
    expect(item?.lastError).toBeUndefined();
    expect(calls).toHaveLength(2);
    expect(header(0, 'Idempotency-Key')).toBe(outgoing.idempotencyKey);
    expect(header(1, 'Idempotency-Key')).toBe(outgoing.idempotencyKey);
    expect(calls[1]?.init.body).toBe(outgoing.preview);
    expect(await alarm()).toBeUndefined();
  });

  it('ignores alarms that are not its own', async () => {
    const { fetch } = scriptedFetch([200]);
    expect(await outboxWith(fetch, new Clock()).handleAlarm({ name: 'pack-update' })).toBe(false);
  });

  it('aborts a request that never answers and keeps the report queued', async () => {
    const clock = new Clock();
    let signal: AbortSignal | undefined;
    const fetch = vi.fn<FetchLike>((_url, init) => {
      signal = init.signal ?? undefined;
      return new Promise<Response>(() => undefined);
    });
    const { item } = await outboxWith(fetch, clock).submit(outgoingReport());
    expect(signal?.aborted).toBe(true);
    expect(item).toMatchObject({ state: 'queued', attempts: 1 });
    expect(item.lastError).toMatch(/^No answer within/);
    expect(item.nextAttemptAt).toBeGreaterThan(clock.ms);
  });

  it('waits as long as a 429 Retry-After asks when that is longer than the backoff', async () => {
    const clock = new Clock();
    const { fetch } = scriptedFetch([{ status: 429, headers: { 'Retry-After': '600' } }]);
    const { item } = await outboxWith(fetch, clock).submit(outgoingReport());
    expect(item).toMatchObject({ state: 'queued', lastStatus: 429 });
    expect(item.nextAttemptAt).toBe(clock.ms + 600_000);
    expect((await alarm())?.scheduledTime).toBe(clock.ms + 600_000);
  });

  it('marks a 400 as failed for good, keeps it with its error, and never sends it again by itself', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([400]);
    const outbox = outboxWith(fetch, clock);
    const { item } = await outbox.submit(outgoingReport());
    expect(item).toMatchObject({ state: 'failed', lastStatus: 400, lastError: 'HTTP 400' });
    expect(item.nextAttemptAt).toBeUndefined();
    expect(await alarm()).toBeUndefined();

    clock.advanceTo(clock.ms + 24 * 60 * 60_000);
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(await outbox.list()).toHaveLength(1);
  });

  it('sends a failed report again, with the same key, when the user asks', async () => {
    const clock = new Clock();
    const { fetch, header } = scriptedFetch([400, 200]);
    const outbox = outboxWith(fetch, clock);
    const outgoing = outgoingReport();
    await outbox.submit(outgoing);
    await outbox.retryNow(outgoing.idempotencyKey);
    expect((await outbox.list())[0]?.state).toBe('sent');
    expect(header(1, 'Idempotency-Key')).toBe(outgoing.idempotencyKey);
  });

  it('sends only to where reports go now: an item queued for another address fails unsent', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([500, 200]);
    let destination: string | undefined = outgoingReport().url;
    const outbox = outboxWith(fetch, clock, { destination: async () => destination });
    const queued = await outbox.submit(outgoingReport());
    expect(queued.item.state).toBe('queued');
    expect(calls).toHaveLength(1);

    // The address changes before the retry is due; and something writes an item of its own.
    destination = 'https://reports.example.org/new-hook';
    const stored = await storedItems();
    const planted = { ...stored[0]!, key: '6f1c8e0a-1111-4111-8111-111111111111', fingerprint: 'x', url: 'https://evil.example/collect' };
    await trustedArea().set({ [OUTBOX_STORAGE_KEY]: { version: 1, items: [...stored, planted] } });
    clock.advanceTo(queued.item.nextAttemptAt!);
    await outbox.flush();

    expect(calls).toHaveLength(1);
    const items = await outbox.list();
    expect(items.map((item) => [item.url, item.state])).toEqual([
      [queued.item.url, 'failed'],
      ['https://evil.example/collect', 'failed'],
    ]);
    expect(items[0]!.lastError).toMatch(/reporting address has changed/);
    // "Retry now" cannot send it there either.
    await outbox.retryNow(queued.item.key);
    expect(calls).toHaveLength(1);
    expect((await outbox.list())[0]!.state).toBe('failed');
  });

  it('keeps reports waiting while no address is set, and sends them when the same one is back', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([500, 200]);
    const url = outgoingReport().url;
    let destination: string | undefined = url;
    const outbox = outboxWith(fetch, clock, { destination: async () => destination });
    const queued = await outbox.submit(outgoingReport());
    expect(calls).toHaveLength(1);

    // A policy read that briefly found nothing: no address at all when the retry is due.
    destination = undefined;
    clock.advanceTo(queued.item.nextAttemptAt!);
    await outbox.flush();
    expect(calls).toHaveLength(1);
    // It says why it waits, and when it is looked at again: in minutes, not at the 30 s an
    // alarm in the past would take.
    expect(await outbox.list()).toEqual([expect.objectContaining({ state: 'queued', lastError: OUTBOX_ERRORS.noAddress, nextAttemptAt: clock.ms + NO_ADDRESS_RECHECK_MS })]);
    expect((await alarm())?.scheduledTime).toBe(clock.ms + NO_ADDRESS_RECHECK_MS);
    // Nothing new is sent by a pass in between.
    await outbox.flush();
    expect(calls).toHaveLength(1);

    destination = url;
    clock.advanceTo(clock.ms + NO_ADDRESS_RECHECK_MS);
    await outbox.flush();
    expect(calls).toHaveLength(2);
    expect((await outbox.list()).map((item) => item.state)).toEqual(['sent']);
  });

  it('lets the user discard a report still waiting, which is then never sent', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([500, 200]);
    const outbox = outboxWith(fetch, clock);
    const queued = await outbox.submit(outgoingReport());
    expect(queued.item.state).toBe('queued');
    expect(await outbox.remove(queued.item.key)).toBe(true);
    clock.advanceTo(queued.item.nextAttemptAt!);
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(await outbox.list()).toEqual([]);
  });

  it('sends a report queued for a new address while one for the old address is still on its way', async () => {
    const OLD = 'https://old.example.org/hook';
    const NEW = 'https://new.example.org/hook';
    let destination = OLD;
    let release!: () => void;
    const calls: string[] = [];
    const fetch: FetchLike = async (url) => {
      calls.push(url);
      // The old endpoint hangs until released.
      if (url === OLD) await new Promise<void>((resolve) => (release = resolve));
      return new Response(null, { status: 200 });
    };
    const outbox = outboxWith(fetch, new Clock(), { timeoutMs: 60_000, destination: async () => destination });
    await outbox.enqueue(outgoingReport(OLD, 'first'));
    const first = outbox.flush();
    await vi.waitFor(() => expect(calls).toEqual([OLD]));
    // The user corrects the address and reports again while the first request is open.
    destination = NEW;
    const { item } = await outbox.enqueue(outgoingReport(NEW, 'second'));
    const second = outbox.flush();
    release();
    await Promise.all([first, second]);
    expect(calls).toEqual([OLD, NEW]);
    expect((await outbox.list()).find((candidate) => candidate.key === item.key)).toMatchObject({ state: 'sent' });
  });

  it('neither sends nor fails a report while the settings cannot be read', async () => {
    const { fetch, calls } = scriptedFetch([200]);
    let readable = false;
    const outbox = outboxWith(fetch, new Clock(), {
      destination: async () => {
        if (!readable) throw new Error('storage unavailable');
        return outgoingReport().url;
      },
    });
    const { item } = await outbox.submit(outgoingReport());
    expect(calls).toHaveLength(0);
    expect(item.state).toBe('queued');
    readable = true;
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect((await outbox.list())[0]!.state).toBe('sent');
  });

  it('after a browser restart, resends an item left in sending with the same idempotency key and body', async () => {
    const clock = new Clock();
    // The first worker dies mid-request: its fetch never settles and nothing times it out.
    const hanging = vi.fn<FetchLike>(() => new Promise<Response>(() => undefined));
    const before = outboxWith(hanging, clock, { timeoutMs: 60 * 60_000 });
    const outgoing = outgoingReport();
    await before.enqueue(outgoing);
    void before.flush();
    await vi.waitFor(async () => expect((await storedItems())[0]?.state).toBe('sending'));

    const { fetch, calls, header } = scriptedFetch([201]);
    const after = outboxWith(fetch, clock);
    await after.start();

    expect(calls).toHaveLength(1);
    expect(header(0, 'Idempotency-Key')).toBe(outgoing.idempotencyKey);
    expect(calls[0]?.init.body).toBe(outgoing.preview);
    expect(await after.list()).toEqual([
      expect.objectContaining({ key: outgoing.idempotencyKey, state: 'sent', attempts: 2 }),
    ]);
  });

  it('queues again, with an alarm, a report whose outcome could not be written, and lets the user retry it', async () => {
    const clock = new Clock();
    const { fetch, calls, header } = scriptedFetch([500, 200]);
    const outbox = outboxWith(fetch, clock);
    const outgoing = outgoingReport();
    await outbox.enqueue(outgoing);
    // The write of the first request's outcome fails (the database aborted it, say).
    const set = trustedArea().set;
    const write = vi.spyOn(trustedArea(), 'set').mockImplementation(async (items) => {
      if (calls.length === 1 && write.mock.calls.length === 2) throw new Error('the write was aborted');
      return set(items);
    });
    await expect(outbox.flush()).rejects.toThrow('the write was aborted');
    write.mockRestore();

    const [item] = await outbox.list();
    expect(item).toMatchObject({ state: 'queued', nextAttemptAt: clock.ms });
    expect((await alarm())?.scheduledTime).toBe(clock.ms);
    // Retry works on it like any queued report, with the same key.
    await outbox.retryNow(outgoing.idempotencyKey);
    expect(calls).toHaveLength(2);
    expect(header(1, 'Idempotency-Key')).toBe(outgoing.idempotencyKey);
    expect((await outbox.list())[0]?.state).toBe('sent');
  });

  it('lets the user discard a report whose outcome could not be written', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([500]);
    const outbox = outboxWith(fetch, clock);
    const outgoing = outgoingReport();
    await outbox.enqueue(outgoing);
    const set = trustedArea().set;
    // Every write once the request went out fails: its outcome, and the scheduling after it.
    const write = vi.spyOn(trustedArea(), 'set').mockImplementation(async (items) => {
      if (calls.length === 1) throw new Error('the write was aborted');
      return set(items);
    });
    await expect(outbox.flush()).rejects.toThrow('the write was aborted');
    write.mockRestore();
    expect((await storedItems())[0]?.state).toBe('sending');
    expect(await outbox.remove(outgoing.idempotencyKey)).toBe(true);
    expect(await outbox.list()).toEqual([]);
  });

  it('does not mistake its own request in flight for one cut off by a crash', async () => {
    const clock = new Clock();
    let release: (response: Response) => void = () => undefined;
    const fetch = vi.fn<FetchLike>(() => new Promise<Response>((resolve) => (release = resolve)));
    const outbox = outboxWith(fetch, clock, { timeoutMs: 60_000 });
    await outbox.enqueue(outgoingReport());
    const flushing = outbox.flush();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const starting = outbox.start();
    // Storage calls settle within microtasks; a macrotask later start() has done its pass.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await storedItems())[0]?.state).toBe('sending');
    release(new Response(null, { status: 200 }));
    await Promise.all([flushing, starting]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await outbox.list())[0]?.state).toBe('sent');
  });

  it('turns a double click into one outbox item and one request', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([200]);
    const outbox = outboxWith(fetch, clock);
    // Two clicks compose twice: different keys, same content.
    const [first, second] = await Promise.all([outbox.submit(outgoingReport()), outbox.submit(outgoingReport())]);
    expect(first.item.key).toBe(second.item.key);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    expect(await outbox.list()).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('treats the same key submitted twice as one report, even outside the window', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([200]);
    const outbox = outboxWith(fetch, clock);
    const outgoing = outgoingReport();
    await outbox.submit(outgoing);
    clock.advanceTo(clock.ms + 60 * 60_000);
    const again = await outbox.submit(outgoing);
    expect(again.duplicate).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('sends a report the endpoint refused again when it is submitted again, as "Retry now" does', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([400, 200]);
    const outbox = outboxWith(fetch, clock);
    const refused = await outbox.submit(outgoingReport());
    expect(refused.item.state).toBe('failed');
    // Within the double-click window, and under the same key: the same item, sent again.
    const again = await outbox.submit(outgoingReport());
    expect(again).toMatchObject({ duplicate: true, item: { key: refused.item.key, state: 'sent' } });
    expect(calls).toHaveLength(2);
    // One sent is left as it is.
    expect((await outbox.submit(outgoingReport())).item.state).toBe('sent');
    expect(calls).toHaveLength(2);
  });

  it('accepts the same content again once the double-click window has passed, and different content at once', async () => {
    const clock = new Clock();
    const { fetch } = scriptedFetch([200]);
    const outbox = outboxWith(fetch, clock, { dedupeWindowMs: 10_000 });
    await outbox.submit(outgoingReport());
    expect((await outbox.submit(outgoingReport(undefined, 'with a note'))).duplicate).toBe(false);
    clock.advanceTo(clock.ms + 10_001);
    expect((await outbox.submit(outgoingReport())).duplicate).toBe(false);
    expect(await outbox.list()).toHaveLength(3);
  });

  it('waits longer after each failure, up to the cap, and keeps the alarm on the next due item', async () => {
    const clock = new Clock();
    const backoff = { baseMs: 1_000, maxMs: 16_000 };
    const { fetch } = scriptedFetch([503]);
    const outbox = outboxWith(fetch, clock, { backoff });
    await outbox.submit(outgoingReport());
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const [item] = await outbox.list();
      waits.push(item!.nextAttemptAt! - clock.ms);
      expect((await alarm())?.scheduledTime).toBe(item!.nextAttemptAt);
      clock.advanceTo(item!.nextAttemptAt!);
      await outbox.handleAlarm({ name: OUTBOX_ALARM });
    }
    expect(waits.slice(0, 5)).toEqual([750, 1_500, 3_000, 6_000, 12_000]);
    expect(waits.slice(5)).toEqual([12_000, 12_000, 12_000]);
    expect((await outbox.list())[0]).toMatchObject({ state: 'queued', attempts: 9 });
  });

  it('sets aside unreadable stored items, reports them, and keeps the readable ones', async () => {
    const clock = new Clock();
    const issues: DataIssue[] = [];
    const { fetch } = scriptedFetch([200]);
    const good = await outboxWith(fetch, clock).enqueue(outgoingReport());
    const garbage = { key: 'not-a-uuid', state: 'exploded' };
    await trustedArea().set({
      [OUTBOX_STORAGE_KEY]: { version: 1, items: [good.item, garbage] },
    });

    const items = await outboxWith(fetch, clock, { onIssue: (issue) => issues.push(issue) }).list();
    expect(items.map((item) => item.key)).toEqual([good.item.key]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ area: 'outbox', value: garbage });
    expect((await trustedArea().get(OUTBOX_QUARANTINE_KEY))[OUTBOX_QUARANTINE_KEY]).toEqual([garbage]);
  });

  it('keeps only the latest unreadable items set aside', async () => {
    const clock = new Clock();
    const { fetch } = scriptedFetch([200]);
    const old = Array.from({ length: OUTBOX_QUARANTINE_MAX }, (_, i) => ({ old: i }));
    await trustedArea().set({ [OUTBOX_QUARANTINE_KEY]: old, [OUTBOX_STORAGE_KEY]: { version: 1, items: [{ key: 'bad' }] } });
    await outboxWith(fetch, clock, { onIssue: () => undefined }).list();
    const kept = (await trustedArea().get(OUTBOX_QUARANTINE_KEY))[OUTBOX_QUARANTINE_KEY] as unknown[];
    expect(kept).toHaveLength(OUTBOX_QUARANTINE_MAX);
    expect(kept[0]).toEqual({ old: 1 });
    expect(kept.at(-1)).toEqual({ key: 'bad' });
  });

  it('prunes sent items after the retention period but never failed ones', async () => {
    const clock = new Clock();
    const { fetch } = scriptedFetch([200, 400]);
    const outbox = outboxWith(fetch, clock, { keepSentMs: 1_000 });
    await outbox.submit(outgoingReport());
    await outbox.submit(outgoingReport(undefined, 'second'));
    clock.advanceTo(clock.ms + 1_001);
    await outbox.flush();
    expect((await outbox.list()).map((item) => item.state)).toEqual(['failed']);
  });

  it('keeps no body once an item is sent, only its summary; a waiting or failed item keeps it', async () => {
    const clock = new Clock();
    const { fetch, calls } = scriptedFetch([200, 400, 503]);
    const summarise = (body: string) => ({ senderName: `${body.length} characters` });
    const outbox = outboxWith(fetch, clock, { summarise });
    const sent = outgoingReport(undefined, 'a note the user typed');
    await outbox.submit(sent);
    await outbox.submit(outgoingReport(undefined, 'second'));
    await outbox.submit(outgoingReport(undefined, 'third'));
    expect(calls[0]?.init.body).toBe(sent.preview);
    const [first, second, third] = await outbox.list();
    expect(first).toMatchObject({ state: 'sent', body: '', summary: { senderName: `${sent.preview.length} characters` } });
    expect(second).toMatchObject({ state: 'failed', body: expect.stringContaining('second') });
    expect(third).toMatchObject({ state: 'queued', body: expect.stringContaining('third') });
    expect(third).not.toHaveProperty('summary');
  });

  it('drops the body of an item stored as sent by an earlier version', async () => {
    const clock = new Clock();
    const { fetch } = scriptedFetch([200]);
    const first = outboxWith(fetch, clock);
    await first.enqueue(outgoingReport(undefined, 'a note the user typed'));
    const stored = (await trustedArea().get(OUTBOX_STORAGE_KEY))[OUTBOX_STORAGE_KEY] as { version: number; items: Array<Record<string, unknown>> };
    const written = { ...stored, items: stored.items.map((item) => ({ ...item, state: 'sent', sentAt: clock.ms })) };
    await trustedArea().set({ [OUTBOX_STORAGE_KEY]: written });
    await outboxWith(fetch, clock, { summarise: () => ({ level: 'high' }) }).flush();
    expect(await first.list()).toEqual([expect.objectContaining({ state: 'sent', body: '', summary: { level: 'high' } })]);
  });
});

describe('backoffDelay', () => {
  const policy = { baseMs: 30_000, maxMs: 6 * 60 * 60_000 };

  it('grows exponentially and never exceeds the cap', () => {
    const delays = Array.from({ length: 20 }, (_, i) => backoffDelay(i + 1, policy, () => 1));
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    for (let i = 1; i < delays.length; i += 1) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBe(policy.maxMs);
  });

  it('spreads retries over the upper half of the window', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(60_000);
    expect(backoffDelay(3, policy, () => 0.999_999)).toBeCloseTo(120_000, -1);
  });
});
