// Splits normalised text into word tokens. Phrases are matched token by token, which gives
// word boundaries for free and keeps matching linear in the length of the text.
//
// With a lexicon (the words a pack and the grammar heuristic know), each token is looked up
// while it is read: a hash is built from the characters the loop visits anyway, so a known
// word costs no new string and no second pass, and an unknown word is cut out of the text
// only if something asks for it. Creating a string costs more than reading its characters.

import { hashStep, HASH_SEED, Lexicon } from './lexicon';

const NONE: number[] = [];

export class Tokens {
  count = 0;
  /** Offsets into the normalised text. */
  starts: number[] = NONE;
  ends: number[] = NONE;
  /**
   * Where each token stands, as sentence × LINES + line: phrases never cross a sentence (compare
   * `sameSentence`), negation and the grammar heuristic never cross a line either (compare the
   * values). A line break alone does not end a sentence ("keep this⏎between us"); a blank line,
   * a line that starts a list's item, `.`, `!`, `?` and `;` do.
   */
  sentence: number[] = NONE;
  /** The length of the longest token. */
  longest = 0;
  /**
   * Where four or more single letters stand one separator apart ("t e l e g r a m",
   * "w.h.a.t.s.a.p.p"), the separators' offsets: without them the letters spell a word.
   */
  spaced?: number[];
  /** Each token's lexicon id, or -1 when the lexicon does not hold it. */
  ids: number[] = NONE;
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

}

/** Lines counted within a sentence's number (see Tokens.sentence): a power of two. */
export const LINES = 4096;
/** The sentences a text may number so the value fits 31 bits; past it the rest is one sentence (never reached: the engine reads 65,536 characters of a text). */
const MAX_SENTENCE = 2 ** 31 / LINES - 1;

/** Token i's sentence (Tokens.sentence). */
export const sentenceOf = (t: Tokens, i: number): number => Math.floor(t.sentence[i]! / LINES);

/** Whether tokens a and b are in one sentence: their values differ in the line's bits alone. */
export const sameSentence = (t: Tokens, a: number, b: number): boolean => (t.sentence[a]! ^ t.sentence[b]!) < LINES;

/** Characters that may stand between spaced letters: space . - _ * */
const isSpacer = (c: number) => c === 32 || c === 46 || c === 45 || c === 95 || c === 42;

/** Every token's text, for callers outside the scan (tests, pack compilation): a function, so LinkedIn tabs do not ship it. */
export function wordsOf(t: Tokens): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(t.word(i));
  return out;
}

/** Longest token kept whole; longer runs (base64 blobs, padding) are cut so work stays bounded. */
export const MAX_TOKEN_LENGTH = 64;

/** Classes of ASCII: 1 a letter or digit, 2 a break (. ! ? ; and the line break), 0 any other. */
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = 1;
for (let c = 65; c <= 90; c++) CLASS[c] = 1;
for (let c = 97; c <= 122; c++) CLASS[c] = 1;
for (const c of [46, 33, 63, 10, 59]) CLASS[c] = 2;

const WORD_EXTRA = /[\p{L}\p{N}]/u;

/**
 * The width of a word character beyond ASCII (letters and digits of every script): 1, 2 for a
 * surrogate pair, or 0. Ranges answer for punctuation, arrows, symbols and emoji:
 * the browser compiles the Unicode classes on their first use, which costs a page up to a
 * millisecond. Tests check every code point.
 */
export function wordWidth(text: string, i: number, c: number): number {
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = text.codePointAt(i)!;
    if (cp >= 0x1f10d && cp < 0x1fbf0) return 0;
    return WORD_EXTRA.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  if ((c >= 0x2000 && c < 0x2070) || (c >= 0x20a0 && c < 0x2100) || (c >= 0x218a && c < 0x2460) || (c >= 0x2500 && c < 0x2776) || (c >= 0x2794 && c < 0x2c00)) return 0;
  return WORD_EXTRA.test(text[i]!) ? 1 : 0;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** No words: every token is unknown, and cut out of the text when asked for. */
const EMPTY = new Lexicon([], new Int32Array(0), new Int32Array(1));

const encoder = new TextEncoder();
/** The text's code units as bytes (see tokenise), reused between calls; sized for the longest text read. */
let bytes = new Uint8Array(4096);
/** Each token's start, end, sentence and id while reading, four to a token. */
let found = new Int32Array(1024);

export function tokenise(text: string, lexicon: Lexicon = EMPTY): Tokens {
  const t = new Tokens(text, lexicon.words);
  const n = text.length;
  // The text is read from an array of bytes, one per code unit: plain ASCII, nearly every
  // message once normalised, is copied natively. Any other text is copied with 128 standing for
  // every unit beyond ASCII, which the reader then takes from the text. One kind of array keeps
  // the reader's code fast; a loop over charCodeAt, or one that had also seen a Uint16Array,
  // runs markedly slower.
  if (bytes.length < n) bytes = new Uint8Array(n);
  const r = encoder.encodeInto(text, bytes);
  if (r.read !== n || r.written !== n) {
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      bytes[i] = c < 128 ? c : 128;
    }
  }
  read(t, bytes, lexicon);
  return t;
}

function read(t: Tokens, u: Uint8Array, lexicon: Lexicon): void {
  const text = t.text;
  const n = text.length;
  // A token takes a character and a separator: at most (n + 1) / 2 tokens of four numbers.
  if (found.length < 2 * n + 4) found = new Int32Array(2 * n + 4);
  const out = found;
  let count = 0;
  let longest = 0;
  // Single letters in a row so far, one separator apart, and where the last token ended.
  let letters = 0;
  let lastEnd = -2;
  let spaced: number[] | undefined;
  let sent = 0;
  let line = 0;
  // What was seen since the last token: 0 nothing that breaks, 1 a line break, 2 a sentence's end.
  let broke = 0;
  let i = 0;
  while (i < n) {
    let c = u[i]!;
    if (c < 128) {
      const k = CLASS[c]!;
      if (k !== 1) {
        // A full stop between two digits is a decimal point, not a sentence end.
        // A line break ends a sentence only before another (a blank line) or a list's item
        // ("- ", "* ", a number or a time): "Keep the office running⏎- Confidential post".
        if (k === 2 && !(c === 46 && i > 0 && isDigit(u[i - 1]!) && i + 1 < n && isDigit(u[i + 1]!))) {
          const next = i + 1 < n ? u[i + 1]! : 0;
          broke = c !== 10 || next === 10 || next === 45 || next === 42 || isDigit(next) ? 2 : broke === 0 ? 1 : broke;
        }
        i++;
        continue;
      }
    } else {
      c = text.charCodeAt(i);
      if (wordWidth(text, i, c) === 0) {
        if (c === 0x3002) broke = 2;
        i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        continue;
      }
    }
    const start = i;
    let h = HASH_SEED;
    // Whether the token is all ASCII, so the bytes spell it.
    let plain = true;
    for (;;) {
      // Plain letters and digits, most of every token, without the checks below.
      while (c < 128 && CLASS[c] === 1) {
        h = hashStep(h, c);
        if (++i >= n) break;
        c = u[i]!;
      }
      if (i >= n) break;
      let w = 0;
      if (c >= 128) {
        c = text.charCodeAt(i);
        w = wordWidth(text, i, c);
      }
      // An apostrophe inside a word keeps "don't" and "o'connell" as one token.
      if (c === 39 && i + 1 < n) {
        const d = u[i + 1]!;
        if (d < 128 ? CLASS[d] === 1 : wordWidth(text, i + 1, text.charCodeAt(i + 1)) > 0) w = 1;
      }
      // A comma or a point between digits keeps "1,500" and "2.5" as one number ("$1,500" is
      // quoted whole, not as "$1").
      if ((c === 44 || c === 46) && isDigit(u[i - 1]!) && i + 1 < n && isDigit(u[i + 1]!)) w = 1;
      if (w === 0) break;
      h = hashStep(h, c);
      if (c >= 128) plain = false;
      if (w === 2) h = hashStep(h, text.charCodeAt(i + 1));
      i += w;
      if (i >= n) break;
      c = u[i]!;
    }
    let end = i;
    if (end - start > MAX_TOKEN_LENGTH) {
      // Cut at the limit, before a surrogate pair that would straddle it, and hash again.
      end = start + MAX_TOKEN_LENGTH;
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end--;
      h = HASH_SEED;
      for (let k = start; k < end; k++) h = hashStep(h, text.charCodeAt(k));
    }
    if (end - start > longest) longest = end - start;
    if (end - start === 1 && u[start]! >= 97 && u[start]! <= 122) {
      letters = letters > 0 && start - lastEnd === 1 && isSpacer(u[start - 1]!) ? letters + 1 : 1;
      // The separators before the run's second and third letters, once it is long enough; then each.
      if (letters === 4) (spaced ??= []).push(out[4 * count - 8]! - 1, out[4 * count - 4]! - 1);
      if (letters >= 4) spaced!.push(start - 1);
    } else letters = 0;
    lastEnd = end;
    if (broke !== 0 && count > 0) {
      line = (line + 1) & (LINES - 1);
      if (broke === 2 && sent < MAX_SENTENCE) sent++;
    }
    broke = 0;
    const at = 4 * count++;
    out[at] = start;
    out[at + 1] = end;
    out[at + 2] = sent * LINES + line;
    out[at + 3] = plain ? lexicon.find(h, u, start, end - start) : lexicon.findText(h, text, start, end - start);
  }
  // Plain arrays sized once: growing four arrays token by token, or making typed arrays
  // (off the managed heap at this size), cost as much as the reading.
  t.count = count;
  t.longest = longest;
  t.spaced = spaced;
  const starts = (t.starts = new Array<number>(count));
  const ends = (t.ends = new Array<number>(count));
  const sentence = (t.sentence = new Array<number>(count));
  const ids = (t.ids = new Array<number>(count));
  for (let k = 0, at = 0; k < count; k++, at += 4) {
    starts[k] = out[at]!;
    ends[k] = out[at + 1]!;
    sentence[k] = out[at + 2]!;
    ids[k] = out[at + 3]!;
  }
}
