// Rejects regular expressions that can backtrack catastrophically, before a pack is used.
//
// JavaScript's engine backtracks, so /(a+)+$/ takes seconds on thirty "a"s and a "!". A pack
// is data from outside, so every expression is parsed here and refused unless:
//   1. it uses only the regular subset: no back-references, no look-around;
//   2. no repeated part contains another repeated part (star height 1: no (a+)+);
//   3. no repeated group contains alternatives ((a|ab)* can match one string many ways);
//   4. no two variable-length parts in a row can trade characters (\w+\w+, .*x.*, \d*\d+),
//      which makes matching polynomial rather than linear; groups that are not repeated count
//      as the parts inside them ((?:\w+a)\w+ is \w+a\w+), and a group of unbounded length
//      ((\w+|x)) counts as one variable part;
//   5. bounded repetitions stay small ({n,m} with m ≤ 1000);
//   6. alternations whose branches can start alike ((a|ab), (x|x)) multiply the ways a failing
//      match is retried by their number of branches: the product stays at most 1000.
// The engine also runs expressions only on short units (a word, a link, a host, an e-mail
// address), so even the linear worst case is small.

export class UnsafeRegexError extends Error {}

type Node =
  | { t: 'atom'; src: string; any?: boolean }
  | { t: 'assert' }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'group'; body: Node }
  | { t: 'quant'; body: Node; min: number; max: number };

const MAX_REPEAT = 1000;
const INF = Number.POSITIVE_INFINITY;

class Parser {
  i = 0;
  constructor(private s: string) {}

  fail(msg: string): never {
    throw new UnsafeRegexError(`${msg} (at position ${this.i} of /${this.s}/)`);
  }

  parseAlt(): Node {
    const branches = [this.parseSeq()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.parseSeq());
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', branches };
  }

  parseSeq(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      let atom = this.parseAtom();
      const q = this.parseQuantifier();
      if (q) {
        if (atom.t === 'assert') this.fail('an assertion cannot be repeated');
        atom = { t: 'quant', body: atom, min: q[0], max: q[1] };
      }
      items.push(atom);
    }
    return { t: 'seq', items };
  }

  parseQuantifier(): [number, number] | undefined {
    const c = this.s[this.i];
    let q: [number, number] | undefined;
    if (c === '*') q = [0, INF];
    else if (c === '+') q = [1, INF];
    else if (c === '?') q = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? INF : Number(m[3]);
      if (max < min) this.fail('repetition bounds are reversed');
      if (min > MAX_REPEAT || (max !== INF && max > MAX_REPEAT)) this.fail(`repetition above ${MAX_REPEAT}`);
      this.i += m[0].length - 1;
      q = [min, max];
    }
    if (!q) return undefined;
    this.i++;
    if (this.s[this.i] === '?') this.i++; // lazy: same safety analysis
    if (this.s[this.i] === '*' || this.s[this.i] === '+' || this.s[this.i] === '{')
      this.fail('a repetition cannot itself be repeated');
    return q;
  }

  parseAtom(): Node {
    const start = this.i;
    const c = this.s[this.i]!;
    if (c === '(') {
      this.i++;
      if (this.s[this.i] === '?') {
        const next = this.s[this.i + 1];
        if (next === ':') this.i += 2;
        else if (next === '<' && /[A-Za-z]/.test(this.s[this.i + 2] ?? '')) {
          const close = this.s.indexOf('>', this.i);
          if (close < 0) this.fail('unterminated group name');
          this.i = close + 1;
        } else this.fail('look-around and other special groups are not allowed');
      }
      const body = this.parseAlt();
      if (this.s[this.i] !== ')') this.fail('unclosed group');
      this.i++;
      return { t: 'group', body };
    }
    if (c === '[') {
      this.i++;
      if (this.s[this.i] === '^') this.i++;
      if (this.s[this.i] === ']') this.i++;
      while (this.i < this.s.length && this.s[this.i] !== ']') {
        if (this.s[this.i] === '\\') this.i++;
        else if (this.s[this.i] === '[') this.fail('nested character classes are not allowed');
        this.i++;
      }
      if (this.s[this.i] !== ']') this.fail('unclosed character class');
      this.i++;
      return { t: 'atom', src: this.s.slice(start, this.i) };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { t: 'assert' };
    }
    if (c === '.') {
      this.i++;
      return { t: 'atom', src: '.', any: true };
    }
    if (c === '\\') {
      const e = this.s[this.i + 1];
      if (e === undefined) this.fail('trailing backslash');
      if (/[1-9]/.test(e) || e === 'k') this.fail('back-references are not allowed');
      if (e === 'b' || e === 'B') {
        this.i += 2;
        return { t: 'assert' };
      }
      if (e === 'u' && this.s[this.i + 2] === '{') {
        const close = this.s.indexOf('}', this.i);
        this.i = close + 1;
      } else if (e === 'u') this.i += 6;
      else if (e === 'x') this.i += 4;
      else if ((e === 'p' || e === 'P') && this.s[this.i + 2] === '{') {
        const close = this.s.indexOf('}', this.i);
        if (close < 0) this.fail('unterminated property escape');
        this.i = close + 1;
      } else this.i += 2;
      return { t: 'atom', src: this.s.slice(start, this.i) };
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') this.fail('nothing to repeat');
    this.i++;
    return { t: 'atom', src: c };
  }
}

// Characters used to compare what two parts can match. Covers ASCII and a sample of the
// rest, which is what rules running on folded text meet.
const PROBES: string[] = /* @__PURE__ */ (() => {
  const out: string[] = [];
  for (let c = 32; c < 127; c++) out.push(String.fromCharCode(c));
  out.push('\n', '\t', 'é', 'ß', '中', 'а', 'ω', '😀', '\u00a0');
  return out;
})();

const atomSets = new Map<string, Set<string>>();

function charSet(node: Node): Set<string> {
  switch (node.t) {
    case 'atom': {
      const key = node.any ? '.' : node.src;
      let set = atomSets.get(key);
      if (!set) {
        const re = node.any ? /^.$/u : new RegExp(`^${node.src}$`, 'u');
        set = new Set(PROBES.filter((p) => re.test(p)));
        // A class none of the sample falls in ([\u0100-\u017f]) is taken to hold every character:
        // as an empty set it would overlap nothing, and two of them in a row would pass.
        if (set.size === 0) set = new Set(PROBES);
        if (atomSets.size < 10_000) atomSets.set(key, set);
      }
      return set;
    }
    case 'assert':
      return new Set();
    case 'seq':
      return union(node.items.map(charSet));
    case 'alt':
      return union(node.branches.map(charSet));
    case 'group':
    case 'quant':
      return charSet(node.body);
  }
}

const union = (sets: Set<string>[]) => {
  const out = new Set<string>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
};
const intersects = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));
const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

const isVariable = (n: Node): boolean => {
  if (n.t === 'quant') return n.max > n.min;
  // A group or alternation whose length is unbounded ((\w+|x)); a few characters more or less
  // ((com|cn)) cannot multiply the work.
  return (n.t === 'group' || n.t === 'alt') && lengthBounds(n)[1] === INF;
};

/** The items of a sequence with the groups that are not repeated opened up, recursively. */
function flatten(items: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const x of items) {
    if (x.t === 'group' && x.body.t === 'seq') out.push(...flatten(x.body.items));
    else if (x.t === 'group' && x.body.t !== 'alt') out.push(x.body);
    else out.push(x);
  }
  return out;
}

/** The characters a node's match can start (or, with `fromEnd`, end) with: a sound over-estimate. */
function edgeChars(node: Node, fromEnd = false): Set<string> {
  switch (node.t) {
    case 'atom':
      return charSet(node);
    case 'assert':
      return new Set();
    case 'seq': {
      const out = new Set<string>();
      const items = fromEnd ? [...node.items].reverse() : node.items;
      for (const item of items) {
        for (const c of edgeChars(item, fromEnd)) out.add(c);
        if (lengthBounds(item)[0] > 0) break;
      }
      return out;
    }
    case 'alt':
      return union(node.branches.map((b) => edgeChars(b, fromEnd)));
    case 'group':
    case 'quant':
      return edgeChars(node.body, fromEnd);
  }
}

const MAX_AMBIGUOUS_PATHS = 1000;

/** The product of the branch counts of alternations with two branches that can start alike. */
function ambiguousPaths(node: Node): number {
  switch (node.t) {
    case 'alt': {
      const starts = node.branches.map((b) => edgeChars(b));
      const ambiguous = starts.some((a, i) => starts.slice(i + 1).some((b) => intersects(a, b)));
      return node.branches.reduce((n, b) => n * ambiguousPaths(b), ambiguous ? node.branches.length : 1);
    }
    case 'seq':
      return node.items.reduce((n, x) => n * ambiguousPaths(x), 1);
    case 'group':
    case 'quant':
      return ambiguousPaths(node.body);
    default:
      return 1;
  }
}
/** Repetition of a varying count: a fixed count (\d{3}) matches one way. */
const repeats = (n: Node): boolean => n.t === 'quant' && n.max > 1 && n.max !== n.min;

function contains(node: Node, pred: (n: Node) => boolean): boolean {
  switch (node.t) {
    case 'seq':
      return node.items.some((x) => pred(x) || contains(x, pred));
    case 'alt':
      return node.branches.some((x) => pred(x) || contains(x, pred));
    case 'group':
    case 'quant':
      return pred(node.body) || contains(node.body, pred);
    default:
      return false;
  }
}

function check(node: Node, s: string): void {
  switch (node.t) {
    case 'quant':
      if (node.max > 1) {
        if (contains(node, repeats)) throw new UnsafeRegexError(`nested repetition in /${s}/ can backtrack exponentially`);
        if (contains(node, (n) => n.t === 'alt'))
          throw new UnsafeRegexError(`a repeated group with alternatives in /${s}/ can backtrack exponentially`);
        // (?:aa?)+ is (a|aa)+: a repeated part that can be longer or shorter splits a run many ways.
        const [shortest, longest] = lengthBounds(node.body, true);
        if (shortest !== longest) throw new UnsafeRegexError(`a repeated part of varying length in /${s}/ can backtrack exponentially`);
      }
      check(node.body, s);
      return;
    case 'group':
      check(node.body, s);
      return;
    case 'alt':
      node.branches.forEach((b) => check(b, s));
      return;
    case 'seq': {
      node.items.forEach((x) => check(x, s));
      const items = flatten(node.items);
      for (let a = 0; a < items.length; a++) {
        const x = items[a]!;
        if (!isVariable(x)) continue;
        const setX = charSet(x);
        for (let b = a + 1; b < items.length; b++) {
          const y = items[b]!;
          // Two parts trade characters only when x can end with one y may hold and y can start
          // with one x may hold: ([\w-]+\.)?[a-z]+ splits only at its dot.
          if (isVariable(y) && intersects(edgeChars(x, true), charSet(y)) && intersects(edgeChars(y), setX))
            throw new UnsafeRegexError(`/${s}/ has two variable-length parts that overlap, which backtracks polynomially`);
          // Optional parts, and parts x could itself absorb, do not separate x from what follows.
          const optional = y.t === 'assert' || (y.t === 'quant' && y.min === 0);
          if (!optional && !subset(charSet(y), setX)) break;
        }
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Shortest and longest string the expression can match (Infinity when unbounded), in UTF-16
 * units, or with `points` in characters (an atom is one, astral or not).
 */
function lengthBounds(node: Node, points = false): [number, number] {
  switch (node.t) {
    case 'atom':
      return [1, !points && (/^\\u\{|^\\p\{|^\\P\{/.test(node.src) || node.any) ? 2 : 1];
    case 'assert':
      return [0, 0];
    case 'seq':
      return node.items.map((x) => lengthBounds(x, points)).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    case 'alt': {
      const bs = node.branches.map((x) => lengthBounds(x, points));
      return [Math.min(...bs.map((b) => b[0])), Math.max(...bs.map((b) => b[1]))];
    }
    case 'group':
      return lengthBounds(node.body, points);
    case 'quant': {
      const [a, b] = lengthBounds(node.body, points);
      return [a * node.min, node.max === INF ? INF : b * node.max];
    }
  }
}

export interface SafeRegex {
  re: RegExp;
  /** Bounds on the length of a whole-unit match, used to skip units that cannot match. */
  minLength: number;
  maxLength: number;
  /** True when the expression starts with ^ and ends with $ (it must match the whole unit). */
  anchored: boolean;
}

/** Like compileSafeRegex, with length bounds for fast pre-filtering. */
export function analyseSafeRegex(source: string): SafeRegex {
  const { re, ast } = checkRegex(source);
  const [minLength, maxLength] = lengthBounds(ast);
  const anchored = /^\^/.test(source) && /\$$/.test(source) && !source.includes('|');
  return { re, minLength, maxLength, anchored };
}

/** Throws UnsafeRegexError with the reason, or returns the compiled expression. */
export function compileSafeRegex(source: string): RegExp {
  return checkRegex(source).re;
}

function checkRegex(source: string): { re: RegExp; ast: Node } {
  let re: RegExp;
  try {
    re = new RegExp(source, 'u');
  } catch (e) {
    throw new UnsafeRegexError(`/${source}/ is not a valid expression: ${(e as Error).message}`);
  }
  const p = new Parser(source);
  const ast = p.parseAlt();
  if (p.i !== source.length) p.fail('unbalanced ")"');
  check(ast, source);
  if (ambiguousPaths(ast) > MAX_AMBIGUOUS_PATHS)
    throw new UnsafeRegexError(`/${source}/ has alternations whose branches can start alike, ${MAX_AMBIGUOUS_PATHS}+ ways to retry, which backtracks exponentially`);
  return { re, ast };
}

/**
 * Strings that make a backtracking engine work hardest on this expression: runs of the
 * characters each repeated part accepts, ended by a character nothing expects. Used by the
 * tests and the benchmark to show that accepted expressions stay fast.
 */
export function adversarialInputs(source: string, length = 5000): string[] {
  const p = new Parser(source);
  const ast = p.parseAlt();
  const sets: Set<string>[] = [];
  const walk = (n: Node) => {
    if (n.t === 'quant') sets.push(charSet(n.body));
    if (n.t === 'seq') n.items.forEach(walk);
    if (n.t === 'alt') n.branches.forEach(walk);
    if (n.t === 'group' || n.t === 'quant') walk(n.body);
  };
  walk(ast);
  const all = charSet(ast);
  const outsider = PROBES.find((c) => !all.has(c)) ?? '\u0000';
  const inputs = sets.map((set) => {
    const chars = [...set].filter((c) => c.length === 1);
    const unit = chars.slice(0, 3).join('') || 'a';
    return unit.repeat(Math.ceil(length / unit.length)).slice(0, length) + outsider;
  });
  inputs.push('a'.repeat(length) + outsider);
  return inputs;
}
