// The canonical JSON form of a pack: fixed key order, two-space indentation, final newline.
// Signatures are made over these exact bytes, so the same pack always serialises the same way.

const KEY_ORDER = [
  // pack frame
  'format', 'id', 'name', 'version', 'publisher', 'published', 'expires', 'homepage',
  'thresholds', 'indicators', 'combinations', 'rules', 'entities', 'selectors', 'disable', 'reweight',
  // thresholds
  'low', 'medium', 'high',
  // indicator config
  'title', 'summary', 'cap', 'weak', 'amplifier',
  // combination
  'when', 'bonus', 'min',
  // rule
  'indicator', 'weight', 'weak', 'status', 'description', 'advice', 'references', 'surfaces', 'negation', 'all', 'any', 'examples',
  // matchers
  'phrases', 'near', 'a', 'b', 'within', 'ordered', 'in', 'regex', 'scope', 'unless', 'profile', 'entity', 'heuristic', 'minSignals',
  // examples
  'match', 'no_match', 'text', 'sender', 'surface', 'platformWarning',
  // entity
  'type', 'aliases', 'organisations', 'profileUrls', 'matchInText', 'claimedRole', 'flaggedBy', 'source', 'confidence', 'notes',
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function order(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(order);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (RANK.get(a) ?? 1000) - (RANK.get(b) ?? 1000) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, order(v)]));
}

export function canonicalJson(pack: unknown): string {
  return `${JSON.stringify(order(pack), null, 2)}\n`;
}
