// What an adapter read from an element, remembered until the page changes under it. A LinkedIn
// thread re-renders around every new message, but the earlier messages and the conversation
// cards stay the same nodes: re-reading them on every scan would make each new message cost as
// much as the whole page. The content script switches the cache on and forgets an element and
// its ancestors whenever a mutation touches them; without that wiring (tests, other callers)
// nothing is remembered. Of the attribute changes only `src` is observed (LinkedIn swaps photos
// in after a placeholder): marks that change alone (the active card) are read afresh after each
// in-app navigation, when the cache starts empty, and the messaging adapter merges a card into
// the open thread only when it names the thread's person (or group). A node a mutation takes out of the page
// is forgotten with everything under it: what was read there may depend on where it was (a
// look-up whose selector names its ancestors, the group a message sits in), and out of the page
// a change to it reaches no observer, so whatever comes back (moved, or put back later) is read
// afresh.
import { memoised } from '../engine/memo';

interface Entry {
  value: unknown;
  dead: boolean;
  /** A mutation under the node may have removed something since the value was made. */
  removals: boolean;
  /** Where the log of changes stood when the value was made, and `blind` then. */
  at: number;
  blind: number;
}

/** What changed under a node since its last value. */
export interface Changes {
  /** The nodes added under it (or whose text changed) since, oldest first: undefined when the cache cannot tell. */
  added(): readonly Node[] | undefined;
  /** Whether a node may have left it since: false only when every mutation under it said it removed nothing. */
  readonly removals: boolean;
}

let enabled = false;
let store = new WeakMap<Node, Map<string, Entry>>();
/**
 * Every node a mutation touched, or that has a touched descendant, since the cache started, and
 * the scopes whose look-ups are kept from the start (`keepLookups`).
 */
let touched = new WeakSet<Node>();
/** The latest nodes mutations added, or whose text they changed, oldest first. */
let changed: Node[] = [];
/** How many earlier ones were let go from `changed`. */
let dropped = 0;
/** Mutations reported without the nodes they added: what changed cannot be told after one. */
let blind = 0;
const registryIds = new WeakMap<object, number>();
let nextRegistryId = 1;

const UNKNOWN: Changes = { added: () => undefined, removals: true };

/** Turns remembering on (with invalidation wired by the caller) or off; either way starts empty. */
export function setExtractionCache(on: boolean): void {
  enabled = on;
  store = new WeakMap();
  touched = new WeakSet();
  dropped += changed.length;
  changed = [];
}

/** A stable number per selector registry, so a new pack's selectors never reuse old reads. */
export function registryKey(registry: object): number {
  let id = registryIds.get(registry);
  if (id === undefined) registryIds.set(registry, (id = nextRegistryId++));
  return id;
}

/**
 * `make()`'s result for `node` and `key`, computed once while the node is unchanged. When an
 * earlier result went out of date, `make` gets it and can ask what changed under the node
 * since, so it may look at just that instead of reading the whole subtree again.
 */
export function remember<T>(node: Node, key: string, make: (changes: Changes, previous?: T) => T): T {
  if (!enabled) return make(UNKNOWN);
  let map = store.get(node);
  const entry = map?.get(key);
  if (entry && !entry.dead) return entry.value as T;
  const changes: Changes = {
    added: () => (entry && entry.blind === blind && entry.at >= dropped ? changed.slice(entry.at - dropped).filter((n) => node.contains(n)) : undefined),
    removals: entry?.removals ?? true,
  };
  const value = make(changes, entry?.value as T | undefined);
  if (!map) store.set(node, (map = new Map()));
  map.set(key, { value, dead: false, removals: false, at: dropped + changed.length, blind });
  return value;
}

/**
 * A mutation touched `node`: whatever was read from it or any ancestor is out of date. The nodes
 * it added (or, for a text change, the text node) let reads that can look at just those do so;
 * without them, such reads read everything again. So do reads under it when it may have removed
 * nodes: `removedNodes` says it did not only when it is given and empty.
 */
export function forgetAround(node: Node | null, changedNodes?: ArrayLike<Node>, removedNodes?: ArrayLike<Node>): void {
  if (!enabled) return;
  const removals = removedNodes === undefined || removedNodes.length > 0;
  for (let n = node; n; n = n.parentNode) {
    touched.add(n);
    const map = store.get(n);
    if (map)
      for (const entry of map.values()) {
        entry.dead = true;
        if (removals) entry.removals = true;
      }
  }
  if (removedNodes?.length) forgetGone(removedNodes);
  if (!changedNodes) blind++;
  else for (let i = 0; i < changedNodes.length; i++) changed.push(changedNodes[i]!);
  if (changed.length > 500) {
    dropped += changed.length;
    changed = [];
  }
}

/**
 * What left the page, forgotten with everything under it: out of the page a change to it reaches
 * no observer, so if it comes back (moved, or put back later, alone or inside new content), it is
 * read afresh. New content, the common change, costs nothing here.
 */
function forgetGone(removedNodes: ArrayLike<Node>): void {
  for (let i = 0; i < removedNodes.length; i++) {
    const gone = removedNodes[i]!;
    store.delete(gone);
    for (const node of (gone as Element).querySelectorAll?.('*') ?? []) store.delete(node);
  }
}

/**
 * Whether look-ups under `scope` are remembered: only where something changed, so reads of
 * unchanged parts (a card, read once) pay nothing for the bookkeeping.
 */
export const keeps = (scope: ParentNode): boolean => enabled && touched.has(scope as Node);

/**
 * Remember look-ups under `scope` before anything under it changes: for the scopes every scan
 * asks again (the page, the thread pane, the conversation list), so that the first change after
 * a page's first scan already costs what it added, not a query over the scope.
 */
export function keepLookups(scope: ParentNode): void {
  if (enabled) touched.add(scope as Node);
}

// A selector without sibling combinators or pseudo-classes matches on an element's own markup
// and its ancestors' (tag, id, classes, attributes), so its matches change only where nodes
// were added or moved (attribute changes are not observed, see above). Sibling combinators
// and pseudo-classes can change with other elements: those are always asked of the browser.
// Selectors come from the pack: a page sees a few dozen.
const followable = memoised(1000, (selector: string) => !/[+~:]/.test(selector.replace(/\[[^\]]*\]/g, '')));

/** `a` comes after `b` in document order, or inside it. */
const follows = (a: Node, b: Node): boolean => (b.compareDocumentPosition(a) & 4) !== 0;

/**
 * `scope.querySelectorAll(selector)`, or its first match only. Under a node that changed (the
 * thread pane, the page) the answer is remembered, and once a mutation makes it out of date
 * only the nodes added since are asked: a new message costs the message, not a query over the
 * thread or the page. The answers already known are checked again only when something may have
 * left the scope since: a node that moves is removed first, so without removals they are all
 * still there, and still match.
 */
export function queryKept(scope: ParentNode, selector: string, firstOnly: boolean): readonly Element[] {
  const ask = (): Element[] => {
    if (!firstOnly) return [...scope.querySelectorAll(selector)];
    const hit = scope.querySelector(selector);
    return hit ? [hit] : [];
  };
  if (!keeps(scope) || !followable(selector)) return ask();
  return remember(scope as Node, (firstOnly ? '1 ' : '* ') + selector, (changes, previous: readonly Element[] | undefined) => {
    const since = changes.added();
    if (!since || !previous) return ask();
    const hits = changes.removals ? previous.filter((hit) => scope.contains(hit) && hit.matches(selector)) : [...previous];
    // A first match that left may have left another one first: ask the browser.
    if (hits.length < previous.length && firstOnly) return ask();
    return firstOnly ? firstAfter(hits[0], since, selector, ask) : allAfter(hits, since, selector, changes.removals);
  });
}

/** The first match once `since` arrived, given the first one before (if any). */
function firstAfter(first: Element | undefined, since: readonly Node[], selector: string, ask: () => Element[]): Element[] {
  for (const node of since) {
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (first) {
      // It moved: whatever was after it may now come first.
      if (element.contains(first)) return ask();
      // Nothing after the first match, or inside it, can come before it.
      if (follows(element, first)) continue;
    }
    // Before the first match (and not around it): its first match comes before it.
    const found = element.matches(selector) ? element : element.querySelector(selector);
    if (found) first = found;
  }
  return first ? [first] : [];
}

/** Every match once `since` arrived, given the ones before, in document order. */
function allAfter(hits: Element[], since: readonly Node[], selector: string, removals: boolean): Element[] {
  // A node that moved takes its matches with it: they are placed again where it is now. One that
  // only arrived holds none of them. All are taken out first, so that nothing that arrived in the
  // same batch is placed against where a moved one was.
  if (removals) for (const node of since) for (let i = hits.length - 1; i >= 0; i--) if (node.contains(hits[i]!)) hits.splice(i, 1);
  for (const node of since) {
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    const inside = element.querySelectorAll(selector);
    for (let k = element.matches(selector) ? -1 : 0; k < inside.length; k++) {
      const found = k < 0 ? element : inside[k]!;
      // In document order, as the browser gives them; a node added twice counts once.
      let i = hits.length;
      while (i > 0 && follows(hits[i - 1]!, found)) i--;
      if (hits[i - 1] !== found) hits.splice(i, 0, found);
    }
  }
  return hits;
}
