// The only remote image Approach Guard ever shows: the sender's profile photo as LinkedIn's own
// image host serves it. The URL comes from the page, so it is checked where it is read (the
// adapters), where it arrives (the background) and where it is drawn (the popup). Anything
// else (another host, http, a data: or blob: URL, credentials, a port, an odd spelling that
// only a lenient parser would read as LinkedIn's host) is dropped rather than repaired.

export const LINKEDIN_PHOTO_ORIGIN = 'https://media.licdn.com';
const PHOTO_PATH = '/dms/image/';
export const MAX_PHOTO_URL_CHARS = 2000;

/** `raw` if it is exactly a LinkedIn CDN image URL in canonical form, otherwise undefined. */
export function linkedInPhotoUrl(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_PHOTO_URL_CHARS) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const ok =
    url.origin === LINKEDIN_PHOTO_ORIGIN &&
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    url.hash === '' &&
    url.pathname.startsWith(PHOTO_PATH) &&
    // The page's string must already be the canonical form: no backslashes, spaces, upper-case
    // host or escapes that the parser would quietly rewrite.
    url.href === raw;
  return ok ? raw : undefined;
}
