// Page detection from the URL alone, so it can run before the page has rendered (LinkedIn is a
// single-page app and the URL changes first). Each leaf detector has example URLs in
// page-examples.ts (kept out of the content script); a test checks that every example matches
// its own detector and no other leaf detector.

/** Only the host the extension has permission for; look-alike hosts are never LinkedIn. */
export const isLinkedIn = (url: URL): boolean =>
  url.protocol === 'https:' && url.hostname === 'www.linkedin.com';

const path = (url: URL): string => url.pathname.replace(/\/{2,}/g, '/');

const THREAD_PATH = /^\/messaging\/thread\/([^/]+)\/?/;
const PROFILE_PATH = /^\/in\/([^/]+)\/?$/;
const PROFILE_OVERLAY_PATH = /^\/in\/([^/]+)\/overlay\/([^/]+)\/?$/;

/** The messaging inbox with no conversation id in the URL (LinkedIn opens the latest one). */
export const isMessagingInbox = (url: URL): boolean =>
  isLinkedIn(url) && /^\/messaging\/?$/.test(path(url));

/** One open conversation: `/messaging/thread/<id>/`. */
export const isMessagingThread = (url: URL): boolean => {
  if (!isLinkedIn(url)) return false;
  const id = THREAD_PATH.exec(path(url))?.[1];
  return id !== undefined && id !== 'new';
};

/** Writing a new message; nothing has been received there. */
export const isMessagingCompose = (url: URL): boolean =>
  isLinkedIn(url) && /^\/messaging\/(?:thread\/new|compose)\/?$/.test(path(url));

/** Received invitations (the default tab of the invitation manager). */
export const isReceivedInvitations = (url: URL): boolean =>
  isLinkedIn(url) && /^\/mynetwork\/invitation-manager(?:\/received(?:\/[^/]+)?)?\/?$/.test(path(url));

/** Invitations the user sent: their own words, never scored. */
export const isSentInvitations = (url: URL): boolean =>
  isLinkedIn(url) && /^\/mynetwork\/invitation-manager\/sent(?:\/[^/]+)?\/?$/.test(path(url));

/** A member profile's main page. */
export const isProfile = (url: URL): boolean => isLinkedIn(url) && PROFILE_PATH.test(path(url));

/** The "About this profile" dialog, open over the profile (joined date, verifications). */
export const isAboutThisProfile = (url: URL): boolean =>
  isLinkedIn(url) && PROFILE_OVERLAY_PATH.exec(path(url))?.[2] === 'about-this-profile';

/** Other dialogs open over a profile (contact info, photo, background image). */
export const isProfileOverlay = (url: URL): boolean => {
  if (!isLinkedIn(url)) return false;
  const overlay = PROFILE_OVERLAY_PATH.exec(path(url))?.[2];
  return overlay !== undefined && overlay !== 'about-this-profile';
};

/** The "see all" subpages of a profile (experience, skills, activity). */
export const isProfileDetails = (url: URL): boolean =>
  isLinkedIn(url) && /^\/in\/[^/]+\/(?:details|recent-activity)\/.+/.test(path(url));

export const isFeed = (url: URL): boolean => isLinkedIn(url) && /^\/feed(?:\/|$)/.test(path(url));

/** The leaf detectors: every example URL matches exactly one of them. */
export const leafDetectors = {
  isMessagingInbox,
  isMessagingThread,
  isMessagingCompose,
  isReceivedInvitations,
  isSentInvitations,
  isProfile,
  isAboutThisProfile,
  isProfileOverlay,
  isProfileDetails,
  isFeed,
} as const;


/** Any messaging page, open thread or not. */
export const isMessaging = (url: URL): boolean =>
  isMessagingInbox(url) || isMessagingThread(url) || isMessagingCompose(url);

/** A profile, with or without one of its dialogs open over it. */
export const isProfilePage = (url: URL): boolean =>
  isProfile(url) || isAboutThisProfile(url) || isProfileOverlay(url);

/** The profile slug (vanity name or member id) of any `/in/<slug>/...` URL. */
export function profileSlugFromPath(pathname: string): string | undefined {
  const slug = /^\/in\/([^/?#]+)/.exec(pathname.replace(/\/{2,}/g, '/'))?.[1];
  return slug === undefined || slug === '' ? undefined : slug;
}

/** The raw thread id of a `/messaging/thread/<id>/` URL. */
export function threadIdFromUrl(url: URL): string | undefined {
  if (!isMessagingThread(url)) return undefined;
  return THREAD_PATH.exec(path(url))?.[1];
}
