// What an adapter read from an element, remembered until the page changes under it. A LinkedIn
// thread re-renders around every new message, but the earlier messages and the conversation
// cards stay the same nodes: re-reading them on every scan would make each new message cost as
// much as the whole page. The content script switches the cache on and forgets an element and
// its ancestors whenever a mutation touches them; without that wiring (tests, other callers)
// nothing is remembered.

interface Entry {
  value: unknown;
  dead: boolean;
}

let enabled = false;
let store = new WeakMap<Node, Map<string, Entry>>();
const registryIds = new WeakMap<object, number>();
let nextRegistryId = 1;

/** Turns remembering on (with invalidation wired by the caller) or off; either way starts empty. */
export function setExtractionCache(on: boolean): void {
  enabled = on;
  store = new WeakMap();
}

/** A stable number per selector registry, so a new pack's selectors never reuse old reads. */
export function registryKey(registry: object): number {
  let id = registryIds.get(registry);
  if (id === undefined) registryIds.set(registry, (id = nextRegistryId++));
  return id;
}

/** `make()`'s result for `element` and `key`, computed once while the element is unchanged. */
export function remember<T>(element: Element, key: string, make: () => T): T {
  if (!enabled) return make();
  const entry = store.get(element)?.get(key);
  if (entry && !entry.dead) return entry.value as T;
  const value = make();
  let map = store.get(element);
  if (!map) store.set(element, (map = new Map()));
  map.set(key, { value, dead: false });
  return value;
}

/** A mutation touched `node`: whatever was read from it or any ancestor is out of date. */
export function forgetAround(node: Node | null): void {
  if (!enabled) return;
  for (let n = node; n; n = n.parentNode) {
    const map = store.get(n);
    if (!map) continue;
    for (const entry of map.values()) entry.dead = true;
    store.delete(n);
  }
}
