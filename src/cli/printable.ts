// Text from files and reports, made safe for a terminal. A pack, a report or a data file is
// written by someone else: a control character in a rule id or a sender's name must not move the
// cursor, rewrite the lines above, or retitle the window of whoever runs the command.
import { isInvisible } from '../engine/normalise';

/** Unicode's ignorable and format characters: invisible, or changing how the text around them shows. */
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;

/**
 * Characters shown as escapes, never as they are: controls, line and paragraph separators, every
 * character the engine reads as invisible (`isInvisible`: zero-width ones, fillers, variation
 * selectors, tags, and the marks and overrides that change the direction of text), and the rest
 * of Unicode's ignorable and format characters.
 */
export const isHidden = (cp: number): boolean =>
  cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || isInvisible(cp) || IGNORABLE.test(String.fromCodePoint(cp));
/** A run of characters that may hold one (the rest pass straight through). */
export const MAYBE_HIDDEN = /[^\x20-\x7e\u00a0-\u00ac\u00ae-\u033f]/gu;

/** JSON with every hidden character written as a `\u` escape: the same value, printable. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(MAYBE_HIDDEN, (c) =>
    isHidden(c.codePointAt(0)!) ? Array.from({ length: c.length }, (_, k) => `\\u${c.charCodeAt(k).toString(16).padStart(4, '0')}`).join('') : c,
  );
}

/**
 * Text from a report, safe to print: every hidden character as `\u{…}`, and backslashes doubled,
 * so a name that spells out an escape cannot pass for one.
 */
export function safeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(MAYBE_HIDDEN, (c) => (isHidden(c.codePointAt(0)!) ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c));
}

/**
 * A message for the terminal (a warning, an error, a line of output that quotes a file): every
 * hidden character as `\u{…}` but its line breaks and tabs, which are the message's own.
 */
export function printable(text: string): string {
  return text.replace(MAYBE_HIDDEN, (c) => (c !== '\n' && c !== '\t' && isHidden(c.codePointAt(0)!) ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c));
}

/** Writes `text` to standard error, printable. */
export const say = (text: string): boolean => process.stderr.write(printable(text));
