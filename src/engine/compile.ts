// compile(pack) once into a scorer; score(approach) many times. Compilation expands phrases,
// checks every expression, and builds one phrase index for all rules and known entities, so
// scoring is one pass over each message's words whatever the size of the pack.
import type { Combination, Entity, IndicatorConfig, Matcher, MatcherSource, Rule, RulePack, Thresholds } from '../pack/schema';
import { brokenEnglishFires, brokenEnglishSignals, C, GRAMMAR_WORDS, type GrammarSignal, type GrammarVocabulary } from './broken-english';
import { grammarVocabulary } from './broken-english-words';
import { memoised } from './memo';
import { findEmails, findUrls, hostOf, MAX_URL_LENGTH, type Unit } from './links';
import { fold, normalise, originalSpan, type NormalisedText } from './normalise';
import { buildLexicon } from './lexicon';
import { addPattern, compilePhrase, freezePhraseIndex, PhraseIndex, buildScanTables, trieWords, type PhrasePattern, type ScanTables } from './phrases';
import { analyseSafeRegex, compileSafeRegex } from './regex-safety';
import { tokenise, type Tokens } from './tokenise';
import type { Approach, Evidence, Hit, IndicatorId, Level, Surface, Verdict } from './types';

/** Bumped when the compiled form changes shape, so cached compiled packs are rebuilt. */
export const COMPILED_FORMAT = 5;

export const DEFAULT_THRESHOLDS: Thresholds = { low: 20, medium: 40, high: 70 };

/** LinkedIn caps a message at 8,000 characters; anything past 64 KB is not a message. */
export const MAX_SCORED_CHARS = 65_536;

const MAX_EVIDENCE_PER_HIT = 6;
const MAX_QUOTE = 200;

type Field = 'name' | 'headline' | 'company';
const FIELDS: Field[] = ['name', 'headline', 'company'];

type SourceMask = number;
const MASK: Record<MatcherSource, number> = { messages: 1, name: 2, headline: 4, company: 8 };
const maskOf = (sources: MatcherSource[] | undefined): SourceMask =>
  (sources ?? ['messages']).reduce((m, s) => m | MASK[s], 0);

export type CompiledMatcher =
  | { kind: 'terms'; term: number; mask: SourceMask }
  | { kind: 'near'; a: number; b: number; within: number; ordered: boolean; mask: SourceMask }
  | { kind: 'regex'; re: RegExp; unless?: RegExp; scope: 'token' | 'url' | 'host' | 'email'; minLength: number; maxLength: number }
  | { kind: 'profile'; cond: Extract<Matcher, { profile: unknown }>['profile'] }
  | { kind: 'entity'; mode: Extract<Matcher, { entity: unknown }>['entity'] }
  | { kind: 'heuristic'; minSignals: number };

export interface CompiledRule {
  id: string;
  indicator: IndicatorId;
  weight: number;
  weak: boolean;
  experimental: boolean;
  negationWindow: number;
  surfaces?: ReadonlySet<Surface>;
  any: CompiledMatcher[];
  all: CompiledMatcher[];
}

/** What each phrase term stands for: a rule's list, or a known entity's name. */
export type TermOwner =
  | { kind: 'rule' }
  | { kind: 'entity-name'; entity: number }
  | { kind: 'persona-org'; entity: number };

export interface CompileError {
  rule?: string;
  entity?: string;
  message: string;
}

export interface RuleInfo {
  id: string;
  indicator: IndicatorId;
  description: string;
  advice: string;
  references: string[];
  status: Rule['status'];
}

export interface EntityInfo {
  id: string;
  name: string;
  type: Entity['type'];
  flaggedBy: string;
  source: string;
  confidence: string;
}

export interface ScoreOptions {
  /** Reference time for "joined within N months"; defaults to now. */
  now?: number;
  /** Evaluate amplifier rules even when nothing else fired (rule examples, evaluation). */
  evaluateAll?: boolean;
  /**
   * The same approach's last verdict from this scorer, and what it was given then. When the
   * approach only gained messages that no rule can read anything in (see `quiet`), that verdict
   * is the answer, and the earlier messages are not evaluated again. A verdict this scorer did
   * not make, or made with `evaluateAll`, is never kept.
   */
  since?: Scored;
}

/** A verdict with the approach and the time it was scored for. */
export interface Scored {
  approach: Approach;
  verdict: Verdict;
  now: number;
}

export interface Scorer {
  readonly format: number;
  readonly packId: string;
  readonly packVersion: string;
  readonly thresholds: Thresholds;
  readonly indicators: Partial<Record<IndicatorId, IndicatorConfig>>;
  readonly rules: ReadonlyMap<string, RuleInfo>;
  readonly entities: readonly EntityInfo[];
  /** Rules and entities that could not be compiled and were skipped. */
  readonly errors: readonly CompileError[];
  score(approach: Approach, options?: ScoreOptions): Verdict;
}

/** Compiles one pack (already merged with its layers). Bad rules are skipped and reported. */
export interface CompileOptions {
  /** Remember analysed texts between calls (default). Off measures the cost of new text. */
  cacheTexts?: boolean;
}

export function compile(pack: RulePack, options: CompileOptions = {}): Scorer {
  const errors: CompileError[] = [];
  const index = new PhraseIndex();
  const owners: TermOwner[] = [];
  const newTerm = (owner: TermOwner) => owners.push(owner) - 1;

  const rules: CompiledRule[] = [];
  const ruleInfo = new Map<string, RuleInfo>();
  const disabled = new Set(pack.disable ?? []);
  for (const rule of pack.rules) {
    if (disabled.has(rule.id)) continue;
    if (ruleInfo.has(rule.id)) {
      errors.push({ rule: rule.id, message: 'duplicate rule id; the later rule was skipped' });
      continue;
    }
    // Compile into a scratch list first so a failure part-way leaves no half-built rule.
    const pending: PhrasePattern[] = [];
    try {
      const patterns = (phrases: string[], term: number) => {
        for (const p of phrases) pending.push(...compilePhrase(p, term));
      };
      const compileMatcher = (m: Matcher): CompiledMatcher => {
        if ('phrases' in m) {
          const term = newTerm({ kind: 'rule' });
          patterns(m.phrases, term);
          return { kind: 'terms', term, mask: maskOf(m.in) };
        }
        if ('near' in m) {
          const a = newTerm({ kind: 'rule' });
          const b = newTerm({ kind: 'rule' });
          patterns(m.near.a, a);
          patterns(m.near.b, b);
          return { kind: 'near', a, b, within: m.near.within, ordered: m.near.ordered ?? false, mask: maskOf(m.in) };
        }
        if ('regex' in m) {
          const safe = analyseSafeRegex(m.regex);
          // Whole-unit expressions cannot match units of the wrong length: skip those cheaply.
          const c: CompiledMatcher = {
            kind: 'regex',
            re: safe.re,
            scope: m.scope,
            minLength: safe.minLength,
            maxLength: safe.anchored ? safe.maxLength : Infinity,
          };
          if (m.unless) c.unless = compileSafeRegex(m.unless);
          return c;
        }
        if ('profile' in m) return { kind: 'profile', cond: m.profile };
        if ('entity' in m) return { kind: 'entity', mode: m.entity };
        return { kind: 'heuristic', minSignals: m.minSignals ?? 2 };
      };
      const compiled: CompiledRule = {
        id: rule.id,
        indicator: rule.indicator,
        weight: pack.reweight?.[rule.id] ?? rule.weight,
        weak: rule.weak ?? pack.indicators?.[rule.indicator]?.weak ?? false,
        experimental: rule.status === 'experimental',
        negationWindow: rule.negation === true ? 6 : rule.negation ? rule.negation.window : 0,
        any: (rule.any ?? []).map(compileMatcher),
        all: (rule.all ?? []).map(compileMatcher),
      };
      if (rule.surfaces) compiled.surfaces = new Set(rule.surfaces);
      for (const p of pending) addPattern(index, p);
      rules.push(compiled);
      ruleInfo.set(rule.id, {
        id: rule.id,
        indicator: rule.indicator,
        description: rule.description,
        advice: rule.advice,
        references: rule.references,
        status: rule.status,
      });
    } catch (e) {
      errors.push({ rule: rule.id, message: (e as Error).message });
    }
  }

  const entities: EntityInfo[] = [];
  const personaOrgTerms: number[][] = [];
  const entityText: boolean[] = [];
  const byProfile = new Map<string, number>();
  for (const e of pack.entities ?? []) {
    try {
      const k = entities.length;
      const nameTerm = newTerm({ kind: 'entity-name', entity: k });
      const names = [e.name, ...(e.aliases ?? [])].map(literalPhrase).flatMap((n) => compilePhrase(n, nameTerm));
      const orgTerm = e.organisations?.length ? newTerm({ kind: 'persona-org', entity: k }) : -1;
      const orgs = (e.organisations ?? []).map(literalPhrase).flatMap((n) => compilePhrase(n, orgTerm));
      for (const p of [...names, ...orgs]) addPattern(index, p);
      personaOrgTerms.push(orgTerm >= 0 ? [orgTerm] : []);
      entityText.push(e.matchInText !== false);
      for (const url of e.profileUrls ?? []) {
        const slug = profileSlug(url);
        if (slug) byProfile.set(slug, k);
        // Said, not dropped: a flagged profile that never matches is a list with a hole in it.
        else errors.push({ entity: e.id, message: `profile address ${url.slice(0, 200)} is not one the engine reads (https://www.linkedin.com/in/…): it is never matched` });
      }
      entities.push({ id: e.id, name: e.name, type: e.type, flaggedBy: e.flaggedBy, source: e.source, confidence: e.confidence });
    } catch (err) {
      errors.push({ entity: e.id, message: (err as Error).message });
    }
  }

  const thresholds = pack.thresholds ?? DEFAULT_THRESHOLDS;
  const indicators = pack.indicators ?? {};
  const isAmplifier = (r: CompiledRule) => (indicators[r.indicator]?.amplifier ? 1 : 0);
  rules.sort((a, b) => isAmplifier(a) - isAmplifier(b));
  const combinations = pack.combinations ?? [];
  const frozen = freezePhraseIndex(index);
  const grammar = grammarVocabulary();
  const model: Model = { index: frozen, tables: engineTables(frozen, grammar), cache: new AnalysisCache(options.cacheTexts === false ? 0 : CACHE_ENTRIES), grammar, owners, rules, entities, personaOrgTerms, entityText, byProfile, thresholds, indicators, combinations };
  return scorerFromModel(model, { packId: pack.id, packVersion: pack.version, ruleInfo, errors });
}

export interface ScorerMeta {
  packId: string;
  packVersion: string;
  ruleInfo: Map<string, RuleInfo>;
  errors: CompileError[];
}

// The compiled model behind each scorer, for the selfie (src/engine/selfie.ts).
const models = new WeakMap<Scorer, { model: Model; meta: ScorerMeta }>();

/** What scoring derives once from a model's rules. */
interface Plan {
  /**
   * Per rule: whether it has a gate, terms of which one at least must have hits for it to
   * fire. Such a rule is evaluated only when one of its terms opened it (`opens`) in this
   * score, which `stamp[rule] === round` records without clearing anything between scores.
   */
  gated: boolean[];
  /** Term → the gated rules its hits open. */
  opens: Map<number, number[]>;
  stamp: Int32Array;
  round: number;
  /** Per term, the hits of the score of that round (see scoreApproach). */
  termRound: Int32Array;
  termLists: Array<TermHit[] | undefined>;
  amplifier: boolean[];
  /** What a message needs to show for a rule to read anything in it besides phrases: see `quiet`. */
  shortestTokenRegex: number;
  urls: boolean;
  emails: boolean;
  heuristics: number[];
}

function planOf(model: Model): Plan {
  const termsOf = (m: CompiledMatcher) => (m.kind === 'terms' ? [m.term] : m.kind === 'near' ? [m.a] : undefined);
  const gate = (rule: CompiledRule): number[] | undefined => {
    for (const m of rule.all) {
      const terms = termsOf(m);
      if (terms) return terms;
    }
    const any: number[] = [];
    for (const m of rule.any) {
      const terms = termsOf(m);
      if (!terms) return undefined;
      any.push(...terms);
    }
    return any.length > 0 ? any : undefined;
  };
  const gates = model.rules.map(gate);
  const opens = new Map<number, number[]>();
  gates.forEach((terms, r) => {
    for (const term of new Set(terms)) {
      const list = opens.get(term);
      if (list) list.push(r);
      else opens.set(term, [r]);
    }
  });
  const matchers = model.rules.flatMap((r) => [...r.all, ...r.any]);
  let shortestTokenRegex = Infinity;
  for (const m of matchers) if (m.kind === 'regex' && m.scope === 'token') shortestTokenRegex = Math.min(shortestTokenRegex, m.minLength);
  return {
    shortestTokenRegex,
    urls: matchers.some((m) => m.kind === 'regex' && (m.scope === 'url' || m.scope === 'host')),
    emails: matchers.some((m) => m.kind === 'regex' && m.scope === 'email'),
    heuristics: matchers.flatMap((m) => (m.kind === 'heuristic' ? [m.minSignals] : [])),
    gated: gates.map((g) => g !== undefined),
    opens,
    stamp: new Int32Array(model.rules.length),
    round: 0,
    termRound: new Int32Array(model.owners.length),
    termLists: new Array<TermHit[] | undefined>(model.owners.length),
    amplifier: model.rules.map((r) => !!model.indicators[r.indicator]?.amplifier),
  };
}

export function scorerFromModel(model: Model, meta: ScorerMeta): Scorer {
  const plan = planOf(model);
  // The verdicts this scorer made for ordinary calls: the only ones `since` may keep.
  const made = new WeakSet<Verdict>();
  const scorer: Scorer = {
    format: COMPILED_FORMAT,
    packId: meta.packId,
    packVersion: meta.packVersion,
    thresholds: model.thresholds,
    indicators: model.indicators,
    rules: meta.ruleInfo,
    entities: model.entities,
    errors: meta.errors,
    score: (approach, options) => {
      const now = options?.now ?? Date.now();
      const evaluateAll = options?.evaluateAll ?? false;
      const since = options?.since;
      if (evaluateAll) return scoreApproach(model, plan, approach, meta.packVersion, now, true);
      if (since && made.has(since.verdict) && unchangedFor(model, plan, since, approach, now)) return since.verdict;
      const verdict = scoreApproach(model, plan, approach, meta.packVersion, now, false);
      made.add(verdict);
      return verdict;
    },
  };
  models.set(scorer, { model, meta });
  return scorer;
}

export function modelOf(scorer: Scorer): { model: Model; meta: ScorerMeta } | undefined {
  return models.get(scorer);
}

/** Entity names are literal: brackets and stars in a name are not phrase syntax. */
const literalPhrase = (s: string) => s.replace(/[()[\]{}*~|]/g, ' ');

/**
 * The `/in/<slug>` part of a LinkedIn profile URL, folded; undefined for anything else. Every
 * score of an approach asks again for the same sender's URL.
 */
export const profileSlug = memoised(1000, (url: string) => readSlug(url));

function readSlug(url: string): string | undefined {
  const m = /linkedin\.com\/in\/([^/?#\s]+)/i.exec(url);
  if (!m) return undefined;
  let slug = m[1]!;
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // keep the raw slug
  }
  return fold(slug);
}

/** The scan's tables; besides the trie's words, the words the scorer compares tokens with. */
export function engineTables(index: PhraseIndex, grammar: GrammarVocabulary): ScanTables {
  const extra = [...GRAMMAR_WORDS, ...grammar.classes.keys()];
  for (const list of grammar.calques.values()) for (const calque of list) extra.push(...calque);
  return buildScanTables(index, buildLexicon(trieWords(index, extra)), grammar.classes);
}

export interface Model {
  index: PhraseIndex;
  tables: ScanTables;
  cache: AnalysisCache;
  grammar: GrammarVocabulary;
  owners: TermOwner[];
  rules: CompiledRule[];
  entities: EntityInfo[];
  personaOrgTerms: number[][];
  entityText: boolean[];
  byProfile: Map<string, number>;
  thresholds: Thresholds;
  indicators: Partial<Record<IndicatorId, IndicatorConfig>>;
  combinations: Combination[];
}

/**
 * What one text yields whatever approach it belongs to: normalised form, words, phrase hits,
 * and (computed on demand) links, addresses and grammar signals. Remembered per scorer, so a
 * thread that gains one message costs one message of work, not the whole thread again.
 */
interface Analysis {
  original: string;
  norm: NormalisedText;
  tokens: Tokens;
  /** Phrase hits as (term, first token, last token) triples. */
  hits: number[];
  urls?: Unit[];
  emails?: Unit[];
  grammar?: GrammarSignal[];
}

interface Source {
  /** Message index, or -1 for a sender field. */
  message: number;
  field?: Field;
  mask: SourceMask;
  original: string;
  norm: NormalisedText;
  tokens: Tokens;
  analysis: Analysis;
}

const CACHE_ENTRIES = 2000;
const CACHE_CHARS = 4_000_000;

/** Recently analysed texts, oldest first (a Map keeps insertion order). */
export class AnalysisCache {
  private entries = new Map<string, Analysis>();
  private chars = 0;

  constructor(private readonly limit = CACHE_ENTRIES) {}

  get(text: string, make: () => Analysis): Analysis {
    const found = this.entries.get(text);
    if (found) {
      this.entries.delete(text);
      this.entries.set(text, found);
      return found;
    }
    const made = make();
    if (this.limit === 0) return made;
    this.entries.set(text, made);
    this.chars += text.length;
    for (const [key] of this.entries) {
      if (this.entries.size <= this.limit && this.chars <= CACHE_CHARS) break;
      this.entries.delete(key);
      this.chars -= key.length;
    }
    return made;
  }
}

interface TermHit {
  src: number;
  first: number;
  last: number;
}

function analyse(model: Model, original: string, message: number, field?: Field): Source {
  const text = original.length > MAX_SCORED_CHARS ? original.slice(0, MAX_SCORED_CHARS) : original;
  const analysis = model.cache.get(text, () => {
    let norm = normalise(text);
    let tokens = tokenise(norm.text, model.tables.lexicon);
    // Letters spaced out to slip past a filter ("T e l e g r a m") are read as the word.
    if (tokens.spaced) {
      norm = normalise(withSpacedLettersJoined(text, norm, tokens.spaced));
      tokens = tokenise(norm.text, model.tables.lexicon);
    }
    const hits: number[] = [];
    model.index.scan(norm.text, tokens, hits, model.tables);
    return { original: text, norm, tokens, hits };
  });
  const src: Source = { message, mask: field ? MASK[field] : MASK.messages, original: text, norm: analysis.norm, tokens: analysis.tokens, analysis };
  if (field) src.field = field;
  return src;
}

/**
 * `text` with the separators of its spaced letters (`spaced`, offsets into `norm`) replaced by
 * invisible characters, which normalising drops: one for one, so every offset still points into
 * the text the user sees. In a run of letters (its separators two apart), a gap wider than the
 * run's narrowest is a space between words ("M E  O N  T E L E G R A M") and stays.
 */
function withSpacedLettersJoined(text: string, norm: NormalisedText, spaced: readonly number[]): string {
  const units = text.split('');
  const spans = spaced.map((p) => originalSpan(norm, p, p + 1));
  for (let k = 0; k < spans.length; ) {
    let j = k + 1;
    while (j < spans.length && spaced[j] === spaced[j - 1]! + 2) j++;
    const narrowest = Math.min(...spans.slice(k, j).map(([s, e]) => e - s));
    for (; k < j; k++) if (spans[k]![1] - spans[k]![0] === narrowest) units.fill('\u200b', ...spans[k]!);
  }
  return units.join('');
}

/**
 * Whether `approach` is `since.approach` with messages added after the last one, in none of
 * which any rule can read anything, in the same calendar month (for "joined within N months"):
 * then every rule fires as it did, with the same evidence.
 */
function unchangedFor(model: Model, plan: Plan, since: Scored, approach: Approach, now: number): boolean {
  const before = since.approach;
  const month = (t: number) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth();
  if (month(since.now) !== month(now)) return false;
  if (before.id !== approach.id || before.surface !== approach.surface || !before.platformWarning !== !approach.platformWarning) return false;
  // Every field of either sender, so that one set to undefined cannot hide another that appeared.
  const a = before.sender as Record<string, unknown>;
  const b = approach.sender as Record<string, unknown>;
  for (const key of [...Object.keys(a), ...Object.keys(b)]) if (a[key] !== b[key]) return false;
  const old = before.messages;
  const messages = approach.messages;
  if (messages.length < old.length) return false;
  for (let i = 0; i < old.length; i++) if (old[i]!.text !== messages[i]!.text || !old[i]!.fromSelf !== !messages[i]!.fromSelf) return false;
  for (let i = old.length; i < messages.length; i++) {
    const m = messages[i]!;
    if (!m.fromSelf && m.text && !quiet(model, plan, analyse(model, m.text, i).analysis)) return false;
  }
  return true;
}

/**
 * Whether no rule can read anything in a message with this analysis: no phrase of the pack,
 * no word long enough for a word pattern, no link or address where a rule looks for them, and
 * too few grammar signals for the heuristic.
 */
function quiet(model: Model, plan: Plan, a: Analysis): boolean {
  if (a.hits.length > 0 || a.tokens.longest >= plan.shortestTokenRegex) return false;
  if (plan.urls && urlsOf(a).length > 0) return false;
  if (plan.emails && emailsOf(a).length > 0) return false;
  if (plan.heuristics.length === 0) return true;
  const grammar = grammarOf(model, a);
  return plan.heuristics.every((min) => !brokenEnglishFires(grammar, a.tokens.count, min));
}

// What a text's analysis computes only when a rule asks for it, once.
const urlsOf = (a: Analysis): Unit[] => (a.urls ??= findUrls(a.norm.text));
const emailsOf = (a: Analysis): Unit[] => (a.emails ??= findEmails(a.norm.text));
const grammarOf = (model: Model, a: Analysis): GrammarSignal[] =>
  (a.grammar ??= brokenEnglishSignals(model.grammar, a.original, a.norm, a.tokens, model.tables.classes));

function evidenceFor(src: Source, normStart: number, normEnd: number): Evidence {
  const [start, end] = originalSpan(src.norm, normStart, normEnd);
  const quote = src.original.slice(start, Math.min(end, start + MAX_QUOTE));
  const ev: Evidence = { message: src.message, start, end, quote };
  if (src.field) ev.field = src.field;
  return ev;
}

const tokenEvidence = (src: Source, first: number, last: number) =>
  evidenceFor(src, src.tokens.starts[first]!, src.tokens.ends[last]!);

function scoreApproach(model: Model, plan: Plan, approach: Approach, packVersion: string, now: number, evaluateAll: boolean): Verdict {
  const sources: Source[] = [];
  approach.messages.forEach((m, i) => {
    if (!m.fromSelf && m.text) sources.push(analyse(model, m.text, i));
  });
  for (const f of FIELDS) {
    const v = approach.sender[f];
    if (v) sources.push(analyse(model, v, -1, f));
  }

  const hits = gatherHits(plan, sources);
  const { round, stamp } = plan;

  const ctx: EvalContext = { model, approach, sources, hits, now };
  const fired: Hit[] = [];
  const strongIndicators = new Set<IndicatorId>();
  // Amplifier rules (broken English) add weight only beside another cue, so they are
  // evaluated last and only when some other indicator fired.
  let primaryFired = false;
  const rules = model.rules;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    // Most rules need a phrase that is not in the text at all: skip them at once.
    if (plan.gated[r] && stamp[r] !== round) continue;
    if (rule.surfaces && !rule.surfaces.has(approach.surface)) continue;
    if (plan.amplifier[r] && !primaryFired && !evaluateAll) continue;
    const evidence = evaluateRule(ctx, rule);
    if (!evidence) continue;
    const hit: Hit = { rule: rule.id, indicator: rule.indicator, weight: rule.weight, evidence: dedupe(evidence) };
    if (rule.experimental) hit.experimental = true;
    const ent = ctx.lastEntity;
    if (ent !== undefined) hit.entity = model.entities[ent]!;
    if (!rule.weak && !rule.experimental) strongIndicators.add(rule.indicator);
    if (!rule.experimental && !plan.amplifier[r]) primaryFired = true;
    fired.push(hit);
  }
  return finish(model, fired, strongIndicators, packVersion);
}

/**
 * The score's phrase hits by term, kept in the plan's tables stamped with a new round: nothing the
 * size of the pack's terms is made or cleared per score (a pack of 10,000 known names has as
 * many). The first hit of a term also stamps the rules gated on it (see Plan).
 */
function gatherHits(plan: Plan, sources: readonly Source[]): TermHits {
  if (plan.round === 0x7fffffff) {
    plan.stamp.fill(0);
    plan.termRound.fill(0);
    plan.round = 0;
  }
  const round = ++plan.round;
  const { stamp, opens, termRound, termLists } = plan;
  const terms: number[] = [];
  for (let s = 0; s < sources.length; s++) {
    const triples = sources[s]!.analysis.hits;
    for (let k = 0; k < triples.length; k += 3) {
      const term = triples[k]!;
      const h = { src: s, first: triples[k + 1]!, last: triples[k + 2]! };
      if (termRound[term] === round) {
        termLists[term]!.push(h);
        continue;
      }
      termRound[term] = round;
      termLists[term] = [h];
      terms.push(term);
      const opened = opens.get(term);
      if (opened !== undefined) for (let j = 0; j < opened.length; j++) stamp[opened[j]!] = round;
    }
  }
  return { terms, get: (term) => (termRound[term] === round ? termLists[term] : undefined) };
}

/** A score's phrase hits by term. */
interface TermHits {
  /** The terms with hits, in the order of their first. */
  terms: number[];
  get(term: number): TermHit[] | undefined;
}

interface EvalContext {
  model: Model;
  approach: Approach;
  sources: Source[];
  hits: TermHits;
  now: number;
  /** The entity behind the last entity matcher that fired, for the explanation. */
  lastEntity?: number;
  /** Hits of known entities' names and organisations, collected once per score. */
  entityHits?: { names: Array<{ k: number; h: TermHit }>; orgs: Array<{ k: number; h: TermHit }> };
}

function evaluateRule(ctx: EvalContext, rule: CompiledRule): Evidence[] | undefined {
  ctx.lastEntity = undefined;
  const evidence: Evidence[] = [];
  for (const m of rule.all) {
    const ev = evaluateMatcher(ctx, rule, m);
    if (ev.length === 0) return undefined;
    evidence.push(...ev);
  }
  if (rule.any.length > 0) {
    let anyFired = false;
    for (const m of rule.any) {
      const ev = evaluateMatcher(ctx, rule, m);
      if (ev.length > 0) {
        anyFired = true;
        evidence.push(...ev);
        if (evidence.length >= MAX_EVIDENCE_PER_HIT) break;
      }
    }
    if (!anyFired) return undefined;
  }
  return evidence;
}

/** Whether a negator ("not", "never", "without"…, a class of the vocabulary) comes shortly before token `first`. */
function negated(src: Source, first: number, window: number, classes: Int32Array): boolean {
  const t = src.tokens;
  const text = src.norm.text;
  const classOf = (k: number) => t.classOf(k, classes);
  for (let k = first - 1; k >= 0 && k >= first - window; k--) {
    // Not past its sentence or line ("No pressure⏎Our client pays…").
    if (t.sentence[k] !== t.sentence[first]) return false;
    // Nor past its clause: "Nothing heavy, our client pays…", "No offence, but keep this between us".
    for (let i = t.ends[k]!; i < t.starts[k + 1]!; i++) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 58 || c === 59) return false;
    }
    const c = classOf(k);
    if (c & C.clause) return false;
    // "Don't hesitate to message me on WhatsApp", "No problem, add me on WhatsApp": a courtesy
    // negates nothing, or the commonest ones become easy evasions.
    if ((c & C.negator) === 0 || classOf(k + 1) & C.courtesy) continue;
    if (t.word(k) === 'no') {
      const after = src.norm.text[t.ends[k]!];
      if (after === ',' || after === '!' || classOf(k + 1) & C.notAfterNo) continue;
    }
    return true;
  }
  return false;
}

/** The hits of `term` that count for `rule`: in the sources it reads and not negated; at most `limit`. */
function termHits(ctx: EvalContext, rule: CompiledRule, term: number, mask: SourceMask, limit = Infinity): TermHit[] {
  const list = ctx.hits.get(term);
  if (!list) return [];
  const out: TermHit[] = [];
  for (const h of list) {
    const src = ctx.sources[h.src]!;
    if ((src.mask & mask) === 0 || (rule.negationWindow > 0 && negated(src, h.first, rule.negationWindow, ctx.model.tables.classes))) continue;
    out.push(h);
    if (out.length >= limit) break;
  }
  return out;
}

function evaluateMatcher(ctx: EvalContext, rule: CompiledRule, m: CompiledMatcher): Evidence[] {
  switch (m.kind) {
    case 'terms':
      return termHits(ctx, rule, m.term, m.mask, MAX_EVIDENCE_PER_HIT).map((h) => tokenEvidence(ctx.sources[h.src]!, h.first, h.last));
    case 'near': {
      const as = termHits(ctx, rule, m.a, m.mask);
      if (as.length === 0) return [];
      const bs = termHits(ctx, rule, m.b, m.mask);
      for (const a of as)
        for (const b of bs) {
          if (a.src !== b.src) continue;
          const gap = b.first > a.last ? b.first - a.last - 1 : a.first > b.last ? a.first - b.last - 1 : 0;
          if (gap > m.within || (m.ordered && b.first <= a.last)) continue;
          const src = ctx.sources[a.src]!;
          return [tokenEvidence(src, a.first, a.last), tokenEvidence(src, b.first, b.last)];
        }
      return [];
    }
    case 'regex':
      return regexEvidence(ctx, m);
    case 'profile':
      return profileEvidence(ctx, m.cond);
    case 'entity':
      return entityEvidence(ctx, m.mode);
    case 'heuristic': {
      const out: Evidence[] = [];
      for (const src of ctx.sources) {
        if (src.message < 0) continue;
        const grammar = grammarOf(ctx.model, src.analysis);
        if (brokenEnglishFires(grammar, src.tokens.count, m.minSignals))
          for (const g of grammar.slice(0, MAX_EVIDENCE_PER_HIT)) out.push(tokenEvidence(src, g.first, g.last));
      }
      return out;
    }
  }
}

function regexEvidence(ctx: EvalContext, m: Extract<CompiledMatcher, { kind: 'regex' }>): Evidence[] {
  const { scope, unless } = m;
  // `unless` names what is genuine (linkedin.com); a unit written with letters folded to get
  // there (a Cyrillic "і" in lіnkedin.com) is not it.
  // (`folded` is asked only of a unit both expressions match.)
  const test = (v: string, folded = () => false) => m.re.test(v) && !(unless?.test(v) && !folded());
  const out: Evidence[] = [];
  for (const src of ctx.sources) {
    if (src.message < 0) continue;
    if (scope === 'token') {
      const t = src.tokens;
      // Most messages have no word long enough for an address-like expression: skip them whole.
      if (t.longest < m.minLength) continue;
      for (let i = 0; i < t.count && out.length < MAX_EVIDENCE_PER_HIT; i++) {
        const length = t.ends[i]! - t.starts[i]!;
        if (length >= m.minLength && length <= m.maxLength && test(t.word(i))) out.push(tokenEvidence(src, i, i));
      }
      continue;
    }
    const a = src.analysis;
    const units = scope === 'email' ? emailsOf(a) : urlsOf(a);
    for (const u of units) {
      const host = hostOf(u.value);
      const value = scope === 'host' ? host : u.value.slice(0, MAX_URL_LENGTH);
      // The host as the sender wrote it (a path may hold any letters).
      const at = u.start + u.value.indexOf(host);
      if (test(value, () => /[^\0-\x7f]/.test(src.original.slice(...originalSpan(src.norm, at, at + host.length))))) out.push(evidenceFor(src, u.start, u.end));
      if (out.length >= MAX_EVIDENCE_PER_HIT) break;
    }
  }
  return out;
}

const profileQuote = (quote: string): Evidence => ({ message: -1, start: 0, end: quote.length, quote, field: 'profile' });

function monthsSince(joined: string, now: number): number | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(joined);
  if (!m) return undefined;
  const d = new Date(now);
  return (d.getUTCFullYear() - Number(m[1])) * 12 + (d.getUTCMonth() + 1 - Number(m[2]));
}

function profileEvidence(ctx: EvalContext, cond: Extract<CompiledMatcher, { kind: 'profile' }>['cond']): Evidence[] {
  const s = ctx.approach.sender;
  const out: Evidence[] = [];
  if (cond.connectionsBelow !== undefined) {
    if (s.connections === undefined || s.connections >= cond.connectionsBelow) return [];
    out.push(profileQuote(`${s.connections} connection${s.connections === 1 ? '' : 's'}`));
  }
  if (cond.followersBelow !== undefined) {
    if (s.followers === undefined || s.followers >= cond.followersBelow) return [];
    out.push(profileQuote(`${s.followers} follower${s.followers === 1 ? '' : 's'}`));
  }
  if (cond.hasPhoto !== undefined) {
    if (s.hasPhoto !== cond.hasPhoto) return [];
    out.push(profileQuote(s.hasPhoto ? 'has a profile photo' : 'no profile photo'));
  }
  if (cond.verified !== undefined) {
    if (s.verified !== cond.verified) return [];
    out.push(profileQuote(s.verified ? 'verified' : 'no verification'));
  }
  if (cond.joinedWithinMonths !== undefined) {
    const months = s.joined ? monthsSince(s.joined, ctx.now) : undefined;
    if (months === undefined || months > cond.joinedWithinMonths) return [];
    out.push(profileQuote(`joined ${s.joined}`));
  }
  if (cond.companyMissing !== undefined) {
    const missing = !s.company?.trim();
    if (missing !== cond.companyMissing) return [];
    out.push(profileQuote(missing ? 'no company named' : `company: ${s.company}`));
  }
  if (cond.platformWarning !== undefined) {
    if ((ctx.approach.platformWarning ?? false) !== cond.platformWarning) return [];
    out.push(profileQuote('LinkedIn labelled this message as possibly unwanted or harmful'));
  }
  return out;
}

function entityEvidence(ctx: EvalContext, mode: Extract<CompiledMatcher, { kind: 'entity' }>['mode']): Evidence[] {
  const { model } = ctx;
  if (mode === 'profile-url') {
    const url = ctx.approach.sender.profileUrl;
    const slug = url ? profileSlug(url) : undefined;
    const k = slug === undefined ? undefined : model.byProfile.get(slug);
    if (k === undefined || !url) return [];
    ctx.lastEntity = k;
    return [{ message: -1, start: 0, end: url.length, quote: url.slice(0, MAX_QUOTE), field: 'profileUrl' }];
  }
  // Entity name hits, where and for which entity: the same for every entity rule of a score.
  if (!ctx.entityHits) {
    const names: Array<{ k: number; h: TermHit }> = [];
    const orgs: Array<{ k: number; h: TermHit }> = [];
    for (const term of ctx.hits.terms) {
      const owner = model.owners[term]!;
      if (owner.kind === 'rule') continue;
      for (const h of ctx.hits.get(term)!) (owner.kind === 'entity-name' ? names : orgs).push({ k: owner.entity, h });
    }
    ctx.entityHits = { names, orgs };
  }
  const { names: nameHits, orgs: orgHits } = ctx.entityHits;
  const src = (h: TermHit) => ctx.sources[h.src]!;
  const inFields = (h: TermHit) => src(h).message < 0;
  const ev = (x: { h: TermHit }) => tokenEvidence(src(x.h), x.h.first, x.h.last);
  const type = (k: number) => model.entities[k]!.type;

  // An organisation's name counts where it may be read: in sender fields, and in messages only
  // when its entry says so (a short or common name, "Move HR", is not read in what people write).
  const orgNames = nameHits.filter((x) => type(x.k) === 'organisation' && (inFields(x.h) || model.entityText[x.k]));
  if (mode === 'organisation') {
    if (orgNames.length === 0) return [];
    ctx.lastEntity = orgNames[0]!.k;
    return orgNames.slice(0, MAX_EVIDENCE_PER_HIT).map(ev);
  }
  const personas = nameHits.filter((x) => type(x.k) === 'persona');
  const inName = personas.filter((x) => src(x.h).field === 'name');
  if (mode === 'name') {
    const found = [...inName, ...personas.filter((x) => src(x.h).message >= 0 && model.entityText[x.k])];
    if (found.length === 0) return [];
    ctx.lastEntity = found[0]!.k;
    return found.slice(0, MAX_EVIDENCE_PER_HIT).map(ev);
  }
  // name-with-organisation: the persona's name on the sender, with an organisation it used
  // (its own claimed ones, or any flagged organisation) anywhere in the approach.
  for (const p of inName) {
    const own = orgHits.find((o) => o.k === p.k);
    const flaggedOrg = orgNames[0];
    const org = own ?? flaggedOrg;
    if (org) {
      ctx.lastEntity = p.k;
      return [ev(p), ev(org)];
    }
  }
  return [];
}

/** Drops repeated evidence; the lists are a few items long, so pairwise checks beat string keys. */
function dedupe(evidence: Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  for (const e of evidence) {
    if (out.some((o) => o.message === e.message && o.field === e.field && o.start === e.start && o.end === e.end && o.quote === e.quote)) continue;
    out.push(e);
    if (out.length >= MAX_EVIDENCE_PER_HIT) break;
  }
  return out;
}

/** Adds up the hits: caps per indicator, amplifiers, combination bonuses, the weak-cue rule. */
function finish(model: Model, fired: Hit[], strongIndicators: ReadonlySet<IndicatorId>, packVersion: string): Verdict {
  // The weight of each indicator that fired, in the order they first did: a handful at most,
  // so plain arrays searched in place beat a map and the arrays made from it.
  const present: IndicatorId[] = [];
  const weights: number[] = [];
  for (const h of fired) {
    if (h.experimental) continue;
    const k = present.indexOf(h.indicator);
    if (k < 0) {
      present.push(h.indicator);
      weights.push(h.weight);
    } else weights[k]! += h.weight;
  }
  // Only indicators with weight count as present.
  for (let k = present.length - 1; k >= 0; k--) {
    if (weights[k]! > 0) continue;
    present.splice(k, 1);
    weights.splice(k, 1);
  }
  const conf = (id: IndicatorId) => model.indicators[id];
  let primaries = 0;
  for (const id of present) if (!conf(id)?.amplifier) primaries++;

  let score = 0;
  let counted = 0;
  let onlyCounted: IndicatorId | undefined;
  for (let k = 0; k < present.length; k++) {
    const id = present[k]!;
    const c = conf(id);
    // An amplifier counts only beside a cue of another kind.
    if (c?.amplifier && primaries === 0) continue;
    score += Math.min(weights[k]!, c?.cap ?? 100);
    counted++;
    onlyCounted = id;
  }
  for (const combo of model.combinations) {
    const [a, b] = combo.when;
    const k = present.indexOf(a);
    if (k < 0 || weights[k]! < (combo.min ?? 1)) continue;
    const other = b === '*' ? present.some((id) => id !== a && !conf(id)?.amplifier) : present.includes(b);
    if (other) score += combo.bonus;
  }
  // One weak cue alone never flags (DESIGN: "Scoring"): an indicator is weak here when only
  // its weak rules fired.
  if (counted === 1 && !strongIndicators.has(onlyCounted!)) score = Math.min(score, model.thresholds.medium - 1);
  if (primaries === 0) score = Math.min(score, model.thresholds.low - 1);
  score = Math.max(0, Math.min(100, Math.round(score)));

  const t = model.thresholds;
  const level: Level = score >= t.high ? 'high' : score >= t.medium ? 'medium' : score >= t.low ? 'low' : 'none';
  // Rule ids are ASCII: a plain comparison is exact, and avoids localeCompare's slow first call.
  fired.sort((x, y) => Number(!!x.experimental) - Number(!!y.experimental) || y.weight - x.weight || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0));
  return { score, level, hits: fired, packVersion };
}
