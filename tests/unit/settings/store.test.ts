import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { normaliseProfileUrl } from '../../../src/settings/profile-url';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema';
import {
  NOT_SUSPICIOUS_MAX_ENTRIES,
  NOT_SUSPICIOUS_STORAGE_KEY,
  NotSuspiciousListFullError,
  SETTINGS_STORAGE_KEY,
  SettingsValidationError,
  isNotSuspicious,
  markNotSuspicious,
  readNotSuspicious,
  readSettings,
  unmarkNotSuspicious,
  updateSettings,
} from '../../../src/settings/store';
import { trustedArea } from '../../../src/settings/trusted-area';

const stored = async (key: string) => (await trustedArea().get(key))[key];

describe('settings store', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('starts from the defaults: medium threshold, discreet mode off, no channels', async () => {
    const read = await readSettings();
    expect(read).toEqual({ settings: DEFAULT_SETTINGS, userKeys: [], issues: [] });
    expect(read.settings.threshold).toBe('medium');
  });

  it('falls back to the default for each bad stored key, reports it, and keeps the good keys', async () => {
    await trustedArea().set({
      [SETTINGS_STORAGE_KEY]: {
        securityTeamName: 'Parliamentary Security Department',
        threshold: 'extreme',
        webhookUrl: 'http://soc.example.org/hook',
        discreetMode: true,
        reportEmail: 42,
      },
    });
    const read = await readSettings();
    expect(read.settings).toEqual({
      ...DEFAULT_SETTINGS,
      securityTeamName: 'Parliamentary Security Department',
      discreetMode: true,
    });
    expect(read.userKeys.sort()).toEqual(['discreetMode', 'securityTeamName']);
    expect(read.issues.map((issue) => [issue.key, issue.value])).toEqual([
      ['webhookUrl', 'http://soc.example.org/hook'],
      ['reportEmail', 42],
      ['threshold', 'extreme'],
    ]);
    expect(read.issues.find((issue) => issue.key === 'webhookUrl')?.reason).toMatch(/https/);
  });

  it('survives stored settings that are not an object at all', async () => {
    await trustedArea().set({ [SETTINGS_STORAGE_KEY]: 'corrupt' });
    const read = await readSettings();
    expect(read.settings).toEqual(DEFAULT_SETTINGS);
    expect(read.issues).toEqual([
      expect.objectContaining({ area: 'settings', key: SETTINGS_STORAGE_KEY, value: 'corrupt' }),
    ]);
  });

  it('writes nothing when any key of an update is invalid', async () => {
    await updateSettings({ threshold: 'high' });
    const attempt = updateSettings({ discreetMode: true, webhookUrl: 'ftp://soc.example.org' });
    await expect(attempt).rejects.toThrow(SettingsValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [expect.objectContaining({ key: 'webhookUrl' })] });
    expect(await stored(SETTINGS_STORAGE_KEY)).toEqual({ threshold: 'high' });
  });

  it('refuses keys that are not settings', async () => {
    await expect(updateSettings({ nonsense: true } as never)).rejects.toThrow(/nonsense: not a setting/);
  });

  it('merges an update into what is stored, keeps keys from newer versions, and resets a key given undefined', async () => {
    await trustedArea().set({ [SETTINGS_STORAGE_KEY]: { threshold: 'low', futureKey: 'x' } });
    const read = await updateSettings({ reportEmail: 'security@parliament.example', securityTeamName: '  PSD  ' });
    expect(read.settings).toMatchObject({ threshold: 'low', reportEmail: 'security@parliament.example', securityTeamName: 'PSD' });
    await updateSettings({ threshold: undefined });
    expect(await stored(SETTINGS_STORAGE_KEY)).toEqual({
      futureKey: 'x',
      reportEmail: 'security@parliament.example',
      securityTeamName: 'PSD',
    });
    expect((await readSettings()).settings.threshold).toBe('medium');
  });

  it('accepts a local development webhook', async () => {
    const read = await updateSettings({ webhookUrl: 'http://127.0.0.1:8787/hook' });
    expect(read.settings.webhookUrl).toBe('http://127.0.0.1:8787/hook');
  });
});

describe('"Not suspicious" list', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('marks a sender once whatever URL form is used, and recognises the other forms', async () => {
    await markNotSuspicious({ profileUrl: 'https://uk.linkedin.com/in/Amy-Chen-4471?trk=abc', name: 'Amy Chen' });
    const entries = await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/', name: 'Amy Chen' });
    expect(isNotSuspicious('https://www.linkedin.com/in/AMY-CHEN-4471', entries)).toBe(true);
    expect(isNotSuspicious('https://www.linkedin.com/in/someone-else/', entries)).toBe(false);
    expect(isNotSuspicious(undefined, entries)).toBe(false);
  });

  it('is reversible', async () => {
    await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/' });
    await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/bob/' });
    const left = await unmarkNotSuspicious('https://www.linkedin.com/in/Amy-Chen-4471?x=1');
    expect(left.map((entry) => entry.profileUrl)).toEqual(['https://www.linkedin.com/in/bob/']);
    expect((await readNotSuspicious()).entries).toEqual(left);
  });

  it('keeps the most recent marks up to its cap, so the list cannot grow without bound', async () => {
    const at = (i: number) => `https://www.linkedin.com/in/member-${i}/`;
    await trustedArea().set({
      [NOT_SUSPICIOUS_STORAGE_KEY]: Array.from({ length: NOT_SUSPICIOUS_MAX_ENTRIES }, (_, i) => ({ profileUrl: at(i), addedAt: '2026-11-01T00:00:00.000Z' })),
    });
    const entries = await markNotSuspicious({ profileUrl: at(NOT_SUSPICIOUS_MAX_ENTRIES) });
    expect(entries).toHaveLength(NOT_SUSPICIOUS_MAX_ENTRIES);
    expect(entries[0]!.profileUrl).toBe(at(1));
    expect(entries.at(-1)!.profileUrl).toBe(at(NOT_SUSPICIOUS_MAX_ENTRIES));
  });

  it('refuses a mark that may not push older ones out of a full list, and keeps the list as it was', async () => {
    const at = (i: number) => `https://www.linkedin.com/in/member-${i}/`;
    const full = Array.from({ length: NOT_SUSPICIOUS_MAX_ENTRIES }, (_, i) => ({ profileUrl: at(i), addedAt: '2026-11-01T00:00:00.000Z' }));
    await trustedArea().set({ [NOT_SUSPICIOUS_STORAGE_KEY]: full });
    await expect(markNotSuspicious({ profileUrl: at(NOT_SUSPICIOUS_MAX_ENTRIES) }, { whenFull: 'refuse' })).rejects.toBeInstanceOf(NotSuspiciousListFullError);
    expect((await readNotSuspicious()).entries).toEqual(full);
    // One already on the list is no new entry: nothing to refuse.
    expect(await markNotSuspicious({ profileUrl: at(5) }, { whenFull: 'refuse' })).toEqual(full);
  });

  it('refuses something that is not an https profile URL', async () => {
    await expect(markNotSuspicious({ profileUrl: 'javascript:alert(1)' })).rejects.toThrow(SettingsValidationError);
  });

  it('reports bad stored entries and keeps the good ones', async () => {
    const good = { profileUrl: 'https://www.linkedin.com/in/bob/', addedAt: '2026-11-01T00:00:00.000Z' };
    await trustedArea().set({ [NOT_SUSPICIOUS_STORAGE_KEY]: [good, { profileUrl: 'nope' }] });
    const read = await readNotSuspicious();
    expect(read.entries).toEqual([good]);
    expect(read.issues).toEqual([expect.objectContaining({ key: `${NOT_SUSPICIOUS_STORAGE_KEY}[1]` })]);
  });
});

describe('normaliseProfileUrl', () => {
  it.each([
    ['https://www.linkedin.com/in/amy-chen-4471/', 'amy-chen-4471'],
    ['https://linkedin.com/in/Amy-Chen-4471', 'amy-chen-4471'],
    ['https://uk.linkedin.com/in/amy-chen-4471/details/experience/?trk=x#top', 'amy-chen-4471'],
  ])('reduces %s to the canonical profile', (url, id) => {
    expect(normaliseProfileUrl(url)).toEqual({ url: `https://www.linkedin.com/in/${id}/`, id });
  });

  it('keeps other https URLs without query or fragment, and rejects the rest', () => {
    expect(normaliseProfileUrl('https://www.linkedin.com/company/acme/?x=1')?.url).toBe('https://www.linkedin.com/company/acme');
    expect(normaliseProfileUrl('http://www.linkedin.com/in/amy/')).toBeUndefined();
    expect(normaliseProfileUrl('not a url')).toBeUndefined();
    expect(normaliseProfileUrl('https://evil-linkedin.com/in/amy/')?.id).toBe('https://evil-linkedin.com/in/amy');
  });

  it('parses an address once while it is kept (up to a hundred), and answers the same once the list started again', () => {
    const first = normaliseProfileUrl('https://uk.linkedin.com/in/Amy-Chen-4471/?trk=x');
    expect(normaliseProfileUrl('https://uk.linkedin.com/in/Amy-Chen-4471/?trk=x')).toBe(first);
    for (let i = 0; i < 150; i++) expect(normaliseProfileUrl(`https://www.linkedin.com/in/member-${i}`)?.id).toBe(`member-${i}`);
    expect(normaliseProfileUrl('https://uk.linkedin.com/in/Amy-Chen-4471/?trk=x')).toEqual({ url: 'https://www.linkedin.com/in/amy-chen-4471/', id: 'amy-chen-4471' });
    expect(normaliseProfileUrl('not a url')).toBeUndefined();
    expect(normaliseProfileUrl('not a url')).toBeUndefined();
  });
});
