// A heuristic for "poor grammar in a message claiming a professional sender" (MI5: a Commons
// researcher was sent a job offer "written in broken English"). It looks for errors a native
// or careful writer rarely makes and a spell-checker does not catch: agreement ("this message
// find you"), a missing article ("I am recruiter"), uncountable plurals ("informations"),
// calques ("discuss about", "contact with me"), shouting. Non-native writing is ordinary and
// legitimate, so the pack treats this indicator as an amplifier: it never flags on its own.
import { originalSpan, type NormalisedText } from './normalise';
import type { Tokens } from './tokenise';

export interface GrammarSignal {
  kind: string;
  /** Strong signals count 2, weak ones 1. */
  strength: 1 | 2;
  first: number;
  last: number;
}

// Each word's classes as bits, so the scan makes one map lookup per word.
export const C = {
  singularSubject: 1 << 0,
  bareVerbContext: 1 << 1,
  demonstrativeNoun: 1 << 2,
  demonstrativeVerb: 1 << 3,
  baseVerb: 1 << 4,
  pluralSubject: 1 << 5,
  singularVerb: 1 << 6,
  be: 1 << 7,
  bareAfterBe: 1 << 8,
  roleNoun: 1 << 9,
  uncountablePlural: 1 << 10,
  quantifier: 1 << 11,
  singularCountable: 1 << 12,
  capitalisedCommon: 1 << 13,
  calqueStart: 1 << 14,
  misspelling: 1 << 15,
  bareSubject: 1 << 16,
  subjectVerb: 1 << 17,
  english: 1 << 18,
  demonstrative: 1 << 19,
  article: 1 << 20,
  // Not the heuristic's: the scorer's negation, kept in the same table of word classes.
  negator: 1 << 21,
  /** Words after which "no" negates nothing ("no problem", "no rush"). */
  notAfterNo: 1 << 22,
  /** The second word of some calque: a calque start is looked up only before one. */
  calqueSecond: 1 << 23,
  /** Words after which any negator negates nothing: courtesies ("don't hesitate", "do not worry"). */
  courtesy: 1 << 24,
  /** Words that start a clause of their own, where a negation before them stops ("no offence, but"). */
  clause: 1 << 25,
} as const;

/**
 * Words the checks compare a neighbour with beyond its classes. The lexicon must hold them
 * (the engine adds them), since an unknown neighbour is never compared.
 */
export const GRAMMAR_WORDS = ['do', 'are', 'was', 'if', 'we'];

/**
 * Classes that start a check of their own (every bit below `english`, and `demonstrative`);
 * most words have only `english`, or none.
 */
const CHECKED = (C.english - 1) | C.demonstrative;

/** ASCII letters, digits and underscore. */
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

const ACRONYM_OK = /^(I|OK|UK|US|EU|CEO|HR|MP|MPS|NDA|USD|GBP)$/;

/**
 * The heuristic's word knowledge, compiled into the rule engine's model (and its selfie) so a
 * page restores it as data instead of carrying the word lists in code.
 */
export interface GrammarVocabulary {
  /** Word → bits of C. */
  classes: Map<string, number>;
  /** First word → the calques starting with it. */
  calques: Map<string, string[][]>;
}

/**
 * `t` is read with a lexicon holding the vocabulary's words (the engine's, see engineTables),
 * and `classes` gives the bits of C of each lexicon id.
 */
export function brokenEnglishSignals(vocab: GrammarVocabulary, original: string, norm: NormalisedText, t: Tokens, classes: Int32Array): GrammarSignal[] {
  const CALQUES = vocab.calques;
  const out: GrammarSignal[] = [];
  /** A signal over tokens first to last (the next one, unless said). */
  const add = (kind: string, strength: 1 | 2, first: number, last = first + 1) => out.push({ kind, strength, first, last });
  const n = t.count;
  const sentence = t.sentence;
  const ids = t.ids;
  /** Token i's classes; 0 for an unknown word or no token. */
  const classOf = (i: number) => {
    const id = i >= 0 && i < n ? ids[i]! : -1;
    return id >= 0 ? classes[id]! : 0;
  };
  // A neighbour's text, when it can be one of the words compared with (GRAMMAR_WORDS and
  // the calques' words, all in the lexicon).
  const word = (i: number) => t.known(i);
  let english = 0;
  const orig = (i: number) => original.slice(...originalSpan(norm, t.starts[i]!, t.ends[i]!));
  const same = (a: number, b: number) => b < n && a >= 0 && sentence[a] === sentence[b];
  const has = (i: number, bit: number) => (classOf(i) & bit) !== 0;
  // Shouting needs each token's original case; skip the work when there are no capitals in a row.
  const mayShout = /[A-Z]{2}/.test(original);
  let capsRun = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const c = id >= 0 ? classes[id]! : 0;
    if (c & C.english) english++;
    // Most words have no class but "common English": only the article and shouting checks
    // below concern them.
    if ((c & CHECKED) !== 0) {
      // Every word compared with `w` here has classes, so it is in the lexicon: no new string.
      const w = t.word(i);
      if (c & C.singularSubject && same(i, i + 1) && has(i + 1, C.baseVerb) && word(i + 1) !== 'do' && word(i + 1) !== 'are' && !has(i - 1, C.bareVerbContext))
        add('agreement', 2, i);
      if (c & C.demonstrative && has(i + 1, C.demonstrativeNoun) && same(i, i + 2) && has(i + 2, C.demonstrativeVerb))
        add('agreement', 2, i, i + 2);
      if (c & C.pluralSubject && same(i, i + 1) && has(i + 1, C.singularVerb) && !(w === 'i' && word(i + 1) === 'was') && word(i - 1) !== 'if')
        add('agreement', 2, i);
      if (c & C.be && same(i, i + 1) && has(i + 1, C.bareAfterBe)) add('verb-form', 2, i);
      if ((w === 'am' || w === "i'm" || (w === 'are' && word(i - 1) === 'we')) && same(i, i + 1) && has(i + 1, C.roleNoun))
        add('missing-article', 2, i);
      if (c & C.uncountablePlural) add('uncountable-plural', 2, i, i);
      if (c & C.misspelling) add('misspelling', 1, i, i);
      if (c & C.bareSubject && (i === 0 || !same(i - 1, i)) && same(i, i + 1) && has(i + 1, C.subjectVerb))
        add('missing-article', 1, i);
      if (c & C.quantifier && same(i, i + 1) && has(i + 1, C.singularCountable)) add('number-agreement', 2, i);
      // Every calque has a second word, of its own class.
      if (c & C.calqueStart && same(i, i + 1) && has(i + 1, C.calqueSecond)) {
        for (const calque of CALQUES.get(w)!) {
          let k = 1;
          while (k < calque.length && same(i, i + k) && word(i + k) === calque[k]) k++;
          if (k === calque.length) add('calque', 2, i, i + k - 1);
        }
      }
      // A common noun capitalised mid-sentence ("a face-to-face Interview in China").
      if (c & C.capitalisedCommon && i > 0 && same(i - 1, i)) {
        const nextOrig = same(i, i + 1) ? orig(i + 1) : '';
        if (/^[A-Z][a-z]/.test(orig(i)) && /^[a-z]/.test(orig(i - 1)) && !/^[A-Z]/.test(nextOrig))
          add('capitalisation', 1, i, i);
      }
    }
    if (c & C.article && same(i, i + 1)) {
      const next = t.word(i + 1);
      if (/^[aeio][a-z]/.test(next) && !/^(one|once|eu)/.test(next)) {
        const orig1 = orig(i + 1);
        const acronym = orig1.length <= 4 && orig1 === orig1.toUpperCase();
        // "(a) option" is a list marker; "Plan A is" uses A as a name.
        const listMarker = norm.text[t.ends[i]!] === ')' || (orig(i) === 'A' && i > 0 && same(i - 1, i));
        if (!acronym && !listMarker) add('article', 1, i);
      }
    }
    // Shouting: four or more words in capitals in a row.
    if (mayShout) {
      const o = orig(i);
      if (o.length >= 2 && /^[A-Z]+$/.test(o) && !ACRONYM_OK.test(o)) {
        capsRun++;
        if (capsRun === 4) add('shouting', 1, i - 3, i);
      } else capsRun = 0;
    }
  }
  // Text with few common English words is in another language, where these checks mean
  // nothing. Counted in the same pass: the signals found meanwhile are dropped.
  if (n === 0 || english / n < 0.12) return [];
  // Space before a comma or full stop ("Hello , we have"), after a word character and not
  // followed by a full stop. Searching for the rare character, not for the space, lets the
  // native search skip most of the text.
  const text = norm.text;
  let comma = text.indexOf(',');
  let stop = text.indexOf('.');
  while (comma >= 0 || stop >= 0) {
    const p = stop < 0 || (comma >= 0 && comma < stop) ? comma : stop;
    if (p === comma) comma = text.indexOf(',', p + 1);
    else stop = text.indexOf('.', p + 1);
    if (!(p > 1 && text[p - 1] === ' ' && isWordChar(text.charCodeAt(p - 2)) && text[p + 1] !== '.')) continue;
    // The token the space follows: the last one starting before it.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.starts[mid]! < p - 1) lo = mid;
      else hi = mid - 1;
    }
    add('spacing', 1, lo, lo);
    if (out.length > 50) break;
  }
  return out;
}

/** Points needed to fire: two for short messages, more as the message grows. */
export function brokenEnglishFires(signals: GrammarSignal[], words: number, minSignals = 2): boolean {
  const points = signals.reduce((s, x) => s + x.strength, 0);
  return points >= minSignals + Math.floor(words / 150);
}
