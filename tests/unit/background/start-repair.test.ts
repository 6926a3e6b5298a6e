// The background's repair of the stored pack, in a file of its own: other tests' starts leave
// listeners and retry timers in the module they share, whose rebuilds would be counted here.
import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import baseline from '../../../rules/baseline.pack.json';
import { startBackground } from '../../../src/background/start';
import { ACTIVE_PACK_KEY } from '../../../src/messaging/protocol';
import { trustedArea } from '../../../src/settings/trusted-area';
import { settle, until } from './waiting';
import { fakeOnReplaced } from './tab-events';

/** No wait for runtime.onInstalled: this start is neither an install nor an update. */
const FAST = { installWaitMs: 0 };


beforeEach(() => {
  fakeBrowser.reset();
  fakeOnReplaced();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

  it('repairs a pack that a page rewrites in a loop one check at a time, not once a write', { timeout: 20_000 }, async () => {
    startBackground(FAST);
    const installed = await until(() => fakeBrowser.storage.local.get(ACTIVE_PACK_KEY), (s) => s[ACTIVE_PACK_KEY] !== undefined);
    // The start's work, to its last step (the organisation pack check after the policy read), is
    // over before the page's writes begin: only the repairs they ask for are counted.
    await until(() => trustedArea().get('packUpdate'), (s) => s.packUpdate !== undefined);
    await settle();
    const record = installed[ACTIVE_PACK_KEY] as { pack: { rules: Array<{ weight: number }> } };
    const silenced = { ...record, pack: { ...record.pack, rules: record.pack.rules.map((rule) => ({ ...rule, weight: 0 })) } };
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const checks = vi.spyOn(fakeBrowser.storage.local, 'get');
    for (let i = 0; i < 50; i++) await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: silenced });
    const forged = set.mock.calls.length;
    // Watched with reads of everything, which the count below leaves out: only the background
    // reads the pack by its key.
    const repaired = (all: Record<string, unknown>) => (all[ACTIVE_PACK_KEY] as typeof record).pack.rules.every((rule) => rule.weight !== 0);
    for (let waited = 0; !repaired(await fakeBrowser.storage.local.get(null)); waited += 20) {
      if (waited > 10_000) throw new Error('the pack was never repaired');
      await settle();
    }
    // Then the check its own write asked for, a second later.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const packReads = checks.mock.calls.filter(([keys]) => keys === ACTIVE_PACK_KEY).length;
    expect(set.mock.calls.length - forged).toBeLessThanOrEqual(2);
    expect(packReads).toBeLessThan(10);
    const restored = (await fakeBrowser.storage.local.get(ACTIVE_PACK_KEY))[ACTIVE_PACK_KEY] as typeof record & { version: string };
    expect(restored.pack.rules.every((rule) => rule.weight !== 0)).toBe(true);
    expect(restored.version).toBe(baseline.version);
  });
