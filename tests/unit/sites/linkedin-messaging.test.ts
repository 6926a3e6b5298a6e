import { describe, expect, test } from 'vitest';
import { messaging, sameName } from '../../../src/sites/linkedin/messaging';
import { LINKEDIN_SELECTORS, mergeLinkedInSelectorOverrides } from '../../../src/sites/linkedin/baseline-selectors';
import type { ExtractedApproach } from '../../../src/sites/types';
import { CAPTURE_SAVED_AT, useSavedClock, WRITTEN_SAVED_AT } from './clock';
import { loadFixture, type FixtureName } from './fixtures';

function extract(name: FixtureName, change?: (document: Document) => void) {
  const { document, url } = loadFixture(name);
  change?.(document);
  return { ...messaging.extract(document, url, LINKEDIN_SELECTORS), document, url };
}

const byId = (approaches: ExtractedApproach[], id: string): ExtractedApproach => {
  const found = approaches.find((extracted) => extracted.approach.id === id);
  if (!found) throw new Error(`no approach ${id} in ${approaches.map((a) => a.approach.id).join(', ')}`);
  return found;
};

const PRIYA = 'https://www.linkedin.com/in/ACoAAFx0002n9RkKdl41NghdsAlkRNsAfthgZPp/';
const CAPTURED_THREAD = 'linkedin:thread:00000000-0000-4000-8000-000000000001_012';

describe('the captured /messaging/ page', () => {
  useSavedClock(CAPTURE_SAVED_AT);

  test('reads the open thread with its partner, four messages, own message and URN times', () => {
    const { approaches, missing } = extract('linkedin-messaging.html');
    expect(missing).toEqual([]);
    const thread = byId(approaches, CAPTURED_THREAD);
    expect(thread.approach).toEqual({
      id: CAPTURED_THREAD,
      site: 'linkedin',
      surface: 'message',
      sender: { name: 'Priya Shah', profileUrl: PRIYA, verified: true, hasPhoto: true },
      messages: [
        {
          text: [
            'Thanks!',
            'I appreciate you taking the time to review the changes.',
            '',
            'We are hosting a small book club for engineers later this month, and everyone is welcome to join. We spent most of the afternoon sketching ideas on the whiteboard.',
            '',
            'Our next meetup will focus on accessibility and inclusive design.',
            '',
            'Kind regards,',
            'Hello!',
          ].join('\n'),
          fromSelf: false,
          at: '2024-06-10T16:18:10.238Z',
        },
        {
          text: 'Noted. Cheers, sam.rivera@example.com Our team just wrapped up a small release and things look stable.',
          fromSelf: true,
          at: '2024-06-22T03:39:16.153Z',
        },
        {
          text: 'Hi there. Congrats on the new role!\nHope your week is going well.\n\nSee you then!',
          fromSelf: false,
          at: '2024-07-16T01:57:49.174Z',
        },
        {
          text: expect.stringMatching(
            /^All set\. The group meets once a month .*\n\nHave a great weekend\.\n\nI am sharing .*\nWe are hosting .*Looking forward to catching up soon\.$/s,
          ),
          fromSelf: false,
          at: '2025-04-08T18:36:33.849Z',
        },
      ],
      platformWarning: false,
    });
    expect(thread.meta).toEqual({ source: 'thread', unread: true, unreadCount: 1 });
    expect(thread.anchor?.classList.contains('msg-title-bar')).toBe(true);
    expect(thread.fields.name?.text).toBe('Priya Shah');
  });

  test('leaves the "(Edited)" marker out of the own message text', () => {
    const thread = byId(extract('linkedin-messaging.html').approaches, CAPTURED_THREAD);
    expect(thread.approach.messages[1]?.text).not.toContain('Edited');
    expect(thread.texts[1]?.elements[0]?.textContent).toContain('(Edited)');
  });

  test('turns the nine other conversation cards into snippet approaches surfaced by their pill', () => {
    const { approaches } = extract('linkedin-messaging.html');
    const cards = approaches.filter((extracted) => extracted.meta.source === 'snippet');
    expect(
      cards.map(({ approach, meta }) => [
        approach.id,
        approach.surface,
        meta.pill ?? null,
        meta.unreadCount ?? 0,
        approach.platformWarning,
        approach.messages.length,
        approach.messages[0]?.at ?? null,
      ]),
    ).toEqual([
      ['linkedin:conversation:morgan hale', 'message', 'Sponsored', 1, false, 1, '2025-04-08'],
      ['linkedin:conversation:mateo ruiz vidal', 'message', null, 1, false, 1, '2025-04-01'],
      ["linkedin:conversation:liam o'connell", 'message', null, 0, false, 1, '2025-03-30'],
      ['linkedin:conversation:owen fischer', 'message', 'Sponsored', 1, false, 1, '2025-03-29'],
      ['linkedin:conversation:linkedin talent solutions', 'message', 'LinkedIn Offer', 1, false, 1, '2025-03-24'],
      ['linkedin:conversation:ethan brooks', 'message', null, 2, false, 1, '2025-03-20'],
      ['linkedin:conversation:noah feldman', 'message', null, 1, false, 1, '2025-03-19'],
      ['linkedin:conversation:ravi menon', 'message', null, 0, true, 0, null],
      ['linkedin:conversation:lucía ortega', 'inmail', 'InMail', 1, false, 1, '2025-03-10'],
    ]);
    expect(cards.every((card) => card.anchor?.matches('li.msg-conversation-listitem'))).toBe(true);
  });

  test('reads the conversation list on the compose page, and not the compose pane', () => {
    const { document } = loadFixture('linkedin-messaging.html');
    // Beside a new message's form: the list with no card marked open, and a pane whose title bar
    // names the recipient (left as the thread's markup: it must not become a thread).
    for (const link of document.querySelectorAll('.msg-conversations-container__convo-item-link--active')) link.classList.remove('msg-conversations-container__convo-item-link--active');
    for (const marked of document.querySelectorAll('[aria-current]')) marked.removeAttribute('aria-current');
    for (const marked of document.querySelectorAll('.msg-conversation-listitem__active-text')) marked.remove();
    for (const href of ['https://www.linkedin.com/messaging/compose/?invitation=urn%3Ali%3Afsd_invitation%3A1001', 'https://www.linkedin.com/messaging/thread/new/']) {
      const url = new URL(href);
      expect(messaging.matches(url)).toBe(true);
      const { approaches, missing } = messaging.extract(document, url, LINKEDIN_SELECTORS);
      expect(missing).toEqual([]);
      // Every card, the one that was open included, each from its snippet; no thread.
      expect(approaches.map((extracted) => extracted.meta.source)).toEqual(Array(10).fill('snippet'));
      expect(byId(approaches, 'linkedin:conversation:priya shah').approach.messages).toHaveLength(1);
      expect(byId(approaches, 'linkedin:conversation:ravi menon').approach.platformWarning).toBe(true);
    }
  });

  test('strips the "First name: " prefix and the pill from snippets', () => {
    const { approaches } = extract('linkedin-messaging.html');
    expect(byId(approaches, 'linkedin:conversation:ethan brooks').approach.messages).toEqual([
      {
        text: 'It would be nice to hear your perspective on the roadmap discussion.\u00a0 Could you send over the agenda when you get a chance?',
        fromSelf: false,
        at: '2025-03-20',
      },
    ]);
    expect(byId(approaches, 'linkedin:conversation:lucía ortega').approach.messages[0]?.text).toBe(
      'The team photo from the offsite turned out really well. Sounds good to me.',
    );
    expect(byId(approaches, 'linkedin:conversation:owen fischer').approach).toMatchObject({
      sender: { name: 'Owen Fischer' },
      messages: [{ text: 'The venue is a short walk from the train station.' }],
    });
  });

  test("marks LinkedIn's harmful-content label as a platform warning with no message text", () => {
    const ravi = byId(extract('linkedin-messaging.html').approaches, 'linkedin:conversation:ravi menon');
    expect(ravi.approach).toEqual({
      id: 'linkedin:conversation:ravi menon',
      site: 'linkedin',
      surface: 'message',
      sender: { name: 'Ravi Menon' },
      messages: [],
      platformWarning: true,
    });
    expect(ravi.meta).toEqual({ source: 'snippet', unread: false, lastActivity: 'Mar 18' });
  });

  test('takes the sender from the messages when the title bar still names someone else (a move to another conversation half done)', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      document.querySelector('#thread-detail-jump-target')!.textContent = 'Ethan Brooks';
      for (const link of document.querySelectorAll('.msg-title-bar a[href*="/in/"]')) link.setAttribute('href', 'https://www.linkedin.com/in/fixture-member-99/');
    });
    expect(byId(approaches, CAPTURED_THREAD).approach.sender).toEqual({ name: 'Priya Shah', profileUrl: PRIYA, verified: true, hasPhoto: true });
  });

  test('does not repeat the open conversation as a snippet approach', () => {
    const { approaches } = extract('linkedin-messaging.html');
    expect(approaches.filter((extracted) => extracted.approach.sender.name === 'Priya Shah')).toHaveLength(1);
    expect(approaches).toHaveLength(10);
  });

  const moveMark = (document: Document, to: string) => {
    for (const mark of document.querySelectorAll('.msg-conversations-container__convo-item-link--active')) mark.classList.remove('msg-conversations-container__convo-item-link--active');
    for (const mark of document.querySelectorAll('.msg-conversation-listitem__active-text')) mark.remove();
    const card = [...document.querySelectorAll('li.msg-conversation-listitem')].find((li) => li.textContent?.includes(to))!;
    card.querySelector('.msg-conversation-listitem__link')!.classList.add('msg-conversations-container__convo-item-link--active');
  };

  test('merges no card while the open mark sits on another conversation (a click moves it before the pane)', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => moveMark(document, 'Ethan Brooks'));
    // Priya's card stays its own approach until the pane and the mark agree again.
    expect(approaches.filter((extracted) => extracted.approach.sender.name === 'Priya Shah')).toHaveLength(2);
    expect(byId(approaches, 'linkedin:conversation:ethan brooks').meta.unreadCount).toBe(2);
    expect(approaches).toHaveLength(11);
    expect(byId(approaches, CAPTURED_THREAD).meta).toEqual({ source: 'thread' });
  });

  test('merges the marked card when it writes the name with other spacing, case or a "(She/Her)"', () => {
    const priyaCardName = (document: Document) =>
      document.querySelector('.msg-conversations-container__convo-item-link--active .msg-conversation-listitem__participant-names span.truncate')!;
    for (const change of [
      (document: Document) => (priyaCardName(document).textContent = 'Priya\u00a0Shah'),
      (document: Document) => (priyaCardName(document).textContent = '  PRIYA   shah '),
      (document: Document) => (document.querySelector('#thread-detail-jump-target')!.textContent = 'Priya Shah (She/Her)'),
    ]) {
      const { approaches } = extract('linkedin-messaging.html', change);
      expect(approaches).toHaveLength(10);
      expect(byId(approaches, CAPTURED_THREAD).meta).toEqual({ source: 'thread', unread: true, unreadCount: 1 });
    }
  });

  test('merges the marked card when it shortens the surname to an initial, and not when the initial or the words differ', () => {
    const cardName = (text: string) => (document: Document) =>
      (document.querySelector('.msg-conversations-container__convo-item-link--active .msg-conversation-listitem__participant-names span.truncate')!.textContent = text);
    for (const text of ['Priya S.', 'priya s']) {
      const { approaches } = extract('linkedin-messaging.html', cardName(text));
      expect(approaches).toHaveLength(10);
      expect(byId(approaches, CAPTURED_THREAD).meta).toEqual({ source: 'thread', unread: true, unreadCount: 1 });
    }
    for (const text of ['Priya K.', 'Priya', 'P. Shah', 'Priya Sharma']) {
      const { approaches } = extract('linkedin-messaging.html', cardName(text));
      expect(approaches, text).toHaveLength(11);
      expect(byId(approaches, CAPTURED_THREAD).meta, text).toEqual({ source: 'thread' });
    }
  });

  test.each([
    ['Priya S.', 'Priya Shah', true],
    ['Priya Shah (She/Her)', 'priya  S', true],
    ['Anna M. Kowalski', 'Anna Maria K.', true],
    ['Priya S.', 'Priya Kaur', false],
    ['Priya', 'Priya Shah', false],
    ['J. Smith', 'John Smith', false],
    ['Priya Shah', 'Priya Sharma', false],
    ['Priya S. Kumar', 'Priya Shah', false],
    ['John A. Smith', 'John A. Stone', false],
    ['J Smith', 'J Stone', false],
    ['\uAE40 \uBBFC\uC900', '\uAE40 \uBBFC\uC218', false],
    ['\u738B \u5C0F\u660E', '\u738B \u5C0F\u7EA2', false],
    ['Priya S', 'Priya Sh', false],
  ])('sameName(%j, %j) is %s', (a, b, expected) => {
    expect(sameName(a, b)).toBe(expected);
    expect(sameName(b, a)).toBe(expected);
  });

  test("never lends another conversation's card, its harmful-content label included, to the open thread", () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      [...document.querySelectorAll('li.msg-conversation-listitem')].find((li) => li.textContent?.includes('Priya Shah'))!.remove();
      moveMark(document, 'Ravi Menon');
    });
    const thread = byId(approaches, CAPTURED_THREAD);
    expect(thread.approach.platformWarning).toBe(false);
    expect(thread.meta).toEqual({ source: 'thread' });
    expect(byId(approaches, 'linkedin:conversation:ravi menon').approach.platformWarning).toBe(true);
    expect(approaches).toHaveLength(10);
  });

  /** Priya's thread as a group conversation: a title naming both, and a message from Dan Kerr. */
  const asGroup = (document: Document) => {
    document.querySelector('.msg-title-bar a.msg-thread__link-to-profile')!.setAttribute('href', '/messaging/thread/2-group/');
    document.querySelector('#thread-detail-jump-target')!.textContent = 'Priya Shah, Dan Kerr';
    const events = [...document.querySelectorAll('.msg-thread li.msg-s-message-list__event')];
    const priya = events.find((li) => li.querySelector('.msg-s-message-group__meta') && li.querySelector('.msg-s-event-listitem--other'))!;
    const dan = priya.cloneNode(true) as Element;
    for (const link of dan.querySelectorAll('a[href*="/in/"]')) link.setAttribute('href', 'https://www.linkedin.com/in/dan-kerr-42/');
    dan.querySelector('.msg-s-message-group__name')!.textContent = 'Dan Kerr';
    dan.querySelector('.msg-s-event-listitem--group-a11y-heading')!.textContent = 'Dan Kerr sent the following message at 12:30 PM';
    dan.querySelector('p.msg-s-event-listitem__body')!.textContent = 'Our client pays in USDT for short reports on non-public plans.';
    events.at(-1)!.after(dan);
  };

  test('names no single member as the sender of a group conversation', () => {
    const thread = byId(extract('linkedin-messaging.html', asGroup).approaches, CAPTURED_THREAD);
    expect(thread.approach.messages.at(-1)).toMatchObject({ text: 'Our client pays in USDT for short reports on non-public plans.', fromSelf: false });
    // Priya's profile, badge and photo would blame her for Dan's words (history, reports, "Not suspicious").
    expect(thread.approach.sender).toEqual({ name: 'Priya Shah, Dan Kerr' });
    expect(thread.meta.photoUrl).toBeUndefined();
  });

  /** The captured thread as a group (title bar with no profile, no profile card) where only Dan has written; the open card renamed. */
  const asGroupOfOneWriter = (document: Document, cardName: string) => {
    // A group's title bar names the group and links to no profile; it has no profile card.
    document.querySelector('.msg-title-bar a.msg-thread__link-to-profile')!.setAttribute('href', '/messaging/thread/2-group/');
    document.querySelector('#thread-detail-jump-target')!.textContent = 'Policy Roundtable';
    const card = document.querySelector('.msg-conversations-container__convo-item-link--active')!.closest('li')!;
    card.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = cardName;
    document.querySelector('.msg-s-profile-card')?.remove();
    for (const event of document.querySelectorAll('.msg-thread li.msg-s-message-list__event:has(.msg-s-event-listitem--other)')) {
      for (const link of event.querySelectorAll('a[href*="/in/"]')) link.setAttribute('href', 'https://www.linkedin.com/in/dan-kerr-42/');
      const name = event.querySelector('.msg-s-message-group__name');
      if (name) name.textContent = 'Dan Kerr';
      const heading = event.querySelector('.msg-s-event-listitem--group-a11y-heading');
      if (heading) heading.textContent = heading.textContent!.replace('Priya Shah', 'Dan Kerr');
    }
  };

  test('names the one member who wrote in a group conversation, not the group, and takes in the group\u2019s card', () => {
    // The group's card in the list names the group, as its title bar does.
    const { approaches } = extract('linkedin-messaging.html', (document) => asGroupOfOneWriter(document, 'Policy Roundtable'));
    const thread = byId(approaches, CAPTURED_THREAD);
    // The group's title with Dan's profile would blame no one by name and show the wrong one.
    expect(thread.approach.sender).toMatchObject({ name: 'Dan Kerr', profileUrl: 'https://www.linkedin.com/in/dan-kerr-42/' });
    // A cue in Dan's name is not highlighted in the group's title.
    expect(thread.fields.name).toBeUndefined();
    expect(byId(extract('linkedin-messaging.html').approaches, CAPTURED_THREAD).fields.name?.text).toBe('Priya Shah');
    // The open group's card is the thread's, not an approach of its own: it lends the thread its
    // unread state as for a one-to-one conversation.
    expect(approaches.filter((a) => a.approach.sender.name === 'Policy Roundtable')).toEqual([]);
    expect(thread.meta.unread).toBeDefined();
  });

  test('never pairs the group\u2019s title with the writer\u2019s profile when the messages show no name', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      asGroupOfOneWriter(document, 'Policy Roundtable');
      for (const name of document.querySelectorAll('.msg-thread .msg-s-message-group__name, .msg-thread .msg-s-event-listitem--group-a11y-heading')) name.remove();
    });
    const { sender } = byId(approaches, CAPTURED_THREAD).approach;
    expect(sender.profileUrl).toBe('https://www.linkedin.com/in/dan-kerr-42/');
    expect(sender.name).toBeUndefined();
  });

  test('reads a group member\u2019s messages as incoming, and says so, once LinkedIn\u2019s incoming class stops matching', () => {
    const { approaches, missing } = extract('linkedin-messaging.html', (document) => {
      asGroupOfOneWriter(document, 'Policy Roundtable');
      for (const other of document.querySelectorAll('.msg-s-event-listitem--other')) other.classList.remove('msg-s-event-listitem--other');
    });
    // Dan Kerr's name differs from the group's, as every member's does: that says nothing of who wrote.
    const { messages } = byId(approaches, CAPTURED_THREAD).approach;
    expect(messages.filter((m) => !m.fromSelf).map((m) => m.text)).toEqual(
      byId(extract('linkedin-messaging.html', (document) => asGroupOfOneWriter(document, 'Policy Roundtable')).approaches, CAPTURED_THREAD)
        .approach.messages.filter((m) => !m.fromSelf)
        .map((m) => m.text),
    );
    expect(missing).toContain('messageIncoming');
  });

  test('takes the user\u2019s own messages without a "sent" tick for their own in a group, where LinkedIn\u2019s class marks the others\u2019', () => {
    const { approaches, missing } = extract('linkedin-messaging.html', (document) => {
      asGroupOfOneWriter(document, 'Policy Roundtable');
      for (const tick of document.querySelectorAll('[data-test-msg-cross-pillar-message-sending-indicator-presenter__container], [title^="Sent at "], .msg-s-event-with-indicator__sending-indicator')) tick.remove();
    });
    const thread = byId(approaches, CAPTURED_THREAD);
    expect(thread.approach.messages.map((m) => m.fromSelf)).toEqual(
      byId(extract('linkedin-messaging.html').approaches, CAPTURED_THREAD).approach.messages.map((m) => m.fromSelf),
    );
    expect(thread.approach.messages.some((m) => m.fromSelf)).toBe(true);
    // The one member who wrote is still the sender, with their profile.
    expect(thread.approach.sender).toMatchObject({ name: 'Dan Kerr', profileUrl: 'https://www.linkedin.com/in/dan-kerr-42/' });
    expect(missing).not.toContain('messageIncoming');
  });

  test('does not take in the writer\u2019s own one-to-one card, just clicked, while the group is still shown', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => asGroupOfOneWriter(document, 'Dan Kerr'));
    expect(byId(approaches, CAPTURED_THREAD).meta.unread).toBeUndefined();
    expect(byId(approaches, 'linkedin:conversation:dan kerr').approach.sender.name).toBe('Dan Kerr');
  });

  test('takes in the open card at a legacy numeric thread address, which cannot be compared with the messages\u2019 key', () => {
    const { document } = loadFixture('linkedin-messaging.html');
    const { approaches } = messaging.extract(document, new URL('https://www.linkedin.com/messaging/thread/6712345678901234567/'), LINKEDIN_SELECTORS);
    expect(approaches).toHaveLength(10);
    expect(byId(approaches, CAPTURED_THREAD).meta.unread).toBeDefined();
    expect(approaches.some((a) => a.approach.id === 'linkedin:conversation:priya shah')).toBe(false);
  });

  test('takes in no card while the messages are another conversation\u2019s than the address names (right after a click)', () => {
    const { document } = loadFixture('linkedin-messaging.html');
    const next = new URL('https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAyXzAxMg==/');
    const { approaches } = messaging.extract(document, next, LINKEDIN_SELECTORS);
    // The thread is still the one its messages are, and the marked card stays an approach of its own.
    expect(byId(approaches, CAPTURED_THREAD).meta.unread).toBeUndefined();
    expect(byId(approaches, 'linkedin:conversation:priya shah').approach.sender.name).toBe('Priya Shah');
  });

  test('still names the one other person when only they write, in several groups of messages', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      document.querySelector('.msg-title-bar a.msg-thread__link-to-profile')!.setAttribute('href', '/messaging/thread/2-x/');
    });
    expect(byId(approaches, CAPTURED_THREAD).approach.sender).toEqual({ name: 'Priya Shah', profileUrl: PRIYA, verified: true, hasPhoto: true });
  });

  test('merges no unmarked card of the same name (another conversation with the person, or a namesake)', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      const cards = [...document.querySelectorAll('li.msg-conversation-listitem')];
      // The open conversation's card is not rendered (scrolled away); Ravi's card, with LinkedIn's label, is renamed.
      cards.find((li) => li.querySelector('.msg-conversations-container__convo-item-link--active'))!.remove();
      const ravi = cards.find((li) => li.textContent?.includes('Ravi Menon'))!;
      ravi.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = 'Priya Shah';
    });
    const thread = byId(approaches, CAPTURED_THREAD);
    expect(thread.approach.platformWarning).toBe(false);
    expect(byId(approaches, 'linkedin:conversation:priya shah').approach.platformWarning).toBe(true);
  });

  test('keys the thread by the URL when no message carries a URN', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      for (const event of document.querySelectorAll('[data-event-urn]')) event.removeAttribute('data-event-urn');
    });
    expect(approaches[0]?.approach.id).toBe(CAPTURED_THREAD);
  });

  test('combines the date divider and the time when no message carries a URN', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      for (const event of document.querySelectorAll('[data-event-urn]')) event.removeAttribute('data-event-urn');
    });
    // The URN instants truncated to the minute: the page shows New York time.
    expect(approaches[0]?.approach.messages.map((message) => message.at)).toEqual([
      '2024-06-10T16:18:00.000Z',
      '2024-06-22T03:39:00.000Z',
      '2024-07-16T01:57:00.000Z',
      '2025-04-08T18:36:00.000Z',
    ]);
  });
});

describe('a long one-to-one thread', () => {
  useSavedClock(WRITTEN_SAVED_AT);
  const THREAD = 'linkedin:thread:00000000-0000-4000-8000-000000000005_012';

  test('reads all forty messages in order, with the own ones marked', () => {
    const { approaches, missing } = extract('messaging-long-thread.html');
    expect(missing).toEqual([]);
    const thread = byId(approaches, THREAD);
    const { messages } = thread.approach;
    expect(messages).toHaveLength(40);
    expect(thread.texts).toHaveLength(40);
    expect(messages.flatMap((message, index) => (message.fromSelf ? [index] : []))).toEqual([
      2, 6, 9, 12, 16, 19, 25, 28, 32, 35, 38,
    ]);
    expect(thread.approach.sender).toEqual({
      name: 'Irene Kowalski',
      profileUrl: 'https://www.linkedin.com/in/ACoAAFx0052kK86Kmmc2E4EWYWCy8w4K6Ec4YiI/',
      verified: false,
      hasPhoto: true,
    });
    expect(thread.approach.surface).toBe('message');
    expect(thread.meta).toEqual({ source: 'thread', unread: true, unreadCount: 1 });
  });

  test('keeps line breaks, links, entities and emoji as written', () => {
    const { messages } = byId(extract('messaging-long-thread.html').approaches, THREAD).approach;
    expect(messages[0]?.text).toBe(
      'Hello Sam,\nI came across your profile while researching parliamentary staff who work on energy policy.',
    );
    expect(messages[3]?.text).toBe('We bring together analysts from think tanks & ministries across Europe 🌍');
    expect(messages[5]?.text).toBe('Here is our page: https://example.com/external-link-10');
    expect(messages[8]?.text).toBe('Good morning!\n\nDid you get a chance to look at the page?');
    expect(messages[12]?.text).toBe('Perhaps. What would it involve?');
    expect(messages[15]?.text).toBe(
      'As promised, some details:\n• short written perspectives, 2–3 pages\n• topics chosen by you\n• an honorarium for each one',
    );
    expect(messages[39]?.text).toBe('Wonderful. Speak soon!');
  });

  test('gives follow-up messages without a name line to the sender above them', () => {
    const { document, approaches } = extract('messaging-long-thread.html');
    const events = [...document.querySelectorAll('[data-event-urn]')];
    const withoutName = events.flatMap((event, index) =>
      event.querySelector('.msg-s-message-group__meta') ? [] : [index],
    );
    expect(withoutName.length).toBeGreaterThan(10);
    const { messages } = byId(approaches, THREAD).approach;
    // Every follow-up in this thread is Irene's.
    expect(withoutName.every((index) => messages[index]?.fromSelf === false)).toBe(true);
  });

  test('dates relative dividers ("Monday", "Today") from the clock when URNs are missing', () => {
    const { approaches } = extract('messaging-long-thread.html', (document) => {
      for (const event of document.querySelectorAll('[data-event-urn]')) event.removeAttribute('data-event-urn');
    });
    const { messages } = byId(approaches, THREAD).approach;
    expect(messages[30]?.at).toBe('2025-11-17T13:05:00.000Z');
    expect(messages[31]?.at).toBe('2025-11-17T13:05:00.000Z');
    expect(messages[39]?.at).toBe('2025-11-20T14:15:00.000Z');
    expect(messages[0]?.at).toBe('2025-10-06T13:02:00.000Z');
  });

  test('reads a "You: " snippet as the user\'s own message', () => {
    const tomasz = byId(extract('messaging-long-thread.html').approaches, 'linkedin:conversation:tomasz nowak');
    expect(tomasz.approach.messages).toEqual([{ text: 'Thanks, talk soon.', fromSelf: true, at: '2025-11-12' }]);
  });

  test('reads a "You:" snippet on an unread card as the sender\'s: the latest message of an unread conversation is never the user\'s own', () => {
    const text = 'You: were recommended to me. My client pays in USDT for short reports. Keep this between us.';
    const tomasz = byId(
      extract('messaging-long-thread.html', (document) => {
        const card = [...document.querySelectorAll('li.msg-conversation-listitem')].find((li) => li.textContent?.includes('Tomasz Nowak'))!;
        card.querySelector('p.msg-conversation-card__message-snippet')!.textContent = text;
        card.querySelector('.msg-conversation-card')!.classList.add('msg-conversation-card__convo-item-container--unread');
      }).approaches,
      'linkedin:conversation:tomasz nowak',
    );
    expect(tomasz.meta.unread).toBe(true);
    expect(tomasz.approach.messages).toEqual([expect.objectContaining({ text, fromSelf: false })]);
  });

  test('reads "You: " as the sender\'s own prefix when their first name is "You"', () => {
    const you = byId(
      extract('messaging-long-thread.html', (document) => {
        const card = [...document.querySelectorAll('li.msg-conversation-listitem')].find((li) => li.textContent?.includes('Tomasz Nowak'))!;
        card.querySelector('.msg-conversation-listitem__participant-names span.truncate')!.textContent = 'You Zhang';
        card.querySelector('p.msg-conversation-card__message-snippet')!.textContent = 'You: paid reports in USDT, continue on Telegram';
      }).approaches,
      'linkedin:conversation:you zhang',
    );
    expect(you.meta.unread).toBe(false);
    expect(you.approach.messages).toEqual([expect.objectContaining({ text: 'paid reports in USDT, continue on Telegram', fromSelf: false })]);
  });

  test('scores a snippet that quotes LinkedIn\'s harmful-content label, which only the label itself replaces', () => {
    const quoted = 'Tomasz: My client pays in USDT for short reports. Keep this between us. (This message may contain unwanted or harmful content.)';
    const { approaches } = extract('messaging-long-thread.html', (document) => {
      const card = [...document.querySelectorAll('li.msg-conversation-listitem')].find((li) => li.textContent?.includes('Tomasz Nowak'))!;
      card.querySelector('p.msg-conversation-card__message-snippet')!.textContent = quoted;
    });
    const tomasz = byId(approaches, 'linkedin:conversation:tomasz nowak');
    expect(tomasz.approach.platformWarning).toBe(false);
    expect(tomasz.approach.messages.map((m) => m.text)).toEqual([quoted.slice('Tomasz: '.length)]);
  });
});

describe('an open InMail with the harmful-content label', () => {
  useSavedClock(WRITTEN_SAVED_AT);
  const THREAD = 'linkedin:thread:00000000-0000-4000-8000-000000000006_012';

  test('is surfaced as an InMail with the warning, headline and subject line', () => {
    const { approaches, missing } = extract('messaging-inmail-harmful.html');
    expect(missing).toEqual([]);
    const inMail = byId(approaches, THREAD);
    expect(inMail.approach).toEqual({
      id: THREAD,
      site: 'linkedin',
      surface: 'inmail',
      sender: {
        name: 'Marek Lindholm',
        headline: 'Senior Talent Partner at Example Strategic Advisory',
        profileUrl: 'https://www.linkedin.com/in/ACoAAFx0053weCAEKGOOCqwSiE6eoA0ck6UC8oA/',
        verified: false,
        hasPhoto: true,
      },
      messages: [
        {
          text: [
            'Confidential advisory opportunity',
            'Dear Sam,',
            '',
            'Your profile attracted me. I am recruiting, for a client I cannot name yet, experienced parliamentary staff for a well-paid remote consultancy.',
            'The work is simple: short reports on policy developments and your internal view of upcoming decisions.',
            'Payment can be made in USDT if you prefer.',
            '',
            'Please keep this confidential and reply on Telegram so we can arrange a face-to-face interview in Singapore, all expenses paid.',
            '',
            'Best regards,',
            'Marek',
          ].join('\n'),
          fromSelf: false,
          at: '2025-11-18T21:12:41.000Z',
        },
      ],
      platformWarning: true,
    });
    expect(inMail.meta).toEqual({
      source: 'thread',
      pill: 'InMail',
      unread: true,
      subject: 'Confidential advisory opportunity',
    });
    expect(inMail.fields.headline?.text).toBe('Senior Talent Partner at Example Strategic Advisory');
  });

  test('finds the warning inside the thread even without the conversation card', () => {
    const { approaches } = extract('messaging-inmail-harmful.html', (document) => {
      document.querySelector('ul.msg-conversations-container__conversations-list')?.remove();
    });
    expect(byId(approaches, THREAD).approach.platformWarning).toBe(true);
  });

  test('does not take a quoted warning sentence inside a message for LinkedIn\'s label', () => {
    const { approaches } = extract('linkedin-messaging.html', (document) => {
      const body = document.querySelector('p.msg-s-event-listitem__body');
      body?.append(document.createTextNode(' This message may contain unwanted or harmful content.'));
    });
    expect(approaches[0]?.approach.platformWarning).toBe(false);
  });
});

describe('markup changes', () => {
  useSavedClock(CAPTURE_SAVED_AT);

  test('reports the thread pane as missing when a thread URL shows no recognisable pane', () => {
    const { missing, approaches } = extract('linkedin-messaging.html', (document) => {
      const pane = document.querySelector('.msg-thread');
      pane?.classList.remove('msg-thread');
      pane?.removeAttribute('id');
    });
    expect(missing).toEqual(['thread']);
    expect(approaches.every((extracted) => extracted.meta.source === 'snippet')).toBe(true);
  });

  test('reports the thread pane as missing on the bare inbox when a card shows an open conversation', () => {
    const { document } = loadFixture('linkedin-messaging.html');
    const pane = document.querySelector('.msg-thread');
    pane?.classList.remove('msg-thread');
    pane?.removeAttribute('id');
    const inbox = new URL('https://www.linkedin.com/messaging/');
    expect(messaging.extract(document, inbox, LINKEDIN_SELECTORS).missing).toEqual(['thread']);
  });

  test('does not ask for a thread pane on the bare inbox when no conversation is open', () => {
    const { document } = loadFixture('linkedin-messaging.html');
    document.querySelector('.msg-thread')?.remove();
    document.querySelector('.msg-conversations-container__convo-item-link--active')?.classList.remove('msg-conversations-container__convo-item-link--active');
    document.querySelector('.msg-conversation-listitem__active-text')?.remove();
    const inbox = new URL('https://www.linkedin.com/messaging/');
    const { missing, approaches } = messaging.extract(document, inbox, LINKEDIN_SELECTORS);
    expect(missing).toEqual([]);
    expect(approaches.map((extracted) => extracted.approach.sender.name)).toContain('Priya Shah');
  });

  test('falls back to the next alternative when the body class alone is renamed', () => {
    const { missing, approaches } = extract('linkedin-messaging.html', (document) => {
      for (const body of document.querySelectorAll('.msg-s-event-listitem__body')) body.classList.remove('msg-s-event-listitem__body');
    });
    expect(missing).toEqual([]);
    expect(approaches[0]?.approach.messages[2]?.text).toBe('Hi there. Congrats on the new role!\nHope your week is going well.\n\nSee you then!');
  });

  test('reports the message body as missing when no alternative matches', () => {
    const { missing, approaches } = extract('linkedin-messaging.html', (document) => {
      for (const body of document.querySelectorAll('.msg-s-event-listitem__body')) body.classList.remove('msg-s-event-listitem__body');
      for (const content of document.querySelectorAll('.msg-s-event__content')) content.classList.remove('msg-s-event__content');
    });
    expect(missing).toEqual(['messageBody']);
    expect(approaches[0]?.approach.messages).toHaveLength(4);
  });

  test('reports the incoming-message class when the partner\'s messages lose it', () => {
    const { missing, approaches } = extract('linkedin-messaging.html', (document) => {
      for (const event of document.querySelectorAll('.msg-s-event-listitem--other')) event.classList.remove('msg-s-event-listitem--other');
    });
    expect(missing).toEqual(['messageIncoming']);
    // The partner's profile link still tells the messages apart.
    expect(approaches[0]?.approach.messages.map((message) => message.fromSelf)).toEqual([false, true, false, false]);
  });

  test('uses a rule pack override to read a renamed body', () => {
    const rename = (document: Document) => {
      for (const body of document.querySelectorAll('.msg-s-event-listitem__body')) {
        body.classList.replace('msg-s-event-listitem__body', 'msg-x-body');
      }
      for (const content of document.querySelectorAll('.msg-s-event__content')) content.classList.remove('msg-s-event__content');
    };
    const { document, url } = loadFixture('linkedin-messaging.html');
    rename(document);
    const { selectors, errors } = mergeLinkedInSelectorOverrides({ messageBody: ['p.msg-x-body'] });
    expect(errors).toEqual([]);
    const result = messaging.extract(document, url, selectors);
    expect(result.missing).toEqual([]);
    expect(result.approaches[0]?.approach.messages[0]?.text.startsWith('Thanks!\nI appreciate')).toBe(true);
  });
});
