// Stable identities: canonical profile URLs, thread keys and invitation ids. The same
// conversation must get the same id whether it is read on /messaging/ or in an overlay bubble,
// so that the background's per-sender history and the user's "dismiss" survive navigation.
import { profileSlugFromPath } from './pages';

const ORIGIN = 'https://www.linkedin.com';

/**
 * `https://www.linkedin.com/in/<slug>/` for any LinkedIn profile link (relative, absolute, with
 * a query, an overlay or a trailing path), or undefined when `href` is not a profile link.
 */
export function normaliseProfileUrl(href: string | null | undefined, base: string = ORIGIN): string | undefined {
  if (!href) return undefined;
  // The thread's header link is read on every scan, and parsing a URL is not free: remember it.
  const key = `${base} ${href}`;
  if (profileUrls.has(key)) return profileUrls.get(key);
  const canonical = canonicalProfileUrl(href, base);
  if (profileUrls.size >= 1000) profileUrls.clear();
  profileUrls.set(key, canonical);
  return canonical;
}

const profileUrls = new Map<string, string | undefined>();

function canonicalProfileUrl(href: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // Country hosts (uk.linkedin.com) serve the same profiles; anything else is not LinkedIn.
  if (url.hostname !== 'linkedin.com' && !url.hostname.endsWith('.linkedin.com')) return undefined;
  const slug = profileSlugFromPath(url.pathname);
  return slug === undefined ? undefined : `${ORIGIN}/in/${slug}/`;
}

/** The slug of a canonical or raw profile URL. */
export function profileSlug(href: string | undefined): string | undefined {
  const canonical = normaliseProfileUrl(href);
  return canonical === undefined ? undefined : profileSlugFromPath(new URL(canonical).pathname);
}

function decodeBase64(encoded: string): string | undefined {
  try {
    const padded = encoded.replace(/-/g, '+').replace(/_/g, '/');
    return atob(padded);
  } catch {
    return undefined;
  }
}

// Thread GUIDs look like `<uuid>_<three digits>`; the suffix tells thread kinds apart, so it
// stays part of the key.
const THREAD_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_\d{3}$/i;

/**
 * The thread key of a `/messaging/thread/<id>/` id: `2-<base64 of "<uuid>_<nnn>">` decodes to
 * the GUID; legacy numeric ids are kept as they are.
 */
/** Whether `key` is a thread key in the messages' own form (legacy numeric URL ids are not). */
export const isGuidThreadKey = (key: string): boolean => THREAD_KEY.test(key);

export function threadKeyFromUrlId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  let raw = id;
  try {
    raw = decodeURIComponent(id);
  } catch {
    // Keep the id as it came.
  }
  if (raw.startsWith('2-')) {
    const decoded = decodeBase64(raw.slice(2));
    if (decoded !== undefined && THREAD_KEY.test(decoded)) return decoded.toLowerCase();
  }
  return /^[\w-]+$/.test(raw) ? raw : undefined;
}

export interface MessageUrnParts {
  /** Thread key shared by every message of the conversation. */
  threadKey: string;
  /** Send time in ms since the epoch, when the URN carries it. */
  sentAt?: number;
}

/**
 * Splits `urn:li:msg_message:(urn:li:fsd_profile:<mailbox>,2-<base64>)`, whose base64 reads
 * `<13-digit ms>b<n>-<nnn>&<uuid>_<nnn>`.
 */
export function parseMessageUrn(urn: string | null | undefined): MessageUrnParts | undefined {
  if (!urn) return undefined;
  // A pure function of the URN, read again for every message on every scan: remember it.
  if (urnCache.has(urn)) return urnCache.get(urn);
  const parts = decodeMessageUrn(urn);
  if (urnCache.size >= 5000) urnCache.clear();
  urnCache.set(urn, parts);
  return parts;
}

const urnCache = new Map<string, MessageUrnParts | undefined>();

function decodeMessageUrn(urn: string): MessageUrnParts | undefined {
  const encoded = /,2-([A-Za-z0-9+/=_-]+)\)\s*$/.exec(urn)?.[1];
  if (!encoded) return undefined;
  const decoded = decodeBase64(encoded);
  if (!decoded) return undefined;
  const [head, guid] = decoded.split('&');
  if (!guid || !THREAD_KEY.test(guid)) return undefined;
  const millis = /^(\d{13})b/.exec(head ?? '')?.[1];
  const parts: MessageUrnParts = { threadKey: guid.toLowerCase() };
  if (millis) parts.sentAt = Number(millis);
  return parts;
}

/** `urn:li:fsd_invitation:1001` from a reply link `/messaging/compose/?invitation=<urn>`. */
export function invitationUrnFromHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const urn = new URL(href, ORIGIN).searchParams.get('invitation');
    return urn && /^urn:li:[\w]+:[\w-]+$/.test(urn) ? urn : undefined;
  } catch {
    return undefined;
  }
}

/** Approach ids, one namespace per kind so that kinds never collide. */
export const approachId = {
  thread: (threadKey: string): string => `linkedin:thread:${threadKey}`,
  /** Conversation-list previews carry no thread id; the participant names are the best key. */
  conversation: (names: string): string => `linkedin:conversation:${names.toLowerCase()}`,
  /** An overlay bubble whose messages carry no URN. */
  overlay: (name: string): string => `linkedin:overlay:${name.toLowerCase()}`,
  invitation: (key: string): string => `linkedin:invitation:${key}`,
  profile: (slug: string): string => `linkedin:profile:${slug}`,
};
