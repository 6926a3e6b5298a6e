// Change detection for the approaches on a page. Every (coalesced) scan re-reads the page
// with the adapters, which is cheap DOM reading; scoring is the expensive part, so an
// approach is scored again only when its content changed (keyed by id, compared field by field).
import type { Scored, Scorer } from '../engine/compile';
import type { Verdict } from '../engine/types';
import type { ExtractedApproach, SelectorRegistry, SiteAdapter } from '../sites/types';

export interface Extracted {
  extracted: ExtractedApproach;
  adapterId: string;
}

export interface Extraction {
  approaches: Extracted[];
  /** Required selector targets that matched nothing, per adapter that ran. */
  missing: Array<{ adapterId: string; targets: string[] }>;
}

interface Revised extends Extracted {
  /** Changes whenever anything the engine scores changes, and only then (a number per content). */
  revision: number;
}

export interface TrackedApproach extends Revised {
  verdict: Verdict;
  /** The content changed since `verdict` was computed; a new one is queued. */
  stale: boolean;
}

/**
 * Whether two plain values built by the adapters (objects, arrays, strings, numbers, booleans)
 * are equal. Unchanged cards hand back the very same Approach (extraction-cache.ts), so most
 * comparisons end at once; a thread is compared field by field, and its texts by the engine's
 * native string comparison: nothing is serialised or hashed in script.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!sameContent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  return true;
}

export function extractAll<T extends string>(
  root: ParentNode,
  url: URL,
  adapters: readonly SiteAdapter<T>[],
  selectors: SelectorRegistry<T>,
): Extraction {
  return extractMatched(root, url, adapters.filter((adapter) => adapter.matches(url)), selectors);
}

/**
 * The same with `matched`, the adapters already known to match `url`: the page controller works
 * them out once per URL, not on every scan.
 */
export function extractMatched<T extends string>(
  root: ParentNode,
  url: URL,
  matched: readonly SiteAdapter<T>[],
  selectors: SelectorRegistry<T>,
): Extraction {
  const approaches: Extracted[] = [];
  const missing: Extraction['missing'] = [];
  const seen = new Set<string>();
  for (const adapter of matched) {
    let result;
    try {
      result = adapter.extract(root, url, selectors);
    } catch (error) {
      // Adapters promise not to throw; if one does, the others still run.
      console.error(`Approach Guard: ${adapter.id} failed`, error);
      continue;
    }
    if (result.missing.length > 0) missing.push({ adapterId: adapter.id, targets: result.missing });
    for (const extracted of result.approaches) {
      // Two adapters can read the same conversation (a bubble and its thread): first wins.
      if (seen.has(extracted.approach.id)) continue;
      seen.add(extracted.approach.id);
      approaches.push({ extracted, adapterId: adapter.id });
    }
  }
  return { approaches, missing };
}

export interface ApplyResult {
  /** Approaches no longer on the page. */
  removed: string[];
  /** New or changed approaches now waiting to be scored. */
  queued: number;
}

export class ApproachTracker {
  #tracked = new Map<string, TrackedApproach>();
  #queue: Revised[] = [];
  /** Each approach's last verdict from the current scorer, which a later score may keep (ScoreOptions.since). */
  #scored = new Map<string, Scored>();
  #revisions = 0;
  /** How many times score() ran, for tests and the performance log. */
  scoreCalls = 0;

  #scorer: Scorer;

  constructor(scorer: Scorer) {
    this.#scorer = scorer;
  }

  /** A new pack: every approach must be scored again. */
  setScorer(scorer: Scorer): void {
    this.#scorer = scorer;
    this.#scored.clear();
    for (const entry of this.#tracked.values()) entry.stale = true;
    this.#queue = [...this.#tracked.values()].map(({ extracted, adapterId, revision }) => ({ extracted, adapterId, revision }));
  }

  /**
   * Takes a fresh extraction. Unchanged approaches keep their verdict and get the new DOM
   * handles (LinkedIn re-renders nodes freely); changed and new ones are queued.
   */
  apply(extraction: Extraction): ApplyResult {
    const next = new Map<string, TrackedApproach>();
    const queue: Revised[] = [];
    const queuedIds = new Set(this.#queue.map((q) => q.extracted.approach.id));
    for (const found of extraction.approaches) {
      const id = found.extracted.approach.id;
      const previous = this.#tracked.get(id);
      const same = previous !== undefined && sameContent(previous.extracted.approach, found.extracted.approach);
      const item = { ...found, revision: same ? previous.revision : ++this.#revisions };
      if (same && !previous.stale && !queuedIds.has(id)) {
        next.set(id, { ...item, verdict: previous.verdict, stale: false });
        continue;
      }
      queue.push(item);
      // Until the new verdict is in, the old one (if any) stays shown, marked stale.
      if (previous) next.set(id, { ...item, verdict: previous.verdict, stale: true });
    }
    const present = (id: string) => next.has(id) || queue.some((q) => q.extracted.approach.id === id);
    const removed = [...this.#tracked.keys()].filter((id) => !present(id));
    // A verdict is kept for a later score only while its approach is still on the page.
    for (const id of this.#scored.keys()) if (!present(id)) this.#scored.delete(id);
    this.#tracked = next;
    this.#queue = queue;
    return { removed, queued: queue.length };
  }

  get hasQueued(): boolean {
    return this.#queue.length > 0;
  }

  /** Scores queued approaches until `deadline` (at least one per call); returns their ids. */
  scoreQueued(deadline: number, now: () => number = () => performance.now()): string[] {
    const done: string[] = [];
    while (this.#queue.length > 0) {
      const item = this.#queue.shift()!;
      const { approach } = item.extracted;
      const at = Date.now();
      const since = this.#scored.get(approach.id);
      const verdict = this.#scorer.score(approach, since ? { now: at, since } : { now: at });
      this.#scored.set(approach.id, { approach, verdict, now: at });
      this.scoreCalls += 1;
      // Keep page order: replace in place when the approach was already tracked.
      this.#tracked.set(approach.id, { ...item, verdict, stale: false });
      done.push(approach.id);
      if (now() >= deadline) break;
    }
    return done;
  }

  get(id: string): TrackedApproach | undefined {
    return this.#tracked.get(id);
  }

  /** Scored approaches on the page, in page order (new ones last). */
  current(): TrackedApproach[] {
    return [...this.#tracked.values()];
  }

  clear(): void {
    this.#tracked.clear();
    this.#scored.clear();
    this.#queue = [];
  }
}
