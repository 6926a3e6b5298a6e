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
const ROLE_PRONOUN_PREFIX = set('a an');

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

const at = (t: Tokens, i: number) => (i >= 0 && i < t.count ? t.words[i]! : '');
const sameSentence = (t: Tokens, a: number, b: number) => t.sentence[a] === t.sentence[b];

// The commonest English words: text with few of them is in another language, where these
// English-grammar checks mean nothing.
const ENGLISH_FUNCTION_WORDS = set('the and to of a in you is for we your i with that this are be on our will have it as at');

export function looksEnglish(t: Tokens): boolean {
  let hits = 0;
  for (let i = 0; i < t.count; i++) if (ENGLISH_FUNCTION_WORDS.has(t.words[i]!)) hits++;
  return t.count > 0 && hits / t.count >= 0.12;
}

export function brokenEnglishSignals(original: string, norm: NormalisedText, t: Tokens): GrammarSignal[] {
  const out: GrammarSignal[] = [];
  if (!looksEnglish(t)) return out;
  const orig = (i: number) => original.slice(...originalSpan(norm, t.starts[i]!, t.ends[i]!));
  // Shouting needs each token's original case; skip the work when there are no capitals in a row.
  const mayShout = /[A-Z]{2}/.test(original);
  let capsRun = 0;
  for (let i = 0; i < t.count; i++) {
    const w = t.words[i]!;
    const next = at(t, i + 1);
    const next2 = at(t, i + 2);
    const inSentence = (k: number) => i + k < t.count && sameSentence(t, i, i + k);

    if (SINGULAR_SUBJECTS.has(w) && inSentence(1) && BASE_VERBS.has(next) && next !== 'do' && next !== 'are' && !BARE_VERB_CONTEXT.has(at(t, i - 1)))
      out.push({ kind: 'agreement', strength: 2, first: i, last: i + 1 });
    if ((w === 'this' || w === 'that') && DEMONSTRATIVE_NOUNS.has(next) && inSentence(2) && DEMONSTRATIVE_VERBS.has(next2))
      out.push({ kind: 'agreement', strength: 2, first: i, last: i + 2 });
    if (PLURAL_SUBJECTS.has(w) && inSentence(1) && SINGULAR_VERBS.has(next) && !(w === 'i' && next === 'was') && at(t, i - 1) !== 'if')
      out.push({ kind: 'agreement', strength: 2, first: i, last: i + 1 });
    if (BE_FORMS.has(w) && inSentence(1) && BARE_AFTER_BE.has(next))
      out.push({ kind: 'verb-form', strength: 2, first: i, last: i + 1 });
    if ((w === 'am' || w === "i'm" || (w === 'are' && at(t, i - 1) === 'we')) && inSentence(1) && ROLE_NOUNS.has(next))
      out.push({ kind: 'missing-article', strength: 2, first: i, last: i + 1 });
    if (UNCOUNTABLE_PLURALS.has(w)) out.push({ kind: 'uncountable-plural', strength: 2, first: i, last: i });
    if (MISSPELLINGS.has(w)) out.push({ kind: 'misspelling', strength: 1, first: i, last: i });
    if (BARE_SUBJECTS.has(w) && (i === 0 || !sameSentence(t, i - 1, i)) && inSentence(1) && SUBJECT_VERBS.has(next))
      out.push({ kind: 'missing-article', strength: 1, first: i, last: i + 1 });
    if (QUANTIFIERS.has(w) && inSentence(1) && SINGULAR_COUNTABLE.has(next))
      out.push({ kind: 'number-agreement', strength: 2, first: i, last: i + 1 });
    if (ROLE_PRONOUN_PREFIX.has(w) && inSentence(1)) {
      const vowel = /^[aeio]/.test(next) && !/^(one|once|eu)/.test(next);
      const orig1 = orig(i + 1);
      const acronym = orig1.length <= 4 && orig1 === orig1.toUpperCase();
      const listMarker = norm.text[t.ends[i]!] === ')' || (orig(i) === 'A' && i > 0 && sameSentence(t, i - 1, i));
      if (w === 'a' && vowel && !acronym && !listMarker && /^[a-z]/.test(next))
        out.push({ kind: 'article', strength: 1, first: i, last: i + 1 });
    }
    for (const calque of CALQUES.get(w) ?? []) {
      let k = 1;
      while (k < calque.length && inSentence(k) && at(t, i + k) === calque[k]) k++;
      if (k === calque.length) out.push({ kind: 'calque', strength: 2, first: i, last: i + k - 1 });
    }
    // A common noun capitalised mid-sentence ("a face-to-face Interview in China").
    if (CAPITALISED_COMMON.has(w) && i > 0 && sameSentence(t, i - 1, i)) {
      const o = orig(i);
      const prev = orig(i - 1);
      const nextOrig = i + 1 < t.count && sameSentence(t, i, i + 1) ? orig(i + 1) : '';
      if (/^[A-Z][a-z]/.test(o) && /^[a-z]/.test(prev) && !/^[A-Z]/.test(nextOrig))
        out.push({ kind: 'capitalisation', strength: 1, first: i, last: i });
    }
    // Shouting: four or more words in capitals in a row.
    if (mayShout) {
      const o = orig(i);
      if (o.length >= 2 && /^[A-Z]+$/.test(o) && !/^(I|OK|UK|US|EU|CEO|HR|MP|MPS|NDA|USD|GBP)$/.test(o)) {
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
    let hi = t.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.starts[mid]! <= m.index) lo = mid;
      else hi = mid - 1;
    }
    if (t.count > 0) out.push({ kind: 'spacing', strength: 1, first: lo, last: lo });
    if (out.length > 50) break;
  }
  return out;
}

/** Points needed to fire: two for short messages, more as the message grows. */
export function brokenEnglishFires(signals: GrammarSignal[], words: number, minSignals = 2): boolean {
  const points = signals.reduce((s, x) => s + x.strength, 0);
  return points >= minSignals + Math.floor(words / 150);
}
