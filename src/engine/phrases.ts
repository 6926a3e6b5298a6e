// Phrase patterns and the index that finds them all in one pass over the tokens.
//
// Syntax, kept small so security teams can write it without learning regex:
//   words            matched as whole words after normalisation ("non-public" = "non public")
//   word*            a word starting with "word" (recruit* → recruiter, recruiting)
//   (a|b c)          alternatives for one place, each may be several words
//   [word]           an optional word or words
//   {num}            any number;  {money}  a number with a currency sign or word
//   ~N               up to N other words in between (N ≤ 6)
// Alternatives and optional parts are expanded when the pack is compiled, never per message.
import { fold } from './normalise';
import { hashOf, malformedPack, type Lexicon } from './lexicon';
import { sameSentence, tokenise, wordsOf, type Tokens } from './tokenise';

export const Kind = { Exact: 0, Prefix: 1, Num: 2, Money: 3, Gap: 4, Set: 5 } as const;

/** The most words a gap (`~N`) may take. */
export const MAX_GAP = 6;

export type TokenPattern =
  | { k: typeof Kind.Exact; s: string }
  | { k: typeof Kind.Prefix; s: string }
  | { k: typeof Kind.Num }
  | { k: typeof Kind.Money }
  | { k: typeof Kind.Gap; n: number }
  | { k: typeof Kind.Set; s: ReadonlySet<string> };

export interface PhrasePattern {
  tokens: TokenPattern[];
  term: number;
}

export class PhraseSyntaxError extends Error {}

const MAX_EXPANSIONS = 2048;

type Slot = { text: string } | { options: string[]; optional: boolean };

/** Splits "(a|b) [c] d" into plain text and alternative groups. */
function parseSlots(phrase: string): Slot[] {
  const slots: Slot[] = [];
  let i = 0;
  const n = phrase.length;
  while (i < n) {
    const c = phrase[i]!;
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      const end = phrase.indexOf(close, i + 1);
      if (end < 0) throw new PhraseSyntaxError(`unclosed "${c}" in phrase "${phrase}"`);
      const inner = phrase.slice(i + 1, end);
      if (/[()[\]]/.test(inner)) throw new PhraseSyntaxError(`nested brackets are not supported in "${phrase}"`);
      const options = inner.split('|').map((o) => o.trim());
      if (options.some((o) => o === '')) throw new PhraseSyntaxError(`empty alternative in "${phrase}"`);
      slots.push({ options, optional: c === '[' });
      i = end + 1;
    } else if (c === ')' || c === ']') {
      throw new PhraseSyntaxError(`unbalanced "${c}" in phrase "${phrase}"`);
    } else {
      let j = i;
      while (j < n && !'([)]'.includes(phrase[j]!)) j++;
      slots.push({ text: phrase.slice(i, j) });
      i = j;
    }
  }
  return slots;
}

/**
 * All token sequences a phrase stands for. A group of single-word alternatives becomes one
 * set-of-words position, so "(a|b|c) (d|e)" is one pattern, not six.
 */
export function phraseSequences(phrase: string): TokenPattern[][] {
  let seqs: TokenPattern[][] = [[]];
  const product = (choices: TokenPattern[][]) => {
    const next: TokenPattern[][] = [];
    for (const s of seqs) for (const c of choices) next.push([...s, ...c]);
    if (next.length > MAX_EXPANSIONS) throw new PhraseSyntaxError(`"${phrase}" expands to more than ${MAX_EXPANSIONS} variants`);
    seqs = next;
  };
  for (const slot of parseSlots(phrase)) {
    if ('text' in slot) {
      if (slot.text.trim() !== '') product(parseVariant(slot.text.trim()));
      continue;
    }
    const choices = slot.options.flatMap((o) => parseVariant(o));
    if (choices.every((c) => c.length === 1 && c[0]!.k === Kind.Exact)) {
      const words = new Set(choices.map((c) => (c[0] as { s: string }).s));
      const set: TokenPattern[] = [words.size === 1 ? choices[0]![0]! : { k: Kind.Set, s: words }];
      product(slot.optional ? [set, []] : [set]);
    } else product(slot.optional ? [...choices, []] : choices);
  }
  // Gaps in a row (written so, or left by an optional word between them) are one gap of their
  // total, at most MAX_GAP: the scan would try every way of sharing the words between them, which
  // grows as a power of their number (ten of them over one sentence took seconds).
  seqs = seqs.filter((q) => q.length > 0).map(mergeGaps);
  if (seqs.length === 0) throw new PhraseSyntaxError(`empty phrase "${phrase}"`);
  for (const q of seqs) {
    if (q[0]!.k === Kind.Gap || q[q.length - 1]!.k === Kind.Gap)
      throw new PhraseSyntaxError(`a phrase cannot start or end with a gap: "${phrase}"`);
    if (q[0]!.k === Kind.Prefix && (q[0] as { s: string }).s.length < 3)
      throw new PhraseSyntaxError(`a leading prefix needs at least three letters: "${phrase}"`);
  }
  return seqs;
}

function mergeGaps(q: TokenPattern[]): TokenPattern[] {
  const out: TokenPattern[] = [];
  for (const p of q) {
    const last = out[out.length - 1];
    if (p.k === Kind.Gap && last?.k === Kind.Gap) out[out.length - 1] = { k: Kind.Gap, n: Math.min(MAX_GAP, last.n + p.n) };
    else out.push(p);
  }
  return out;
}

const wordCache = new Map<string, string[]>();
/** The normalised words of a piece of phrase text, cached: packs repeat the same words often. */
function foldedWords(body: string): string[] {
  let words = wordCache.get(body);
  if (!words) {
    words = wordsOf(tokenise(fold(body)));
    if (wordCache.size < 50_000) wordCache.set(body, words);
  }
  return words;
}

/** Turns plain phrase text into token patterns (one or two: hyphenated words also match joined). */
export function parseVariant(variant: string): TokenPattern[][] {
  let seqs: TokenPattern[][] = [[]];
  for (const piece of variant.split(' ')) {
    if (piece === '') continue;
    let add: TokenPattern[][];
    if (piece === '{num}') add = [[{ k: Kind.Num }]];
    else if (piece === '{money}') add = [[{ k: Kind.Money }]];
    else if (/^~\d+$/.test(piece)) {
      const gap = Number(piece.slice(1));
      if (gap < 1 || gap > MAX_GAP) throw new PhraseSyntaxError(`gap "${piece}" must be ~1 to ~${MAX_GAP}`);
      add = [[{ k: Kind.Gap, n: gap }]];
    } else if (/[{}~]/.test(piece)) {
      throw new PhraseSyntaxError(`unknown placeholder "${piece}"`);
    } else {
      const prefix = piece.endsWith('*');
      const body = prefix ? piece.slice(0, -1) : piece;
      if (body.includes('*')) throw new PhraseSyntaxError(`"*" may only end a word: "${piece}"`);
      const words = foldedWords(body);
      if (words.length === 0) throw new PhraseSyntaxError(`"${piece}" has no letters or digits`);
      const toPatterns = (ws: string[]): TokenPattern[] =>
        ws.map((s, k) => (prefix && k === ws.length - 1 ? { k: Kind.Prefix, s } : { k: Kind.Exact, s }));
      add = [toPatterns(words)];
      // "e-mail" also matches "email", "BR-YR" also "bryr".
      if (words.length > 1 && /^[\p{L}\p{N}]+(?:[-.'][\p{L}\p{N}]+)+\*?$/u.test(piece)) add.push(toPatterns([words.join('')]));
    }
    const next: TokenPattern[][] = [];
    for (const s of seqs) for (const a of add) next.push([...s, ...a]);
    seqs = next;
  }
  return seqs;
}

export function compilePhrase(phrase: string, term: number): PhrasePattern[] {
  return phraseSequences(phrase).map((tokens) => ({ tokens, term }));
}

const CURRENCY_SIGNS = new Set(['$', '£', '€', '¥', '₹', '₽', '₩', '₿']);
const CURRENCY_WORDS = new Set([
  'usd', 'gbp', 'eur', 'euro', 'euros', 'dollar', 'dollars', 'pound', 'pounds', 'rmb', 'yuan',
  'cny', 'usdt', 'btc', 'k', 'quid', 'grand', 'aud', 'cad', 'chf',
]);

/** Hits as (pattern term, first token, last token) triples, one after another. */
export type PhraseHits = number[];

/**
 * All patterns of a pack in one token trie. Scanning walks the trie from every token, so the
 * cost per token depends on how far the text agrees with some pattern, not on how many
 * patterns share a first word (10,000 entity names cost about what 10 do).
 */
export class TrieNode {
  /**
   * Children by word; a word may lead to several nodes (its own, and word-set nodes). In a trie
   * restored from a compiled pack only the root's are listed: any other node's map is empty, and
   * its children are in the word steps (WordSteps), where scans find them.
   */
  next?: Map<string, TrieNode[]>;
  /** Word-set children, keyed by their sorted words, so equal sets share one node. */
  sets?: Map<string, TrieNode>;
  prefix?: Map<string, TrieNode>;
  prefixLengths?: number[];
  num?: TrieNode;
  money?: TrieNode;
  gaps?: Map<number, TrieNode>;
  terms?: number[];

  /** The word this node was created for, so exact insertions find their own node. */
  ownWord?: string;

  /** The node's number in the scan tables' word steps (see WordSteps), or -1. */
  step = -1;
}

/**
 * What a scan needs beside the trie, derived once per compiled pack: the lexicon (every word the
 * trie steps on, see trieWords, and the words the scorer compares tokens with), and per lexicon
 * id the trie's first steps and the vocabulary's word classes.
 */
export interface ScanTables {
  lexicon: Lexicon;
  roots: Array<TrieNode[] | undefined>;
  /** Every word step of the trie, found by node number and lexicon id (see WordSteps). */
  steps: WordSteps;
  /** Per id: 1 when the word can take a prefix or number step from the root. */
  others: Uint8Array;
  classes: Int32Array;
}

/** Where a token's first two characters (the second may follow the token) are in PhraseIndex.rootStarts. */
const pairIndex = (a: number, b: number) => (a < 128 ? a : 128) * 129 + (b < 128 ? b : 128);

/** Every word a trie step can take, with `extra`: the words of the pack's lexicon. */
export function trieWords(index: PhraseIndex, extra: Iterable<string>): Set<string> {
  // The scan never looks up a token the lexicon does not hold.
  const words = new Set<string>(extra);
  for (const node of trieNodes(index.root)) for (const w of node.next?.keys() ?? []) words.add(w);
  return words;
}

/** The per-id tables of a lexicon that holds every word of `index` (see trieWords), with the word steps built for them. */
export function buildScanTables(index: PhraseIndex, lexicon: Lexicon, classes: ReadonlyMap<string, number>): ScanTables {
  return scanTables(index, lexicon, classes, buildWordSteps(index, lexicon));
}

/**
 * The same with word steps restored from a compiled pack. Kept apart from the builders, which a
 * LinkedIn tab never runs, so that its bundle does without them.
 */
export function scanTables(index: PhraseIndex, lexicon: Lexicon, classes: ReadonlyMap<string, number>, steps: WordSteps): ScanTables {
  const n = lexicon.words.length;
  const roots: Array<TrieNode[] | undefined> = new Array(n);
  const others = new Uint8Array(n);
  const bits = new Int32Array(n);
  const { root } = index;
  const first = index.rootStarts();
  lexicon.words.forEach((w, id) => {
    roots[id] = root.next?.get(w);
    bits[id] = classes.get(w) ?? 0;
    // Exactly the words a prefix or number step from the root can take; the filter on the
    // first two characters rules out most words without cutting anything out of them.
    if (first[pairIndex(w.charCodeAt(0), w.charCodeAt(1))] !== 1) return;
    const c = w.charCodeAt(0);
    if ((root.num !== undefined || root.money !== undefined) && c >= 48 && c <= 57) others[id] = 1;
    else if (root.prefixLengths?.some((L) => L <= w.length && root.prefix!.has(w.slice(0, L)))) others[id] = 1;
  });
  return { lexicon, roots, steps, others, classes: bits };
}

/**
 * Every node of a trie once, depth first in a fixed order: the numbering that word steps and
 * compiled packs share (see WordSteps and selfie.ts).
 */
function trieNodes(root: TrieNode): TrieNode[] {
  const seen = new Set<TrieNode>();
  const out: TrieNode[] = [];
  const visit = (node: TrieNode) => {
    if (seen.has(node)) return;
    seen.add(node);
    out.push(node);
    for (const list of node.next?.values() ?? []) list.forEach(visit);
    node.sets?.forEach(visit);
    node.prefix?.forEach(visit);
    if (node.num) visit(node.num);
    if (node.money) visit(node.money);
    node.gaps?.forEach(visit);
  };
  visit(root);
  return out;
}

/** Word steps as plain data, for the compiled pack: the table itself (see WordSteps). */
export interface WordStepsJson {
  table: number[];
}

/** An open-addressing table of (node, word id, child) steps, at most half full. */
function tableOf(steps: readonly number[]): Int32Array {
  let size = 64;
  while (size < (2 * steps.length) / 3) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(3 * size);
  for (let e = 0; e < steps.length; e += 3) {
    const node = steps[e]!;
    const id = steps[e + 1]!;
    let s = slot(node, id, mask);
    while (table[3 * s] !== 0) s = (s + 1) & mask;
    table[3 * s] = node + 1;
    table[3 * s + 1] = id;
    table[3 * s + 2] = steps[e + 2]!;
  }
  return table;
}

/**
 * The trie's word steps in one open-addressing table keyed by (node number, lexicon id): a step
 * costs an integer hash and a probe or two, where a map per node hashed and compared the word.
 * Nodes are numbered as trieNodes lists them (TrieNode.step); a node with several children for
 * one word (a trie not frozen) has an entry for each.
 */
export class WordSteps {
  private readonly mask: number;

  /** Built by `buildWordSteps`, or restored (`restore`). */
  constructor(
    readonly nodes: TrieNode[],
    /** (node + 1, word id, child) triples; a node of 0 is an empty slot. */
    readonly table: Int32Array,
    /** Whether each (node, word) has one step at most, as in a frozen trie. */
    readonly single: boolean,
  ) {
    this.mask = table.length / 3 - 1;
    for (let k = 0; k < nodes.length; k++) nodes[k]!.step = k;
  }

  /**
   * The steps of a compiled pack over its restored nodes, numbered as the compiled pack lists
   * them. The table is copied as it is, with no loop over it: a tab restores a pack before its
   * code is optimised. A table that does not fit cannot do harm: look-ups stop after one round
   * of the table, and a step to a node that is not there is not taken.
   */
  static restore(nodes: TrieNode[], json: WordStepsJson): WordSteps {
    const table = json?.table;
    const size = Array.isArray(table) ? table.length / 3 : 0;
    if (size < 1 || (size & (size - 1)) !== 0) throw malformedPack('word steps');
    // A compiled pack's trie is frozen: one step per node and word.
    return new WordSteps(nodes, Int32Array.from(table), true);
  }

  /** The first slot at or after `from` holding a step from `node` on word `id`, or -1. */
  find(node: number, id: number, from = slot(node, id, this.mask)): number {
    const table = this.table;
    for (let s = from, left = this.mask; left >= 0; s = (s + 1) & this.mask, left--) {
      const n = table[3 * s]! - 1;
      if (n < 0) return -1;
      if (n === node && table[3 * s + 1] === id) return s;
    }
    return -1;
  }

  /** The slot after `s`, to look for a further step on the same word. */
  after(s: number): number {
    return (s + 1) & this.mask;
  }

  child(s: number): TrieNode | undefined {
    return this.nodes[this.table[3 * s + 2]!];
  }
}

const slot = (node: number, id: number, mask: number): number => {
  const h = Math.imul(node, 0x9e3779b1) ^ Math.imul(id, 0x85ebca6b);
  return (h ^ (h >>> 16)) & mask;
}

/** The word steps of a trie over a lexicon that holds all its words (see trieWords). */
export function buildWordSteps(index: PhraseIndex, lexicon: Lexicon): WordSteps {
  const nodes = trieNodes(index.root);
  const number = new Map<TrieNode, number>();
  nodes.forEach((node, k) => number.set(node, k));
  const entries: number[] = [];
  let single = true;
  nodes.forEach((node, k) => {
    for (const [w, list] of node.next ?? []) {
      // Every word a step can take is in the lexicon (trieWords); others could never be read.
      const id = lexicon.findText(hashOf(w), w, 0, w.length);
      if (id < 0) continue;
      if (list.length > 1) single = false;
      for (const child of list) entries.push(k, id, number.get(child)!);
    }
  });
  return new WordSteps(nodes, tableOf(entries), single);
}

/** Word steps as plain data, for the compiled pack. */
export function wordStepsToJson(steps: WordSteps): WordStepsJson {
  return { table: [...steps.table] };
}

export class PhraseIndex {
  /** `frozen`: the trie is final (see freezePhraseIndex) and takes no more patterns. */
  constructor(
    readonly root = new TrieNode(),
    readonly frozen = false,
  ) {}
  size = 0;

  private starts?: Uint8Array;

  /**
   * Which first two characters can begin a prefix or number step from the root, at
   * `pairIndex(first, second)`: a filter for words the lexicon does not hold.
   */
  rootStarts(): Uint8Array {
    if (this.starts) return this.starts;
    const s = new Uint8Array(129 * 129);
    const any = (c: number) => s.fill(1, pairIndex(c, 0), pairIndex(c, 0) + 129);
    for (const p of this.root.prefix?.keys() ?? []) {
      if (p.length < 2) any(p.charCodeAt(0));
      else s[pairIndex(p.charCodeAt(0), p.charCodeAt(1))] = 1;
    }
    if (this.root.num || this.root.money) for (let c = 48; c <= 57; c++) any(c);
    return (this.starts = s);
  }

  /** Forgets what was derived from the trie; called when a pattern is added. */
  changed(): void {
    this.starts = undefined;
  }

  /**
   * Adds to `hits` every pattern occurrence (term, first token, last token) in tokens read
   * with `tables.lexicon`.
   */
  scan(text: string, t: Tokens, hits: PhraseHits, tables: ScanTables): void {
    const walker = new Walker(text, t, hits, tables.steps);
    const root = this.root;
    const { roots, others } = tables;
    const ids = t.ids;
    const starts = t.starts;
    // The root has no terms or gaps: take each known word's first steps directly, and try
    // prefix and number steps only for words whose first character could start one.
    const first = this.rootStarts();
    for (let i = 0; i < t.count; i++) {
      const id = ids[i]!;
      if (id >= 0) {
        const list = roots[id];
        if (list !== undefined) for (let k = 0; k < list.length; k++) walker.walk(list[k]!, i, i + 1);
        if (others[id] === 1) walker.walkOthers(root, i, i);
      } else {
        const start = starts[i]!;
        if (first[pairIndex(text.charCodeAt(start), text.charCodeAt(start + 1))] === 1) walker.walkOthers(root, i, i);
      }
    }
  }
}

/**
 * Adds a pattern to an index that is not frozen. A function, not a method, like the merge
 * below: LinkedIn tabs restore compiled tries and never build one.
 */
export function addPattern(index: PhraseIndex, p: PhrasePattern): void {
  if (index.frozen) throw new Error('a frozen phrase index takes no more patterns');
  index.changed();
  let node = index.root;
  for (const pat of p.tokens) node = childFor(node, pat);
  node.terms ??= [];
  if (!node.terms.includes(p.term)) node.terms.push(p.term);
  index.size++;
}

function childFor(at: TrieNode, pat: TokenPattern): TrieNode {
  switch (pat.k) {
    case Kind.Exact: {
      at.next ??= new Map();
      const list = at.next.get(pat.s);
      const own = list?.find((n) => n.ownWord === pat.s);
      if (own) return own;
      const node = new TrieNode();
      node.ownWord = pat.s;
      if (list) list.push(node);
      else at.next.set(pat.s, [node]);
      return node;
    }
    case Kind.Set: {
      at.sets ??= new Map();
      at.next ??= new Map();
      const key = [...pat.s].sort().join('|');
      let node = at.sets.get(key);
      if (!node) {
        node = new TrieNode();
        at.sets.set(key, node);
        for (const w of pat.s) {
          const list = at.next.get(w);
          if (list) list.push(node);
          else at.next.set(w, [node]);
        }
      }
      return node;
    }
    case Kind.Prefix: {
      at.prefix ??= new Map();
      at.prefixLengths ??= [];
      let node = at.prefix.get(pat.s);
      if (!node) {
        node = new TrieNode();
        at.prefix.set(pat.s, node);
        if (!at.prefixLengths.includes(pat.s.length)) {
          at.prefixLengths.push(pat.s.length);
          at.prefixLengths.sort((a, b) => a - b);
        }
      }
      return node;
    }
    case Kind.Num:
      return (at.num ??= new TrieNode());
    case Kind.Money:
      return (at.money ??= new TrieNode());
    case Kind.Gap: {
      at.gaps ??= new Map();
      let node = at.gaps.get(pat.n);
      if (!node) at.gaps.set(pat.n, (node = new TrieNode()));
      return node;
    }
  }
}

/**
 * Merges, below every node, the children that one word can lead to (its own node and the
 * word-set nodes that contain it) into a single node, recursively. A word then costs one map
 * look-up per step instead of one per alternative: the trie of the baseline pack has common
 * words ("your", "we", "the") that start several patterns each. Returns a new index. A
 * function, not a method, so the content script (which restores compiled packs and never
 * compiles) does not carry it.
 */
export function freezePhraseIndex(index: PhraseIndex): PhraseIndex {
  if (index.frozen) return index;
  const ids = new Map<TrieNode, number>();
  const idOf = (n: TrieNode) => {
    let id = ids.get(n);
    if (id === undefined) ids.set(n, (id = ids.size));
    return id;
  };
  const merged = new Map<string, TrieNode>();
  const merge = (nodes: TrieNode[]): TrieNode => {
    const unique = [...new Set(nodes)];
    const key = unique.map(idOf).sort((a, b) => a - b).join(',');
    const known = merged.get(key);
    if (known) return known;
    const out = new TrieNode();
    merged.set(key, out);
    const terms = new Set<number>();
    const next = new Map<string, TrieNode[]>();
    const prefix = new Map<string, TrieNode[]>();
    const gaps = new Map<number, TrieNode[]>();
    const nums: TrieNode[] = [];
    const money: TrieNode[] = [];
    const collect = <K>(into: Map<K, TrieNode[]>, k: K, nodes: TrieNode[]) => {
      const list = into.get(k);
      if (list) list.push(...nodes);
      else into.set(k, [...nodes]);
    };
    for (const n of unique) {
      for (const t of n.terms ?? []) terms.add(t);
      for (const [w, list] of n.next ?? []) collect(next, w, list);
      for (const [p, child] of n.prefix ?? []) collect(prefix, p, [child]);
      for (const [g, child] of n.gaps ?? []) collect(gaps, g, [child]);
      if (n.num) nums.push(n.num);
      if (n.money) money.push(n.money);
    }
    if (terms.size > 0) out.terms = [...terms];
    if (next.size > 0) out.next = new Map([...next].map(([w, list]) => [w, [merge(list)]]));
    if (prefix.size > 0) {
      out.prefix = new Map([...prefix].map(([p, list]) => [p, merge(list)]));
      out.prefixLengths = [...new Set([...prefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
    }
    if (gaps.size > 0) out.gaps = new Map([...gaps].map(([g, list]) => [g, merge(list)]));
    if (nums.length > 0) out.num = merge(nums);
    if (money.length > 0) out.money = merge(money);
    return out;
  };
  return new PhraseIndex(merge([index.root]), true);
}

class Walker {
  constructor(
    private text: string,
    private t: Tokens,
    private hits: PhraseHits,
    private steps: WordSteps,
  ) {}

  walk(node: TrieNode, first: number, i: number): void {
    const t = this.t;
    const terms = node.terms;
    if (terms !== undefined) for (let k = 0; k < terms.length; k++) this.hits.push(terms[k]!, first, i - 1);
    if (node.gaps !== undefined) {
      for (const [n, after] of node.gaps) {
        this.walk(after, first, i);
        // Words skipped by a gap, and the word after them, stay on the gap's line: a phrase
        // crosses a line break only from one word to the next.
        for (let g = 1; g <= n; g++) if (i + g < t.count && t.sentence[i + g] === t.sentence[i - 1]) this.walk(after, first, i + g);
      }
    }
    if (i >= t.count || !sameSentence(t, i, first)) return;
    // Only lexicon words can take a word step (trieWords puts every one there).
    const id = t.ids[i]!;
    if (node.next !== undefined && id >= 0) {
      const steps = this.steps;
      for (let s = steps.find(node.step, id); s >= 0; s = steps.single ? -1 : steps.find(node.step, id, steps.after(s))) {
        const child = steps.child(s);
        if (child !== undefined) this.walk(child, first, i + 1);
      }
    }
    if (node.prefixLengths !== undefined || node.num !== undefined || node.money !== undefined) this.walkOthers(node, first, i);
  }

  /** Prefix, number and money steps from `node` at token i. */
  walkOthers(node: TrieNode, first: number, i: number): void {
    const t = this.t;
    const start = t.starts[i]!;
    const length = t.ends[i]! - start;
    if (node.prefixLengths) {
      for (const L of node.prefixLengths) {
        if (L > length) break;
        const child = node.prefix!.get(L === length ? t.word(i) : this.text.slice(start, start + L));
        if (child) this.walk(child, first, i + 1);
      }
    }
    const c = this.text.charCodeAt(start);
    if ((node.num || node.money) && c >= 48 && c <= 57) {
      if (node.num) this.walk(node.num, first, i + 1);
      if (node.money && isMoney(this.text, t, i)) this.walk(node.money, first, i + 1);
    }
  }
}

function isMoney(text: string, t: Tokens, i: number): boolean {
  const w = t.word(i);
  if (/^\d[\d.,]*(?:k|m|usd|gbp|eur)$/.test(w)) return true;
  // A currency sign just before the number ("£300", "$ 500", "USD300" is one token above).
  let s = t.starts[i]! - 1;
  if (s >= 0 && text[s] === ' ') s--;
  if (s >= 0 && CURRENCY_SIGNS.has(text[s]!)) return true;
  const prev = i > 0 ? t.word(i - 1) : undefined;
  if (prev !== undefined && (prev === 'usd' || prev === 'gbp' || prev === 'eur' || prev === 'rmb')) return true;
  const next = i + 1 < t.count ? t.word(i + 1) : undefined;
  return next !== undefined && CURRENCY_WORDS.has(next) && sameSentence(t, i + 1, i);
}

