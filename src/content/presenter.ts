// Decides which approaches get an in-page warning and keeps each warning beside its anchor.
// It writes to the page only on a real change (a new, changed, moved or removed warning), so
// the MutationObserver that triggers scans never feeds itself.
import type { Scorer } from '../engine/compile';
import { levelRank, type Verdict } from '../engine/types';
import type { ContentSettings } from '../messaging/protocol';
import { normaliseProfileUrl } from '../settings/profile-url';
import { evidenceSpans, type Highlighter, type Span } from './highlights';
import { sameContent, type TrackedApproach } from './tracker';
import { createWarningHost, type WarningHost } from './warning/host';
import { PLACE_ATTRIBUTE } from './warning/styles';
import { WARNING_NOT_SAVED } from '../ui/strings';
import { buildWarningView, type WarningLevel } from './warning/view-model';

type Placement = 'after' | 'append';

interface Shown {
  host: WarningHost;
  /** What the view was built from: the verdict itself, and the rest of what it reads. */
  verdict: Verdict | undefined;
  key: string;
  anchor: Element;
  placement: Placement;
  /** Times the host was put back since `since`. */
  moves: number;
  since: number;
}

/** A page that keeps removing our host would otherwise make us chase it forever: at most this many a minute. */
const MAX_MOVES = 20;

export interface PresenterOptions {
  doc: Document;
  highlighter: Highlighter;
  /**
   * The user confirmed "Not suspicious": remember it (the background stores it); false when that
   * cannot be done. `refused` runs if the background later says it did not store it.
   */
  markNotSuspicious(profileUrl: string, name: string | undefined, refused: () => void): boolean;
  now(): number;
}

// List items (invitation cards, conversation cards) keep the warning inside, so the list stays
// a list; headers and top cards get it right after them.
const placementOf = (tracked: TrackedApproach): Placement =>
  tracked.extracted.meta.source === 'invitation' || tracked.extracted.meta.source === 'snippet' ? 'append' : 'after';

/** An approach id without the number that tells apart otherwise equal ids ("…#2", dedupe in common.ts). */
const baseId = (id: string): string => id.replace(/#\d+$/, '');

const NO_KINDS: ReadonlyMap<string, number> = new Map();

/** How many approaches share each baseId. */
function kindsOf(approaches: readonly TrackedApproach[]): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const tracked of approaches) {
    const base = baseId(tracked.extracted.approach.id);
    kinds.set(base, (kinds.get(base) ?? 0) + 1);
  }
  return kinds;
}

function isPlaced(shown: Shown): boolean {
  const el = shown.host.element;
  if (!el.isConnected) return false;
  if (shown.placement === 'append') return el.parentNode === shown.anchor;
  // Loosely "after": LinkedIn may add siblings between the anchor and us; that is fine.
  return el.parentNode === shown.anchor.parentNode && (shown.anchor.compareDocumentPosition(el) & 4) !== 0;
}

export class WarningPresenter {
  #shown = new Map<string, Shown>();
  /**
   * Warnings hidden while the content script lives ("Hide", senders without a profile), by id
   * without the number that tells apart approaches whose ids are otherwise the same (two
   * conversations from people of the same name): that number follows the list's order, so it
   * names no one for long. Such an id is followed while it is the only one of its kind on the
   * page, and so are the elements it is read from (LinkedIn may render the card again); once
   * others share it, only those elements are. One hidden while shared is only ever followed by
   * its element.
   */
  #hidden = new Map<string, { anchors: WeakSet<Element>; alone: boolean }>();
  /** Profiles marked "Not suspicious" here, until the stored list holds them (or the background refused). */
  #dismissed = new Set<string>();
  /** Profiles whose "Not suspicious" the background did not store: their warning says so. */
  #refused = new Set<string>();
  /** The approaches last synced, so a local dismissal can re-sync without a new scan. */
  #last: readonly TrackedApproach[] = [];

  readonly #options: PresenterOptions;
  #scorer: Scorer;
  #settings: ContentSettings;

  constructor(options: PresenterOptions, scorer: Scorer, settings: ContentSettings) {
    this.#options = options;
    this.#scorer = scorer;
    this.#settings = settings;
  }

  setScorer(scorer: Scorer): void {
    this.#scorer = scorer;
    // Rule descriptions may have changed: rebuild every view on the next sync.
    for (const shown of this.#shown.values()) shown.verdict = undefined;
  }

  setSettings(settings: ContentSettings): void {
    this.#settings = settings;
    // Once stored, the list alone decides: a sender the user takes off it later is warned about again.
    for (const url of this.#dismissed) if (settings.notSuspicious.includes(url)) this.#dismissed.delete(url);
    // Saved after all (from the popup, or a later try in another tab): the notice no longer holds.
    for (const url of this.#refused) if (settings.notSuspicious.includes(url)) this.#refused.delete(url);
  }

  #isDismissed(profileUrl: string | undefined): boolean {
    const url = normaliseProfileUrl(profileUrl)?.url;
    return url !== undefined && (this.#dismissed.has(url) || this.#settings.notSuspicious.includes(url));
  }

  /** Whether this approach should show a warning now; `kinds` counts the page's approaches by baseId. */
  #wants(tracked: TrackedApproach, kinds: ReadonlyMap<string, number>): boolean {
    const { level } = tracked.verdict;
    if (this.#settings.discreetMode || level === 'none') return false;
    if (levelRank(level) < levelRank(this.#settings.threshold)) return false;
    const { anchor, approach } = tracked.extracted;
    if (!anchor?.isConnected) return false;
    const base = this.#hidden.size > 0 ? baseId(approach.id) : '';
    const hidden = this.#hidden.get(base);
    if (hidden?.anchors.has(anchor)) return false;
    if (hidden?.alone && kinds.get(base) === 1) {
      // The card the user hid, perhaps rendered again: its element is followed from here on.
      hidden.anchors.add(anchor);
      return false;
    }
    return !this.#isDismissed(approach.sender.profileUrl);
  }

  /**
   * When a warning the page kept taking away may be put back again (its minute is over), if one
   * is waiting: the page controller scans then, as the page may stay quiet.
   */
  retryAt: number | undefined;

  /** Brings the warnings and highlights in line with the approaches on the page. */
  sync(approaches: readonly TrackedApproach[]): void {
    this.#last = approaches;
    this.retryAt = undefined;
    // Only Hide asks how many approaches share an id: most pages never need the count.
    const kinds = this.#hidden.size > 0 ? kindsOf(approaches) : NO_KINDS;
    // Once another approach shares a hidden id, that id names no one: only the elements count,
    // even after the others leave (the one left may be the stranger, not the card the user hid).
    for (const [base, hidden] of this.#hidden) if ((kinds.get(base) ?? 0) > 1) hidden.alone = false;
    const wanted = new Map<string, TrackedApproach>();
    for (const tracked of approaches) if (this.#wants(tracked, kinds)) wanted.set(tracked.extracted.approach.id, tracked);

    for (const [id, shown] of this.#shown) {
      if (wanted.has(id)) continue;
      // "Hide" and "Yes, not suspicious" take away the warning holding the focus: it goes to the
      // card or header the warning stood beside when that takes focus (LinkedIn's conversation
      // cards do), rather than to <body> at the top of the page. Nothing is added to LinkedIn's
      // page to make another element focusable.
      if (this.#options.doc.activeElement === shown.host.element) (shown.anchor as HTMLElement).focus();
      shown.host.destroy();
      this.#shown.delete(id);
    }
    const spans: Record<WarningLevel, Span[]> = { high: [], medium: [], low: [] };
    for (const [id, tracked] of wanted) {
      // A warning the page keeps taking away (see MAX_MOVES) takes its highlights with it.
      if (this.#show(id, tracked) && !tracked.stale) spans[tracked.verdict.level as WarningLevel].push(...evidenceSpans(tracked));
    }
    this.#options.highlighter.show(spans);
  }

  /** Shows, updates or puts back the warning for `tracked`; whether it is on the page, where it belongs. */
  #show(id: string, tracked: TrackedApproach): boolean {
    const anchor = tracked.extracted.anchor!;
    const placement = placementOf(tracked);
    const { approach } = tracked.extracted;
    // A message that changes no verdict (no new cue, no new quote) leaves the view as it was: it
    // is built from the verdict, the sender and the surface only. Rebuilding it anyway would cost
    // a flagged thread a render per message.
    const profile = normaliseProfileUrl(approach.sender.profileUrl);
    const notice = profile && this.#refused.has(profile.url) ? WARNING_NOT_SAVED : undefined;
    const key = `${approach.sender.name}|${approach.sender.profileUrl}|${approach.surface}|${tracked.extracted.meta.source}|${notice ?? ''}`;
    let shown = this.#shown.get(id);
    if (!shown) {
      shown = { host: createWarningHost(this.#options.doc), verdict: undefined, key: '', anchor, placement, moves: 0, since: 0 };
      this.#shown.set(id, shown);
    }
    if (!sameContent(shown.verdict, tracked.verdict) || shown.key !== key) {
      // A bubble is a small fixed window: the warning leaves room for the conversation and scrolls
      // (advice, buttons, opened details) inside itself instead of pushing the messages out. The
      // same conversation opened in the messaging pane after (the key holds the source) has room.
      const host = shown.host.element;
      if (tracked.extracted.meta.source === 'overlay') host.setAttribute(PLACE_ATTRIBUTE, 'bubble');
      else host.removeAttribute(PLACE_ATTRIBUTE);
      const { sender } = approach;
      const view = buildWarningView(tracked.verdict, this.#scorer, {
        surface: approach.surface,
        senderName: sender.name,
        // Only a member profile is something the Not-suspicious list can remember.
        hasProfile: profile !== undefined && profile.id !== profile.url,
        compact: tracked.extracted.meta.source === 'snippet',
        notice,
      });
      if (!view) return false;
      shown.host.update(view, {
        // Handlers outlive the view's approach (a view is kept while it says the same): they hold
        // the sender (plain data, part of the key) and the id, never page elements.
        onNotSuspicious: () => this.#dismiss(sender),
        onHide: () => {
          // The card as it is now: LinkedIn may have rendered it again since this view was built.
          const current = this.#shown.get(id)?.anchor;
          const base = baseId(id);
          const alone = kindsOf(this.#last).get(base) === 1;
          const hidden = this.#hidden.get(base) ?? { anchors: new WeakSet<Element>(), alone };
          hidden.alone &&= alone;
          if (current) hidden.anchors.add(current);
          this.#hidden.set(base, hidden);
          this.sync(this.#last);
        },
      });
      shown.verdict = tracked.verdict;
      shown.key = key;
    }
    if (shown.anchor !== anchor || shown.placement !== placement) {
      shown.anchor = anchor;
      shown.placement = placement;
    }
    if (isPlaced(shown)) return true;
    // LinkedIn re-renders a thread many times in a long session: the limit is per minute.
    const now = this.#options.now();
    if (now - shown.since >= 60_000) {
      shown.moves = 0;
      shown.since = now;
    }
    if (shown.moves >= MAX_MOVES) {
      this.retryAt = Math.min(this.retryAt ?? Infinity, shown.since + 60_000);
      return false;
    }
    shown.moves += 1;
    if (placement === 'append') anchor.append(shown.host.element);
    else anchor.after(shown.host.element);
    return true;
  }

  /**
   * Whether `node`, a warning host a mutation removed, is one of ours that is no longer where it
   * belongs: the page took it away (or moved it), so it must be put back. Not one we removed or
   * moved ourselves.
   */
  misplaced(node: Node): boolean {
    for (const shown of this.#shown.values()) if (shown.host.element === node) return !isPlaced(shown);
    return false;
  }

  #dismiss(sender: TrackedApproach['extracted']['approach']['sender']): void {
    const url = normaliseProfileUrl(sender.profileUrl)?.url;
    // Not stored, the dismissal would hold in this tab only, and only until it reloads: the
    // warning comes back and says why, rather than pretend.
    const refused = () => {
      this.#dismissed.delete(url!);
      this.#refused.add(url!);
      this.sync(this.#last);
    };
    if (!url || !this.#options.markNotSuspicious(url, sender.name, refused)) return;
    this.#refused.delete(url);
    this.#dismissed.add(url);
    this.sync(this.#last);
  }

  /** Number of warnings on the page where they belong (tests, logging). */
  get count(): number {
    let placed = 0;
    for (const shown of this.#shown.values()) if (isPlaced(shown)) placed++;
    return placed;
  }

  destroyAll(): void {
    for (const shown of this.#shown.values()) shown.host.destroy();
    this.#shown.clear();
    this.#options.highlighter.dispose();
  }
}
