// Marks the words that fired a cue inside LinkedIn's own text with the CSS Custom Highlight API:
// ranges over the page's text nodes, painted by a ::highlight() rule. LinkedIn's DOM is never
// rewritten (no wrapping <mark>s), so its own scripts and layout are untouched.
import type { Evidence } from '../engine/types';
import { rangeFor } from '../sites/text';
import type { TextMap } from '../sites/types';
import type { TrackedApproach } from './tracker';
import { TEXT_COLOUR } from './warning/styles';
import type { WarningLevel } from './warning/view-model';

export const HIGHLIGHT_NAMES: Record<WarningLevel, string> = {
  high: 'approach-guard-high',
  medium: 'approach-guard-medium',
  low: 'approach-guard-low',
};

// Light tints, with the warning's dark text colour set on the marked words: LinkedIn's dark
// theme draws light text, unreadable on a light tint, and its link blue is too pale on the high
// one. The underline carries the level for people who cannot tell the tints apart. Lines end in
// a backslash, which keeps the line breaks out of the string (see warning/styles.ts).
export const HIGHLIGHT_CSS = `\
::highlight(${HIGHLIGHT_NAMES.high}){color:${TEXT_COLOUR};background-color:#FAD2CF;text-decoration:underline 2px #B3261E}\
::highlight(${HIGHLIGHT_NAMES.medium}){color:${TEXT_COLOUR};background-color:#FFE2A8;text-decoration:underline 2px #8A4B00}\
::highlight(${HIGHLIGHT_NAMES.low}){color:${TEXT_COLOUR};background-color:#D6E4F2;text-decoration:underline 1px #3B5B80}\
`;

interface HighlightRegistryLike {
  get(name: string): unknown;
  set(name: string, highlight: unknown): void;
  delete(name: string): boolean;
}

type HighlightCtor = new (...ranges: Range[]) => unknown;

/** Where a piece of evidence lies: the text it was read from, and its offsets in that text. */
export type Span = readonly [map: TextMap, start: number, end: number];

/** Where an approach's evidence lies: message words and sender-field words. */
export function evidenceSpans(tracked: TrackedApproach): Span[] {
  const { texts, fields } = tracked.extracted;
  const out: Span[] = [];
  const add = (evidence: Evidence) => {
    const map =
      evidence.message >= 0
        ? texts[evidence.message]
        : evidence.field === 'name' || evidence.field === 'headline' || evidence.field === 'company'
          ? fields[evidence.field]
          : undefined;
    if (map) out.push([map, evidence.start, evidence.end]);
  };
  for (const hit of tracked.verdict.hits) if (!hit.experimental) hit.evidence.forEach(add);
  return out;
}

const LEVELS = ['high', 'medium', 'low'] as const;

/** The same texts (the very same reads, so the same page nodes) and offsets. */
const sameSpans = (a: readonly Span[], b: readonly Span[]): boolean => a.length === b.length && a.every((span, i) => span.every((part, k) => part === b[i]![k]));

/** What the highlighter set, per level: the spans, and the ranges and highlight made from them. */
interface Shown {
  spans: Record<WarningLevel, Span[]>;
  ranges: Record<WarningLevel, Range[]>;
  set: Partial<Record<WarningLevel, unknown>>;
}

export class Highlighter {
  readonly #registry: HighlightRegistryLike | undefined;
  readonly #Highlight: HighlightCtor | undefined;
  #sheet: CSSStyleSheet | undefined;
  /** Whether names of ours may be in the registry: at first, an earlier copy's may be (an update). */
  #active = true;
  /** What was last set. */
  #last: Shown | undefined;

  readonly #doc: Document;

  constructor(doc: Document) {
    this.#doc = doc;
    const win = doc.defaultView as (Window & { CSS?: { highlights?: HighlightRegistryLike }; Highlight?: HighlightCtor }) | null;
    this.#registry = win?.CSS?.highlights;
    this.#Highlight = win?.Highlight;
  }

  get supported(): boolean {
    return this.#registry !== undefined && this.#Highlight !== undefined;
  }

  /**
   * Replaces all of Approach Guard's highlights, unless they would be the ones shown: a new
   * message in a flagged thread, which adds no evidence, then costs no ranges and no repaint.
   * Highlights the page took out of the registry are set again.
   */
  show(byLevel: Record<WarningLevel, Span[]>): void {
    if (!this.supported) return;
    const any = byLevel.high.length + byLevel.medium.length + byLevel.low.length > 0;
    if (!any) {
      this.clear();
      return;
    }
    if (!this.#ensureStyles()) return;
    const last = this.#last;
    if (last && LEVELS.every((level) => this.#intact(last, level, byLevel[level]))) return;
    const set: Partial<Record<WarningLevel, unknown>> = {};
    const made: Record<WarningLevel, Range[]> = { high: [], medium: [], low: [] };
    for (const level of LEVELS) {
      for (const [map, start, end] of byLevel[level]) {
        const range = rangeFor(map, start, end);
        if (range) made[level].push(range);
      }
      if (byLevel[level].length > 0) this.#registry!.set(HIGHLIGHT_NAMES[level], (set[level] = new this.#Highlight!(...made[level])));
      else this.#registry!.delete(HIGHLIGHT_NAMES[level]);
    }
    this.#last = { spans: byLevel, ranges: made, set };
    this.#active = true;
  }

  /**
   * Whether a level can keep what was last set: the same spans, and its highlight ours, whole
   * and in place. A page may empty it, and text LinkedIn moved (removed, then put back) reads the
   * same while its range collapsed.
   */
  #intact(last: Shown, level: WarningLevel, spans: readonly Span[]): boolean {
    const highlight = this.#registry!.get(HIGHLIGHT_NAMES[level]) as { size?: number } | undefined;
    const ranges = last.ranges[level];
    return (
      sameSpans(last.spans[level], spans) &&
      highlight === last.set[level] &&
      (highlight?.size ?? 0) === (highlight ? ranges.length : 0) &&
      ranges.every((range) => !range.collapsed)
    );
  }

  clear(): void {
    if (!this.supported || !this.#active) return;
    for (const name of Object.values(HIGHLIGHT_NAMES)) this.#registry!.delete(name);
    this.#last = undefined;
    this.#active = false;
  }

  /** Removes the highlights and the rules (the content script is going away). */
  dispose(): void {
    this.clear();
    try {
      if (this.#sheet) this.#doc.adoptedStyleSheets = this.#doc.adoptedStyleSheets.filter((s) => s !== this.#sheet);
    } catch {
      // Nothing was adopted.
    }
  }

  /** Adds the ::highlight rules to the document's adopted sheets once (again if the page dropped them). */
  #ensureStyles(): boolean {
    try {
      if (!this.#sheet) {
        const Sheet = (this.#doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet;
        if (!Sheet) return false;
        this.#sheet = new Sheet();
        this.#sheet.replaceSync(HIGHLIGHT_CSS);
      }
      const adopted = this.#doc.adoptedStyleSheets;
      if (!adopted.includes(this.#sheet)) this.#doc.adoptedStyleSheets = [...adopted, this.#sheet];
      return true;
    } catch {
      // No adoptable sheets here: no highlights rather than a <style> added to LinkedIn's DOM.
      return false;
    }
  }
}
