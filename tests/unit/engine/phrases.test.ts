import { describe, expect, it } from 'vitest';
import { normalise } from '../../../src/engine/normalise';
import { buildLexicon } from '../../../src/engine/lexicon';
import { addPattern, compilePhrase, freezePhraseIndex, PhraseIndex, PhraseSyntaxError, phraseSequences, buildScanTables, trieWords } from '../../../src/engine/phrases';
import { tokenise, wordsOf } from '../../../src/engine/tokenise';
import { baselinePack, lexiconId } from './helpers';

/** Scans `text` as the scorer does: tokens read with the index's lexicon. */
type Sink = (term: number, first: number, last: number) => void;

/** Each hit of a scan, passed to `sink` with the tokens it was found in. */
function scan(index: PhraseIndex, text: string, sink: (t: ReturnType<typeof tokenise>) => Sink, classes = new Map<string, number>()) {
  const tables = buildScanTables(index, buildLexicon(trieWords(index, classes.keys())), classes);
  const norm = normalise(text);
  const t = tokenise(norm.text, tables.lexicon);
  const hits: number[] = [];
  index.scan(norm.text, t, hits, tables);
  const each = sink(t);
  for (let k = 0; k < hits.length; k += 3) each(hits[k]!, hits[k + 1]!, hits[k + 2]!);
}

/** The matched words of every hit of `phrases` in `text`. */
function find(phrases: string[], text: string): string[] {
  const index = new PhraseIndex();
  phrases.forEach((p, term) => compilePhrase(p, term).forEach((pat) => addPattern(index, pat)));
  const out: string[] = [];
  scan(index, text, (t) => (_term, first, last) => out.push(wordsOf(t).slice(first, last + 1).join(' ')));
  return out;
}

describe('phrase patterns', () => {
  it('match whole words only', () => {
    expect(find(['recruiter'], 'The recruiters and a recruiter.')).toEqual(['recruiter']);
    expect(find(['pay'], 'payment repay pay')).toEqual(['pay']);
  });

  it('match a word prefix with a trailing star', () => {
    expect(find(['recruit*'], 'recruiter, recruiting, recruits, unrecruited')).toEqual(['recruiter', 'recruiting', 'recruits']);
  });

  it('expand alternatives and optional words', () => {
    expect(find(['(keep|hold) [this] (quiet|secret)'], 'Keep quiet. Hold this secret. Keep it quiet.')).toEqual(['keep quiet', 'hold this secret']);
  });

  it('match hyphenated phrases written with spaces, hyphens or joined', () => {
    expect(find(['e-mail'], 'e-mail, e mail, email')).toEqual(['e mail', 'e mail', 'email']);
  });

  it('match numbers and sums of money', () => {
    expect(find(['{num} hours'], 'only 2 hours a day')).toEqual(['2 hours']);
    expect(find(['earn {money}'], 'earn £300 daily, earn 300 points, earn 40 usd')).toEqual(['earn 300', 'earn 40']);
    // With thousands separators or a decimal point, one number, a suffix included.
    expect(find(['earn {money}'], 'earn £1,500 daily, earn 1.5k monthly, earn 2,000usd, earn 1,500 points')).toEqual(['earn 1,500', 'earn 1.5k', 'earn 2,000usd']);
    // "grand" after a figure is taken for a sum ("2 grand"), even in "2 grand prizes", rare beside a figure.
    expect(find(['earn {money}'], 'earn 2 grand a month, earn 2 grand prizes')).toEqual(['earn 2', 'earn 2']);
  });

  it('allow a bounded gap of other words', () => {
    expect(find(['pay ~2 travel'], 'we pay your travel; we pay for all your travel')).toEqual(['pay your travel']);
  });

  it('read gaps in a row as one gap of their total, at most six words, at once', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    // Walked gap by gap, this took minutes.
    expect(find([`we ${'~6 '.repeat(12)}pay`], `we ${words} pay`)).toEqual([]);
    expect(phraseSequences('we ~6 ~6 pay')).toEqual(phraseSequences('we ~6 pay'));
    // Without the optional word, its two gaps are one of two words.
    expect(find(['pay ~1 [for] ~1 travel'], 'we pay your own travel; pay it all for travel')).toEqual(['pay your own travel']);
  });

  it('never match across a sentence boundary', () => {
    expect(find(['confidential information'], 'It is confidential. Information follows.')).toEqual([]);
  });

  it('survive look-alike letters and invisible characters in the text', () => {
    expect(find(['whatsapp'], 'Add me on W\u200Bh\u0430tsApp')).toEqual(['whatsapp']);
  });

  it('keep a group of single words as one pattern instead of a product of variants', () => {
    expect(phraseSequences('(a|b|c) (d|e|f) (g|h)')).toHaveLength(1);
    expect(phraseSequences('(a b|c) d')).toHaveLength(2);
  });

  it.each([
    ['(unclosed', /unclosed/],
    ['nested (a|(b|c))', /nested/],
    ['empty (|a)', /empty alternative/],
    ['~2 leading gap', /cannot start or end with a gap/],
    ['gap ~9 too long', /~1 to ~6/],
    ['st*ar', /may only end a word/],
    ['{unknown}', /unknown placeholder/],
    ['re* short prefix', /at least three letters/],
  ])('reject the malformed phrase %s with a clear reason', (phrase, reason) => {
    expect(() => phraseSequences(phrase)).toThrow(PhraseSyntaxError);
    expect(() => phraseSequences(phrase)).toThrow(reason);
  });

  it('find many patterns that share a first word without trying each of them', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `the name${i} consulting`);
    expect(find(names, 'I work for the name4321 consulting group.')).toEqual(['the name4321 consulting']);
  });
});

describe('a frozen phrase index', () => {
  /** Every (term, first, last) the index finds in `text`, without repeats, sorted. */
  const hitsOf = (index: PhraseIndex, text: string) => {
    const out = new Set<string>();
    scan(index, text, () => (term, first, last) => out.add(`${term}:${first}:${last}`));
    return [...out].sort();
  };

  // Exhaustive: its cost grows with the pack (some seconds on a busy two-core machine).
  it('finds exactly what the unmerged trie finds, for every phrase and example of the baseline pack', { timeout: 30_000 }, () => {
    const pack = baselinePack();
    const plain = new PhraseIndex();
    let term = 0;
    const texts: string[] = [];
    for (const rule of pack.rules) {
      for (const e of [...rule.examples.match, ...rule.examples.no_match]) texts.push(typeof e === 'string' ? e : (e.text ?? ''));
      for (const m of [...(rule.any ?? []), ...(rule.all ?? [])]) {
        const lists = 'phrases' in m ? [m.phrases] : 'near' in m ? [m.near.a, m.near.b] : [];
        for (const phrases of lists) {
          for (const p of phrases) for (const pat of compilePhrase(p, term)) {
            addPattern(plain, pat);
          }
          term++;
        }
      }
    }
    const frozen = freezePhraseIndex(plain);
    expect(texts.length).toBeGreaterThan(100);
    let found = 0;
    for (const text of texts) {
      const expected = hitsOf(plain, text);
      found += expected.length;
      expect(hitsOf(frozen, text), text).toEqual(expected);
    }
    expect(found).toBeGreaterThan(texts.length / 2);
  });

  it('leads each word to one node, and takes no more patterns', () => {
    const plain = new PhraseIndex();
    ['your (profile|background)', '(your|my) expertise', 'your ~2 insight'].forEach((p, term) => compilePhrase(p, term).forEach((pat) => addPattern(plain, pat)));
    expect(plain.root.next?.get('your')?.length).toBe(2);
    const index = freezePhraseIndex(plain);
    expect(index.root.next?.get('your')?.length).toBe(1);
    expect(hitsOf(index, 'Your profile and your expertise; your view and insight').length).toBe(3);
    expect(() => compilePhrase('late', 9).forEach((pat) => addPattern(index, pat))).toThrow(/frozen/);
  });

  it('takes prefix and number steps from the first word, whether the lexicon holds the word or not', () => {
    const plain = new PhraseIndex();
    ['recruit* fee', '{num} days', 'x3 report'].forEach((p, term) => compilePhrase(p, term).forEach((pat) => addPattern(plain, pat)));
    const index = freezePhraseIndex(plain);
    // "recruiter" and "record" are lexicon words (as the grammar's words would be); the others are not.
    const classes = new Map([['recruiter', 1], ['record', 1]]);
    const out: string[] = [];
    const text = 'Recruiter fee, recruiting fee, record fee, 30 days, x3 report';
    scan(index, text, (t) => (term, first, last) => out.push(`${term}:${wordsOf(t).slice(first, last + 1).join(' ')}`), classes);
    expect(out).toEqual(['0:recruiter fee', '0:recruiting fee', '1:30 days', '2:x3 report']);
    const tables = buildScanTables(index, buildLexicon(trieWords(index, classes.keys())), classes);
    expect(tables.others[lexiconId(tables.lexicon, 'recruiter')]).toBe(1);
    expect(tables.others[lexiconId(tables.lexicon, 'record')]).toBe(0);
  });

  it('steps the same way with tables built twice over one trie', () => {
    const plain = new PhraseIndex();
    ['your (profile|background) please', 'your expertise'].forEach((p, term) => compilePhrase(p, term).forEach((pat) => addPattern(plain, pat)));
    const index = freezePhraseIndex(plain);
    const text = 'Your profile please, and your expertise';
    const norm = normalise(text);
    const hitsWith = (tables: ReturnType<typeof buildScanTables>) => {
      const hits: number[] = [];
      index.scan(norm.text, tokenise(norm.text, tables.lexicon), hits, tables);
      return hits;
    };
    const a = buildScanTables(index, buildLexicon(trieWords(index, [])), new Map());
    const before = hitsWith(a);
    expect(before.length / 3).toBe(2);
    // A second set of tables, over a larger lexicon, numbers the same nodes again.
    const b = buildScanTables(index, buildLexicon(trieWords(index, ['and', 'please', 'other'])), new Map());
    expect(hitsWith(b)).toEqual(before);
    expect(hitsWith(a)).toEqual(before);
  });

  it('gives each lexicon word its classes, and holds every word a trie step can take', () => {
    const plain = new PhraseIndex();
    compilePhrase('your (profile|cv) ~2 (insight|view*)', 0).forEach((pat) => addPattern(plain, pat));
    const index = freezePhraseIndex(plain);
    const classes = new Map([['your', 4], ['informations', 9]]);
    const tables = buildScanTables(index, buildLexicon(trieWords(index, [...classes.keys(), 'nobody'])), classes);
    const { lexicon } = tables;
    for (const w of ['your', 'profile', 'cv', 'insight', 'informations', 'nobody']) expect(lexiconId(lexicon, w), w).toBeGreaterThanOrEqual(0);
    expect(lexiconId(lexicon, 'view')).toBe(-1);
    expect(tables.classes[lexiconId(lexicon, 'your')]).toBe(4);
    expect(tables.classes[lexiconId(lexicon, 'informations')]).toBe(9);
    expect(tables.classes[lexiconId(lexicon, 'profile')]).toBe(0);
    expect(tables.roots[lexiconId(lexicon, 'your')]).toBe(index.root.next?.get('your'));
    expect(tables.roots[lexiconId(lexicon, 'profile')]).toBeUndefined();
  });
});
