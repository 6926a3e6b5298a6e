// The one registry of LinkedIn selectors, as data. For each target, alternatives are tried in
// order: stable hooks first (role, aria-*, data-*, structure), class names last. Each comment
// names the UI variant the alternative serves. "capture" means it matches the saved April 2025
// pages (tests/fixtures/linkedin/README.md); "written" means it was only checked against a
// fixture we wrote in the same markup style. A rule pack may prepend alternatives per target
// (`mergeLinkedInSelectorOverrides`); ids are part of the pack format, so do not rename them.
import { mergeSelectorOverrides, type MergedSelectors } from '../selectors';

export const LINKEDIN_SELECTORS = {
  // ── Text reading (every alternative applies: this target is a set, not a choice) ──────────
  textSkip: [
    '.visually-hidden', // artdeco screen-reader copy of visible text (would double every line)
    '.a11y-text', // Ember screen-reader hints ("View Priya’s profile")
    'svg', // icons
    'button', // controls ("…see more", reactions) are not part of what was written
    'script, style, template, noscript', // never visible text
  ],
  // Avatars LinkedIn draws when a member has no photo.
  ghostPhoto: [
    'img[class*="ghost-person"]', // Ember ghost avatar (EntityPhoto-*-ghost-person)
    'img[src*="ghost"]', // static ghost image URLs
    '[class*="ghost-entity"]', // ivm ghost wrapper (search, invitations)
    'img[src*="static.licdn.com/aero-v1/sc/h/"]', // static placeholder asset; member photos come from media.licdn.com
  ],
  verifiedBadge: [
    'svg[aria-label="LinkedIn Verified"]', // messaging name badge (capture)
    'svg[data-test-icon^="verified"]', // any verified icon by its data hook (capture)
    '.msg-ui-profile__badge-icon', // messaging badge class (capture)
  ],

  // ── /messaging/: conversation list ─────────────────────────────────────────────────────
  conversationList: [
    'ul.msg-conversations-container__conversations-list', // Ember inbox list (capture)
    '.msg-conversations-container__conversations-list', // same list if it stops being a <ul>
  ],
  conversationCard: [
    'li:has(label[aria-label^="Select conversation with "])', // card with its selection label (capture)
    'li.msg-conversation-listitem', // Ember card class (capture; includes empty occluded placeholders)
  ],
  cardName: [
    '.msg-conversation-listitem__participant-names span.truncate', // participant names (capture)
    'h3.msg-conversation-card__participant-names', // names heading without the truncate span
    'h3', // the card's only heading, whatever its classes
  ],
  cardSelectLabel: [
    'label[aria-label^="Select conversation with "]', // name in the a11y label (capture)
  ],
  cardSnippet: [
    'p.msg-conversation-card__message-snippet', // snippet paragraph, pill inside (capture)
    '.msg-conversation-card__message-snippet-container p', // snippet by its container (capture)
  ],
  cardPill: [
    '.msg-conversation-card__message-snippet-container span[class*="pill"]', // InMail / Sponsored / LinkedIn Offer (capture)
    '.msg-conversation-card__pill', // pill class anywhere in the card
  ],
  cardTime: [
    'time', // card date label (capture: time.msg-conversation-listitem__time-stamp)
  ],
  cardUnreadCount: [
    '[aria-label$=" unread message"], [aria-label$=" unread messages"]', // unread badge (capture)
  ],
  cardUnread: [
    '.msg-conversation-card__convo-item-container--unread', // bold unread card (capture)
  ],
  cardActive: [
    '[aria-current="true"], [aria-current="page"]', // a11y current item (SDUI-style lists)
    '.msg-conversations-container__convo-item-link--active', // Ember active card (capture)
    '.msg-conversation-listitem__active-text', // ". Active conversation" a11y text (capture)
  ],

  // ── Conversations: the open thread on /messaging/ and overlay bubbles ──────────────────
  thread: [
    '.msg-thread', // Ember thread pane (capture: div.msg-convo-wrapper.msg-thread)
    '[id^="message-thread-"]', // Ember thread pane id (capture)
  ],
  threadHeader: [
    '.msg-title-bar', // thread title bar (capture)
    '.msg-thread__link-to-profile', // header link when the title bar is renamed (capture)
  ],
  threadPartnerLink: [
    '.msg-title-bar a[href*="/in/"]', // header profile link (capture)
    'a.msg-thread__link-to-profile[href*="/in/"]', // header link class (capture)
  ],
  threadPartnerName: [
    '#thread-detail-jump-target', // header name's jump target id (capture)
    'h2.msg-entity-lockup__entity-title', // header name (capture)
    '.msg-title-bar h2', // title bar heading
  ],
  // The profile card LinkedIn shows at the top of a conversation (headline lives only there).
  profileCardLockup: [
    '.msg-s-profile-card .artdeco-entity-lockup', // start-of-thread profile card (capture: overlay)
    '.msg-s-profile-card', // the card without the artdeco lockup
  ],
  profileCardName: [
    '.artdeco-entity-lockup__title', // lockup title (capture: overlay)
  ],
  profileCardHeadline: [
    '.artdeco-entity-lockup__subtitle', // lockup subtitle (capture: overlay)
  ],
  // "Sponsored" / "InMail" line at the top of the message list.
  threadTopBanner: [
    'li.msg-s-message-list__top-banner', // capture (Sponsored); written (InMail)
  ],
  sponsoredThread: [
    '.msg-sponsored-conversation-thread', // Sponsored Messaging thread body (capture: overlay)
    '[data-view-name="sponsored-conversation-options-cta"]', // sponsor call-to-action buttons (capture)
  ],
  messageEvent: [
    '[data-view-name="message-list-item"]', // one message (capture)
    '[data-event-urn]', // message with its URN (capture)
    '.msg-s-event-listitem', // message class (capture)
  ],
  messageGroup: [
    'li.msg-s-message-list__event', // list item holding a date divider and a message (capture)
  ],
  messageIncoming: [
    '.msg-s-event-listitem--other', // the other party's message (capture); no stable hook exists
  ],
  messageOwnIndicator: [
    '[data-test-msg-cross-pillar-message-sending-indicator-presenter__container]', // "sent" tick on own messages (capture)
    '[title^="Sent at "]', // its tooltip (capture)
    '.msg-s-event-with-indicator__sending-indicator', // its class (capture)
  ],
  messageSenderMeta: [
    '.msg-s-message-group__meta', // name, badge, time; only on the first message of a group (capture)
  ],
  messageSenderName: [
    '.msg-s-message-group__name', // sender name (capture)
    '.msg-s-message-group__profile-link', // same span, other class (capture)
  ],
  messageSenderLink: [
    '.msg-s-message-group__meta a[href*="/in/"]', // name link (capture)
    'a.msg-s-event-listitem__link[href*="/in/"]', // avatar link (capture)
  ],
  messageAvatar: [
    'a[href*="/in/"] img[alt]', // avatar in the profile link (capture)
    'img.msg-s-event-listitem__profile-picture', // avatar class (capture)
    'img.msg-sender__advertiser-profile-picture', // sponsor picture (capture: overlay)
  ],
  messageTime: [
    'time.msg-s-message-group__timestamp', // "12:18 PM" (capture)
    '.msg-s-message-group__meta time', // any time in the name line
  ],
  messageDateHeading: [
    'time.msg-s-message-list__time-heading', // date divider "Jun 10, 2024", "Tuesday" (capture)
  ],
  messageGroupHeading: [
    'span.msg-s-event-listitem--group-a11y-heading', // "<Name> sent the following message at <time>" (capture)
  ],
  messageSubject: [
    '.msg-s-event-listitem__subject', // InMail subject line (written)
  ],
  messageBody: [
    'p.msg-s-event-listitem__body', // message text, <br> between lines (capture)
    '.msg-s-event__content p', // first paragraph of the message content (capture)
  ],
  // Container used when the body paragraph is empty: sponsored text sits in sibling <p>s.
  messageContent: [
    '.msg-s-event__content', // capture (sponsored message in the overlay)
    '.msg-s-event-with-indicator', // content row with the sent indicator (capture)
  ],

  // ── Overlay bubbles (any page) ──────────────────────────────────────────────────────────
  overlayBubble: [
    '[data-view-name="message-overlay-conversation-bubble-item"]', // bubble by its data hook (capture)
    '.msg-overlay-conversation-bubble', // bubble class (capture)
  ],
  overlayHeader: [
    'header', // bubble header element (capture)
    '.msg-overlay-conversation-bubble-header', // header class (capture)
  ],
  overlayTitle: [
    'h2.msg-overlay-bubble-header__title', // bubble title (capture)
    'header h2', // the header's heading
  ],
  overlayTitleLink: [
    'header h2 a[href*="/in/"]', // person conversation: the title links to the profile (written)
    'header a[href*="/in/"]', // any profile link in the header
  ],

  // ── /mynetwork/invitation-manager/: 2026 SDUI cards (mock) and legacy Ember cards ──────
  invitationCard: [
    '[data-testid="lazy-column"] [data-display-contents] > [role="listitem"]', // SDUI card (mock)
    '[role="listitem"]:has(button[aria-label^="Accept "])', // any list item with an Accept button
    'li[data-view-name="pending-invitation"]', // legacy Ember card (before 2025)
    'li.invitation-card', // legacy Ember class
  ],
  invitationConnectIgnore: [
    'button[aria-label^="Ignore an invitation to connect from "]', // person invitation (mock)
  ],
  invitationOtherIgnore: [
    'button[aria-label^="Ignore an invitation from "]', // follow / join / event / newsletter (mock)
  ],
  invitationAccept: [
    'button[aria-label^="Accept "]', // "Accept <Name>’s invitation" (mock)
  ],
  inviterLink: [
    'a[href*="/in/"]:has(strong)', // name link (mock)
    'a[href*="/in/"]', // photo or name link
  ],
  inviterName: [
    'a[href*="/in/"] strong', // bold name in the link (mock)
    '.invitation-card__title', // legacy Ember
  ],
  inviterPhoto: [
    'img[alt$="’s profile picture"]', // SDUI photo (mock)
    'img[alt$="\'s profile picture"]', // straight-apostrophe variant
    'img.presence-entity__image', // legacy Ember
  ],
  invitationDetailLine: [
    ':scope > p', // headline and "N mutual connections" lines (mock)
    '.invitation-card__subtitle, .member-insights__reason', // legacy Ember
  ],
  invitationNote: [
    ':scope > div:has(button[aria-label^="Accept "]) ~ p', // custom note after the actions (mock)
    '.invitation-card__custom-message', // legacy Ember
  ],
  invitationReplyLink: [
    'a[href*="/messaging/compose/?invitation="]', // "Message" reply to a note (mock)
    'a[href*="invitation=urn"]', // any link carrying the invitation URN
  ],

  // ── /in/<slug>/: profile top card and cards ──────────────────────────────────────────────
  profileTopCard: [
    'section[data-member-id]', // top card with the member id (capture)
    'main section:has(a[href$="/overlay/about-this-profile/"])', // card holding the name link (capture)
    'main section:has(h1)', // the section holding the page's name heading
    '.pv-top-card', // legacy Ember
  ],
  profileNameLink: [
    'a[href$="/overlay/about-this-profile/"]', // name wraps the "About this profile" link (capture)
    'a[href*="/overlay/about-this-profile"]', // same link with a query or no trailing slash
  ],
  profileName: [
    'a[href*="/overlay/about-this-profile"] h1', // capture
    'h1', // the top card's only heading
  ],
  profileHeadline: [
    '[data-generated-suggestion-target]', // headline with its data hook (capture)
    '.text-body-medium.break-words', // headline utility classes (capture)
  ],
  profileLocation: [
    'span.text-body-small.inline.t-black--light.break-words', // location utility classes (capture)
  ],
  // The location sits just before the "Contact info" link; used when the classes change.
  profileContactInfo: [
    'a[href$="/overlay/contact-info/"]', // capture
    '#top-card-text-details-contact-info', // its id (capture)
  ],
  profileCounts: [
    'li:has(a[href*="connectionOf"])', // "500+ connections" as a link (capture: 1st degree)
    'ul li.text-body-small', // counts row; followers also appear here in creator mode
  ],
  profileFollowers: [
    'section:has(> #content_collections) .pvs-header__optional-link', // Activity header "1,159 followers" (capture)
    '.pvs-header__optional-link', // any card header count (filtered on "followers" in code)
  ],
  profilePhoto: [
    'button[aria-label="open profile picture"] img', // photo button (capture)
    'img.pv-top-card-profile-picture__image--show', // capture
    '.pv-top-card-profile-picture__container img', // image in the photo container (capture)
    'img.pv-top-card-profile-picture__image', // photo without the --show state
  ],
  profileCurrentCompany: [
    'button[aria-label^="Current company: "]', // "Current company: X. Click to skip to experience card" (capture)
  ],
  profileAboutSection: [
    'section:has(> #about)', // profile card anchored by div#about (written, after live markup)
    'section:has(> .pv-profile-card__anchor#about)', // anchor with its class
  ],
  profileAboutText: [
    '[class*="inline-show-more-text"] > span[aria-hidden="true"]', // visible copy of the About text (written)
    'div.display-flex > span[aria-hidden="true"]', // visible copy without the show-more wrapper
  ],
  aboutThisProfileDialog: [
    '[role="dialog"]:has(h2)', // artdeco modal with a heading (written)
    '[data-test-modal]', // artdeco modal test hook
    '.artdeco-modal', // artdeco modal class
  ],
} as const satisfies Record<string, readonly string[]>;

/** Every selector target id, as used by rule packs. */
export type LinkedInTarget = keyof typeof LINKEDIN_SELECTORS;

/** The registry's shape: each target id to its alternatives. */
export type LinkedInSelectors = { readonly [K in LinkedInTarget]: readonly string[] };

/** Visible-text hooks (English UI). CSS cannot match text, so adapters compare these in code. */
export const LINKEDIN_TEXT = {
  platformWarning: /may contain unwanted or harmful content/i,
  inMail: /^inmail$/i,
  sponsored: /^sponsored$/i,
  edited: /^\(edited\)$/i,
  aboutThisProfile: /^about this profile$/i,
  joined: /\bjoined\b/i,
  verificationsHeading: /^verifications?$/i,
  verifiedLine: /\bverified\b/i,
  groupHeading: /^(.+?) sent the following messages? at (.+)$/,
  ownSnippetPrefix: /^you:\s*/i,
} as const;

/** Merges a rule pack's `{ [targetId]: string[] }` into the built-in registry; never throws. */
export function mergeLinkedInSelectorOverrides(overrides: unknown): MergedSelectors<LinkedInTarget> {
  return mergeSelectorOverrides<LinkedInTarget>(LINKEDIN_SELECTORS, overrides);
}
