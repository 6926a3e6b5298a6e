// One page's reading loop. LinkedIn is a single-page app, so "the page" lives as long as the
// content script: mutations and in-app navigations trigger coalesced scans; each scan re-reads
// the page with the adapters, scores only approaches whose content changed, updates the
// warnings and tells the background. Everything hangs on the content script's lifetime.
import type { ApproachSummary, SenderMessage, VerdictsMessage } from '../messaging/protocol';
import type { LinkedInTarget } from '../sites/linkedin';
import type { SiteAdapter } from '../sites/types';
import type { ContentSettings } from '../messaging/protocol';
import { forgetAround, setExtractionCache } from '../sites/extraction-cache';
import { DialogFacts } from './dialog-facts';
import { Highlighter } from './highlights';
import type { CompiledPack } from './pack';
import { WarningPresenter } from './presenter';
import { HOST_SELECTOR, isWarningHost } from './warning/host';
import { senderMessages, toSummaries } from './summary';
import { ApproachTracker, extractMatched, sameContent, type Extraction } from './tracker';

/** How long the content script lives (lifetime.ts; tests fake it). */
export interface Lifetime {
  readonly isValid: boolean;
  onInvalidated(cb: () => void): () => void;
  setTimeout(handler: () => void, timeout?: number): unknown;
  /** In-app navigation: the document's address changed. */
  onLocationChange(handler: () => void): void;
}

export interface PageControllerDeps {
  lifetime: Lifetime;
  doc: Document;
  adapters: readonly SiteAdapter<LinkedInTarget>[];
  /** Resolves with the background's reply: `{ ok: true }` once it stored the verdicts. */
  sendVerdicts(message: VerdictsMessage): Promise<unknown>;
  sendNotSuspicious(profileUrl: string, name: string | undefined): Promise<unknown>;
  now?: () => number;
  /** Log, once per surface and page, required selector targets that matched nothing. */
  logMissing?: boolean;
  /** Emit performance.measure() entries for each scan, report and observed change (opt-in measurement). */
  perfMarks?: boolean;
}

/** Never more often than this, even in a mutation storm. */
const MIN_INTERVAL_MS = 100;
/** And slower when scans are slow: keep our share of the main thread small. */
const MAX_INTERVAL_MS = 2000;
/** Scoring stops here and continues in a later task, so no scan blocks a frame for long. */
const SCORE_BUDGET_MS = 12;
/** A report the background did not store is sent again this much later, page changes or not (first wait). */
const RESEND_FAILED_MS = 5000;
/** And an unchanged one after this long: the background's history refreshes "last seen" hourly. */
const RESEND_SAME_MS = 60 * 60_000;
/** Required selectors are judged only once a page has had time to render. */
const SETTLE_MS = 3000;
const MAX_PAGE_URL = 4000;

/** The nodes a mutation added, or the text node whose text it changed (its removed nodes are `removedNodes`, none for a text change). */
const changedBy = (record: MutationRecord): ArrayLike<Node> => (record.type === 'childList' ? record.addedNodes : [record.target]);

/** Whether the background's reply says it stored what it was sent (`{ ok: true }`). */
const stored = (reply: unknown): boolean => (reply as { ok?: boolean } | undefined)?.ok === true;

/** A performance.measure() entry, for the figures (opt-in, best effort). */
function measure(name: string, start: number, end: number, detail?: unknown): void {
  try {
    performance.measure(name, { start, end, detail });
  } catch {
    // Measurement is best effort.
  }
}

export interface ScanStats {
  extractMs: number;
  scoreMs: number;
  renderMs: number;
  totalMs: number;
  approaches: number;
  scored: number;
  /** Read in the mutation observer's callback (see request()), not in a task of its own. */
  observed: boolean;
}

interface PageAdapters {
  href: string;
  url: URL;
  adapters: readonly SiteAdapter<LinkedInTarget>[];
}

export class PageController {
  readonly #tracker: ApproachTracker;
  readonly #presenter: WarningPresenter;
  readonly #dialogFacts = new DialogFacts();
  readonly #now: () => number;
  #observer: MutationObserver | undefined;
  #scheduled = false;
  #scheduledSoon = false;
  #continuing = false;
  #interval = MIN_INTERVAL_MS;
  #lastScanEnd = -Infinity;
  #lastNavigation: number;
  /** What the background was last told and when, until it failed to hear it. */
  #lastReport: { sent: { pageUrl: string; approaches: ApproachSummary[] }; at: number } | undefined;
  /** A resend of a failed report is waiting, and how long it waited (doubling while they fail). */
  #retrying = false;
  #retryMs = 0;
  /** When the scan that puts back a warning the page kept removing is due, while one is. */
  #warningRetry: number | undefined;
  /** Ends the page's own listeners with the controller. */
  readonly #ended = new AbortController();
  readonly #logged = new Set<string>();
  /** The surfaces whose required selectors the last scan missed. */
  #missed = new Set<string>();
  #stopped = false;
  #current: PageAdapters | undefined;
  /** Stats of the last scan, for tests and measurement. */
  lastStats: ScanStats | undefined;
  scans = 0;

  readonly #deps: PageControllerDeps;
  #pack: CompiledPack;
  #settings: ContentSettings;

  constructor(deps: PageControllerDeps, pack: CompiledPack, settings: ContentSettings) {
    this.#deps = deps;
    this.#pack = pack;
    this.#settings = settings;
    this.#now = deps.now ?? (() => performance.now());
    this.#lastNavigation = this.#now();
    this.#tracker = new ApproachTracker(pack.scorer);
    this.#presenter = new WarningPresenter(
      {
        doc: deps.doc,
        highlighter: new Highlighter(deps.doc),
        now: this.#now,
        markNotSuspicious: (url, name, refused) => {
          // After an extension update this copy can no longer reach the background: it stops
          // (its warnings go) instead of hiding a warning whose dismissal would be lost.
          if (!deps.lifetime.isValid) {
            this.stop();
            return false;
          }
          const failed = (why: unknown) => {
            console.warn('Approach Guard: could not save "Not suspicious"', why);
            if (!this.#stopped) refused();
          };
          deps.sendNotSuspicious(url, name).then((reply) => (stored(reply) ? undefined : failed((reply as { error?: unknown } | undefined)?.error)), failed);
          return true;
        },
      },
      pack.scorer,
      settings,
    );
  }

  start(): void {
    const { lifetime, doc } = this.#deps;
    const view = doc.defaultView;
    // Firefox injects an updated content script into open tabs without running the old copy's
    // clean-up: its warnings would stay beside ours.
    for (const host of doc.querySelectorAll(HOST_SELECTOR)) host.remove();
    if (view) {
      setExtractionCache(true);
      this.#observer = new view.MutationObserver((records) => this.#onMutations(records));
      // Of the attributes, only `src`: LinkedIn swaps photos in after a placeholder, and a
      // sender's photo is read from it (see onMutations). Others change too often to follow.
      this.#observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['src'] });
    }
    lifetime.onLocationChange(() => {
      this.#lastNavigation = this.#now();
      // Marks that change without a content mutation (the active card) are read afresh.
      setExtractionCache(true);
      this.request(true);
      // Lazily rendered parts arrive later; look again once the page has settled.
      lifetime.setTimeout(() => this.request(), SETTLE_MS);
    });
    lifetime.onInvalidated(() => this.stop());
    // Back to a page the browser kept whole (back/forward cache): the background forgot the tab
    // when it left LinkedIn, and nothing on the page changes to say so.
    view?.addEventListener(
      'pageshow',
      (event) => {
        // Only the browser's own: a page can dispatch a "restored" event as often as it likes,
        // and each would buy an unthrottled scan and a full report.
        if (!event.isTrusted || !event.persisted) return;
        this.#lastReport = undefined;
        this.request(true);
      },
      { signal: this.#ended.signal },
    );
    this.#logSelectorErrors();
    this.request(true);
    lifetime.setTimeout(() => this.request(), SETTLE_MS);
  }

  setPack(pack: CompiledPack): void {
    this.#pack = pack;
    this.#tracker.setScorer(pack.scorer);
    this.#presenter.setScorer(pack.scorer);
    this.#logSelectorErrors();
    this.request(true);
  }

  /** Which pack selectors were not used, once per pack and page (pack data, never page text). */
  #logSelectorErrors(): void {
    const { selectorErrors: errors, version } = this.#pack;
    if (!this.#deps.logMissing || errors.length === 0 || this.#logged.has(`pack ${version}`)) return;
    this.#logged.add(`pack ${version}`);
    console.warn(`Approach Guard: rule pack ${version}: selectors not used: ${JSON.stringify(errors)}`);
  }

  setSettings(settings: ContentSettings): void {
    this.#settings = settings;
    this.#presenter.setSettings(settings);
    if (!this.#stopped) this.#presenter.sync(this.#tracker.current());
  }

  get tracked() {
    return this.#tracker.current();
  }

  /** The sender's messages of an approach now on the page (none once stopped), for the popup's report; undefined when it is not here. */
  senderMessages(approachId: string): SenderMessage[] | undefined {
    const tracked = this.#tracker.get(approachId);
    return tracked && senderMessages(tracked);
  }

  get scoreCalls(): number {
    return this.#tracker.scoreCalls;
  }

  get warnings(): number {
    return this.#presenter.count;
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#ended.abort();
    this.#lastReport = undefined;
    this.#observer?.disconnect();
    this.#observer = undefined;
    setExtractionCache(false);
    this.#presenter.destroyAll();
    this.#tracker.clear();
  }

  get isStopped(): boolean {
    return this.#stopped;
  }

  #onMutations(records: MutationRecord[]): void {
    const started = this.#deps.perfMarks ? this.#now() : 0;
    let relevant = false;
    for (const record of records) {
      if (!this.#isRelevant(record)) continue;
      // A photo swapped in (src) is read at the next scan; on its own, with images loading all
      // over a page, it does not call for one.
      if (record.type !== 'attributes') relevant = true;
      // What was read from the changed node and its ancestors must be read again.
      forgetAround(record.target, changedBy(record), record.removedNodes);
    }
    // Main-thread time a change costs before any scan: counted in the figures with the scan's.
    if (this.#deps.perfMarks) measure('approach-guard:observe', started, this.#now(), { records: records.length });
    if (relevant) this.request(false, true);
  }

  /**
   * Mutations of our own warning hosts say nothing about LinkedIn's content, unless the page
   * took one away: then a scan puts it back.
   */
  #isRelevant(record: MutationRecord): boolean {
    if (record.type !== 'childList') return !isWarningHost(record.target);
    const { addedNodes: added, removedNodes: removed } = record;
    if (added.length + removed.length === 0) return true;
    for (let i = 0; i < added.length; i++) if (!isWarningHost(added[i]!)) return true;
    for (let i = 0; i < removed.length; i++) if (!isWarningHost(removed[i]!) || this.#presenter.misplaced(removed[i]!)) return true;
    return false;
  }

  /**
   * Asks for a scan: coalesced with any already scheduled, and throttled unless `soon`. A change
   * the observer reports (`observed`) once the throttle has passed is read at once, while the page
   * finishes the update that made it (observers hear of it after the update's own work), instead
   * of in a task of its own after the browser has done other work: a message that arrives in a
   * quiet conversation costs less that way. Not on a page whose last scan was slow (the interval
   * grew), where a separate task lets the browser draw in between.
   */
  request(soon = false, observed = false): void {
    if (this.#stopped) return;
    // A throttled scan is already coming; a navigation still gets one right away.
    if (this.#scheduled && (!soon || this.#scheduledSoon)) return;
    const delay = soon ? 0 : Math.max(0, this.#lastScanEnd + this.#interval - this.#now());
    if (observed && delay === 0 && this.#interval === MIN_INTERVAL_MS) {
      if (this.#deps.lifetime.isValid) this.scan(true);
      return;
    }
    this.#scheduled = true;
    this.#scheduledSoon = soon;
    this.#deps.lifetime.setTimeout(() => {
      if (!this.#scheduled) return;
      this.#scheduled = false;
      this.#scheduledSoon = false;
      if (!this.#stopped && this.#deps.lifetime.isValid) this.scan();
    }, delay);
  }

  /** One scan, synchronously (the scheduler calls this; tests may too). */
  scan(observed = false): ScanStats {
    const started = this.#now();
    // A scan that throws still counts for the throttle (finish() sets the real end).
    this.#lastScanEnd = started;
    // Changes not yet delivered to the observer still invalidate what was read.
    for (const record of this.#observer?.takeRecords() ?? []) if (this.#isRelevant(record)) forgetAround(record.target, changedBy(record), record.removedNodes);
    const { url, adapters } = this.#page();
    const extraction = extractMatched(this.#deps.doc, url, adapters, this.#pack.selectors);
    this.#dialogFacts.apply(extraction.approaches);
    this.#logMissing(extraction, started, observed);
    this.#tracker.apply(extraction);
    const extracted = this.#now();
    const { scored, scoredAt, ended } = this.#scoreAndDraw(extracted);
    const stats: ScanStats = {
      extractMs: extracted - started,
      scoreMs: scoredAt - extracted,
      renderMs: ended - scoredAt,
      totalMs: ended - started,
      approaches: extraction.approaches.length,
      scored,
      observed,
    };
    this.#finish(stats, started, url);
    return stats;
  }

  /** Scores what is queued, for the budget's time from `from`, and draws: how many were scored, and when each step ended. */
  #scoreAndDraw(from: number): { scored: number; scoredAt: number; ended: number } {
    const scored = this.#tracker.scoreQueued(from + SCORE_BUDGET_MS, this.#now).length;
    const scoredAt = this.#now();
    this.#presenter.sync(this.#tracker.current());
    this.#retryWarnings();
    return { scored, scoredAt, ended: this.#now() };
  }

  /** A warning the page kept taking away is put back once its minute is over, quiet page or not (the earliest due). */
  #retryWarnings(): void {
    const at = this.#presenter.retryAt;
    // One due as early or earlier already serves.
    if (at === undefined || (this.#warningRetry !== undefined && this.#warningRetry <= at)) return;
    this.#warningRetry = at;
    this.#deps.lifetime.setTimeout(() => {
      if (this.#warningRetry === at) this.#warningRetry = undefined;
      this.request(true);
    }, Math.max(1000, at - this.#now()));
  }

  /** The page's URL and the adapters it needs, worked out again only when the URL changes. */
  #page(): PageAdapters {
    // The document's own URL is the location's href (pushState included), read without going
    // through Location, whose getters cost a content script more on every scan.
    const href = this.#deps.doc.URL || 'about:blank';
    if (this.#current?.href !== href) {
      const url = new URL(href);
      this.#current = { href, url, adapters: this.#deps.adapters.filter((adapter) => adapter.matches(url)) };
    }
    return this.#current;
  }

  #continueScoring(): void {
    this.#continuing = false;
    if (this.#stopped || !this.#tracker.hasQueued) return;
    const started = this.#now();
    const { scored, scoredAt, ended } = this.#scoreAndDraw(started);
    const { url } = this.#page();
    this.#finish(
      { extractMs: 0, scoreMs: scoredAt - started, renderMs: ended - scoredAt, totalMs: ended - started, approaches: this.#tracker.current().length, scored, observed: false },
      started,
      url,
    );
  }

  #finish(stats: ScanStats, started: number, url: URL): void {
    this.scans += 1;
    this.lastStats = stats;
    this.#lastScanEnd = this.#now();
    // Slow pages get fewer scans: at most ~20% of the main thread goes to us.
    this.#interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, stats.totalMs * 5));
    if (this.#tracker.hasQueued && !this.#continuing) {
      this.#continuing = true;
      this.#deps.lifetime.setTimeout(() => this.#continueScoring(), 0);
    }
    this.#report(url);
    if (this.#deps.perfMarks) {
      // Taken before either measure is written: writing one is the measurement's cost, not ours.
      const reported = this.#now();
      measure('approach-guard:scan', started, this.#lastScanEnd, stats);
      // Telling the background is not part of reading a page, but it is main-thread time too.
      measure('approach-guard:report', this.#lastScanEnd, reported);
    }
  }

  /**
   * Sends the page's verdicts when anything the background keeps changed since the last report.
   * A message's round trip costs the page more than reading it, and most changes (a new message
   * in an ordinary thread, whose texts do not travel) leave every summary as it was.
   */
  #report(url: URL): void {
    const sent = { pageUrl: url.href.slice(0, MAX_PAGE_URL), approaches: toSummaries(this.#tracker.current()) };
    const at = this.#now();
    const last = this.#lastReport;
    if (last && at - last.at < RESEND_SAME_MS && sameContent(last.sent, sent)) return;
    this.#lastReport = { sent, at };
    // Not delivered (the worker was restarting, the extension was updated) or not stored: sent
    // again with the next scan, and a quiet page gets one a few seconds later, then less and
    // less often while it keeps failing (one timer at a time).
    const failed = () => {
      this.#lastReport = undefined;
      if (this.#retrying) return;
      this.#retrying = true;
      this.#retryMs = Math.min(this.#retryMs * 2 || RESEND_FAILED_MS, RESEND_SAME_MS);
      this.#deps.lifetime.setTimeout(() => {
        this.#retrying = false;
        this.request();
      }, this.#retryMs);
    };
    void this.#deps.sendVerdicts({ type: 'content→background:verdicts', ...sent }).then((reply) => (stored(reply) ? (this.#retryMs = 0) : failed()), failed);
  }

  #logMissing(extraction: Extraction, now: number, observed: boolean): void {
    const missedBefore = this.#missed;
    this.#missed = new Set(extraction.missing.map((m) => m.adapterId));
    if (!this.#deps.logMissing || now - this.#lastNavigation < SETTLE_MS) return;
    for (const { adapterId, targets } of extraction.missing) {
      // Once per surface: the point is to notice a redesign, not to fill the console. A scan in
      // the observer's callback can see the page halfway through an update: its miss counts only
      // when the scan before missed the same surface too.
      if (this.#logged.has(adapterId) || (observed && !missedBefore.has(adapterId))) continue;
      this.#logged.add(adapterId);
      console.warn(`Approach Guard [${adapterId}]: selectors matched nothing: ${targets.join(', ')}`);
    }
  }
}
