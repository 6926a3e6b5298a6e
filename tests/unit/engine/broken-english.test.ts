import { describe, expect, it } from 'vitest';
import { brokenEnglishFires, brokenEnglishSignals } from '../../../src/engine/broken-english';
import { grammarVocabulary } from '../../../src/engine/broken-english-words';
import { normalise } from '../../../src/engine/normalise';
import { tokenise } from '../../../src/engine/tokenise';

const VOCAB = grammarVocabulary();

function signals(text: string) {
  const norm = normalise(text);
  const t = tokenise(norm.text);
  const found = brokenEnglishSignals(VOCAB, text, norm, t);
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
