import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import baseline from '../../../rules/baseline.pack.json';
import { ACTIVE_PACK_KEY } from '../../../src/messaging/protocol';
import { readActivePack } from '../../../src/popup/active-pack';
import { selectFlagged, toApproach } from '../../../src/popup/approaches';
import { composeReport } from '../../../src/report/compose';
import { flaggedMessages, flaggedSummary, lowSummary } from './fixtures';

describe('readActivePack', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('falls back to the bundled baseline, with its rule texts, when no pack is stored', async () => {
    const info = await readActivePack();
    expect(info).toMatchObject({ id: baseline.id, version: baseline.version, source: 'bundled' });
    expect(info.installedAt).toBeUndefined();
    expect(info.problem).toBeUndefined();
    expect(info.texts.rules.get('channels.messaging-app')?.advice).toMatch(/Keep the conversation on LinkedIn/);
    expect(info.texts.indicators.off_platform_move?.title).toBe('Move to another channel');
  });

  it('reads a stored update with its installation time and the organisation\u2019s own rules', async () => {
    const pack = {
      ...baseline,
      id: 'psd-pack',
      version: '2026.11.23+psd@3',
      rules: [...baseline.rules, { ...baseline.rules[0], id: 'psd.own-rule', description: 'Our own rule.', advice: 'Call us.' }],
    };
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: { pack, installedAt: 1_700_000_000_000, source: 'remote' } });
    const info = await readActivePack();
    expect(info).toMatchObject({ id: 'psd-pack', version: '2026.11.23+psd@3', source: 'remote', installedAt: 1_700_000_000_000 });
    expect(info.texts.rules.get('psd.own-rule')).toMatchObject({ description: 'Our own rule.', advice: 'Call us.' });
  });

  it('shows the bundled pack and says why when what is stored cannot be read', async () => {
    await fakeBrowser.storage.local.set({ [ACTIVE_PACK_KEY]: { pack: { version: 3 }, installedAt: 'yesterday', source: 'remote' } });
    const info = await readActivePack();
    expect(info.source).toBe('bundled');
    expect(info.problem).toBeTruthy();
  });
});

describe('approaches in the popup', () => {
  it('keeps message indices of the thread, so only the sender\u2019s messages can be excerpted', () => {
    const approach = toApproach(flaggedSummary(), flaggedMessages());
    expect(approach.messages).toHaveLength(3);
    expect(approach.messages[1]).toEqual({ text: '', fromSelf: true });
    expect(approach.messages[2]?.text).toBe('We can talk on WhatsApp instead.');
    expect(() =>
      composeReport({ approach, verdict: { ...flaggedSummary().verdict }, extensionVersion: '0.1.0', excerptMessages: [1] }),
    ).toThrow(/your own/);
  });

  it('shows approaches at or above the threshold, highest score first', () => {
    const both = [lowSummary(), flaggedSummary()];
    expect(selectFlagged(both, 'medium', []).shown.map((a) => a.approachId)).toEqual(['urn:li:msg_conversation:2-abc']);
    expect(selectFlagged(both, 'low', []).shown.map((a) => a.verdict.level)).toEqual(['high', 'low']);
    expect(selectFlagged(both, 'high', []).shown).toHaveLength(1);
  });
});
