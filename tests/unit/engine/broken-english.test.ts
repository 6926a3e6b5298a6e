import { describe, expect, it } from 'vitest';
import { brokenEnglishFires, brokenEnglishSignals } from '../../../src/engine/broken-english';
import { grammarVocabulary } from '../../../src/engine/broken-english-words';
import { normalise } from '../../../src/engine/normalise';
import { engineTables, modelOf } from '../../../src/engine/compile';
import { freezePhraseIndex, PhraseIndex } from '../../../src/engine/phrases';
import { tokenise, wordsOf } from '../../../src/engine/tokenise';
import { baseline } from './helpers';

const VOCAB = grammarVocabulary();
/** The heuristic's own words alone, with no pack's. */
const TABLES = engineTables(freezePhraseIndex(new PhraseIndex()), VOCAB);

function read(text: string) {
  const norm = normalise(text);
  return { norm, t: tokenise(norm.text, TABLES.lexicon) };
}

function signals(text: string) {
  const { norm, t } = read(text);
  const found = brokenEnglishSignals(VOCAB, text, norm, t, TABLES.classes);
  return { kinds: found.map((s) => s.kind), fires: brokenEnglishFires(found, t.count) };
}

describe('the broken-English heuristic', () => {
  it.each([
    ['Hope this message find you well and we has a job for you.', ['agreement', 'agreement']],
    ['I am recruiter from big company, we are offer good salary.', ['missing-article', 'verb-form']],
    ['Please send your informations and kindly revert back.', ['uncountable-plural', 'calque']],
    ['We are sincerely inviting you, it is a face-to-face Interview in China.', ['calque', 'capitalisation']],
    ['KINDLY EMAIL BACK WITH YOUR MOBILE NUMBER NOW', ['shouting']],
  ])('finds the errors in "%s"', (text, kinds) => {
    expect(signals(text).kinds).toEqual(expect.arrayContaining(kinds));
  });

  it('fires on a short message with two strong errors', () => {
    expect(signals('Dear, this message find you well. We has role for you.').fires).toBe(true);
  });

  it.each([
    'I hope this message finds you well. I am a recruiter at a consultancy and we have a role that may suit you.',
    'Does it have a deadline? Let it go, and make it work before the recess.',
    'If we was told earlier we would have come. Plan A is fine.',
    'The two year project needs several project managers and many job opportunities are open.',
    'Thanks, see you at the committee. The company will publish its accounts.',
  ])('stays quiet on ordinary writing: "%s"', (text) => {
    expect(signals(text).fires).toBe(false);
  });

  it('stays quiet on text in another language', () => {
    expect(signals('Als ehemalige Studentin interessiere ich mich für Politik und bin Unterstützerin ihrer Partei.').kinds).toEqual([]);
  });

  it('needs more errors in a longer message', () => {
    const long = `${'The committee met today and discussed the report in detail. '.repeat(30)}This message find you well.`;
    expect(signals(long).kinds).toContain('agreement');
    expect(signals(long).fires).toBe(false);
  });
});

describe('spacing before punctuation', () => {
  it.each([
    ['Hello , we have a role for you', 1],
    ['We met today . Then we left', 1],
    ['Wait ... we have news', 0],
    ['See the list ,. and more', 0],
    ['Start , with a comma', 1],
    [', at the very start', 0],
    ['Numbers 1 , 2 and 3 .', 2],
  ])('in "%s" counts %i', (text, count) => {
    const { norm, t } = read(text);
    const found = brokenEnglishSignals(VOCAB, text, norm, t, TABLES.classes).filter((s) => s.kind === 'spacing');
    expect(found.length).toBe(count);
  });

  it('points at the word before the space', () => {
    const { norm, t } = read('We met today , then left');
    const [found] = brokenEnglishSignals(VOCAB, 'We met today , then left', norm, t, TABLES.classes).filter((s) => s.kind === 'spacing');
    expect(wordsOf(t)[found!.first]).toBe('today');
  });
});

describe('the heuristic on tokens read with a pack’s lexicon', () => {
  const model = modelOf(baseline())!.model;
  it('has more words than its own', () => {
    expect(model.tables.lexicon.words.length).toBeGreaterThan(TABLES.lexicon.words.length + 100);
  });
  it.each([
    'Hope this message find you well and we has a job for you.',
    'I am recruiter from big company, we are offer good salary , thanks.',
    'Please send your informations and kindly revert back.',
    'We are sincerely inviting you, it is a face-to-face Interview in China.',
    'KINDLY EMAIL BACK WITH YOUR MOBILE NUMBER NOW',
    'This is a offer for a expert. That letter find you. Company will pay the fee.',
    'Many opportunity for several candidate, (a) option and Plan A is fine.',
    'They was told earlier, and if we has time we come.',
  ])('finds what it finds with its own words alone: "%s"', (text) => {
    const { norm, t } = read(text);
    const plain = brokenEnglishSignals(VOCAB, text, norm, t, TABLES.classes);
    const withPack = tokenise(norm.text, model.tables.lexicon);
    expect(plain.length).toBeGreaterThan(0);
    expect(brokenEnglishSignals(model.grammar, text, norm, withPack, model.tables.classes)).toEqual(plain);
  });
});
