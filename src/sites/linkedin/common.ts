// Small readers shared by the LinkedIn surfaces.
import { registryKey, remember } from '../extraction-cache';
import type { SelectorLookup } from '../selectors';
import { readText, type ReadTextOptions } from '../text';
import type { ExtractedApproach, TextMap } from '../types';
import { linkedInPhotoUrl } from '../../messaging/photo-url';
import { LINKEDIN_TEXT, type LinkedInTarget } from './selectors';

export type Lookup = SelectorLookup<LinkedInTarget>;

// Letters of the Basic Multilingual Plane's scripts, Latin to Hangul (with the odd sign among
// them): not ASCII digits, punctuation, symbols or emoji (astral, so surrogates). A plain class,
// because a Unicode property class takes the better part of a millisecond to compile on a page's
// first scan.
const LETTER = /[A-Za-z\xc0-\u02ff\u0370-\u1fff\u2c00-\u2dff\u3040-\ud7ff\uf900-\ufdff\ufe70-\ufefe\uff21-\uffdc]/;

/** Text options for page text: screen-reader copies, icons and controls left out. */
export function textOptions(lookup: Lookup, skipElement?: (element: Element) => boolean): ReadTextOptions {
  const options: ReadTextOptions = { skip: lookup.list('textSkip') };
  if (skipElement) options.skipElement = skipElement;
  return options;
}

/** Text of one element as a map, or undefined when the element is absent or empty. */
export function fieldText(lookup: Lookup, element: Element | null | undefined): TextMap | undefined {
  if (!element) return undefined;
  // Names, headlines and labels are read on every scan; their text is remembered per element.
  const map = remember(element, `field:${registryKey(lookup.registry)}`, () => readText(element, textOptions(lookup)));
  return map.text === '' ? undefined : map;
}

/** Single-line text (line breaks folded to spaces) for names and labels. */
export function lineText(lookup: Lookup, element: Element | null | undefined): string | undefined {
  const text = fieldText(lookup, element)?.text.replace(/\s*\n\s*/g, ' ');
  return text === undefined || text === '' ? undefined : text;
}

/** LinkedIn's "(Edited)" marker at the end of a message body is not part of what was sent. */
export function isEditedMarker(element: Element): boolean {
  return element.tagName === 'SPAN' && LINKEDIN_TEXT.edited.test((element.textContent ?? '').trim());
}

/** "1,159" → 1159, "500+" → 500, "12" → 12, "1.2K" → 1200, "3M" → 3000000 (English UI). */
export function parseCount(text: string | undefined): number | undefined {
  const match = /(\d[\d,.\u00a0 ]*\d|\d)\s*([km](?![a-z]))?/i.exec(text ?? '');
  if (!match) return undefined;
  const [, number, unit] = match;
  // With a unit the dot is a decimal point ("1.2K"); without one every separator groups thousands.
  const value = unit ? Math.round(Number(number!.replace(/[,\u00a0 ]/g, '')) * (/k/i.test(unit) ? 1000 : 1_000_000)) : Number(number!.replace(/[,.\u00a0 ]/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}

/** True for a real photo, false for LinkedIn's ghost avatar, undefined when there is no image. */
export function photoState(lookup: Lookup, image: Element | null | undefined): boolean | undefined {
  if (!image) return undefined;
  if (lookup.matches(image, 'ghostPhoto')) return false;
  // The ghost class can sit on a wrapper rather than on the image itself.
  const wrapper = image.parentElement;
  if (wrapper && lookup.matches(wrapper, 'ghostPhoto')) return false;
  return true;
}

/** The photo's address when it is a real photo on LinkedIn's image host, else undefined. */
export function photoUrlOf(lookup: Lookup, image: Element | null | undefined): string | undefined {
  if (!image || photoState(lookup, image) !== true) return undefined;
  return linkedInPhotoUrl(image.getAttribute('src'));
}

/** The first word of a name with a letter in it: some members prepend emoji ("💭 Dana"). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/).find((word) => LETTER.test(word)) ?? name.trim();
}

/** Two cards can show the same names (two threads with one person): keep ids unique. */
export function dedupe(approaches: ExtractedApproach[]): ExtractedApproach[] {
  const seen = new Map<string, number>();
  return approaches.map((extracted) => {
    const count = (seen.get(extracted.approach.id) ?? 0) + 1;
    seen.set(extracted.approach.id, count);
    if (count === 1) return extracted;
    return { ...extracted, approach: { ...extracted.approach, id: `${extracted.approach.id}#${count}` } };
  });
}
