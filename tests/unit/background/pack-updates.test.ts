// @vitest-environment node
// Node's own fetch against a real HTTP server on 127.0.0.1, with WXT's fake browser for storage.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { withoutExamples } from '../engine/helpers';
import baseline from '../../../rules/baseline.pack.json';
import { ORG_PACK_DIGESTS_KEY, ORG_PACK_FLOOR_KEY, ORG_PACK_KEY, ORG_PACKS_UNAVAILABLE, readOrgPack } from '../../../src/background/org-pack';
import { z } from 'zod';
import { ensureActivePack, type ActivePackRecord } from '../../../src/background/pack-store';
import { readPackUpdateStatus } from '../../../src/background/pack-update-status';
import { clearSurfacedNotice, readSurfacedNotice } from '../../../src/background/surfaced-notice';
import { checkPackUpdate, PACK_UPDATE_ALARM, WITHDRAWN_KEPT_MS } from '../../../src/background/pack-updates';
import { fromSelfie } from '../../../src/engine/selfie';
import { ACTIVE_PACK_KEY } from '../../../src/messaging/protocol';
import { refreshPolicy } from '../../../src/policy/read';
import { readHistory } from '../../../src/settings/history';
import { trustedArea } from '../../../src/settings/trusted-area';
import { FLAGGED_PROFILE, makeKey, orgPack, packBytes, signBytes, type TestKey } from '../pack/signed-pack';

const HOUR = 3_600_000;
let now = Date.UTC(2026, 11, 2, 9);
const clock = () => now;

let server: Server;
let origin: string;
/** What the server answers for /pack.json and /pack.json.sig; `down` answers 503. */
let files: { pack: Uint8Array; sig: string } | 'down';
let requests: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (files === 'down') return void res.writeHead(503).end();
    if (req.url === '/pack.json') return void res.end(Buffer.from(files.pack));
    if (req.url === '/pack.json.sig') return void res.end(files.sig);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
});

let key: TestKey;
beforeAll(async () => {
  key = await makeKey();
});

async function publish(pack: unknown, signWith: TestKey = key) {
  const bytes = packBytes(pack);
  files = { pack: bytes, sig: await signBytes(signWith, bytes) };
}

const policy = (values: Record<string, unknown>) => refreshPolicy({ managed: { get: async () => values } });
const activeRecord = async () => (await fakeBrowser.storage.local.get(ACTIVE_PACK_KEY))[ACTIVE_PACK_KEY] as ActivePackRecord;
const check = (force = false) => checkPackUpdate({ force }, { now: clock, fetch: (input, init) => fetch(input, init) });

/** The level the pack in force gives a message from the organisation's flagged persona. */
async function flaggedProfileLevel(): Promise<string> {
  const scorer = fromSelfie((await activeRecord()).compiled);
  return scorer.score({ id: 't', site: 'linkedin', surface: 'message', sender: { name: 'Someone', profileUrl: FLAGGED_PROFILE }, messages: [{ text: 'Hello' }] }).level;
}

describe('organisation pack updates', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    requests = [];
    now = Date.UTC(2026, 11, 2, 9);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await publish(orgPack());
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 6 });
    await ensureActivePack();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('installs a signed pack over the baseline, and tabs then flag its personas', async () => {
    expect(await flaggedProfileLevel()).toBe('none');
    const status = await check();
    expect(status).toMatchObject({ outcome: 'installed', failures: 0, nextCheckAt: now + 6 * HOUR });
    expect(status.inForce).toMatchObject({ id: 'org.security-team', version: '2026.12.1', publisher: 'Parliamentary Security Department', fetchedAt: now });
    expect(await readPackUpdateStatus()).toEqual(status);
    expect(await activeRecord()).toMatchObject({ source: 'remote', version: `${baseline.version}+org.security-team@2026.12.1` });
    expect(await flaggedProfileLevel()).not.toBe('none');
    expect(await fakeBrowser.alarms.get(PACK_UPDATE_ALARM)).toMatchObject({ scheduledTime: now + 6 * HOUR });
  });

  it('layers a signed pack over the baseline as the extension bundles it (without examples), still testing the pack\u2019s own', async () => {
    const bundled = withoutExamples(baseline);
    const checkWith = () => checkPackUpdate({ force: true }, { now: clock, fetch: (input, init) => fetch(input, init), bundled });
    // A rule of the organisation's that does not do what its examples say still fails the pack.
    const broken = orgPack();
    const [rule] = broken.rules as Array<{ examples: { match: string[] } }>;
    rule!.examples.match.push('Nothing to see here.');
    await publish(broken);
    expect(await checkWith()).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('self-test failed for rule org.committee-papers') });
    // The baseline's rules are all there to be switched off: no note of an unknown rule.
    await publish(orgPack({ disable: [baseline.rules[0]!.id] }));
    const installed = await checkWith();
    expect(installed).toMatchObject({ outcome: 'installed', failures: 0 });
    expect(installed.notes ?? []).toEqual([]);
    expect(await activeRecord()).toMatchObject({ source: 'remote', version: `${baseline.version}+org.security-team@2026.12.1` });
    expect(await flaggedProfileLevel()).toBe('high');
  });

  it('surfaces the senders read before that the new pack flags, and keeps them in the flagged history', async () => {
    const seen = (profileUrl: string, name: string, highestLevel = 'none') => ({
      profileId: profileUrl.split('/in/')[1]!.replace(/\/$/, ''),
      profileUrl,
      name,
      firstSeen: '2026-06-01T10:00:00.000Z',
      lastSeen: '2026-06-03T10:00:00.000Z',
      highestLevel,
    });
    const other = 'https://www.linkedin.com/in/someone-ordinary/';
    await trustedArea().set({ seenSenders: [seen(FLAGGED_PROFILE, 'Orla Packtest'), seen(other, 'Sam Ordinary')] });
    const status = await check();
    expect(status.surfaced).toEqual([{ profileUrl: FLAGGED_PROFILE, name: 'Orla Packtest', level: 'high' }]);
    expect(status.surfacedCount).toBe(1);
    const { entries } = await readHistory();
    expect(entries).toEqual([expect.objectContaining({ profileUrl: FLAGGED_PROFILE, highestLevel: 'high', lastSeen: '2026-06-03T10:00:00.000Z' })]);
    // And for the popup and the toolbar, until the user has seen it.
    const pack = orgPack() as { name: string; version: string };
    const notice = await readSurfacedNotice();
    expect(notice).toEqual({ senders: [{ profileUrl: FLAGGED_PROFILE, name: 'Orla Packtest', level: 'high', at: now, verdict: expect.any(Object) }], pack: `${pack.name} ${pack.version}` });
    // What the pack found, for a report made from the popup: its rules, without quotes or list details.
    const [hit] = notice!.senders[0]!.verdict!.hits;
    expect(hit).toEqual({ rule: expect.any(String), indicator: 'known_flagged_entity', weight: expect.any(Number) });
    expect(notice!.senders[0]!.verdict).toMatchObject({ level: 'high', packVersion: `${baseline.version}+org.security-team@2026.12.1` });
    await clearSurfacedNotice({ upTo: now, profiles: [FLAGGED_PROFILE] });
    // Still listed after the next check, while that pack is in force; the notice is not shown again.
    expect((await check(true)).surfaced).toEqual(status.surfaced);
    expect(await readSurfacedNotice()).toBeUndefined();
    // A newer pack that flags the same sender no higher says nothing new.
    await publish(orgPack({ version: '2026.12.2' }));
    const again = await check(true);
    expect(again.outcome).toBe('installed');
    expect(again.surfaced).toBeUndefined();
    expect(await readSurfacedNotice()).toBeUndefined();
  });

  it('checks again only when due, unless asked; an unchanged pack is left as it is', async () => {
    await check();
    const record = await activeRecord();
    requests = [];
    now += HOUR;
    expect((await check()).outcome).toBe('installed');
    expect(requests).toEqual([]);
    expect((await check(true)).outcome).toBe('unchanged');
    expect(requests.sort()).toEqual(['/pack.json', '/pack.json.sig']);
    now += 6 * HOUR;
    requests = [];
    expect((await check()).outcome).toBe('unchanged');
    expect(requests).toHaveLength(2);
    expect(await activeRecord()).toEqual(record);
  });

  it('keeps the pack in force when a newer one fails verification, and tries again sooner and sooner', async () => {
    await check();
    const record = await activeRecord();
    await publish(orgPack({ version: '2026.12.2' }), await makeKey());
    now += 7 * HOUR;
    const refused = await check();
    expect(refused).toMatchObject({ outcome: 'refused', reason: 'the signature does not match the pack under the trusted key', failures: 1, nextCheckAt: now + 5 * 60_000 });
    expect(refused.inForce?.version).toBe('2026.12.1');
    expect(await activeRecord()).toEqual(record);
    files = 'down';
    now += 5 * 60_000;
    expect(await check()).toMatchObject({ outcome: 'failed', reason: 'the pack address answered HTTP 503', failures: 2, nextCheckAt: now + 10 * 60_000 });
    expect(await activeRecord()).toEqual(record);
    // A good one ends the run of failures.
    await publish(orgPack({ version: '2026.12.2' }));
    now += 10 * 60_000;
    expect(await check()).toMatchObject({ outcome: 'installed', failures: 0 });
    expect((await activeRecord()).version).toBe(`${baseline.version}+org.security-team@2026.12.2`);
  });

  it('never installs an older pack, even one a trusted key signed', async () => {
    await publish(orgPack({ version: '2026.12.5' }));
    await check();
    await publish(orgPack({ version: '2026.12.4' }));
    expect(await check(true)).toMatchObject({ outcome: 'refused', reason: 'version 2026.12.4 is not newer than 2026.12.5, a version already taken' });
    expect((await activeRecord()).version).toBe(`${baseline.version}+org.security-team@2026.12.5`);
  });

  it('still holds back an older pack when one record of the packs taken cannot be read', async () => {
    await publish(orgPack({ version: '2026.12.5' }));
    await check();
    // As an earlier build could leave it: an entry the schema no longer reads beside a good one.
    const area = trustedArea();
    const { [ORG_PACK_FLOOR_KEY]: floor } = await area.get(ORG_PACK_FLOOR_KEY);
    await area.set({ [ORG_PACK_FLOOR_KEY]: [{ id: 'org.other', version: '9'.repeat(1001), published: '2026-11-01', key: 'k' }, ...(floor as unknown[])] });
    await publish(orgPack({ version: '2026.12.4' }));
    expect(await check(true)).toMatchObject({ outcome: 'refused', reason: 'version 2026.12.4 is not newer than 2026.12.5, a version already taken' });
  });

  it('stops using the pack when policy drops its key, at once and without waiting for the interval', async () => {
    await check();
    const other = await makeKey();
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [other.publicKey], updateIntervalHours: 6 });
    now += HOUR;
    const status = await check();
    expect(status).toMatchObject({ outcome: 'refused', reason: 'the signature does not match the pack under the trusted key' });
    expect(status.inForce).toBeUndefined();
    expect(status.notInForce).toBe('the signature does not match the pack under the trusted key');
    expect(await activeRecord()).toMatchObject({ source: 'bundled', version: baseline.version });
    expect(await flaggedProfileLevel()).toBe('none');
  });

  it('never goes back, even after the pack was withdrawn, or to another id published earlier', async () => {
    await publish(orgPack({ version: '2026.12.9' }));
    await check();
    await policy({});
    await check();
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey] });
    await publish(orgPack({ version: '2026.12.2' }));
    expect(await check()).toMatchObject({ outcome: 'refused', reason: 'version 2026.12.2 is not newer than 2026.12.9, a version already taken' });
    // The pack taken last, kept while the address was gone, is the one in force again.
    expect((await readOrgPack())?.version).toBe('2026.12.9');
    expect((await activeRecord()).source).toBe('remote');
    await publish(orgPack({ id: 'org.old-pack', version: '1', published: '2026-11-20' }));
    expect(await check(true)).toMatchObject({ outcome: 'refused', reason: 'it was published on 2026-11-20, before org.security-team 2026.12.9 (2026-11-28), a pack already taken' });
  });

  it('takes the pack in force re-signed with a new key, or moved to a new address, with no new version', async () => {
    await check();
    const next = await makeKey();
    await publish(orgPack(), next);
    // The organisation rotates its key: the old one leaves policy, the same pack is signed anew.
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [next.publicKey] });
    const rotated = await check();
    expect(rotated).toMatchObject({ outcome: 'unchanged', failures: 0 });
    expect(rotated.inForce?.version).toBe('2026.12.1');
    expect((await activeRecord()).source).toBe('remote');
    // And the floor now holds under the new key: an older version it signs is refused.
    await publish(orgPack({ version: '2026.11.1' }), next);
    expect(await check(true)).toMatchObject({ outcome: 'refused', reason: 'version 2026.11.1 is not newer than 2026.12.1, a version already taken' });
  });

  it('holds the floor under the key that signs the pack in force now, when that key signed an earlier version before', async () => {
    const other = await makeKey();
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey, other.publicKey] });
    await publish(orgPack({ version: '2026.11.1', published: '2026-11-01' }), other);
    expect((await check(true)).outcome).toBe('installed');
    const between = orgPack({ version: '2026.11.15', published: '2026-11-15' });
    await publish(orgPack({ version: '2026.12.1', published: '2026-11-20' }));
    expect((await check(true)).outcome).toBe('installed');
    // The first key retires; the pack in force is signed again with the other.
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [other.publicKey] });
    await publish(orgPack({ version: '2026.12.1', published: '2026-11-20' }), other);
    expect((await check(true)).outcome).toBe('unchanged');
    // A version between the two, which that key signed once, replayed: not taken.
    await publish(between, other);
    expect(await check(true)).toMatchObject({ outcome: 'refused', reason: 'version 2026.11.15 is not newer than 2026.12.1, a version already taken' });
    expect((await activeRecord()).version).toContain('2026.12.1');
  });

  it('knows a key by its bytes: tidied in policy, it still holds back what it signed', async () => {
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [` ${key.publicKey}\n`] });
    await publish(orgPack({ version: '2026.12.5' }));
    expect((await check(true)).outcome).toBe('installed');
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey] });
    await publish(orgPack({ version: '2026.12.4' }));
    expect(await check(true)).toMatchObject({ outcome: 'refused', reason: 'version 2026.12.4 is not newer than 2026.12.5, a version already taken' });
    // A floor an earlier build wrote with the spelling policy gave then holds as well.
    const area = trustedArea();
    const { [ORG_PACK_FLOOR_KEY]: floor } = await area.get(ORG_PACK_FLOOR_KEY);
    await area.set({ [ORG_PACK_FLOOR_KEY]: (floor as Array<{ key: string }>).map((entry) => ({ ...entry, key: ` ${entry.key} ` })) });
    expect((await check(true)).outcome).toBe('refused');
  });

  it('checks again when the clock was ahead at the last check and has been set back', async () => {
    now = Date.UTC(2030, 0, 1);
    expect((await check()).outcome).toBe('installed');
    now = Date.UTC(2026, 11, 2, 10);
    requests = [];
    const next = await check();
    expect(next).toMatchObject({ outcome: 'unchanged', checkedAt: now, nextCheckAt: now + 6 * HOUR });
    expect(requests).toHaveLength(2);
    expect(await fakeBrowser.alarms.get(PACK_UPDATE_ALARM)).toMatchObject({ scheduledTime: now + 6 * HOUR });
  });

  it('follows a shorter interval at once', async () => {
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 168 });
    await check();
    requests = [];
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 1 });
    now += 30 * 60_000;
    expect(await check()).toMatchObject({ intervalHours: 1, nextCheckAt: now + 30 * 60_000 });
    expect(requests).toEqual([]);
    expect(await fakeBrowser.alarms.get(PACK_UPDATE_ALARM)).toMatchObject({ scheduledTime: now + 30 * 60_000 });
    now += 31 * 60_000;
    expect((await check()).outcome).toBe('unchanged');
    expect(requests).toHaveLength(2);
  });

  it('keeps an alarm and says what happened when a check stops half-way', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const set = trustedArea().set.bind(trustedArea());
    vi.spyOn(trustedArea(), 'set').mockImplementation(async (items) => {
      if (ORG_PACK_KEY in items) throw new Error('the disk is full');
      return set(items);
    });
    const stopped = await check();
    expect(stopped).toMatchObject({ outcome: 'failed', reason: 'the check stopped: the disk is full', failures: 1, nextCheckAt: now + 5 * 60_000 });
    expect(await fakeBrowser.alarms.get(PACK_UPDATE_ALARM)).toMatchObject({ scheduledTime: now + 5 * 60_000 });
    vi.mocked(trustedArea().set).mockRestore();
    // A rebuild that fails leaves the pack stored for the next one, and the outcome said.
    const installed = await checkPackUpdate({ force: true }, { now: clock, fetch: (input, init) => fetch(input, init), ensure: () => Promise.reject(new Error('no space')) });
    expect(installed.outcome).toBe('installed');
    expect(error).toHaveBeenCalled();
    expect(await fakeBrowser.alarms.get(PACK_UPDATE_ALARM)).toMatchObject({ scheduledTime: now + 6 * HOUR });
    expect((await activeRecord()).source).toBe('bundled');
    await ensureActivePack();
    expect((await activeRecord()).source).toBe('remote');
  });

  it('keeps a pack whose file starts with a byte order mark, which still verifies after a restart', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...packBytes(orgPack())]);
    files = { pack: bytes, sig: await signBytes(key, bytes) };
    expect((await check()).outcome).toBe('installed');
    expect((await readOrgPack())!.text.charCodeAt(0)).toBe(0xfeff);
    // A rebuild from what is stored (as at the next start) verifies it again.
    await fakeBrowser.storage.local.remove(ACTIVE_PACK_KEY);
    await ensureActivePack();
    expect((await activeRecord()).source).toBe('remote');
  });

  it('uses no organisation pack where the browser lets the extension keep no database', async () => {
    await check();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const saved = globalThis.indexedDB;
    // @ts-expect-error: a browser without IndexedDB
    globalThis.indexedDB = undefined;
    try {
      requests = [];
      // What a page could write there: its own policy, naming its own key and address.
      await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey] });
      expect(await check(true)).toMatchObject({ outcome: 'unavailable', reason: ORG_PACKS_UNAVAILABLE });
      expect(requests).toEqual([]);
      await trustedArea().set({ [ORG_PACK_KEY]: (await fakeBrowser.storage.local.get(ORG_PACK_KEY))[ORG_PACK_KEY] ?? { url: `${origin}/pack.json`, text: new TextDecoder().decode(files === 'down' ? new Uint8Array() : files.pack), signature: files === 'down' ? '' : files.sig.trim(), id: 'org.security-team', version: '2026.12.1', fetchedAt: 1 } });
      await ensureActivePack();
      expect((await activeRecord()).source).toBe('bundled');
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('goes back to the baseline alone when policy no longer sets an address, and deletes the pack a week later', async () => {
    await check();
    await policy({});
    const withdrawnAt = now;
    expect(await check()).toEqual({ outcome: 'not-set', failures: 0, withdrawnAt });
    expect(await activeRecord()).toMatchObject({ source: 'bundled', version: baseline.version });
    expect(await flaggedProfileLevel()).toBe('none');
    // Kept, out of force, until a week has passed.
    expect(await readOrgPack()).toBeDefined();
    expect(await fakeBrowser.alarms.get(PACK_UPDATE_ALARM)).toMatchObject({ scheduledTime: withdrawnAt + WITHDRAWN_KEPT_MS });
    now += WITHDRAWN_KEPT_MS - 1;
    expect(await check()).toEqual({ outcome: 'not-set', failures: 0, withdrawnAt });
    expect(await readOrgPack()).toBeDefined();
    now += 1;
    expect(await check()).toEqual({ outcome: 'not-set', failures: 0, withdrawnAt });
    expect(await readOrgPack()).toBeUndefined();
    expect(await fakeBrowser.alarms.get(PACK_UPDATE_ALARM)).toBeUndefined();
    expect(await activeRecord()).toMatchObject({ source: 'bundled', version: baseline.version });
  });

  it('keeps the notes of what the kept pack skips when it comes back into force unchanged', async () => {
    const base = orgPack();
    const entities = [...(base.entities as object[]), { ...(base.entities as Array<Record<string, unknown>>)[0], id: 'org.port', profileUrls: ['https://www.linkedin.com:443/in/orla-packtest-2/'] }];
    await publish({ ...base, entities });
    const installed = await check();
    expect(installed.notes).toEqual([expect.stringContaining('entity org.port')]);
    await policy({});
    await check();
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 6 });
    expect(await check()).toMatchObject({ outcome: 'unchanged', notes: installed.notes, inForce: { version: '2026.12.1' } });
  });

  it('puts the kept pack back in force when the address comes back while its host is down', async () => {
    expect(await check()).toMatchObject({ outcome: 'installed' });
    // A policy read that found nothing for a while, then policy as it was, with the host down.
    await policy({});
    await check();
    expect(await flaggedProfileLevel()).toBe('none');
    files = 'down';
    now += 2 * HOUR;
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 6 });
    const back = await check();
    expect(back).toMatchObject({ outcome: 'failed', inForce: { version: '2026.12.1' } });
    expect(await flaggedProfileLevel()).not.toBe('none');
  });

  it('takes the same file again when the address comes back, but no other file of that version', async () => {
    expect(await check()).toMatchObject({ outcome: 'installed' });
    // The address gone for a while (a policy read that found nothing), then back as it was.
    await policy({});
    expect(await check()).toMatchObject({ outcome: 'not-set' });
    expect(await flaggedProfileLevel()).toBe('none');
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 6 });
    // The floor keeps the shape an earlier build reads strictly; the digests are kept beside it.
    const stored = await trustedArea().get([ORG_PACK_FLOOR_KEY, ORG_PACK_DIGESTS_KEY]);
    expect(z.array(z.strictObject({ id: z.string(), version: z.string(), published: z.string(), key: z.string() })).safeParse(stored[ORG_PACK_FLOOR_KEY]).success).toBe(true);
    expect(stored[ORG_PACK_DIGESTS_KEY]).toEqual([{ id: 'org.security-team', version: '2026.12.1', digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    // Within the week the file was kept: the same file is the pack in force already.
    const back = await check();
    expect(back).toMatchObject({ outcome: 'unchanged', failures: 0 });
    expect(back.inForce?.version).toBe('2026.12.1');
    expect(await flaggedProfileLevel()).not.toBe('none');
    // Gone for longer than that, the file was deleted: the digest lets the same file in again.
    await policy({});
    await check();
    now += WITHDRAWN_KEPT_MS;
    await check();
    expect(await readOrgPack()).toBeUndefined();
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 6 });
    const again = await check();
    expect(again).toMatchObject({ outcome: 'installed', failures: 0 });
    expect(again.inForce?.version).toBe('2026.12.1');
    expect(await flaggedProfileLevel()).not.toBe('none');
    // A different file under the version taken is still refused, withdrawn or not.
    await policy({});
    await check();
    await policy({ packUrl: `${origin}/pack.json`, trustedKeys: [key.publicKey], updateIntervalHours: 6 });
    await publish(orgPack({ name: 'Security team rules, edited' }));
    expect(await check()).toMatchObject({ outcome: 'refused', reason: 'version 2026.12.1 is not newer than 2026.12.1, a version already taken' });
    // The file taken before stays in force; the edited one is not taken.
    expect((await readOrgPack())?.text).not.toContain('edited');
    expect((await activeRecord()).source).toBe('remote');
  });

  it('does not layer a stored pack that was changed after it was verified', async () => {
    await check();
    const stored = (await readOrgPack())!;
    // Weights raised to 100 where the stored copy is kept: the signature no longer matches.
    const text = stored.text.replace('"weight": 30', '"weight": 100');
    expect(text).not.toBe(stored.text);
    await trustedArea().set({ [ORG_PACK_KEY]: { ...stored, text } });
    expect(await ensureActivePack()).toMatchObject({ written: true, version: baseline.version });
    expect((await activeRecord()).source).toBe('bundled');
  });
});
