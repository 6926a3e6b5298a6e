// Reads one conversation's message list. Shared by the open thread on /messaging/ and the
// overlay bubbles, which use the same Ember `msg-s-*` markup.
import type { ApproachMessage, Sender } from '../../engine/types';
import { registryKey, remember } from '../extraction-cache';
import { readText } from '../text';
import type { TextMap } from '../types';
import { fieldText, isEditedMarker, lineText, photoState, photoUrlOf, textOptions, type Lookup } from './common';
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
  /** The other party's photo on LinkedIn's image host, from their own messages' avatar. */
  photoUrl?: string;
}

interface SenderState {
  name?: string;
  profileUrl?: string;
  verified?: boolean;
  hasPhoto?: boolean;
  photoUrl?: string;
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

  const bannerLine = fieldText(lookup, lookup.one(container, 'threadTopBanner'))?.text.split('\n')[0]?.trim();
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

  const events = lookup.all(container, 'messageEvent', true);
  const key = `event:${registryKey(lookup.registry)}`;
  const groupKey = `group:${registryKey(lookup.registry)}`;
  for (const event of events) {
    // What the event's own markup says, read once while it is unchanged; only the carrying
    // forward of names, days and times across a group runs on every scan.
    const local = remember(event, key, () => readEvent(event, lookup, base));
    // The group's date divider and heading sit beside the message, not inside it, so they are
    // remembered with the group: a changed divider then reads again instead of keeping a stale day.
    const groupElement = local.group;
    if (groupElement && groupElement !== group) {
      group = groupElement;
      const read = remember(group, groupKey, () => readGroup(groupElement, lookup));
      if (read.day) dayLabel = read.day;
      const match = read.heading;
      if (match && match.name !== current.name) current = { name: match.name };
      if (match) clockLabel = match.clock;
    }
    if (local.meta) {
      current = { ...local.meta.sender };
      if (local.meta.clock) clockLabel = local.meta.clock;
    }

    const fromSelf = local.incoming ? false : local.ownIndicator ? true : ownByComparison(current, partner);
    // An incoming message without LinkedIn's class means that selector has stopped matching.
    if (!fromSelf && !local.incoming) lookup.note('messageIncoming', true, false);
    if (!fromSelf) incoming.push(current);

    const text = local.text;
    bodies.push(...text.elements);
    const urn = local.urn;
    if (urn && !result.threadKey) result.threadKey = urn.threadKey;
    const at = local.sentAt ?? combineDayAndClock(parseDayLabel(dayLabel, now), parseClock(clockLabel));

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
  if (other.photoUrl) result.photoUrl = other.photoUrl;
  result.sender = sender;

  result.platformWarning = hasPlatformWarning(container, bodies, lookup);
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

interface GroupRead {
  day?: string;
  heading?: { name: string; clock: string };
}

function readGroup(group: Element, lookup: Lookup): GroupRead {
  const read: GroupRead = {};
  const heading = lookup.one(group, 'messageDateHeading');
  const day = heading ? lineText(lookup, heading) : undefined;
  if (day) read.day = day;
  const a11y = lineText(lookup, lookup.one(group, 'messageGroupHeading'));
  const match = a11y ? LINKEDIN_TEXT.groupHeading.exec(a11y) : null;
  if (match) read.heading = { name: match[1]!, clock: match[2]! };
  return read;
}

interface EventRead {
  /** The group the message sits in; what the group shows is read from it on every scan. */
  group?: Element;
  meta?: { sender: SenderState; clock?: string };
  /** LinkedIn marks the other party's messages with a class. */
  incoming: boolean;
  /** Own messages carry a "sent" tick. */
  ownIndicator: boolean;
  text: MessageText;
  urn?: ReturnType<typeof parseMessageUrn>;
  /** The exact send time from the URN, as ISO text. */
  sentAt?: string;
}

function readEvent(event: Element, lookup: Lookup, base: string): EventRead {
  const read: EventRead = {
    incoming: lookup.matches(event, 'messageIncoming'),
    ownIndicator: false,
    text: readMessageText(event, lookup),
  };
  if (read.incoming) lookup.note('messageIncoming', true, true);
  else read.ownIndicator = lookup.one(event, 'messageOwnIndicator') !== null;
  const group = lookup.closest(event, 'messageGroup');
  if (group) read.group = group;
  const meta = lookup.one(event, 'messageSenderMeta');
  if (meta) {
    const sender: SenderState = {};
    const name = lineText(lookup, lookup.one(meta, 'messageSenderName'));
    if (name) sender.name = name;
    const profileUrl = normaliseProfileUrl(lookup.one(event, 'messageSenderLink')?.getAttribute('href'), base);
    if (profileUrl) sender.profileUrl = profileUrl;
    sender.verified = lookup.one(meta, 'verifiedBadge') !== null;
    const avatar = lookup.one(event, 'messageAvatar');
    const photo = photoState(lookup, avatar);
    if (photo !== undefined) sender.hasPhoto = photo;
    const photoUrl = photoUrlOf(lookup, avatar);
    if (photoUrl) sender.photoUrl = photoUrl;
    read.meta = { sender };
    const clock = lineText(lookup, lookup.one(meta, 'messageTime'));
    if (clock) read.meta.clock = clock;
  }
  const urn = parseMessageUrn(event.getAttribute('data-event-urn'));
  if (urn) read.urn = urn;
  if (urn?.sentAt !== undefined) read.sentAt = new Date(urn.sentAt).toISOString();
  return read;
}

/**
 * Without LinkedIn's incoming class or a "sent" tick, compare with the conversation partner,
 * and when in doubt treat the message as incoming: scoring one's own words is harmless,
 * missing a stranger's is not.
 */
function ownByComparison(sender: SenderState, partner: ConversationPartner): boolean {
  if (sender.profileUrl && partner.profileUrl) return sender.profileUrl !== partner.profileUrl;
  if (sender.name && partner.name) return sender.name !== partner.name;
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
  const options = textOptions(lookup, skip);
  let source: Element | null = body;
  let map = body ? readText(body, options) : undefined;
  if (!map || map.text === '') {
    // Sponsored messages leave the body paragraph empty and put their lines beside it.
    source = lookup.one(event, 'messageContent') ?? body;
  }
  const elements = [subjectElement, source].filter((element): element is Element => element !== null);
  // The subject is part of what the sender wrote, so it is scored with the message (first line).
  // The body alone was read above already.
  if (!map || elements.length !== 1 || elements[0] !== body) map = readText(elements, options);
  const result: MessageText = { map, elements };
  if (subject) result.subject = subject;
  return result;
}

/**
 * LinkedIn's own warning label anywhere in the conversation outside the message texts (a
 * sender quoting the label in a message does not count).
 */
function hasPlatformWarning(container: Element, bodies: readonly Element[], lookup: Lookup): boolean {
  return remember(container, `warning:${registryKey(lookup.registry)}`, (changes, before?: boolean) => {
    const skip = new Set<Element>(bodies);
    const outsideBodies = (node: Node): boolean => {
      for (let n: Node | null = node; n && n !== container; n = n.parentNode) if (skip.has(n as Element)) return false;
      return true;
    };
    const labelIn = (node: Node): boolean => {
      if (node.nodeType === 3) return LINKEDIN_TEXT.platformWarning.test((node as Text).data);
      if (node.nodeType !== 1 || skip.has(node as Element)) return false;
      // One native read of the text (no layout) rules out almost every element at once.
      if (!LINKEDIN_TEXT.platformWarning.test(node.textContent ?? '')) return false;
      for (let child = node.firstChild; child; child = child.nextSibling) if (labelIn(child)) return true;
      return false;
    };
    // Not there before: only what was added or rewritten since can show it, so a new message
    // costs the message rather than a read of the whole thread.
    const since = before === false ? changes.added() : undefined;
    return since ? since.some((node) => outsideBodies(node) && labelIn(node)) : labelIn(container);
  });
}
