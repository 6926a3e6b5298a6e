import { describe, expect, test } from 'vitest';
import { approachId, threadKeyFromUrlId } from '../../../src/sites/linkedin/ids';
import { overlay } from '../../../src/sites/linkedin/overlay';
import { threadIdFromUrl } from '../../../src/sites/linkedin/pages';
import { LINKEDIN_SELECTORS } from '../../../src/sites/linkedin/baseline-selectors';
import { PROFILE_CAPTURE_SAVED_AT, useSavedClock, WRITTEN_SAVED_AT } from './clock';
import { loadFixture, type FixtureName } from './fixtures';

function extract(name: FixtureName, change?: (document: Document) => void) {
  const { document, url } = loadFixture(name);
  change?.(document);
  return overlay.extract(document, url, LINKEDIN_SELECTORS);
}

describe('the sponsored message bubble over the captured profile', () => {
  useSavedClock(PROFILE_CAPTURE_SAVED_AT);

  test('reads the text beside the empty body paragraph, one line per paragraph', () => {
    const { approaches, missing } = extract('linkedin-profile.html');
    expect(missing).toEqual([]);
    expect(approaches).toHaveLength(1);
    const [sponsored] = approaches;
    expect(sponsored?.approach).toEqual({
      id: 'linkedin:thread:00000000-0000-4000-8000-000000000003_100',
      site: 'linkedin',
      surface: 'message',
      sender: {
        name: 'Morgan Hale',
        headline: 'Vice President, Example Directory Co.',
        verified: true,
        hasPhoto: true,
      },
      messages: [
        {
          text: [
            'Of course.',
            '',
            'We are hosting a small book club for engineers later this month, and everyone is welcome to join. Glad to hear the launch went smoothly.',
            '',
            'Attendance is free and there is no need to prepare anything in advance.',
            '',
            'Please feel free to forward this note to anyone who might find it useful. The workshop covered testing strategies and documentation habits.',
            '',
            'The library downstairs has a quiet room that works well for focused work. Sounds good to me. Thank you for organizing such a friendly and well-run session.',
            '',
            'No rush at all, whenever suits you is fine. Let me know what you think of the proposal.',
          ].join('\n'),
          fromSelf: false,
          at: '2025-04-08T12:54:05.341Z',
        },
      ],
      platformWarning: false,
    });
    expect(sponsored?.meta).toEqual({ source: 'overlay', pill: 'Sponsored', sponsored: true });
    expect(sponsored?.anchor?.tagName).toBe('HEADER');
    // The sponsor's call-to-action buttons and legal footer are not message text.
    expect(sponsored?.approach.messages[0]?.text).not.toMatch(/apply|Privacy Policy/);
  });

  test('dates the message from "Today" and the time when its URN is missing', () => {
    const { approaches } = extract('linkedin-profile.html', (document) => {
      document.querySelector('[data-event-urn]')?.removeAttribute('data-event-urn');
    });
    expect(approaches[0]?.approach.id).toBe('linkedin:overlay:morgan hale');
    expect(approaches[0]?.approach.messages[0]?.at).toBe('2025-04-08T12:54:00.000Z');
  });
});

describe('a person-to-person bubble over the feed', () => {
  useSavedClock(WRITTEN_SAVED_AT);

  test('reads the partner, headline and four messages, one of them the user\'s', () => {
    const { approaches, missing } = extract('overlay-conversation.html');
    expect(missing).toEqual([]);
    expect(approaches).toHaveLength(1);
    expect(approaches[0]?.approach).toEqual({
      id: 'linkedin:thread:00000000-0000-4000-8000-000000000007_012',
      site: 'linkedin',
      surface: 'message',
      sender: {
        name: 'Colin Ashford',
        headline: 'Research Director at Example Policy Institute',
        verified: true,
        profileUrl: 'https://www.linkedin.com/in/ACoAAFx00542YWUcYKWyUq2mOGE86uMouOq8eYC/',
        hasPhoto: true,
      },
      messages: [
        { text: 'Hi Sam, lovely to meet you at the committee reception yesterday.', fromSelf: false, at: '2025-11-20T13:41:03.000Z' },
        {
          text: 'As promised, here is the reading list we discussed:\n1. The energy transition paper\n2. The grid resilience review',
          fromSelf: false,
          at: '2025-11-20T13:41:52.000Z',
        },
        { text: 'Thanks Colin, very kind. I will take a look this week.', fromSelf: true, at: '2025-11-20T14:03:20.000Z' },
        { text: 'Brilliant. Let me know what you think!', fromSelf: false, at: '2025-11-20T14:10:44.000Z' },
      ],
      platformWarning: false,
    });
    expect(approaches[0]?.meta).toEqual({ source: 'overlay' });
    expect(approaches[0]?.fields.name?.text).toBe('Colin Ashford');
  });

  test('takes the header for the sender\u2019s name only when it names them: a group\u2019s bubble names the group', () => {
    const [bubble] = extract('overlay-conversation.html', (document) => {
      const title = document.querySelector('h2.msg-overlay-bubble-header__title')!;
      for (const link of title.ownerDocument.querySelectorAll('header a[href*="/in/"]')) link.removeAttribute('href');
      title.textContent = 'Energy roundtable';
    }).approaches;
    // Colin Ashford is the one member who wrote; a cue in his name is not drawn over the group's title.
    expect(bubble?.approach.sender.name).toBe('Colin Ashford');
    expect(bubble?.fields.name).toBeUndefined();
  });

  test('gives the same id as the conversation opened at its /messaging/ thread URL', () => {
    const [bubble] = extract('overlay-conversation.html').approaches;
    const threadUrl = new URL(`https://www.linkedin.com/messaging/thread/2-${btoa('00000000-0000-4000-8000-000000000007_012')}/`);
    const key = threadKeyFromUrlId(threadIdFromUrl(threadUrl));
    expect(key).toBeDefined();
    expect(bubble?.approach.id).toBe(approachId.thread(key!));
  });

  test('reports the header title as missing when the bubble has none', () => {
    const { missing, approaches } = extract('overlay-conversation.html', (document) => {
      document.querySelector('h2.msg-overlay-bubble-header__title')?.remove();
    });
    expect(missing).toEqual(['overlayTitle']);
    // The messages still name the sender.
    expect(approaches[0]?.approach.sender.name).toBe('Colin Ashford');
  });
});

describe('where bubbles are looked for', () => {
  test('runs on any LinkedIn page except messaging, where bubbles are hidden', () => {
    expect(overlay.matches(new URL('https://www.linkedin.com/feed/'))).toBe(true);
    expect(overlay.matches(new URL('https://www.linkedin.com/in/fixture-member-13/'))).toBe(true);
    expect(overlay.matches(new URL('https://www.linkedin.com/messaging/'))).toBe(false);
    expect(overlay.matches(new URL('https://example.com/feed/'))).toBe(false);
  });

  test('finds nothing and reports nothing on a page without bubbles', () => {
    expect(extract('linkedin-invitations.html')).toEqual({ approaches: [], missing: [] });
  });
});
