// Places the extension sends people. One constant each, so a moved page is fixed in one line.
import { normaliseProfileUrl } from '../settings/profile-url';

/** NPSA, "Protecting our Democratic Institutions" (the guidance the rules come from). */
export const NPSA_GUIDANCE_URL = 'https://www.npsa.gov.uk/protecting-our-democratic-institutions';

/** LinkedIn Help, "Report inappropriate member profiles". */
export const LINKEDIN_REPORT_HELP_URL = 'https://www.linkedin.com/help/linkedin/answer/a1338436';

const PROFILE_PREFIX = 'https://www.linkedin.com/in/';

/**
 * The sender's profile as a canonical `https://www.linkedin.com/in/<id>/` URL, or undefined.
 * Profile URLs come from the page, so nothing else (another host, a redirect, a script URL)
 * may be opened from a "Report on LinkedIn" click.
 */
export function linkedInProfileUrl(raw: string | undefined): string | undefined {
  const ref = normaliseProfileUrl(raw);
  if (!ref || !ref.url.startsWith(PROFILE_PREFIX)) return undefined;
  const id = ref.url.slice(PROFILE_PREFIX.length, -1);
  // One path segment of ordinary characters; percent-escapes are how LinkedIn writes non-Latin ids.
  return /^[\p{L}\p{N}%_.-]{1,200}$/u.test(id) ? ref.url : undefined;
}

/** An https URL from data (pack references, entity sources), or undefined: never javascript: and the like. */
export function safeHttpsUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
