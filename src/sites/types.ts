// The site adapter contract (DESIGN.md, "Data flow"): adapters read a page's DOM and return
// plain Approaches plus the DOM handles the in-page UI needs. They never score, never render
// and never call browser.* APIs, so they run unchanged in the content script and in vitest.
import type { Approach } from '../engine/types';

/**
 * Selectors as data: for each target, CSS alternatives tried in order (stable hooks first).
 * A rule pack may prepend its own alternatives (see `mergeSelectorOverrides`).
 */
export type SelectorRegistry<T extends string = string> = { readonly [K in T]: readonly string[] };

/**
 * One run of characters copied one-for-one from a DOM text node into the extracted text:
 * `text.slice(start, end)` corresponds to `node.data.slice(nodeOffset, nodeOffset + end - start)`
 * (identical, except that a collapsed whitespace run is written as one space).
 * Characters the extractor adds itself (line breaks for `<br>` and block boundaries) belong to
 * no segment.
 */
export interface TextSegment {
  node: Text;
  nodeOffset: number;
  start: number;
  end: number;
}

/** Extracted text together with the way back from text offsets to the DOM. */
export interface TextMap {
  text: string;
  /** In text order, non-overlapping, `start` strictly increasing. */
  segments: TextSegment[];
  /** The elements the text was read from (message body, subject line, About paragraph). */
  elements: Element[];
}

/** Extras a surface shows that the shared `Approach` has no field for (UI and logging only). */
export interface ApproachMeta {
  /** What the approach was read from; a `snippet` is the conversation list's one-line preview. */
  source: 'thread' | 'overlay' | 'snippet' | 'invitation' | 'profile';
  /** LinkedIn's own pill or banner, as shown: "InMail", "Sponsored", "LinkedIn Offer". */
  pill?: string;
  sponsored?: boolean;
  unread?: boolean;
  unreadCount?: number;
  /** Conversation list time label as shown ("Apr 8", "Tuesday", "3:45 PM"). */
  lastActivity?: string;
  /** Invitation cards: "12 mutual connections". */
  mutualConnections?: number;
  /** InMail subject line (also prepended to the first message's text). */
  subject?: string;
  /** "About this profile" verification lines, as shown. */
  verifications?: string[];
  /** "About this profile" was open and read. */
  aboutThisProfile?: boolean;
  /**
   * The sender's photo on LinkedIn's image host (src/messaging/photo-url.ts), for the popup only.
   * Kept out of `Approach.sender` because nothing is scored from it.
   */
  photoUrl?: string;
}

export interface ExtractedApproach {
  approach: Approach;
  /** Where an in-page warning goes: thread header, invitation card, profile top card. */
  anchor: Element | null;
  /** Parallel to `approach.messages`: `texts[i].text === approach.messages[i].text`. */
  texts: TextMap[];
  /** Sender fields read from a single element, for highlighting sender-field evidence. */
  fields: Partial<Record<'name' | 'headline' | 'company', TextMap>>;
  meta: ApproachMeta;
}

export interface AdapterResult {
  approaches: ExtractedApproach[];
  /**
   * Selector targets the adapter needed here and could not match at all, by target id, sorted.
   * A non-empty list usually means the site changed its markup; log it once per surface.
   */
  missing: string[];
}

export interface SiteAdapter<T extends string = string> {
  /** Stable, kebab-case, prefixed with the site: `linkedin-messaging`. */
  readonly id: string;
  matches(url: URL): boolean;
  /** Never throws on unexpected markup: missing elements give missing fields. */
  extract(root: ParentNode, url: URL, selectors: SelectorRegistry<T>): AdapterResult;
}
