// @vitest-environment node
// The server and fetch are Node's own: a real HTTP exchange on 127.0.0.1.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import baseline from '../../../rules/baseline.pack.json';
import { loadPack } from '../../../src/pack/load';
import { checkSignedPack, fetchSignedPack } from '../../../src/pack/update';
import { FLAGGED_PROFILE, makeKey, orgPack, packBytes, signBytes, type TestKey } from './signed-pack';

const NOW = Date.UTC(2026, 11, 2, 12);
const BASELINE = loadPack(baseline).pack;

type Handler = (path: string, headers: IncomingHttpHeaders, res: import('node:http').ServerResponse) => void;
let server: Server | undefined;

/** A real HTTP server on 127.0.0.1; `handler` answers every request. */
async function serve(handler: Handler): Promise<string> {
  server = createServer((req, res) => handler(req.url ?? '/', req.headers, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

let key: TestKey;
beforeAll(async () => {
  key = await makeKey();
});

describe('fetching a signed pack', () => {
  it('GETs the pack and its .sig without cookies or a referrer', async () => {
    const bytes = packBytes(orgPack());
    const signature = await signBytes(key, bytes);
    const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
    const origin = await serve((path, headers, res) => {
      seen.push({ path, headers });
      if (path === '/team/pack.json') res.end(Buffer.from(bytes));
      else if (path === '/team/pack.json.sig') res.end(signature);
      else res.writeHead(404).end();
    });
    const fetched = await fetchSignedPack(`${origin}/team/pack.json`);
    expect(fetched).toEqual({ ok: true, bytes: new Uint8Array(bytes), signature });
    expect(seen.map((s) => s.path).sort()).toEqual(['/team/pack.json', '/team/pack.json.sig']);
    for (const { headers } of seen) {
      expect(headers.cookie).toBeUndefined();
      expect(headers.referer).toBeUndefined();
    }
  });

  it('says which address failed and how', async () => {
    const origin = await serve((path, _headers, res) => {
      if (path === '/pack.json') res.end('{}');
      else res.writeHead(404).end();
    });
    expect(await fetchSignedPack(`${origin}/pack.json`)).toEqual({ ok: false, reason: 'the signature address answered HTTP 404' });
  });

  it('does not follow a redirect: policy checked the address given, not where it leads', async () => {
    const bytes = packBytes(orgPack());
    const signature = await signBytes(key, bytes);
    const seen: string[] = [];
    const origin = await serve((path, _headers, res) => {
      seen.push(path);
      if (path === '/pack.json') res.writeHead(302, { Location: '/elsewhere/pack.json' }).end();
      else if (path === '/pack.json.sig') res.end(signature);
      else if (path === '/elsewhere/pack.json') res.end(Buffer.from(bytes));
      else res.writeHead(404).end();
    });
    expect(await fetchSignedPack(`${origin}/pack.json`)).toEqual({
      ok: false,
      reason: 'the pack address redirects to another address; set the final https:// address in policy',
    });
    expect(seen).not.toContain('/elsewhere/pack.json');
  });

  it('stops reading a pack past its size cap, whatever the host declares', async () => {
    const origin = await serve((path, _headers, res) => {
      // Chunked: no Content-Length to refuse it by.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (path.endsWith('.sig')) return void res.end('x');
      res.write('x'.repeat(600));
      res.write('x'.repeat(600));
      res.end();
    });
    expect(await fetchSignedPack(`${origin}/pack.json`, { maxBytes: 1000 })).toEqual({ ok: false, reason: 'the pack address is larger than 1,000 bytes' });
  });

  it('refuses a pack whose declared length is past the cap without waiting for its body', async () => {
    const origin = await serve((path, _headers, res) => {
      if (path.endsWith('.sig')) return void res.end('x');
      // The headers only: a body that would take as long as it likes to come.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '2000' });
      res.flushHeaders();
    });
    expect(await fetchSignedPack(`${origin}/pack.json`, { maxBytes: 1000, timeoutMs: 10_000 })).toEqual({ ok: false, reason: 'the pack address is larger than 1,000 bytes' });
  });

  it('gives up on a host that does not answer', async () => {
    const origin = await serve(() => undefined);
    expect(await fetchSignedPack(`${origin}/pack.json`, { timeoutMs: 200 })).toEqual({ ok: false, reason: 'no answer within 0 s' });
  });

  it('says when the host cannot be reached', async () => {
    const origin = await serve(() => undefined);
    server!.close();
    const fetched = await fetchSignedPack(`${origin}/pack.json`, { timeoutMs: 5000 });
    expect(fetched.ok).toBe(false);
    expect(!fetched.ok && fetched.reason).toMatch(/^the host could not be reached, or does not allow the extension to read it/);
  });
});

describe('checking a signed pack', () => {
  const check = async (pack: unknown, options: Partial<Parameters<typeof checkSignedPack>[2]> = {}, signWith: TestKey = key) => {
    const bytes = packBytes(pack);
    return checkSignedPack(bytes, await signBytes(signWith, bytes), { keys: [key.publicKey], baseline: BASELINE, now: NOW, ...options });
  };

  it('takes a pack a trusted key signed, which passes its own examples layered over the baseline', async () => {
    const checked = await check(orgPack());
    expect(checked).toMatchObject({ ok: true, key: key.publicKey, notes: [] });
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.pack.entities?.[0]?.profileUrls).toEqual([FLAGGED_PROFILE]);
    expect(checked.text).toBe(new TextDecoder().decode(packBytes(orgPack())));
  });

  it('refuses a pack signed by another key, or changed after signing', async () => {
    expect(await check(orgPack(), {}, await makeKey())).toEqual({ ok: false, reason: 'the signature does not match the pack under the trusted key' });
    const bytes = packBytes(orgPack());
    const signature = await signBytes(key, bytes);
    const changed = packBytes(orgPack({ name: 'Security team rules!' }));
    expect((await checkSignedPack(changed, signature, { keys: [key.publicKey], baseline: BASELINE, now: NOW })).ok).toBe(false);
  });

  it('never goes back to an earlier or the same version of a pack taken, nor to one published before it', async () => {
    const taken = (version: string, published = '2026-11-28', id = 'org.security-team') => ({ floor: [{ id, version, published }] });
    expect(await check(orgPack(), taken('2026.12.1'))).toEqual({ ok: false, reason: 'version 2026.12.1 is not newer than 2026.12.1, a version already taken' });
    expect((await check(orgPack(), taken('2026.12.2'))).ok).toBe(false);
    expect((await check(orgPack(), taken('2026.11.30'))).ok).toBe(true);
    // Another pack id: its version says nothing, but it may not predate what was taken.
    expect((await check(orgPack(), taken('2099.1', '2026-11-28', 'org.other'))).ok).toBe(true);
    expect(await check(orgPack(), taken('1', '2026-11-29', 'org.other'))).toEqual({
      ok: false,
      reason: 'it was published on 2026-11-28, before org.other 1 (2026-11-29), a pack already taken',
    });
  });

  it('refuses a pack replayed from the past as a step back before it compiles and self-tests it', async () => {
    const taken = { floor: [{ id: 'org.security-team', version: '2026.12.1', published: '2026-11-28' }] };
    // An old version whose examples no longer pass: the step back is what is said, not the self-test.
    const stale = orgPack({ version: '2026.11.1' });
    (stale.rules as Array<{ examples: { match: string[] } }>)[0]!.examples.match = ['Nothing here matches.', 'Nor here.'];
    expect(await check(stale, taken)).toEqual({ ok: false, reason: 'version 2026.11.1 is not newer than 2026.12.1, a version already taken' });
    expect((await check(stale)).ok).toBe(false);
  });

  it('refuses an expired pack, and one that claims the baseline\u2019s id', async () => {
    expect(await check(orgPack({ expires: '2026-12-01' }))).toEqual({ ok: false, reason: 'the pack expired on 2026-12-01' });
    expect((await check(orgPack({ expires: '2026-12-02' }))).ok).toBe(true);
    expect(await check(orgPack({ published: '2026-12-03', expires: '2026-12-02' }))).toEqual({
      ok: false,
      reason: 'it expires on 2026-12-02, before it was published (2026-12-03)',
    });
  });

  it('refuses a pack dated later than the day 36 hours ahead, which would hold back every later pack', async () => {
    // NOW is 2 December, noon (UTC): 36 hours ahead is the 4th, at midnight.
    expect((await check(orgPack({ published: '2026-12-03' }))).ok).toBe(true);
    expect((await check(orgPack({ published: '2026-12-04' }))).ok).toBe(true);
    expect((await check(orgPack({ published: '2026-12-05' }))).ok).toBe(false);
    expect(await check(orgPack({ published: '2062-11-28' }))).toEqual({
      ok: false,
      reason: 'it is dated 2062-11-28, a day not yet come (published is the day the pack is signed)',
    });
    expect(await check(orgPack({ id: BASELINE.id }))).toEqual({ ok: false, reason: `the pack has the baseline's id (${BASELINE.id}); an organisation pack needs its own` });
  });

  it('refuses a pack that is not valid, naming the problem', async () => {
    const checked = await check(orgPack({ version: 'next' }));
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toMatch(/^the pack is not valid: version: version must be dotted numbers/);
    const bytes = new TextEncoder().encode('not json');
    expect(await checkSignedPack(bytes, await signBytes(key, bytes), { keys: [key.publicKey], baseline: BASELINE, now: NOW })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the pack is not JSON text/),
    });
  });

  it('fails the self-test when a rule does not behave as its examples say, naming the rule', async () => {
    const pack = orgPack();
    const [rule] = pack.rules as Array<{ examples: { match: string[] } }>;
    rule!.examples.match = [...rule!.examples.match, 'Nothing to see here.'];
    expect(await check(pack)).toEqual({ ok: false, reason: 'self-test failed for rule org.committee-papers: example should match but does not: "Nothing to see here."' });
  });

  it('skips, and notes, what a pack cannot add: a broken rule, an id the baseline has', async () => {
    const pack = orgPack();
    const baselineRule = BASELINE.rules[0]!;
    (pack.rules as unknown[]).push({ id: 'org.broken', indicator: 'no_such_indicator' }, { ...baselineRule, weight: 1, examples: { match: ['x', 'y'], no_match: ['a', 'b'] } });
    const checked = await check(pack);
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.notes).toEqual([
      expect.stringMatching(/^skipped rule org\.broken: /),
      `rule "${baselineRule.id}" already exists; the overlay's copy was skipped`,
    ]);
  });
});
