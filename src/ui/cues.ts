// Turns a verdict's hits into what a person reads: one cue per indicator, with the words that
// fired and the rules' own explanation and advice (STYLE 9: rule metadata feeds the UI).
import { INDICATOR_IDS, type IndicatorId } from '../engine/types';

export interface RuleText {
  description: string;
  advice: string;
  references: readonly string[];
}

export interface IndicatorText {
  title: string;
  summary: string;
}

/** The texts a pack provides for its rules and indicators. */
export interface PackTexts {
  rules: ReadonlyMap<string, RuleText>;
  indicators: Partial<Record<IndicatorId, IndicatorText>>;
  /**
   * The sources the pack's flagged entities cite. A hit names its entity's source as the page's
   * content script reported it; only one the pack itself cites is offered as a link.
   */
  sources?: ReadonlySet<string>;
}

/** The fields of a hit the UI reads: engine hits and content-script summaries both fit. */
export interface HitLike {
  rule: string;
  indicator: IndicatorId;
  weight: number;
  experimental?: boolean | undefined;
  /** `field: 'profile'` marks a description of the profile ("no profile photo"), not the sender's words. */
  evidence: readonly { quote: string; field?: string | undefined }[];
  entity?: { name: string; flaggedBy: string; source: string } | undefined;
}

export interface CueRule extends Partial<RuleText> {
  id: string;
}

export interface Cue {
  indicator: IndicatorId;
  title: string;
  summary?: string;
  /** The words that fired, in the order found, without repeats or words inside a longer quote. */
  quotes: string[];
  /** What the profile shows ("no profile photo", "joined 2026-10"): described, never quoted. */
  profileFacts: string[];
  rules: CueRule[];
  /** `link`: the source is one the pack cites (see PackTexts.sources), which may be opened. */
  entities: { name: string; flaggedBy: string; source: string; link: boolean }[];
}

export const MAX_QUOTES_PER_CUE = 6;

/** "off_platform_move" → "Off platform move", for a pack that has no title for an indicator. */
const fallbackTitle = (id: string) => {
  const words = id.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** True when `inner` occurs in `outer` as whole words ("paid" in "all expenses paid"). */
function containsWords(outer: string, inner: string): boolean {
  const haystack = outer.toLowerCase();
  const needle = inner.toLowerCase();
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (!isWordChar(haystack[at - 1]) && !isWordChar(haystack[at + needle.length])) return true;
  }
  return false;
}

/**
 * The quotes worth showing: a word already shown inside a longer quote of the same cue adds
 * nothing ("headhunter" beside "I am a headhunter"), so it is dropped before the cap applies.
 */
function distinctQuotes(quotes: readonly string[]): string[] {
  return quotes
    .filter((quote, i) => !quotes.some((other, j) => j !== i && other.length > quote.length && containsWords(other, quote)))
    .slice(0, MAX_QUOTES_PER_CUE);
}

/**
 * One cue per indicator that fired, strongest first. Experimental rules are left out: they do
 * not warn, so the user is never shown them (and reports leave them out too).
 */
export function explainHits(hits: readonly HitLike[], texts: PackTexts): Cue[] {
  const byIndicator = new Map<IndicatorId, { cue: Cue; weight: number; seen: Set<string> }>();
  for (const hit of hits) {
    if (hit.experimental) continue;
    let entry = byIndicator.get(hit.indicator);
    if (!entry) {
      const text = texts.indicators[hit.indicator];
      const cue: Cue = {
        indicator: hit.indicator,
        title: text?.title ?? fallbackTitle(hit.indicator),
        quotes: [],
        profileFacts: [],
        rules: [],
        entities: [],
      };
      if (text?.summary) cue.summary = text.summary;
      entry = { cue, weight: 0, seen: new Set() };
      byIndicator.set(hit.indicator, entry);
    }
    entry.weight += hit.weight;
    if (!entry.cue.rules.some((rule) => rule.id === hit.rule)) {
      entry.cue.rules.push({ id: hit.rule, ...texts.rules.get(hit.rule) });
    }
    if (hit.entity && !entry.cue.entities.some((e) => e.name === hit.entity?.name)) {
      const { name, flaggedBy, source } = hit.entity;
      entry.cue.entities.push({ name, flaggedBy, source, link: texts.sources?.has(source) ?? false });
    }
    for (const { quote, field } of hit.evidence) {
      const trimmed = quote.trim();
      const key = `${field === 'profile' ? 'p' : 'q'}:${trimmed.toLowerCase()}`;
      if (!trimmed || entry.seen.has(key)) continue;
      entry.seen.add(key);
      // The engine writes these itself from the sender's fields; showing them in quotation marks
      // would put words in the sender's mouth.
      (field === 'profile' ? entry.cue.profileFacts : entry.cue.quotes).push(trimmed);
    }
  }
  const order = (id: IndicatorId) => INDICATOR_IDS.indexOf(id);
  return [...byIndicator.values()]
    .sort((a, b) => b.weight - a.weight || order(a.cue.indicator) - order(b.cue.indicator))
    .map((entry) => ({ ...entry.cue, quotes: distinctQuotes(entry.cue.quotes) }));
}

/** The indicators that fired and were shown, for choosing the "what to do" steps. */
export const shownIndicators = (hits: readonly HitLike[]): IndicatorId[] =>
  INDICATOR_IDS.filter((id) => hits.some((hit) => hit.indicator === id && !hit.experimental));
