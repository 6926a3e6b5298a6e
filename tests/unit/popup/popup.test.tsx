import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import baseline from '../../../rules/baseline.pack.json';
import { ACTIVE_PACK_KEY, tabStateKey, type ApproachSummary } from '../../../src/messaging/protocol';
import type { OutboxItemView, PopupToBackground } from '../../../src/messaging/popup-protocol';
import { toApproach, toVerdict } from '../../../src/popup/approaches';
import type { PopupDeps } from '../../../src/popup/deps';
import { PopupApp } from '../../../src/popup/popup-app';
import { loadPopupData } from '../../../src/popup/popup-data';
import { registerReporting } from '../../../src/background/reporting';
import { composeReport } from '../../../src/report/compose';
import { OUTBOX_STORAGE_KEY } from '../../../src/report/outbox';
import { EXCERPTS_MAX, NOTE_MAX_CHARS } from '../../../src/report/schema';
import { scriptedFetch, WEBHOOK } from '../report/outbox-helpers';
import { markNotSuspicious, readNotSuspicious, unmarkNotSuspicious, updateSettings } from '../../../src/settings/store';
import { LINKEDIN_REPORT_HELP_URL, NPSA_GUIDANCE_URL } from '../../../src/ui/links';
import { SenderPhoto } from '../../../src/ui/sender-photo';
import { LEVEL_WORDS, OUTBOX_ERRORS, REPORT_ERRORS, S } from '../../../src/ui/strings';
import { formatDate, formatDateTime } from '../../../src/ui/format';
import { FIXED_UUID, NOW, flaggedMessages, flaggedSummary, lowSummary, tabState } from './fixtures';
import { trustedArea } from '../../../src/settings/trusted-area';
import { addToSurfacedNotice, clearSurfacedNotice } from '../../../src/background/surfaced-notice';
import { surfacedSummary } from '../../../src/popup/surfaced-senders';

const rule = (id: string) => baseline.rules.find((r) => r.id === id)!;

let container: HTMLElement;

/** The popup's messages to the real background handler, as browser.runtime.sendMessage would deliver them, each seen first. */
function toBackground(seen: (message: PopupToBackground) => void = () => undefined): PopupDeps['send'] {
  return (async (message: PopupToBackground) => {
    seen(message);
    const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const answers = (await fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined)) as unknown[];
    return await answers.find((answer) => answer !== undefined);
  }) as PopupDeps['send'];
}

function fakeDeps(outbox: OutboxItemView[] = []) {
  const sent: PopupToBackground[] = [];
  const deps: PopupDeps = {
    send: (async (message: PopupToBackground) => {
      sent.push(message);
      if (message.type === 'popup→background:outbox-list') return { ok: true, items: [...outbox] };
      // What the background does with it (tests/unit/background/reporting.test.ts).
      if (message.type === 'popup→background:not-suspicious') {
        if (message.marked) await markNotSuspicious({ profileUrl: message.profileUrl, name: message.name });
        else await unmarkNotSuspicious(message.profileUrl);
        return { ok: true };
      }
      if (message.type === 'popup→background:report') {
        return {
          ok: true,
          duplicate: false,
          item: { key: FIXED_UUID, state: 'queued', attempts: 0, createdAt: NOW, updatedAt: NOW, destination: 'soc.example.org' },
        };
      }
      return { ok: true };
    }) as PopupDeps['send'],
    openTab: vi.fn(async () => undefined),
    openOptions: vi.fn(async () => undefined),
    // The tab's page, as the content script answers: the flagged thread's sender's messages.
    senderMessages: vi.fn(async (_tabId: number, approachId: string) => (approachId === flaggedSummary().approachId ? flaggedMessages() : [])),
    clipboard: { writeText: vi.fn(async () => undefined) },
    now: () => NOW,
    randomUUID: () => FIXED_UUID,
    extensionVersion: '0.1.0',
  };
  return { deps, sent };
}

async function showTab(approaches: ApproachSummary[] | undefined, url = 'https://www.linkedin.com/messaging/thread/2-abc/') {
  const window = (await fakeBrowser.windows.create({ focused: true }))!;
  const tab = await fakeBrowser.tabs.create({ windowId: window.id, url, active: true });
  if (approaches) await fakeBrowser.storage.session.set({ [tabStateKey(tab.id!)]: tabState(approaches) });
  return tab.id!;
}

async function mount(deps: PopupDeps) {
  render(<PopupApp deps={deps} />, container);
  await vi.waitFor(() => expect(container.textContent).not.toContain(S.loading));
}

const text = () => container.textContent ?? '';
const button = (name: string) => {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const preview = () => container.querySelector('[data-testid="report-preview"]')?.textContent;
const checkboxes = () => container.querySelectorAll<HTMLInputElement>('.ag-panel input[type="checkbox"]');

/** A flagged thread's report panel, opened with a webhook set up and the sender's second message ticked. */
async function reportWithSecondTicked() {
  await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
  const tabId = await showTab([flaggedSummary()]);
  const { deps } = fakeDeps();
  await mount(deps);
  button(S.reportToTeam).click();
  await vi.waitFor(() => expect(checkboxes()).toHaveLength(2));
  checkboxes()[1]!.click();
  await vi.waitFor(() => expect(preview()).toContain('We can talk on WhatsApp instead.'));
  return { tabId, deps };
}

/** The tab's verdicts change (a new report from the page), so an open report panel reads the page again. */
const verdictsChange = (tabId: number, updatedAt = NOW) =>
  fakeBrowser.storage.session.set({ [tabStateKey(tabId)]: { ...tabState([flaggedSummary()]), updatedAt } });

const typeInto = (element: HTMLTextAreaElement | HTMLInputElement, value: string) => {
  element.value = value;
  element.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('the popup', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    render(null, container);
    container.remove();
  });

  it('shows a flagged approach with its level word, score, every shown cue, the quoted words and the rule\u2019s explanation and advice', async () => {
    await showTab([flaggedSummary()]);
    await mount(fakeDeps().deps);

    expect(text()).toContain('Amy Chen');
    expect(text()).toContain('Headhunter | Global Talent Partners');
    expect(container.querySelector('.ag-badge--high')?.textContent).toBe(LEVEL_WORDS.high);
    expect(text()).toContain('Score 78 of 100');
    for (const title of ['Paid consultancy or reports', 'Request for non-public information', 'Move to another channel']) {
      expect(text()).toContain(title);
    }
    const quotes = [...container.querySelectorAll('.ag-quote')].map((q) => q.textContent);
    expect(quotes).toEqual(expect.arrayContaining(['paid reports', 'non-public insight', 'WhatsApp']));
    for (const id of ['paid.reports-for-a-fee', 'elicitation.non-public-information', 'channels.messaging-app']) {
      expect(text()).toContain(rule(id).description);
      expect(text()).toContain(rule(id).advice);
    }
    // The experimental rule counted for nothing and is not shown.
    expect(text()).not.toContain('A client"');
    expect(text()).not.toContain(rule('flattery.renowned-expert').description);
    // NPSA steps: withdraw, do not share, report; plus the ones for these cues.
    expect(text()).toContain(S.whatToDo);
    expect(text()).toContain('withdraw from the conversation');
    expect(text()).toContain('Do not share information');
    expect(text()).toContain('Report it to your security team straight away');
    expect(text()).toContain('do not move to WhatsApp');
    expect(container.querySelector('a[href="https://www.npsa.gov.uk/protecting-our-democratic-institutions"]')).not.toBeNull();
    expect(text()).toContain(`version ${baseline.version}`);
  });

  it('offers "Read the guidance" among the card’s actions, opening NPSA’s page in a new tab', async () => {
    await showTab([flaggedSummary()]);
    await mount(fakeDeps().deps);
    const actions = container.querySelector('.ag-actions')!;
    const names = [...actions.querySelectorAll('button, a')].map((el) => el.firstChild?.textContent);
    expect(names).toEqual([S.reportToTeam, S.reportOnLinkedIn, S.notSuspicious, S.readGuidance]);
    const link = actions.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(NPSA_GUIDANCE_URL);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('leaves out approaches below the threshold and senders marked not suspicious, and says how many were hidden', async () => {
    await markNotSuspicious({ profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/' });
    await showTab([flaggedSummary(), lowSummary()]);
    await mount(fakeDeps().deps);

    expect(text()).not.toContain('Amy Chen');
    expect(text()).not.toContain('Ben Low');
    expect(text()).toContain(S.calmHeading);
    expect(text()).toContain(S.calmHiddenNotSuspicious(1));
  });

  it('says that approaches below the warning level are there, rather than that nothing looks risky', async () => {
    await updateSettings({ threshold: 'high' });
    await showTab([{ ...flaggedSummary(), verdict: { ...flaggedSummary().verdict, level: 'medium', score: 55 } }]);
    await mount(fakeDeps().deps);
    expect(text()).not.toContain('Amy Chen');
    expect(text()).not.toContain(S.calmNothingFlagged);
    expect(text()).toContain(S.calmNothingAtThreshold);
    expect(text()).toContain(S.calmBelowThreshold(1, LEVEL_WORDS.high));
  });

  it('shows low-risk approaches when the threshold is low', async () => {
    await updateSettings({ threshold: 'low' });
    await showTab([lowSummary()]);
    await mount(fakeDeps().deps);
    expect(container.querySelector('.ag-badge--low')?.textContent).toBe(LEVEL_WORDS.low);
    expect(text()).toContain('renowned expert');
  });

  it('shows a calm line that protection is on, with the active pack and how long ago it was updated, when nothing is flagged', async () => {
    await fakeBrowser.storage.local.set({
      [ACTIVE_PACK_KEY]: { pack: { ...baseline, version: '2026.12.1' }, installedAt: NOW - 3 * 24 * 3600_000, source: 'remote' },
    });
    await showTab([]);
    await mount(fakeDeps().deps);

    expect(container.querySelector('.ag-badge--none')?.textContent).toBe('Protection is on');
    expect(text()).toContain(S.calmNothingFlagged);
    expect(text()).toContain('Rules: Approach Guard baseline, version 2026.12.1, updated 3 days ago');
    expect(container.querySelector('article')).toBeNull();
  });

  it('falls back to the bundled pack when none is stored, and says when it was published', async () => {
    await showTab(undefined, 'https://example.org/');
    await mount(fakeDeps().deps);
    expect(text()).toContain(S.calmNotChecked);
    expect(text()).toContain(LEVEL_WORDS.none);
    expect(text()).toContain(`version ${baseline.version}, published ${formatDate(baseline.published)}`);
  });

  it('asks for a reload on a LinkedIn page the extension has not read, rather than saying protection is on', async () => {
    // Open since before the extension started or was updated: no script reported from it.
    await showTab(undefined);
    await mount(fakeDeps().deps);
    expect(text()).toContain(S.calmReload);
    expect(text()).toContain(S.reloadHeading);
    expect(text()).not.toContain(LEVEL_WORDS.none);
    expect(text()).not.toContain(S.calmNotChecked);
  });

  it('does not ask for a reload while the LinkedIn page is still loading, before its first report', async () => {
    const tabId = await showTab(undefined);
    const tab = await fakeBrowser.tabs.get(tabId);
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, status: 'loading' }] as never);
    await mount(fakeDeps().deps);
    expect(text()).not.toContain(S.calmReload);
    expect(text()).toContain(S.calmNotChecked);
  });

  it('shows a verdict the page reported while the popup was still loading, not a request to reload', async () => {
    const tabId = await showTab(undefined);
    let loads = 0;
    // The page's first report lands after the first load read the tab's state, before it answered.
    const load = async () => {
      loads += 1;
      const data = await loadPopupData();
      if (loads === 1) await fakeBrowser.storage.session.set({ [tabStateKey(tabId)]: tabState([flaggedSummary()]) });
      return data;
    };
    render(<PopupApp deps={fakeDeps().deps} load={load} />, container);
    await vi.waitFor(() => expect(text()).toContain(flaggedSummary().sender.name!));
    expect(text()).not.toContain(S.calmReload);
    expect(loads).toBe(2);
  });

  it('says nothing looks risky on a LinkedIn page it read and found nothing on', async () => {
    await showTab([]);
    await mount(fakeDeps().deps);
    expect(text()).toContain(S.calmNothingFlagged);
    expect(text()).toContain(LEVEL_WORDS.none);
    expect(text()).not.toContain(S.calmReload);
  });

  it('shows a message dated by day only as that day, not as a time at midnight', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    // A conversation card dates older messages by day only; the thread gives times.
    deps.senderMessages = vi.fn(async () => [
      { index: 0, text: 'A client seeks paid reports on policy.', at: '2026-11-20' },
      { index: 1, text: 'We can talk on WhatsApp instead.', at: '2026-11-21T09:30:00Z' },
    ]);
    await mount(deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(checkboxes()).toHaveLength(2));
    expect(text()).toContain(S.excerptLabel(0, '20 November 2026'));
    expect(text()).toContain(S.excerptLabel(1, formatDateTime(Date.parse('2026-11-21T09:30:00Z'))));
    expect(text()).not.toMatch(/Message 1 \(\d+ Nov, /);
  });

  it('previews exactly the composed body, with the ticked message and the note, and sends that body to the background', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    const tabId = await showTab([flaggedSummary()]);
    const { deps, sent } = fakeDeps();
    await mount(deps);

    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(preview()).toBeTruthy());
    // The messages come from the tab's page, asked for when the panel opens.
    expect(deps.senderMessages).toHaveBeenCalledWith(tabId, flaggedSummary().approachId);
    await vi.waitFor(() => expect(text()).not.toContain(S.excerptsReading));
    const boxes = checkboxes();
    expect(boxes).toHaveLength(2);
    boxes[1]!.click();
    typeInto(container.querySelector('.ag-panel textarea')!, 'Second approach this month.');

    const expected = composeReport(
      {
        approach: toApproach(flaggedSummary(), flaggedMessages()),
        verdict: toVerdict(flaggedSummary()),
        extensionVersion: '0.1.0',
        note: 'Second approach this month.',
        excerptMessages: [2],
      },
      { now: () => NOW, randomUUID: () => FIXED_UUID },
    ).body;
    await vi.waitFor(() => expect(preview()).toBe(expected));
    expect(expected).toContain('We can talk on WhatsApp instead.');
    expect(expected).not.toContain('paid reports on policy');

    button(S.send).click();
    await vi.waitFor(() => expect(text()).toContain(S.queued));
    const report = sent.find((m) => m.type === 'popup→background:report');
    expect(report).toEqual({ type: 'popup→background:report', approachId: 'urn:li:msg_conversation:2-abc', body: expected });
  });

  it('says when the page cannot give the sender’s messages, and reports without them', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    await showTab([flaggedSummary()]);
    const { deps, sent } = fakeDeps();
    let answer!: (messages: undefined) => void;
    vi.mocked(deps.senderMessages).mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    await mount(deps);

    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(text()).toContain(S.excerptsReading));
    answer(undefined);
    await vi.waitFor(() => expect(text()).toContain(S.excerptsUnavailable));
    expect(text()).not.toContain(S.excerptsReading);
    expect(checkboxes()).toHaveLength(0);
    expect(preview()).toBe(
      composeReport(
        { approach: toApproach(flaggedSummary()), verdict: toVerdict(flaggedSummary()), extensionVersion: '0.1.0', note: '', excerptMessages: [] },
        { now: () => NOW, randomUUID: () => FIXED_UUID },
      ).body,
    );
    button(S.send).click();
    await vi.waitFor(() => expect(text()).toContain(S.queued));
    expect(sent.some((m) => m.type === 'popup→background:report')).toBe(true);
  });

  it('keeps the report\u2019s time while the page\u2019s messages arrive, so the preview is what is sent', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    await showTab([flaggedSummary()]);
    const { deps, sent } = fakeDeps();
    let clock = NOW;
    deps.now = () => clock;
    let answer!: (messages: ReturnType<typeof flaggedMessages>) => void;
    vi.mocked(deps.senderMessages).mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    await mount(deps);

    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(text()).toContain(S.excerptsReading));
    const before = preview();
    clock += 1_500;
    answer(flaggedMessages());
    await vi.waitFor(() => expect(checkboxes().length).toBeGreaterThan(0));
    expect(preview()).toBe(before);
    expect(JSON.parse(preview()!).createdAt).toBe(new Date(NOW).toISOString());
    button(S.send).click();
    await vi.waitFor(() => expect(text()).toContain(S.queued));
    expect(sent.find((m) => m.type === 'popup\u2192background:report')).toMatchObject({ body: before });
  });

  it('unticks a message whose place in the thread another message took when it is read again', async () => {
    const { tabId, deps } = await reportWithSecondTicked();

    // LinkedIn loaded an older message above: the thread's third message is now another one.
    const [first, second] = flaggedMessages();
    vi.mocked(deps.senderMessages).mockImplementation(async () => [first!, { ...second!, text: 'An older message, loaded above.' }, { ...second!, index: 3 }]);
    await verdictsChange(tabId);
    await vi.waitFor(() => expect(checkboxes()).toHaveLength(3));
    // Nothing goes in that the user did not tick where it now stands, not even the ticked message moved down.
    expect([...checkboxes()].map((b) => b.checked)).toEqual([false, false, false]);
    await vi.waitFor(() => expect(JSON.parse(preview()!)).not.toHaveProperty('excerpts'));
    expect(text()).toContain(S.excerptsMoved);
    checkboxes()[2]!.click();
    await vi.waitFor(() => expect(JSON.parse(preview()!).excerpts).toEqual([expect.objectContaining({ message: 3, text: 'We can talk on WhatsApp instead.' })]));
    expect(text()).not.toContain(S.excerptsMoved);
  });

  it('shows the latest read of the page when an earlier one answers last', async () => {
    const tabId = await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    const answers: Array<(messages: ReturnType<typeof flaggedMessages>) => void> = [];
    vi.mocked(deps.senderMessages).mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    await mount(deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    await fakeBrowser.storage.session.set({ [tabStateKey(tabId)]: { ...tabState([flaggedSummary()]), updatedAt: NOW } });
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!(flaggedMessages().slice(0, 1));
    await vi.waitFor(() => expect(checkboxes()).toHaveLength(1));
    answers[0]!(flaggedMessages());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(checkboxes()).toHaveLength(1);
  });

  it('leaves out a ticked message the page no longer gives when it is read again', async () => {
    const { tabId, deps } = await reportWithSecondTicked();

    // The tab's verdicts change, and the page now gives only the first message.
    vi.mocked(deps.senderMessages).mockImplementation(async () => flaggedMessages().slice(0, 1));
    await verdictsChange(tabId);
    await vi.waitFor(() => expect(checkboxes()).toHaveLength(1));
    expect(preview()).not.toContain('WhatsApp instead');
    expect(JSON.parse(preview()!)).not.toHaveProperty('excerpts');
    expect(text()).toContain(S.excerptsMoved);

    // Given again where it stood, it is the message the user ticked.
    vi.mocked(deps.senderMessages).mockImplementation(async () => flaggedMessages());
    await verdictsChange(tabId, NOW + 1);
    await vi.waitFor(() => expect(preview()).toContain('We can talk on WhatsApp instead.'));
    expect(text()).not.toContain(S.excerptsMoved);
  });

  it('lets no more than the most messages a report holds be ticked: the rest wait, saying why, and the report stays sendable', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    const many = Array.from({ length: EXCERPTS_MAX + 2 }, (_, index) => ({ index, text: `Message number ${index}.`, at: '2026-11-20T10:00:00Z' }));
    deps.senderMessages = vi.fn(async () => many);
    await mount(deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(checkboxes()).toHaveLength(EXCERPTS_MAX + 2));
    for (const box of [...checkboxes()].slice(0, EXCERPTS_MAX)) box.click();
    await vi.waitFor(() => expect(JSON.parse(preview()!).excerpts).toHaveLength(EXCERPTS_MAX));

    const waiting = [...checkboxes()].slice(EXCERPTS_MAX);
    expect(waiting.map((box) => box.getAttribute('aria-disabled'))).toEqual(['true', 'true']);
    // Still in the Tab order, and said why.
    expect(waiting.every((box) => !box.disabled)).toBe(true);
    const why = container.querySelector(`[id="${waiting[0]!.getAttribute('aria-describedby')}"]`);
    expect(why?.textContent).toBe(S.excerptsLimit(EXCERPTS_MAX));
    waiting[0]!.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waiting[0]!.checked).toBe(false);
    expect(JSON.parse(preview()!).excerpts).toHaveLength(EXCERPTS_MAX);
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(button(S.send)).toBeDefined();

    // One unticked, the others may be ticked again.
    checkboxes()[0]!.click();
    await vi.waitFor(() => expect(checkboxes()[EXCERPTS_MAX]!.getAttribute('aria-disabled')).toBeNull());
  });

  it('says why a report cannot be composed in an alert of the panel, not as a fault of the note', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    await showTab([flaggedSummary()]);
    await mount(fakeDeps().deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(preview()).toBeTruthy());
    const note = container.querySelector<HTMLTextAreaElement>('.ag-panel textarea')!;
    // Pasted or set by script, past the field's own limit.
    typeInto(note, 'x'.repeat(NOTE_MAX_CHARS + 1));
    await vi.waitFor(() => expect(container.querySelector('.ag-panel [role="alert"]')?.textContent).toBe(REPORT_ERRORS.noteTooLong(NOTE_MAX_CHARS)));
    expect(note.getAttribute('aria-invalid')).toBeNull();
  });

  it('offers e-mail instead, saying why, when the report is too large to send directly', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach', reportEmail: 'security@parliament.example' });
    await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    // Control characters are written six characters each in the JSON body: a dozen such messages pass 64 KB.
    deps.senderMessages = vi.fn(async () => Array.from({ length: 12 }, (_, index) => ({ index, text: '\u0001'.repeat(1000) })));
    await mount(deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(checkboxes()).toHaveLength(12));
    for (const box of checkboxes()) box.click();
    await vi.waitFor(() => expect(container.querySelector('.ag-panel [role="alert"]')?.textContent).toBe(`${REPORT_ERRORS.tooLarge} ${S.channelFallback(S.channelLabels.email)}`));
    expect([...container.querySelectorAll('a')].some((a) => a.textContent === S.openEmail)).toBe(true);
    expect([...container.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.checked)?.value).toBe('email');
    expect(container.querySelector('.ag-panel textarea')!.getAttribute('aria-invalid')).toBeNull();
  });

  it('explains how to set up a security team when none is configured, and still copies the report to the clipboard', async () => {
    await showTab([flaggedSummary()]);
    const { deps, sent } = fakeDeps();
    await mount(deps);

    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(text()).toContain(S.noTeamHeading));
    button(S.openSettings).click();
    expect(deps.openOptions).toHaveBeenCalledOnce();

    button(S.copy).click();
    await vi.waitFor(() => expect(text()).toContain(S.copied));
    expect(deps.clipboard.writeText).toHaveBeenCalledWith(preview());
    expect(preview()).toContain('Approach Guard report');
    expect(sent.some((m) => m.type === 'popup→background:report')).toBe(false);
  });

  it('offers an e-mail link whose body is the previewed text', async () => {
    await updateSettings({ reportEmail: 'security@parliament.example' });
    await showTab([flaggedSummary()]);
    await mount(fakeDeps().deps);

    button(S.reportToTeam).click();
    const link = await vi.waitFor(() => {
      const found = [...container.querySelectorAll('a')].find((a) => a.textContent === S.openEmail);
      expect(found).toBeDefined();
      return found!;
    });
    const url = new URL(link.href);
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname).toBe('security@parliament.example');
    expect(decodeURIComponent(url.search.split('&body=')[1]!)).toBe(preview());
  });

  it('says how to fit a shortened e-mail with what the panel offers: no "Copy" where the user turned it off', async () => {
    for (const clipboardEnabled of [false, true]) {
      await updateSettings({ reportEmail: 'security@parliament.example', clipboardEnabled });
      await showTab([flaggedSummary()]);
      await mount(fakeDeps().deps);
      button(S.reportToTeam).click();
      await vi.waitFor(() => expect(preview()).toContain('Approach Guard report'));
      const note = container.querySelector<HTMLTextAreaElement>('textarea')!;
      note.value = 'A long note. '.repeat(150);
      note.dispatchEvent(new Event('input', { bubbles: true }));
      await vi.waitFor(() => expect(text()).toContain(S.emailTruncated(clipboardEnabled)));
      expect(text().includes('Copy to paste elsewhere'), `clipboard ${clipboardEnabled}`).toBe(clipboardEnabled);
      render(null, container);
    }
  });

  it('links an entity\u2019s source only when the pack in force cites it: a page cannot slip in another address', async () => {
    const cited = (baseline as { entities: Array<{ id: string; name: string; source: string }> }).entities[0]!;
    const entityHit = (source: string) => ({
      rule: 'entity.persona-name',
      indicator: 'known_flagged_entity' as const,
      weight: 60,
      evidence: [],
      entity: { id: cited.id, name: cited.name, type: 'persona' as const, flaggedBy: 'MI5', source, confidence: 'named' },
    });
    const summary = flaggedSummary();
    await showTab([{ ...summary, verdict: { ...summary.verdict, hits: [...summary.verdict.hits, entityHit(cited.source)] } }]);
    await mount(fakeDeps().deps);
    await vi.waitFor(() => expect(text()).toContain(cited.name));
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toContain(cited.source);
    render(null, container);

    const planted = 'https://npsa-gov-uk.example/verify-your-account';
    await showTab([{ ...summary, verdict: { ...summary.verdict, hits: [...summary.verdict.hits, entityHit(planted)] } }]);
    await mount(fakeDeps().deps);
    await vi.waitFor(() => expect(text()).toContain(planted));
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).not.toContain(planted);
  });

  it('prefers a webhook saved while the report panel is open, until the user picks a channel', async () => {
    await showTab([flaggedSummary()]);
    await mount(fakeDeps().deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(text()).toContain(S.noTeamHeading));
    expect(preview()).toContain('Approach Guard report');

    // Saved in the options page meanwhile: the panel now offers the webhook first, and shows its body.
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/ag', reportEmail: 'security@parliament.example' });
    await vi.waitFor(() => expect(JSON.parse(preview() ?? '')).toMatchObject({ format: 'approach-guard.report' }));

    // Once the user chose e-mail, a later change of settings leaves that choice alone.
    const email = [...container.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.value === 'email')!;
    email.click();
    await vi.waitFor(() => expect(preview()).toContain('Approach Guard report'));
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/other' });
    await vi.waitFor(() => expect(text()).toContain(S.openEmail));
    expect(preview()).toContain('Approach Guard report');
  });

  it('opens only the sender\u2019s LinkedIn profile and LinkedIn\u2019s help page, and explains the steps', async () => {
    await showTab([{ ...flaggedSummary(), sender: { ...flaggedSummary().sender, profileUrl: 'https://www.linkedin.com/in/Amy-Chen-4471/' } }]);
    const { deps } = fakeDeps();
    await mount(deps);

    button(S.reportOnLinkedIn).click();
    await vi.waitFor(() => expect(text()).toContain('"Report / Block"'));
    button(S.linkedInOpen).click();
    await vi.waitFor(() => expect(deps.openTab).toHaveBeenCalledTimes(2));
    expect(vi.mocked(deps.openTab).mock.calls).toEqual([
      [LINKEDIN_REPORT_HELP_URL, false],
      ['https://www.linkedin.com/in/amy-chen-4471/', true],
    ]);
  });

  it('says so when the browser will not open the profile, rather than nothing', async () => {
    await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.mocked(deps.openTab).mockRejectedValue(new Error('Tabs cannot be edited right now'));
    await mount(deps);
    button(S.reportOnLinkedIn).click();
    await vi.waitFor(() => expect(text()).toContain('"Report / Block"'));
    button(S.linkedInOpen).click();
    await vi.waitFor(() => expect(container.querySelector('.ag-panel .ag-status--error')?.textContent).toBe(S.linkedInOpenFailed));
    expect(text()).not.toContain(S.linkedInOpened);
    expect(warn).toHaveBeenCalled();
  });

  it('offers no profile to open for a sender without one, and never shows one whose profile is off www.linkedin.com/in/', async () => {
    await showTab([
      { ...flaggedSummary(), approachId: 'linkedin:thread:evil', sender: { name: 'Eve Other', profileUrl: 'https://evil.example/in/amy/' } },
      { ...flaggedSummary(), sender: { name: 'Amy Chen' } },
    ]);
    const { deps } = fakeDeps();
    await mount(deps);
    expect(text()).not.toContain('Eve Other');

    button(S.reportOnLinkedIn).click();
    await vi.waitFor(() => expect(text()).toContain(S.linkedInNoProfile));
    expect([...container.querySelectorAll('button')].some((b) => b.textContent === S.linkedInOpen)).toBe(false);
    expect(button(S.notSuspicious).disabled).toBe(true);
  });

  describe('people who wrote before and whom a newer pack flags', () => {
    const ORLA = 'https://www.linkedin.com/in/orla-packtest/';
    const SAM = 'https://www.linkedin.com/in/sam-surfaced/';
    const notice = () =>
      addToSurfacedNotice(
        [
          { profileUrl: ORLA, name: 'Orla <b>Packtest</b>', level: 'high' },
          { profileUrl: SAM, level: 'medium' },
        ],
        'Security team pack 2026.12.1',
        NOW - 60_000,
      );

    it('names them on any tab, with their level and a link to their profile, until the user has seen them', async () => {
      await notice();
      await showTab(undefined, 'https://example.org/');
      const { deps, sent } = fakeDeps();
      // What the background does with the message (tests/unit/background/start.test.ts).
      const send = deps.send;
      deps.send = (async (message: PopupToBackground) => {
        if (message.type === 'popup→background:surfaced-seen') await clearSurfacedNotice(message);
        return send(message);
      }) as PopupDeps['send'];
      await mount(deps);

      const section = container.querySelector('.ag-surfaced')!;
      expect(section.querySelector('h2')?.textContent).toBe(S.surfacedHeading(2));
      expect(section.textContent).toContain(S.surfacedIntro('Security team pack 2026.12.1', 2, false));
      // Stored without what the pack found, they cannot be reported from here, and the text does not say so.
      expect(section.querySelectorAll('button')).toHaveLength(1);
      const links = [...section.querySelectorAll('a')];
      expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target')])).toEqual([
        [`Orla <b>Packtest</b> ${S.opensInNewTab}`, ORLA, '_blank'],
        [`${S.unknownSender} ${S.opensInNewTab}`, SAM, '_blank'],
      ]);
      expect(section.querySelector('b')).toBeNull();
      expect([...section.querySelectorAll('.ag-badge')].map((b) => b.textContent)).toEqual([LEVEL_WORDS.high, LEVEL_WORDS.medium]);

      button(S.surfacedSeen).click();
      await vi.waitFor(() => expect(container.querySelector('.ag-surfaced')).toBeNull());
      expect(sent).toContainEqual({ type: 'popup→background:surfaced-seen', upTo: NOW - 60_000, profiles: [ORLA, SAM], highOnly: false });
      expect(text()).toContain(S.surfacedDismissed);
    });

    it('reports one of them from the notice, without opening their profile, with what the pack found', async () => {
      await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
      const verdict = {
        score: 100,
        level: 'high' as const,
        hits: [{ rule: 'entity.profile-url', indicator: 'known_flagged_entity' as const, weight: 100 }],
        packVersion: '2026.11.28+org.security-team@2026.12.1',
      };
      // She wrote in an InMail: the report says so.
      await addToSurfacedNotice([{ profileUrl: ORLA, name: 'Orla Packtest', level: 'high', verdict, surface: 'inmail' }], 'Security team pack 2026.12.1', NOW - 60_000);
      await showTab(undefined, 'https://example.org/');
      const { deps, sent } = fakeDeps();
      await mount(deps);
      const report = container.querySelector<HTMLButtonElement>(`.ag-surfaced button[aria-label="${S.reportToTeam}: Orla Packtest"]`)!;
      expect(report.textContent).toBe(S.reportToTeam);
      report.click();
      await vi.waitFor(() => expect(preview()).toBeTruthy());
      const body = JSON.parse(preview()!);
      expect(body).toMatchObject({ surface: 'inmail', sender: { name: 'Orla Packtest', profileUrl: ORLA }, verdict: { level: 'high', indicators: ['known_flagged_entity'], rules: ['entity.profile-url'] } });
      expect(JSON.stringify(body)).not.toContain('"excerpts"');
      // No page is asked for messages, and the panel says why there are none.
      expect(deps.senderMessages).not.toHaveBeenCalled();
      expect(text()).toContain(S.surfacedNoMessages);
      expect(text()).not.toContain(S.excerptsUnavailable);
      expect(container.querySelector('.ag-surfaced')!.textContent).toContain(S.surfacedIntro('Security team pack 2026.12.1', 1, true));
      button(S.send).click();
      await vi.waitFor(() => expect(sent.some((m) => m.type === 'popup→background:report')).toBe(true));
      const message = sent.find((m) => m.type === 'popup→background:report') as Extract<PopupToBackground, { type: 'popup→background:report' }>;
      expect(message.body).toBe(preview());
      expect(message.approachId).toBe(`surfaced:${ORLA}`);
      // Closing the panel gives focus back to the button that opened it.
      const reportButton = container.querySelector<HTMLButtonElement>(`.ag-surfaced button[aria-label="${S.reportToTeam}: Orla Packtest"]`)!;
      expect(reportButton.getAttribute('aria-expanded')).toBe('true');
      expect(container.querySelector(`#${CSS.escape(reportButton.getAttribute('aria-controls')!)}`)).not.toBeNull();
      button(S.closePanel).click();
      await vi.waitFor(() => expect(document.activeElement).toBe(reportButton));
      expect(reportButton.getAttribute('aria-expanded')).toBe('false');
    });

    it('says a person was met on their profile when the notice does not say where they wrote from (an entry from before it did)', () => {
      const verdict = { score: 90, level: 'high' as const, packVersion: 'p', hits: [] };
      expect(surfacedSummary({ profileUrl: ORLA, level: 'high', at: 1, verdict }).surface).toBe('profile');
      expect(surfacedSummary({ profileUrl: ORLA, level: 'high', at: 1, verdict, surface: 'message' }).surface).toBe('message');
    });

    it('leaves out people marked "Not suspicious" since, and shows nothing when none is left', async () => {
      await notice();
      await markNotSuspicious({ profileUrl: ORLA });
      await showTab([flaggedSummary()]);
      await mount(fakeDeps().deps);
      const section = container.querySelector('.ag-surfaced')!;
      expect(section.querySelector('h2')?.textContent).toBe(S.surfacedHeading(1));
      expect(section.textContent).not.toContain('Orla');
      // The tab's own approaches are still shown below it.
      expect(text()).toContain('Amy Chen');
      await markNotSuspicious({ profileUrl: SAM });
      await vi.waitFor(() => expect(container.querySelector('.ag-surfaced')).toBeNull());
    });

    it('names only people at or above the user\'s warning threshold', async () => {
      await notice();
      await updateSettings({ threshold: 'high' });
      await showTab(undefined, 'https://example.org/');
      const { deps, sent } = fakeDeps();
      await mount(deps);
      const section = container.querySelector('.ag-surfaced')!;
      expect(section.querySelector('h2')?.textContent).toBe(S.surfacedHeading(1));
      expect(section.querySelectorAll('li')).toHaveLength(1);
      expect(section.querySelector('li a')?.getAttribute('href')).toBe(ORLA);
      // Seeing it takes out the one shown, not the one below the threshold.
      button(S.surfacedSeen).click();
      await vi.waitFor(() => expect(sent.some((m) => m.type === 'popup→background:surfaced-seen')).toBe(true));
      expect(sent).toContainEqual({ type: 'popup→background:surfaced-seen', upTo: NOW - 60_000, profiles: [ORLA], highOnly: true });
    });

    it('says so, and keeps the notice, when the background cannot take it away', async () => {
      await notice();
      await showTab(undefined, 'https://example.org/');
      const { deps } = fakeDeps();
      deps.send = (async () => ({ ok: false, code: 'internal', error: 'storage is full' })) as PopupDeps['send'];
      await mount(deps);
      button(S.surfacedSeen).click();
      await vi.waitFor(() => expect(text()).toContain(S.changeNotSaved));
      expect(container.querySelector('.ag-surfaced')).not.toBeNull();
    });
  });

  it('marks a sender not suspicious on this device, hides the approach, and can undo it', async () => {
    await showTab([flaggedSummary()]);
    const { deps, sent } = fakeDeps();
    await mount(deps);

    button(S.notSuspicious).click();
    await vi.waitFor(() => expect(text()).toContain(S.markedNotSuspicious('Amy Chen')));
    // Through the background, which keeps the list for every page.
    expect(sent).toContainEqual({ type: 'popup→background:not-suspicious', profileUrl: 'https://www.linkedin.com/in/amy-chen-4471/', marked: true, name: 'Amy Chen' });
    await vi.waitFor(() => expect(container.querySelector('article')).toBeNull());
    expect((await readNotSuspicious()).entries.map((e) => e.profileUrl)).toEqual(['https://www.linkedin.com/in/amy-chen-4471/']);

    button(S.undo).click();
    await vi.waitFor(() => expect(container.querySelector('article')).not.toBeNull());
    expect((await readNotSuspicious()).entries).toEqual([]);
  });

  it('says so when "Not suspicious" or its Undo cannot be saved, and keeps the approach as it was', async () => {
    await showTab([flaggedSummary()]);
    await mount(fakeDeps().deps);
    vi.spyOn(trustedArea(), 'set').mockRejectedValueOnce(new Error('the database would not open'));
    button(S.notSuspicious).click();
    await vi.waitFor(() => expect(text()).toContain(S.changeNotSaved));
    expect(container.querySelector('article')).not.toBeNull();
    expect((await readNotSuspicious()).entries).toEqual([]);

    button(S.notSuspicious).click();
    await vi.waitFor(() => expect(text()).toContain(S.markedNotSuspicious('Amy Chen')));
    vi.spyOn(trustedArea(), 'set').mockRejectedValueOnce(new Error('the database would not open'));
    button(S.undo).click();
    await vi.waitFor(() => expect(text()).toContain(S.changeNotSaved));
    expect((await readNotSuspicious()).entries).toHaveLength(1);
  });

  it('says why the background refused a Discard (the report is being sent)', async () => {
    await showTab([]);
    const items: OutboxItemView[] = [
      { key: FIXED_UUID, state: 'failed', attempts: 1, createdAt: NOW - 60_000, updatedAt: NOW, destination: 'soc.example.org', senderName: 'Amy Chen', level: 'high', lastError: 'HTTP 404', lastStatus: 404 },
    ];
    const { deps } = fakeDeps(items);
    const answer = deps.send;
    deps.send = (async (message: PopupToBackground) =>
      message.type === 'popup→background:outbox-discard' ? { ok: false, code: 'invalid-message', error: REPORT_ERRORS.busyDiscard } : answer(message)) as PopupDeps['send'];
    await mount(deps);
    await vi.waitFor(() => expect(text()).toContain(S.outboxHeading));
    // Each report's buttons say which report they act on.
    expect(button(S.discard).getAttribute('aria-label')).toBe(S.discardFor('Amy Chen'));
    expect(button(S.retryNow).getAttribute('aria-label')).toBe(S.retryNowFor('Amy Chen'));
    button(S.discard).focus();
    button(S.discard).click();
    await vi.waitFor(() => expect(container.querySelector('.ag-outbox')?.textContent).toContain(REPORT_ERRORS.busyDiscard));
    // The focus stays in the list rather than dropping to the page.
    expect(document.activeElement).toBe(container.querySelector('#ag-outbox-heading'));
  });

  it('keeps the list, and the focus in it, when the last report is discarded', async () => {
    await showTab([]);
    const items: OutboxItemView[] = [
      { key: FIXED_UUID, state: 'failed', attempts: 1, createdAt: NOW - 60_000, updatedAt: NOW, destination: 'soc.example.org', senderName: 'Amy Chen', level: 'high', lastError: 'HTTP 404', lastStatus: 404 },
    ];
    const { deps } = fakeDeps(items);
    await mount(deps);
    await vi.waitFor(() => expect(text()).toContain(S.outboxHeading));
    button(S.discard).focus();
    button(S.discard).click();
    // The background removed it, and says so through storage.
    items.splice(0);
    await trustedArea().set({ [OUTBOX_STORAGE_KEY]: { version: 1, items: [] } });
    await vi.waitFor(() => expect(text()).toContain(S.outboxEmpty));
    const section = container.querySelector<HTMLElement>('.ag-outbox')!;
    expect(section.hidden).toBe(false);
    expect(document.activeElement).toBe(section.querySelector('h2'));
  });

  it('shows a report\u2019s latest state when an earlier list answers last: "Sending" does not replace "Sent"', async () => {
    await showTab([]);
    const item = (state: OutboxItemView['state']): OutboxItemView => ({ key: FIXED_UUID, state, attempts: 1, createdAt: NOW - 60_000, updatedAt: NOW, destination: 'soc.example.org', senderName: 'Amy Chen' });
    const { deps } = fakeDeps();
    const answer = deps.send;
    let lists = 0;
    let release: (() => void) | undefined;
    deps.send = (async (message: PopupToBackground) => {
      if (message.type !== 'popup→background:outbox-list') return answer(message);
      const call = (lists += 1);
      if (call === 1) return { ok: true, items: [item('queued')] };
      // The second list is read while the report is being sent, and answers late.
      if (call === 2) {
        await new Promise<void>((resolve) => (release = resolve));
        return { ok: true, items: [item('sending')] };
      }
      return { ok: true, items: [item('sent')] };
    }) as PopupDeps['send'];
    await mount(deps);
    const state = () => container.querySelector('.ag-outbox__state')?.textContent;
    await vi.waitFor(() => expect(state()).toBe(S.outboxStates.queued));

    await trustedArea().set({ [OUTBOX_STORAGE_KEY]: { version: 1, items: [] } });
    await vi.waitFor(() => expect(release).toBeDefined());
    await trustedArea().set({ [OUTBOX_STORAGE_KEY]: { version: 1, items: [] } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release!();
    await vi.waitFor(() => expect(state()).toBe(S.outboxStates.sent));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state()).toBe(S.outboxStates.sent);
  });

  it('lists reports in the outbox with their states and offers a retry for one that was not sent', async () => {
    await showTab([]);
    const items: OutboxItemView[] = [
      { key: FIXED_UUID, state: 'failed', attempts: 1, createdAt: NOW - 60_000, updatedAt: NOW, destination: 'soc.example.org', senderName: 'Amy Chen', level: 'high', lastError: 'HTTP 404', lastStatus: 404 },
      { key: '00000000-0000-4000-8000-0000000000bb', state: 'sent', attempts: 1, createdAt: NOW - 120_000, updatedAt: NOW, destination: 'soc.example.org', senderName: 'Ben Low', sentAt: NOW },
      { key: '00000000-0000-4000-8000-0000000000cc', state: 'queued', attempts: 1, createdAt: NOW - 30_000, updatedAt: NOW, destination: 'soc.example.org', senderName: 'Cy Ng', lastError: OUTBOX_ERRORS.noAddress, nextAttemptAt: NOW + 300_000 },
    ];
    const { deps, sent } = fakeDeps(items);
    await mount(deps);

    await vi.waitFor(() => expect(text()).toContain(S.outboxHeading));
    // A report still waiting can be discarded too; a sent one offers nothing.
    const names = [...container.querySelectorAll('.ag-outbox button')].map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual([S.retryNowFor('Amy Chen'), S.discardFor('Amy Chen'), S.retryNowFor('Cy Ng'), S.discardFor('Cy Ng')]);
    expect(text()).toContain(OUTBOX_ERRORS.noAddress);
    const entries = [...container.querySelectorAll('.ag-outbox__item')].map((li) => li.textContent);
    expect(entries[0]).toContain('Not sent');
    expect(entries[0]).toContain('HTTP 404');
    expect(entries[1]).toContain('Sent');
    button(S.retryNow).click();
    expect(sent).toContainEqual({ type: 'popup→background:outbox-retry', key: FIXED_UUID });
  });

  it('renders names and quotes from the page as text, never as markup', async () => {
    const hostile = flaggedSummary();
    hostile.sender.name = '<img src=x onerror="alert(1)">';
    hostile.verdict.hits[0]!.evidence[0]!.quote = '<b>paid</b> reports';
    await showTab([hostile]);
    await mount(fakeDeps().deps);

    expect(text()).toContain('<img src=x onerror="alert(1)">');
    expect(text()).toContain('<b>paid</b> reports');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.ag-cue b')).toBeNull();
  });
  it('shows the sender’s LinkedIn photo small, with no alt text and no referrer, and leaves it out of the report', async () => {
    const photo = 'https://media.licdn.com/dms/image/v2/D4E03AQ/profile-displayphoto-shrink_100_100/0/1?e=1&v=beta&t=x';
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    await showTab([{ ...flaggedSummary(), sender: { ...flaggedSummary().sender, hasPhoto: true, photoUrl: photo } }]);
    await mount(fakeDeps().deps);

    const images = [...container.querySelectorAll('img')];
    expect(images).toHaveLength(1);
    expect(images[0]!.getAttribute('src')).toBe(photo);
    expect(images[0]!.getAttribute('alt')).toBe('');
    expect(images[0]!.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(images[0]!.getAttribute('width')).toBe('40');
    expect(container.querySelector('[data-testid="photo-placeholder"]')).toBeNull();
    expect(text()).not.toContain(S.noProfilePhoto);

    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(preview()).toBeTruthy());
    expect(preview()).not.toContain('licdn');
  });

  it('shows a neutral placeholder and says "No profile photo" when the page shows none', async () => {
    await showTab([{ ...flaggedSummary(), sender: { ...flaggedSummary().sender, hasPhoto: false } }]);
    await mount(fakeDeps().deps);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[data-testid="photo-placeholder"]')?.getAttribute('aria-hidden')).toBe('true');
    expect(text()).toContain(S.noProfilePhoto);
  });

  it('shows the placeholder without the note when the page did not say whether there is a photo', async () => {
    await showTab([flaggedSummary()]);
    await mount(fakeDeps().deps);
    expect(container.querySelector('[data-testid="photo-placeholder"]')).not.toBeNull();
    expect(text()).not.toContain(S.noProfilePhoto);
  });

  it.each(['https://tracker.example.org/dms/image/p.jpg', 'http://media.licdn.com/dms/image/p.jpg', 'https://media.licdn.com.example.org/dms/image/p'])(
    'never loads a photo from %s, whether it comes through stored state or straight to the photo component',
    async (photoUrl) => {
      await showTab([{ ...flaggedSummary(), sender: { ...flaggedSummary().sender, hasPhoto: true, photoUrl } }]);
      await mount(fakeDeps().deps);
      expect(container.querySelector('img')).toBeNull();
      render(null, container);

      render(<SenderPhoto photoUrl={photoUrl} />, container);
      expect(container.querySelector('img')).toBeNull();
      expect(container.querySelector('[data-testid="photo-placeholder"]')).not.toBeNull();
    },
  );
  it('describes what the profile shows instead of quoting it as the sender’s words', async () => {
    const summary = flaggedSummary();
    summary.verdict.hits.push({
      rule: 'profile.new-account-no-photo',
      indicator: 'profile_anomaly',
      weight: 15,
      evidence: [
        { message: -1, start: 0, end: 16, quote: 'no profile photo', field: 'profile' },
        { message: -1, start: 0, end: 14, quote: 'joined 2026-10', field: 'profile' },
      ],
    });
    await showTab([summary]);
    await mount(fakeDeps().deps);

    const cue = container.querySelector('[data-indicator="profile_anomaly"]')!;
    expect(cue.querySelectorAll('q')).toHaveLength(0);
    expect(cue.querySelector('.ag-cue__profile')?.textContent).toBe(`${S.profileFactsLabel}: no profile photo, joined 2026-10`);
    const quotes = [...container.querySelectorAll('q')].map((q) => q.textContent);
    expect(quotes).not.toContain('no profile photo');
    expect(quotes).toEqual(expect.arrayContaining(['paid reports', 'WhatsApp']));
  });

  it('keeps the report’s key while the preview is composed again, sends the key shown, and takes a new one after sending', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    const tabId = await showTab([flaggedSummary()]);
    const { deps, sent } = fakeDeps();
    let n = 0;
    deps.randomUUID = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    await mount(deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(preview()).toBeTruthy());
    const keyShown = () => JSON.parse(preview()!).idempotencyKey as string;
    const first = keyShown();
    // The page reports again (its verdicts change), and a note is typed: the preview is composed again.
    await verdictsChange(tabId, NOW + 1000);
    typeInto(container.querySelector<HTMLTextAreaElement>('.ag-panel textarea')!, 'Met at a conference.');
    await vi.waitFor(() => expect(preview()).toContain('Met at a conference.'));
    expect(keyShown()).toBe(first);
    button(S.send).click();
    await vi.waitFor(() => expect(sent.filter((m) => m.type === 'popup→background:report')).toHaveLength(1));
    const report = sent.find((m) => m.type === 'popup→background:report') as Extract<PopupToBackground, { type: 'popup→background:report' }>;
    expect(JSON.parse(report.body).idempotencyKey).toBe(first);
    // What is sent next is another report.
    await vi.waitFor(() => expect(keyShown()).not.toBe(first));
  });

  it('takes a new key after a send that failed, so an edited report is not taken for the one that may have reached the outbox', async () => {
    await updateSettings({ webhookUrl: 'https://soc.example.org/hooks/approach' });
    await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    let n = 0;
    deps.randomUUID = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    deps.send = (async () => ({ ok: false, code: 'internal', error: 'the worker restarted' })) as PopupDeps['send'];
    await mount(deps);
    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(preview()).toBeTruthy());
    const first = JSON.parse(preview()!).idempotencyKey;
    button(S.send).click();
    await vi.waitFor(() => expect(text()).toContain(S.reportFailed('the worker restarted')));
    expect(JSON.parse(preview()!).idempotencyKey).not.toBe(first);
  });

  it('sends a report the endpoint refused again when Send is clicked again', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    const fetch = scriptedFetch([400, 200]);
    const reporting = registerReporting({ fetch: fetch.fetch, log: () => undefined });
    await reporting.ready;
    await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    deps.send = toBackground();
    await mount(deps);

    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(preview()).toBeTruthy());
    const stored = async () => ((await trustedArea().get(OUTBOX_STORAGE_KEY))[OUTBOX_STORAGE_KEY] as { items: Array<{ state: string; lastError?: string }> }).items;
    button(S.send).click();
    await vi.waitFor(() => expect(text()).toContain(S.queued));
    await reporting.outbox.flush();
    expect(await stored()).toMatchObject([{ state: 'failed', lastError: 'HTTP 400' }]);
    // The same report again (the user was told it was not sent): sent again, not taken for a double click.
    button(S.send).click();
    await vi.waitFor(() => expect(fetch.calls).toHaveLength(2));
    await reporting.outbox.flush();
    expect(await stored()).toMatchObject([{ state: 'sent' }]);
  });

  it('queues one report when Send is clicked twice in quick succession', async () => {
    await updateSettings({ webhookUrl: WEBHOOK });
    const fetch = scriptedFetch([200]);
    const reporting = registerReporting({ fetch: fetch.fetch, log: () => undefined });
    await reporting.ready;
    await showTab([flaggedSummary()]);
    const { deps } = fakeDeps();
    // The popup's messages go to the real background handler, as browser.runtime.sendMessage would.
    const reportMessages: unknown[] = [];
    deps.send = toBackground((message) => {
      if (message.type === 'popup→background:report') reportMessages.push(message);
    });
    await mount(deps);

    button(S.reportToTeam).click();
    await vi.waitFor(() => expect(preview()).toBeTruthy());
    const send = button(S.send);
    send.click();
    send.click();
    await vi.waitFor(() => expect(text()).toMatch(new RegExp(`${S.queued.slice(0, 20)}|${S.sent}`)));
    await reporting.outbox.flush();

    expect(reportMessages).toHaveLength(1);
    const stored = (await trustedArea().get(OUTBOX_STORAGE_KEY))[OUTBOX_STORAGE_KEY] as { items: unknown[] };
    expect(stored.items).toHaveLength(1);
    expect(fetch.calls).toHaveLength(1);
  });
});
