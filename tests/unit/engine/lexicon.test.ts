import { describe, expect, it } from 'vitest';
import { buildLexicon, hashOf, lexiconFromJson, lexiconToJson } from '../../../src/engine/lexicon';
import { fold } from '../../../src/engine/normalise';
import { tokenise, wordsOf } from '../../../src/engine/tokenise';
import { lexiconId } from './helpers';

/** Deterministic words of 1 to 12 letters, some with digits or an apostrophe. */
function words(count: number, seed: number): string[] {
  let a = seed;
  const next = () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out = new Set<string>();
  while (out.size < count) {
    const n = 1 + Math.floor(next() * 12);
    let w = '';
    for (let i = 0; i < n; i++) w += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(next() * 36)];
    if (next() < 0.05 && w.length > 2) w = `${w.slice(0, 1)}'${w.slice(1)}`;
    out.add(w);
  }
  return [...out];
}

describe('the lexicon', () => {
  it('finds each of its words, in a table full enough that slots are shared', () => {
    const list = words(3000, 7);
    const lexicon = buildLexicon(list);
    list.forEach((w) => expect(lexicon.words[lexiconId(lexicon, w)]).toBe(w));
    // Same length and letters in another order: only the exact word is found.
    expect(lexiconId(lexicon, list[0]!.split('').reverse().join('') + 'q')).toBe(-1);
    const strangers = words(3000, 8).filter((w) => !list.includes(w));
    expect(strangers.length).toBeGreaterThan(2000);
    for (const w of strangers) expect(lexiconId(lexicon, w)).toBe(-1);
  });

  it('checks the characters, not only the hash', () => {
    const lexicon = buildLexicon(['alpha']);
    // Any text of the right length with the stored hash must still spell the word.
    expect(lexicon.findText(hashOf('alpha'), 'bravo', 0, 5)).toBe(-1);
    expect(lexicon.findText(hashOf('alpha'), 'xalpha', 1, 5)).toBe(0);
    expect(lexicon.findText(hashOf('alpha'), 'alphabet', 0, 8)).toBe(-1);
    expect(lexicon.find(hashOf('alpha'), new TextEncoder().encode('bravo'), 0, 5)).toBe(-1);
    expect(lexicon.find(hashOf('alpha'), new TextEncoder().encode('xalpha'), 1, 5)).toBe(0);
    expect(lexicon.find(hashOf('alpha'), new TextEncoder().encode('alphabet'), 0, 8)).toBe(-1);
  });

  it('travels as plain data and comes back the same', () => {
    const list = words(500, 9);
    const json = JSON.parse(JSON.stringify(lexiconToJson(buildLexicon(list))));
    const back = lexiconFromJson(json);
    expect(back.words).toEqual(list);
    list.forEach((w, id) => expect(lexiconId(back, w)).toBe(id));
    expect(lexiconId(back, 'notaword')).toBe(-1);
  });

  it('refuses a table that does not fit its words, since a look-up in it might never end', () => {
    const json = lexiconToJson(buildLexicon(['alpha', 'bravo']));
    // Every slot taken: a search for an unknown word would never reach an empty one.
    expect(() => lexiconFromJson({ ...json, slots: json.slots.map((_, s) => (s % 2) + 1) })).toThrow(/malformed lexicon/);
    // An id twice, another missing.
    expect(() => lexiconFromJson({ ...json, slots: json.slots.map((x) => (x === 2 ? 1 : x)) })).toThrow(/malformed lexicon/);
    expect(() => lexiconFromJson({ ...json, slots: [1, 2] })).toThrow(/malformed lexicon/);
    expect(() => lexiconFromJson({ ...json, slots: json.slots.slice(0, 48) })).toThrow(/malformed lexicon/);
    expect(() => lexiconFromJson({ ...json, hashes: [1] })).toThrow(/malformed lexicon/);
    expect(() => lexiconFromJson({ ...json, slots: json.slots.map((x, s) => (s === json.slots.indexOf(0) ? 9 : x)) })).toThrow(/malformed lexicon/);
    expect(() => lexiconFromJson({ ...json, slots: json.slots.map((x) => (x ? 7 : 0)) })).toThrow(/malformed lexicon/);
  });

  it('holds words of other scripts', () => {
    const lexicon = buildLexicon(['微信', 'مرحبا', '𠀀x']);
    const t = tokenise(fold('Add me on 微信 at the مرحبا 𠀀x'), lexicon);
    expect(wordsOf(t)).toEqual(['add', 'me', 'on', '微信', 'at', 'the', 'مرحبا', '𠀀x']);
    expect(t.ids.map((id) => (id >= 0 ? lexicon.words[id] : null))).toEqual([null, null, null, '微信', null, null, 'مرحبا', '𠀀x']);
  });

  it('finds words with letters beyond ASCII inside them, and the plain words beside them', () => {
    const lexicon = buildLexicon(['café', "l'été", 'pay', 'cafe']);
    // Not folded (folding drops the accents): the reader takes any text.
    const t = tokenise("pay the café bill, l'été, cafe cafés pay", lexicon);
    expect(wordsOf(t)).toEqual(['pay', 'the', 'café', 'bill', "l'été", 'cafe', 'cafés', 'pay']);
    expect(t.ids.map((id) => (id >= 0 ? lexicon.words[id] : null))).toEqual(['pay', null, 'café', null, "l'été", 'cafe', null, 'pay']);
    // Every unit beyond ASCII reads as the same byte: the word is still told by its own characters.
    expect(lexiconId(lexicon, 'cafè')).toBe(-1);
    expect(tokenise('cafè café', lexicon).ids).toEqual([-1, lexiconId(lexicon, 'café')]);
  });
});

describe('tokens read with a lexicon', () => {
  const lexicon = buildLexicon(['pay', "don't", 'x'.repeat(64), 'million']);

  it('number the words the lexicon holds, and cut the others out of the text only when asked', () => {
    const t = tokenise(fold("Don't pay 1.5 million, PAY now"), lexicon);
    expect(t.ids.map((id) => (id >= 0 ? lexicon.words[id] : -1))).toEqual(["don't", 'pay', -1, 'million', 'pay', -1]);
    expect(t.known(2)).toBeUndefined();
    expect(t.known(1)).toBe('pay');
    // The lexicon's own string, not a copy.
    expect(t.word(1)).toBe(lexicon.words[t.ids[1]!]);
    expect(t.word(5)).toBe('now');
    expect(wordsOf(t)).toEqual(["don't", 'pay', '1.5', 'million', 'pay', 'now']);
  });

  it('finds an over-long run by its first 64 characters', () => {
    const t = tokenise('x'.repeat(100), lexicon);
    expect(t.count).toBe(1);
    expect(t.ids[0]).toBe(lexiconId(lexicon, 'x'.repeat(64)));
    // A surrogate pair across the limit is left out whole.
    const cut = tokenise(`${'x'.repeat(63)}𠀀y ${'x'.repeat(62)}𠀀y`, lexicon);
    expect(wordsOf(cut)).toEqual(['x'.repeat(63), `${'x'.repeat(62)}𠀀`]);
    expect(cut.ends[0]).toBe(63);
    expect(cut.starts[1]).toBe(67);
  });

  it('reads plain ASCII text exactly as text of any other kind', () => {
    // One character outside ASCII at the end sends the same text down the general reader.
    const texts = [
      "Don't tell O'Connell; face-to-face. Pay 1.5 million! Then: talk? ok",
      `${'x'.repeat(70)} ab'c 'quoted' dogs' end.`,
      '.5 starts. 3.14 and 2. then; more\nlines',
      'UPPER Case and 12345678901234567890 digits',
    ];
    for (const text of texts) {
      const ascii = tokenise(text, lexicon);
      const other = tokenise(`${text} é`, lexicon);
      const pick = (t: typeof ascii) => ({ words: wordsOf(t), starts: t.starts, ends: t.ends, sentence: t.sentence, ids: t.ids });
      const trimmed = pick(other);
      for (const k of Object.keys(trimmed) as Array<keyof typeof trimmed>) trimmed[k].pop();
      expect(pick(ascii), text).toEqual(trimmed);
    }
  });
});
