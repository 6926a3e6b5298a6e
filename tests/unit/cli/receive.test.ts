// @vitest-environment node
// The reference report endpoint, over real HTTP on 127.0.0.1, with reports as the extension composes them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReceiver, RECEIVE_MAX_BYTES, type Receiver } from '../../../src/cli/receive';
import { readReports, readReportSources, tallyReports } from '../../../src/cli/reports';
import { composeReport } from '../../../src/report/compose';
import { baseline, REPO } from '../engine/helpers';

vi.setConfig({ testTimeout: 30_000 });

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

const post = (receiver: Receiver, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
  fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json', origin: EXTENSION, ...headers } });

let open: Receiver | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function receiver(options: { origins?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ag-receive-'));
  const log: string[] = [];
  open = await startReceiver({ dir, port: 0, path: '/hooks/approach', log: (line) => log.push(line), ...options });
  return { dir, log, receiver: open };
}

describe('the report endpoint', () => {
  it('answers the preflight, stores a report once as sent, and says a repeat is fine', async () => {
    const { dir, receiver: r } = await receiver();
    const preflight = await fetch(r.url, { method: 'OPTIONS', headers: { origin: EXTENSION, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, idempotency-key');

    const { body, key } = report('Third this month');
    const first = await post(r, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(readFileSync(join(dir, `${key}.json`), 'utf8')).toBe(body);
    const again = await post(r, body, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: false, repeat: true });
    expect(readdirSync(dir)).toEqual([`${key}.json`]);

    // What it stored is what the team's summary reads.
    const read = readReports(readReportSources([dir], () => '').sources);
    expect(read.problems).toEqual([]);
    expect(tallyReports(read).people).toMatchObject([{ names: ['Amy Chen'], reports: 1, notes: ['Third this month'], keys: [key] }]);
  });

  it('refuses what is not a report, with a reason and a status the extension does not retry, and stores nothing', async () => {
    const { dir, receiver: r, log } = await receiver();
    const { body, key } = report();
    const cases: Array<[string | Uint8Array<ArrayBuffer>, Record<string, string>, number, RegExp]> = [
      [body, { 'idempotency-key': key, 'content-type': 'text/plain' }, 415, /Content-Type must be application\/json/],
      [body, { 'idempotency-key': '00000000-0000-4000-8000-000000000000' }, 400, /Idempotency-Key header must be/],
      [body, {}, 400, /Idempotency-Key header must be/],
      ['{"format":"approach-guard.report","schemaVersion":2}', { 'idempotency-key': key }, 400, /schema version 2 is not one this command reads/],
      ['{not json', { 'idempotency-key': key }, 400, /not JSON/],
      [new Uint8Array([0x7b, 0xff, 0x7d]), { 'idempotency-key': key }, 400, /not UTF-8/],
      [' '.repeat(RECEIVE_MAX_BYTES + 1), { 'idempotency-key': key }, 413, /at most/],
    ];
    for (const [payload, headers, status, why] of cases) {
      const response = await post(r, payload, headers);
      expect(response.status, String(why)).toBe(status);
      expect((await response.json()).error).toMatch(why);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(log).toHaveLength(cases.length);
    // The same key with other content is a conflict; the first stays.
    expect((await post(r, body, { 'idempotency-key': key })).status).toBe(201);
    const other = JSON.stringify({ ...JSON.parse(body), note: 'changed' });
    expect((await post(r, other, { 'idempotency-key': key })).status).toBe(409);
    expect(readFileSync(join(dir, `${key}.json`), 'utf8')).toBe(body);
    // Other paths and methods.
    expect((await fetch(r.url.replace('/hooks/approach', '/other'), { method: 'POST' })).status).toBe(404);
    const get = await fetch(r.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('answers only the origins it is given, and asks the extension to try again later when it cannot store', async () => {
    const { dir, receiver: r } = await receiver({ origins: [EXTENSION] });
    const preflight = (origin: string) => fetch(r.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ok = await preflight(EXTENSION);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(ok.headers.get('vary')).toBe('Origin');
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    rmSync(dir, { recursive: true });
    const { body, key } = report();
    const failed = await post(r, body, { 'idempotency-key': key });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('300');
    expect(existsSync(join(dir, `${key}.json`))).toBe(false);
  });

  it('runs from the command line until it is stopped, printing its address', async () => {
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
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
