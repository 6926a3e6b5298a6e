import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshPolicy } from '../../../src/policy/read';
import { effectiveValues, loadEffectiveSettings, resolveEffectiveSettings } from '../../../src/settings/effective';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema';
import { SETTINGS_STORAGE_KEY } from '../../../src/settings/store';
import { trustedArea } from '../../../src/settings/trusted-area';

describe('resolveEffectiveSettings', () => {
  it('takes policy over the user over the default, and marks policy keys as locked', () => {
    const effective = resolveEffectiveSettings(
      {
        settings: { ...DEFAULT_SETTINGS, threshold: 'low', reportEmail: 'me@example.org' },
        userKeys: ['threshold', 'reportEmail'],
      },
      { threshold: 'high', packUrl: 'https://packs.example/p.json' },
    );
    expect(effective.threshold).toEqual({ value: 'high', source: 'policy', lockedBy: 'policy' });
    expect(effective.reportEmail).toEqual({ value: 'me@example.org', source: 'user' });
    expect(effective.discreetMode).toEqual({ value: false, source: 'default' });
    expect(effective).not.toHaveProperty('packUrl');
    expect(effectiveValues(effective)).toEqual({ ...DEFAULT_SETTINGS, threshold: 'high', reportEmail: 'me@example.org' });
  });

  it('locks a boolean set to false by policy', () => {
    const effective = resolveEffectiveSettings({ settings: { ...DEFAULT_SETTINGS, discreetMode: true }, userKeys: ['discreetMode'] }, { discreetMode: false });
    expect(effective.discreetMode).toEqual({ value: false, source: 'policy', lockedBy: 'policy' });
  });
});

describe('loadEffectiveSettings', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('combines stored settings with the persisted policy and passes on every issue', async () => {
    await trustedArea().set({
      [SETTINGS_STORAGE_KEY]: { securityTeamName: 'My team', discreetMode: true, threshold: 7 },
    });
    await refreshPolicy({
      managed: { get: async () => ({ securityTeamName: 'Parliamentary Security Department', webhookUrl: 'nope' }) },
    });

    const load = await loadEffectiveSettings();
    expect(load.effective.securityTeamName).toEqual({
      value: 'Parliamentary Security Department',
      source: 'policy',
      lockedBy: 'policy',
    });
    expect(load.effective.discreetMode).toEqual({ value: true, source: 'user' });
    expect(load.effective.webhookUrl).toEqual({ value: null, source: 'default' });
    expect(load.issues).toEqual([expect.objectContaining({ area: 'settings', key: 'threshold', value: 7 })]);
    expect(load.policyIssues).toEqual([expect.objectContaining({ key: 'webhookUrl', value: 'nope', keptPrevious: false })]);
  });
});
