// Site-independent selector handling: validating and merging rule-pack overrides, and looking
// targets up with alternatives while recording which required targets matched nothing.
import { keeps, queryKept } from './extraction-cache';
import type { SelectorRegistry } from './types';

export interface SelectorOverrideError {
  target: string;
  /** The offending value, stringified (it may not even be a string). */
  selector: string;
  reason: string;
}

export interface MergedSelectors<T extends string> {
  selectors: SelectorRegistry<T>;
  /** Every override that was dropped, with the reason; the rest were merged. */
  errors: SelectorOverrideError[];
}

// Pack selectors are data from the network (signed, but still): keep them small and boring.
const MAX_SELECTOR_LENGTH = 500;
const MAX_ALTERNATIVES_PER_TARGET = 20;

// Pseudo-classes browsers support in querySelector. Anything else is rejected here even where
// a DOM would accept it (happy-dom silently accepts jQuery's `:contains()`, browsers throw).
const PSEUDO_CLASSES = new Set([
  'active', 'any-link', 'checked', 'default', 'defined', 'dir', 'disabled', 'empty', 'enabled',
  'first-child', 'first-of-type', 'focus', 'focus-visible', 'focus-within', 'has', 'hover',
  'indeterminate', 'is', 'lang', 'last-child', 'last-of-type', 'link', 'not', 'nth-child',
  'nth-last-child', 'nth-last-of-type', 'nth-of-type', 'only-child', 'only-of-type', 'optional',
  'placeholder-shown', 'read-only', 'read-write', 'required', 'root', 'scope', 'target', 'visited',
  'where',
]);

/** Why `selector` cannot be used, or null when it is a usable CSS selector list. */
export function selectorProblem(selector: unknown): string | null {
  if (typeof selector !== 'string') return 'not a string';
  const trimmed = selector.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.length > MAX_SELECTOR_LENGTH) return `longer than ${MAX_SELECTOR_LENGTH} characters`;
  const syntax = syntaxProblem(trimmed);
  if (syntax) return syntax;
  // Final word from a real parser when one is around (content script, tests).
  const doc = (globalThis as { document?: Document }).document;
  if (doc && typeof doc.createDocumentFragment === 'function') {
    try {
      doc.createDocumentFragment().querySelector(trimmed);
    } catch (error) {
      return `not a valid selector (${error instanceof Error ? error.name : 'parse error'})`;
    }
  }
  return null;
}

function syntaxProblem(selector: string): string | null {
  let quote: string | null = null;
  let brackets = 0;
  let parens = 0;
  for (let i = 0; i < selector.length; i++) {
    const char = selector.charAt(i);
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '[') brackets += 1;
    else if (char === ']') brackets -= 1;
    else if (char === '(') parens += 1;
    else if (char === ')') parens -= 1;
    else if ('{};<@!'.includes(char)) return `unexpected "${char}"`;
    else if (char === ':' && brackets === 0) {
      if (selector.charAt(i + 1) === ':') return 'pseudo-elements never match in querySelector';
      const name = /^[a-zA-Z-]+/.exec(selector.slice(i + 1))?.[0]?.toLowerCase() ?? '';
      if (!PSEUDO_CLASSES.has(name)) return `unsupported pseudo-class ":${name}"`;
    }
    if (brackets < 0 || parens < 0) return 'unbalanced brackets';
  }
  if (quote) return 'unterminated string';
  if (brackets !== 0 || parens !== 0) return 'unbalanced brackets';
  return null;
}

/**
 * Merges rule-pack overrides (`{ [targetId]: string[] }`) into `base`: valid override
 * alternatives are tried first, then the built-in ones. Invalid selectors, unknown targets and
 * malformed values are dropped and reported; this never throws.
 */
export function mergeSelectorOverrides<T extends string>(
  base: SelectorRegistry<T>,
  overrides: unknown,
): MergedSelectors<T> {
  const errors: SelectorOverrideError[] = [];
  const merged: Record<string, readonly string[]> = { ...base };
  if (overrides === undefined || overrides === null) return { selectors: base, errors };
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    errors.push({ target: '*', selector: describe(overrides), reason: 'overrides must be an object of arrays' });
    return { selectors: base, errors };
  }
  for (const [target, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (!Object.prototype.hasOwnProperty.call(base, target)) {
      errors.push({ target, selector: describe(value), reason: 'unknown selector target' });
      continue;
    }
    if (!Array.isArray(value)) {
      errors.push({ target, selector: describe(value), reason: 'expected an array of selectors' });
      continue;
    }
    const accepted: string[] = [];
    for (const candidate of value.slice(0, MAX_ALTERNATIVES_PER_TARGET)) {
      const problem = selectorProblem(candidate);
      if (problem) errors.push({ target, selector: describe(candidate), reason: problem });
      else accepted.push((candidate as string).trim());
    }
    if (value.length > MAX_ALTERNATIVES_PER_TARGET) {
      errors.push({ target, selector: `(${value.length - MAX_ALTERNATIVES_PER_TARGET} more)`, reason: 'too many alternatives' });
    }
    const builtIn = base[target as T];
    merged[target] = [...new Set([...accepted, ...builtIn])];
  }
  return { selectors: merged as SelectorRegistry<T>, errors };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Looks targets up alternative by alternative (the first alternative that matches wins) and
 * remembers required targets that never matched during one extraction.
 */
export class SelectorLookup<T extends string> {
  private readonly looked = new Set<T>();
  private readonly found = new Set<T>();

  constructor(readonly registry: SelectorRegistry<T>) {}

  // The look-ups below run hundreds of times in a page's first scan, while the code is still
  // cold: plain indexed loops with the try inline, no closure per alternative. A selector the
  // browser rejects (a bad pack override) matches nothing.

  /** First element matching the first alternative that matches anything under `scope`. */
  one(scope: ParentNode | null | undefined, target: T, required = false): Element | null {
    const list = this.alternatives(target);
    const kept = scope && keeps(scope);
    let hit: Element | null = null;
    for (let i = 0; scope && !hit && i < list.length; i++) {
      try {
        hit = kept ? (queryKept(scope, list[i]!, true)[0] ?? null) : scope.querySelector(list[i]!);
      } catch {
        // Rejected: still no hit.
      }
    }
    this.note(target, required, hit !== null);
    return hit;
  }

  /** All elements matching the first alternative that matches anything under `scope`. */
  all(scope: ParentNode | null | undefined, target: T, required = false): readonly Element[] {
    const list = this.alternatives(target);
    const kept = scope && keeps(scope);
    let hits: readonly Element[] = [];
    for (let i = 0; scope && hits.length === 0 && i < list.length; i++) {
      try {
        hits = kept ? queryKept(scope, list[i]!, false) : [...scope.querySelectorAll(list[i]!)];
      } catch {
        // Rejected: still no hits.
      }
    }
    this.note(target, required, hits.length > 0);
    return hits;
  }

  /** Whether `element` matches any alternative. */
  matches(element: Element, target: T): boolean {
    return this.upFrom(element, target, false) !== null;
  }

  /** Nearest ancestor-or-self matching any alternative, tried in order. */
  closest(element: Element, target: T): Element | null {
    return this.upFrom(element, target, true);
  }

  /** Every alternative, for targets that describe a set rather than one thing (text to skip). */
  list(target: T): readonly string[] {
    return this.alternatives(target);
  }

  /** Marks a required target as looked for, and whether it was found, without querying. */
  note(target: T, required: boolean, found: boolean): void {
    if (found) this.found.add(target);
    if (required) this.looked.add(target);
  }

  /** Required targets that were looked for and never found, sorted. */
  missing(): string[] {
    return [...this.looked].filter((target) => !this.found.has(target)).sort();
  }

  /** `element` (or, with `ancestors`, its nearest ancestor-or-self) matching an alternative. */
  private upFrom(element: Element, target: T, ancestors: boolean): Element | null {
    const list = this.alternatives(target);
    for (let i = 0; i < list.length; i++) {
      try {
        const hit = ancestors ? element.closest(list[i]!) : element.matches(list[i]!) ? element : null;
        if (hit) return hit;
      } catch {
        // Rejected: try the next alternative.
      }
    }
    return null;
  }

  private alternatives(target: T): readonly string[] {
    return this.registry[target] ?? [];
  }
}
