// The "About this profile" dialog (/in/<slug>/overlay/about-this-profile/): when the account
// was created ("Joined May 2025") and what the member verified. Not a surface of its own: the
// profile adapter merges it into the profile approach's sender. Read by its visible text, which
// has outlived several redesigns of the dialog's markup.
import { readText } from '../text';
import { textOptions, type Lookup } from './common';
import { parseMonthYear } from './dates';
import { LINKEDIN_TEXT } from './selectors';

export interface AboutThisProfile {
  dialog: Element;
  /** ISO month, e.g. `2025-05`. */
  joined?: string;
  /** Verification lines as shown ("Verified with Persona"). */
  verifications: string[];
}

// Lines that mention verification without claiming any.
const NOT_A_VERIFICATION = /\b(?:not|no|never)\b|n[’']t\b|\bunverified\b|^(?:get|how to get) verified|^verify\b/i;

export function readAboutThisProfile(root: ParentNode, lookup: Lookup): AboutThisProfile | null {
  for (const dialog of lookup.all(root, 'aboutThisProfileDialog')) {
    const lines = readText(dialog, textOptions(lookup))
      .text.split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (!lines.some((line) => LINKEDIN_TEXT.aboutThisProfile.test(line))) continue;
    return { dialog, ...readLines(lines) };
  }
  return null;
}

function readLines(lines: string[]): { joined?: string; verifications: string[] } {
  const result: { joined?: string; verifications: string[] } = { verifications: [] };
  const joinedAt = lines.findIndex((line) => LINKEDIN_TEXT.joined.test(line));
  if (joinedAt >= 0) {
    const joined = parseMonthYear(lines[joinedAt]) ?? parseMonthYear(lines[joinedAt + 1]);
    if (joined) result.joined = joined;
  }
  const heading = lines.findIndex((line) => LINKEDIN_TEXT.verificationsHeading.test(line));
  for (const line of heading >= 0 ? lines.slice(heading + 1) : lines) {
    if (LINKEDIN_TEXT.verifiedLine.test(line) && !NOT_A_VERIFICATION.test(line)) result.verifications.push(line);
  }
  return result;
}
