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
}

let enabled = false;
let store = new WeakMap<Node, Map<string, Entry>>();
/** Every node a mutation touched, or that has a touched descendant, since the cache started. */
let touched = new WeakSet<Node>();
const registryIds = new WeakMap<object, number>();
let nextRegistryId = 1;

/** Turns remembering on (with invalidation wired by the caller) or off; either way starts empty. */
export function setExtractionCache(on: boolean): void {
  enabled = on;
  store = new WeakMap();
  touched = new WeakSet();
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

/** A mutation touched `node`: whatever was read from it or any ancestor is out of date. */
export function forgetAround(node: Node | null): void {
  if (!enabled) return;
  for (let n = node; n; n = n.parentNode) {
    touched.add(n);
    const map = store.get(n);
    if (map) for (const entry of map.values()) entry.dead = true;
  }
}
