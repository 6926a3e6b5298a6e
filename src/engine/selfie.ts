// A compiled pack as plain JSON (uBlock Origin calls this a "selfie"): the background compiles
// and checks a pack once, stores this, and every LinkedIn tab restores it instead of compiling
// on the page's main thread. It holds only what scoring reads (see NodeJson). Tagged with
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
import { lexiconFromJson, lexiconToJson, type LexiconJson } from './lexicon';
import { PhraseIndex, scanTables, TrieNode, WordSteps, wordStepsToJson, type WordStepsJson } from './phrases';
import type { IndicatorId, Surface } from './types';

/**
 * A trie node as a scan needs it. Word children are found in the word steps (WordSteps), so only
 * the root lists its own (`n`, for the scan's first steps); any other node says it has some
 * (`w`). What only compiling reads (word-set keys, a node's own word) is left out: a LinkedIn tab
 * restores a few thousand nodes on every page load, and every object it is handed costs the
 * page's garbage collector.
 */
interface NodeJson {
  n?: Array<[string, number[]]>;
  w?: 1;
  p?: Array<[string, number]>;
  num?: number;
  money?: number;
  g?: Array<[number, number]>;
  t?: number[];
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
  nodes: NodeJson[];
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
  const nodes = order.map((node, k): NodeJson => {
    const json: NodeJson = {};
    if (node.terms) json.t = [...node.terms];
    // The root is node 0 (trieNodes lists it first).
    if (node.next && k === 0) json.n = [...node.next].map(([w, list]) => [w, list.map(at)]);
    else if (node.next) json.w = 1;
    if (node.prefix) json.p = [...node.prefix].map(([k, child]) => [k, at(child)]);
    if (node.num) json.num = at(node.num);
    if (node.money) json.money = at(node.money);
    if (node.gaps) json.g = [...node.gaps].map(([n, child]) => [n, at(child)]);
    return json;
  });
  const matcherJson = (m: CompiledMatcher): MatcherJson =>
    m.kind === 'regex'
      ? { kind: 'regex', re: m.re.source, ...(m.unless ? { unless: m.unless.source } : {}), scope: m.scope, minLength: m.minLength, maxLength: Number.isFinite(m.maxLength) ? m.maxLength : null }
      : m;
  return {
    format: COMPILED_FORMAT,
    packId: meta.packId,
    packVersion: meta.packVersion,
    nodes,
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
    grammar: { classes: [...model.grammar.classes], calques: [...model.grammar.calques] },
    lexicon: lexiconToJson(model.tables.lexicon),
    steps: wordStepsToJson(model.tables.steps),
  };
}

/** Rebuilds a scorer; throws when the selfie is from another compiled format or malformed. */
export function fromSelfie(selfie: Selfie): Scorer {
  if (!selfie || selfie.format !== COMPILED_FORMAT) throw new Error(`compiled pack format ${selfie?.format} is not ${COMPILED_FORMAT}`);
  const nodes = selfie.nodes.map(() => new TrieNode());
  selfie.nodes.forEach((json, i) => {
    const node = nodes[i]!;
    const at = (k: number) => {
      const n = nodes[k];
      if (!n) throw new Error(`compiled pack refers to missing node ${k}`);
      return n;
    };
    if (json.t) node.terms = json.t;
    if (json.n) node.next = new Map(json.n.map(([w, list]) => [w, list.map(at)]));
    else if (json.w === 1) node.next = IN_WORD_STEPS as Map<string, TrieNode[]>;
    if (json.p) {
      node.prefix = new Map(json.p.map(([k, c]) => [k, at(c)]));
      node.prefixLengths = [...new Set(json.p.map(([k]) => k.length))].sort((a, b) => a - b);
    }
    if (json.num !== undefined) node.num = at(json.num);
    if (json.money !== undefined) node.money = at(json.money);
    if (json.g) node.gaps = new Map(json.g.map(([n, c]) => [n, at(c)]));
  });
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
