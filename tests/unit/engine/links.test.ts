import { describe, expect, it } from 'vitest';
import { findEmails, findUrls, hostOf, MAX_UNITS_PER_MESSAGE } from '../../../src/engine/links';
import { normalise } from '../../../src/engine/normalise';

const urls = (s: string) => findUrls(normalise(s).text).map((u) => u.value);

describe('links and e-mail addresses', () => {
  it('finds links with and without a scheme, without trailing punctuation', () => {
    expect(urls('See https://bit.ly/3xYz, or www.linkedln.com/secure. Also tinyurl.com/a) and http://10.0.0.1:8080/x')).toEqual([
      'https://bit.ly/3xyz',
      'www.linkedln.com/secure',
      'tinyurl.com/a',
      'http://10.0.0.1:8080/x',
    ]);
  });

  it('does not take abbreviations, decimals or file names for links', () => {
    expect(urls('e.g. the 1.5 million figure, node.js and report.pdf')).toEqual([]);
  });

  it('finds e-mail addresses and keeps their domain out of the links', () => {
    const text = normalise('Write to Jane.Doe+jobs@cnbc-careers.com today').text;
    expect(findEmails(text).map((e) => e.value)).toEqual(['jane.doe+jobs@cnbc-careers.com']);
    expect(findUrls(text)).toEqual([]);
  });

  it('does not join a link to the word before it across a dash or an ellipsis', () => {
    expect(urls('Apply here\u2014bit.ly/3xYz today')).toEqual(['bit.ly/3xyz']);
    expect(urls('Apply here \u2013 bit.ly/3xYz today')).toEqual(['bit.ly/3xyz']);
    expect(urls('More info\u2026bit.ly/x and more...tinyurl.com/y')).toEqual(['bit.ly/x', 'tinyurl.com/y']);
    expect(urls('My profile\u2014linkedin.com/in/someone')).toEqual(['linkedin.com/in/someone']);
    // A hyphen inside a host is the host's.
    expect(urls('See my-site.com/jobs')).toEqual(['my-site.com/jobs']);
  });

  it('finds the host after the user name of a link (https://www.linkedin.com@bit.ly/x), with or without a scheme', () => {
    for (const link of [
      'https://www.linkedin.com@bit.ly/3xYz',
      'https://linkedin@bit.ly/3xYz',
      'https://jobs:offer@bit.ly/3xYz',
      'http://linkedin.com:443@bit.ly/3xYz',
      'www.linkedin.com@bit.ly/3xYz',
      'linkedin.com@bit.ly/3xYz',
    ]) {
      // One link: its user name is no link of its own.
      expect(urls(`Log in at ${link} now`).map(hostOf), link).toEqual(['bit.ly']);
    }
    // A user name that reads as a host is read with the link, so a rule can see it.
    expect(urls('Log in at www.LinkedIn.com@bit.ly/3xYz now')).toEqual(['www.linkedin.com@bit.ly/3xyz']);
    expect(urls('Log in at www.linkedin.com@bit.ly now').map(hostOf)).toEqual(['bit.ly']);
    expect(urls('Sign in at https://careers:apply@jobs-portal.xyz now')).toEqual(['https://careers:apply@jobs-portal.xyz']);
    // Without a scheme, a path or "www.", it is an e-mail address whose name ends like a host;
    // so it is with a path that has no letter (a phone number after a slash).
    expect(urls('Write to jo.uk@mail.com now')).toEqual(['jo.uk']);
    expect(urls('Reach me at maria.it@mail.com/+39 333 1234567').map(hostOf)).toEqual(['maria.it']);
    // The host is the one after the last "@", whatever its ending, with a port or a query.
    const cases: Array<[string, string]> = [
      ['www.linkedin.com@linkedin-verify.zip/login', 'linkedin-verify.zip'],
      ['https://linkedin.com@x@evil.xyz/login', 'evil.xyz'],
      ['https://www.linkedin.com@3627732462/login', '3627732462'],
      ['linkedin.com@evil.xyz?login=1', 'evil.xyz'],
      ['linkedin.com@evil.xyz:8080/x', 'evil.xyz'],
    ];
    for (const [link, host] of cases) {
      expect(urls(`Log in at ${link} now`), link).toEqual([link]);
      expect(hostOf(link), link).toBe(host);
    }
    expect(hostOf('www.linkedin.com@bit.ly/x')).toBe('bit.ly');
    expect(hostOf('https://user:pass@example.org/x')).toBe('example.org');
    // An e-mail address is still one, and its domain no link.
    expect(urls('Write to jobs@cnbc-careers.com now')).toEqual([]);
  });

  it('gives the host of a link', () => {
    expect(hostOf('https://www.example.co.uk:443/path?q=1')).toBe('example.co.uk');
    expect(hostOf('bit.ly/abc')).toBe('bit.ly');
  });

  it('caps the number of units per message', () => {
    expect(findUrls('bit.ly/a '.repeat(MAX_UNITS_PER_MESSAGE + 500))).toHaveLength(MAX_UNITS_PER_MESSAGE);
    expect(findEmails('a@b.io '.repeat(MAX_UNITS_PER_MESSAGE + 500))).toHaveLength(MAX_UNITS_PER_MESSAGE);
  });

  it('never lets the cap hide a link behind padding that fits in a LinkedIn message (8,000 characters)', () => {
    // The shortest links a sender could pad with, as many as the message holds, then the real one.
    const link = 'https://linkedln-jobs.com/login';
    const pad = 'a.io '.repeat(Math.floor((8000 - link.length) / 5));
    expect((pad + link).length).toBeLessThanOrEqual(8000);
    expect(findUrls(pad + link).at(-1)?.value).toBe(link);
    expect(findEmails('a@b.io '.repeat(Math.floor(7980 / 7)) + 'x@evil.io').at(-1)?.value).toBe('x@evil.io');
  });
});
