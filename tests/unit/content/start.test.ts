import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startContentScript } from '../../../src/content/start';
import { HOST_SELECTOR } from '../../../src/content/warning/host';
import { ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY, SENDER_MESSAGES_TYPE, senderMessagesReply } from '../../../src/messaging/protocol';
import { loadFixture } from './fixtures';
import { activePackRecord, FakeLifetime } from './helpers';
import { activePackRecord as recordFor } from '../../../src/background/pack-store';
import { loadPack } from '../../../src/pack/load';
import baseline from '../../../rules/baseline.pack.json';
import { LINKEDIN_TARGETS } from '../../../src/sites/linkedin';

const record = activePackRecord();
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('starting on a LinkedIn page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // The background is not running in these tests; nothing answers the verdicts.
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
  });

  it('waits for the pack when the background has not written it yet', async () => {
    const { document: doc } = loadFixture('invitations-risky-note.html');
    const lifetime = new FakeLifetime();
    const started = startContentScript(lifetime, { doc });
    await tick();
    expect(doc.querySelector(HOST_SELECTOR)).toBeNull();
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: record });
    const controller = await started;
    lifetime.advance();
    expect(controller).toBeDefined();
    expect(doc.querySelectorAll(HOST_SELECTOR)).toHaveLength(1);
  });

  it('uses a new pack that arrives while it is still reading the stored one', async () => {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: record });
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    let answer!: () => void;
    // The read is answered with what was stored before the new pack was written.
    vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation((async (keys: never) => {
      const before = await get(keys);
      await new Promise<void>((resolve) => (answer = resolve));
      return before;
    }) as never);
    const { document: doc } = loadFixture('invitations-risky-note.html');
    const lifetime = new FakeLifetime();
    const started = startContentScript(lifetime, { doc });
    await tick();
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: recordFor({ ...loadPack(baseline).pack, version: '2099.1' }, 'remote', 1) });
    answer();
    const controller = (await started)!;
    lifetime.advance();
    expect(controller.tracked[0]?.verdict.packVersion).toBe('2099.1');
    vi.restoreAllMocks();
  });

  it('follows settings changes and new packs, and stops listening once invalidated', async () => {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: record });
    const { document: doc } = loadFixture('invitations-risky-note.html');
    const lifetime = new FakeLifetime();
    const controller = (await startContentScript(lifetime, { doc }))!;
    lifetime.advance();
    expect(doc.querySelectorAll(HOST_SELECTOR)).toHaveLength(1);

    await fakeBrowser.storage.local.set({ [CONTENT_SETTINGS_KEY]: { threshold: 'medium', discreetMode: true, notSuspicious: [] } });
    expect(doc.querySelectorAll(HOST_SELECTOR)).toHaveLength(0);
    await fakeBrowser.storage.local.set({ [CONTENT_SETTINGS_KEY]: { threshold: 'medium', discreetMode: false, notSuspicious: [] } });
    expect(doc.querySelectorAll(HOST_SELECTOR)).toHaveLength(1);

    const calls = controller.scoreCalls;
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: recordFor({ ...loadPack(baseline).pack, version: '2099.1' }, 'remote', 1) });
    lifetime.advance();
    expect(controller.scoreCalls).toBeGreaterThan(calls);
    expect(controller.tracked[0]?.verdict.packVersion).toBe('2099.1');

    const remove = vi.spyOn(fakeBrowser.storage.onChanged, 'removeListener');
    lifetime.invalidate();
    expect(remove).toHaveBeenCalled();
    expect(doc.querySelectorAll(HOST_SELECTOR)).toHaveLength(0);
  });

  it('sends its verdicts to the background', async () => {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: record });
    const received: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message) => void received.push(message));
    const { document: doc } = loadFixture('invitations-risky-note.html');
    const lifetime = new FakeLifetime();
    await startContentScript(lifetime, { doc });
    lifetime.advance();
    await tick();
    // One message, or two when a slow machine split the first scoring into two tasks.
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(2);
    for (const message of received) {
      expect(message).toEqual(
        expect.objectContaining({ type: 'content→background:verdicts', pageUrl: 'https://www.linkedin.com/mynetwork/invitation-manager/received/' }),
      );
    }
  });

  it('answers the popup with the sender’s messages of an approach on the page, and nothing once invalidated', async () => {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: record });
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    const remove = vi.spyOn(fakeBrowser.runtime.onMessage, 'removeListener');
    const { document: doc } = loadFixture('invitations-risky-note.html');
    const lifetime = new FakeLifetime();
    const controller = (await startContentScript(lifetime, { doc }))!;
    lifetime.advance();
    const listener = add.mock.calls.at(-1)![0] as (message: unknown, sender: unknown, respond: (reply: unknown) => void) => unknown;
    const ask = (message: unknown) => {
      const replies: unknown[] = [];
      listener(message, {}, (reply) => replies.push(reply));
      return replies;
    };
    const [invitation] = controller.tracked;
    expect(invitation?.verdict.level).not.toBe('none');
    const id = invitation!.extracted.approach.id;

    const [reply] = ask({ type: SENDER_MESSAGES_TYPE, approachId: id });
    expect(senderMessagesReply.parse(reply)?.map((m) => m.text)).toEqual([invitation!.extracted.approach.messages[0]!.text]);
    expect(ask({ type: SENDER_MESSAGES_TYPE, approachId: 'linkedin:invitation:gone' })).toEqual([null]);
    expect(ask({ type: SENDER_MESSAGES_TYPE, approachId: 42 })).toEqual([null]);
    // Other messages are left to their own listeners.
    expect(ask({ type: 'content→background:verdicts', approachId: id })).toEqual([]);
    expect(ask(undefined)).toEqual([]);

    lifetime.invalidate();
    expect(remove).toHaveBeenCalledWith(listener);
    // A copy the browser has not yet let go of gives nothing: its controller stopped with it.
    expect(ask({ type: SENDER_MESSAGES_TYPE, approachId: id })).toEqual([null]);
    vi.restoreAllMocks();
  });
});

describe('selectors from the rule pack', () => {
  const packWith = (selectors: Record<string, string[]>, version = '2099.1') =>
    recordFor({ ...loadPack(baseline).pack, version, selectors }, 'remote', 1);
  const builtIn = loadPack(baseline).pack.selectors as Record<string, string[]>;

  /** The risky InMail after a redesign renamed its thread pane: the built-in selectors miss it. */
  function redesignedInMail(): Document {
    const { document: doc } = loadFixture('messaging-inmail-harmful.html');
    const pane = doc.querySelector('.msg-thread')!;
    pane.className = 'msg-conversation-pane-2026';
    pane.removeAttribute('id');
    return doc;
  }

  async function start(doc: Document, stored: unknown) {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: stored });
    const lifetime = new FakeLifetime();
    vi.spyOn(performance, 'now').mockImplementation(() => lifetime.clock);
    const controller = (await startContentScript(lifetime, { doc }))!;
    lifetime.advance();
    return { lifetime, controller };
  }

  beforeEach(() => {
    fakeBrowser.reset();
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
  });

  it('reads a redesigned page with the pack’s own selector, tried before the built-in ones', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const without = await start(redesignedInMail(), record);
    expect(without.controller.tracked.some((t) => t.extracted.approach.surface === 'inmail')).toBe(false);
    warn.mockClear();

    const doc = redesignedInMail();
    const { controller } = await start(doc, packWith({ ...builtIn, thread: ['.msg-conversation-pane-2026'] }));
    const inMail = controller.tracked.find((t) => t.extracted.approach.surface === 'inmail');
    expect(inMail?.verdict.level).toBe('high');
    expect([...doc.querySelectorAll(HOST_SELECTOR)].map((h) => h.getAttribute('data-approach-guard-level'))).toContain('high');
    expect(warn).not.toHaveBeenCalled();
  });

  it('reads a target the pack lacks with the built-in selectors', async () => {
    const { thread: _thread, messageBody: _body, ...lacking } = builtIn;
    const stored = packWith(lacking);
    expect(stored.pack.selectors?.thread).toBeUndefined();
    const doc = loadFixture('messaging-inmail-harmful.html').document;
    const { controller } = await start(doc, stored);
    const inMail = controller.tracked.find((t) => t.extracted.approach.surface === 'inmail');
    expect(inMail?.verdict.level).toBe('high');
    expect(inMail?.extracted.approach.messages[0]?.text).toContain('USDT');
  });

  it('says once which pack selectors it did not use, naming the target and the reason', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const doc = loadFixture('invitations-risky-note.html').document;
    const stored = packWith({ ...builtIn, invitationCards: ['li.card'] });
    const { lifetime } = await start(doc, stored);
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toMatch(/^Approach Guard: rule pack 2099\.1: selectors not used: /);
    expect(JSON.parse(message.slice(message.indexOf('['))) as unknown).toEqual([
      { target: 'invitationCards', selector: '["li.card"]', reason: 'unknown selector target' },
    ]);
    // The same pack again (another copy stored) is not logged twice on this page.
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: { ...stored, installedAt: 2 } });
    lifetime.advance(5000);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('says once per surface, with its id and no page text, when a page’s selectors stop matching', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const doc = redesignedInMail();
    // No options: what the extension's entry point runs, in production builds too.
    const { lifetime } = await start(doc, record);
    expect(warn).not.toHaveBeenCalled();
    lifetime.advance(3000);
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toMatch(/^Approach Guard \[linkedin-messaging\]: selectors matched nothing: .*\bthread\b/);
    // Besides its own words, the message names only target ids: nothing read from the page.
    for (const word of message.split(/[^\w-]+/).filter((w) => w.length > 3)) {
      if (['Approach', 'Guard', 'linkedin-messaging', 'selectors', 'matched', 'nothing'].includes(word)) continue;
      expect(LINKEDIN_TARGETS as readonly string[]).toContain(word);
    }

    doc.body.append(doc.createElement('div'));
    await tick();
    lifetime.advance(10_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(info).not.toHaveBeenCalled();
  });
});
