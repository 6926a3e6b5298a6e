// A compiled pack as plain JSON (uBlock Origin calls this a "selfie"): the background compiles
// and checks a pack once, stores this, and every LinkedIn tab restores it instead of compiling
// on the page's main thread. It holds only what scoring reads (see TrieJson). Tagged with
// COMPILED_FORMAT so a stored selfie from an older build is recompiled, never misread.
import type { Combination, IndicatorConfig, Thresholds } from '../pack/schema';
import {
  AnalysisCache,
  COMPILED_FORMAT,
  modelOf,
  scorerFromModel,
  type CompiledMatcher,
  type CompiledRule,
  type CompileError,
  type EntityInfo,
  type Model,
  type RuleInfo,
  type Scorer,
  type TermOwner,
} from './compile';
import { lexiconFromJson, lexiconToJson, malformedPack, type LexiconJson } from './lexicon';
import { MAX_GAP, PhraseIndex, scanTables, TrieNode, WordSteps, wordStepsToJson, type WordStepsJson } from './phrases';
import type { GrammarVocabulary } from './broken-english';
import type { IndicatorId, Surface } from './types';

/**
 * The trie as a scan needs it, in columns rather than an object per node: a LinkedIn tab restores
 * a few thousand nodes on every page load, and every object it is handed is work for the page's
 * garbage collector. Node 0 is the root. Word children are found in the word steps (WordSteps),
 * so only the root lists its own (for the scan's first steps) and the other nodes that have some
 * are named. What only compiling reads (word-set keys, a node's own word) is left out.
 */
interface TrieJson {
  /** How many nodes. */
  size: number;
  /** The root's word children. */
  root: Array<[string, number[]]>;
  /** The other nodes with word children. */
  words: number[];
  /** For each node with terms: its number, how many, then the terms. */
  terms: number[];
  /** [node, prefix, child] */
  prefix: Array<[number, string, number]>;
  /** [node, child] for a number step; [node, child, 1] for an amount of money. */
  numbers: Array<[number, number] | [number, number, 1]>;
  /** [node, words the gap may take, child], in the node's order. */
  gaps: Array<[number, number, number]>;
}

/** A restored node's word children: in the word steps, never in a map of its own. */
const IN_WORD_STEPS: ReadonlyMap<string, TrieNode[]> = new Map();

type MatcherJson =
  | Exclude<CompiledMatcher, { kind: 'regex' }>
  | { kind: 'regex'; re: string; unless?: string; scope: 'token' | 'url' | 'host' | 'email'; minLength: number; maxLength: number | null };

interface RuleJson extends Omit<CompiledRule, 'surfaces' | 'any' | 'all'> {
  surfaces?: Surface[];
  any: MatcherJson[];
  all: MatcherJson[];
}

export interface Selfie {
  format: number;
  packId: string;
  packVersion: string;
  trie: TrieJson;
  owners: TermOwner[];
  rules: RuleJson[];
  ruleInfo: RuleInfo[];
  entities: EntityInfo[];
  personaOrgTerms: number[][];
  entityText: boolean[];
  profiles: Array<[string, number]>;
  thresholds: Thresholds;
  indicators: Partial<Record<IndicatorId, IndicatorConfig>>;
  combinations: Combination[];
  errors: CompileError[];
  grammar: { classes: Array<[string, number]>; calques: Array<[string, string[][]]> };
  lexicon: LexiconJson;
  steps: WordStepsJson;
}

export function toSelfie(scorer: Scorer): Selfie {
  const found = modelOf(scorer);
  if (!found) throw new Error('this scorer was not built by compile()');
  const { model, meta } = found;
  // The nodes in the word steps' numbering, so the steps travel as they are.
  const order = model.tables.steps.nodes;
  const ids = new Map<TrieNode, number>();
  order.forEach((node, k) => ids.set(node, k));
  const at = (node: TrieNode) => ids.get(node)!;
  const trie: TrieJson = { size: order.length, root: [], words: [], terms: [], prefix: [], numbers: [], gaps: [] };
  order.forEach((node, k) => {
    if (node.terms) trie.terms.push(k, node.terms.length, ...node.terms);
    // The root is node 0 (trieNodes lists it first).
    if (node.next && k === 0) trie.root = [...node.next].map(([w, list]) => [w, list.map(at)]);
    else if (node.next) trie.words.push(k);
    for (const [p, child] of node.prefix ?? []) trie.prefix.push([k, p, at(child)]);
    if (node.num) trie.numbers.push([k, at(node.num)]);
    if (node.money) trie.numbers.push([k, at(node.money), 1]);
    for (const [n, child] of node.gaps ?? []) trie.gaps.push([k, n, at(child)]);
  });
  const matcherJson = (m: CompiledMatcher): MatcherJson =>
    m.kind === 'regex'
      ? { kind: 'regex', re: m.re.source, ...(m.unless ? { unless: m.unless.source } : {}), scope: m.scope, minLength: m.minLength, maxLength: Number.isFinite(m.maxLength) ? m.maxLength : null }
      : m;
  return {
    format: COMPILED_FORMAT,
    packId: meta.packId,
    packVersion: meta.packVersion,
    trie,
    owners: model.owners,
    rules: model.rules.map((r) => {
      const { surfaces, any, all, ...rest } = r;
      return { ...rest, ...(surfaces ? { surfaces: [...surfaces] } : {}), any: any.map(matcherJson), all: all.map(matcherJson) };
    }),
    ruleInfo: [...meta.ruleInfo.values()],
    entities: model.entities,
    personaOrgTerms: model.personaOrgTerms,
    entityText: model.entityText,
    profiles: [...model.byProfile],
    thresholds: model.thresholds,
    indicators: model.indicators,
    combinations: model.combinations,
    errors: meta.errors,
    grammar: grammarJson(model.grammar),
    lexicon: lexiconToJson(model.tables.lexicon),
    steps: wordStepsToJson(model.tables.steps),
  };
}

/** The engine's own word classes as a selfie holds them. */
export const grammarJson = (grammar: GrammarVocabulary): Selfie['grammar'] => ({ classes: [...grammar.classes], calques: [...grammar.calques] });

/** Rebuilds a scorer; throws when the selfie is from another compiled format or malformed. */
export function fromSelfie(selfie: Selfie): Scorer {
  if (!selfie || selfie.format !== COMPILED_FORMAT) throw new Error(`compiled pack format ${selfie?.format} is not ${COMPILED_FORMAT}`);
  // Anything out of place (a node that is not there, a count past the end, a gap wider than the
  // phrase syntax allows, which a scan would loop over) refuses the whole pack.
  const malformed = () => malformedPack('trie');
  const trie = selfie.trie;
  const size = trie?.size;
  if (!(size > 0 && size <= 10_000_000)) throw malformed();
  const nodes = Array.from({ length: size }, () => new TrieNode());
  const at = (k: number) => {
    // Only a node: not a property every array has ("length", "__proto__").
    const n = nodes[k];
    if (!(n instanceof TrieNode)) throw malformed();
    return n;
  };
  for (const k of trie.words) at(k).next = IN_WORD_STEPS as Map<string, TrieNode[]>;
  // After the others: the root's own words are never left to the word steps alone.
  nodes[0]!.next = new Map(trie.root.map(([w, list]) => [w, list.map(at)]));
  const { terms } = trie;
  for (let i = 0; i < terms.length; ) {
    const node = at(terms[i]!);
    const end = i + 2 + terms[i + 1]!;
    if (!(end > i + 1 && end <= terms.length)) throw malformed();
    node.terms = terms.slice(i + 2, (i = end));
  }
  for (const [k, p, c] of trie.prefix) {
    const node = at(k);
    (node.prefix ??= new Map()).set(p, at(c));
    const lengths = (node.prefixLengths ??= []);
    if (!lengths.includes(p.length)) {
      lengths.push(p.length);
      lengths.sort((a, b) => a - b);
    }
  }
  for (const [k, c, money] of trie.numbers) at(k)[money ? 'money' : 'num'] = at(c);
  for (const [k, n, c] of trie.gaps) {
    if (!(n >= 1 && n <= MAX_GAP)) throw malformed();
    (at(k).gaps ??= new Map()).set(n, at(c));
  }
  const matcher = (m: MatcherJson): CompiledMatcher =>
    m.kind === 'regex'
      ? {
          kind: 'regex',
          re: new RegExp(m.re, 'u'),
          ...(m.unless ? { unless: new RegExp(m.unless, 'u') } : {}),
          scope: m.scope,
          minLength: m.minLength,
          maxLength: m.maxLength ?? Infinity,
        }
      : m;
  const rules: CompiledRule[] = selfie.rules.map((r) => {
    const { surfaces, any, all, ...rest } = r;
    const rule: CompiledRule = { ...rest, any: any.map(matcher), all: all.map(matcher) };
    if (surfaces) rule.surfaces = new Set(surfaces);
    return rule;
  });
  const index = new PhraseIndex(nodes[0], true);
  const grammar = { classes: new Map(selfie.grammar.classes), calques: new Map(selfie.grammar.calques) };
  const lexicon = lexiconFromJson(selfie.lexicon);
  const model: Model = {
    index,
    tables: scanTables(index, lexicon, grammar.classes, WordSteps.restore(nodes, selfie.steps)),
    cache: new AnalysisCache(),
    grammar,
    owners: selfie.owners,
    rules,
    entities: selfie.entities,
    personaOrgTerms: selfie.personaOrgTerms,
    entityText: selfie.entityText,
    byProfile: new Map(selfie.profiles),
    thresholds: selfie.thresholds,
    indicators: selfie.indicators,
    combinations: selfie.combinations,
  };
  return scorerFromModel(model, {
    packId: selfie.packId,
    packVersion: selfie.packVersion,
    ruleInfo: new Map(selfie.ruleInfo.map((r) => [r.id, r])),
    errors: selfie.errors,
  });
}
