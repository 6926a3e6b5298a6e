import { options as preactOptions, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import baseline from '../../../rules/baseline.pack.json';
import { clearSenderRecords, SEEN_SENDERS_KEY } from '../../../src/background/seen-senders';
import { ACTIVE_PACK_KEY } from '../../../src/messaging/protocol';
import type { OptionsDeps } from '../../../src/options/deps';
import { OptionsApp } from '../../../src/options/options-app';
import { loadOptionsData } from '../../../src/options/options-data';
import { refreshPolicy } from '../../../src/policy/read';
import { historyToCsv } from '../../../src/settings/export';
import { HISTORY_STORAGE_KEY, readHistory, readSeenSenders } from '../../../src/settings/history';
import type { HistoryEntry } from '../../../src/settings/schema';
import { SETTINGS_STORAGE_KEY, markNotSuspicious, readNotSuspicious, readSettings, unmarkNotSuspicious, updateSettings } from '../../../src/settings/store';
import { FIELD_ERRORS, S } from '../../../src/ui/strings';
import { trustedArea } from '../../../src/settings/trusted-area';
import { PACK_UPDATE_KEY, type PackUpdateStatus } from '../../../src/background/pack-update-status';
import { formatDate } from '../../../src/ui/format';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');

let container: HTMLElement;

/** What "Check now" does in these tests: set per test. */
let checkNow: () => Promise<void> = async () => undefined;

function fakeDeps() {
  const blobs = new Map<string, Blob>();
  let n = 0;
  const deps: OptionsDeps = {
    now: () => NOW,
    createObjectURL: (blob) => {
      n += 1;
      const url = `blob:test/${n}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: vi.fn(),
    // What the background runs for the page's messages (tests/unit/background/reporting.test.ts).
    clearHistory: () => clearSenderRecords(),
    unmarkNotSuspicious: async (profileUrl) => {
      await unmarkNotSuspicious(profileUrl);
    },
    checkPackUpdate: () => checkNow(),
  };
  return { deps, blobs };
}

async function mount(deps: OptionsDeps = fakeDeps().deps) {
  render(<OptionsApp deps={deps} />, container);
  await vi.waitFor(() => expect(container.textContent).toContain(S.teamSection));
}

const field = (name: string) => container.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
const sectionOf = (heading: string) =>
  [...container.querySelectorAll('section')].find((s) => s.querySelector('h2')?.textContent === heading)!;
const button = (root: Element, name: string) => {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const typeInto = (input: HTMLInputElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const describedText = (input: Element) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => container.querySelector(`[id="${id}"]`)?.textContent)
    .join(' | ');

const policy = (values: Record<string, unknown>) => refreshPolicy({ managed: { get: async () => values } });

describe('the options page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    checkNow = async () => undefined;
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    render(null, container);
    container.remove();
  });

  it('says in an alert when the browser gives the extension no database, and still saves the settings', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const saved = globalThis.indexedDB;
    // @ts-expect-error: a browser without IndexedDB
    globalThis.indexedDB = undefined;
    try {
      await mount();
      const alert = [...container.querySelectorAll('[role="alert"]')].find((a) => a.textContent === S.storageFallback);
      expect(alert).toBeDefined();
      await updateSettings({ threshold: 'high' });
      expect((await fakeBrowser.storage.local.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY]).toEqual({ threshold: 'high' });
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('says what an earlier build left that no update explained, never its text, and discards it after asking once more', async () => {
    await trustedArea().set({ migratedFromLocal: 'pending' });
    await fakeBrowser.storage.local.set({
      [SETTINGS_STORAGE_KEY]: { webhookUrl: 'https://attacker.example/collect', securityTeamContact: 'Call +1 555 0100 now' },
      outbox: { version: 1, items: [{}, {}] },
    });
    await mount();
    expect(container.textContent).toContain(S.unmovedFound(`${S.unmovedItems.settings()}, ${S.unmovedItems.outbox(2)}`));
    expect(container.textContent).not.toContain('attacker.example');
    expect(container.textContent).not.toContain('555 0100');
    button(container, S.unmovedDiscard).click();
    // One click asks first; nothing is gone yet.
    await vi.waitFor(() => expect(container.textContent).toContain(S.unmovedDiscardConfirm));
    expect(await fakeBrowser.storage.local.get(SETTINGS_STORAGE_KEY)).not.toEqual({});
    button(container, S.unmovedDiscardYes).click();
    await vi.waitFor(() => expect(container.textContent).not.toContain(S.unmovedTitle));
    expect(await fakeBrowser.storage.local.get([SETTINGS_STORAGE_KEY, 'outbox'])).toEqual({});
    expect((await readSettings()).userKeys).toEqual([]);
    // The outcome is said, and keyboard focus lands on it.
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe(S.unmovedDiscarded));
  });

  it('takes the focus to the question, not to "Yes, discard", and back to the button that asked when the user keeps the data', async () => {
    await trustedArea().set({ migratedFromLocal: 'pending' });
    await fakeBrowser.storage.local.set({ [SETTINGS_STORAGE_KEY]: { threshold: 'high' } });
    await mount();
    const ask = button(container, S.unmovedDiscard);
    ask.focus();
    ask.click();
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe(S.unmovedDiscardConfirm));
    expect(document.activeElement?.tagName).toBe('P');
    expect(button(container, S.unmovedDiscardYes)).not.toBe(ask);

    button(container, S.unmovedDiscardNo).click();
    await vi.waitFor(() => expect(document.activeElement).toBe(button(container, S.unmovedDiscard)));
    expect(await fakeBrowser.storage.local.get(SETTINGS_STORAGE_KEY)).not.toEqual({});
  });

  it('says nothing of storage.local while the background is still deciding (a genuine update in progress)', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_STORAGE_KEY]: { threshold: 'high' } });
    await mount();
    expect(container.textContent).not.toContain(S.unmovedTitle);
  });

  it('shows no such alert where the database works', async () => {
    await mount();
    expect(container.textContent).not.toContain(S.storageFallback);
  });

  it('shows settings fixed by policy as locked with "Set by your organisation", and never saves them', async () => {
    await updateSettings({ securityTeamName: 'My own name', threshold: 'low' });
    await policy({ securityTeamName: 'Parliamentary Security Department', threshold: 'high', discreetMode: true });
    await mount();

    const name = field('securityTeamName');
    expect(name.value).toBe('Parliamentary Security Department');
    expect(name.readOnly).toBe(true);
    expect(describedText(name)).toContain(S.setByOrganisation);
    // Locked checkboxes and radios stay in the Tab order, marked, and a click changes nothing.
    const radios = [...container.querySelectorAll<HTMLInputElement>('input[name="threshold"]')];
    expect(radios.every((r) => !r.disabled && r.getAttribute('aria-disabled') === 'true')).toBe(true);
    expect(radios.find((r) => r.checked)?.value).toBe('high');
    const discreet = field('discreetMode');
    expect(discreet.disabled).toBe(false);
    expect(discreet.getAttribute('aria-disabled')).toBe('true');
    expect(describedText(discreet)).toContain(S.setByOrganisation);
    discreet.click();
    expect(discreet.checked).toBe(true);
    // Every warnings field is locked, so there is nothing to save there.
    expect(sectionOf(S.warningsSection).querySelector('button[type="submit"]')).toBeNull();

    // The contact is not locked and can be saved; the locked name is not written.
    typeInto(field('securityTeamContact'), 'security@parliament.example');
    button(sectionOf(S.teamSection), S.save).click();
    await vi.waitFor(() => expect(sectionOf(S.teamSection).textContent).toContain(S.saved));
    const stored = (await trustedArea().get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY];
    expect(stored).toEqual({ securityTeamName: 'My own name', threshold: 'low', securityTeamContact: 'security@parliament.example' });
  });

  it('shows each invalid policy value with its reason, in a summary and next to its field', async () => {
    await policy({ webhookUrl: 'http://soc.example.org/hooks', webhookURL: 'https://typo.example/', threshold: 'loud' });
    await mount();

    const summary = sectionOf(S.policySection).textContent ?? '';
    expect(summary).toContain('Report address (webhook URL)');
    expect(summary).toContain('must start with https://');
    expect(summary).toContain('webhookURL');
    expect(summary).toContain('is not a policy this extension knows');
    expect(summary).toContain('Warning threshold');
    expect(summary).toContain(S.policyNotApplied);
    // The rejected values themselves, as written, so the user can tell the security team.
    expect(summary).toContain('set to "http://soc.example.org/hooks"');
    expect(summary).toContain('set to "loud"');

    const webhook = field('webhookUrl');
    expect(webhook.readOnly).toBe(false);
    expect(describedText(webhook)).toContain('must start with https://');
    expect(describedText(webhook)).toContain('value "http://soc.example.org/hooks" was not used');
  });

  it('lists stored data it cannot read under a heading of its own, not as organisation settings, and says truly what became of it', async () => {
    await trustedArea().set({ [SETTINGS_STORAGE_KEY]: { threshold: 'loud' } });
    await mount();
    expect(sectionOf(S.policySection)).toBeUndefined();
    const section = sectionOf(S.storedIssuesSection);
    expect(section.textContent).toContain(S.storedIssues);
    expect(section.textContent).toContain('threshold');
    expect(section.textContent).not.toContain('set aside');
    // Not used, and not deleted either.
    expect([...container.querySelectorAll<HTMLInputElement>('input[name="threshold"]')].find((r) => r.checked)?.value).toBe('medium');
    expect((await trustedArea().get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY]).toEqual({ threshold: 'loud' });
  });

  it('keeps what the user typed when the form’s first effects run only after the typing (a busy page)', async () => {
    // Preact runs effects after the next frame: hold them, to type before a new form's run.
    const held: Array<() => void> = [];
    const previous = preactOptions.requestAnimationFrame;
    preactOptions.requestAnimationFrame = (flush) => void held.push(flush);
    const flushHeld = () => {
      for (const flush of held.splice(0)) flush();
    };
    try {
      render(<OptionsApp deps={fakeDeps().deps} />, container);
      // Loading the data is an effect too: run them until the form is there, not once it is.
      await vi.waitFor(() => {
        if (container.textContent?.includes(S.channelsSection)) return;
        flushHeld();
        throw new Error('the form is not there yet');
      });
      expect(held.length, 'the new form’s effects are still to run').toBeGreaterThan(0);
      typeInto(field('reportEmail'), 'security@parliament.example');
      flushHeld();
      await vi.waitFor(() => expect(held).toEqual([]));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(field('reportEmail').value).toBe('security@parliament.example');
      button(sectionOf(S.channelsSection), S.save).click();
      await vi.waitFor(() => expect(sectionOf(S.channelsSection).textContent).toContain(S.saved));
      expect((await readSettings()).settings.reportEmail).toBe('security@parliament.example');
    } finally {
      preactOptions.requestAnimationFrame = previous;
    }
  });

  it('keeps what the user types while a save is under way, once the saved values come back', async () => {
    await mount();
    const form = sectionOf(S.channelsSection);
    typeInto(field('reportEmail'), 'security@parliament.example');
    button(form, S.save).click();
    // Before the write has finished: the next change, not yet saved.
    typeInto(field('reportEmail'), 'soc@parliament.example');
    await vi.waitFor(() => expect(form.textContent).toContain(S.saved));
    expect((await readSettings()).settings.reportEmail).toBe('security@parliament.example');
    // The page has heard of the saved values by now and shown them wherever nothing was typed since.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(field('reportEmail').value).toBe('soc@parliament.example');
  });

  it('takes a field saved elsewhere while the user edits another, and its Save does not put the old value back', async () => {
    await updateSettings({ securityTeamName: 'Acme SOC', securityTeamContact: 'old@acme.example' });
    await mount();
    await vi.waitFor(() => expect(field('securityTeamName').value).toBe('Acme SOC'));
    typeInto(field('securityTeamName'), 'Acme Security');
    // Another window (or the browser's own options view) saves the contact meanwhile.
    await updateSettings({ securityTeamContact: 'new@acme.example' });
    await vi.waitFor(() => expect(field('securityTeamContact').value).toBe('new@acme.example'));
    expect(field('securityTeamName').value).toBe('Acme Security');
    const form = sectionOf(S.teamSection);
    button(form, S.save).click();
    await vi.waitFor(() => expect(form.textContent).toContain(S.saved));
    expect((await readSettings()).settings).toMatchObject({ securityTeamName: 'Acme Security', securityTeamContact: 'new@acme.example' });
  });

  it('shows the latest settings when an earlier load answers last, and its Save does not write the older ones back', async () => {
    await updateSettings({ securityTeamName: 'First name' });
    let calls = 0;
    let release: (() => void) | undefined;
    // The second load reads its values, then answers only when the test lets it.
    const load = async () => {
      const call = (calls += 1);
      const data = await loadOptionsData();
      if (call === 2) await new Promise<void>((resolve) => (release = resolve));
      return data;
    };
    render(<OptionsApp deps={fakeDeps().deps} load={load} />, container);
    await vi.waitFor(() => expect(field('securityTeamName').value).toBe('First name'));

    await updateSettings({ securityTeamName: 'Second name' });
    await vi.waitFor(() => expect(release).toBeDefined());
    await updateSettings({ securityTeamName: 'Third name' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release!();
    await vi.waitFor(() => expect(field('securityTeamName').value).toBe('Third name'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(field('securityTeamName').value).toBe('Third name');

    typeInto(field('securityTeamContact'), 'security@parliament.example');
    const form = sectionOf(S.teamSection);
    button(form, S.save).click();
    await vi.waitFor(() => expect(form.textContent).toContain(S.saved));
    expect((await readSettings()).settings).toMatchObject({ securityTeamName: 'Third name', securityTeamContact: 'security@parliament.example' });
  });

  it('rejects an invalid webhook URL next to the field and saves nothing from the form', async () => {
    await mount();
    const form = sectionOf(S.channelsSection);
    typeInto(field('reportEmail'), 'security@parliament.example');
    typeInto(field('webhookUrl'), 'http://collector.example/hook');
    button(form, S.save).click();

    await vi.waitFor(() => expect(field('webhookUrl').getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(field('webhookUrl'))).toContain('The report address must start with https://');
    expect(form.textContent).toContain(S.notSaved);
    expect(document.activeElement).toBe(field('webhookUrl'));
    expect((await readSettings()).userKeys).toEqual([]);

    typeInto(field('webhookUrl'), 'https://soc.example.org/hooks/approach');
    button(form, S.save).click();
    await vi.waitFor(() => expect(form.textContent).toContain(S.saved));
    expect((await readSettings()).settings).toMatchObject({
      webhookUrl: 'https://soc.example.org/hooks/approach',
      reportEmail: 'security@parliament.example',
    });
    expect(field('webhookUrl').getAttribute('aria-invalid')).toBeNull();
  });

  it('says the change was not saved, and to try again, when storage refuses the write, blaming no field', async () => {
    await mount();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const quota = new Error('QuotaExceededError');
    vi.spyOn(trustedArea(), 'set').mockRejectedValueOnce(quota);
    const form = sectionOf(S.channelsSection);
    typeInto(field('reportEmail'), 'security@parliament.example');
    button(form, S.save).click();
    await vi.waitFor(() => expect(form.querySelector('[role="status"]')?.textContent).toBe(S.changeNotSaved));
    expect(form.textContent).not.toContain(S.notSaved);
    expect(form.querySelector('[aria-invalid="true"]')).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.any(String), quota);
  });

  it('rejects a malformed e-mail address inline', async () => {
    await mount();
    typeInto(field('reportEmail'), 'security at parliament');
    button(sectionOf(S.channelsSection), S.save).click();
    await vi.waitFor(() => expect(describedText(field('reportEmail'))).toContain(FIELD_ERRORS.reportEmail));
    expect((await readSettings()).userKeys).toEqual([]);
  });

  it('exports the flagged senders as CSV and JSON downloads built from blobs', async () => {
    const entries: HistoryEntry[] = [
      { profileId: 'amy-chen-4471', profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/', name: '=HYPERLINK("x")', firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-21T10:00:00.000Z', highestLevel: 'high' },
    ];
    await trustedArea().set({ [HISTORY_STORAGE_KEY]: entries });
    const { deps, blobs } = fakeDeps();
    await mount(deps);

    const links = [...sectionOf(S.historySection).querySelectorAll('a[download]')] as HTMLAnchorElement[];
    const csv = links.find((a) => a.textContent === S.exportCsv)!;
    expect(csv.getAttribute('download')).toBe('approach-guard-history-2026-11-26.csv');
    const blob = blobs.get(csv.getAttribute('href')!)!;
    expect(blob.type).toBe('text/csv;charset=utf-8');
    // Whether text() keeps the byte-order mark differs between implementations; the bytes must carry it (Excel).
    const body = (await blob.text()).replace(/^\uFEFF/, '');
    expect(body).toBe(historyToCsv(entries).replace(/^\uFEFF/, ''));
    expect([...new Uint8Array(await blob.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body).toContain('profileId,profileUrl,name,firstSeen,lastSeen,highestLevel');
    expect(body).toContain(`"'=HYPERLINK(""x"")"`);

    const json = links.find((a) => a.textContent === S.exportJson)!;
    expect(JSON.parse(await blobs.get(json.getAttribute('href')!)!.text())).toMatchObject({ entries: [{ profileId: 'amy-chen-4471' }] });
  });

  it('clears the history only after confirmation', async () => {
    await trustedArea().set({
      [HISTORY_STORAGE_KEY]: [
        { profileId: 'a', profileUrl: 'https://www.linkedin.com/in/a/', firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T10:00:00.000Z', highestLevel: 'medium' },
      ],
    });
    await mount();
    const section = () => sectionOf(S.historySection);

    button(section(), S.clearHistory).click();
    await vi.waitFor(() => expect(section().textContent).toContain(S.clearConfirm(1, 0)));
    button(section(), S.clearNo).click();
    await vi.waitFor(() => expect(section().textContent).not.toContain(S.clearConfirm(1, 0)));
    expect((await readHistory()).entries).toHaveLength(1);

    button(section(), S.clearHistory).click();
    await vi.waitFor(() => expect(section().textContent).toContain(S.clearConfirm(1, 0)));
    button(section(), S.clearYes).click();
    await vi.waitFor(() => expect(section().textContent).toContain(S.historyEmpty));
    expect((await readHistory()).entries).toEqual([]);
    // The confirmation's buttons are gone; the focus is on the section, not dropped on the page.
    expect(document.activeElement).toBe(section().querySelector('h2'));
  });

  it('says why the history was not cleared, and keeps it, when the extension cannot clear it', async () => {
    const entry = { profileId: 'a', profileUrl: 'https://www.linkedin.com/in/a/', firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T10:00:00.000Z', highestLevel: 'medium' };
    await trustedArea().set({ [HISTORY_STORAGE_KEY]: [entry] });
    const { deps } = fakeDeps();
    deps.clearHistory = () => Promise.reject(new Error('The extension did not answer.'));
    await mount(deps);
    const section = () => sectionOf(S.historySection);

    button(section(), S.clearHistory).click();
    await vi.waitFor(() => expect(section().textContent).toContain(S.clearConfirm(1, 0)));
    button(section(), S.clearYes).click();
    await vi.waitFor(() => expect(section().querySelector('.ag-status--error')?.textContent).toBe(S.clearFailed('The extension did not answer.')));
    expect(section().textContent).not.toContain(S.cleared);
    expect((await readHistory()).entries).toHaveLength(1);
  });

  it('says how many senders read it remembers, exports them in the JSON download and clears them with the history', async () => {
    const seen = (id: string, level: string) => ({
      profileId: id,
      profileUrl: `https://www.linkedin.com/in/${id}/`,
      firstSeen: '2026-11-20T10:00:00.000Z',
      lastSeen: '2026-11-21T10:00:00.000Z',
      highestLevel: level,
    });
    // Senders read but none flagged: the section must still offer the export and the clear.
    await trustedArea().set({ [SEEN_SENDERS_KEY]: [seen('dana', 'none'), seen('eli', 'low')] });
    const { deps, blobs } = fakeDeps();
    await mount(deps);
    const section = () => sectionOf(S.historySection);
    await vi.waitFor(() => expect(section().querySelector('[data-testid="seen-senders"]')?.textContent).toBe(S.seenSenders(2)));
    expect(S.seenSenders(2)).toContain('4,000');

    const json = [...section().querySelectorAll('a')].find((a) => a.textContent === S.exportJson)!;
    const exported = JSON.parse(await blobs.get(json.getAttribute('href')!)!.text());
    expect(exported.entries).toEqual([]);
    expect(exported.seenSenders.map((e: { profileId: string }) => e.profileId).sort()).toEqual(['dana', 'eli']);

    button(section(), S.clearHistory).click();
    await vi.waitFor(() => expect(section().textContent).toContain(S.clearConfirm(0, 2)));
    button(section(), S.clearYes).click();
    await vi.waitFor(() => expect(section().querySelector('[data-testid="seen-senders"]')?.textContent).toBe(S.seenSenders(0)));
    expect(await readSeenSenders()).toEqual([]);
    expect(await trustedArea().get(SEEN_SENDERS_KEY)).toEqual({});
  });

  it('removes a sender from the Not-suspicious list', async () => {
    await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/', name: 'Amy Chen' });
    await mount();
    const section = sectionOf(S.notSuspiciousSection);
    expect(section.textContent).toContain('Amy Chen');

    const remove = [...section.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === S.removeLabel('Amy Chen'))!;
    remove.focus();
    remove.click();
    await vi.waitFor(() => expect(sectionOf(S.notSuspiciousSection).textContent).toContain(S.notSuspiciousEmpty));
    expect((await readNotSuspicious()).entries).toEqual([]);
    expect(document.activeElement).toBe(sectionOf(S.notSuspiciousSection).querySelector('h2'));
  });

  it('says so when removing a sender from the Not-suspicious list cannot be saved, and keeps the entry', async () => {
    await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/', name: 'Amy Chen' });
    await mount();
    vi.spyOn(trustedArea(), 'set').mockRejectedValueOnce(new Error('the database would not open'));
    const remove = [...sectionOf(S.notSuspiciousSection).querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === S.removeLabel('Amy Chen'))!;
    remove.click();
    await vi.waitFor(() => expect(sectionOf(S.notSuspiciousSection).textContent).toContain(S.changeNotSaved));
    expect(sectionOf(S.notSuspiciousSection).textContent).toContain('Amy Chen');
    expect((await readNotSuspicious()).entries).toHaveLength(1);
  });

  it('shows the pack in force, the organisation\u2019s pack and its last check', async () => {
    await fakeBrowser.storage.local.set({
      [ACTIVE_PACK_KEY]: { pack: { ...baseline, version: `${baseline.version}+org.pack@2026.12.1` }, installedAt: NOW - 86_400_000, source: 'remote' },
    });
    await policy({ packUrl: 'https://packs.parliament.example/approach.json', updateIntervalHours: 12 });
    const update: PackUpdateStatus = {
      outcome: 'installed',
      url: 'https://packs.parliament.example/approach.json',
      keys: [],
      checkedAt: NOW - 3_600_000,
      failures: 0,
      nextCheckAt: NOW + 11 * 3_600_000,
      inForce: { id: 'org.pack', name: 'Security team rules', version: '2026.12.1', publisher: 'Security Team', published: '2026-12-01', expires: '2026-11-01', fetchedAt: NOW - 3_600_000 },
      notes: ['skipped rule org.broken: regex is not safe'],
      surfaced: [{ profileUrl: 'https://www.linkedin.com/in/orla-packtest/', name: 'Orla Packtest', level: 'high' }],
      surfacedCount: 3,
    };
    await trustedArea().set({ [PACK_UPDATE_KEY]: update });
    await mount();

    const section = sectionOf(S.packsSection).textContent ?? '';
    expect(section).toContain(`${baseline.version}+org.pack@2026.12.1`);
    expect(section).toContain(baseline.publisher);
    expect(section).toContain(S.packSourceRemote);
    expect(section).toContain('https://packs.parliament.example/approach.json');
    expect(section).toContain('Security team rules');
    expect(section).toContain('Security Team');
    // Its expiry has passed (the test's "now" is 26 November 2026).
    expect(section).toContain(S.packExpired(formatDate('2026-11-01')));
    expect(section).toContain('12 hours');
    expect(section).toContain(S.packOutcome.installed);
    expect(section).toContain('skipped rule org.broken');
    expect(section).not.toContain(S.packNeverChecked);
    // Senders met before that this pack flags: a link to each, and how many more.
    expect(section).toContain(S.packSurfaced(3));
    const link = [...sectionOf(S.packsSection).querySelectorAll('a')].find((a) => a.textContent?.startsWith('Orla Packtest'));
    expect(link?.getAttribute('href')).toBe('https://www.linkedin.com/in/orla-packtest/');
    expect(section).toContain(S.packSurfacedMore(2));
  });

  it('says why the last check took nothing, and why a stored pack is not in force', async () => {
    await policy({ packUrl: 'https://packs.parliament.example/approach.json' });
    await trustedArea().set({
      [PACK_UPDATE_KEY]: {
        outcome: 'refused',
        url: 'https://packs.parliament.example/approach.json',
        keys: [],
        checkedAt: NOW,
        reason: 'no trusted key is set',
        failures: 1,
        nextCheckAt: NOW + 300_000,
        notInForce: 'the signature does not match the pack under the trusted key',
      } satisfies PackUpdateStatus,
    });
    await mount();
    const section = sectionOf(S.packsSection).textContent ?? '';
    expect(section).toContain(S.packOutcome.refused('no trusted key is set'));
    expect(section).toContain(S.packOrgNotInForce('the signature does not match the pack under the trusted key'));
    expect(section).toContain('24 hours');
  });

  it('says when this browser cannot use the organisation\u2019s pack at all', async () => {
    await policy({ packUrl: 'https://packs.parliament.example/approach.json' });
    await trustedArea().set({ [PACK_UPDATE_KEY]: { outcome: 'unavailable', reason: 'no private storage', failures: 0 } satisfies PackUpdateStatus });
    await mount();
    const section = sectionOf(S.packsSection).textContent ?? '';
    expect(section).toContain(S.packOutcome.unavailable('no private storage'));
    expect(section).not.toContain(S.packOrgNone);
  });

  it('checks the pack address on request, and says so when the check cannot be made', async () => {
    await policy({ packUrl: 'https://packs.parliament.example/approach.json' });
    let release!: () => void;
    const calls: number[] = [];
    checkNow = () => {
      calls.push(1);
      return new Promise<void>((resolve) => (release = resolve));
    };
    await mount();
    const button = () => [...sectionOf(S.packsSection).querySelectorAll('button')].find((b) => b.textContent === S.packCheckNow || b.textContent === S.packChecking)!;
    expect(sectionOf(S.packsSection).textContent).toContain(S.packNeverChecked);
    button().click();
    await vi.waitFor(() => expect(button().textContent).toBe(S.packChecking));
    expect(button().getAttribute('aria-disabled')).toBe('true');
    // A second press while it checks asks nothing more.
    button().click();
    expect(calls).toHaveLength(1);
    release();
    await vi.waitFor(() => expect(button().textContent).toBe(S.packCheckNow));

    checkNow = () => Promise.reject(new Error('The extension did not answer.'));
    button().click();
    await vi.waitFor(() => expect(sectionOf(S.packsSection).textContent).toContain(S.packCheckFailed('The extension did not answer.')));
  });

  it('keeps the focus on "Check now" while it checks, and says the outcome in the status region', async () => {
    await policy({ packUrl: 'https://packs.parliament.example/approach.json' });
    let release!: () => void;
    checkNow = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      // The background stores the outcome, then answers.
      await trustedArea().set({
        [PACK_UPDATE_KEY]: { outcome: 'unchanged', url: 'https://packs.parliament.example/approach.json', keys: [], checkedAt: NOW, failures: 0 } satisfies PackUpdateStatus,
      });
    };
    await mount();
    const section = () => sectionOf(S.packsSection);
    const check = [...section().querySelectorAll('button')].find((b) => b.textContent === S.packCheckNow)!;
    const status = () => section().querySelector('[role="status"]')?.textContent;
    check.focus();
    check.click();
    await vi.waitFor(() => expect(status()).toBe(S.packChecking));
    expect(check.disabled).toBe(false);
    expect(document.activeElement).toBe(check);
    release();
    await vi.waitFor(() => expect(status()).toBe(S.packCheckDone(S.packOutcome.unchanged)));
    expect(document.activeElement).toBe(check);
    expect(check.textContent).toBe(S.packCheckNow);
  });

  it('says no outcome for a check whose status did not come, when another change reloads the page meanwhile', async () => {
    await policy({ packUrl: 'https://packs.parliament.example/approach.json' });
    const earlier = { outcome: 'refused', url: 'https://packs.parliament.example/approach.json', keys: [], checkedAt: NOW - 60_000, reason: 'expired', failures: 1 } satisfies PackUpdateStatus;
    await trustedArea().set({ [PACK_UPDATE_KEY]: earlier });
    // The check answers without storing a new status; the same status is written again meanwhile
    // (as any write of the area reloads the page's data, an equal copy of it).
    checkNow = async () => {
      await trustedArea().set({ [PACK_UPDATE_KEY]: { ...earlier } });
    };
    await mount();
    const section = () => sectionOf(S.packsSection);
    const status = () => section().querySelector('[role="status"]')?.textContent ?? '';
    [...section().querySelectorAll('button')].find((b) => b.textContent === S.packCheckNow)!.click();
    await vi.waitFor(() => expect([...section().querySelectorAll('button')].find((b) => b.textContent === S.packCheckNow)?.getAttribute('aria-disabled')).not.toBe('true'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(status()).not.toContain('Checked.');
  });

  it('shows the bundled pack when nothing is stored', async () => {
    await mount();
    const section = sectionOf(S.packsSection).textContent ?? '';
    expect(section).toContain(baseline.version);
    expect(section).toContain(S.packSourceBundled);
    expect(section).toContain(S.packNoUpdateUrl);
    expect(section).toContain(S.packOrgSection);
    // No address: nothing to check.
    expect([...sectionOf(S.packsSection).querySelectorAll('button')].some((b) => b.textContent === S.packCheckNow)).toBe(false);
  });
});
