// What an adapter read from an element, remembered until the page changes under it. A LinkedIn
// thread re-renders around every new message, but the earlier messages and the conversation
// cards stay the same nodes: re-reading them on every scan would make each new message cost as
// much as the whole page. The content script switches the cache on and forgets an element and
// its ancestors whenever a mutation touches them; without that wiring (tests, other callers)
// nothing is remembered. Attribute changes are not observed: marks that change alone (the
// active card) are read afresh after each in-app navigation, when the cache starts empty.

interface Entry {
  value: unknown;
  dead: boolean;
  /** For a remembered query: where in `added` it stopped, and `blind` then. */
  at?: number;
  blind?: number;
}

let enabled = false;
let store = new WeakMap<Node, Map<string, Entry>>();
/** Every node a mutation touched, or that has a touched descendant, since the cache started. */
let touched = new WeakSet<Node>();
/** Nodes added since the cache started (the latest ones), for remembered queries to look at. */
let added: Node[] = [];
/** How many earlier additions were let go from `added`. */
let dropped = 0;
/** Changes reported without the nodes they added: remembered queries cannot follow them. */
let blind = 0;
const registryIds = new WeakMap<object, number>();
let nextRegistryId = 1;

/** Turns remembering on (with invalidation wired by the caller) or off; either way starts empty. */
export function setExtractionCache(on: boolean): void {
  enabled = on;
  store = new WeakMap();
  touched = new WeakSet();
  dropped += added.length;
  added = [];
}

/** A stable number per selector registry, so a new pack's selectors never reuse old reads. */
export function registryKey(registry: object): number {
  let id = registryIds.get(registry);
  if (id === undefined) registryIds.set(registry, (id = nextRegistryId++));
  return id;
}

/**
 * `make()`'s result for `node` and `key`, computed once while the node is unchanged. `again`
 * says that something under the node changed since the cache started, so `make` may ask the
 * children (most of them unchanged, and remembered) instead of reading the whole subtree.
 */
export function remember<T>(node: Node, key: string, make: (again: boolean) => T): T {
  if (!enabled) return make(false);
  let map = store.get(node);
  const entry = map?.get(key);
  if (entry && !entry.dead) return entry.value as T;
  const value = make(touched.has(node));
  if (!map) store.set(node, (map = new Map()));
  map.set(key, { value, dead: false });
  return value;
}

/**
 * A mutation touched `node`: whatever was read from it or any ancestor is out of date. The
 * nodes it added (a MutationRecord's `addedNodes`) let remembered queries look at just those.
 */
export function forgetAround(node: Node | null, addedNodes?: ArrayLike<Node>): void {
  if (!enabled) return;
  for (let n = node; n; n = n.parentNode) {
    touched.add(n);
    const map = store.get(n);
    if (map) for (const entry of map.values()) entry.dead = true;
  }
  if (!addedNodes) blind++;
  else for (let i = 0; i < addedNodes.length; i++) added.push(addedNodes[i]!);
  if (added.length > 500) {
    dropped += added.length;
    added = [];
  }
}

/**
 * `scope.querySelector(selector)`. Under a node that changed (the thread pane, the page), the
 * answer is remembered, and once a mutation makes it out of date only the nodes added since
 * are asked, so a new message costs the message, not a query over the thread or the page.
 * That holds for a selector of one compound (tag, id, classes, attributes), which matches on
 * an element's own markup: combinators and pseudo-classes can depend on other elements, and
 * those are always asked of the browser. Attribute changes are not observed (see above).
 */
export function firstIn(scope: ParentNode, selector: string): Element | null {
  if (!enabled || !touched.has(scope as Node) || /[\s>+~,:]/.test(selector.replace(/\[[^\]]*\]/g, ''))) return scope.querySelector(selector);
  let map = store.get(scope as Node);
  const entry = map?.get(selector);
  if (entry && !entry.dead) return entry.value as Element | null;
  let hit = entry?.value as Element | null | undefined;
  const from = (entry?.at ?? -1) - dropped;
  // Removals cannot add a match: only a removed answer has to be looked for again.
  if (from < 0 || entry!.blind !== blind || (hit && !scope.contains(hit))) hit = scope.querySelector(selector);
  else {
    for (let i = from; i < added.length; i++) {
      const node = added[i]! as Element;
      if (node.nodeType !== 1 || !scope.contains(node)) continue;
      const found = node.matches(selector) ? node : node.querySelector(selector);
      // The earlier of the two in the page wins, as it would in querySelector.
      if (found && (!hit || found.compareDocumentPosition(hit) & 4)) hit = found;
    }
  }
  if (!map) store.set(scope as Node, (map = new Map()));
  map.set(selector, { value: hit ?? null, dead: false, at: dropped + added.length, blind });
  return hit ?? null;
}
