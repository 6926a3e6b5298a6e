import { describe, expect, it } from 'vitest';
import { isMark, normalise, originalSpan } from '../../../src/engine/normalise';
import { sentenceOf, tokenise, wordWidth, wordsOf } from '../../../src/engine/tokenise';

const fold = (s: string) => normalise(s).text;

describe('normalise', () => {
  it('lower-cases and collapses runs of whitespace, keeping a line break as one and a blank line as two', () => {
    expect(fold('  Hello   WORLD\t\tagain\n\n\nNext  ')).toBe('hello world again\n\nnext');
    expect(fold('Hello \n  WORLD\r\nagain \r\n \r\n Next\u2028line\u2029end')).toBe('hello\nworld\nagain\n\nnext\nline\n\nend');
  });

  it('folds compatibility forms: full-width letters, ligatures and mathematical letters', () => {
    expect(fold('Ｗｈａｔｓａｐｐ')).toBe('whatsapp');
    expect(fold('conﬁdential')).toBe('confidential');
    expect(fold('𝐁𝐢𝐭𝐜𝐨𝐢𝐧')).toBe('bitcoin');
  });

  it('removes diacritics', () => {
    expect(fold('Lucía Ortega, café, naïve, Ångström')).toBe('lucia ortega, cafe, naive, angstrom');
  });

  it('removes marks beyond the Latin accents, and keeps letters that only look accented', () => {
    // Cyrillic short i (a breve), Devanagari with a vowel sign, a symbol with a combining ring.
    expect(fold('Й й')).toBe('и и');
    expect(fold('\u0915\u093F')).toBe('\u0915');
    expect(fold('x\u20DD')).toBe('x');
    expect(fold('İstanbul')).toBe('istanbul');
  });

  it('tells combining marks from other characters as Unicode does, for every code point', () => {
    const mark = /\p{M}/u;
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (isMark(cp) !== mark.test(String.fromCodePoint(cp))) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('drops zero-width and other invisible characters that split words', () => {
    expect(fold('non\u200B-pub\u200Dlic bit\u00ADcoin tele\uFEFFgram \u202Eabc')).toBe('non-public bitcoin telegram abc');
  });

  it('drops every code point Unicode calls default-ignorable, which a browser draws as nothing', () => {
    const ignorable = /\p{Default_Ignorable_Code_Point}/u;
    const kept: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (ignorable.test(ch) && fold(`a${ch}b`) !== 'ab') kept.push(cp.toString(16));
    }
    expect(kept).toEqual([]);
  });

  it('maps Cyrillic and Greek look-alike letters to Latin', () => {
    // "раy" with Cyrillic р and а; "Τеlеgrаm" with Greek Tau and Cyrillic е/а.
    expect(fold('\u0440\u0430y in crypto')).toBe('pay in crypto');
    expect(fold('\u03A4\u0435l\u0435gr\u0430m')).toBe('telegram');
  });

  it('maps the look-alikes "fancy text" tools offer to Latin: small capitals, Lisu, Armenian, Coptic, enclosed letters', () => {
    expect(fold('\u1D1B\u1D07\u029F\u1D07\u0262\u0280\u1D00\u1D0D \uA731\u1D1C')).toBe('telegram su');
    expect(fold('\uA4D4\uA4F0\uA4E1\uA4F0\uA4D6\uA4E3\uA4EE\uA4DF')).toBe('telegram');
    expect(fold('bitc\u0585in bitc\u2C9Fin bitco\u0269n \u03F2rypto')).toBe('bitcoin bitcoin bitcoin crypto');
    expect(fold('🅱🅸🆃🅲🅾🅸🅽 🄱🄸🅃 🅑🅘🅣 🇹🇪🇱🇪🇬🇷🇦🇲')).toBe('bitcoin bit bit telegram');
    // The symbols beside those runs of letters keep their own forms (squared HV, raised MC, squared WC, crossed P).
    expect(fold('\u{1F14A}\u{1F16A} \u{1F14F} \u{1F18A}')).toBe('hvmc wc \u{1F18A}');
  });

  it('folds the marks people type for an apostrophe', () => {
    expect(fold('don\u00B4t don\u02B9t don\u055At don\uA78Ct')).toBe("don't don't don't don't");
  });

  it('folds typographic quotes and hyphens to ASCII, and dashes between words to a space', () => {
    expect(fold('don’t — “insider”')).toBe(`don't "insider"`);
    expect(fold('e\u2011mail, face\u2010to\u2010face, 9\u20135, here\u2014there')).toBe('e-mail, face-to-face, 9 5, here there');
  });

  it('maps every normalised span back to the characters the user sees', () => {
    const original = 'Ｐａｙ in ₿ or 𝐁𝐓𝐂 — it’s  URGENT\u200B!\nCafé  Ｐаy';
    const norm = normalise(original);
    const t = tokenise(norm.text);
    for (let i = 0; i < t.count; i++) {
      const [s, e] = originalSpan(norm, t.starts[i]!, t.ends[i]!);
      expect(normalise(original.slice(s, e)).text.trim()).toBe(wordsOf(t)[i]);
    }
  });

  it('keeps offsets exact for plain ASCII text', () => {
    const original = 'Please  share the NON-PUBLIC   figures.';
    const norm = normalise(original);
    const at = norm.text.indexOf('non-public');
    const [s, e] = originalSpan(norm, at, at + 'non-public'.length);
    expect(original.slice(s, e)).toBe('NON-PUBLIC');
  });

  it('folds whitespace the same wherever runs of plain text start and end (generated texts)', () => {
    // Plain ASCII, spaces, tabs, line breaks and one typographic quote in random order; the
    // expected form is built the slow way: lower case, each whitespace run one space or one
    // line break (two for a blank line), none at either end.
    let seed = 11;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pieces = ['a', 'B', 'c', '.', ',', ' ', ' ', '  ', '\t', '\n', ' \n ', '\r\n', '\r', '\u2019', 'x y'];
    for (let k = 0; k < 2000; k++) {
      let text = '';
      const length = Math.floor(next() * 14);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const expected = text
        .replace(/\u2019/g, "'")
        .toLowerCase()
        .replace(/[ \t\r\n]+/g, (ws) => ['', '\n', '\n\n'][Math.min(2, ws.match(/\r\n|\r|\n/g)?.length ?? 0)] || ' ')
        .replace(/^[ \n]+|[ \n]+$/g, '');
      const norm = normalise(text);
      expect(norm.text, JSON.stringify(text)).toBe(expected);
      // Every character still maps back to the one it came from.
      for (let p = 0; p < norm.text.length; p++) {
        const [s, e] = originalSpan(norm, p, p + 1);
        if (norm.text[p] !== ' ' && norm.text[p] !== '\n') expect(normalise(text.slice(s, e)).text, JSON.stringify(text)).toBe(norm.text[p]);
      }
    }
  });

  it('maps the space or break written for a run of white space back to all of it', () => {
    const original = 'a \u200b\u00b7 b\n\n \nc';
    const norm = normalise(original);
    expect(norm.text).toBe('a b\n\nc');
    expect(originalSpan(norm, 1, 2)).toEqual([1, 5]);
    expect(originalSpan(norm, 3, 5)).toEqual([6, 10]);
  });

  it('returns an empty text for input that is only whitespace or invisible characters', () => {
    expect(fold(' \t\u200B\n ')).toBe('');
  });
});

describe('tokenise', () => {
  it('splits words at punctuation and keeps apostrophes inside words', () => {
    expect(wordsOf(tokenise(fold("Don't tell O'Connell; face-to-face.")))).toEqual(["don't", 'tell', "o'connell", 'face', 'to', 'face']);
  });

  it('starts a new sentence after a full stop, but not inside a decimal number', () => {
    const t = tokenise(fold('Pay 1.5 million. Then talk'));
    expect(wordsOf(t)).toEqual(['pay', '1.5', 'million', 'then', 'talk']);
    expect(wordsOf(t).map((_, i) => sentenceOf(t, i))).toEqual([0, 0, 0, 1, 1]);
  });

  it('notices four or more single letters one separator apart, and gives the separators', () => {
    const spaced = (s: string) => {
      const t = tokenise(fold(s));
      return t.spaced?.map((p) => t.text[p]).join('');
    };
    expect(spaced('Add me on T e l e g r a m today')).toBe('       ');
    expect(spaced('w.h.a.t.s-a_p*p')).toBe('....-_*');
    expect(spaced('t e l e gram')).toBe('   ');
    // Fewer than four, other separators, two separators, digits: nothing.
    for (const text of ['the U.S.A. and the E.U.', 'A, B, C, D', 'J. R. R. T. Tolkien', 'call 0 7 7 0 0 9 0', 'a b c', 'Plan A is a good plan']) {
      expect(spaced(text), text).toBeUndefined();
    }
    // Two runs, each taken on its own.
    const t = tokenise(fold('b i t c o i n or u s d t'));
    expect(t.spaced).toEqual([1, 3, 5, 7, 9, 11, 18, 20, 22]);
  });

  it('starts a new line, not a new sentence, at a line break; a blank line ends a sentence', () => {
    const t = tokenise(fold('Keep this\nbetween us\n\nThanks.\nBye'));
    expect(wordsOf(t)).toEqual(['keep', 'this', 'between', 'us', 'thanks', 'bye']);
    expect(wordsOf(t).map((_, i) => sentenceOf(t, i))).toEqual([0, 0, 0, 0, 1, 2]);
    // Tokens on one line have equal values; a line break or a sentence's end changes it.
    expect(new Set(t.sentence).size).toBe(4);
    expect(t.sentence[0]).toBe(t.sentence[1]);
    expect(t.sentence[1]).not.toBe(t.sentence[2]);
    expect(t.sentence[2]).toBe(t.sentence[3]);
  });

  it('keeps a number with thousands separators or a decimal point as one token, and nothing else', () => {
    expect(wordsOf(tokenise(fold('We pay $1,500 or £2,000.50 a report, 3,4 or 5. 1, 2 and 3.')))).toEqual([
      'we', 'pay', '1,500', 'or', '2,000.50', 'a', 'report', '3,4', 'or', '5', '1', '2', 'and', '3',
    ]);
  });

  it('cuts over-long runs so a blob of base64 cannot make a token of unbounded length', () => {
    const t = tokenise('x'.repeat(10_000));
    expect(t.count).toBe(1);
    expect(wordsOf(t)[0]!.length).toBe(64);
  });

  it('treats letters of other scripts as word characters', () => {
    expect(wordsOf(tokenise(fold('微信 联系')))).toEqual(['微信', '联系']);
  });
});

describe('word characters beyond ASCII', () => {
  it('are the letters and digits of Unicode, for every code point, surrogate pairs and lone surrogates included', () => {
    const word = /[\p{L}\p{N}]/u;
    const wrong: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      const expected = word.test(ch) ? ch.length : 0;
      if (wordWidth(ch, 0, ch.charCodeAt(0)) !== expected) wrong.push(cp.toString(16));
    }
    // A high surrogate at the end of the text, or before another high one, is no word.
    expect(wordWidth('\ud83d', 0, 0xd83d)).toBe(0);
    expect(wordWidth('\ud835\ud835', 0, 0xd835)).toBe(0);
    expect(wrong).toEqual([]);
  });

  it('split words at emoji, arrows and symbols, and join the letters of other scripts', () => {
    expect(wordsOf(tokenise('hi👋there → next ✅done'))).toEqual(['hi', 'there', 'next', 'done']);
    expect(wordsOf(tokenise('привет мир 你好 안녕 𝐁x'))).toEqual(['привет', 'мир', '你好', '안녕', '𝐁x']);
  });
});
