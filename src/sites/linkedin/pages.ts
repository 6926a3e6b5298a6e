// Page detection from the URL alone, so it can run before the page has rendered (LinkedIn is a
// single-page app and the URL changes first). Each leaf detector lists example URLs; a test
// checks that every example matches its own detector and no other leaf detector.

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
isMessagingInbox.examples = [
  'https://www.linkedin.com/messaging/',
  'https://www.linkedin.com/messaging',
  'https://www.linkedin.com/messaging/?filter=unread',
] as const;

/** One open conversation: `/messaging/thread/<id>/`. */
export const isMessagingThread = (url: URL): boolean => {
  if (!isLinkedIn(url)) return false;
  const id = THREAD_PATH.exec(path(url))?.[1];
  return id !== undefined && id !== 'new';
};
isMessagingThread.examples = [
  'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==/',
  'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxXzAxMg==',
  'https://www.linkedin.com/messaging/thread/6712345678901234567/',
  'https://www.linkedin.com/messaging/thread/2-MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDA0XzAxMA==/?filter=inmail',
] as const;

/** Writing a new message; nothing has been received there. */
export const isMessagingCompose = (url: URL): boolean =>
  isLinkedIn(url) && /^\/messaging\/(?:thread\/new|compose)\/?$/.test(path(url));
isMessagingCompose.examples = [
  'https://www.linkedin.com/messaging/thread/new/',
  'https://www.linkedin.com/messaging/thread/new/?recipients=List(urn%3Ali%3Afsd_profile%3AACoAAFx0030zVAKbTkB1ZgYS5jdmQgsM7KdlKWS)',
  'https://www.linkedin.com/messaging/compose/?invitation=urn%3Ali%3Afsd_invitation%3A1001',
] as const;

/** Received invitations (the default tab of the invitation manager). */
export const isReceivedInvitations = (url: URL): boolean =>
  isLinkedIn(url) && /^\/mynetwork\/invitation-manager(?:\/received(?:\/[^/]+)?)?\/?$/.test(path(url));
isReceivedInvitations.examples = [
  'https://www.linkedin.com/mynetwork/invitation-manager/',
  'https://www.linkedin.com/mynetwork/invitation-manager/received/',
  'https://www.linkedin.com/mynetwork/invitation-manager/received',
  'https://www.linkedin.com/mynetwork/invitation-manager/received/CONNECTION/',
  'https://www.linkedin.com/mynetwork/invitation-manager/?filterCriteria=null',
] as const;

/** Invitations the user sent: their own words, never scored. */
export const isSentInvitations = (url: URL): boolean =>
  isLinkedIn(url) && /^\/mynetwork\/invitation-manager\/sent(?:\/[^/]+)?\/?$/.test(path(url));
isSentInvitations.examples = [
  'https://www.linkedin.com/mynetwork/invitation-manager/sent/',
  'https://www.linkedin.com/mynetwork/invitation-manager/sent/CONNECTION/',
] as const;

/** A member profile's main page. */
export const isProfile = (url: URL): boolean => isLinkedIn(url) && PROFILE_PATH.test(path(url));
isProfile.examples = [
  'https://www.linkedin.com/in/fixture-member-13/',
  'https://www.linkedin.com/in/fixture-member-13',
  'https://www.linkedin.com/in/ACoAAFx0002n9RkKdl41NghdsAlkRNsAfthgZPp/',
  'https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa-0a1b2c/?originalSubdomain=uk',
] as const;

/** The "About this profile" dialog, open over the profile (joined date, verifications). */
export const isAboutThisProfile = (url: URL): boolean =>
  isLinkedIn(url) && PROFILE_OVERLAY_PATH.exec(path(url))?.[2] === 'about-this-profile';
isAboutThisProfile.examples = [
  'https://www.linkedin.com/in/fixture-member-13/overlay/about-this-profile/',
  'https://www.linkedin.com/in/fixture-member-51/overlay/about-this-profile',
] as const;

/** Other dialogs open over a profile (contact info, photo, background image). */
export const isProfileOverlay = (url: URL): boolean => {
  if (!isLinkedIn(url)) return false;
  const overlay = PROFILE_OVERLAY_PATH.exec(path(url))?.[2];
  return overlay !== undefined && overlay !== 'about-this-profile';
};
isProfileOverlay.examples = [
  'https://www.linkedin.com/in/fixture-member-13/overlay/contact-info/',
  'https://www.linkedin.com/in/fixture-member-13/overlay/photo/',
] as const;

/** The "see all" subpages of a profile (experience, skills, activity). */
export const isProfileDetails = (url: URL): boolean =>
  isLinkedIn(url) && /^\/in\/[^/]+\/(?:details|recent-activity)\/.+/.test(path(url));
isProfileDetails.examples = [
  'https://www.linkedin.com/in/fixture-member-13/details/experience/',
  'https://www.linkedin.com/in/fixture-member-13/recent-activity/all/',
] as const;

export const isFeed = (url: URL): boolean => isLinkedIn(url) && /^\/feed(?:\/|$)/.test(path(url));
isFeed.examples = [
  'https://www.linkedin.com/feed/',
  'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001/',
] as const;

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

/** URLs no detector may match: other hosts, look-alikes, plain http, other LinkedIn pages. */
export const notDetectedExamples = [
  'https://www.linkedin.com.example.com/in/fixture-member-13/',
  'https://linkedin.example.com/messaging/',
  'http://www.linkedin.com/in/fixture-member-13/',
  'https://example.com/in/fixture-member-13/',
  'https://www.linkedin.com/jobs/view/1234567890/',
  'https://www.linkedin.com/company/fixture-company-10/',
  'https://www.linkedin.com/mynetwork/',
  'https://www.linkedin.com/in/',
] as const;

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
