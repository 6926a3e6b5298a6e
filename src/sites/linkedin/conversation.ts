// Reads one conversation's message list. Shared by the open thread on /messaging/ and the
// overlay bubbles, which use the same Ember `msg-s-*` markup.
import type { ApproachMessage, Sender } from '../../engine/types';
import { registryKey, remember } from '../extraction-cache';
import { BLOCK_TAGS, readText } from '../text';
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

/** The conversation in `container`: its messages oldest first (see `walkMessages`), sender and labels. */
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

  const events = lookup.all(container, 'messageEvent', true);
  const walk = walkMessages(container, events, lookup, partner, base, now);
  result.messages = walk.messages;
  result.texts = walk.texts;
  const last = walk.steps[walk.steps.length - 1];
  if (last?.threadKey) result.threadKey = last.threadKey;
  if (last?.subject !== undefined) result.subject = last.subject;
  // An incoming message without LinkedIn's class means that selector has stopped matching,
  // unless another message has it (a notice LinkedIn writes in the thread has neither).
  if (last?.unmarked) lookup.note('messageIncoming', true, !!last.marked);

  // The other party as their own messages show them; the profile card fills the gaps. In a
  // group conversation, where more than one other person wrote, no one of them is the sender:
  // the conversation keeps its title only, so one member's profile is never blamed (in the
  // history, a report or "Not suspicious") for another's words.
  const other = last?.others === 1 ? last.other! : {};
  const sender: Sender = { ...result.sender };
  // The title bar is the pane's and the messages are the thread's: while LinkedIn moves to
  // another conversation, one can still show the last. When a one-to-one thread's messages name
  // another profile than the title bar, they say who wrote (the id comes from them too). So they
  // do when the title bar links to no profile: a group's title names the group, not the one
  // member who has written so far (and is never paired with that member's profile).
  const lead = other.profileUrl && other.profileUrl !== partner.profileUrl ? other : partner;
  const name = lead.name ?? other.name ?? sender.name;
  if (name) sender.name = name;
  const profileUrl = lead.profileUrl ?? other.profileUrl;
  if (profileUrl) sender.profileUrl = profileUrl;
  if (other.verified || sender.verified) sender.verified = true;
  else if (other.verified === false) sender.verified = false;
  if (other.hasPhoto !== undefined) sender.hasPhoto = other.hasPhoto;
  if (other.photoUrl) result.photoUrl = other.photoUrl;
  result.sender = sender;

  result.platformWarning = hasPlatformWarning(container, walk, lookup);
  return result;
}

/** Where the walk over the messages stood after one of them: what carries forward to the next. */
interface Step {
  /** The group the message sits in (its divider and heading were read when the walk entered it). */
  group: Element | null;
  dayLabel?: string;
  clockLabel?: string;
  current: SenderState;
  /** The first incoming sender with a name or a profile so far, and how many different ones wrote (2 for two or more). */
  other?: SenderState;
  others: number;
  threadKey?: string;
  subject?: string;
  /** Some incoming message so far had no incoming class. */
  unmarked: boolean;
  /** Some message so far had it (kept here: a message read before is not read again, nor noted). */
  marked?: boolean;
  /** What the message's text was read from. */
  elements: readonly Element[];
}

/** The messages as last read from a container, and how each was reached. */
interface Walk {
  /** What the walk depends on besides the container's content. */
  inputs: string;
  /** Some message shows LinkedIn's incoming class: one without it is the user's own. */
  marked: boolean;
  events: readonly Element[];
  steps: Step[];
  messages: ApproachMessage[];
  texts: TextMap[];
  /** Each message's index, and each group's first message's. */
  eventAt: Map<Element, number>;
  groupAt: Map<Element, number>;
  /** Every group lies inside the container, so every change to one is a change under it. */
  resumable: boolean;
  /**
   * The same object for as long as no message already walked is read from other elements (a
   * sponsored message's text moves from its content to its body once the body fills): what lies
   * outside the message texts is then unchanged but for what was added.
   */
  sources: object;
}

/**
 * Messages oldest first. A message without its own name, time or date divider belongs to the
 * group above it (LinkedIn prints them once per group), so those carry forward. The walk is
 * remembered per container: when nothing left the container since, the messages before the
 * first one that changed, arrived, or sits in a group that changed are taken as they were and the
 * walk resumes there, so a new message costs the message rather than a walk over the thread.
 */
function walkMessages(container: Element, events: readonly Element[], lookup: Lookup, partner: ConversationPartner, base: string, now: Date): Walk {
  const registry = registryKey(lookup.registry);
  // Relative days ("Today") are read against the current day, and own messages told by the partner.
  const inputs = `${registry}\n${base}\n${now.getFullYear()}-${now.getMonth()}-${now.getDate()}\n${partner.name ?? ''}\n${partner.profileUrl ?? ''}`;
  const context: WalkContext = { container, lookup, partner, base, now, inputs, marked: false };
  const key = `event:${registry}`;
  const walk = remember(container, `walk:${registry}`, (changes, previous?: Walk) => {
    // Once a message showed the class, it still does while nothing leaves; else every message
    // is asked (each read once while unchanged). When it first appears, everything is read again.
    context.marked = (!changes.removals && previous?.marked) || events.some((event) => remember(event, key, () => readEvent(event, lookup, base)).incoming);
    const since = previous?.inputs === inputs && previous.marked === context.marked && previous.resumable && !changes.removals ? changes.added() : undefined;
    const from = since ? resumeAt(previous!, events, since, lookup) : 0;
    // Nothing the walk reads changed (the change was elsewhere in the container): as it was.
    if (from === events.length && from === previous?.events.length) return previous;
    return walkFrom(context, from, previous, events);
  });
  // The day turned (or the partner changed) with nothing changing under the container.
  return walk.inputs === inputs ? walk : walkFrom({ ...context, marked: walk.marked }, 0, undefined, events);
}

/** The first message whose walk may differ from `previous`'s, given what changed since. */
function resumeAt(previous: Walk, events: readonly Element[], since: readonly Node[], lookup: Lookup): number {
  let at = 0;
  const before = previous.events;
  // Nothing left, so these are the earlier messages with any new ones among them.
  while (at < before.length && at < events.length && before[at] === events[at]) at++;
  for (const node of since) {
    const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!element) continue;
    // A change in a group is read again from the group's first message (its divider and heading
    // count for all of them); a change in a message outside a group, from that message. Anything
    // else cannot change what the walk reads, or arrived with new messages found above.
    // A group not seen before holds only new messages (one that moved in would have left first).
    const group = lookup.closest(element, 'messageGroup');
    const event = group ? null : lookup.closest(element, 'messageEvent');
    const from = group ? previous.groupAt.get(group) : event ? previous.eventAt.get(event) : undefined;
    if (from !== undefined && from < at) at = from;
  }
  return at;
}

/** What a walk over one container's messages reads besides the messages. */
interface WalkContext {
  container: Element;
  lookup: Lookup;
  partner: ConversationPartner;
  base: string;
  now: Date;
  /** What of the above the walk depends on, as one string: a remembered walk holds while it is the same. */
  inputs: string;
  marked: boolean;
}

function walkFrom(context: WalkContext, from: number, previous: Walk | undefined, events: readonly Element[]): Walk {
  const { container, lookup, partner, base, now, inputs, marked } = context;
  const kept = from > 0 && previous !== undefined;
  // The earlier walk's maps are brought up to date from `from` on; it is not used again.
  const walk: Walk = {
    inputs,
    marked,
    events,
    steps: kept ? previous.steps.slice(0, from) : [],
    messages: kept ? previous.messages.slice(0, from) : [],
    texts: kept ? previous.texts.slice(0, from) : [],
    eventAt: kept ? previous.eventAt : new Map(),
    groupAt: kept ? previous.groupAt : new Map(),
    resumable: kept ? previous.resumable : true,
    sources: previous?.sources ?? {},
  };
  // Where the walk stood before `from`; each message's step is a copy of it as it goes on.
  const state: Step = { ...(walk.steps[from - 1] ?? { group: null, current: {}, others: 0, unmarked: false, elements: [] }) };
  const key = `event:${registryKey(lookup.registry)}`;
  const groupKey = `group:${registryKey(lookup.registry)}`;
  for (let i = from; i < events.length; i++) {
    const event = events[i]!;
    walk.eventAt.set(event, i);
    // What the event's own markup says, read once while it is unchanged.
    const local = remember(event, key, () => readEvent(event, lookup, base));
    // The group's date divider and heading sit beside the message, not inside it, so they are
    // remembered with the group: a changed divider then reads again instead of keeping a stale day.
    const group = local.group;
    if (group && group !== state.group) {
      state.group = group;
      walk.groupAt.set(group, i);
      if (!container.contains(group)) walk.resumable = false;
      const read = remember(group, groupKey, () => readGroup(group, lookup));
      if (read.day) state.dayLabel = read.day;
      const match = read.heading;
      if (match && match.name !== state.current.name) state.current = { name: match.name };
      if (match) state.clockLabel = match.clock;
    }
    if (local.meta) {
      state.current = { ...local.meta.sender };
      if (local.meta.clock) state.clockLabel = local.meta.clock;
    }

    const { current } = state;
    const fromSelf = local.incoming ? false : local.ownIndicator || marked ? true : ownByComparison(current, partner);
    if (!fromSelf && !local.incoming) state.unmarked = true;
    if (local.incoming) state.marked = true;
    if (!fromSelf && (current.name || current.profileUrl)) {
      if (!state.other) {
        state.other = current;
        state.others = 1;
      } else if (!samePerson(state.other, current)) state.others = 2;
    }

    const text = local.text;
    state.threadKey ||= local.urn?.threadKey;
    if (state.subject === undefined) state.subject = text.subject || undefined;
    const at = local.sentAt ?? combineDayAndClock(parseDayLabel(state.dayLabel, now), parseClock(state.clockLabel));
    const message: ApproachMessage = { text: text.map.text, fromSelf };
    if (at) message.at = at;
    walk.messages.push(message);
    walk.texts.push(text.map);
    const before = previous?.steps[i]?.elements;
    if (before && (before.length !== text.elements.length || before.some((element, k) => element !== text.elements[k]))) walk.sources = {};
    walk.steps.push({ ...state, elements: text.elements });
  }
  // A message that is no longer one leaves its text outside the message texts.
  if (previous && walk.steps.length < previous.steps.length) walk.sources = {};
  return walk;
}

function readProfileCard(container: Element, lookup: Lookup, result: Conversation): void {
  const card = lookup.one(container, 'profileCardLockup');
  if (!card) return;
  // The card at the start of the thread stays the same node as messages arrive: read it once
  // while nothing under it changes.
  const read = remember(card, `profile:${registryKey(lookup.registry)}`, () => ({
    name: fieldText(lookup, lookup.one(card, 'profileCardName')),
    headline: fieldText(lookup, lookup.one(card, 'profileCardHeadline')),
    verified: lookup.one(card, 'verifiedBadge') !== null,
  }));
  if (read.name) result.sender.name = read.name.text;
  if (read.headline) {
    result.sender.headline = read.headline.text;
    result.fields.headline = read.headline;
  }
  if (read.verified) result.sender.verified = true;
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

/** Whether two senders are one person: by profile when both have one, else by name. */
function samePerson(a: SenderState, b: SenderState): boolean {
  return a.profileUrl && b.profileUrl ? a.profileUrl === b.profileUrl : a.name === b.name;
}

/**
 * Where no message shows LinkedIn's incoming class (it stopped matching, or only the user has
 * written) and a message has no "sent" tick, compare with the conversation partner, and when in
 * doubt treat the message as incoming: scoring one's own words is harmless, missing a
 * stranger's is not. A title bar that links to no profile may name a group, whose every
 * member's name differs from it: names are compared only beside a partner's profile.
 */
function ownByComparison(sender: SenderState, partner: ConversationPartner): boolean {
  if (!partner.profileUrl) return false;
  if (sender.profileUrl) return sender.profileUrl !== partner.profileUrl;
  return !!sender.name && !!partner.name && sender.name !== partner.name;
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

/** An element that stays inside a line of text (custom elements are taken for blocks). */
const inline = (n: Node): boolean => n.nodeType === 1 && !BLOCK_TAGS.has((n as Element).tagName) && !(n as Element).tagName.includes('-');

/**
 * LinkedIn's own warning label anywhere in the conversation outside the message texts (a
 * sender quoting the label in a message does not count).
 */
function hasPlatformWarning(container: Element, walk: Walk, lookup: Lookup): boolean {
  return remember(container, `warning:${registryKey(lookup.registry)}`, (changes, before?: { found: boolean; sources: object }) => {
    // Needed only once some text shows the label: most reads never list the bodies.
    let bodySet: Set<Element> | undefined;
    const isBody = (node: Node): boolean => (bodySet ??= new Set<Element>(walk.steps.flatMap((step) => step.elements))).has(node as Element);
    /** The text under `element`, message texts left out. */
    const outsideText = (element: Node): string => {
      let text = '';
      for (let child = element.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) text += (child as Text).data;
        else if (child.nodeType === 1 && !isBody(child)) text += outsideText(child);
      }
      return text;
    };
    const outsideBodies = (node: Node): boolean => {
      for (let n: Node | null = node; n && n !== container; n = n.parentNode) if (isBody(n)) return false;
      return true;
    };
    const labelIn = (node: Node): boolean => {
      if (node.nodeType === 3) return LINKEDIN_TEXT.platformWarning.test((node as Text).data);
      if (node.nodeType !== 1) return false;
      // One native read of the text (no layout) rules out almost every element at once.
      if (!LINKEDIN_TEXT.platformWarning.test(node.textContent ?? '') || isBody(node)) return false;
      for (let child = node.firstChild; child; child = child.nextSibling) if (labelIn(child)) return true;
      // Written across inline elements ("may contain <strong>unwanted or harmful content</strong>").
      return LINKEDIN_TEXT.platformWarning.test(outsideText(node));
    };
    // Not there before, and the message texts come from where they did: only what was added or
    // rewritten since can show it, so a new message costs the message rather than a read of the
    // whole thread.
    const since = before?.found === false && before.sources === walk.sources ? changes.added() : undefined;
    // Text or an inline element that was added may complete a label written across inline
    // elements: its line, up to the nearest block, is read again, unless that block holds
    // messages (the list itself, when LinkedIn adds text between messages): a new message must
    // not make the whole thread read again.
    const around = (node: Node): Node => {
      let n: Node = node.nodeType === 3 ? (node.parentNode ?? node) : node;
      while (n !== container && n.parentNode && inline(n)) n = n.parentNode;
      return n === node || n === container || n.nodeType !== 1 || lookup.one(n as Element, 'messageEvent') ? node : n;
    };
    const found = since ? since.some((node) => labelIn(around(node)) && outsideBodies(around(node))) : labelIn(container);
    return { found, sources: walk.sources };
  }).found;
}
