// @vitest-environment node
// The reference report endpoint, over real HTTP on 127.0.0.1, with reports as the extension composes them.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReceiver, RECEIVE_MAX_BYTES, type Receiver } from '../../../src/cli/receive';
import { readReports, readReportSources, tallyReports } from '../../../src/cli/reports';
import { composeReport } from '../../../src/report/compose';
import { baseline, REPO } from '../engine/helpers';

vi.setConfig({ testTimeout: 30_000 });

/** How long the endpoint's directory listings take to come back, once read (a slow disk). */
const listing = vi.hoisted(() => ({ delayMs: 0, noHardLinks: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = async (path: string) => {
    const names = await actual.readdir(path);
    if (listing.delayMs > 0) await new Promise((done) => setTimeout(done, listing.delayMs));
    return names;
  };
  // A file system without hard links (some network and removable ones) refuses link(2) so.
  const link: typeof actual.link = async (from, to) => {
    if (listing.noHardLinks) throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    return actual.link(from, to);
  };
  return { ...actual, readdir, link, default: { ...actual, readdir, link } };
});

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

function report(note?: string): { body: string; key: string } {
  const approach = {
    id: 'a',
    site: 'linkedin' as const,
    surface: 'inmail' as const,
    sender: { name: 'Amy Chen', profileUrl: 'https://www.linkedin.com/in/ACoAAB1x2y3z4w5v6u7t8s9r0q/' },
    messages: [{ text: 'We pay a generous fee for short reports with non-public insight.' }],
  };
  const { body, report: composed } = composeReport({ approach, verdict: baseline().score(approach), extensionVersion: '0.2.0', ...(note ? { note } : {}) });
  return { body, key: composed.idempotencyKey };
}
/** The same report with other fields, written as the extension writes reports. */
const rewritten = (body: string, change: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(body), ...change }, null, 2);

const post = (receiver: Receiver, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
  fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json', origin: EXTENSION, ...headers } });

let open: Receiver | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function receiver(options: { origins?: string[]; maxReports?: number } = {}) {
  const dir = join(mkdtempSync(join(tmpdir(), 'ag-receive-')), 'received');
  const log: string[] = [];
  open = await startReceiver({ dir, port: 0, path: '/hooks/approach', log: (line) => log.push(line), ...options });
  return { dir, log, receiver: open };
}

describe('the report endpoint', () => {
  it('answers the extension\u2019s preflight, stores a report once as sent, privately and to the disk, and says a repeat is fine', async () => {
    const { dir, receiver: r, log } = await receiver();
    const preflight = await fetch(r.url, { method: 'OPTIONS', headers: { origin: EXTENSION, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' } });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries([...preflight.headers].filter(([name]) => name.startsWith('access-control') || name === 'vary'))).toEqual({
      'access-control-allow-origin': EXTENSION,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, idempotency-key',
      'access-control-max-age': '600',
      vary: 'Origin',
    });

    const { body, key } = report('Third this month');
    const first = await post(r, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(first.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(readFileSync(join(dir, `${key}.json`), 'utf8')).toBe(body);
    expect(statSync(join(dir, `${key}.json`)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = await post(r, body, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: false, repeat: true });
    expect(readdirSync(dir)).toEqual([`${key}.json`]);
    expect(log[1]).toMatch(new RegExp(`^\\S+ 127\\.0\\.0\\.1 ${key} POST /hooks/approach 201$`));

    // What it stored is what the team's summary reads.
    const read = readReports(readReportSources([dir], () => '').sources);
    expect(read.problems).toEqual([]);
    expect(tallyReports(read).people).toMatchObject([{ names: ['Amy Chen'], reports: 1, notes: ['Third this month'], keys: [key] }]);
  });

  it('refuses what is not a report as the extension sends it, saying why in an answer the extension can read, and stores nothing', async () => {
    const { dir, receiver: r, log } = await receiver();
    const { body, key } = report();
    const cases: Array<[string | Uint8Array<ArrayBuffer>, Record<string, string>, number, RegExp]> = [
      [body, { 'idempotency-key': key, 'content-type': 'text/plain' }, 415, /Content-Type must be application\/json/],
      [body, { 'idempotency-key': '00000000-0000-4000-8000-000000000000' }, 400, /Idempotency-Key header must be/],
      [body, {}, 400, /Idempotency-Key header must be/],
      [rewritten(body, { schemaVersion: 2 }), { 'idempotency-key': key }, 400, /schema version 2 is not one this command reads/],
      [rewritten(body, { format: 'x\u202Ey' }), { 'idempotency-key': key }, 400, /not an Approach Guard report/],
      // Valid, but padded out: not how the extension writes a report.
      [`${body}${' '.repeat(1000)}`, { 'idempotency-key': key }, 400, /not written as the extension writes reports/],
      ['{not json', { 'idempotency-key': key }, 400, /not JSON/],
      [new Uint8Array([0x7b, 0xff, 0x7d]), { 'idempotency-key': key }, 400, /not UTF-8/],
      [' '.repeat(RECEIVE_MAX_BYTES), { 'idempotency-key': key }, 400, /not JSON/],
      [' '.repeat(RECEIVE_MAX_BYTES + 1), { 'idempotency-key': key }, 413, /at most/],
    ];
    for (const [payload, headers, status, why] of cases) {
      const response = await post(r, payload, headers);
      expect(response.status, String(why)).toBe(status);
      expect(response.headers.get('access-control-allow-origin'), String(why)).toBe(EXTENSION);
      expect((await response.json()).error).toMatch(why);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(log).toHaveLength(cases.length);
    // Nothing from a request reaches the log as it is.
    expect(log.join('\n')).toContain('x\\u{202e}y');
    expect(log.join('\n')).not.toContain('\u202E');
    // The same key with other content is a conflict; the first stays.
    expect((await post(r, body, { 'idempotency-key': key })).status).toBe(201);
    expect((await post(r, rewritten(body, { note: 'changed' }), { 'idempotency-key': key })).status).toBe(409);
    expect(readFileSync(join(dir, `${key}.json`), 'utf8')).toBe(body);
    // Other paths and methods.
    expect((await fetch(r.url.replace('/hooks/approach', '/other'), { method: 'POST' })).status).toBe(404);
    const get = await fetch(r.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('takes a long report in another script (twenty full excerpts and a full note, over 64 KB), and refuses a body with a byte-order mark', async () => {
    const { dir, receiver: r } = await receiver();
    const approach = {
      id: 'a',
      site: 'linkedin' as const,
      surface: 'message' as const,
      sender: { name: '王', profileUrl: 'https://www.linkedin.com/in/wang/' },
      messages: Array.from({ length: 20 }, () => ({ text: '投资比特币高回报'.repeat(125) })),
    };
    const { body, report: composed } = composeReport(
      { approach, verdict: baseline().score(approach), extensionVersion: '0.2.0', note: '请查看'.repeat(666), excerptMessages: Array.from({ length: 20 }, (_, k) => k) },
      {},
    );
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    expect((await post(r, body, { 'idempotency-key': composed.idempotencyKey })).status).toBe(201);
    const other = report();
    const withMark = await post(r, `\uFEFF${other.body}`, { 'idempotency-key': other.key });
    expect(withMark.status).toBe(400);
    expect(readdirSync(dir)).toEqual([`${composed.idempotencyKey}.json`]);
  });

  it('refuses a body declared too large before it arrives', async () => {
    const { receiver: r } = await receiver();
    const { port, pathname } = new URL(r.url);
    const status = await new Promise<number>((done, fail) => {
      const req = request({ host: '127.0.0.1', port, path: pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(RECEIVE_MAX_BYTES * 100) } }, (response) => {
        done(response.statusCode!);
        response.resume();
        req.destroy();
      });
      req.on('error', fail);
      // Headers only: the answer comes without the body.
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  it('stops reading a body sent without its length where it passes the limit, answers 413 at once and closes', async () => {
    const { dir, receiver: r } = await receiver();
    const { port, pathname } = new URL(r.url);
    const { key } = report();
    const started = Date.now();
    let sent = 0;
    const answer = await new Promise<string>((done) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (data: Buffer) => {
        received += data.toString();
      });
      socket.on('error', () => done(received));
      socket.on('close', () => done(received));
      // An endpoint that reads on would never answer: given up on, so that the test fails rather than hangs.
      setTimeout(() => socket.destroy(), 5000).unref();
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: ${key}\r\nOrigin: ${EXTENSION}\r\nTransfer-Encoding: chunked\r\n\r\n`);
      // Chunks for as long as the endpoint reads them: a body with no end.
      const chunk = Buffer.from(`4000\r\n${' '.repeat(0x4000)}\r\n`);
      const pump = () => {
        while (received === '' && !socket.destroyed) {
          sent += 0x4000;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('a report is at most');
    expect(Date.now() - started).toBeLessThan(5000);
    // Refused near the limit, not read on to the end of whatever the client sends.
    expect(sent).toBeLessThan(RECEIVE_MAX_BYTES * 16);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('closes connections that send their request too slowly, or nothing at all, within a second of the time allowed, and logs each in a line', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ag-receive-')), 'received');
    const log: string[] = [];
    open = await startReceiver({ dir, port: 0, path: '/hooks/approach', log: (line) => log.push(line), timeouts: { headersMs: 500, requestMs: 1000 } });
    const { port } = new URL(open.url);
    const closed: Array<Promise<string>> = [];
    const client = (first: string, dripping: boolean) =>
      closed.push(
        new Promise<string>((done) => {
          const socket = connect(Number(port), '127.0.0.1', () => socket.write(first));
          let received = '';
          // One byte every 100 ms: never enough to finish, always enough to look alive.
          const drip = dripping ? setInterval(() => socket.writable && socket.write('x'), 100) : undefined;
          socket.on('data', (data: Buffer) => {
            received += data.toString();
          });
          socket.on('error', () => undefined);
          socket.on('close', () => {
            clearInterval(drip);
            done(received);
          });
        }),
      );
    // Every connection the endpoint takes: silent ones, headers sent a byte at a time, a body that never ends.
    for (let k = 0; k < 62; k++) client('', false);
    client('POST /hooks/approach HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', true);
    client('POST /hooks/approach HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n', true);
    const started = Date.now();
    const answers = await Promise.all(closed);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(answers.every((a) => a.startsWith('HTTP/1.1 408 '))).toBe(true);
    expect(log.filter((line) => / 127\.0\.0\.1 too slow: closed$/.test(line))).toHaveLength(64);
    // Then a report gets through.
    const { body, key } = report();
    expect((await post(open, body, { 'idempotency-key': key })).status).toBe(201);
  });

  it('still answers, and asks for the report again, when its log cannot be written', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ag-receive-')), 'received');
    open = await startReceiver({
      dir,
      port: 0,
      log: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
    const { body, key } = report();
    expect((await post(open, body, { 'idempotency-key': key })).status).toBe(201);
    // The directory made a file: the report cannot be stored.
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a directory');
    const other = report();
    const failed = await fetch(open.url, { method: 'POST', body: other.body, headers: { 'content-type': 'application/json', origin: EXTENSION, 'idempotency-key': other.key }, signal: AbortSignal.timeout(5000) });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('300');
  });

  it('answers extensions only, never a web page, unless told which origins to answer', async () => {
    const page = 'https://evil.example';
    const { receiver: any } = await receiver();
    const preflight = (r: Receiver, origin: string) => fetch(r.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight(any, 'moz-extension://0b0e0f5c-4a1e-4bb2-9e54-2f8f3d6a1c7e')).status).toBe(204);
    const refused = await preflight(any, page);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const { body, key } = report();
    expect((await post(any, body, { 'idempotency-key': key, origin: page })).status).toBe(403);
    await open!.close();

    const { dir, receiver: only } = await receiver({ origins: [EXTENSION] });
    expect((await preflight(only, EXTENSION)).status).toBe(204);
    expect((await preflight(only, 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba')).status).toBe(403);
    // A request with no origin is not a browser's: who may send at all is for the network to decide.
    expect((await fetch(only.url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': key } })).status).toBe(201);
    expect(readdirSync(dir)).toEqual([`${key}.json`]);
  });

  it('stores reports, and replaces what a crash left, on a file system without hard links', async () => {
    listing.noHardLinks = true;
    try {
      const { dir, receiver: r } = await receiver();
      const a = report();
      expect((await post(r, a.body, { 'idempotency-key': a.key })).status).toBe(201);
      expect((await post(r, a.body, { 'idempotency-key': a.key })).status).toBe(200);
      const b = report();
      writeFileSync(join(dir, `${b.key}.json`), b.body.slice(0, 100));
      expect((await post(r, b.body, { 'idempotency-key': b.key })).status).toBe(201);
      expect(readFileSync(join(dir, `${b.key}.json`), 'utf8')).toBe(b.body);
      expect(readdirSync(dir).sort()).toEqual([`${a.key}.json`, `${b.key}.json`].sort());
    } finally {
      listing.noHardLinks = false;
    }
  });

  it('asks the extension to try again later when it is full or cannot store, replaces what a crash left, and stores keys in lower case', async () => {
    const { dir, receiver: r } = await receiver({ maxReports: 1 });
    const a = report();
    const b = report();
    expect((await post(r, a.body, { 'idempotency-key': a.key })).status).toBe(201);
    const full = await post(r, b.body, { 'idempotency-key': b.key });
    expect(full.status).toBe(507);
    expect(full.headers.get('retry-after')).toBe('300');
    expect(full.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    // A repeat is still answered.
    expect((await post(r, a.body, { 'idempotency-key': a.key })).status).toBe(200);
    // Reports moved out of the directory make room again.
    rmSync(join(dir, `${a.key}.json`));
    expect((await post(r, b.body, { 'idempotency-key': b.key })).status).toBe(201);
    // A file a crash left is replaced even when the directory is full.
    writeFileSync(join(dir, `${b.key}.json`), '{"format"');
    expect((await post(r, b.body, { 'idempotency-key': b.key })).status).toBe(201);
    expect(readFileSync(join(dir, `${b.key}.json`), 'utf8')).toBe(b.body);
    // The whole directory moved away while full (archived): it is made again, empty.
    rmSync(dir, { recursive: true });
    const archived = report();
    expect((await post(r, archived.body, { 'idempotency-key': archived.key })).status).toBe(201);
    expect(readdirSync(dir)).toEqual([`${archived.key}.json`]);
    await open!.close();

    const { dir: other, receiver: r2 } = await receiver();
    // The directory made a file: nothing can be stored until it is a directory again.
    rmSync(other, { recursive: true });
    writeFileSync(other, 'not a directory');
    const e0 = report();
    const failed = await post(r2, e0.body, { 'idempotency-key': e0.key });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('300');
    expect(failed.headers.get('access-control-expose-headers')).toBe('Retry-After');
    rmSync(other);
    // Gone, it is made again.
    const e = report();
    expect((await post(r2, e.body, { 'idempotency-key': e.key })).status).toBe(201);

    // A file a crash left empty is not a report: the report replaces it.
    const c = report();
    writeFileSync(join(other, `${c.key}.json`), '');
    expect((await post(r2, c.body, { 'idempotency-key': c.key })).status).toBe(201);
    expect(readFileSync(join(other, `${c.key}.json`), 'utf8')).toBe(c.body);

    const upper = c.key.toUpperCase();
    const d = rewritten(report().body, { idempotencyKey: upper.replace(/^.{8}/, 'ABCDEF01') });
    const dKey = JSON.parse(d).idempotencyKey as string;
    expect((await post(r2, d, { 'idempotency-key': dKey })).status).toBe(201);
    expect(readdirSync(other)).toContain(`${dKey.toLowerCase()}.json`);
    expect(readdirSync(dir)).toEqual([`${archived.key}.json`]);
  });

  it('stores reports that arrive together: the same one once, and never more than the limit', async () => {
    const { dir, receiver: r, log } = await receiver({ maxReports: 5 });
    const same = report();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(r, same.body, { 'idempotency-key': same.key })));
    expect(answers.map((a) => a.status).sort((a, b) => a - b)).toEqual([...Array<number>(11).fill(200), 201]);
    expect(readdirSync(dir)).toEqual([`${same.key}.json`]);

    // Twenty others at once for the four places left; those refused leave no file behind.
    const others = Array.from({ length: 20 }, () => report());
    const statuses = (await Promise.all(others.map((o) => post(r, o.body, { 'idempotency-key': o.key })))).map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    expect(statuses.filter((s) => s === 507)).toHaveLength(16);
    expect(readdirSync(dir)).toHaveLength(5);
    // A repeat of a stored one is still answered, and a refused one is refused again.
    const kept = others[statuses.indexOf(201)]!;
    expect((await post(r, kept.body, { 'idempotency-key': kept.key })).status).toBe(200);
    const refused = others[statuses.indexOf(507)]!;
    expect((await post(r, refused.body, { 'idempotency-key': refused.key })).status).toBe(507);

    // Clients that go away before their answer leave the endpoint answering the others.
    rmSync(join(dir, `${same.key}.json`));
    const { port } = new URL(r.url);
    const gone = report();
    const sent = `POST /hooks/approach HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: ${gone.key}\r\nContent-Length: ${Buffer.byteLength(gone.body)}\r\n\r\n${gone.body}`;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        new Promise<void>((done) => {
          // Sent whole, and the connection closed before any answer.
          const socket = connect(Number(port), '127.0.0.1', () => socket.end(sent, () => socket.destroy()));
          socket.on('error', () => done());
          socket.on('close', () => done());
        }),
      ),
    );
    await vi.waitFor(() => expect(log.filter((line) => line.includes(gone.key))).toHaveLength(5), { timeout: 10_000 });
    expect(readFileSync(join(dir, `${gone.key}.json`), 'utf8')).toBe(gone.body);
    rmSync(join(dir, `${gone.key}.json`));
    const after = report();
    expect((await post(r, after.body, { 'idempotency-key': after.key })).status).toBe(201);
  });

  it('counts a report stored while it counts the directory again, so the limit holds', async () => {
    const { dir, receiver: r } = await receiver({ maxReports: 2 });
    const a = report();
    expect((await post(r, a.body, { 'idempotency-key': a.key })).status).toBe(201);
    // At the limit, one report's place makes the other count the directory, which lists it
    // before the first is in place and answers after.
    listing.delayMs = 300;
    try {
      const [x, y] = [report(), report()];
      const statuses = (await Promise.all([x, y].map((o) => post(r, o.body, { 'idempotency-key': o.key })))).map((answer) => answer.status);
      expect(statuses.sort((p, q) => p - q)).toEqual([201, 507]);
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      listing.delayMs = 0;
    }
  });

  it('removes the temporary files a stopped run left, and nothing else, then stores as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-receive-left-'));
    const a = report();
    // A run killed while writing a report leaves it under a temporary name; one killed after
    // linking it, a second name for the stored report.
    writeFileSync(join(dir, `.${a.key}.0123456789ab.tmp`), a.body.slice(0, 40));
    const b = report();
    writeFileSync(join(dir, `${b.key}.json`), b.body);
    writeFileSync(join(dir, `.${b.key}.ba9876543210.tmp`), b.body);
    // What the endpoint did not write stays.
    const others = ['.gitkeep', 'notes.txt', `.${a.key}.tmp`, `.${a.key}.0123456789AB.tmp`];
    for (const name of others) writeFileSync(join(dir, name), 'kept');
    const log: string[] = [];
    open = await startReceiver({ dir, port: 0, log: (line) => log.push(line) });
    expect(readdirSync(dir).sort()).toEqual([`${b.key}.json`, ...others].sort());
    expect(log).toEqual([expect.stringMatching(/ removed 2 temporary files an earlier run left in /)]);
    expect((await post(open, a.body, { 'idempotency-key': a.key })).status).toBe(201);
    expect((await post(open, b.body, { 'idempotency-key': b.key })).status).toBe(200);
    expect(readFileSync(join(dir, `${a.key}.json`), 'utf8')).toBe(a.body);

    // Nothing left behind: nothing said.
    await open.close();
    const quiet: string[] = [];
    open = await startReceiver({ dir, port: 0, log: (line) => quiet.push(line) });
    expect(quiet).toEqual([]);
  });

  it.skipIf(!existsSync('/dev/full'))('runs from the command line with standard error on a full disk, still storing reports or asking for them again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-receive-cli-'));
    const full = openSync('/dev/full', 'w');
    const child = spawn(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'reports', 'receive', '--dir', dir, '--port', '0', '--path', '/hook'], { cwd: REPO, stdio: ['ignore', 'pipe', full] });
    closeSync(full);
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) done(out.trim());
        });
        child.on('exit', (code) => fail(new Error(`exited ${code}`)));
      });
      const send = ({ body, key }: { body: string; key: string }) =>
        fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': key }, signal: AbortSignal.timeout(10_000) });
      // Each answer is logged, and each log line fails to be written.
      const a = report();
      expect((await send(a)).status).toBe(201);
      rmSync(dir, { recursive: true });
      writeFileSync(dir, 'not a directory');
      const failed = await send(report());
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('300');
      expect(child.exitCode).toBeNull();
    } finally {
      // SIGTERM, which tsx passes on to the command it runs, and the endpoint stops on.
      const exited = new Promise((done) => child.on('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('runs from the command line until it is stopped, with a request still open, and refuses options it cannot use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-receive-cli-'));
    const child = spawn(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'reports', 'receive', '--dir', dir, '--port', '0', '--path', '/hook'], { cwd: REPO });
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) done(out.trim());
      });
      child.on('exit', (code) => fail(new Error(`exited ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hook$/);
    const { body, key } = report();
    expect((await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': key } })).status).toBe(201);
    expect(readdirSync(dir)).toEqual([`${key}.json`]);
    // A client that sends headers and never its body does not keep it from stopping.
    const { port } = new URL(url);
    const hanging = request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
    hanging.on('error', () => undefined);
    hanging.flushHeaders();
    await new Promise((done) => setTimeout(done, 200));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    const stopping = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(15_000);

    for (const [args, why] of [
      [['--host', ''], /--host "" is not an IP address or localhost/],
      [['--path', '/a/../b'], /--path "\/a\/\.\.\/b" must be a plain path/],
      [['--origin', 'https://Evil.example/'], /--origin "https:\/\/Evil\.example\/" is not an origin/],
      [['--max-reports', '0'], /--max-reports "0" is not a whole number from 1/],
    ] as const) {
      const bad = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'reports', 'receive', '--dir', dir, ...args], { encoding: 'utf8', cwd: REPO });
      expect(bad.status, args.join(' ')).toBe(2);
      expect(bad.stderr, args.join(' ')).toMatch(why);
    }
  });
});
