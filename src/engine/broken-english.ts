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

const set = (s: string) => new Set(s.split(' '));

const SINGULAR_SUBJECTS = set('he she it');
// Before these, a subject takes the bare verb ("does it have", "make it look").
const BARE_VERB_CONTEXT = set(
  "does did do can could will would should may might must shall let make made help see watch hear have had doesn't didn't won't can't wouldn't couldn't shouldn't",
);
const DEMONSTRATIVE_NOUNS = set('message letter email mail job position role opportunity project');
const DEMONSTRATIVE_VERBS = set('find have require need want give include make seem look provide');
const BASE_VERBS = set(
  'have do are were find make want need require offer provide look seem hope wish include give send invite know',
);
const PLURAL_SUBJECTS = set('we they you i');
const SINGULAR_VERBS = set('has is was does');
const BE_FORMS = set("am are is i'm we're");
const BARE_AFTER_BE = set('offer provide invite write inform send give want recommend');
const ROLE_NOUNS = set(
  'recruiter headhunter manager director consultant student company representative researcher professor specialist investor agent',
);
const UNCOUNTABLE_PLURALS = set('informations advices equipments furnitures feedbacks knowledges softwares stuffs luggages');
const QUANTIFIERS = set('many several various few two three four five');
const SINGULAR_COUNTABLE = set('opportunity candidate expert');
const CAPITALISED_COMMON = set(
  'interview position salary opportunity cooperation travel meeting payment fee hotel',
);

/** Word sequences that are calques or stock phrases of mass-produced approaches. */
const CALQUE_LIST: string[][] = [
  'do the needful', 'revert back', 'your good self', 'look forward to hear', 'looking forward to hear',
  'contact with me', 'contact with us', 'discuss about', 'return back', 'in the nearest future',
  'on this moment', 'am interesting in', 'are interesting in', 'very interesting in', 'we are please',
  'i am please', 'kindly revert', 'kindly email', 'kindly reply', 'kindly contact', 'kindly send',
  'kindly get back', 'dear friend', 'hope this message find', 'hope this mail find',
  'sincerely invite', 'sincerely inviting', 'sincerely invites',
  // Eggcorns and grammar slips no professional writer leaves in a recruiting message.
  'up your ally', 'should of', 'would of', 'could of', 'for all intensive purposes', 'could care less',
].map((s) => s.split(' '));
// Common misspellings; one point each.
const MISSPELLINGS = set('alot definately recieve recieved seperate untill occured accomodation adress oppurtunity opportunitys sucessful buisness enviroment');
// A bare singular noun opening a sentence as its subject ("company will pay the travel fee").
const BARE_SUBJECTS = set('company client position job salary interview');
const SUBJECT_VERBS = set('will is has can would needs offers pays');
const CALQUES = new Map<string, string[][]>();
for (const c of CALQUE_LIST) CALQUES.set(c[0]!, [...(CALQUES.get(c[0]!) ?? []), c]);

// Each word's classes as bits, so the scan makes one map lookup per word.
const C = {
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
} as const;

const CLASSES = new Map<string, number>();
const addClass = (words: Iterable<string>, bit: number) => {
  for (const w of words) CLASSES.set(w, (CLASSES.get(w) ?? 0) | bit);
};
addClass(SINGULAR_SUBJECTS, C.singularSubject);
addClass(BARE_VERB_CONTEXT, C.bareVerbContext);
addClass(DEMONSTRATIVE_NOUNS, C.demonstrativeNoun);
addClass(DEMONSTRATIVE_VERBS, C.demonstrativeVerb);
addClass(BASE_VERBS, C.baseVerb);
addClass(PLURAL_SUBJECTS, C.pluralSubject);
addClass(SINGULAR_VERBS, C.singularVerb);
addClass(BE_FORMS, C.be);
addClass(BARE_AFTER_BE, C.bareAfterBe);
addClass(ROLE_NOUNS, C.roleNoun);
addClass(UNCOUNTABLE_PLURALS, C.uncountablePlural);
addClass(QUANTIFIERS, C.quantifier);
addClass(SINGULAR_COUNTABLE, C.singularCountable);
addClass(CAPITALISED_COMMON, C.capitalisedCommon);
addClass(CALQUES.keys(), C.calqueStart);
addClass(MISSPELLINGS, C.misspelling);
addClass(BARE_SUBJECTS, C.bareSubject);
addClass(SUBJECT_VERBS, C.subjectVerb);

// The commonest English words: text with few of them is in another language, where these
// English-grammar checks mean nothing.
addClass('the and to of a in you is for we your i with that this are be on our will have it as at'.split(' '), C.english);

const ACRONYM_OK = /^(I|OK|UK|US|EU|CEO|HR|MP|MPS|NDA|USD|GBP)$/;

export function looksEnglish(t: Tokens): boolean {
  let hits = 0;
  for (let i = 0; i < t.count; i++) if ((CLASSES.get(t.words[i]!) ?? 0) & C.english) hits++;
  return t.count > 0 && hits / t.count >= 0.12;
}

export function brokenEnglishSignals(original: string, norm: NormalisedText, t: Tokens): GrammarSignal[] {
  const out: GrammarSignal[] = [];
  const n = t.count;
  const words = t.words;
  const sentence = t.sentence;
  const cls = new Array<number>(n);
  let english = 0;
  for (let i = 0; i < n; i++) {
    const c = CLASSES.get(words[i]!) ?? 0;
    cls[i] = c;
    if (c & C.english) english++;
  }
  if (n === 0 || english / n < 0.12) return out;
  const orig = (i: number) => original.slice(...originalSpan(norm, t.starts[i]!, t.ends[i]!));
  const same = (a: number, b: number) => b < n && a >= 0 && sentence[a] === sentence[b];
  const has = (i: number, bit: number) => i >= 0 && i < n && (cls[i]! & bit) !== 0;
  // Shouting needs each token's original case; skip the work when there are no capitals in a row.
  const mayShout = /[A-Z]{2}/.test(original);
  let capsRun = 0;
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    const w = words[i]!;
    if (c !== 0) {
      if (c & C.singularSubject && same(i, i + 1) && has(i + 1, C.baseVerb) && words[i + 1] !== 'do' && words[i + 1] !== 'are' && !has(i - 1, C.bareVerbContext))
        out.push({ kind: 'agreement', strength: 2, first: i, last: i + 1 });
      if ((w === 'this' || w === 'that') && has(i + 1, C.demonstrativeNoun) && same(i, i + 2) && has(i + 2, C.demonstrativeVerb))
        out.push({ kind: 'agreement', strength: 2, first: i, last: i + 2 });
      if (c & C.pluralSubject && same(i, i + 1) && has(i + 1, C.singularVerb) && !(w === 'i' && words[i + 1] === 'was') && words[i - 1] !== 'if')
        out.push({ kind: 'agreement', strength: 2, first: i, last: i + 1 });
      if (c & C.be && same(i, i + 1) && has(i + 1, C.bareAfterBe)) out.push({ kind: 'verb-form', strength: 2, first: i, last: i + 1 });
      if ((w === 'am' || w === "i'm" || (w === 'are' && words[i - 1] === 'we')) && same(i, i + 1) && has(i + 1, C.roleNoun))
        out.push({ kind: 'missing-article', strength: 2, first: i, last: i + 1 });
      if (c & C.uncountablePlural) out.push({ kind: 'uncountable-plural', strength: 2, first: i, last: i });
      if (c & C.misspelling) out.push({ kind: 'misspelling', strength: 1, first: i, last: i });
      if (c & C.bareSubject && (i === 0 || !same(i - 1, i)) && same(i, i + 1) && has(i + 1, C.subjectVerb))
        out.push({ kind: 'missing-article', strength: 1, first: i, last: i + 1 });
      if (c & C.quantifier && same(i, i + 1) && has(i + 1, C.singularCountable)) out.push({ kind: 'number-agreement', strength: 2, first: i, last: i + 1 });
      if (c & C.calqueStart) {
        for (const calque of CALQUES.get(w)!) {
          let k = 1;
          while (k < calque.length && same(i, i + k) && words[i + k] === calque[k]) k++;
          if (k === calque.length) out.push({ kind: 'calque', strength: 2, first: i, last: i + k - 1 });
        }
      }
      // A common noun capitalised mid-sentence ("a face-to-face Interview in China").
      if (c & C.capitalisedCommon && i > 0 && same(i - 1, i)) {
        const nextOrig = same(i, i + 1) ? orig(i + 1) : '';
        if (/^[A-Z][a-z]/.test(orig(i)) && /^[a-z]/.test(orig(i - 1)) && !/^[A-Z]/.test(nextOrig))
          out.push({ kind: 'capitalisation', strength: 1, first: i, last: i });
      }
    }
    if (w === 'a' && same(i, i + 1)) {
      const next = words[i + 1]!;
      if (/^[aeio][a-z]/.test(next) && !/^(one|once|eu)/.test(next)) {
        const orig1 = orig(i + 1);
        const acronym = orig1.length <= 4 && orig1 === orig1.toUpperCase();
        // "(a) option" is a list marker; "Plan A is" uses A as a name.
        const listMarker = norm.text[t.ends[i]!] === ')' || (orig(i) === 'A' && i > 0 && same(i - 1, i));
        if (!acronym && !listMarker) out.push({ kind: 'article', strength: 1, first: i, last: i + 1 });
      }
    }
    // Shouting: four or more words in capitals in a row.
    if (mayShout) {
      const o = orig(i);
      if (o.length >= 2 && /^[A-Z]+$/.test(o) && !ACRONYM_OK.test(o)) {
        capsRun++;
        if (capsRun === 4) out.push({ kind: 'shouting', strength: 1, first: i - 3, last: i });
      } else capsRun = 0;
    }
  }
  // Space before a comma or full stop ("Hello , we have").
  const spaced = /\w ([,.])(?!\.)/g;
  let m: RegExpExecArray | null;
  while ((m = spaced.exec(norm.text))) {
    // The token the space follows: the last one starting at or before the match.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.starts[mid]! <= m.index) lo = mid;
      else hi = mid - 1;
    }
    out.push({ kind: 'spacing', strength: 1, first: lo, last: lo });
    if (out.length > 50) break;
  }
  return out;
}

/** Points needed to fire: two for short messages, more as the message grows. */
export function brokenEnglishFires(signals: GrammarSignal[], words: number, minSignals = 2): boolean {
  const points = signals.reduce((s, x) => s + x.strength, 0);
  return points >= minSignals + Math.floor(words / 150);
}
