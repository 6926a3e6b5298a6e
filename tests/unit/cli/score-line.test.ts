// @vitest-environment node
// The lines `npm run score` reads: what each form takes, and what it refuses with a reason.
import { describe, expect, it, vi } from 'vitest';
import { parseApproachLine } from '../../../src/cli/score';

describe('a line of input to score', () => {
  it('names the keys the short form does not read, rather than dropping them without a word', () => {
    const unread: string[][] = [];
    parseApproachLine('{"id":"a","text":"hello","chanel":"inmail","label":"risky"}', (keys) => unread.push(keys));
    parseApproachLine('{"id":"a","text":"hello","channel":"inmail","sender":{"name":"X"},"platformWarning":false}', (keys) => unread.push(keys));
    expect(unread).toEqual([['chanel', 'label']]);
  });

  it("takes LinkedIn's own warning label in the short form", () => {
    expect(parseApproachLine('{"id":"a","text":"hello","platformWarning":true}').platformWarning).toBe(true);
    expect(parseApproachLine('{"id":"a","text":"hello"}')).not.toHaveProperty('platformWarning');
  });

  it('refuses a number id that JSON cannot hold exactly', () => {
    expect(parseApproachLine('{"id":3,"text":"hello"}').id).toBe('3');
    expect(() => parseApproachLine('{"id":12345678901234567890,"text":"hello"}')).toThrow(/id: a number id must be a whole number below 2\^53/);
    expect(parseApproachLine('{"id":"12345678901234567890","text":"hello"}').id).toBe('12345678901234567890');
  });

  it('takes the joined date only as a year and month, which the new-account cue reads', () => {
    const line = (joined: string) => JSON.stringify({ id: 'a', text: 'hello', sender: { joined } });
    expect(parseApproachLine(line('2026-10')).sender.joined).toBe('2026-10');
    expect(parseApproachLine(line('2026-10-03')).sender.joined).toBe('2026-10-03');
    for (const joined of ['October 2026', '10/2026', '2026-13']) expect(() => parseApproachLine(line(joined)), joined).toThrow(/sender\.joined: expected YYYY-MM/);
  });
});

describe('a message longer than the engine reads', () => {
  it('is refused with the reason, in either form, rather than scored on its first part alone', () => {
    const long = 'x'.repeat(65_536);
    expect(parseApproachLine(JSON.stringify({ id: 'a', text: long })).messages[0]!.text).toHaveLength(65_536);
    expect(() => parseApproachLine(JSON.stringify({ id: 'a', text: `${long}y` }))).toThrow(/text: a message of more than 65,536 characters/);
    const full = (text: string) => JSON.stringify({ id: 'a', site: 'linkedin', surface: 'message', sender: {}, messages: [{ text: 'hello' }, { text }] });
    expect(() => parseApproachLine(full(`${long}y`))).toThrow(/messages\[1\]\.text: a message of more than 65,536 characters/);
  });
});

describe("the sender's profile address", () => {
  it('is read in the one form the extension gives, however it is written', () => {
    const profile = (profileUrl: string) => parseApproachLine(JSON.stringify({ id: 'a', text: 'hello', sender: { profileUrl } })).sender.profileUrl;
    for (const written of ['https://www.linkedin.com:443/in/Approach-Guard-Test-Persona/?trk=x', 'http://uk.linkedin.com/in/approach-guard-test-persona', ' www.linkedin.com/in/approach-guard-test-persona/ ']) {
      expect(profile(written), written).toBe('https://www.linkedin.com/in/approach-guard-test-persona/');
    }
  });

  it('is taken as not known when empty', () => {
    expect(parseApproachLine('{"id":"a","text":"hello","sender":{"name":"X","profileUrl":" "}}').sender).toEqual({ name: 'X' });
  });

  it('is refused when it is not a LinkedIn profile, which would be read by the "linkedin.com/in/" it holds', () => {
    for (const written of ['https://notlinkedin.com/in/approach-guard-test-persona/', 'http://evil.example/?to=linkedin.com/in/approach-guard-test-persona', 'https://www.linkedin.com/company/x/']) {
      expect(() => parseApproachLine(JSON.stringify({ id: 'a', site: 'linkedin', surface: 'message', sender: { profileUrl: written }, messages: [] })), written).toThrow(
        'sender.profileUrl: not a LinkedIn profile address',
      );
    }
  });
});

describe('a pack given by --pack, by its dates', () => {
  it('warns for an organisation pack the extension would refuse, never for the built-in pack', async () => {
    const { loadPackFile, BASELINE_PACK } = await import('../../../src/cli/pack-file');
    const { orgPack } = await import('../pack/signed-pack');
    const { canonicalJson } = await import('../../../src/pack/canonical');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'ag-dates-'));
    writeFileSync(join(dir, 'org.pack.json'), canonicalJson(orgPack({ published: '2026-01-01', expires: '2026-06-30' })));
    vi.useFakeTimers({ now: Date.UTC(2099, 0, 1), toFake: ['Date'] });
    try {
      const warnings: string[] = [];
      loadPackFile(BASELINE_PACK, (line) => warnings.push(line));
      expect(warnings).toEqual([]);
      loadPackFile(join(dir, 'org.pack.json'), (line) => warnings.push(line));
      expect(warnings).toEqual([expect.stringContaining('the extension would refuse this pack: the pack expired on 2026-06-30')]);
    } finally {
      vi.useRealTimers();
    }
  });
});
