import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/engine/compile';
import { fromSelfie, toSelfie } from '../../../src/engine/selfie';
import { exampleApproach } from '../../../src/pack/examples';
import { INDICATOR_IDS, isFlagged, type Approach } from '../../../src/engine/types';
import { approach, baseline, baselinePack, indicatorsOf, tinyPack } from './helpers';

describe('scoring with the baseline pack', () => {
  it('flags a paid-report offer that asks for non-public insight', () => {
    const v = baseline().score(approach('We would pay a generous fee for short reports. Any non-public insight into the committee would help our client.'));
    expect(v.level).toBe('high');
    expect(indicatorsOf(baseline(), approach('We would pay a generous fee for short reports. Any non-public insight into the committee would help our client.'))).toEqual([
      'elicitation_nonpublic_info',
      'paid_consultancy_or_reports',
    ]);
  });

  it('leaves an ordinary message alone', () => {
    const v = baseline().score(approach('Thanks for the briefing yesterday. The committee papers are on the shared drive.'));
    expect(v).toMatchObject({ score: 0, level: 'none', hits: [] });
  });

  it('never flags one weak cue on its own', () => {
    const flattery = baseline().score(approach('As a renowned expert on Asian affairs, your outstanding expertise is widely admired.'));
    expect(flattery.hits.map((h) => h.indicator)).toEqual(['flattery']);
    expect(isFlagged(flattery.level)).toBe(false);
    const trip = baseline().score(approach('Our foundation covers flights and accommodation for every speaker at the conference.'));
    expect(trip.hits.map((h) => h.indicator)).toEqual(['funded_trip']);
    expect(isFlagged(trip.level)).toBe(false);
  });

  it('does not count poor grammar alone, however poor', () => {
    const v = baseline().score(approach('Dear friend, hope this message find you well. We has many informations for you, kindly revert back.'));
    expect(v.level).toBe('none');
    expect(v.hits).toEqual([]);
  });

  it('adds poor grammar as an amplifier beside another cue', () => {
    const plain = baseline().score(approach('Please contact us via WhatsApp about the role.'));
    const broken = baseline().score(approach('Dear friend, this message find you well, we has role for you. Please contact us via WhatsApp, kindly revert back.'));
    expect(broken.hits.some((h) => h.indicator === 'broken_english')).toBe(true);
    expect(broken.score).toBeGreaterThan(plain.score);
  });

  it('adds the combination bonus for a job offer with a funded trip abroad', () => {
    const offer = baseline().score(approach('I would like to offer you a senior role with our client.'));
    const both = baseline().score(approach('I would like to offer you a senior role with our client. The company will pay the travel fee including air tickets and hotel.'));
    expect(offer.level).toBe('low');
    expect(both.score).toBeGreaterThanOrEqual(offer.score + 20 + 20);
    expect(isFlagged(both.level)).toBe(true);
  });

  it('scores a slow build-up across messages as one approach', () => {
    const messages = [
      'As a renowned expert on trade policy, your views are highly respected.',
      'I would like to meet you privately when I am next in London.',
      'Could you share any non-public details of the committee discussions?',
    ];
    const each = messages.map((m) => baseline().score(approach(m)).level);
    const whole = baseline().score(approach(messages));
    expect(each.filter((l) => l === 'high')).toHaveLength(0);
    expect(whole.level).toBe('high');
    expect(new Set(whole.hits.flatMap((h) => h.evidence.map((e) => e.message)))).toEqual(new Set([0, 1, 2]));
  });

  it('ignores the user’s own messages in a thread', () => {
    const a = approach(['Hello', 'Could you share any non-public details?']);
    a.messages[1]!.fromSelf = true;
    expect(baseline().score(a).hits).toEqual([]);
  });

  it('points evidence at the original text even when it is disguised', () => {
    const text = 'Please reach me on W\u200Bh\u0430tsApp or Ｔｅｌｅｇｒａｍ.';
    const v = baseline().score(approach(text));
    const ev = v.hits.flatMap((h) => h.evidence);
    expect(ev.length).toBeGreaterThan(0);
    for (const e of ev) expect(text.slice(e.start, e.end)).toBe(e.quote);
    expect(ev.map((e) => e.quote)).toContain('W\u200Bh\u0430tsApp');
  });

  it('respects a negation such as "we will never ask you to pay in bitcoin"', () => {
    expect(indicatorsOf(baseline(), approach('We will never ask you to pay in bitcoin or any other crypto.'))).toEqual([]);
    expect(indicatorsOf(baseline(), approach('We will pay you in bitcoin for each report.'))).toContain('crypto_payment');
  });

  it('lets a negation reach no further than its clause, nor a courtesy such as "can\u2019t wait" negate', () => {
    const cases: Array<[string, string]> = [
      ['Nothing heavy, our client pays generously for short reports on upcoming government decisions.', 'paid_consultancy_or_reports'],
      ['No offence, but keep this between us.', 'secrecy_request'],
      ['Don\u2019t be shy, any non-public detail of the committee would help.', 'elicitation_nonpublic_info'],
      ['LinkedIn is not secure; add me on WhatsApp.', 'off_platform_move'],
      ['I can\u2019t wait to hear your insider views.', 'elicitation_nonpublic_info'],
    ];
    for (const [text, indicator] of cases) expect(indicatorsOf(baseline(), approach(text)), text).toContain(indicator);
    // Within its clause it still negates.
    expect(indicatorsOf(baseline(), approach('Sorry, we do not pay for short reports.'))).not.toContain('paid_consultancy_or_reports');
  });

  it('reads letters spaced out as the word they spell, and quotes them as written', () => {
    const v = baseline().score(approach('Our client pays in B i t c o i n. Add me on T-e-l-e-g-r-a-m for the details.'));
    expect(v.hits.map((h) => h.indicator)).toEqual(expect.arrayContaining(['crypto_payment', 'off_platform_move']));
    const quotes = v.hits.flatMap((h) => h.evidence.map((e) => e.quote));
    expect(quotes).toContain('B i t c o i n');
    expect(quotes).toContain('T-e-l-e-g-r-a-m');
    // Spaced with runs of white space, or look-alike letters among them.
    const wide = baseline().score(approach('Add me on W  h  a  t  s  \u0410  p  p\u00a0please.'));
    expect(wide.hits.map((h) => h.indicator)).toContain('off_platform_move');
    expect(wide.hits.flatMap((h) => h.evidence.map((e) => e.quote))).toContain('W  h  a  t  s  \u0410  p  p');
    // Separators that are not plain spaces, or hide an invisible character beside one.
    for (const text of ['Add me on T\u00b7e\u00b7l\u00b7e\u00b7g\u00b7r\u00b7a\u00b7m', 'Add me on T \u200be \u200bl \u200be \u200bg \u200br \u200ba \u200bm', 'Add me on T \u2022 e \u2022 l \u2022 e \u2022 g \u2022 r \u2022 a \u2022 m']) {
      expect(indicatorsOf(baseline(), approach(text)), text).toContain('off_platform_move');
    }
    // A wider gap between letters is a space between words.
    expect(indicatorsOf(baseline(), approach('M E S S A G E  M E  O N  T E L E G R A M'))).toContain('off_platform_move');
  });

  it('reads a phrase across a line break, but not across a blank line, and lets no negation reach past a line', () => {
    const across = baseline().score(approach('Of course, keep this\nbetween us for now.'));
    expect(across.hits.map((h) => h.indicator)).toContain('secrecy_request');
    expect(across.hits.flatMap((h) => h.evidence.map((e) => e.quote))).toContain('keep this\nbetween us');
    expect(indicatorsOf(baseline(), approach('Of course, keep this\n\nbetween us for now.'))).not.toContain('secrecy_request');
    expect(indicatorsOf(baseline(), approach('No pressure\nour client pays generously for short reports on upcoming government decisions.'))).toContain(
      'paid_consultancy_or_reports',
    );
    expect(indicatorsOf(baseline(), approach('We do not pay for short reports.'))).not.toContain('paid_consultancy_or_reports');
    // Lines of a list or an agenda are not one sentence, and no gap in a phrase crosses a line.
    expect(indicatorsOf(baseline(), approach('Responsibilities\n- Manage the diary\n- Keep the office running smoothly\n- Confidential correspondence'))).toEqual([]);
    expect(indicatorsOf(baseline(), approach('Schedule for the visit\n09:30 Coffee\n10:00 One on one with the director'))).toEqual([]);
    expect(indicatorsOf(baseline(), approach('Keep the office running smoothly\nConfidential correspondence goes to the chief of staff.'))).toEqual([]);
  });

  it('reads look-alike letters and hidden characters as the words they spell, and quotes what the user sees', () => {
    const hits = baseline().score(approach('We pay in \u{1F171}\u{1F178}\u{1F183}\u{1F172}\u{1F17E}\u{1F178}\u{1F17D}; add me on \u1D1B\u1D07\u029F\u1D07\u0262\u0280\u1D00\u1D0D or Tele\u{1BCA0}gram.')).hits;
    expect(hits.map((h) => h.indicator)).toEqual(expect.arrayContaining(['crypto_payment', 'off_platform_move']));
    const quotes = hits.flatMap((h) => h.evidence.map((e) => e.quote));
    expect(quotes).toContain('\u{1F171}\u{1F178}\u{1F183}\u{1F172}\u{1F17E}\u{1F178}\u{1F17D}');
    expect(quotes).toContain('\u1D1B\u1D07\u029F\u1D07\u0262\u0280\u1D00\u1D0D');
  });

  it('takes a firm\u2019s own prohibition as a negation: "our terms forbid sharing non-public information"', () => {
    for (const text of [
      'Our compliance rules forbid discussing non-public information on any call.',
      'Consultants are prohibited from sharing confidential documents with clients.',
    ])
      expect(indicatorsOf(baseline(), approach(text)), text).not.toContain('elicitation_nonpublic_info');
    // After the cue, or beyond the six words before it, the word negates nothing.
    expect(indicatorsOf(baseline(), approach('Could you share the non-public figures? Our rules forbid nothing.'))).toContain('elicitation_nonpublic_info');
    expect(indicatorsOf(baseline(), approach('WeChat is forbidden in your office, so we could move this chat to Telegram.'))).toContain('off_platform_move');
  });

  it('does not take a look-alike of linkedin.com written with Cyrillic or Greek letters for the real one', () => {
    const rules = (text: string) => baseline().score(approach(text)).hits.map((h) => h.rule);
    expect(rules('Please log in at https://www.l\u0456nkedin.com/login to confirm.')).toContain('links.lookalike-domain');
    expect(rules('Please log in at https://www.linkedin.c\u043em/login to confirm.')).toContain('links.lookalike-domain');
    // The real site, a member's address with letters of any script in its path included.
    expect(rules('My profile is https://www.linkedin.com/in/jos\u00e9-garc\u00eda-\u0432\u0430\u043d\u044f')).not.toContain('links.lookalike-domain');
    expect(rules('Log in here www.linkedln.com/secure')).toContain('links.lookalike-domain');
  });

  it('quotes a sum with thousands separators whole', () => {
    const quotes = baseline()
      .score(approach('A short report earns you $1,500.'))
      .hits.flatMap((h) => h.evidence.map((e) => e.quote));
    expect(quotes).toContain('1,500');
    expect(quotes.some((q) => q === '1' || q === '500')).toBe(false);
  });

  it('does not let "no problem" hide a move to WhatsApp', () => {
    expect(indicatorsOf(baseline(), approach('No problem, add me on WhatsApp.'))).toContain('off_platform_move');
  });

  it('does not let a courtesy such as "don\u2019t hesitate" read as a negation', () => {
    for (const text of ['Don\u2019t hesitate to contact me on WhatsApp for details.', 'Do not hesitate to message me on Telegram.'])
      expect(indicatorsOf(baseline(), approach(text)), text).toContain('off_platform_move');
    expect(indicatorsOf(baseline(), approach('Don\u2019t worry, we pay a generous fee for short reports.'))).toContain('paid_consultancy_or_reports');
    // A negation still negates, also before a word only "no" gives up ("no pressure").
    expect(indicatorsOf(baseline(), approach('We do not pay a fee for short reports.'))).not.toContain('paid_consultancy_or_reports');
    expect(indicatorsOf(baseline(), approach('We never pressure candidates to sign quickly.'))).not.toContain('urgency_pressure');
    expect(indicatorsOf(baseline(), approach('We would never question paying you in bitcoin.'))).not.toContain('crypto_payment');
  });

  it('leaves ordinary office, press and recruiter messages that share the approaches\u2019 words below a warning', () => {
    // Colleagues, lobby journalists and recruiters ask for drafts, moods and votes, talk of
    // private meetings and pay. None of these is an approach on its own.
    for (const text of [
      'Could you forward me the briefing pack and the speaking notes for the minister\u2019s visit? The security arrangements for the visit are in the annex.',
      'I\u2019ve put the notes from the private meeting with the chief whip in the shared drive.',
      'What\u2019s the mood among backbenchers on the welfare vote? Which MPs are wavering?',
      'I\u2019m a recruiter at a large agency. The role is a policy adviser post and the compensation is excellent. Would you be open to a quick chat?',
      'I\u2019d rather not put this in writing - can we have a quick call about the grievance?',
      'Our panel sessions are paid at \u00a360 an hour. Happy to share a summary of the findings afterwards.',
      'Do you know how your member is likely to vote on the third reading?',
    ])
      expect(isFlagged(baseline().score(approach(text)).level), text).toBe(false);
    // The same asks beside payment or a move off LinkedIn are flagged.
    expect(isFlagged(baseline().score(approach('Could you forward me the briefing pack before the visit? We pay well for this, in USDT.')).level)).toBe(true);
    expect(isFlagged(baseline().score(approach('Which MPs are wavering on the bill? Message me on Telegram, our client pays a generous fee for short reports.')).level)).toBe(true);
  });

  it('matches a flagged organisation written with any hyphen or spacing', () => {
    for (const company of ['BR-YR Executive Search', 'BRYR Executive Search', 'BR YR Executive Search', 'br‐yr executive search'])
      expect(baseline().score(approach('Hello', { name: 'Jo Bloggs', company })).hits.map((h) => h.rule)).toContain('entity.organisation');
  });

  it('reads an organisation kept to sender fields only there, also beside a flagged persona’s name', () => {
    // "Move HR" is flagged with matchInText: false; the words "move HR" in a message are not it.
    const chat = baseline().score(approach('Could we move HR paperwork to next week?', { name: 'Rachel Li' }));
    expect(chat.hits.map((h) => h.rule)).toEqual(['entity.name-only']);
    expect(isFlagged(chat.level)).toBe(false);
    const claimed = baseline().score(approach('Hello there', { name: 'Rachel Li', company: 'Move HR' }));
    expect(claimed.hits.map((h) => h.rule)).toContain('entity.name-with-organisation');
  });

  it('treats a flagged persona’s common name alone as weak, and with the organisation as strong', () => {
    const nameOnly = baseline().score(approach('Hello there', { name: 'Rachel Li' }));
    expect(nameOnly.hits.map((h) => h.rule)).toEqual(['entity.name-only']);
    expect(isFlagged(nameOnly.level)).toBe(false);
    const withOrg = baseline().score(approach('Hello there', { name: 'Rachel Li', headline: 'Headhunter at RiseHR' }));
    expect(withOrg.level).toBe('high');
    const hit = withOrg.hits.find((h) => h.rule === 'entity.name-with-organisation');
    expect(hit?.entity).toMatchObject({ id: 'bfv-2017.rachel-li', flaggedBy: expect.stringContaining('BfV') });
  });

  it('matches a flagged profile URL however it is written', () => {
    const v = baseline().score(approach('Hi', { profileUrl: 'https://uk.linkedin.com/in/Approach-Guard-Test-Persona/?trk=abc' }));
    expect(v.hits.map((h) => h.rule)).toContain('entity.profile-url');
    expect(v.level).toBe('high');
  });

  it('names a flagged profile address it cannot read rather than leave the profile unmatched without a word', () => {
    const pack = baselinePack();
    const persona = {
      id: 'test.port',
      name: 'Not A Real Person',
      type: 'persona' as const,
      profileUrls: ['https://www.linkedin.com:443/in/not-a-real-person-4471/', 'https://www.linkedin.com/in/not-a-real-person-4472/'],
      matchInText: false,
      flaggedBy: 'tests',
      source: 'tests',
      confidence: 'test',
    };
    const scorer = compile({ ...pack, entities: [...(pack.entities ?? []), persona] });
    expect(scorer.errors).toEqual([{ entity: 'test.port', message: expect.stringMatching(/^profile address https:\/\/www\.linkedin\.com:443\/in\/not-a-real-person-4471\/ is not one the engine reads/) }]);
    // The address it reads still matches.
    expect(scorer.score(approach('Hi', { profileUrl: 'https://www.linkedin.com/in/not-a-real-person-4472/' })).hits.map((h) => h.rule)).toContain('entity.profile-url');
  });

  it('matches a persona listed by both the public and the member address, each where LinkedIn shows it', () => {
    // Profile pages and invitations link to the public address; messages, InMails and chat
    // bubbles to the member address. Nothing translates one into the other.
    const pack = baselinePack();
    const persona = {
      id: 'test.two-addresses',
      name: 'Not A Real Person',
      type: 'persona' as const,
      profileUrls: ['https://www.linkedin.com/in/not-a-real-person-4471/', 'https://www.linkedin.com/in/ACoAAFx00999ITn6EDDvjtUUa2vys0QkWlYr/'],
      matchInText: false,
      flaggedBy: 'tests',
      source: 'tests',
      confidence: 'test',
    };
    const scorer = compile({ ...pack, entities: [...(pack.entities ?? []), persona] });
    const profileUrlRule = (profileUrl: string, surface: Approach['surface']) =>
      scorer.score(approach('Hi', { profileUrl }, { surface })).hits.find((h) => h.rule === 'entity.profile-url')?.entity?.id;
    expect(profileUrlRule('https://www.linkedin.com/in/not-a-real-person-4471/', 'profile')).toBe('test.two-addresses');
    expect(profileUrlRule('https://www.linkedin.com/in/ACoAAFx00999ITn6EDDvjtUUa2vys0QkWlYr/', 'message')).toBe('test.two-addresses');
    expect(profileUrlRule('https://www.linkedin.com/in/ACoAAFx00998ITn6EDDvjtUUa2vys0QkWlYr/', 'message')).toBeUndefined();
  });

  it('reads profile anomalies from the sender fields', () => {
    const a = approach('We have an exciting opportunity for you.', { name: 'New Person', connections: 3, hasPhoto: false, joined: '2026-10' });
    const v = baseline().score(a, { now: Date.UTC(2026, 10, 23) });
    expect(v.hits.filter((h) => h.indicator === 'profile_anomaly').map((h) => h.rule).sort()).toEqual(['profile.few-connections', 'profile.new-account', 'profile.no-photo']);
    expect(isFlagged(v.level)).toBe(true);
  });

  it('has at least one rule for every canonical indicator', () => {
    const covered = new Set(baselinePack().rules.map((r) => r.indicator));
    for (const id of INDICATOR_IDS) expect(covered.has(id)).toBe(true);
  });
});

describe('scoring rules', () => {
  const rule = (id: string, indicator: string, weight: number, phrases: string[], extra: object = {}) => ({ id, indicator, weight, any: [{ phrases }], ...extra });

  it('caps each indicator however many of its rules fire', () => {
    const s = compile(tinyPack([rule('a', 'elicitation_nonpublic_info', 40, ['insider']), rule('b', 'elicitation_nonpublic_info', 40, ['non-public'])]));
    expect(s.score(approach('insider and non-public')).score).toBe(45);
  });

  it('counts experimental rules in the hits but not in the score', () => {
    const s = compile(tinyPack([rule('a', 'elicitation_nonpublic_info', 40, ['insider'], { status: 'experimental' })]));
    const v = s.score(approach('insider'));
    expect(v.hits).toMatchObject([{ rule: 'a', experimental: true }]);
    expect(v.score).toBe(0);
  });

  it('lets an organisation pack disable and re-weight rules by id', () => {
    const pack = tinyPack([rule('a', 'elicitation_nonpublic_info', 40, ['insider']), rule('b', 'paid_consultancy_or_reports', 30, ['fee'])], { disable: ['b'], reweight: { a: 10 } });
    const v = compile(pack).score(approach('insider fee'));
    expect(v.hits.map((h) => [h.rule, h.weight])).toEqual([['a', 10]]);
  });

  it('skips a rule that cannot compile and keeps the others working', () => {
    const s = compile(tinyPack([rule('bad', 'flattery', 10, ['(unclosed']), { id: 'bad-regex', indicator: 'flattery', weight: 5, any: [{ regex: '(a+)+$', scope: 'token' }] }, rule('good', 'elicitation_nonpublic_info', 40, ['insider'])]));
    expect(s.errors.map((e) => e.rule)).toEqual(['bad', 'bad-regex']);
    expect(s.score(approach('insider')).hits.map((h) => h.rule)).toEqual(['good']);
  });

  it('restores a compiled pack from its selfie with identical verdicts', () => {
    const s = baseline();
    const restored = fromSelfie(JSON.parse(JSON.stringify(toSelfie(s))));
    const samples = [
      'We pay 800 pounds for each report; keep this between you and me.',
      'Please deposit to 0x52908400098527886e0f7030069857d2e4169ee7 today via https://bit.ly/x',
      'Dear friend, this message find you well. Contact us via WhatsApp.',
    ];
    for (const text of samples) {
      const a = approach(text, { name: 'Amanda Qiu', company: 'BR-YR Executive Search', connections: 4 });
      expect(restored.score(a, { now: 0 })).toEqual(s.score(a, { now: 0 }));
    }
    expect(() => fromSelfie({ ...toSelfie(s), format: 999 })).toThrow(/format/);
    // A damaged trie is refused, never half restored.
    const selfie = toSelfie(s);
    const damaged = (change: Partial<typeof selfie.trie>) => () => fromSelfie({ ...selfie, trie: { ...selfie.trie, ...change } });
    expect(damaged({ size: 0 })).toThrow(/malformed trie/);
    expect(damaged({ size: Number.NaN })).toThrow(/malformed trie/);
    expect(damaged({ words: [selfie.trie.size] })).toThrow(/malformed trie/);
    expect(damaged({ terms: [1, 5, 0] })).toThrow(/malformed trie/);
    expect(damaged({ terms: [1, -1, 0] })).toThrow(/malformed trie/);
    expect(damaged({ terms: [1, 0.5, 0] })).toThrow(/malformed trie/);
    expect(damaged({ gaps: [[1, 2, -1]] })).toThrow(/malformed trie/);
  });

  it('stores only what a scan reads, and scores every example of the built-in pack as the compiled pack does', () => {
    const s = baseline();
    const selfie = JSON.parse(JSON.stringify(toSelfie(s))) as ReturnType<typeof toSelfie>;
    // The trie in columns, no object per node; word children of any node but the root are in
    // the word steps, and nothing only compiling reads is there.
    const { trie } = selfie;
    expect(Object.keys(trie).sort()).toEqual(['gaps', 'numbers', 'prefix', 'root', 'size', 'terms', 'words']);
    expect(trie.size).toBeGreaterThan(1000);
    expect(trie.root.length).toBeGreaterThan(50);
    expect(trie.words.length).toBeGreaterThan(100);
    expect(trie.words).not.toContain(0);
    expect(trie.terms.length).toBeGreaterThan(100);
    expect(trie.prefix.length).toBeGreaterThan(0);
    expect(trie.gaps.length).toBeGreaterThan(0);
    expect(trie.numbers.filter((n) => n[2] === 1).length).toBeGreaterThan(0);
    expect(trie.numbers.filter((n) => n[2] === undefined).length).toBeGreaterThan(0);
    const restored = fromSelfie(selfie);
    // Written again, a restored pack is the same compiled pack.
    expect(JSON.parse(JSON.stringify(toSelfie(restored)))).toEqual(selfie);
    const examples = baselinePack().rules.flatMap((r) => [...(r.examples?.match ?? []), ...(r.examples?.no_match ?? [])].map((ex) => exampleApproach(r, ex)));
    expect(examples.length).toBeGreaterThan(150);
    for (const a of examples) expect(restored.score(a, { now: 0 }), JSON.stringify(a.messages)).toEqual(s.score(a, { now: 0 }));
  });

  it('restores gaps in their order and prefixes of several lengths as compiled, and refuses what does not fit', () => {
    const phrases = ['we ~2 pay', 'we ~5 pay', 'we pay', 'recruit* now', 'consultan* now', 'our recruit* team', 'our consultan* team', 'our {num} reports', 'our {money} fee'];
    const s = compile(tinyPack([{ id: 'tiny-mix', indicator: 'paid_consultancy_or_reports', weight: 40, any: [{ phrases }] }]));
    const selfie = JSON.parse(JSON.stringify(toSelfie(s))) as ReturnType<typeof toSelfie>;
    // One node with two gaps, and nodes (the root among them) with prefixes of two lengths.
    const gapsAt = new Map<number, number>();
    for (const [k] of selfie.trie.gaps) gapsAt.set(k, (gapsAt.get(k) ?? 0) + 1);
    expect(Math.max(...gapsAt.values())).toBe(2);
    const lengthsAt = new Map<number, Set<number>>();
    for (const [k, p] of selfie.trie.prefix) lengthsAt.set(k, (lengthsAt.get(k) ?? new Set()).add(p.length));
    expect([...lengthsAt.values()].filter((l) => l.size === 2).length).toBeGreaterThanOrEqual(2);
    const restored = fromSelfie(selfie);
    expect(JSON.parse(JSON.stringify(toSelfie(restored)))).toEqual(selfie);
    const texts = ['We would, of course, pay well.', 'We can pay.', 'We, the firm, would like to pay you.', 'Recruit now.', 'Recruiters now ask.', 'Consultancy now.', 'Our recruit team.', 'Our consultants team.', 'Our 3 reports.', 'Our £500 fee.', 'Our 500 fee.'];
    for (const text of texts) expect(restored.score(approach(text), { now: 0 }), text).toEqual(s.score(approach(text), { now: 0 }));
    // Most of them find the phrase, so the comparison is of verdicts with evidence.
    expect(texts.filter((text) => s.score(approach(text), { now: 0 }).hits.length > 0).length).toBeGreaterThanOrEqual(9);
    expect(s.score(approach('We, the firm, would like to pay you.'), { now: 0 }).hits).toHaveLength(1);
    // A 0 among the other nodes with words leaves the root's words as they are.
    const withRoot = fromSelfie({ ...selfie, trie: { ...selfie.trie, words: [0, ...selfie.trie.words] } });
    expect(withRoot.score(approach('We can pay.'), { now: 0 })).toEqual(s.score(approach('We can pay.'), { now: 0 }));
    const damaged = (change: Partial<typeof selfie.trie>) => () => fromSelfie({ ...selfie, trie: { ...selfie.trie, ...change } });
    expect(damaged({ words: ['__proto__' as unknown as number] })).toThrow(/malformed trie/);
    expect(damaged({ words: ['length' as unknown as number] })).toThrow(/malformed trie/);
    expect(damaged({ gaps: [[selfie.trie.gaps[0]![0], 1e9, selfie.trie.gaps[0]![2]]] })).toThrow(/malformed trie/);
    expect(([] as unknown as { next?: unknown }).next).toBeUndefined();
  });

  it('restores word steps as they were stored, and a damaged table does no harm', () => {
    const selfie = JSON.parse(JSON.stringify(toSelfie(baseline()))) as ReturnType<typeof toSelfie>;
    const { table } = selfie.steps;
    expect(table.length / 3).toBeGreaterThan(100);
    const withTable = (changed: unknown) => fromSelfie({ ...selfie, steps: changed as typeof selfie.steps });
    for (const bad of [undefined, {}, { table: table.slice(1) }, { table: table.slice(0, 3 * 96) }])
      expect(() => withTable(bad), JSON.stringify(bad)?.slice(0, 40)).toThrow(/malformed word steps/);
    const text = 'We pay a generous fee for short reports; add me on WhatsApp.';
    expect(withTable({ table }).score(approach(text), { now: 0 })).toEqual(baseline().score(approach(text), { now: 0 }));
    // No empty slot, steps to nodes that are not there: every look-up still ends, and scoring
    // goes on with what the table still says.
    const full = table.map((x, i) => (i % 3 === 0 ? (x === 0 ? 1 : x) : i % 3 === 2 ? selfie.trie.size + (x % 7) : x));
    const damaged = withTable({ table: full }).score(approach(text), { now: 0 });
    expect(['none', 'low', 'medium', 'high']).toContain(damaged.level);
  });

  it('keeps nothing of one score in the next: rules opened and hits found are this score’s only', () => {
    // One scorer, many approaches in turn, against a fresh scorer for each.
    const shared = compile(baselinePack(), { cacheTexts: false });
    const approaches = [
      approach('Add me on WhatsApp, we pay a generous fee for short reports.', { name: 'Rachel Li', headline: 'Headhunter at RiseHR' }),
      approach('Thank you for the papers on regional transport.', { name: 'Sam Example' }),
      approach('Hello there', { name: 'Rachel Li' }),
      approach('Any non-public detail of the committee would help.'),
      approach('See you at the constituency event next month.'),
    ];
    for (let round = 0; round < 3; round++)
      for (const a of approaches) expect(shared.score(a, { now: 0 })).toEqual(compile(baselinePack(), { cacheTexts: false }).score(a, { now: 0 }));
    expect(shared.score(approaches[1]!, { now: 0 }).hits).toEqual([]);
  });

  it('gives the same verdicts whether or not it remembers texts it has analysed', () => {
    const remembering = compile(baselinePack());
    const fresh = compile(baselinePack(), { cacheTexts: false });
    const thread = ['Hello, I came across your profile.', 'We pay a generous fee for short reports.', 'Any non-public detail of the committee would help.'];
    for (let n = 1; n <= thread.length; n++) {
      const a = approach(thread.slice(0, n), { name: 'Sam Example', headline: 'Headhunter' });
      // Twice through the remembering scorer: the second time every text comes from memory.
      remembering.score(a, { now: 0 });
      expect(remembering.score(a, { now: 0 })).toEqual(fresh.score(a, { now: 0 }));
    }
  });
});

describe('a verdict kept while a thread only gains messages no rule reads', () => {
  const QUIET = ['Thanks, see you on Tuesday.', 'Happy to help with that.', 'See you at the constituency event.', 'A new message, number 7, about the reading list.'];
  const LOUD = [
    'We pay a generous fee for short reports.',
    'Any non-public detail of the committee would help.',
    'Add me on WhatsApp so we can talk freely.',
    'The link is https://bit.ly/3abcDEF for the brief.',
    'Write to me at recruiter@example-hr.cn today.',
    'Send it to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq please.',
    'Dear sir kindly we are very much interesting for your good self cooperation, kindly revert back sir.',
    'Our client offers £300 for one hour.',
  ];
  /** A small deterministic generator, so a failure can be replayed. */
  const random = (seed: number) => () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

  it('gives the verdict a full score gives, keeping the earlier one only when every new message is quiet', () => {
    const kept = compile(baselinePack());
    const fresh = compile(baselinePack(), { cacheTexts: false });
    const now = Date.UTC(2026, 10, 28);
    let reused = 0;
    let rescored = 0;
    for (let run = 0; run < 20; run++) {
      const next = random(run + 1);
      const pick = (list: string[]) => list[Math.floor(next() * list.length)]!;
      const text = () => (next() < 0.6 ? pick(QUIET) : pick(LOUD));
      let current: Approach = approach([text()], { name: 'Sam Example', headline: 'Recruiter' }, { id: `thread-${run}` });
      let since = { approach: current, verdict: kept.score(current, { now }), now };
      for (let step = 0; step < 40; step++) {
        const roll = next();
        const messages = [...current.messages];
        const sender = { ...current.sender };
        let { surface, platformWarning } = current;
        if (roll < 0.6) messages.push(next() < 0.15 ? { text: pick(LOUD), fromSelf: true } : { text: next() < 0.8 ? pick(QUIET) : pick(LOUD) });
        else if (roll < 0.7) messages.unshift({ text: text() });
        else if (roll < 0.78) messages[Math.floor(next() * messages.length)] = { text: text() };
        else if (roll < 0.86) sender.headline = next() < 0.5 ? 'Recruiter' : 'Headhunter at RiseHR';
        else if (roll < 0.93) platformWarning = !platformWarning;
        else surface = surface === 'message' ? 'inmail' : 'message';
        current = { ...current, messages, sender, surface, platformWarning };
        const verdict = kept.score(current, { now, since });
        expect(verdict).toEqual(fresh.score(current, { now }));
        const was = since.approach;
        const onlyQuietAdded =
          was.surface === surface &&
          !was.platformWarning === !platformWarning &&
          was.sender.headline === sender.headline &&
          was.messages.every((m, i) => m.text === messages[i]?.text && !m.fromSelf === !messages[i]!.fromSelf) &&
          messages.slice(was.messages.length).every((m) => m.fromSelf || QUIET.includes(m.text));
        // A quiet message appended keeps the verdict object itself; anything else scores anew.
        expect(verdict === since.verdict).toBe(onlyQuietAdded);
        if (onlyQuietAdded) reused++;
        else rescored++;
        since = { approach: current, verdict, now };
      }
    }
    expect(reused).toBeGreaterThan(100);
    expect(rescored).toBeGreaterThan(100);
  });

  it('scores again in a new month, for another pack version, and when asked for every rule', () => {
    const scorer = compile(baselinePack());
    const sender = { name: 'Sam Example', joined: '2026-05' };
    const before = approach(['Hello.'], sender);
    const after = approach(['Hello.', 'Thanks, see you on Tuesday.'], sender);
    const october = Date.UTC(2026, 9, 30);
    const december = Date.UTC(2026, 11, 2);
    const since = { approach: before, verdict: scorer.score(before, { now: october }), now: october };
    expect(since.verdict.hits.map((h) => h.rule)).toContain('profile.new-account');
    expect(scorer.score(after, { now: october, since })).toBe(since.verdict);
    // Joined in May: within six months in October, not in December.
    const inDecember = scorer.score(after, { now: december, since });
    expect(inDecember.hits.map((h) => h.rule)).not.toContain('profile.new-account');
    expect(scorer.score(after, { now: october, since, evaluateAll: true })).not.toBe(since.verdict);
  });

  it('keeps only a verdict this scorer made for an ordinary call, and notices a sender field that appeared', () => {
    const scorer = compile(baselinePack());
    const now = Date.UTC(2026, 10, 28);
    const broken = approach(['Dear sir kindly we are very much interesting for your good self cooperation, kindly revert back sir.']);
    const grown = approach([...broken.messages.map((m) => m.text), 'Thanks, see you on Tuesday.']);
    // Made with every rule evaluated, the amplifier among them: not what an ordinary call gives.
    const everyRule = { approach: broken, verdict: scorer.score(broken, { now, evaluateAll: true }), now };
    expect(everyRule.verdict.hits.length).toBeGreaterThan(0);
    expect(scorer.score(grown, { now, since: everyRule })).toEqual(scorer.score(grown, { now }));
    expect(scorer.score(grown, { now, since: everyRule }).hits).toEqual([]);
    // Another scorer's verdict, even for the same pack.
    const other = compile(baselinePack());
    const theirs = { approach: broken, verdict: other.score(broken, { now }), now };
    expect(scorer.score(grown, { now, since: theirs })).not.toBe(theirs.verdict);
    // A field set to nothing before, and another one now: the sender changed.
    const before = approach(['Hello.'], { name: 'Sam Example', company: undefined });
    const after = approach(['Hello.', 'Thanks, see you on Tuesday.'], { name: 'Sam Example', headline: 'Headhunter at RiseHR' });
    const mine = { approach: before, verdict: scorer.score(before, { now }), now };
    const rescored = scorer.score(after, { now, since: mine });
    expect(rescored).not.toBe(mine.verdict);
    expect(rescored).toEqual(compile(baselinePack()).score(after, { now }));
  });
});

describe('rules of mixed matchers', () => {
  // The scorer skips a rule at once when no phrase it needs is in the text; a rule that can
  // fire without its phrases must still be evaluated.
  const s = compile(
    tinyPack([
      { id: 'any-mixed', indicator: 'off_platform_move', weight: 30, any: [{ phrases: ['whatsapp'] }, { regex: '^0x[0-9a-f]{40}$', scope: 'token' }] },
      { id: 'all-mixed', indicator: 'elicitation_nonpublic_info', weight: 40, all: [{ profile: { hasPhoto: false } }, { phrases: ['insider'] }] },
      { id: 'near-any', indicator: 'paid_consultancy_or_reports', weight: 30, any: [{ near: { a: ['fee'], b: ['report'], within: 3 } }, { phrases: ['consultancy'] }] },
    ]),
  );
  const fired = (text: string, sender = {}) => s.score(approach(text, sender)).hits.map((h) => h.rule).sort();

  it('fires on a matcher that is not a phrase when the phrases are absent', () => {
    expect(fired(`send it to 0x${'a'.repeat(40)} today`)).toEqual(['any-mixed']);
  });

  it('fires an "all" rule only with every part, whichever part is a phrase', () => {
    expect(fired('any insider view', { hasPhoto: false })).toEqual(['all-mixed']);
    expect(fired('any insider view', { hasPhoto: true })).toEqual([]);
    expect(fired('any outside view', { hasPhoto: false })).toEqual([]);
  });

  it('fires an "any" rule on either of its phrase matchers', () => {
    expect(fired('a report for a fee')).toEqual(['near-any']);
    expect(fired('paid consultancy work')).toEqual(['near-any']);
    expect(fired('a report, no payment')).toEqual([]);
  });
});
