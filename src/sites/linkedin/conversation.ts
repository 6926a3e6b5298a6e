// Reads one conversation's message list. Shared by the open thread on /messaging/ and the
// overlay bubbles, which use the same Ember `msg-s-*` markup.
import type { ApproachMessage, Sender } from '../../engine/types';
import { registryKey, remember } from '../extraction-cache';
import { readText } from '../text';
import type { TextMap } from '../types';
import { fieldText, isEditedMarker, lineText, photoState, textOptions, type Lookup } from './common';
import { combineDayAndClock, parseClock, parseDayLabel } from './dates';
import { normaliseProfileUrl, parseMessageUrn } from './ids';
import { LINKEDIN_TEXT } from './selectors';

export interface ConversationPartner {
  name?: string;
  profileUrl?: string;
}

export interface Conversation {
  messages: ApproachMessage[];
  texts: TextMap[];
  /** From the first message URN that decodes. */
  threadKey?: string;
  /** What the messages and the start-of-thread profile card say about the other party. */
  sender: Sender;
  fields: { name?: TextMap; headline?: TextMap };
  /** First line of the banner above the messages ("Sponsored", "InMail"). */
  banner?: string;
  sponsored: boolean;
  inMail: boolean;
  platformWarning: boolean;
  subject?: string;
}

interface SenderState {
  name?: string;
  profileUrl?: string;
  verified?: boolean;
  hasPhoto?: boolean;
}

/**
 * Messages oldest first. A message without its own name, time or date divider belongs to the
 * group above it (LinkedIn prints them once per group), so those carry forward.
 */
export function readConversation(
  container: Element,
  lookup: Lookup,
  partner: ConversationPartner,
  base: string,
  now: Date,
): Conversation {
  const result: Conversation = {
    messages: [],
    texts: [],
    sender: {},
    fields: {},
    sponsored: false,
    inMail: false,
    platformWarning: false,
  };

  const banner = lookup.one(container, 'threadTopBanner');
  const bannerLine = banner ? readText(banner, textOptions(lookup)).text.split('\n')[0]?.trim() : undefined;
  if (bannerLine) result.banner = bannerLine;
  result.inMail = bannerLine !== undefined && LINKEDIN_TEXT.inMail.test(bannerLine);
  result.sponsored =
    (bannerLine !== undefined && LINKEDIN_TEXT.sponsored.test(bannerLine)) ||
    lookup.one(container, 'sponsoredThread') !== null;

  readProfileCard(container, lookup, result);

  const bodies: Element[] = [];
  let group: Element | null = null;
  let dayLabel: string | undefined;
  let clockLabel: string | undefined;
  let current: SenderState = {};
  const incoming: SenderState[] = [];

  for (const event of lookup.all(container, 'messageEvent', true)) {
    const eventGroup = lookup.closest(event, 'messageGroup');
    if (eventGroup && eventGroup !== group) {
      group = eventGroup;
      const heading = lookup.one(group, 'messageDateHeading');
      if (heading) dayLabel = lineText(lookup, heading);
      const a11y = lineText(lookup, lookup.one(group, 'messageGroupHeading'));
      const match = a11y ? LINKEDIN_TEXT.groupHeading.exec(a11y) : null;
      if (match && match[1] !== current.name) current = { name: match[1]! };
      if (match) clockLabel = match[2];
    }

    const meta = lookup.one(event, 'messageSenderMeta');
    if (meta) {
      const name = lineText(lookup, lookup.one(meta, 'messageSenderName'));
      const link = lookup.one(event, 'messageSenderLink');
      const avatar = lookup.one(event, 'messageAvatar');
      current = {};
      if (name) current.name = name;
      const profileUrl = normaliseProfileUrl(link?.getAttribute('href'), base);
      if (profileUrl) current.profileUrl = profileUrl;
      current.verified = lookup.one(meta, 'verifiedBadge') !== null;
      const photo = photoState(lookup, avatar);
      if (photo !== undefined) current.hasPhoto = photo;
      const clock = lineText(lookup, lookup.one(meta, 'messageTime'));
      if (clock) clockLabel = clock;
    }

    const fromSelf = isOwnMessage(event, lookup, current, partner);
    if (!fromSelf) incoming.push(current);

    const text = remember(event, `message:${registryKey(lookup.registry)}`, () => readMessageText(event, lookup));
    bodies.push(...text.elements);
    const urn = parseMessageUrn(event.getAttribute('data-event-urn'));
    if (urn && !result.threadKey) result.threadKey = urn.threadKey;
    const at =
      urn?.sentAt !== undefined
        ? new Date(urn.sentAt).toISOString()
        : combineDayAndClock(parseDayLabel(dayLabel, now), parseClock(clockLabel));

    const message: ApproachMessage = { text: text.map.text, fromSelf };
    if (at) message.at = at;
    if (text.subject && result.subject === undefined) result.subject = text.subject;
    result.messages.push(message);
    result.texts.push(text.map);
  }

  // The other party as their own messages show them; the profile card fills the gaps.
  const other = incoming.find((state) => state.name || state.profileUrl) ?? {};
  const sender: Sender = { ...result.sender };
  const name = partner.name ?? other.name ?? sender.name;
  if (name) sender.name = name;
  const profileUrl = partner.profileUrl ?? other.profileUrl;
  if (profileUrl) sender.profileUrl = profileUrl;
  if (other.verified || sender.verified) sender.verified = true;
  else if (other.verified === false) sender.verified = false;
  if (other.hasPhoto !== undefined) sender.hasPhoto = other.hasPhoto;
  result.sender = sender;

  result.platformWarning = hasPlatformWarning(container, bodies);
  return result;
}

function readProfileCard(container: Element, lookup: Lookup, result: Conversation): void {
  const card = lookup.one(container, 'profileCardLockup');
  if (!card) return;
  const nameMap = fieldText(lookup, lookup.one(card, 'profileCardName'));
  const headlineMap = fieldText(lookup, lookup.one(card, 'profileCardHeadline'));
  if (nameMap) result.sender.name = nameMap.text;
  if (headlineMap) {
    result.sender.headline = headlineMap.text;
    result.fields.headline = headlineMap;
  }
  if (lookup.one(card, 'verifiedBadge')) result.sender.verified = true;
}

/**
 * LinkedIn marks the other party's messages with a class; own messages carry a "sent" tick.
 * Without either, compare with the conversation partner, and when in doubt treat the message
 * as incoming: scoring one's own words is harmless, missing a stranger's is not.
 */
function isOwnMessage(event: Element, lookup: Lookup, sender: SenderState, partner: ConversationPartner): boolean {
  if (lookup.matches(event, 'messageIncoming')) {
    lookup.note('messageIncoming', true, true);
    return false;
  }
  if (lookup.one(event, 'messageOwnIndicator')) return true;
  if (sender.profileUrl && partner.profileUrl) {
    const own = sender.profileUrl !== partner.profileUrl;
    if (!own) lookup.note('messageIncoming', true, false);
    return own;
  }
  if (sender.name && partner.name) {
    const own = sender.name !== partner.name;
    if (!own) lookup.note('messageIncoming', true, false);
    return own;
  }
  lookup.note('messageIncoming', true, false);
  return false;
}

interface MessageText {
  map: TextMap;
  elements: Element[];
  subject?: string;
}

function readMessageText(event: Element, lookup: Lookup): MessageText {
  const subjectElement = lookup.one(event, 'messageSubject');
  const subject = subjectElement ? readText(subjectElement, textOptions(lookup)).text : '';
  const body = lookup.one(event, 'messageBody', true);
  const skip = (element: Element): boolean => element === subjectElement || isEditedMarker(element);
  let source: Element | null = body;
  if (!body || readText(body, textOptions(lookup, skip)).text === '') {
    // Sponsored messages leave the body paragraph empty and put their lines beside it.
    source = lookup.one(event, 'messageContent') ?? body;
  }
  const elements = [subjectElement, source].filter((element): element is Element => element !== null);
  // The subject is part of what the sender wrote, so it is scored with the message (first line).
  const map = readText(elements, textOptions(lookup, skip));
  const result: MessageText = { map, elements };
  if (subject) result.subject = subject;
  return result;
}

/** LinkedIn's own warning label anywhere in the conversation outside the message texts. */
function hasPlatformWarning(container: Element, bodies: readonly Element[]): boolean {
  // Almost every conversation has no label: one native text read rules that out before any walk.
  if (!LINKEDIN_TEXT.platformWarning.test(container.textContent ?? '')) return false;
  const skip = new Set(bodies);
  const walk = (node: Node): boolean => {
    if (node.nodeType === 3) return LINKEDIN_TEXT.platformWarning.test((node as Text).data);
    if (node.nodeType !== 1 || skip.has(node as Element)) return false;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (walk(child)) return true;
    }
    return false;
  };
  return walk(container);
}
