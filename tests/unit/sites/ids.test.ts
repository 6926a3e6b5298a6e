import { describe, expect, test } from 'vitest';
import {
  invitationUrnFromHref,
  normaliseProfileUrl,
  parseMessageUrn,
  threadKeyFromUrlId,
} from '../../../src/sites/linkedin/ids';

describe('profile URLs', () => {
  test.each([
    ['/in/fixture-member-42/', 'https://www.linkedin.com/in/fixture-member-42/'],
    ['https://www.linkedin.com/in/fixture-member-13', 'https://www.linkedin.com/in/fixture-member-13/'],
    ['https://www.linkedin.com/in/fixture-member-13/overlay/about-this-profile/', 'https://www.linkedin.com/in/fixture-member-13/'],
    [
      'https://www.linkedin.com/in/fixture-member-13?miniProfileUrn=urn%3Ali%3Afsd_profile%3AACoAAFx00137ITn6EDDvjtUUa2vys0QkWlYrdVX',
      'https://www.linkedin.com/in/fixture-member-13/',
    ],
    ['https://uk.linkedin.com/in/fixture-member-13/?trk=public', 'https://www.linkedin.com/in/fixture-member-13/'],
    ['http://www.linkedin.com/in/fixture-member-13/#top', 'https://www.linkedin.com/in/fixture-member-13/'],
    [
      'https://www.linkedin.com/in/ACoAAFx0002n9RkKdl41NghdsAlkRNsAfthgZPp',
      'https://www.linkedin.com/in/ACoAAFx0002n9RkKdl41NghdsAlkRNsAfthgZPp/',
    ],
  ])('normalises %s', (href, expected) => {
    expect(normaliseProfileUrl(href)).toBe(expected);
  });

  test('answers a relative link against the base it is given, also when asked again', () => {
    expect(normaliseProfileUrl('/in/fixture-member-77/', 'https://example.com')).toBeUndefined();
    expect(normaliseProfileUrl('/in/fixture-member-77/', 'https://www.linkedin.com')).toBe('https://www.linkedin.com/in/fixture-member-77/');
    expect(normaliseProfileUrl('/in/fixture-member-77/', 'https://example.com')).toBeUndefined();
  });

  test.each([
    ['https://www.linkedin.com.example.com/in/fixture-member-13/'],
    ['https://example.com/in/fixture-member-13/'],
    ['javascript:alert(1)'],
    ['/company/fixture-company-10/'],
    ['mailto:sam.rivera@example.com'],
    [''],
  ])('rejects %s', (href) => {
    expect(normaliseProfileUrl(href)).toBeUndefined();
  });
});

describe('thread keys', () => {
  const guid = '00000000-0000-4000-8000-000000000001_012';

  test('decodes the 2-<base64> thread id of a URL to the thread GUID', () => {
    expect(threadKeyFromUrlId('2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==')).toBe(guid);
    expect(threadKeyFromUrlId('2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg%3D%3D')).toBe(guid);
  });

  test('keeps legacy numeric ids and rejects odd ones', () => {
    expect(threadKeyFromUrlId('6712345678901234567')).toBe('6712345678901234567');
    expect(threadKeyFromUrlId('a b')).toBeUndefined();
    expect(threadKeyFromUrlId(undefined)).toBeUndefined();
  });

  test('reads the thread GUID and send time from a captured message URN', () => {
    expect(
      parseMessageUrn(
        'urn:li:msg_message:(urn:li:fsd_profile:ACoAAFx0001yrtlbwwK9fPbTbbZMB5FvVZa9hk0,2-MTcxODAzNjI5MDIzOGIxMDAwMS0wMDMmMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==)',
      ),
    ).toEqual({ threadKey: guid, sentAt: 1718036290238 });
  });

  test('gives nothing for URNs it cannot read', () => {
    expect(parseMessageUrn('urn:li:msg_message:(urn:li:fsd_profile:X,2-bm90IGEgdGhyZWFk)')).toBeUndefined();
    expect(parseMessageUrn('urn:li:activity:7000000000000000001')).toBeUndefined();
    expect(parseMessageUrn(null)).toBeUndefined();
  });
});

describe('invitation ids', () => {
  test('reads the invitation URN from the reply link', () => {
    expect(invitationUrnFromHref('/messaging/compose/?invitation=urn%3Ali%3Afsd_invitation%3A1001')).toBe(
      'urn:li:fsd_invitation:1001',
    );
    expect(invitationUrnFromHref('/messaging/compose/')).toBeUndefined();
    expect(invitationUrnFromHref('/messaging/compose/?invitation=%3Cscript%3E')).toBeUndefined();
  });
});
