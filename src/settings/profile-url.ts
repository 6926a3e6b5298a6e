// One sender, one key: LinkedIn shows the same profile under many URLs (tracking parameters,
// country subdomains, with or without a trailing slash, mixed case).
import { memoised } from '../engine/memo';

export interface ProfileRef {
  /** Canonical https URL, used as the key in lists and history. */
  url: string;
  /** The public id (`/in/<id>/`) when there is one, otherwise the canonical URL. */
  id: string;
}

/** LinkedIn's hosts, any subdomain (a URL's hostname is in lower case). */
export const LINKEDIN_HOST = /(^|\.)linkedin\.com$/;

/**
 * Parsed addresses, up to a hundred: the in-page warning asks for the same few senders on every
 * scan, and parsing a URL costs a content script more than the rest of deciding on a warning.
 */
const parsed = memoised(100, (raw: string) => parse(raw));

/** The canonical form of a profile address: the same object for the same address, so read-only. */
export function normaliseProfileUrl(raw: string | undefined): Readonly<ProfileRef> | undefined {
  return raw ? parsed(raw) : undefined;
}

function parse(raw: string): Readonly<ProfileRef> | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  if (LINKEDIN_HOST.test(url.hostname)) {
    const match = /^\/in\/([^/]+)/.exec(url.pathname);
    if (match?.[1]) {
      // Public ids are case-insensitive; hex escapes are too.
      const id = match[1].toLowerCase();
      return { url: `https://www.linkedin.com/in/${id}/`, id };
    }
  }
  url.hash = '';
  url.search = '';
  const canonical = url.href.replace(/\/$/, '');
  return { url: canonical, id: canonical };
}
