// The words a compiled pack knows (its phrases' words at every step of the trie, the grammar
// heuristic's words), each with a number. The tokeniser finds a token's number from a hash of
// its characters, so scanning a message creates strings only for words no rule could match.
// The table is built when a pack is compiled and travels in the compiled pack, so a LinkedIn
// tab restores it without hashing anything.

export const HASH_SEED = 0x811c9dc5 | 0;
/** FNV-1a over UTF-16 code units. */
export const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

const slotOf = (h: number, mask: number) => (h ^ (h >>> 15)) & mask;

/** The error for a compiled pack whose `part` does not fit: the whole pack is refused. */
export const malformedPack = (part: string): Error => new Error(`compiled pack has a malformed ${part}`);

export class Lexicon {
  // Typed arrays throughout: a hash outside the small-integer range is not boxed, and the
  // comparisons below read one kind of array whatever the strings' internal form.
  /** Every word's code units, one after another, from `offsets[id]`. */
  private readonly units: Uint16Array;
  private readonly offsets: Int32Array;
  /** The slots again, each beside its word's hash: a probe reads one place, not two. */
  private readonly table: Int32Array;
  private readonly mask: number;

  /**
   * `hashes[id]` is each word's hash; `slots` an open-addressing table (slot → id + 1, 0 for
   * empty) whose length is a power of two above the number of words. Throws on a table that
   * does not fit its words, since a look-up in it might never end.
   */
  constructor(
    /** Id → word. */
    readonly words: readonly string[],
    readonly hashes: Int32Array,
    readonly slots: Int32Array,
  ) {
    const n = words.length;
    // Each id in exactly one slot, and (the table being larger) an empty slot to end a search.
    let bad = hashes.length !== n || slots.length <= n || (slots.length & (slots.length - 1)) !== 0;
    const seen = new Uint8Array(n + 1);
    for (const s of slots) {
      if (s < 0 || s > n || (s > 0 && seen[s] === 1)) bad = true;
      else seen[s] = 1;
    }
    if (bad || seen.includes(0)) throw malformedPack('lexicon');
    this.mask = slots.length - 1;
    this.table = new Int32Array(slots.length * 2);
    slots.forEach((id, s) => {
      this.table[2 * s] = id;
      if (id > 0) this.table[2 * s + 1] = hashes[id - 1]!;
    });
    this.offsets = new Int32Array(n + 1);
    this.units = new Uint16Array(words.reduce((sum, w) => sum + w.length, 0));
    let at = 0;
    words.forEach((w, id) => {
      this.offsets[id] = at;
      for (let k = 0; k < w.length; k++) this.units[at++] = w.charCodeAt(k);
    });
    this.offsets[n] = at;
  }

  /** The id of the ASCII bytes [start, start + length), whose hash is `h`; -1 when unknown. */
  find(h: number, bytes: Uint8Array, start: number, length: number): number {
    const table = this.table;
    for (let s = slotOf(h, this.mask); ; s = (s + 1) & this.mask) {
      const id = table[2 * s]! - 1;
      if (id < 0) return -1;
      if (table[2 * s + 1] !== h) continue;
      const at = this.offsets[id]!;
      if (this.offsets[id + 1]! - at !== length) continue;
      let k = 0;
      while (k < length && this.units[at + k] === bytes[start + k]) k++;
      if (k === length) return id;
    }
  }

  /**
   * The same for any text: the units [start, start + length) of `text`. Kept apart from the
   * above so that each compares with one kind of source, which keeps both fast.
   */
  findText(h: number, text: string, start: number, length: number): number {
    const table = this.table;
    for (let s = slotOf(h, this.mask); ; s = (s + 1) & this.mask) {
      const id = table[2 * s]! - 1;
      if (id < 0) return -1;
      if (table[2 * s + 1] !== h) continue;
      const at = this.offsets[id]!;
      if (this.offsets[id + 1]! - at !== length) continue;
      let k = 0;
      while (k < length && this.units[at + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return id;
    }
  }
}

/** The table as plain data, for the compiled pack. */
export function lexiconToJson(lexicon: Lexicon): LexiconJson {
  return { words: [...lexicon.words], hashes: [...lexicon.hashes], slots: [...lexicon.slots] };
}

export interface LexiconJson {
  words: string[];
  hashes: number[];
  slots: number[];
}

export function lexiconFromJson(json: LexiconJson): Lexicon {
  return new Lexicon(json.words, Int32Array.from(json.hashes), Int32Array.from(json.slots));
}

export function hashOf(word: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  return h;
}

/** Numbers `words` (duplicates once), in a table at most half full. */
export function buildLexicon(words: Iterable<string>): Lexicon {
  const unique = [...new Set(words)];
  let size = 64;
  while (size < unique.length * 2) size *= 2;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(unique.length);
  unique.forEach((w, id) => {
    const h = (hashes[id] = hashOf(w));
    let s = slotOf(h, size - 1);
    while (slots[s] !== 0) s = (s + 1) & (size - 1);
    slots[s] = id + 1;
  });
  return new Lexicon(unique, hashes, slots);
}
