// @vitest-environment node
// A real HTTP endpoint on 127.0.0.1 (the development exception to https-only), reached through
// the runtime's own fetch: headers, body bytes and retries as a receiver sees them.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OUTBOX_ALARM, Outbox } from '../../../src/report/outbox';
import { Clock, outgoingReport } from './outbox-helpers';

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An endpoint that fails `failures` times, then stores reports once per Idempotency-Key. */
function startEndpoint(failures: number): Promise<{ server: Server; url: string; received: Received[]; stored: Map<string, string> }> {
  const received: Received[] = [];
  const stored = new Map<string, string>();
  let failuresLeft = failures;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: request.method ?? '', headers: request.headers, body });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(500).end('try later');
        return;
      }
      const key = String(request.headers['idempotency-key']);
      if (!stored.has(key)) stored.set(key, body);
      response.writeHead(stored.get(key) === body ? 201 : 422).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/hooks/approach`, received, stored });
    });
  });
}

describe('Outbox against a real HTTP endpoint', () => {
  let server: Server | undefined;

  beforeEach(() => {
    fakeBrowser.reset();
  });

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it('POSTs the previewed bytes with JSON content type and the idempotency key', async () => {
    const endpoint = await startEndpoint(0);
    server = endpoint.server;
    const outgoing = outgoingReport(endpoint.url, 'Non-ASCII survives: café, 中文, 😀');
    const { item } = await new Outbox({ timeoutMs: 5_000 }).submit(outgoing);

    expect(item.state).toBe('sent');
    expect(endpoint.received).toHaveLength(1);
    const [request] = endpoint.received;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe(outgoing.idempotencyKey);
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.body).toBe(outgoing.preview);
    expect(JSON.parse(request?.body ?? '').idempotencyKey).toBe(outgoing.idempotencyKey);
  });

  it('gets a report through two HTTP 500s and the endpoint stores it exactly once', async () => {
    const endpoint = await startEndpoint(2);
    server = endpoint.server;
    const clock = new Clock();
    const outbox = new Outbox({ now: clock.now, random: () => 0.5, timeoutMs: 5_000 });
    const outgoing = outgoingReport(endpoint.url);

    await outbox.submit(outgoing);
    for (let fired = 0; fired < 5; fired += 1) {
      const [item] = await outbox.list();
      if (item?.nextAttemptAt === undefined) break;
      clock.advanceTo(item.nextAttemptAt);
      await outbox.handleAlarm({ name: OUTBOX_ALARM });
    }

    const [item] = await outbox.list();
    expect(item).toMatchObject({ state: 'sent', attempts: 3, lastStatus: 201 });
    expect(endpoint.received.map((request) => request.headers['idempotency-key'])).toEqual([
      outgoing.idempotencyKey,
      outgoing.idempotencyKey,
      outgoing.idempotencyKey,
    ]);
    expect(endpoint.received.every((request) => request.body === outgoing.preview)).toBe(true);
    expect([...endpoint.stored.entries()]).toEqual([[outgoing.idempotencyKey, outgoing.preview]]);

    // Nothing further goes out: a sent item is never sent again.
    clock.advanceTo(clock.ms + 24 * 60 * 60_000);
    await outbox.flush();
    expect(endpoint.received).toHaveLength(3);
    expect(await fakeBrowser.alarms.get(OUTBOX_ALARM)).toBeUndefined();
  });
});
