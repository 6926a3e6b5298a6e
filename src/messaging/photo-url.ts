// The only remote image Approach Guard ever shows: the sender's profile photo as LinkedIn's own
// image host serves it. The URL comes from the page, so it is checked where it is read (the
// adapters), where it arrives (the background) and where it is drawn (the popup). Anything
// else (another host, http, a data: or blob: URL, credentials, a port, a fragment, an odd
// spelling that only a lenient parser would read as LinkedIn's host) is dropped, not repaired.
// Kept small: the content script carries it within its size budget.

const PHOTO_PREFIX = 'https://media.licdn.com/dms/image/';
export const MAX_PHOTO_URL_CHARS = 2000;

/** `raw` if it is exactly a LinkedIn CDN image URL in canonical form, otherwise undefined. */
export function linkedInPhotoUrl(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_PHOTO_URL_CHARS || !raw.startsWith(PHOTO_PREFIX) || raw.includes('#')) {
    return undefined;
  }
  try {
    // The prefix rules out another scheme, host, port or credentials; equality with the parsed
    // form rules out dot segments, spaces and escapes the parser would quietly rewrite.
    return new URL(raw).href === raw ? raw : undefined;
  } catch {
    return undefined;
  }
}
