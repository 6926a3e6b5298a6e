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

  it('gives the host of a link', () => {
    expect(hostOf('https://www.example.co.uk:443/path?q=1')).toBe('example.co.uk');
    expect(hostOf('bit.ly/abc')).toBe('bit.ly');
  });

  it('caps the number of units per message', () => {
    expect(findUrls('bit.ly/a '.repeat(1000))).toHaveLength(MAX_UNITS_PER_MESSAGE);
  });
});
