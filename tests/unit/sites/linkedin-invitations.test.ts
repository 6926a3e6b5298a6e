import { describe, expect, test } from 'vitest';
import { invitations, parseMutual } from '../../../src/sites/linkedin/invitations';
import { LINKEDIN_SELECTORS } from '../../../src/sites/linkedin/baseline-selectors';
import { loadFixture, type FixtureName } from './fixtures';

function extract(name: FixtureName, change?: (document: Document) => void) {
  const { document, url } = loadFixture(name);
  change?.(document);
  return invitations.extract(document, url, LINKEDIN_SELECTORS);
}

describe('the invitation manager mock', () => {
  test('keeps the one connection invitation, with its note, and skips page, group, event and newsletter invitations', () => {
    const { approaches, missing } = extract('linkedin-invitations.html');
    expect(missing).toEqual([]);
    expect(approaches.map((extracted) => extracted.approach)).toEqual([
      {
        id: 'linkedin:invitation:urn:li:fsd_invitation:1001',
        site: 'linkedin',
        surface: 'invitation',
        sender: {
          name: 'Avery Member',
          profileUrl: 'https://www.linkedin.com/in/fixture-member-42/',
          headline: 'Staff Engineer at Example Cloud',
          hasPhoto: true,
        },
        messages: [{ text: 'Thanks for considering this invitation.', fromSelf: false }],
      },
    ]);
    expect(approaches[0]?.meta).toEqual({ source: 'invitation', mutualConnections: 12 });
    expect(approaches[0]?.anchor?.getAttribute('role')).toBe('listitem');
  });
});

describe('an invitation with a risky note', () => {
  test('reads the note as the message and the stranger\'s missing photo', () => {
    const { approaches, missing } = extract('invitations-risky-note.html');
    expect(missing).toEqual([]);
    expect(approaches).toHaveLength(2);
    expect(approaches[0]?.approach).toEqual({
      id: 'linkedin:invitation:urn:li:fsd_invitation:2002',
      site: 'linkedin',
      surface: 'invitation',
      sender: {
        name: 'Lena Okafor',
        profileUrl: 'https://www.linkedin.com/in/fixture-member-56/',
        headline: 'Senior Consultant | Global Insight Partners',
        hasPhoto: false,
      },
      messages: [
        {
          text: 'Hello, your profile attracted me. My client pays very well for short reports on upcoming policy decisions, in USDT if you prefer. Can we continue on WhatsApp? Please keep this between us.',
          fromSelf: false,
        },
      ],
    });
    expect(approaches[0]?.meta).toEqual({ source: 'invitation' });
  });

  test('keeps an invitation without a note, keyed by the inviter, with an empty message list', () => {
    const [, owen] = extract('invitations-risky-note.html').approaches;
    expect(owen?.approach).toEqual({
      id: 'linkedin:invitation:fixture-member-57',
      site: 'linkedin',
      surface: 'invitation',
      sender: {
        name: 'Owen Pryce',
        profileUrl: 'https://www.linkedin.com/in/fixture-member-57/',
        headline: 'Policy Analyst at Example Institute',
        hasPhoto: true,
      },
      messages: [],
    });
    expect(owen?.texts).toEqual([]);
    expect(owen?.meta).toEqual({ source: 'invitation', mutualConnections: 3 });
  });

  test('maps the note back to its paragraph for highlighting', () => {
    const [lena] = extract('invitations-risky-note.html').approaches;
    const map = lena?.texts[0];
    expect(map?.elements[0]?.tagName).toBe('P');
    expect(map?.segments).toHaveLength(1);
  });

  test('reads a note of several paragraphs whole, as one message mapped to each paragraph', () => {
    const { document, url } = loadFixture('invitations-risky-note.html');
    const note = [...document.querySelectorAll('p')].find((p) => p.textContent!.startsWith('Hello, your profile'))!;
    note.textContent = 'Hello, your profile attracted me.';
    const second = document.createElement('p');
    second.textContent = 'My client pays very well for short reports. Please keep this between us.';
    note.after(second);
    // No headline line: a note paragraph taken for one would show.
    [...document.querySelectorAll('p')].find((p) => p.textContent === 'Senior Consultant | Global Insight Partners')!.remove();
    // happy-dom's sibling combinator finds the first paragraph only, or one twice; Chromium and
    // Firefox find both with the built-in selector (the demo's invitation, in the browser tests).
    // A class on the paragraphs stands in for it here.
    for (const paragraph of [note, second]) paragraph.classList.add('note-paragraph');
    const selectors = { ...LINKEDIN_SELECTORS, invitationNote: ['p.note-paragraph'] };
    const [lena] = invitations.extract(document, url, selectors).approaches;
    expect(lena?.approach.messages).toEqual([{ text: 'Hello, your profile attracted me.\nMy client pays very well for short reports. Please keep this between us.', fromSelf: false }]);
    expect(lena?.texts).toHaveLength(1);
    expect(lena?.texts[0]?.elements.map((element) => element.textContent)).toEqual(['Hello, your profile attracted me.', 'My client pays very well for short reports. Please keep this between us.']);
    expect(lena?.approach.sender.headline).toBeUndefined();
  });

  test('reads a note that a selector list finds with its paragraphs once', () => {
    const { document, url } = loadFixture('invitations-risky-note.html');
    const note = [...document.querySelectorAll('p')].find((p) => p.textContent!.startsWith('Hello, your profile'))!;
    const second = document.createElement('p');
    second.textContent = 'Please keep this between us.';
    note.after(second);
    note.classList.add('note-paragraph');
    second.classList.add('note-paragraph');
    // As a pack's override could: the paragraphs, and a box round them.
    const box = document.createElement('div');
    box.className = 'note-box';
    note.before(box);
    box.append(note, second);
    // And detail lines that reach into the box; with no headline line, a paragraph taken for one would show.
    [...document.querySelectorAll('p')].find((p) => p.textContent === 'Senior Consultant | Global Insight Partners')!.remove();
    const selectors = { ...LINKEDIN_SELECTORS, invitationNote: ['.note-box, p.note-paragraph'], invitationDetailLine: [':scope > p, .note-box > p'] };
    const [lena] = invitations.extract(document, url, selectors).approaches;
    expect(lena?.approach.messages.map((m) => m.text)).toEqual([`${note.textContent}\nPlease keep this between us.`]);
    expect(lena?.approach.sender.headline).toBeUndefined();
  });

  test('reports the connection label as missing when Accept buttons remain but no label matches', () => {
    const { approaches, missing } = extract('invitations-risky-note.html', (document) => {
      for (const button of document.querySelectorAll('button[aria-label^="Ignore an invitation"]')) {
        button.setAttribute('aria-label', 'Ignore');
      }
    });
    expect(missing).toEqual(['invitationConnectIgnore']);
    expect(approaches).toEqual([]);
  });

  test('reports the cards as missing on an empty page', () => {
    const { document, url } = loadFixture('invitations-risky-note.html');
    document.querySelector('main')?.replaceChildren();
    expect(invitations.extract(document, url, LINKEDIN_SELECTORS)).toEqual({ approaches: [], missing: ['invitationCard'] });
  });
});

describe('mutual connection lines', () => {
  test.each([
    ['12 mutual connections', 12],
    ['1 mutual connection', 1],
    ['Dana Whitaker and 2 other mutual connections', 3],
    ['Dana Whitaker, Meera Kulkarni, and 289 other mutual connections', 291],
    ['Dana Whitaker is a mutual connection', 1],
    ['Dana Whitaker and Meera Kulkarni are mutual connections', 2],
    ['Staff Engineer at Example Cloud', undefined],
  ])('reads "%s" as %s', (line, count) => {
    expect(parseMutual(line)).toBe(count);
  });
});
