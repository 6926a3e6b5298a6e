// The organisation's signed pack in Debian Chromium: policy (from Chromium's policy directory)
// names an address on a real HTTP server on 127.0.0.1 and a trusted key; the extension's worker
// fetches the pack and its signature there, with the server's own CORS answer, verifies and
// layers it, and LinkedIn tabs then warn about the profile it flags. A pack signed by another
// key is refused from the options page's "Check now", and the pack in force stays.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import baseline from '../../rules/baseline.pack.json';
import { REPORT_TEXT, S } from '../../src/ui/strings';
import { ORIGIN, PROFILE_PATHS, threadUrl } from '../fixtures/demo/pages';
import { CONVERSATIONS } from '../fixtures/demo/people';
import { makeKey, orgPack, packBytes, signBytes, type TestKey } from '../unit/pack/signed-pack';
import { ROOT, badgeText, launch, openOptions, openPopup, readTrusted, readWarnings, unpackedExtensionId, waitFor, waitForPack, waitForReport, type Session, type WorkerChrome } from './harness';
import { PolicyFile, policyUnavailable } from './policy-file';
import { axeViolations } from './axe';

declare const chrome: WorkerChrome;

const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');

const PRIYA = CONVERSATIONS[1];

/** The demo's ordinary profile: no warning with the built-in pack alone. */
const PROFILE_URL = ORIGIN + PROFILE_PATHS[1];

interface Served {
  path: string;
  headers: IncomingHttpHeaders;
}

const noPolicy = policyUnavailable();
if (noPolicy) console.warn(`Skipping the organisation pack browser tests: ${noPolicy}.`);

describe.skipIf(noPolicy !== undefined)('the organisation’s signed pack in Chromium', () => {
  const policy = new PolicyFile(unpackedExtensionId());
  let server: Server;
  let packUrl: string;
  let files: { pack: Uint8Array; sig: string };
  const served: Served[] = [];
  let key: TestKey;
  let session: Session | undefined;
  let profileDir: string;

  async function publish(pack: unknown, signWith: TestKey = key) {
    const bytes = packBytes(pack);
    files = { pack: bytes, sig: await signBytes(signWith, bytes) };
  }

  beforeAll(async () => {
    key = await makeKey();
    server = createServer((request, response) => {
      served.push({ path: request.url ?? '', headers: request.headers });
      // What a pack host must send: the extension reads the files from its own origin.
      const cors = { 'Access-Control-Allow-Origin': '*' };
      const file = request.url === '/team/pack.json' ? Buffer.from(files.pack) : request.url === '/team/pack.json.sig' ? Buffer.from(files.sig) : undefined;
      if (!file) return void response.writeHead(404, cors).end();
      // A validator, so the browser can ask whether the file changed instead of fetching it again.
      const etag = `"${createHash('sha256').update(file).digest('hex').slice(0, 16)}"`;
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { ...cors, ETag: etag }).end();
      response.writeHead(200, { ...cors, ETag: etag, 'Content-Type': 'application/octet-stream' }).end(file);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    packUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/team/pack.json`;
    // The organisation flags the demo's ordinary profile.
    await publish(orgPack({ entities: [{ ...(orgPack().entities as object[])[0], profileUrls: [PROFILE_URL] }] }));
    policy.write({ packUrl, trustedKeys: [key.publicKey], updateIntervalHours: 1 });
    profileDir = mkdtempSync(join(tmpdir(), 'approach-guard-org-pack-'));
    session = await launch({ profileDir, routing: 'pages' });
    await waitForPack(session);
  });

  afterAll(async () => {
    await session?.close();
    policy.remove();
    server?.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  const status = async () => (await readTrusted(session!, ['packUpdate'])).packUpdate as { outcome: string; reason?: string; checkedAt?: number; inForce?: { version: string } } | undefined;
  const activeVersion = () => session!.worker.evaluate(async () => ((await chrome.storage.local.get('activePack')).activePack as { version?: string } | undefined)?.version);

  async function openProfile(): Promise<Page> {
    const page = await session!.newPage();
    await page.goto(PROFILE_URL);
    await waitForReport(session!, page);
    return page;
  }

  it('fetches the pack and its signature after the policy read, without cookies, and layers it over the baseline', async () => {
    const installed = await waitFor(status, (s) => s?.outcome === 'installed', 20_000, 'the organisation pack to be installed');
    expect(installed?.inForce?.version).toBe('2026.12.1');
    expect(await activeVersion()).toBe(`${baseline.version}+org.security-team@2026.12.1`);
    const requests = served.filter((s) => s.path.startsWith('/team/'));
    expect(requests.map((r) => r.path).sort()).toEqual(['/team/pack.json', '/team/pack.json.sig']);
    for (const { headers } of requests) {
      expect(headers.origin).toBe(`chrome-extension://${session!.extensionId}`);
      expect(headers.cookie).toBeUndefined();
      expect(headers.referer).toBeUndefined();
    }
    // An alarm holds the next check, an hour on.
    const alarm = await session!.worker.evaluate(() => chrome.alarms.get('pack-update'));
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('warns on the profile the organisation flags, which the built-in pack alone does not', async () => {
    const page = await openProfile();
    const warnings = await waitFor(() => readWarnings(page), (w) => w.length > 0, 10_000, 'a warning on the flagged profile');
    expect(warnings[0]!.level).toBe('high');
    await page.close();
  });

  it('asks the host whether the pack changed (a conditional GET), and leaves an unchanged pack as it is', async () => {
    const before = (await status())!.checkedAt!;
    const options = await openOptions(session!);
    const from = served.length;
    await options.getByRole('button', { name: S.packCheckNow }).click();
    const checked = await waitFor(status, (s) => (s?.checkedAt ?? 0) > before, 20_000, 'the check to be made');
    expect(checked?.outcome).toBe('unchanged');
    const asked = served.slice(from).filter((s) => s.path === '/team/pack.json');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
    expect(await activeVersion()).toBe(`${baseline.version}+org.security-team@2026.12.1`);
    await options.close();
  });

  it('refuses a newer pack signed by another key from "Check now", says why, and keeps the pack in force', async () => {
    await publish(orgPack({ version: '2026.12.2', entities: [] }), await makeKey());
    const before = (await status())!.checkedAt!;
    const options = await openOptions(session!);
    await options.getByRole('button', { name: S.packCheckNow }).click();
    const refused = await waitFor(status, (s) => (s?.checkedAt ?? 0) > before, 20_000, 'the check to be made');
    expect(refused).toMatchObject({ outcome: 'refused', reason: 'the signature does not match the pack under the trusted key' });
    await waitFor(
      async () => (await options.locator('section', { has: options.getByRole('heading', { name: S.packsSection }) }).textContent()) ?? '',
      (text) => text.includes(S.packOutcome.refused(refused!.reason!)),
      10_000,
      'the options page to say why',
    );
    expect(await activeVersion()).toBe(`${baseline.version}+org.security-team@2026.12.1`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await options.screenshot({ path: join(ARTIFACTS, 'options-org-pack-refused.png'), fullPage: true });
    const page = await openProfile();
    expect((await waitFor(() => readWarnings(page), (w) => w.length > 0, 10_000, 'the warning to stay'))[0]!.level).toBe('high');
    await page.close();

    // The same pack, signed with the trusted key, is taken, and the profile it no longer lists is ordinary again.
    await publish(orgPack({ version: '2026.12.2', entities: [] }));
    await options.getByRole('button', { name: S.packCheckNow }).click();
    await waitFor(status, (s) => s?.outcome === 'installed' && s.inForce?.version === '2026.12.2', 20_000, 'the new pack to be installed');
    expect(await activeVersion()).toBe(`${baseline.version}+org.security-team@2026.12.2`);
    const after = await openProfile();
    expect(await readWarnings(after)).toEqual([]);
    await after.close();
    await options.close();
  });

  it('tells the user, in the popup and with "!" on the toolbar, of someone who wrote before and whom a newer pack flags', async () => {
    // Priya wrote before; nothing flagged her then (an inbox of ordinary conversations only).
    session!.site.inbox = 'ordinary';
    const thread = await session!.newPage();
    await thread.goto(threadUrl(PRIYA!.key));
    await waitForReport(session!, thread);
    const seen = await waitFor(
      async () => ((await readTrusted(session!, ['seenSenders'])).seenSenders as Array<{ name?: string; profileUrl: string; highestLevel: string }> | undefined) ?? [],
      (list) => list.some((s) => s.name === PRIYA!.name),
      10_000,
      'Priya among the senders read',
    );
    const priya = seen.find((s) => s.name === PRIYA!.name)!;
    expect(priya.highestLevel).toBe('none');
    expect(await readWarnings(thread)).toEqual([]);
    // A LinkedIn tab with nothing of its own, and the toolbar, show no badge.
    const calm = await openProfile();
    expect(await badgeText(session!, calm)).toBe('');

    await publish(orgPack({ version: '2026.12.3', entities: [{ ...(orgPack().entities as object[])[0], profileUrls: [priya.profileUrl] }] }));
    const options = await openOptions(session!);
    await options.getByRole('button', { name: S.packCheckNow }).click();
    await waitFor(status, (s) => s?.outcome === 'installed' && s.inForce?.version === '2026.12.3', 20_000, 'the newer pack to be installed');
    await options.close();

    const toolbar = () => session!.worker.evaluate(() => chrome.action.getBadgeText({}));
    await waitFor(toolbar, (text) => text === '!', 10_000, 'the toolbar to show "!"');
    expect(await badgeText(session!, calm)).toBe('!');
    // Her open thread is read with the new pack and warns on its own.
    expect((await waitFor(() => readWarnings(thread), (w) => w.length > 0, 10_000, 'a warning on her thread'))[0]!.level).toBe('high');

    const popup = await openPopup(session!, calm);
    const notice = popup.locator('section.ag-surfaced');
    await notice.waitFor();
    expect(await notice.getByRole('heading').textContent()).toBe(S.surfacedHeading(1));
    const link = notice.getByRole('link', { name: new RegExp(PRIYA!.name) });
    expect(await link.getAttribute('href')).toBe(priya.profileUrl);
    expect(await notice.textContent()).toContain(S.surfacedIntro('Security team rules 2026.12.3', 1, true));
    mkdirSync(ARTIFACTS, { recursive: true });
    await popup.screenshot({ path: join(ARTIFACTS, 'popup-surfaced-360.png'), fullPage: true });
    // She can be reported from here, without opening her profile (LinkedIn may tell her who looked).
    await notice.getByRole('button', { name: `${S.reportToTeam}: ${PRIYA!.name}` }).click();
    const preview = popup.locator('[data-testid="report-preview"]');
    await preview.waitFor();
    // No security team is set here: the report is the text to copy, naming her and her profile.
    const report = (await preview.textContent())!;
    expect(report).toContain(PRIYA!.name);
    expect(report).toContain(priya.profileUrl);
    expect(report).toContain('known_flagged_entity');
    // Where she wrote from, as the list of senders read kept it: her conversation.
    expect(report).toContain(`${REPORT_TEXT.seenIn}: ${REPORT_TEXT.surfaces.message}`);
    // Every axe rule, every impact, with the notice and its report panel on the page.
    expect(await axeViolations(popup)).toEqual([]);

    await notice.getByRole('button', { name: S.surfacedSeen }).click();
    await popup.getByText(S.surfacedDismissed).waitFor();
    // The notice goes when the popup hears of the change in storage.
    await notice.waitFor({ state: 'detached' });
    await waitFor(toolbar, (text) => text === '', 10_000, 'the "!" to go');
    expect(await badgeText(session!, calm)).toBe('');
    expect(await badgeText(session!, thread)).toBe('H');
    await popup.close();
    await calm.close();
    await thread.close();
    session!.site.inbox = 'all';
  });
});
