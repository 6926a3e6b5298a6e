// Answers of a pure function kept by key, a bounded number of them: for look-ups asked again and
// again with the same few keys (a sender's address on every scan, a pack's selectors).

/** `make`, with up to `limit` answers kept by key; when that many are kept, the list starts again. */
export function memoised<K, V>(limit: number, make: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    if (kept.has(key)) return kept.get(key) as V;
    if (kept.size >= limit) kept.clear();
    const value = make(key);
    kept.set(key, value);
    return value;
  };
}
