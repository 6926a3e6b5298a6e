// Message requests and sponsored messages opened in the /messaging/ thread pane (written
// fixtures, tests/fixtures/linkedin/README.md): read as approaches and scored with the baseline pack.
import { describe, expect, test } from 'vitest';
import { LINKEDIN_SELECTORS } from '../../../src/sites/linkedin/baseline-selectors';
import { messaging } from '../../../src/sites/linkedin/messaging';
import { baselinePack } from '../content/helpers';
import { useSavedClock, WRITTEN_SAVED_AT } from './clock';
import { loadFixture, type FixtureName } from './fixtures';

const BENIGN = 'Hello Sam, thank you for the talk on Tuesday. The slides are on the event page if you would like them.';

function extract(name: FixtureName, change?: (document: Document) => void, selectors = LINKEDIN_SELECTORS) {
  const { document, url } = loadFixture(name);
  change?.(document);
  const result = messaging.extract(document, url, selectors);
  const thread = result.approaches.find((a) => a.meta.source === 'thread');
  return { ...result, thread, document };
}

const levelOf = (approach: Parameters<ReturnType<typeof baselinePack>['scorer']['score']>[0]) => baselinePack().scorer.score(approach);

describe('a message request open in the thread pane', () => {
  useSavedClock(WRITTEN_SAVED_AT);

  test('reads the stranger, their headline and the first message, although the reply box is replaced by Accept / Ignore', () => {
    const { thread, missing, document } = extract('messaging-message-request.html');
    expect(missing).toEqual([]);
    expect(document.querySelector('form.msg-form')).toBeNull();
    expect(document.querySelectorAll('[data-view-name="message-request-actions"] button')).toHaveLength(2);
    expect(thread?.approach).toEqual({
      id: 'linkedin:thread:00000000-0000-4000-8000-000000000008_012',
      site: 'linkedin',
      surface: 'message',
      sender: {
        name: 'Ilse Varga',
        headline: 'Partner at Example Meridian Capital',
        profileUrl: 'https://www.linkedin.com/in/ACoAAFx0058QpVr3LmT8wKd2NcXy5HbZs7GeJuA/',
        verified: false,
        hasPhoto: true,
      },
      messages: [
        {
          text: expect.stringMatching(/^Hello Sam,\n\nI came across your profile .* keep this between the two of us\.\n\nKind regards,\nIlse$/s),
          fromSelf: false,
          at: '2025-11-19T14:27:00.000Z',
        },
      ],
      platformWarning: false,
    });
    // The Accept / Ignore labels and the bar's explanation are LinkedIn's words, not the sender's.
    expect(thread?.approach.messages[0]?.text).not.toMatch(/Accept|Ignore|not a connection/);
    expect(thread?.anchor?.classList.contains('msg-title-bar')).toBe(true);
  });

  test('scores high for paid briefings on internal matters, a move to Signal and secrecy', () => {
    const verdict = levelOf(extract('messaging-message-request.html').thread!.approach);
    expect(verdict.level).toBe('high');
    const indicators = verdict.hits.map((h) => h.indicator);
    expect(indicators).toEqual(expect.arrayContaining(['paid_consultancy_or_reports', 'off_platform_move', 'secrecy_request']));
  });

  test('scores an ordinary request at none', () => {
    const { thread } = extract('messaging-message-request.html', (document) => {
      document.querySelector('p.msg-s-event-listitem__body')!.textContent = BENIGN;
    });
    expect(thread?.approach.messages[0]?.text).toBe(BENIGN);
    expect(levelOf(thread!.approach).level).toBe('none');
  });
});

describe('a sponsored message open in the thread pane', () => {
  useSavedClock(WRITTEN_SAVED_AT);

  test('reads the text from the paragraphs beside the empty body, as a sponsored message with no profile link', () => {
    const { thread, missing } = extract('messaging-sponsored-thread.html');
    expect(missing).toEqual([]);
    expect(thread?.approach).toEqual({
      id: 'linkedin:thread:00000000-0000-4000-8000-000000000009_100',
      site: 'linkedin',
      surface: 'message',
      sender: { name: 'Dorian Vance', headline: 'Director, Example Global Insight Network', verified: true, hasPhoto: true },
      messages: [
        {
          text: [
            'Exclusive paid advisory panel for public-sector specialists.',
            '',
            'We pay £500 for each one-hour call where you share your insider perspective on upcoming policy decisions.',
            '',
            'Payment is made in Bitcoin or gift cards, whichever you prefer.',
            '',
            'Places close in 48 hours, so please reply today.',
          ].join('\n'),
          fromSelf: false,
          at: '2025-11-20T14:30:00.000Z',
        },
      ],
      platformWarning: false,
    });
    expect(thread?.meta).toMatchObject({ source: 'thread', pill: 'Sponsored', sponsored: true });
    // The call-to-action buttons and the legal footer are the advertiser's frame, not the message.
    expect(thread?.approach.messages[0]?.text).not.toMatch(/Join the panel|not interested|Privacy Policy/i);
  });

  test('depends on the message-content fallback: without it the message reads as empty', () => {
    const { thread } = extract('messaging-sponsored-thread.html', undefined, { ...LINKEDIN_SELECTORS, messageContent: [] });
    expect(thread?.approach.messages.map((m) => m.text)).toEqual(['']);
  });

  test('scores high for insider views paid in crypto or gift cards under a deadline, and none for an ordinary one', () => {
    const risky = levelOf(extract('messaging-sponsored-thread.html').thread!.approach);
    expect(risky.level).toBe('high');
    expect(risky.hits.map((h) => h.indicator)).toEqual(expect.arrayContaining(['elicitation_nonpublic_info', 'crypto_payment']));

    const { thread } = extract('messaging-sponsored-thread.html', (document) => {
      const paragraphs = [...document.querySelectorAll('.msg-s-event__content p')].filter((p) => (p.textContent ?? '').trim() !== '');
      paragraphs.forEach((p, i) => (p.textContent = i === 0 ? 'Our spring webinar on accessible web forms is now open for registration.' : ''));
    });
    expect(thread?.approach.messages[0]?.text).toBe('Our spring webinar on accessible web forms is now open for registration.');
    expect(levelOf(thread!.approach).level).toBe('none');
  });
});
