// What the in-page warning says, derived from the verdict and the pack's own words (STYLE:
// "rule metadata feeds the UI"), with the product's own words from src/ui/strings.ts. Pure: no
// DOM, no Preact.
import type { Scorer } from '../../engine/compile';
import type { Evidence, Hit, IndicatorId, Level, Verdict, Surface } from '../../engine/types';
import { CORE_STEPS, LEVEL_WORDS, WARNING_HEADLINE_COMPACT, WARNING_SUBJECTS, warningHeadline, warningHeadlineLow } from '../../ui/strings';

export type WarningLevel = Exclude<Level, 'none'>;

export interface CueQuote {
  text: string;
  /** True for words the sender wrote; false for a description of the profile ("no profile photo"). */
  quoted: boolean;
}

export interface Cue {
  indicator: IndicatorId;
  /** The indicator's title from the pack ("Move to another channel"). */
  title: string;
  quotes: CueQuote[];
}

export interface CueDetail extends Cue {
  rule: string;
  description: string;
  advice: string;
}

export interface WarningView {
  level: WarningLevel;
  levelWord: string;
  headline: string;
  /** What to do: NPSA's three steps, word for word as the popup shows them. */
  steps: readonly string[];
  /** The strongest cues, one per indicator, at most three. */
  topCues: Cue[];
  /** Every cue that counted, with the rule's description and advice. */
  details: CueDetail[];
  senderName?: string;
  /** "Not suspicious" needs a profile to remember; without one the warning can only be hidden. */
  canMarkNotSuspicious: boolean;
  /** A short form for small places (a conversation-list card): level, cue names, buttons. */
  compact: boolean;
  packVersion: string;
  /** Why the warning is back after the user dismissed it (the background did not store it). */
  notice?: string;
}

const STEPS: readonly string[] = [CORE_STEPS.withdraw, CORE_STEPS.doNotShare, CORE_STEPS.report];

const MAX_TOP_CUES = 3;
const MAX_QUOTES = 2;
const MAX_QUOTE_CHARS = 80;

function quoteOf(evidence: Evidence): CueQuote {
  const flat = evidence.quote.replace(/\s+/g, ' ').trim();
  const text = flat.length > MAX_QUOTE_CHARS ? `${flat.slice(0, MAX_QUOTE_CHARS - 1)}…` : flat;
  return { text, quoted: evidence.field !== 'profile' };
}

const overlaps = (a: Evidence, b: Evidence): boolean =>
  a.message === b.message && a.field === b.field && a.start < b.end && b.start < a.end;

/** Distinct quotes; of two overlapping spans ("all expenses paid", "expenses paid trip") the first. */
function quotesOf(hits: readonly Hit[]): CueQuote[] {
  const seen = new Set<string>();
  const taken: Evidence[] = [];
  const out: CueQuote[] = [];
  for (const hit of hits)
    for (const evidence of hit.evidence) {
      const quote = quoteOf(evidence);
      const key = quote.text.toLowerCase();
      if (quote.text === '' || seen.has(key)) continue;
      if (evidence.field !== 'profile' && taken.some((t) => overlaps(t, evidence))) continue;
      seen.add(key);
      taken.push(evidence);
      out.push(quote);
    }
  return out;
}

export function buildWarningView(
  verdict: Verdict,
  scorer: Pick<Scorer, 'rules' | 'indicators'>,
  context: { surface: Surface; senderName?: string | undefined; hasProfile: boolean; compact?: boolean; notice?: string | undefined },
): WarningView | undefined {
  if (verdict.level === 'none') return undefined;
  const level = verdict.level;
  // Experimental rules add nothing to the score; they are not shown as reasons.
  const counted = verdict.hits.filter((hit) => !hit.experimental);
  const title = (indicator: IndicatorId) => scorer.indicators[indicator]?.title ?? indicator.replace(/_/g, ' ');

  // Hits arrive strongest first; group them by indicator, keeping that order.
  const byIndicator = new Map<IndicatorId, Hit[]>();
  for (const hit of counted) {
    const list = byIndicator.get(hit.indicator);
    if (list) list.push(hit);
    else byIndicator.set(hit.indicator, [hit]);
  }
  const topCues: Cue[] = [...byIndicator.entries()]
    .slice(0, MAX_TOP_CUES)
    .map(([indicator, hits]) => ({ indicator, title: title(indicator), quotes: quotesOf(hits).slice(0, MAX_QUOTES) }));

  const details: CueDetail[] = counted.map((hit) => {
    const info = scorer.rules.get(hit.rule);
    return {
      indicator: hit.indicator,
      title: title(hit.indicator),
      rule: hit.rule,
      description: info?.description ?? '',
      advice: info?.advice ?? '',
      quotes: quotesOf([hit]).slice(0, 4),
    };
  });

  const view: WarningView = {
    level,
    levelWord: LEVEL_WORDS[level],
    headline: warningHeadline(WARNING_SUBJECTS[context.surface]),
    steps: STEPS,
    topCues,
    details,
    canMarkNotSuspicious: context.hasProfile,
    compact: context.compact ?? false,
    packVersion: verdict.packVersion,
  };
  if (level === 'low') view.headline = warningHeadlineLow(WARNING_SUBJECTS[context.surface]);
  if (view.compact) view.headline = WARNING_HEADLINE_COMPACT;
  if (context.senderName) view.senderName = context.senderName;
  if (context.notice) view.notice = context.notice;
  return view;
}
