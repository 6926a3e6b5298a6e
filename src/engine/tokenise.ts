// Splits normalised text into word tokens. Phrases are matched token by token, which gives
// word boundaries for free and keeps matching linear in the length of the text.
//
// With a lexicon (the words a pack and the grammar heuristic know), each token is looked up
// while it is read: a hash is built from the characters the loop visits anyway, so a known
// word costs no new string and no second pass, and an unknown word is cut out of the text
// only if something asks for it. Creating a string costs more than reading its characters.

import { hashStep, HASH_SEED, Lexicon } from './lexicon';

export class Tokens {
  count = 0;
  /** Offsets into the normalised text. */
  starts: number[] = [];
  ends: number[] = [];
  /** Sentence number of each token: phrases and negation never cross a sentence. */
  sentence: number[] = [];
  /** Each token's lexicon id, or -1 when the lexicon does not hold it. */
  ids: number[] = [];
  private cut: string[] = [];

  constructor(
    readonly text: string,
    private readonly lexiconWords: readonly string[],
  ) {}

  /** Token text (normalised). */
  word(i: number): string {
    const id = this.ids[i]!;
    if (id >= 0) return this.lexiconWords[id]!;
    return (this.cut[i] ??= this.text.slice(this.starts[i], this.ends[i]));
  }

  /**
   * The token's text when the lexicon holds it, else undefined: for comparisons with words
   * the lexicon is known to hold, without cutting unknown words out of the text. Without a
   * lexicon every token is known.
   */
  known(i: number): string | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const id = this.ids[i]!;
    return id >= 0 ? this.lexiconWords[id] : this.lexiconWords.length === 0 ? this.word(i) : undefined;
  }

  /** The bits `classes` (by lexicon id) gives token i; 0 for an unknown word or no token. */
  classOf(i: number, classes: Int32Array): number {
    const id = i >= 0 && i < this.count ? this.ids[i]! : -1;
    return id >= 0 ? classes[id]! : 0;
  }

  /** Every token's text, for callers outside the scan (tests, pack compilation). */
  get words(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.word(i));
    return out;
  }
}

/** Longest token kept whole; longer runs (base64 blobs, padding) are cut so work stays bounded. */
export const MAX_TOKEN_LENGTH = 64;

/** Sentence breaks among ASCII characters: . ! ? ; and the line break. */
const BREAK = new Uint8Array(128);
for (const c of [46, 33, 63, 10, 59]) BREAK[c] = 1;

const WORD_EXTRA = /[\p{L}\p{N}]/u;

// Range checks, lower case first: normalised text is lower case.
const isAsciiWord = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

/** `width` beyond ASCII: letters and digits of every script. */
function wordWidth(text: string, i: number, c: number): number {
  if (c >= 0xd800 && c <= 0xdbff) return WORD_EXTRA.test(text.slice(i, i + 2)) ? 2 : 0;
  return WORD_EXTRA.test(text[i]!) ? 1 : 0;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** No words: every token is unknown, and cut out of the text when asked for. */
const EMPTY = new Lexicon([], new Int32Array(0), new Int32Array(1));

const encoder = new TextEncoder();
/** The text's code units, reused between calls; sized for the longest text the scorer reads. */
let bytes = new Uint8Array(4096);
let units = new Uint16Array(0);

export function tokenise(text: string, lexicon: Lexicon = EMPTY): Tokens {
  const t = new Tokens(text, lexicon.words);
  const n = text.length;
  // The text is read from an array of its code units. Plain ASCII, nearly every message once
  // normalised, is copied natively as bytes; a loop over charCodeAt would slow down once it
  // had seen strings of several internal forms, and costs more than the copy even then.
  if (bytes.length < n) bytes = new Uint8Array(n);
  const r = encoder.encodeInto(text, bytes);
  if (r.read === n && r.written === n) read(t, bytes, lexicon);
  else {
    if (units.length < n) units = new Uint16Array(n);
    for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
    read(t, units, lexicon);
  }
  return t;
}

function read(t: Tokens, u: Uint8Array | Uint16Array, lexicon: Lexicon): void {
  const { text, starts, ends, sentence, ids } = t;
  const n = text.length;
  /** Width of the word character at i (1, or 2 for a surrogate pair), or 0 for any other. */
  const width = (i: number, c: number) => (isAsciiWord(c) ? 1 : c < 128 ? 0 : wordWidth(text, i, c));
  let sent = 0;
  // Whether a sentence break was seen since the last token.
  let broke = false;
  let i = 0;
  while (i < n) {
    let c = u[i]!;
    let w = width(i, c);
    if (w === 0) {
      // A full stop between two digits is a decimal point, not a sentence end.
      if (((c < 128 && BREAK[c] === 1) || c === 0x3002) && !(c === 46 && i > 0 && isDigit(u[i - 1]!) && i + 1 < n && isDigit(u[i + 1]!))) broke = true;
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    const start = i;
    let h = HASH_SEED;
    for (;;) {
      // Plain letters and digits, most of every token, without the checks below.
      while (isAsciiWord(c)) {
        h = hashStep(h, c);
        if (++i >= n) break;
        c = u[i]!;
      }
      if (i >= n) break;
      w = width(i, c);
      // An apostrophe inside a word keeps "don't" and "o'connell" as one token.
      if (w === 0 && c === 39 && i + 1 < n && width(i + 1, u[i + 1]!) > 0) w = 1;
      if (w === 0) break;
      h = hashStep(h, c);
      if (w === 2) h = hashStep(h, u[i + 1]!);
      i += w;
      if (i >= n) break;
      c = u[i]!;
    }
    let end = i;
    if (end - start > MAX_TOKEN_LENGTH) {
      // Cut at the limit, before a surrogate pair that would straddle it, and hash again.
      end = start + MAX_TOKEN_LENGTH;
      if (u[end - 1]! >= 0xd800 && u[end - 1]! <= 0xdbff) end--;
      h = HASH_SEED;
      for (let k = start; k < end; k++) h = hashStep(h, u[k]!);
    }
    if (broke && starts.length > 0) sent++;
    broke = false;
    starts.push(start);
    ends.push(end);
    sentence.push(sent);
    ids.push(lexicon.find(h, u, start, end - start));
  }
  t.count = starts.length;
}
