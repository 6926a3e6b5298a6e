import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startContentScript } from '../../../src/content/start';
import { HOST_TAG } from '../../../src/content/warning/host';
import { ACTIVE_PACK_KEY, CONTENT_SETTINGS_KEY } from '../../../src/messaging/protocol';
import { loadFixture } from './fixtures';
import { activePackRecord, FakeLifetime } from './helpers';
import { activePackRecord as recordFor } from '../../../src/background/pack-store';
import { loadPack } from '../../../src/pack/load';
import baseline from '../../../rules/baseline.pack.json';

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
    expect(doc.querySelector(HOST_TAG)).toBeNull();
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: record });
    const controller = await started;
    lifetime.advance();
    expect(controller).toBeDefined();
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(1);
  });

  it('follows settings changes and new packs, and stops listening once invalidated', async () => {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: record });
    const { document: doc } = loadFixture('invitations-risky-note.html');
    const lifetime = new FakeLifetime();
    const controller = (await startContentScript(lifetime, { doc }))!;
    lifetime.advance();
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(1);

    await fakeBrowser.storage.local.set({ [CONTENT_SETTINGS_KEY]: { threshold: 'medium', discreetMode: true, notSuspicious: [] } });
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(0);
    await fakeBrowser.storage.local.set({ [CONTENT_SETTINGS_KEY]: { threshold: 'medium', discreetMode: false, notSuspicious: [] } });
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(1);

    const calls = controller.scoreCalls;
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: recordFor({ ...loadPack(baseline).pack, version: '2099.1' }, 'remote', 1) });
    lifetime.advance();
    expect(controller.scoreCalls).toBeGreaterThan(calls);
    expect(controller.tracked[0]?.verdict.packVersion).toBe('2099.1');

    const remove = vi.spyOn(fakeBrowser.storage.onChanged, 'removeListener');
    lifetime.invalidate();
    expect(remove).toHaveBeenCalled();
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(0);
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
    expect(received).toEqual([
      expect.objectContaining({ type: 'content→background:verdicts', pageUrl: 'https://www.linkedin.com/mynetwork/invitation-manager/received/' }),
    ]);
  });
});
