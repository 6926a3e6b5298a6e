// The broken-English heuristic's vocabulary: word classes and calques. Used when a pack is
// compiled; LinkedIn tabs receive the result inside the compiled pack.
import { C, type GrammarVocabulary } from './broken-english';

export function grammarVocabulary(): GrammarVocabulary {
  // Built inside the function: module-level word lists would be kept by every bundle that
  // imports the compiler, including the content script, which never calls it.
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

  const classes = new Map<string, number>();
  const addClass = (list: Iterable<string>, bit: number) => {
    for (const w of list) classes.set(w, (classes.get(w) ?? 0) | bit);
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
  addClass(CALQUE_LIST.map((c) => c[1]!), C.calqueSecond);
  addClass(MISSPELLINGS, C.misspelling);
  addClass(BARE_SUBJECTS, C.bareSubject);
  addClass(SUBJECT_VERBS, C.subjectVerb);

  // The commonest English words: text with few of them is in another language, where these
  // English-grammar checks mean nothing.
  addClass(['this', 'that'], C.demonstrative);
  // The scorer's negation: a rule with `negation` does not fire on "we do not pay for reports".
  addClass(
    [
      'no', 'not', 'never', 'nor', 'without', 'none', 'nobody', 'neither', 'cannot', "can't", 'cant',
      "don't", 'dont', "won't", 'wont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt',
      "aren't", 'arent', "wasn't", 'wasnt', "shouldn't", "wouldn't", "mustn't", 'nothing', 'avoid',
      // A firm's own rules: "our terms forbid sharing non-public information".
      'forbid', 'forbids', 'forbidden', 'prohibit', 'prohibits', 'prohibited',
    ],
    C.negator,
  );
  // Words after which "no" negates nothing ("no problem"), and after which no negator does: the
  // courtesies "don't hesitate", "do not worry", "don't forget", "can't wait" (but "we never
  // pressure you" does).
  addClass(['problem', 'problems', 'worries', 'worry', 'rush', 'hurry', 'doubt', 'pressure', 'matter', 'question'], C.notAfterNo);
  addClass(['hesitate', 'worry', 'forget', 'wait'], C.courtesy);
  addClass(['but'], C.clause);
  addClass(['a'], C.article);
  addClass('the and to of a in you is for we your i with that this are be on our will have it as at'.split(' '), C.english);
  return { classes, calques: CALQUES };
}
