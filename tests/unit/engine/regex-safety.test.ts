import { describe, expect, it } from 'vitest';
import { adversarialInputs, analyseSafeRegex, compileSafeRegex, UnsafeRegexError } from '../../../src/engine/regex-safety';
import { approach, baseline, baselinePack } from './helpers';

describe('regular expressions in packs', () => {
  it.each([
    ['(a+)+$', /nested repetition/],
    ['(\\w+\\s?)+$', /nested repetition/],
    ['(a|a)*b', /alternatives/],
    ['(a|ab){2,}c', /alternatives/],
    ['\\w+\\w+x', /overlap/],
    ['.*x.*y', /overlap/],
    ['\\d*\\s?\\d+!', /overlap/],
    ['(a)\\1', /back-references/],
    ['a(?=b)', /look-around/],
    ['(?<!a)b', /look-around/],
    ['a{1,5000}', /repetition above/],
    ['a**', /nothing to repeat|cannot itself be repeated/i],
    ['[unclosed', /not a valid expression|unclosed/],
    // Groups that are not repeated hide nothing: (?:\w+a)(?:\w+a)\w+b is \w+a\w+a\w+b.
    ['(?:\\w+a)(?:\\w+a)\\w+b', /overlap/],
    ['(?:x|\\w+)\\w+!', /overlap/],
    // Each (a|a) doubles the ways a failing match is retried: 2^28 for 28 of them.
    [`^${'(?:a|a)'.repeat(28)}$`, /alternations/],
    [`${'(?:ab|ac)'.repeat(10)}x`, /alternations/],
    // (?:aa?)+ is (a|aa)+ without the bar: a run of a splits as many ways as a Fibonacci number.
    ['^(?:aa?)+$', /varying length/],
    ['^(?:a?b?)*$', /varying length/],
    // Classes outside the sample of characters compared: taken as overlapping everything.
    ['[\\u0100-\\u017f]+[\\u0100-\\u017f]+!', /overlap/],
  ])('reject %s, which can backtrack catastrophically or is not regular', (source, reason) => {
    expect(() => compileSafeRegex(source)).toThrow(UnsafeRegexError);
    expect(() => compileSafeRegex(source)).toThrow(reason);
  });

  it.each(['^0x[0-9a-f]{40}$', '@(gmail|hotmail)\\.', '^(bit\\.ly|t\\.co)$', '^([a-z0-9-]{1,63}\\.)?linkedin\\.(com|cn)$', '(?:ab|cd)(?:ef|gh)(?:ij|kl)(?:mn|op)x', '^(?:acme|acrne|acmee)-(?:careers|career|carrers)-(?:hr|hiring)\\.(?:com|co|cn)$', '^(?:[\\w-]+\\.)?(?:xn--[a-z0-9]+|[a-z]+)\\.(?:top|xyz|click)$', '\\w+@\\w+', 'l[i1]nk[e3]d[i1l]n', '^[a-z]{2,30}-(jobs|hr)\\.[a-z]{2,10}$', '^\\d{1,3}(?:,\\d{3})*$', '^(?:\\d{3}-){2}\\d{4}$', '^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$', '^\\p{L}+$', '^(?:\\p{L}\\.)+$'])(
    'accept the linear expression %s',
    (source) => {
      expect(compileSafeRegex(source)).toBeInstanceOf(RegExp);
    },
  );

  it('reports the length bounds used to skip tokens that cannot match', () => {
    expect(analyseSafeRegex('^0x[0-9a-f]{40}$')).toMatchObject({ minLength: 42, maxLength: 42, anchored: true });
    expect(analyseSafeRegex('ab+')).toMatchObject({ minLength: 2, maxLength: Infinity, anchored: false });
  });

  it('accepts every expression in the baseline pack', () => {
    const sources = baselinePack().rules.flatMap((r) => [...(r.any ?? []), ...(r.all ?? [])]).flatMap((m) => ('regex' in m ? [m.regex, ...(m.unless ? [m.unless] : [])] : []));
    expect(sources.length).toBeGreaterThan(3);
    for (const s of sources) expect(() => compileSafeRegex(s)).not.toThrow();
  });

  it('scores messages built from adversarial input for every pack expression (the engine only runs them on short units)', () => {
    const scorer = baseline();
    const sources = baselinePack().rules.flatMap((r) => [...(r.any ?? []), ...(r.all ?? [])]).flatMap((m) => ('regex' in m ? [m.regex] : []));
    for (const s of sources)
      for (const input of adversarialInputs(s, 20_000)) {
        const v = scorer.score(approach(`${input} https://${input.slice(0, 600)}.com ${input.slice(0, 80)}@x${input.slice(0, 80)}.com`));
        expect(v.level).toMatch(/none|low|medium|high/);
      }
  });
});
