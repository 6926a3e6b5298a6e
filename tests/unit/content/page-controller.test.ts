import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PageController } from '../../../src/content/page-controller';
import { WarningPresenter } from '../../../src/content/presenter';
import { parseContentSettings } from '../../../src/content/settings';
import { HIGHLIGHT_NAMES } from '../../../src/content/highlights';
import { HOST_SELECTOR, LEVEL_ATTRIBUTE, shadowRoots } from '../../../src/content/warning/host';
import { WarningPanel } from '../../../src/content/warning/warning';
import type { ContentSettings, VerdictsMessage } from '../../../src/messaging/protocol';
import { linkedinAdapters } from '../../../src/sites/linkedin';
import { WARNING_NOT_SAVED } from '../../../src/ui/strings';
import { loadFixture, type FixtureName } from './fixtures';
import { baselinePack, FakeLifetime, mutationsDelivered } from './helpers';

const INMAIL_THREAD = 'linkedin:thread:00000000-0000-4000-8000-000000000006_012';
const LONG_THREAD = 'linkedin:thread:00000000-0000-4000-8000-000000000005_012';

interface Setup {
  doc: Document;
  lifetime: FakeLifetime;
  controller: PageController;
  sent: VerdictsMessage[];
  notSuspicious: Array<[string, string | undefined]>;
}

/** The fixture, changed by `change` before the controller starts, and its first scan done. */
function open(
  name: FixtureName,
  settings: Partial<ContentSettings> = {},
  change?: (doc: Document) => void,
  reachable = () => true,
  storing = () => true,
  /** The background's answer to "Not suspicious". */
  saving: () => unknown = () => ({ ok: true }),
): Setup {
  const { document: doc } = loadFixture(name);
  change?.(doc);
  const lifetime = new FakeLifetime();
  const sent: VerdictsMessage[] = [];
  const notSuspicious: Array<[string, string | undefined]> = [];
  const controller = new PageController(
    {
      lifetime,
      doc,
      adapters: linkedinAdapters,
      sendVerdicts: async (message) => {
        if (!reachable()) throw new Error('Could not establish connection. Receiving end does not exist.');
        sent.push(message);
        return storing() ? { ok: true } : { ok: false, error: 'tab state not stored' };
      },
      sendNotSuspicious: async (url, senderName) => {
        notSuspicious.push([url, senderName]);
        return saving();
      },
      now: () => lifetime.clock,
    },
    baselinePack(),
    { ...parseContentSettings(undefined), ...settings },
  );
  controller.start();
  lifetime.advance();
  return { doc, lifetime, controller, sent, notSuspicious };
}

const hosts = (doc: Document) => [...doc.querySelectorAll(HOST_SELECTOR)] as HTMLElement[];
/** Two risky conversation-card snippets, for cards a test renames. */
const RISKY_SNIPPETS = [
  'Our client pays well in USDT for short reports on non-public policy plans. Please keep this between us and continue on Telegram.',
  'Paid consultancy for insider insight on the committee, expenses-paid trip, payment in crypto. Reply on WhatsApp and keep it confidential.',
];
const warningText = (host: HTMLElement) => shadowRoots.get(host)?.textContent ?? '';

/**
 * Appends a message from the other party as LinkedIn does (a follow-up in the last group), or
 * what `wrap` makes of it.
 */
function appendIncoming(doc: Document, text: string, wrap = (message: Element): Element => message): void {
  const events = doc.querySelectorAll('.msg-thread li.msg-s-message-list__event:has(.msg-s-event-listitem--other)');
  const last = events[events.length - 1]!;
  const copy = last.cloneNode(true) as Element;
  copy.querySelector('.msg-s-message-group__meta')?.remove();
  copy.querySelector('time.msg-s-message-list__time-heading')?.remove();
  copy.querySelector('.msg-s-event-listitem__subject')?.remove();
  copy.querySelector('p.msg-s-event-listitem__body')!.textContent = text;
  last.after(wrap(copy));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading a page', () => {
  it('warns beside the thread header of a risky InMail, at its level, naming its cues', () => {
    const { doc, controller, sent } = open('messaging-inmail-harmful.html');
    const [host, ...others] = hosts(doc);
    expect(others).toEqual([]);
    expect(host!.getAttribute(LEVEL_ATTRIBUTE)).toBe('high');
    expect(host!.previousElementSibling?.classList.contains('msg-title-bar')).toBe(true);
    expect(warningText(host!)).toContain('High risk');
    expect(warningText(host!)).toContain('Unusual payment');
    expect(warningText(host!)).toContain('“Payment can be made in USDT”');
    expect(controller.warnings).toBe(1);
    expect(sent.at(-1)!.approaches.find((a) => a.approachId === INMAIL_THREAD)?.verdict.level).toBe('high');
  });

  it('adds nothing to an ordinary inbox, but still reports what it read', () => {
    const { doc, sent } = open('linkedin-messaging.html');
    expect(hosts(doc)).toEqual([]);
    expect(sent.at(-1)!.approaches.length).toBeGreaterThan(5);
    // The one low item (LinkedIn's own label) stays below the default threshold.
    expect(sent.at(-1)!.approaches.filter((a) => a.verdict.level !== 'none').map((a) => a.verdict.level)).toEqual(['low']);
  });

  it('warns inside a risky invitation card and after a risky profile top card', () => {
    const invitations = open('invitations-risky-note.html');
    const [card] = hosts(invitations.doc);
    expect(hosts(invitations.doc)).toHaveLength(1);
    expect(card!.getAttribute(LEVEL_ATTRIBUTE)).toBe('high');
    expect(card!.parentElement?.getAttribute('role')).toBe('listitem');
    expect(warningText(card!)).toContain('This invitation has signs');

    const profile = open('profile-about-section.html');
    const [top] = hosts(profile.doc);
    expect(top!.getAttribute(LEVEL_ATTRIBUTE)).toBe('medium');
    expect(top!.previousElementSibling?.matches('section[data-member-id], main section')).toBe(true);
    expect(warningText(top!)).toContain('“WhatsApp”');
  });

  it('keeps the sender’s messages in the page, and gives only the sender’s own, with their indexes, when asked', () => {
    const { sent, controller } = open('messaging-long-thread.html');
    const thread = sent.at(-1)!.approaches.find((a) => a.approachId === LONG_THREAD)!;
    expect(thread.verdict.level).not.toBe('none');
    expect(thread).not.toHaveProperty('messages');
    const messages = controller.senderMessages(LONG_THREAD)!;
    const own = controller.tracked.find((t) => t.extracted.approach.id === LONG_THREAD)!.extracted.approach.messages;
    expect(messages.length).toBe(29);
    expect(messages.every((m) => own[m.index]!.fromSelf !== true && own[m.index]!.text.startsWith(m.text))).toBe(true);
    expect(new Set(messages.map((m) => m.index)).size).toBe(29);
    expect(controller.senderMessages('linkedin:thread:not-on-this-page')).toBeUndefined();
    controller.stop();
    expect(controller.senderMessages(LONG_THREAD)).toBeUndefined();
  });
});

describe('following changes', () => {
  it('scores a message appended after load, and only the approach it belongs to', async () => {
    const { doc, lifetime, controller, sent } = open('linkedin-messaging.html');
    const before = controller.scoreCalls;
    expect(hosts(doc)).toEqual([]);

    appendIncoming(doc, 'Our client pays well for short reports on non-public policy plans. Continue on Telegram?');
    await mutationsDelivered();
    lifetime.advance(1000);

    expect(controller.scoreCalls).toBe(before + 1);
    const [host] = hosts(doc);
    expect(host?.getAttribute(LEVEL_ATTRIBUTE)).toMatch(/medium|high/);
    expect(sent.at(-1)!.approaches[0]!.verdict.level).toMatch(/medium|high/);
    expect(controller.senderMessages(sent.at(-1)!.approaches[0]!.approachId)!.at(-1)?.text).toContain('Telegram');
  });

  it('reads a card snippet LinkedIn took out, filled and put back, as it is now', async () => {
    const { doc, lifetime, controller } = open('linkedin-messaging.html');
    const card = [...doc.querySelectorAll('li.msg-conversation-listitem')].find((li) => li.textContent!.includes('Owen Fischer'))!;
    const snippet = card.querySelector('p.msg-conversation-card__message-snippet')!;
    const snippetOf = () => controller.tracked.find((t) => t.extracted.approach.id === 'linkedin:conversation:owen fischer')?.extracted.approach.messages[0]?.text;
    const [parent, next] = [snippet.parentNode!, snippet.nextSibling];
    snippet.remove();
    await mutationsDelivered();
    lifetime.advance(1000);
    // Filled while out of the page (a list that recycles its rows), where no observer sees it.
    snippet.textContent = `Owen: ${RISKY_SNIPPETS[0]}`;
    await mutationsDelivered();
    lifetime.advance(1000);
    parent.insertBefore(snippet, next);
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(snippetOf()).toBe(RISKY_SNIPPETS[0]);
    expect(controller.tracked.find((t) => t.extracted.approach.id === 'linkedin:conversation:owen fischer')?.verdict.level).toMatch(/medium|high/);
  });

  it('tells the background only what changed for it, and everything again after a message it missed', async () => {
    let reachable = true;
    const { doc, lifetime, controller, sent } = open('linkedin-messaging.html', {}, undefined, () => reachable);
    const reports = sent.length;
    const scans = controller.scans;
    const threadTexts = () => controller.tracked.find((t) => t.extracted.meta.source === 'thread')!.extracted.approach.messages.map((m) => m.text);

    appendIncoming(doc, 'Thanks, see you at the seminar on Thursday.');
    await mutationsDelivered();
    lifetime.advance(1000);
    // Read and scored, but in an ordinary thread no text travels: every summary is as it was.
    expect(controller.scans).toBeGreaterThan(scans);
    expect(threadTexts().at(-1)).toContain('seminar');
    expect(sent).toHaveLength(reports);

    // The worker is away for one report, which changed the thread's level.
    reachable = false;
    appendIncoming(doc, 'Our client pays well for short reports on non-public policy plans. Continue on Telegram?');
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports);
    reachable = true;
    await Promise.resolve();

    // The next scan re-sends, though nothing the background keeps changed since the lost one.
    appendIncoming(doc, 'Thanks again.');
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports + 1);
    const thread = sent.at(-1)!.approaches.find((a) => a.approachId.startsWith('linkedin:thread:'));
    expect(thread?.verdict.level).not.toBe('none');
    expect(controller.senderMessages(thread!.approachId)!.some((m) => m.text.includes('Telegram'))).toBe(true);
  });

  it('sends everything again a few seconds after the background could not store a report, on a quiet page too', async () => {
    let storing = false;
    const { doc, lifetime, sent } = open('linkedin-messaging.html', {}, undefined, () => true, () => storing);
    // The page's own second look, once it has settled (3 s), sends again and fails again.
    await Promise.resolve();
    lifetime.advance(3500);
    await Promise.resolve();
    const reports = sent.length;
    storing = true;
    // Nothing on the page changes, yet the report that was not stored goes again, 5 s after the
    // first one failed.
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports);
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports + 1);
    expect(sent.at(-1)!.approaches).toEqual(sent.at(-2)!.approaches);
    // Stored now: a quiet message changes no summary and sends nothing.
    await Promise.resolve();
    appendIncoming(doc, 'Thanks again.');
    await mutationsDelivered();
    lifetime.advance(10_000);
    expect(sent).toHaveLength(reports + 1);
  });

  it('sends again less and less often while the background keeps failing, one timer at a time', async () => {
    let storing = false;
    const { doc, lifetime, sent } = open('linkedin-messaging.html', {}, undefined, () => true, () => storing);
    // Two minutes of a page that changes every ten seconds, no report reaching the store.
    for (let second = 1; second <= 120; second++) {
      if (second % 10 === 0) appendIncoming(doc, `Still here, ${second}.`);
      await mutationsDelivered();
      lifetime.advance(1000);
      await Promise.resolve();
    }
    // The first look, the page's own second look at 3 s and the twelve changes are sent once each;
    // on top of them come retries after 5, 10, 20, 40 s..., not a chain for every failure.
    expect(sent.length - 14).toBeLessThanOrEqual(4);
    // Stored again: the next retry goes through, and then nothing more is sent.
    storing = true;
    lifetime.advance(10 * 60_000);
    await Promise.resolve();
    const settled = sent.length;
    lifetime.advance(2 * 60 * 60_000);
    await Promise.resolve();
    expect(sent).toHaveLength(settled);
  });

  it('tells the background again after an hour, so its history sees that the senders are still there', async () => {
    const { doc, lifetime, sent } = open('linkedin-messaging.html');
    const reports = sent.length;
    lifetime.clock += 59 * 60_000;
    appendIncoming(doc, 'Thanks, see you on Thursday.');
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports);
    lifetime.clock += 2 * 60_000;
    appendIncoming(doc, 'Thanks again.');
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports + 1);
  });

  it('sends everything again when the browser shows the page from its back/forward cache, and not when the page says so', async () => {
    const { doc, lifetime, sent, controller } = open('linkedin-messaging.html');
    const reports = sent.length;
    const win = doc.defaultView!;
    win.dispatchEvent(Object.assign(new win.Event('pageshow'), { persisted: false }));
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports);
    // The background forgot the tab when it left LinkedIn; nothing on the page changed since.
    const restored = (trusted: boolean) => {
      const event = new win.Event('pageshow');
      Object.defineProperties(event, { persisted: { value: true }, isTrusted: { value: trusted } });
      return event;
    };
    // One the page made says nothing: fifty of them buy no scan and no report.
    const scans = controller.scans;
    for (let i = 0; i < 50; i++) win.dispatchEvent(restored(false));
    lifetime.advance(1000);
    expect(controller.scans).toBe(scans);
    expect(sent).toHaveLength(reports);
    win.dispatchEvent(restored(true));
    lifetime.advance(1000);
    expect(sent).toHaveLength(reports + 1);
    expect(sent.at(-1)!.approaches).toEqual(sent.at(-2)!.approaches);
  });

  it('draws a flagged thread\'s warning again only when a message changes what it says', async () => {
    const update = vi.spyOn(WarningPanel.prototype, 'update');
    const { doc, lifetime, controller, sent } = open('messaging-inmail-harmful.html');
    const [host] = hosts(doc);
    expect(host!.getAttribute(LEVEL_ATTRIBUTE)).toBe('high');
    const drawn = update.mock.calls.length;
    const reports = sent.length;
    await Promise.resolve(); // the live region is filled in a microtask
    const before = warningText(host!);

    appendIncoming(doc, 'Thanks, see you on Thursday.');
    await mutationsDelivered();
    lifetime.advance(1000);
    // The message was read, but the warning says what it said, and the background keeps nothing
    // that changed: no report (the texts stay in the page).
    expect(controller.senderMessages(sent.at(-1)!.approaches[0]!.approachId)!.at(-1)?.text).toContain('Thursday');
    expect(sent).toHaveLength(reports);
    expect(update.mock.calls.length).toBe(drawn);
    expect(warningText(host!)).toBe(before);

    appendIncoming(doc, 'Please keep this between us and continue on Telegram.');
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(update.mock.calls.length).toBe(drawn + 1);
    expect(warningText(host!)).toContain('Telegram');
    expect(controller.warnings).toBe(1);
  });

  it('follows messages that arrive, leave, and change in place, as the observer reports them', async () => {
    const { doc, lifetime, controller } = open('linkedin-messaging.html');
    const thread = () => controller.tracked.find((t) => t.extracted.meta.source === 'thread')!.extracted.approach.messages.map((m) => m.text);
    const bodies = () => [...doc.querySelectorAll('.msg-thread p.msg-s-event-listitem__body')];
    const scan = async () => {
      await mutationsDelivered();
      lifetime.advance(1000);
    };
    const count = thread().length;

    appendIncoming(doc, 'A first new message.');
    await scan();
    expect(thread()).toHaveLength(count + 1);
    expect(thread().at(-1)).toBe('A first new message.');

    // A message leaves: nothing was added, only removed.
    const gone = bodies()[1]!.closest('li.msg-s-message-list__event')!;
    const goneText = thread()[1];
    gone.remove();
    await scan();
    expect(thread()).toHaveLength(count);
    expect(thread()).not.toContain(goneText);

    // Text rewritten in place, in a text node and by replacing the body's children.
    const walker = doc.createTreeWalker(bodies()[0]!, 4);
    let text = walker.nextNode() as Text;
    while (text.data.trim() === '') text = walker.nextNode() as Text;
    text.data = 'An edited first line.';
    await scan();
    expect(thread()[0]).toMatch(/^An edited first line\./);
    bodies().at(-1)!.textContent = 'An edited last message.';
    await scan();
    expect(thread().at(-1)).toBe('An edited last message.');

    // A message moves to the front.
    const last = doc.querySelectorAll('.msg-thread li.msg-s-message-list__event');
    const moved = last[last.length - 1]!;
    last[0]!.before(moved);
    await scan();
    expect(thread()[0]).toBe('An edited last message.');
    expect(thread()).toHaveLength(count);
  });

  it('sends the sender\u2019s photo address when LinkedIn swaps it in after the first scan', async () => {
    const { doc, lifetime, sent } = open('linkedin-profile.html');
    const profile = () => sent.at(-1)!.approaches.find((a) => a.surface === 'profile')!;
    expect(profile().sender.hasPhoto).toBe(true);
    expect(profile().sender.photoUrl).toBeUndefined();

    const photo = 'https://media.licdn.com/dms/image/v2/D4E03AQ/profile-displayphoto-shrink_400_400/0/1?e=1&v=beta&t=x';
    // Neither the score nor the approach changed; the next scan, brought by any other change to
    // the page, reads the new photo.
    doc.querySelector('img.pv-top-card-profile-picture__image--show')!.setAttribute('src', photo);
    doc.body.append(doc.createElement('div'));
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(profile().sender.photoUrl).toBe(photo);
  });

  it('sends a thread sender\u2019s photo once LinkedIn swaps it in for the placeholder', async () => {
    const { doc, lifetime, sent, controller } = open('linkedin-messaging.html');
    const thread = () => sent.at(-1)!.approaches.find((a) => a.approachId === 'linkedin:thread:00000000-0000-4000-8000-000000000001_012')!;
    expect(thread().sender.photoUrl).toBeUndefined();
    const photo = 'https://media.licdn.com/dms/image/v2/D4E03AQ/profile-displayphoto-shrink_100_100/0/2?e=1&v=beta&t=y';
    // Every avatar in the captured thread starts as a lazy image with a data: placeholder.
    for (const img of doc.querySelectorAll('.msg-thread .msg-s-event-listitem--other img.msg-s-event-listitem__profile-picture')) img.setAttribute('src', photo);
    await mutationsDelivered();
    // Images load all over a page: a src change alone brings no scan.
    const scans = controller.scans;
    lifetime.advance(1000);
    expect(controller.scans).toBe(scans);
    doc.body.append(doc.createElement('div'));
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(thread().sender.photoUrl).toBe(photo);
  });

  it('coalesces a burst of mutations into one scan', async () => {
    const { doc, lifetime, controller } = open('linkedin-messaging.html');
    const scans = controller.scans;
    for (let i = 0; i < 50; i++) doc.body.append(doc.createElement('div'));
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(controller.scans).toBe(scans + 1);
  });

  it('reads a change in a quiet page at once, in the observer’s callback; a change soon after a scan, or after a slow scan, waits for its timer', async () => {
    const { doc, lifetime, controller } = open('linkedin-messaging.html');
    const threadTexts = () => controller.tracked.find((t) => t.extracted.meta.source === 'thread')!.extracted.approach.messages.map((m) => m.text);
    // Each reading of the clock during a scan can be made to take 10 ms.
    let clock = lifetime.clock;
    let slow = false;
    Object.defineProperty(lifetime, 'clock', { get: () => (slow ? (clock += 10) : clock), set: (value: number) => (clock = value) });

    // Quiet for a second: the message is read and scored before the callback returns, with no timer.
    lifetime.clock += 1000;
    const scans = controller.scans;
    const pending = lifetime.pending;
    appendIncoming(doc, 'Our client pays well for short reports on non-public policy plans. Continue on Telegram?');
    await mutationsDelivered();
    expect(controller.scans).toBe(scans + 1);
    expect(lifetime.pending).toBe(pending);
    expect(threadTexts().at(-1)).toContain('Telegram');
    expect(hosts(doc)[0]?.getAttribute(LEVEL_ATTRIBUTE)).toMatch(/medium|high/);

    // 50 ms after that scan the throttle holds: a timer reads the next one, 100 ms after the scan.
    lifetime.clock += 50;
    appendIncoming(doc, 'Thanks, see you at the seminar on Thursday.');
    await mutationsDelivered();
    expect(controller.scans).toBe(scans + 1);
    expect(lifetime.pending).toBe(pending + 1);
    lifetime.advance(49);
    expect(controller.scans).toBe(scans + 1);
    lifetime.advance(1);
    expect(controller.scans).toBe(scans + 2);
    expect(threadTexts().at(-1)).toContain('seminar');

    // A slow scan (the interval grew): even seconds later, the next change waits for a task of its own.
    slow = true;
    appendIncoming(doc, 'One more thing.');
    await mutationsDelivered();
    lifetime.advance(1000);
    slow = false;
    expect(controller.scans).toBe(scans + 3);
    lifetime.clock += 5000;
    appendIncoming(doc, 'And another.');
    await mutationsDelivered();
    expect(controller.scans).toBe(scans + 3);
    lifetime.advance(0);
    expect(controller.scans).toBe(scans + 4);
    expect(threadTexts().at(-1)).toContain('another');
  });

  it('keeps to the throttle after a scan that threw', async () => {
    const { doc, lifetime } = open('linkedin-messaging.html');
    const errors: unknown[] = [];
    const onError = (event: Event) => {
      errors.push((event as ErrorEvent).error);
      event.preventDefault();
    };
    doc.defaultView!.addEventListener('error', onError);
    const sync = vi.spyOn(WarningPresenter.prototype, 'sync').mockImplementationOnce(() => {
      throw new Error('drawing failed');
    });
    lifetime.clock += 1000;
    appendIncoming(doc, 'Thanks, see you at the seminar on Thursday.');
    await mutationsDelivered();
    expect(sync).toHaveBeenCalledTimes(1);
    expect(errors.map(String)).toEqual(['Error: drawing failed']);
    const pending = lifetime.pending;
    // A change straight after waits for the throttle's timer instead of scanning again at once.
    appendIncoming(doc, 'One more thing.');
    await mutationsDelivered();
    expect(sync).toHaveBeenCalledTimes(1);
    expect(lifetime.pending).toBe(pending + 1);
    lifetime.advance(100);
    expect(sync).toHaveBeenCalledTimes(2);
    doc.defaultView!.removeEventListener('error', onError);
  });

  it('does not rescan because of its own warning (no observer feedback loop)', async () => {
    const { lifetime, controller } = open('messaging-inmail-harmful.html');
    const scans = controller.scans;
    await mutationsDelivered();
    lifetime.advance(10_000);
    // Only the one "settled" look-again scan, and that one changed nothing.
    expect(controller.scans).toBeLessThanOrEqual(scans + 1);
    await mutationsDelivered();
    expect(lifetime.pending).toBe(0);
  });

  it('follows an in-app move to another thread (pushState and a swapped pane)', async () => {
    const { doc, lifetime, sent } = open('messaging-long-thread.html');
    expect(hosts(doc)).toHaveLength(1);

    // LinkedIn swaps the thread pane and pushes the new URL without reloading.
    const benign = loadFixture('linkedin-messaging.html').document.querySelector('.msg-thread')!;
    doc.querySelector('.msg-thread')!.replaceWith(doc.importNode(benign, true));
    doc.defaultView!.history.pushState({}, '', '/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/');
    lifetime.navigate();
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(hosts(doc)).toEqual([]);
    expect(sent.at(-1)!.pageUrl).toContain('MDAxXzAxMg');
    expect(sent.at(-1)!.approaches.some((a) => a.approachId === LONG_THREAD)).toBe(false);

    const risky = loadFixture('messaging-inmail-harmful.html').document.querySelector('.msg-thread')!;
    doc.querySelector('.msg-thread')!.replaceWith(doc.importNode(risky, true));
    doc.defaultView!.history.pushState({}, '', '/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA2XzAxMg==/');
    lifetime.navigate();
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(hosts(doc).map((h) => h.getAttribute(LEVEL_ATTRIBUTE))).toEqual(['high']);
  });
});

describe('"About this profile"', () => {
  const PROFILE = 'linkedin:profile:fixture-member-55';
  const newAccountHit = (controller: PageController) =>
    controller.tracked.find((t) => t.extracted.approach.id === PROFILE)?.verdict.hits.some((h) => h.rule === 'profile.new-account');
  const levelOf = (controller: PageController) => controller.tracked.find((t) => t.extracted.approach.id === PROFILE)?.verdict.level;

  it('keeps the joined date, the new-account cue and its level after the dialog opened late and closed', async () => {
    const { document: doc } = loadFixture('about-this-profile-new-account.html');
    const win = doc.defaultView!;
    const dialog = doc.querySelector('[role="dialog"]')!;
    const outlet = dialog.parentElement!;
    // A member who joined this month, so the account counts as new.
    const joined = [...dialog.querySelectorAll('p')].find((p) => p.textContent === 'May 2025')!;
    joined.textContent = new Date().toLocaleString('en-US', { month: 'short', year: 'numeric' });
    dialog.remove();
    win.history.replaceState({}, '', '/in/fixture-member-55/');

    const lifetime = new FakeLifetime();
    const sent: VerdictsMessage[] = [];
    const controller = new PageController(
      { lifetime, doc, adapters: linkedinAdapters, sendVerdicts: async (m) => void sent.push(m), sendNotSuspicious: async () => {} },
      baselinePack(),
      parseContentSettings(undefined),
    );
    controller.start();
    lifetime.advance();
    expect(newAccountHit(controller)).toBe(false);
    const before = levelOf(controller);

    // The user opens the dialog after the page has loaded...
    outlet.append(dialog);
    win.history.pushState({}, '', '/in/fixture-member-55/overlay/about-this-profile/');
    lifetime.navigate();
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(newAccountHit(controller)).toBe(true);
    const raised = levelOf(controller);
    expect(raised).not.toBe(before);

    // ...and closes it: the next scans no longer see it, but what it showed still holds.
    dialog.remove();
    win.history.back();
    win.history.replaceState({}, '', '/in/fixture-member-55/');
    lifetime.navigate();
    await mutationsDelivered();
    lifetime.advance(5000);
    expect(doc.querySelector('[role="dialog"]')).toBeNull();
    expect(newAccountHit(controller)).toBe(true);
    expect(levelOf(controller)).toBe(raised);
    const summary = sent.at(-1)!.approaches.find((a) => a.approachId === PROFILE)!;
    expect(summary.sender.joined).toMatch(/^\d{4}-\d{2}$/);
  });

  it('does not lend one profile’s dialog to another profile', async () => {
    const { document: doc } = loadFixture('about-this-profile-new-account.html');
    const lifetime = new FakeLifetime();
    const controller = new PageController(
      { lifetime, doc, adapters: linkedinAdapters, sendVerdicts: async () => {}, sendNotSuspicious: async () => {}, now: () => lifetime.clock },
      baselinePack(),
      parseContentSettings(undefined),
    );
    controller.start();
    lifetime.advance();
    expect(controller.tracked[0]?.extracted.approach.sender.joined).toBe('2025-05');

    // An in-app move to another member's profile, rendered in the same top card.
    doc.querySelector('[role="dialog"]')!.remove();
    const card = loadFixture('linkedin-profile.html').document.querySelector('main')!;
    doc.querySelector('main')!.replaceWith(doc.importNode(card, true));
    doc.defaultView!.history.pushState({}, '', '/in/fixture-member-13/');
    lifetime.navigate();
    await mutationsDelivered();
    lifetime.advance(1000);
    const ids = controller.tracked.map((t) => t.extracted.approach.id);
    expect(ids).not.toContain(PROFILE);
    expect(controller.tracked.every((t) => t.extracted.approach.sender.joined === undefined)).toBe(true);
  });
});

describe('settings', () => {
  it('injects nothing in discreet mode, and nothing below the threshold', () => {
    expect(hosts(open('messaging-inmail-harmful.html', { discreetMode: true }).doc)).toEqual([]);
    expect(hosts(open('profile-about-section.html', { threshold: 'high' }).doc)).toEqual([]);
  });

  it('applies a settings change without scoring again', () => {
    const { doc, controller } = open('profile-about-section.html');
    const calls = controller.scoreCalls;
    expect(hosts(doc)).toHaveLength(1);
    controller.setSettings({ threshold: 'high', discreetMode: false, notSuspicious: [] });
    expect(hosts(doc)).toEqual([]);
    controller.setSettings({ threshold: 'low', discreetMode: false, notSuspicious: [] });
    expect(hosts(doc)).toHaveLength(1);
    expect(controller.scoreCalls).toBe(calls);
  });

  it('shows no warning for a sender on the Not-suspicious list', () => {
    const { doc } = open('profile-about-section.html', { notSuspicious: ['https://www.linkedin.com/in/fixture-member-55/'] });
    expect(hosts(doc)).toEqual([]);
  });

  it('hides the warning at once when the user confirms "Not suspicious", and asks the background to remember', () => {
    const { doc, notSuspicious } = open('invitations-risky-note.html');
    const root = shadowRoots.get(hosts(doc)[0]!)!;
    const click = (name: RegExp) => ([...root.querySelectorAll('button')].find((b) => name.test(b.textContent ?? '')) as HTMLButtonElement).click();
    click(/^Not suspicious$/);
    return new Promise<void>((resolve) => setTimeout(() => {
      click(/^Yes, not suspicious$/);
      expect(notSuspicious).toEqual([['https://www.linkedin.com/in/fixture-member-56/', 'Lena Okafor']]);
      expect(hosts(doc)).toEqual([]);
      resolve();
    }, 0));
  });

  it('leaves the keyboard focus on the card when "Hide" takes away the warning that held it', () => {
    let card!: Element;
    const { doc } = open('linkedin-messaging.html', {}, (page) => {
      card = [...page.querySelectorAll('li.msg-conversation-listitem')].find((li) => !li.querySelector('.msg-conversations-container__convo-item-link--active'))!;
      card.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = 'LinkedIn Member';
      card.querySelector('p.msg-conversation-card__message-snippet')!.textContent = RISKY_SNIPPETS[0]!;
    });
    const host = card.querySelector(HOST_SELECTOR) as HTMLElement;
    const anchor = host.parentElement!;
    const tabindex = anchor.getAttribute('tabindex');
    const hide = [...shadowRoots.get(host)!.querySelectorAll('button')].find((b) => b.textContent === 'Hide') as HTMLButtonElement;
    hide.focus();
    expect(doc.activeElement).toBe(host);
    hide.click();
    expect(card.querySelector(HOST_SELECTOR)).toBeNull();
    expect(doc.activeElement).toBe(anchor);
    // LinkedIn's card takes the focus as it is.
    expect(anchor.getAttribute('tabindex')).toBe(tabindex);
  });

  /** Confirms "Not suspicious" on the first warning, as the user does. */
  const markNotSuspicious = async (doc: Document) => {
    const root = shadowRoots.get(hosts(doc)[0]!)!;
    const click = (name: RegExp) => ([...root.querySelectorAll('button')].find((b) => name.test(b.textContent ?? '')) as HTMLButtonElement).click();
    click(/^Not suspicious$/);
    click(/^Yes, not suspicious$/);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };

  it('brings the warning back, saying why, when the background did not store "Not suspicious"', async () => {
    let answer: unknown = { ok: false, error: 'not stored' };
    const { doc, notSuspicious } = open('invitations-risky-note.html', {}, undefined, undefined, undefined, () => answer);
    await markNotSuspicious(doc);
    expect(notSuspicious).toHaveLength(1);
    const [host] = hosts(doc);
    expect(host).toBeDefined();
    expect(warningText(host!)).toContain(WARNING_NOT_SAVED);
    await Promise.resolve(); // the live region is filled in a microtask
    // Said first, before the warning itself.
    expect(shadowRoots.get(host!)!.querySelector('[aria-live]')!.textContent!.startsWith(`${WARNING_NOT_SAVED} Approach Guard: High risk.`)).toBe(true);
    // A message that never arrived counts the same.
    answer = Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'));
    await markNotSuspicious(doc);
    expect(hosts(doc)).toHaveLength(1);
    // Stored at the next try: gone, and no word of the failure is left behind.
    answer = { ok: true };
    await markNotSuspicious(doc);
    expect(hosts(doc)).toEqual([]);
    expect(notSuspicious).toHaveLength(3);
  });

  it('drops the "could not save" notice once the list holds the sender after all', async () => {
    const { doc, controller } = open('invitations-risky-note.html', {}, undefined, undefined, undefined, () => ({ ok: false, error: 'not stored' }));
    await markNotSuspicious(doc);
    expect(warningText(hosts(doc)[0]!)).toContain(WARNING_NOT_SAVED);
    // Marked from the popup instead, then taken off the list again in the options page.
    const settings = parseContentSettings(undefined);
    controller.setSettings({ ...settings, notSuspicious: ['https://www.linkedin.com/in/fixture-member-56/'] });
    expect(hosts(doc)).toEqual([]);
    controller.setSettings({ ...settings, notSuspicious: [] });
    expect(hosts(doc)).toHaveLength(1);
    expect(warningText(hosts(doc)[0]!)).not.toContain(WARNING_NOT_SAVED);
  });

  it('warns again about a sender the user takes off the Not-suspicious list, in the tab where they were dismissed', async () => {
    const { doc, controller } = open('invitations-risky-note.html');
    await markNotSuspicious(doc);
    expect(hosts(doc)).toEqual([]);
    // The stored list catches up, then the user takes the sender off it in the options page.
    const settings = parseContentSettings(undefined);
    controller.setSettings({ ...settings, notSuspicious: ['https://www.linkedin.com/in/fixture-member-56/'] });
    expect(hosts(doc)).toEqual([]);
    controller.setSettings({ ...settings, notSuspicious: [] });
    expect(hosts(doc)).toHaveLength(1);
  });
});

describe('highlights', () => {
  let registry: Map<string, { ranges: Range[]; size: number; clear(): void }>;

  beforeEach(() => {
    registry = new Map();
  });

  /** The Custom Highlight API in the test's window: `registry` as CSS.highlights, and a set-like Highlight. */
  const withHighlightApi = (doc: Document) => {
    const win = doc.defaultView!;
    Object.defineProperty(win, 'CSS', { value: { highlights: registry }, configurable: true });
    Object.defineProperty(win, 'Highlight', {
      configurable: true,
      value: class {
        ranges: Range[];
        constructor(...ranges: Range[]) {
          this.ranges = ranges;
        }
        get size() {
          return this.ranges.length;
        }
        clear() {
          this.ranges = [];
        }
      },
    });
  };

  const controllerFor = (doc: Document) => {
    const lifetime = new FakeLifetime();
    const controller = new PageController(
      { lifetime, doc, adapters: linkedinAdapters, sendVerdicts: async () => {}, sendNotSuspicious: async () => {}, now: () => lifetime.clock },
      baselinePack(),
      parseContentSettings(undefined),
    );
    return { lifetime, controller };
  };

  it('marks the words that fired each cue with the Custom Highlight API, without touching the text', () => {
    const { document: doc, url } = loadFixture('invitations-risky-note.html');
    withHighlightApi(doc);
    const before = doc.body.innerHTML;
    const { lifetime, controller } = controllerFor(doc);
    controller.start();
    lifetime.advance();
    expect(url.pathname).toContain('invitation-manager');
    const words = registry.get(HIGHLIGHT_NAMES.high)!.ranges.map((r) => r.toString());
    expect(words).toEqual(expect.arrayContaining(['WhatsApp', 'keep this between us']));
    expect(doc.adoptedStyleSheets.length).toBe(1);
    // The only change to the page is the warning host.
    doc.querySelector(HOST_SELECTOR)!.remove();
    expect(doc.body.innerHTML).toBe(before);

    lifetime.invalidate();
    expect(registry.size).toBe(0);
    expect(doc.adoptedStyleSheets.length).toBe(0);
  });

  it('takes away highlights an earlier copy of the script left (it was updated away) when it has none to show', () => {
    const { document: doc } = loadFixture('linkedin-messaging.html');
    withHighlightApi(doc);
    const leftover = new (doc.defaultView as unknown as { Highlight: new (...r: Range[]) => { ranges: Range[]; size: number; clear(): void } }).Highlight(doc.createRange());
    registry.set(HIGHLIGHT_NAMES.high, leftover);
    const { lifetime, controller } = controllerFor(doc);
    controller.start();
    lifetime.advance();
    expect(controller.tracked.length).toBeGreaterThan(0);
    expect(registry.has(HIGHLIGHT_NAMES.high)).toBe(false);
  });

  it('keeps a level\u2019s highlight while its evidence is the same, and sets it again when the page removed it or the words changed', async () => {
    const { document: doc } = loadFixture('messaging-inmail-harmful.html');
    withHighlightApi(doc);
    const set = vi.spyOn(registry, 'set');
    const { lifetime, controller } = controllerFor(doc);
    controller.start();
    lifetime.advance();
    const first = registry.get(HIGHLIGHT_NAMES.high);
    expect(first?.ranges.map((r) => r.toString())).toContain('Telegram');
    const calls = set.mock.calls.length;

    // Read again with nothing changed: the same highlight stays.
    controller.scan();
    expect(set.mock.calls.length).toBe(calls);
    expect(registry.get(HIGHLIGHT_NAMES.high)).toBe(first);

    // A message that adds no evidence arrives: the same highlight stays too.
    const events = doc.querySelectorAll('.msg-s-message-list__event');
    const copy = events[events.length - 1]!.cloneNode(true) as Element;
    for (const repeated of copy.querySelectorAll('.msg-s-message-group__meta, .msg-s-message-list__time-heading, .msg-s-event-listitem__subject')) repeated.remove();
    copy.querySelector('.msg-s-event-listitem__body')!.textContent = 'Thanks, talk soon.';
    events[events.length - 1]!.after(copy);
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(controller.tracked.find((t) => t.extracted.meta.source === 'thread')?.extracted.approach.messages.at(-1)?.text).toBe('Thanks, talk soon.');
    expect(set.mock.calls.length).toBe(calls);
    expect(registry.get(HIGHLIGHT_NAMES.high)).toBe(first);

    // The page took it out of the registry, or emptied it: set again.
    registry.delete(HIGHLIGHT_NAMES.high);
    controller.scan();
    expect(set.mock.calls.length).toBe(calls + 1);
    expect(registry.get(HIGHLIGHT_NAMES.high)?.ranges.map((r) => r.toString())).toContain('Telegram');
    registry.get(HIGHLIGHT_NAMES.high)!.clear();
    controller.scan();
    expect(set.mock.calls.length).toBe(calls + 2);
    expect(registry.get(HIGHLIGHT_NAMES.high)?.ranges.map((r) => r.toString())).toContain('Telegram');

    // A range collapsed, as a browser collapses one whose text LinkedIn moved (out and back in;
    // the browser test moves it): the text reads the same, and the highlight is made again.
    registry.get(HIGHLIGHT_NAMES.high)!.ranges[0]!.collapse();
    controller.scan();
    expect(set.mock.calls.length).toBe(calls + 3);
    expect(registry.get(HIGHLIGHT_NAMES.high)?.ranges.map((r) => r.toString())).toContain('Telegram');

    // The message now names another app: new ranges, over the new words.
    const text = [...doc.querySelectorAll('.msg-s-event-listitem__body')].find((n) => n.textContent?.includes('Telegram'))!;
    text.textContent = text.textContent!.replace('Telegram', 'WhatsApp');
    await mutationsDelivered();
    lifetime.advance(1000);
    const words = registry.get(HIGHLIGHT_NAMES.high)!.ranges.map((r) => r.toString());
    expect(words).toContain('WhatsApp');
    expect(words).not.toContain('Telegram');
    controller.stop();
  });

  it('takes the highlights away with a warning the page keeps removing, once it stops putting it back, and puts both back a minute on', async () => {
    const { document: doc } = loadFixture('messaging-inmail-harmful.html');
    withHighlightApi(doc);
    const { lifetime, controller } = controllerFor(doc);
    controller.start();
    lifetime.advance();
    expect(registry.get(HIGHLIGHT_NAMES.high)?.size).toBeGreaterThan(0);
    for (let i = 0; i < 25; i++) {
      doc.querySelector(HOST_SELECTOR)?.remove();
      await mutationsDelivered();
      lifetime.advance(200);
    }
    // Twenty placements a minute, then no warning on the page: no word is marked either.
    expect(doc.querySelector(HOST_SELECTOR)).toBeNull();
    expect(controller.warnings).toBe(0);
    expect(registry.get(HIGHLIGHT_NAMES.high)?.size ?? 0).toBe(0);
    // Once the minute is over it is put back, though the page stays quiet.
    const scans = controller.scans;
    lifetime.advance(60_000);
    expect(controller.scans).toBe(scans + 1);
    expect(doc.querySelector(HOST_SELECTOR)).not.toBeNull();
    expect(registry.get(HIGHLIGHT_NAMES.high)?.size).toBeGreaterThan(0);
  });
});

describe('warnings that LinkedIn re-renders', () => {
  /** A fresh copy of the pane, without our warning, as a re-render leaves it. */
  const renderPaneAgain = (doc: Document): Element => {
    const pane = doc.querySelector('.msg-thread')!;
    const copy = pane.cloneNode(true) as Element;
    for (const host of copy.querySelectorAll(HOST_SELECTOR)) host.remove();
    pane.replaceWith(copy);
    return copy;
  };

  it('follows the thread however often LinkedIn renders it again over a long session', async () => {
    const { doc, lifetime } = open('messaging-inmail-harmful.html');
    // Forty-five re-renders, five seconds apart.
    for (let i = 0; i < 45; i++) {
      const copy = renderPaneAgain(doc);
      await mutationsDelivered();
      lifetime.advance(5000);
      const shown = hosts(doc);
      expect(shown).toHaveLength(1);
      expect(copy.contains(shown[0]!)).toBe(true);
    }
  });

  it('stops chasing a page that renders the thread again each time the warning lands, for the rest of the minute', async () => {
    const { doc, lifetime } = open('messaging-inmail-harmful.html');
    const shownAfter: number[] = [];
    for (let i = 0; i < 30; i++) {
      renderPaneAgain(doc);
      await mutationsDelivered();
      lifetime.advance(200);
      shownAfter.push(hosts(doc).length);
    }
    // Twenty placements a minute: the first one and nineteen after re-renders.
    expect(shownAfter.slice(0, 19)).toEqual(Array(19).fill(1));
    expect(shownAfter.slice(19)).toEqual(Array(11).fill(0));
    lifetime.advance(60_000);
    renderPaneAgain(doc);
    await mutationsDelivered();
    lifetime.advance(200);
    expect(hosts(doc)).toHaveLength(1);
  });

  it('puts back a warning the page takes away or moves, though nothing else on the page changed', async () => {
    const { doc, lifetime, controller } = open('messaging-inmail-harmful.html');
    lifetime.advance(5000);
    const header = hosts(doc)[0]!.previousElementSibling;
    hosts(doc)[0]!.remove();
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(hosts(doc)).toHaveLength(1);
    expect(hosts(doc)[0]!.previousElementSibling).toBe(header);

    const away = doc.createElement('div');
    doc.body.append(away);
    await mutationsDelivered();
    lifetime.advance(1000);
    away.append(hosts(doc)[0]!);
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(hosts(doc)[0]!.previousElementSibling).toBe(header);
    expect(controller.warnings).toBe(1);
    // Putting it back is not itself a change that calls for another scan.
    const scans = controller.scans;
    await mutationsDelivered();
    lifetime.advance(10_000);
    expect(controller.scans).toBe(scans);
  });

  it('puts back each warning the page kept removing when its own minute is over, though another\u2019s is due later', async () => {
    let cards: Element[] = [];
    const { lifetime } = open('linkedin-messaging.html', {}, (page) => {
      cards = [...page.querySelectorAll('li.msg-conversation-listitem')].filter((li) => !li.querySelector('.msg-conversations-container__convo-item-link--active')).slice(0, 2);
      cards.forEach((card, i) => {
        card.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = i ? 'Bea Bee' : 'Ann Aye';
        card.querySelector('p.msg-conversation-card__message-snippet')!.textContent = RISKY_SNIPPETS[i]!;
      });
    });
    const [a, b] = cards;
    const hostIn = (card: Element) => card.querySelector(HOST_SELECTOR);
    const remove = async (card: Element, times: number) => {
      for (let i = 0; i < times; i++) {
        hostIn(card)?.remove();
        await mutationsDelivered();
        lifetime.advance(200);
      }
    };
    lifetime.advance(100_000);
    // B's minute starts now; A's fifty seconds later, and A is withheld first, due back at 210 s.
    await remove(b!, 18);
    lifetime.advance(50_000 - 18 * 200);
    await remove(a!, 21);
    expect(hostIn(a!)).toBeNull();
    // Then B is withheld too: its minute ends at 160 s.
    await remove(b!, 3);
    expect(hostIn(b!)).toBeNull();
    lifetime.advance(161_000 - lifetime.clock);
    expect(hostIn(b!)).not.toBeNull();
    expect(hostIn(a!)).toBeNull();
    lifetime.advance(50_000);
    expect(hostIn(a!)).not.toBeNull();
  });

  it('hides a conversation card\u2019s warning for that card, when another card has the same name and the list reorders', async () => {
    const { doc, lifetime } = open('linkedin-messaging.html', {}, (page) => {
      const cards = [...page.querySelectorAll('li.msg-conversation-listitem')].filter((li) => !li.querySelector('.msg-conversations-container__convo-item-link--active'));
      cards.slice(0, 2).forEach((card, i) => {
        card.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = 'LinkedIn Member';
        card.querySelector('p.msg-conversation-card__message-snippet')!.textContent = RISKY_SNIPPETS[i]!;
      });
    });
    const members = () => [...doc.querySelectorAll('li.msg-conversation-listitem')].filter((li) => li.textContent?.includes('LinkedIn Member'));
    const [first, second] = members();
    const hostIn = (card: Element) => card.querySelector(HOST_SELECTOR) as HTMLElement | null;
    expect(hostIn(first!)).not.toBeNull();
    expect(hostIn(second!)).not.toBeNull();
    const root = shadowRoots.get(hostIn(first!)!)!;
    ([...root.querySelectorAll('button')].find((b) => b.textContent === 'Hide') as HTMLButtonElement).click();
    expect(hostIn(first!)).toBeNull();
    // A new message moves the second card to the top: the numbers that tell the two apart swap.
    first!.before(second!);
    await mutationsDelivered();
    lifetime.advance(3000);
    expect(hostIn(first!)).toBeNull();
    expect(hostIn(second!)).not.toBeNull();

    // LinkedIn renders the second card again, unchanged: its warning moves over as it was, and
    // Hide there hides the card as it is now.
    const again = second!.cloneNode(true) as Element;
    for (const host of again.querySelectorAll(HOST_SELECTOR)) host.remove();
    second!.replaceWith(again);
    await mutationsDelivered();
    lifetime.advance(3000);
    const host = hostIn(again)!;
    ([...shadowRoots.get(host)!.querySelectorAll('button')].find((b) => b.textContent === 'Hide') as HTMLButtonElement).click();
    expect(hostIn(again)).toBeNull();
    expect(hosts(doc).filter((h) => h.closest('li')?.textContent?.includes('LinkedIn Member'))).toEqual([]);
  });

  it('keeps a hidden card hidden, and warns about another person of the same name whose card arrives later', async () => {
    let cards: Element[] = [];
    const { lifetime } = open('linkedin-messaging.html', {}, (page) => {
      cards = [...page.querySelectorAll('li.msg-conversation-listitem')].filter((li) => !li.querySelector('.msg-conversations-container__convo-item-link--active'));
      cards[0]!.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = 'Dana Smith';
      cards[0]!.querySelector('p.msg-conversation-card__message-snippet')!.textContent = RISKY_SNIPPETS[0]!;
    });
    const [hidden, other] = cards;
    const hostIn = (card: Element) => card.querySelector(HOST_SELECTOR) as HTMLElement | null;
    ([...shadowRoots.get(hostIn(hidden!)!)!.querySelectorAll('button')].find((b) => b.textContent === 'Hide') as HTMLButtonElement).click();
    expect(hostIn(hidden!)).toBeNull();

    // LinkedIn renders the hidden card again while it is the only Dana Smith: it stays hidden.
    const again = hidden!.cloneNode(true) as Element;
    hidden!.replaceWith(again);
    await mutationsDelivered();
    lifetime.advance(3000);
    expect(hostIn(again)).toBeNull();

    // Another Dana Smith writes, and her card goes to the top: the ids now number the two.
    other!.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = 'Dana Smith';
    other!.querySelector('p.msg-conversation-card__message-snippet')!.textContent = RISKY_SNIPPETS[1]!;
    again.before(other!);
    await mutationsDelivered();
    lifetime.advance(3000);
    expect(hostIn(other!)).not.toBeNull();
    expect(hostIn(again)).toBeNull();

    // She leaves the list: the one the user hid stays hidden.
    other!.remove();
    await mutationsDelivered();
    lifetime.advance(3000);
    expect(hostIn(again)).toBeNull();

    // She writes again; then the card the user hid leaves (archived, or opened): she is still warned about.
    again.before(other!);
    await mutationsDelivered();
    lifetime.advance(3000);
    expect(hostIn(other!)).not.toBeNull();
    again.remove();
    await mutationsDelivered();
    lifetime.advance(3000);
    expect(hostIn(other!)).not.toBeNull();
  });

  it('removes the warnings a copy from before an extension update left in the page, and no page content', () => {
    const stale: Element[] = [];
    let marked: Element | undefined;
    const { doc } = open('messaging-inmail-harmful.html', {}, (page) => {
      // Hosts as earlier versions made them and as this one does.
      for (const tag of ['approach-guard-warning', 'div']) {
        const host = page.createElement(tag);
        host.setAttribute(LEVEL_ATTRIBUTE, 'high');
        host.attachShadow({ mode: 'closed' });
        page.querySelector('.msg-title-bar')!.after(host);
        stale.push(host);
      }
      // The page's own content, marked like a host.
      marked = page.querySelector('.msg-s-message-list')!;
      marked.setAttribute(LEVEL_ATTRIBUTE, 'low');
    });
    expect(stale.map((host) => host.isConnected)).toEqual([false, false]);
    expect(marked!.isConnected).toBe(true);
    expect(hosts(doc)).toHaveLength(1);
  });
});

describe('what a page script can do', () => {
  it('cannot stop warnings and reports by defining a custom element first', () => {
    // Any custom element name a page may define first, attaching a shadow root of its own so
    // that another would throw; the warning host is a built-in element, which it cannot redefine.
    const { doc, sent } = open('messaging-inmail-harmful.html', {}, (page) => {
      const view = page.defaultView!;
      const PageElement = class extends (view.HTMLElement as typeof HTMLElement) {
        constructor() {
          super();
          this.attachShadow({ mode: 'open' });
        }
      };
      view.customElements.define('approach-guard-warning', PageElement);
    });
    expect(hosts(doc).map((host) => host.getAttribute(LEVEL_ATTRIBUTE))).toEqual(['high']);
    expect(sent.at(-1)!.approaches.some((a) => a.verdict.level === 'high')).toBe(true);
  });

  it('does not hide new content from the reader by wrapping it in an element that looks like a warning', async () => {
    const { doc, lifetime, sent } = open('linkedin-messaging.html');
    // The page's own element, named and marked like a warning host, around the new message.
    appendIncoming(doc, 'Our client pays well for short reports on non-public policy plans. Continue on Telegram?', (message) => {
      const wrapper = doc.createElement('approach-guard-warning');
      wrapper.setAttribute(LEVEL_ATTRIBUTE, 'low');
      wrapper.append(message);
      return wrapper;
    });
    await mutationsDelivered();
    lifetime.advance(1000);
    expect(sent.at(-1)!.approaches.find((a) => a.approachId.startsWith('linkedin:thread:'))?.verdict.level).toMatch(/medium|high/);
  });
});

describe('teardown', () => {
  it('stops, and keeps no dismissal it cannot save, when "Not suspicious" is confirmed after the extension went away', async () => {
    const { doc, lifetime, controller, notSuspicious } = open('invitations-risky-note.html');
    const root = shadowRoots.get(hosts(doc)[0]!)!;
    const click = (name: RegExp) => ([...root.querySelectorAll('button')].find((b) => name.test(b.textContent ?? '')) as HTMLButtonElement).click();
    click(/^Not suspicious$/);
    await new Promise((resolve) => setTimeout(resolve, 0));
    lifetime.lose();
    click(/^Yes, not suspicious$/);
    expect(notSuspicious).toEqual([]);
    expect(controller.isStopped).toBe(true);
    expect(hosts(doc)).toEqual([]);
  });


  it('removes its warnings, stops observing and never scans again once invalidated', async () => {
    const { doc, lifetime, controller } = open('messaging-inmail-harmful.html');
    expect(hosts(doc)).toHaveLength(1);
    lifetime.invalidate();
    expect(hosts(doc)).toEqual([]);
    expect(controller.isStopped).toBe(true);
    const scans = controller.scans;
    appendIncoming(doc, 'Please keep this confidential and reply on Telegram.');
    await mutationsDelivered();
    lifetime.advance(10_000);
    controller.request(true);
    expect(lifetime.pending).toBe(0);
    expect(controller.scans).toBe(scans);
  });
});

describe('selectors that stop matching', () => {
  it('are logged once per surface, with the adapter id, once the page has settled', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { document: doc } = loadFixture('linkedin-messaging.html');
    // A redesign: the thread pane is no longer where the registry looks.
    doc.querySelector('.msg-thread')!.className = 'renamed-thread';
    doc.querySelector('.msg-thread, [id^="message-thread-"]')?.removeAttribute('id');
    const lifetime = new FakeLifetime();
    const controller = new PageController(
      {
        lifetime,
        doc,
        adapters: linkedinAdapters,
        sendVerdicts: async () => {},
        sendNotSuspicious: async () => {},
        now: () => lifetime.clock,
        logMissing: true,
      },
      baselinePack(),
      parseContentSettings(undefined),
    );
    controller.start();
    lifetime.advance();
    // Still rendering: nothing is judged yet.
    expect(warn).not.toHaveBeenCalled();
    lifetime.advance(3000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/\[linkedin-messaging\].*thread/);
    doc.body.append(doc.createElement('div'));
    await mutationsDelivered();
    lifetime.advance(5000);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('are not logged from one scan in the observer’s callback, which may see the page halfway through an update; a second miss is', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { document: doc } = loadFixture('linkedin-messaging.html');
    const lifetime = new FakeLifetime();
    const controller = new PageController(
      { lifetime, doc, adapters: linkedinAdapters, sendVerdicts: async () => {}, sendNotSuspicious: async () => {}, now: () => lifetime.clock, logMissing: true },
      baselinePack(),
      parseContentSettings(undefined),
    );
    controller.start();
    lifetime.advance(3000);
    expect(warn).not.toHaveBeenCalled();
    const scans = controller.scans;
    // The page swaps the thread pane for one the registry does not know, in a quiet moment.
    lifetime.clock += 1000;
    const pane = doc.querySelector('.msg-thread')!;
    const renamed = pane.cloneNode(true) as Element;
    renamed.className = 'renamed-thread';
    renamed.removeAttribute('id');
    pane.replaceWith(renamed);
    await mutationsDelivered();
    expect(controller.scans).toBe(scans + 1);
    expect(warn).not.toHaveBeenCalled();
    // The next change finds it missing again: that is a redesign.
    lifetime.clock += 1000;
    doc.body.append(doc.createElement('div'));
    await mutationsDelivered();
    expect(controller.scans).toBe(scans + 2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/\[linkedin-messaging\].*thread/);
  });
});
