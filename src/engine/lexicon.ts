// The words a compiled pack knows (its phrases' words at every step of the trie, the grammar
// heuristic's words, negators), each with a number. The tokeniser finds a token's number from
// a hash of its characters, so scanning a message creates strings only for words no rule
// could match.

export const HASH_SEED = 0x811c9dc5 | 0;
/** FNV-1a over UTF-16 code units. */
export const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

export function hashOf(word: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  return h;
}

export class Lexicon {
  /** Id → word. */
  readonly words: string[] = [];
  // Typed arrays throughout: a hash outside the small-integer range is not boxed, and the
  // comparisons below read one kind of array whatever the strings' internal form.
  private readonly hashes: Int32Array;
  /** Every word's code units, one after another, from `offsets[id]`. */
  private readonly units: Uint16Array;
  private readonly offsets: Int32Array;
  /** Open addressing: slot → id + 1, 0 when empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>) {
    const unique = [...new Set(words)];
    let size = 64;
    while (size < unique.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.hashes = new Int32Array(unique.length);
    this.offsets = new Int32Array(unique.length + 1);
    this.units = new Uint16Array(unique.reduce((n, w) => n + w.length, 0));
    let at = 0;
    unique.forEach((w, id) => {
      for (let k = 0; k < w.length; k++) this.units[at + k] = w.charCodeAt(k);
      this.offsets[id] = at;
      at += w.length;
      const h = hashOf(w);
      this.hashes[id] = h;
      let s = (h ^ (h >>> 15)) & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = this.words.push(w);
    });
    this.offsets[unique.length] = at;
  }

  /** The id of the code units [start, start + length), whose hash is `h`; -1 when unknown. */
  find(h: number, units: Uint8Array | Uint16Array, start: number, length: number): number {
    for (let s = (h ^ (h >>> 15)) & this.mask; ; s = (s + 1) & this.mask) {
      const id = this.slots[s]! - 1;
      if (id < 0) return -1;
      const at = this.offsets[id]!;
      if (this.hashes[id] !== h || this.offsets[id + 1]! - at !== length) continue;
      let k = 0;
      while (k < length && this.units[at + k] === units[start + k]) k++;
      if (k === length) return id;
    }
  }

}
