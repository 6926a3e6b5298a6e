// The LinkedIn selector targets. The selectors themselves are data in the rule pack
// (rules/selectors.yaml, documented alternative by alternative): the background merges the
// active pack's alternatives over the built-in ones and a LinkedIn tab reads the result from
// storage, so a security team can repair a broken selector without a release, and the content
// script does not carry a second copy. Target ids are part of the pack format; do not
// rename them.
import type { MergedSelectors } from '../selectors';

export const LINKEDIN_TARGETS = [
  'textSkip',
  'ghostPhoto',
  'verifiedBadge',
  'conversationList',
  'conversationCard',
  'cardName',
  'cardSelectLabel',
  'cardSnippet',
  'cardPill',
  'cardTime',
  'cardUnreadCount',
  'cardUnread',
  'cardActive',
  'thread',
  'threadHeader',
  'threadPartnerLink',
  'threadPartnerName',
  'profileCardLockup',
  'profileCardName',
  'profileCardHeadline',
  'threadTopBanner',
  'sponsoredThread',
  'messageEvent',
  'messageGroup',
  'messageIncoming',
  'messageOwnIndicator',
  'messageSenderMeta',
  'messageSenderName',
  'messageSenderLink',
  'messageAvatar',
  'messageTime',
  'messageDateHeading',
  'messageGroupHeading',
  'messageSubject',
  'messageBody',
  'messageContent',
  'overlayBubble',
  'overlayHeader',
  'overlayTitle',
  'overlayTitleLink',
  'invitationCard',
  'invitationConnectIgnore',
  'invitationOtherIgnore',
  'invitationAccept',
  'inviterLink',
  'inviterName',
  'inviterPhoto',
  'invitationDetailLine',
  'invitationNote',
  'invitationReplyLink',
  'profileTopCard',
  'profileNameLink',
  'profileName',
  'profileHeadline',
  'profileLocation',
  'profileContactInfo',
  'profileCounts',
  'profileFollowers',
  'profilePhoto',
  'profileCurrentCompany',
  'profileAboutSection',
  'profileAboutText',
  'aboutThisProfileDialog',
] as const;

/** Every selector target id, as used by rule packs. */
export type LinkedInTarget = (typeof LINKEDIN_TARGETS)[number];

/** The registry's shape: each target id to its alternatives. */
export type LinkedInSelectors = { readonly [K in LinkedInTarget]: readonly string[] };

/** Visible-text hooks (English UI). CSS cannot match text, so adapters compare these in code. */
export const LINKEDIN_TEXT = {
  platformWarning: /may contain unwanted or harmful content/i,
  /** A conversation card's snippet that is LinkedIn's label and nothing else (a sender may quote it). */
  platformWarningSnippet: /^this message may contain unwanted or harmful content\.?$/i,
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

/**
 * The registry from a pack's `selectors` (the active pack: the baseline with any organisation
 * alternatives first). The pack loader has already dropped invalid selectors, and lookups
 * survive one that throws, so this only fills the targets and reports any the pack lacks.
 */
export function resolveLinkedInSelectors(packSelectors: unknown): MergedSelectors<LinkedInTarget> {
  const given = (packSelectors && typeof packSelectors === 'object' ? packSelectors : {}) as Record<string, unknown>;
  const selectors = {} as Record<LinkedInTarget, readonly string[]>;
  const errors: MergedSelectors<LinkedInTarget>['errors'] = [];
  for (const target of LINKEDIN_TARGETS) {
    const list = given[target];
    selectors[target] = Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
    if (selectors[target].length === 0) errors.push({ target, selector: '', reason: 'the pack has no selector for this target' });
  }
  return { selectors, errors };
}
