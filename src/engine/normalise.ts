// Text normalisation before matching. Rules are written in plain lower-case words; the text
// that reaches them has case, compatibility forms (NFKC: full-width, ligatures, maths
// letters), diacritics, invisible characters, look-alike letters and whitespace runs
// folded away, so "Ｐаy in ᴮitcoin" and "pay in bitcoin" meet the same rule.
// Every output unit remembers the span of the original text it came from, so evidence
// offsets point into what the user actually sees.

export interface NormalisedText {
  /** Folded text: lower case, Latin look-alikes, single spaces, '\n' for a line break, '\n\n' for a blank line. */
  text: string;
  /**
   * Offset map, as segments of the normalised text in ascending order. In a linear segment
   * (width -1) each unit comes from one original unit in order; in a fixed segment every unit
   * comes from the same original span of `width` units (a folded character, a whitespace run).
   */
  segOut: number[];
  segOrig: number[];
  segWidth: number[];
}

/** Each character of `s` at an even place, mapped to the one after it. */
function pairs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < s.length; i += 2) out[s[i]!] = s[i + 1]!;
  return out;
}

// Look-alike letters that NFKD does not fold (they are distinct letters, not variants), each
// written beside the Latin letter it folds to: fewer bytes in the content script than an object.
// Mapped before lower-casing so capital forms fold to the right Latin letter.
const HOMOGLYPHS: Record<string, string> = {
  ...pairs(
    // Cyrillic capitals
    'АaВbЕeКkМmНhОoРpСcТtХxУyЅsІiЈjҮyԚqԜwҺhӀl' +
      // Cyrillic small letters
      'аaеeоoрpсcуyхxѕsіiјjԁdһhӏlԛqԝwѵvүyкkтtмmьbгrпnёeїi' +
      // Greek capitals
      'ΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx' +
      // Greek small letters
      'αaβbεeιiκkνvοoρpτtυuχxγyηnωw' +
      // Latin letters that stand in for plain ones
      'ıiȷjſsɡgɑaǀløoØođdĐdłlŁlħhɩi' +
      // Small capitals, as "fancy text" generators write them
      'ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz' +
      // Lisu capitals, Armenian, Coptic and Greek letters shaped as Latin ones
      'ꓮaꓐbꓚcꓓdꓰeꓝfꓖgꓧhꓲiꓙjꓗkꓡlꓟmꓠnꓳoꓑpꓣrꓢsꓔtꓴuꓦvꓪwꓫxꓬyꓜzօoսuհhոnⲟoⲣpⲥcϲcϹcϳj',
  ),
  ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe',
};

// Typographic punctuation folded to its ASCII form so phrases need one spelling.
const PUNCTUATION: Record<string, string> = {
  // Dashes between words (en, em, horizontal bar) are spaces: folded to a hyphen they joined the
  // words beside them into one host ("apply here\u2014bit.ly" read as here-bit.ly).
  ...pairs('\u2018\'\u2019\'\u201a\'\u201b\'\u2032\'\u02bc\'\u00b4\'\u02b9\'\u055a\'\ua78c\'\u201c"\u201d"\u201e"\u00ab"\u00bb"\u2010-\u2011-\u2012-\u2013 \u2014 \u2015 \u2212-\u00b7 \u2022 '),
  '\u2026': '...',
};

/**
 * Unicode's default-ignorable code points, which a browser draws as nothing: zero-width spaces
 * and joiners, bidi marks and overrides, Hangul fillers, variation selectors, tags. A sender
 * can put any of them inside a word to split it.
 */
const INVISIBLE = /^\p{DI}$/u;
export const isInvisible = (cp: number): boolean => INVISIBLE.test(String.fromCodePoint(cp));

function isUnicodeSpace(cp: number): boolean {
  return (
    cp === 0x00a0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 ||
    cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0x0085
  );
}

const MARK = /\p{M}/u;

/**
 * Whether a code point is a combining mark. Ranges answer for the common cases (the Latin
 * accents, punctuation, symbols, emoji): the browser compiles the Unicode class on its first
 * use, which costs a page several hundred microseconds. Tests check every code point.
 */
export function isMark(cp: number): boolean {
  if (cp < 0x300) return false;
  if (cp < 0x370) return true;
  if ((cp >= 0x2000 && cp < 0x20d0) || (cp > 0x20f0 && cp < 0x2c00) || (cp >= 0x1f000 && cp < 0x1fc00)) return false;
  return MARK.test(String.fromCodePoint(cp));
}

/** `s` without its combining marks. */
function withoutMarks(s: string): string {
  let out = '';
  for (const part of s) if (!isMark(part.codePointAt(0)!)) out += part;
  return out;
}

const foldCache = new Map<number, string>();

/** The folded form of one non-ASCII code point ('' when it folds away entirely). */
function foldCodePoint(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  // Invisible code points fold to nothing: tested here, once a code point, where the answer is kept.
  // Squared, negative circled and negative squared capitals (🄰, 🅐, 🅰), which nothing decomposes,
  // in three runs of 26 a block of 32 apart; and the regional indicators (🇦).
  const enclosed = cp - 0x1f130;
  let out = INVISIBLE.test(ch)
    ? ''
    : enclosed >= 0 && enclosed < 90 && (enclosed & 31) < 26
      ? String.fromCharCode(97 + (enclosed & 31))
      : cp >= 0x1f1e6 && cp <= 0x1f1ff
        ? String.fromCharCode(cp - 0x1f185)
        : (PUNCTUATION[ch] ?? HOMOGLYPHS[ch]);
  if (out === undefined) {
    out = '';
    for (const part of ch.normalize('NFKD')) if (!isMark(part.codePointAt(0)!)) out += HOMOGLYPHS[part] ?? PUNCTUATION[part] ?? part.toLowerCase();
    // A decomposed form may still contain capitals or marks after lower-casing (e.g. 'İ').
    out = withoutMarks(out.normalize('NFKD'));
  }
  if (foldCache.size < 20_000) foldCache.set(cp, out);
  return out;
}

/** Builds the text and its offset map; a class, not closure variables, so the loop stays fast. */
class Builder {
  parts: string[] = [];
  len = 0;
  segOut: number[] = [];
  segOrig: number[] = [];
  segWidth: number[] = [];
  /** Original offset where the open linear segment continues, or -1. */
  linearEnd = -1;

  linear(chunk: string, from: number): void {
    if (this.linearEnd !== from) {
      this.segOut.push(this.len);
      this.segOrig.push(from);
      this.segWidth.push(-1);
    }
    this.parts.push(chunk);
    this.len += chunk.length;
    this.linearEnd = from + chunk.length;
  }

  fixed(s: string, from: number, width: number): void {
    this.segOut.push(this.len);
    this.segOrig.push(from);
    this.segWidth.push(width);
    this.parts.push(s);
    this.len += s.length;
    this.linearEnd = -1;
  }
}

const isPlain = (c: number) => c > 32 && c < 127;

/** What pending white space is written as (see `pending` below). */
const BREAKS = ['', ' ', '\n', '\n\n'];

// A plain run ends at anything but printable ASCII, or at a space not followed by a printable
// character. Native searches find both, far faster than a loop over char codes, and most
// LinkedIn text is one long run broken only by line breaks and typographic quotes. Two
// searches, one for a character class and one for a double space, cost half of one regex
// that tries a look-ahead at every space.
const NOT_PLAIN = /[^\x20-\x7e]/g;

export function normalise(original: string): NormalisedText {
  const n = original.length;
  const b = new Builder();
  // Whitespace waiting to be written before the next word: one space (1), a line break (2), or
  // a blank line (3: two or more line breaks, which end a sentence; one may not, see tokenise.ts).
  let pending = 0;
  // The next double space at or after `doubleFrom`, or -1: searched again only once passed,
  // so text of many short runs is not searched over and over.
  let double = -1;
  let doubleFrom = n;
  // The next character that is not printable ASCII, kept the same way: searching again at every
  // run took text of many double spaces quadratic time (0.4 s for 64,000 characters).
  let notPlain = -1;
  // Where the pending white space began: the space or break written for it maps to all of it.
  let ws = 0;
  let i = 0;
  while (i < n) {
    const c = original.charCodeAt(i);
    if (isPlain(c)) {
      if (pending !== 0) {
        if (b.len > 0) b.fixed(BREAKS[pending]!, ws, i - ws);
        pending = 0;
      }
      if (notPlain <= i) {
        NOT_PLAIN.lastIndex = i + 1;
        notPlain = NOT_PLAIN.exec(original)?.index ?? n;
      }
      let end = notPlain;
      if (doubleFrom > i + 1 || (double >= 0 && double <= i)) {
        double = original.indexOf('  ', i + 1);
        doubleFrom = i + 1;
      }
      if (double >= 0 && double < end) end = double;
      // A space just before the end (a line break, a double space, the end of the text)
      // belongs to the whitespace that follows.
      if (original.charCodeAt(end - 1) === 32) end--;
      b.linear(original.slice(i, end).toLowerCase(), i);
      i = end;
      continue;
    }
    if (c < 128) {
      if (c === 13 || c === 10 || c === 32 || c === 9 || c === 11 || c === 12) {
        if (pending === 0) ws = i;
        // "\r\n" is one line break.
        if (c === 13 || (c === 10 && original.charCodeAt(i - 1) !== 13)) pending = pending >= 2 ? 3 : 2;
        else if (pending === 0) pending = 1;
      }
      // other control characters are dropped
      i++;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isUnicodeSpace(cp)) {
      if (pending === 0) ws = i;
      if (cp === 0x2029) pending = 3;
      else if (cp === 0x2028 || cp === 0x0085) pending = pending >= 2 ? 3 : 2;
      else if (pending === 0) pending = 1;
      i += width;
      continue;
    }
    const folded = foldCodePoint(cp);
    if (folded === ' ') {
      if (pending === 0) {
        pending = 1;
        ws = i;
      }
    } else if (folded.length > 0) {
      if (pending !== 0) {
        if (b.len > 0) b.fixed(BREAKS[pending]!, ws, i - ws);
        pending = 0;
      }
      if (folded.length === 1 && width === 1) b.linear(folded, i);
      else b.fixed(folded, i, width);
    }
    i += width;
  }
  const text = b.parts.length === 1 ? b.parts[0]! : b.parts.join('');
  return { text, segOut: b.segOut, segOrig: b.segOrig, segWidth: b.segWidth };
}

function segmentAt(norm: NormalisedText, p: number): number {
  const s = norm.segOut;
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Original offset where normalised unit `p` starts. */
export function originalStart(norm: NormalisedText, p: number): number {
  if (norm.segOut.length === 0) return 0;
  const k = segmentAt(norm, p);
  return norm.segWidth[k] === -1 ? norm.segOrig[k]! + (p - norm.segOut[k]!) : norm.segOrig[k]!;
}

/** Original offset just after normalised unit `p`. */
export function originalEnd(norm: NormalisedText, p: number): number {
  if (norm.segOut.length === 0) return 0;
  const k = segmentAt(norm, p);
  const w = norm.segWidth[k]!;
  return w === -1 ? norm.segOrig[k]! + (p - norm.segOut[k]!) + 1 : norm.segOrig[k]! + w;
}

/** Maps a [start, end) span of normalised text back to the original text. */
export function originalSpan(norm: NormalisedText, start: number, end: number): [number, number] {
  if (end <= start || start >= norm.text.length) return [0, 0];
  return [originalStart(norm, start), originalEnd(norm, Math.min(end, norm.text.length) - 1)];
}

/** Normalised form of a short string, for building indexes (names, phrases, domains). */
export function fold(s: string): string {
  return normalise(s).text;
}
