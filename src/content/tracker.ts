// Change detection for the approaches on a page. Every (coalesced) scan re-reads the page
// with the adapters, which is cheap DOM reading; scoring is the expensive part, so an
// approach is scored again only when its content changed (keyed by id, compared by hash).
import type { Scorer } from '../engine/compile';
import type { Approach, Verdict } from '../engine/types';
import type { ExtractedApproach, SelectorRegistry, SiteAdapter } from '../sites/types';

export interface Extracted {
  extracted: ExtractedApproach;
  adapterId: string;
  hash: string;
}

export interface Extraction {
  approaches: Extracted[];
  /** Required selector targets that matched nothing, per adapter that ran. */
  missing: Array<{ adapterId: string; targets: string[] }>;
}

export interface TrackedApproach extends Extracted {
  verdict: Verdict;
  /** The content changed since `verdict` was computed; a new one is queued. */
  stale: boolean;
}

/** 53-bit FNV-1a style hash of a string (two 32-bit lanes); collisions only cost a missed re-score. */
export function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return ((a >>> 0).toString(36) + ':' + ((b >>> 0) & 0x1fffff).toString(36));
}

// Message texts stand in the hash by a number given to each distinct text for the page's life:
// the Map compares texts natively, so no message is hashed character by character in script
// (slow while the code is still cold, on a page's first scan). Numbers are never reused, even
// after the table is emptied, so two different texts never share one.
const textIds = new Map<string, number>();
let nextTextId = 0;

function textId(text: string): number {
  let id = textIds.get(text);
  if (id === undefined) {
    if (textIds.size >= 5000) textIds.clear();
    textIds.set(text, (id = nextTextId++));
  }
  return id;
}

// Adapters hand back the very same Approach object while what it was read from is unchanged
// (extraction-cache.ts), so its hash is remembered with it.
const approachHashes = new WeakMap<Approach, string>();

/** Changes whenever anything the engine scores changes. */
export function approachHash(approach: Approach): string {
  let hash = approachHashes.get(approach);
  if (hash === undefined) approachHashes.set(approach, (hash = hashOf(approach)));
  return hash;
}

function hashOf(approach: Approach): string {
  const { messages, ...rest } = approach;
  const parts = [JSON.stringify(rest)];
  for (const m of messages) parts.push(`${textId(m.text)}|${m.fromSelf ? 1 : 0}|${m.at ?? ''}`);
  return contentHash(parts.join('\n'));
}

export function extractAll<T extends string>(
  root: ParentNode,
  url: URL,
  adapters: readonly SiteAdapter<T>[],
  selectors: SelectorRegistry<T>,
): Extraction {
  const approaches: Extracted[] = [];
  const missing: Extraction['missing'] = [];
  const seen = new Set<string>();
  for (const adapter of adapters) {
    if (!adapter.matches(url)) continue;
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
      approaches.push({ extracted, adapterId: adapter.id, hash: approachHash(extracted.approach) });
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
  private tracked = new Map<string, TrackedApproach>();
  private queue: Extracted[] = [];
  /** How many times score() ran, for tests and the performance log. */
  scoreCalls = 0;

  constructor(private scorer: Scorer) {}

  /** A new pack: every approach must be scored again. */
  setScorer(scorer: Scorer): void {
    this.scorer = scorer;
    for (const entry of this.tracked.values()) entry.stale = true;
    this.queue = [...this.tracked.values()].map(({ extracted, adapterId, hash }) => ({ extracted, adapterId, hash }));
  }

  /**
   * Takes a fresh extraction. Unchanged approaches keep their verdict and get the new DOM
   * handles (LinkedIn re-renders nodes freely); changed and new ones are queued.
   */
  apply(extraction: Extraction): ApplyResult {
    const next = new Map<string, TrackedApproach>();
    const queue: Extracted[] = [];
    const queuedIds = new Set(this.queue.map((q) => q.extracted.approach.id));
    for (const item of extraction.approaches) {
      const id = item.extracted.approach.id;
      const previous = this.tracked.get(id);
      if (previous && previous.hash === item.hash && !previous.stale && !queuedIds.has(id)) {
        next.set(id, { ...item, verdict: previous.verdict, stale: false });
        continue;
      }
      queue.push(item);
      // Until the new verdict is in, the old one (if any) stays shown, marked stale.
      if (previous) next.set(id, { ...item, verdict: previous.verdict, stale: true });
    }
    const removed = [...this.tracked.keys()].filter((id) => !next.has(id) && !queue.some((q) => q.extracted.approach.id === id));
    this.tracked = next;
    this.queue = queue;
    return { removed, queued: queue.length };
  }

  get hasQueued(): boolean {
    return this.queue.length > 0;
  }

  /** Scores queued approaches until `deadline` (at least one per call); returns their ids. */
  scoreQueued(deadline: number, now: () => number = () => performance.now()): string[] {
    const done: string[] = [];
    while (this.queue.length > 0) {
      const item = this.queue.shift()!;
      const verdict = this.scorer.score(item.extracted.approach);
      this.scoreCalls += 1;
      // Keep page order: replace in place when the approach was already tracked.
      this.tracked.set(item.extracted.approach.id, { ...item, verdict, stale: false });
      done.push(item.extracted.approach.id);
      if (now() >= deadline) break;
    }
    return done;
  }

  get(id: string): TrackedApproach | undefined {
    return this.tracked.get(id);
  }

  /** Scored approaches on the page, in page order (new ones last). */
  current(): TrackedApproach[] {
    return [...this.tracked.values()];
  }

  clear(): void {
    this.tracked.clear();
    this.queue = [];
  }
}
