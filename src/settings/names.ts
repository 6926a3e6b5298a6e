// How the lists the extension keeps (flagged and seen senders, "Not suspicious", the notice)
// hold a person's name. No imports: the popup uses it too.

/** The most of a person's name any list keeps. */
export const NAME_MAX = 200;

/**
 * A name as lists keep it: trimmed, at most NAME_MAX units, never ending in half a character (a
 * cut through an emoji would leave a unit that `encodeURIComponent`, and so the e-mail report,
 * refuses). Undefined when nothing is left.
 */
export function clipName(name: string | undefined): string | undefined {
  return name?.trim().slice(0, NAME_MAX).replace(/[\uD800-\uDBFF]$/, '') || undefined;
}
