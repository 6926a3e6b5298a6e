import { describe, expect, test } from 'vitest';
import { profile } from '../../../src/sites/linkedin/profile';
import { LINKEDIN_SELECTORS } from '../../../src/sites/linkedin/baseline-selectors';
import { rangeFor } from '../../../src/sites/text';
import { loadFixture, type FixtureName } from './fixtures';

function extract(name: FixtureName, change?: (document: Document) => void) {
  const { document, url } = loadFixture(name);
  change?.(document);
  return profile.extract(document, url, LINKEDIN_SELECTORS);
}

const JORDAN = {
  profileUrl: 'https://www.linkedin.com/in/fixture-member-13/',
  name: 'Jordan Ellis',
  headline: 'Co-Founder ꩜Northwind',
  location: 'Sample City, Example State, United States',
  company: '꩜Northwind',
  connections: 500,
  followers: 1159,
  hasPhoto: true,
  verified: true,
};

const HARPER = {
  profileUrl: 'https://www.linkedin.com/in/fixture-member-55/',
  name: 'Harper Quinn',
  headline: 'Talent Acquisition Lead | Global Opportunities for Policy Experts',
  location: 'London, England, United Kingdom',
  company: 'Example Strategic Advisory',
  connections: 43,
  followers: 44,
  hasPhoto: false,
  verified: false,
};

describe('the captured profile', () => {
  test('reads the top card: 500+ as 500, followers, photo, badge, current company', () => {
    const { approaches, missing } = extract('linkedin-profile.html');
    expect(missing).toEqual([]);
    expect(approaches).toHaveLength(1);
    expect(approaches[0]?.approach).toEqual({
      id: 'linkedin:profile:fixture-member-13',
      site: 'linkedin',
      surface: 'profile',
      sender: JORDAN,
      messages: [],
    });
    expect(approaches[0]?.meta).toEqual({ source: 'profile' });
    expect(approaches[0]?.anchor?.hasAttribute('data-member-id')).toBe(true);
    expect(approaches[0]?.fields.company?.text).toBe('꩜Northwind');
  });

  test('takes the slug from the rendered card, not from a URL that already moved on', () => {
    const { document } = loadFixture('linkedin-profile.html');
    const next = new URL('https://www.linkedin.com/in/fixture-member-99/');
    expect(profile.extract(document, next, LINKEDIN_SELECTORS).approaches[0]?.approach.id).toBe(
      'linkedin:profile:fixture-member-13',
    );
  });

  test('finds the location beside "Contact info" when its classes change', () => {
    const { approaches } = extract('linkedin-profile.html', (document) => {
      const location = document.querySelector('span.text-body-small.inline.t-black--light.break-words');
      location?.setAttribute('class', 'xYzHashed');
    });
    expect(approaches[0]?.approach.sender.location).toBe('Sample City, Example State, United States');
  });

  test('reports the name as missing when the top card has no heading', () => {
    const { approaches, missing } = extract('linkedin-profile.html', (document) => {
      document.querySelector('main h1')?.remove();
    });
    expect(missing).toEqual(['profileName']);
    expect(approaches[0]?.approach.sender.name).toBeUndefined();
    expect(approaches[0]?.approach.sender.headline).toBe('Co-Founder ꩜Northwind');
  });
});

describe('a profile with an About section', () => {
  test('uses the About text, line breaks kept, as the one message', () => {
    const { approaches, missing } = extract('profile-about-section.html');
    expect(missing).toEqual([]);
    expect(approaches[0]?.approach).toEqual({
      id: 'linkedin:profile:fixture-member-55',
      site: 'linkedin',
      surface: 'profile',
      sender: HARPER,
      messages: [
        {
          text: [
            'I help governments, think tanks and consultancies find exceptional policy talent.',
            '',
            'Currently building a confidential pool of advisers for a client expanding in Europe and Asia. Flexible, remote, very well paid.',
            'If you work in or around Parliament, I would love to hear from you — message me or reach me on WhatsApp.',
          ].join('\n'),
          fromSelf: false,
        },
      ],
    });
  });

  test('maps About evidence to the visible copy, not the screen-reader copy', () => {
    const [extracted] = extract('profile-about-section.html').approaches;
    const map = extracted!.texts[0]!;
    const start = map.text.indexOf('WhatsApp');
    const range = rangeFor(map, start, start + 'WhatsApp'.length);
    expect(range?.toString()).toBe('WhatsApp');
    expect(range?.startContainer.parentElement?.getAttribute('aria-hidden')).toBe('true');
  });

  test('reports the About text as missing when the section is there but its text element is not', () => {
    const { approaches, missing } = extract('profile-about-section.html', (document) => {
      for (const span of document.querySelectorAll('#about ~ div span[aria-hidden="true"]')) span.remove();
    });
    expect(missing).toEqual(['profileAboutText']);
    expect(approaches[0]?.approach.messages).toEqual([]);
  });
});

describe('"About this profile"', () => {
  test('adds the joined month and keeps "not verified" for a new account without verifications', () => {
    const { approaches, missing } = extract('about-this-profile-new-account.html');
    expect(missing).toEqual([]);
    expect(approaches[0]?.approach).toEqual({
      id: 'linkedin:profile:fixture-member-55',
      site: 'linkedin',
      surface: 'profile',
      sender: { ...HARPER, joined: '2025-05' },
      messages: [],
    });
    expect(approaches[0]?.meta).toEqual({ source: 'profile', aboutThisProfile: true });
  });

  test('adds the joined month and the verification lines', () => {
    const { approaches } = extract('about-this-profile-verified.html');
    expect(approaches[0]?.approach.sender).toEqual({ ...JORDAN, joined: '2012-03' });
    expect(approaches[0]?.meta).toEqual({
      source: 'profile',
      aboutThisProfile: true,
      verifications: ['Verified with a government ID via Persona', 'Verified with a work email at ꩜Northwind'],
    });
  });

  test('marks the member verified from the dialog alone when the badge is not shown', () => {
    const { approaches } = extract('about-this-profile-verified.html', (document) => {
      document.querySelector('svg.pv-text-details__verified-badge-icon')?.remove();
    });
    expect(approaches[0]?.approach.sender.verified).toBe(true);
  });

  test('does not take a chat bubble for the dialog, whatever its messages say', () => {
    // The captured profile has a message bubble open: a dialog with a heading too.
    const { approaches } = extract('linkedin-profile.html', (document) => {
      const body = document.querySelector('.msg-overlay-conversation-bubble .msg-s-event-listitem__body');
      expect(body, 'a message in the bubble').not.toBeNull();
      body!.textContent = '';
      for (const line of ['About this profile', 'Joined', 'October 2026', 'Verifications', 'Verified identity with Persona']) {
        body!.append(line, document.createElement('br'));
      }
    });
    expect(approaches[0]?.approach.sender).toEqual(JORDAN);
    expect(approaches[0]?.meta.aboutThisProfile).toBeUndefined();
  });

  test('ignores dialogs that are not "About this profile"', () => {
    const { approaches } = extract('about-this-profile-new-account.html', (document) => {
      const heading = document.querySelector('#about-this-profile-title');
      if (heading) heading.textContent = 'Contact info';
    });
    expect(approaches[0]?.approach.sender.joined).toBeUndefined();
    expect(approaches[0]?.meta.aboutThisProfile).toBeUndefined();
  });
});

describe('where profiles are read', () => {
  test('runs on a profile and on its dialogs, not on its detail pages', () => {
    expect(profile.matches(new URL('https://www.linkedin.com/in/fixture-member-13/'))).toBe(true);
    expect(profile.matches(new URL('https://www.linkedin.com/in/fixture-member-13/overlay/about-this-profile/'))).toBe(true);
    expect(profile.matches(new URL('https://www.linkedin.com/in/fixture-member-13/overlay/contact-info/'))).toBe(true);
    expect(profile.matches(new URL('https://www.linkedin.com/in/fixture-member-13/details/experience/'))).toBe(false);
  });
});
