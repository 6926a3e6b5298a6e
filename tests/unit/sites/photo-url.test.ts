import { describe, expect, test } from 'vitest';
import { linkedInPhotoUrl } from '../../../src/messaging/photo-url';
import { LINKEDIN_SELECTORS } from '../../../src/sites/linkedin/baseline-selectors';
import { invitations } from '../../../src/sites/linkedin/invitations';
import { messaging } from '../../../src/sites/linkedin/messaging';
import { profile } from '../../../src/sites/linkedin/profile';
import type { SiteAdapter } from '../../../src/sites/types';
import { loadFixture, type FixtureName } from './fixtures';

const PHOTO =
  'https://media.licdn.com/dms/image/v2/D4E03AQFixture/profile-displayphoto-shrink_100_100/0/1700000000000?e=1790000000&v=beta&t=abc_DEF-123';

describe('linkedInPhotoUrl', () => {
  test('accepts an image on LinkedIn\u2019s image host, query string included', () => {
    expect(linkedInPhotoUrl(PHOTO)).toBe(PHOTO);
  });

  test.each([
    ['plain http', PHOTO.replace('https:', 'http:')],
    ['another host', 'https://media.example.com/dms/image/v2/x/0/1'],
    ['a look-alike host', 'https://media.licdn.com.example.org/dms/image/v2/x'],
    ['a subdomain of the host', 'https://evil.media.licdn.com/dms/image/v2/x'],
    ['credentials', 'https://user:pw@media.licdn.com/dms/image/v2/x'],
    ['a port', 'https://media.licdn.com:8443/dms/image/v2/x'],
    ['a path outside the image store', 'https://media.licdn.com/media/x.png'],
    ['a path that climbs out of it', 'https://media.licdn.com/dms/image/../../x'],
    ['a fragment', `${PHOTO}#x`],
    ['a backslash the parser rewrites', 'https://media.licdn.com\\dms/image/v2/x'],
    ['upper case the parser rewrites', 'https://MEDIA.licdn.com/dms/image/v2/x'],
    ['surrounding spaces', ` ${PHOTO}`],
    ['a data URL', 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a relative path', '/dms/image/v2/x'],
    ['an overlong URL', `${PHOTO}&pad=${'a'.repeat(2000)}`],
  ])('rejects %s', (_, raw) => {
    expect(linkedInPhotoUrl(raw)).toBeUndefined();
  });
});

function extractWithPhotos(adapter: SiteAdapter, name: FixtureName, src: string) {
  const { document, url } = loadFixture(name);
  for (const img of document.querySelectorAll('img')) img.setAttribute('src', src);
  return adapter.extract(document, url, LINKEDIN_SELECTORS).approaches;
}

describe('the adapters read the sender\u2019s photo address', () => {
  test.each([
    ['profile', profile, 'linkedin-profile.html'],
    ['invitation', invitations, 'linkedin-invitations.html'],
    ['conversation', messaging, 'linkedin-messaging.html'],
  ] as const)('from a %s with a photo on LinkedIn\u2019s image host', (_, adapter, page) => {
    const approaches = extractWithPhotos(adapter as SiteAdapter, page, PHOTO);
    const withPhoto = approaches.filter((a) => a.approach.sender.hasPhoto === true);
    expect(withPhoto.length).toBeGreaterThan(0);
    for (const extracted of withPhoto) expect(extracted.meta.photoUrl).toBe(PHOTO);
  });

  test.each([
    ['profile', profile, 'linkedin-profile.html'],
    ['invitation', invitations, 'linkedin-invitations.html'],
    ['conversation', messaging, 'linkedin-messaging.html'],
  ] as const)('from a %s only when the image is on that host', (_, adapter, page) => {
    const approaches = extractWithPhotos(adapter as SiteAdapter, page, 'https://tracker.example.org/dms/image/p.jpg');
    expect(approaches.length).toBeGreaterThan(0);
    for (const extracted of approaches) expect(extracted.meta.photoUrl).toBeUndefined();
  });

  test('not from LinkedIn\u2019s ghost avatar, even when it is served from the image host', () => {
    const approaches = extractWithPhotos(profile as SiteAdapter, 'profile-about-section.html', PHOTO);
    expect(approaches[0]?.approach.sender.hasPhoto).toBe(false);
    expect(approaches[0]?.meta.photoUrl).toBeUndefined();
  });
});
