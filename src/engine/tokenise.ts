// Splits normalised text into word tokens. Phrases are matched token by token, which gives
// word boundaries for free and keeps matching linear in the length of the text.

export interface Tokens {
  count: number;
  /** Token text (normalised). */
  words: string[];
  /** Offsets into the normalised text. */
  starts: number[];
  ends: number[];
  /** Sentence number of each token: phrases and negation never cross a sentence. */
  sentence: number[];
}

/** Longest token kept whole; longer runs (base64 blobs, padding) are cut so work stays bounded. */
export const MAX_TOKEN_LENGTH = 64;

// 1: letter or digit, 2: sentence break, 0: anything else (ASCII only; the rest is checked below).
const ASCII = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII[c] = 1;
for (let c = 97; c <= 122; c++) ASCII[c] = 1;
for (let c = 65; c <= 90; c++) ASCII[c] = 1;
for (const c of [46, 33, 63, 10, 59]) ASCII[c] = 2;

const WORD_EXTRA = /[\p{L}\p{N}]/u;

/** Width of the word character at i (1 or 2 for a surrogate pair), or 0 if it is not one. */
function wordWidth(text: string, i: number, c: number): number {
  if (c < 128) return ASCII[c] === 1 ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) return WORD_EXTRA.test(text.slice(i, i + 2)) ? 2 : 0;
  return WORD_EXTRA.test(text[i]!) ? 1 : 0;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

export function tokenise(text: string): Tokens {
  const n = text.length;
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const sentence: number[] = [];
  let sent = 0;
  // Whether a sentence break was seen since the last token.
  let broke = false;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let w = c < 128 ? (ASCII[c] === 1 ? 1 : 0) : wordWidth(text, i, c);
    if (w === 0) {
      // A full stop between two digits is a decimal point, not a sentence end.
      if (((c < 128 && ASCII[c] === 2) || c === 0x3002) && !(c === 46 && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)))) broke = true;
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    const start = i;
    let end = i;
    while (w > 0) {
      i += w;
      if (i - start <= MAX_TOKEN_LENGTH) end = i;
      if (i >= n) break;
      const d = text.charCodeAt(i);
      if (d < 128) {
        w = ASCII[d] === 1 ? 1 : 0;
        // An apostrophe inside a word keeps "don't" and "o'connell" as one token.
        if (w === 0 && d === 39 && i + 1 < n && wordWidth(text, i + 1, text.charCodeAt(i + 1)) > 0) w = 1;
      } else w = wordWidth(text, i, d);
    }
    if (broke && words.length > 0) sent++;
    broke = false;
    words.push(text.slice(start, end));
    starts.push(start);
    ends.push(end);
    sentence.push(sent);
  }
  return { count: words.length, words, starts, ends, sentence };
}

export const isNumberToken = (w: string): boolean => {
  const c = w.charCodeAt(0);
  return c >= 48 && c <= 57;
};
