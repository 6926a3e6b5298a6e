// /messaging/: the conversation list and the open thread (InMails and sponsored messages
// included: they open in the same thread pane), and the list beside the compose form, whose
// pane is not read (it names the recipient, who has written nothing).
//
// Conversation-list cards other than the open one also become approaches, built from their
// one-line snippet (meta.source 'snippet', id `linkedin:conversation:<names>` because cards carry
// no thread id). That lets a risky InMail be flagged before it is opened, and it is the only
// place LinkedIn shows its "may contain unwanted or harmful content" label. The open
// conversation's card is not repeated: its pill, unread state and label are merged into the
// thread approach, whose id is the thread key, but only from a card that names the person the
// pane shows, or the group its title bar names (see readOpenThread).
//
// Surfaces follow LinkedIn's own marking: "InMail" (pill or thread banner) gives 'inmail';
// everything else, sponsored messages included, is 'message', with meta.sponsored set.
import type { Approach, ApproachMessage, Sender } from '../../engine/types';
import { SelectorLookup } from '../selectors';
import { keepLookups, registryKey, remember } from '../extraction-cache';
import { readText, sliceTextMap } from '../text';
import type { AdapterResult, ApproachMeta, ExtractedApproach, SelectorRegistry, SiteAdapter, TextMap } from '../types';
import { dedupe, fieldText, firstName, lineText, parseCount, textOptions, type Lookup } from './common';
import { readConversation } from './conversation';
import { combineDayAndClock, parseClock, parseDayLabel } from './dates';
import { approachId, isGuidThreadKey, normaliseProfileUrl, threadKeyFromUrlId } from './ids';
import { isMessaging, isMessagingCompose, isMessagingThread, threadIdFromUrl } from './pages';
import { LINKEDIN_TEXT, type LinkedInTarget } from './selectors';

interface CardState {
  pill?: string;
  platformWarning: boolean;
  unread: boolean;
  unreadCount?: number;
}

export const messaging: SiteAdapter<LinkedInTarget> = {
  id: 'linkedin-messaging',
  matches: isMessaging,
  extract(root: ParentNode, url: URL, selectors: SelectorRegistry<LinkedInTarget>): AdapterResult {
    const lookup = new SelectorLookup(selectors);
    const now = new Date();
    const approaches: ExtractedApproach[] = [];
    keepLookups(root);
    const list = readConversationList(root, lookup, now);
    const thread = isMessagingCompose(url) ? null : readOpenThread(root, url, lookup, now, list);
    if (thread) approaches.push(thread.extracted);
    for (const card of list.cards) if (card !== thread?.card) approaches.push(card.extracted);
    return { approaches: dedupe(approaches), missing: lookup.missing() };
  },
};

function readOpenThread(
  root: ParentNode,
  url: URL,
  lookup: Lookup,
  now: Date,
  list: ConversationList,
): { extracted: ExtractedApproach; card?: CardRead } | null {
  // The pane must be there when the URL names a thread or the list shows an open one; on a
  // bare /messaging/ with no conversations there is none.
  const container = lookup.one(root, 'thread', list.marked !== undefined || isMessagingThread(url));
  if (!container) return null;
  keepLookups(container);
  const header = lookup.one(container, 'threadHeader', true);
  const nameMap = fieldText(lookup, lookup.one(container, 'threadPartnerName', true));
  const link = lookup.one(container, 'threadPartnerLink');
  const partner: { name?: string; profileUrl?: string } = {};
  if (nameMap) partner.name = nameMap.text;
  const profileUrl = normaliseProfileUrl(link?.getAttribute('href'), url.origin);
  if (profileUrl) partner.profileUrl = profileUrl;

  const conversation = readConversation(container, lookup, partner, url.origin, now);
  // Prefer the key the messages carry: right after an in-app navigation the URL already names
  // the next conversation while the pane still shows the previous one.
  const urlKey = threadKeyFromUrlId(threadIdFromUrl(url));
  const key = conversation.threadKey ?? urlKey;
  const name = conversation.sender.name;
  if (!key && !name) return null;
  // The open conversation's card lends the thread its pill, unread state and LinkedIn's label:
  // the card with the open mark, when it names the same person. The mark and the pane change at
  // different moments (a click moves the mark before the messages arrive, and the mark moves
  // without a change the page controller sees), so a marked card that names someone else is not
  // merged, nor is an unmarked card of the same name (another conversation with them, or
  // another person of that name): each stays an approach of its own until the page settles.
  // A group's card names the group, as its title bar does (linking to no profile), while the
  // thread names the one member who has written: the card is matched on the title bar then (not
  // on the member, whose own one-to-one card can be the one just clicked). Nothing is merged
  // while the messages are another conversation's than the address names (right after a click).
  const against = partner.name && !partner.profileUrl ? partner.name : name;
  // (A legacy numeric id in the address cannot be compared with the messages' key.)
  const settled = !conversation.threadKey || !urlKey || !isGuidThreadKey(urlKey) || conversation.threadKey === urlKey;
  const card = list.marked && settled && against !== undefined && sameNameKept(list.marked.extracted.approach.sender.name!, against) ? list.marked : undefined;
  const activeCard = card?.state;

  const pill = conversation.banner ?? activeCard?.pill;
  const inMail = conversation.inMail || (activeCard?.pill !== undefined && LINKEDIN_TEXT.inMail.test(activeCard.pill));
  const approach: Approach = {
    id: key ? approachId.thread(key) : approachId.conversation(name!),
    site: 'linkedin',
    surface: inMail ? 'inmail' : 'message',
    sender: conversation.sender,
    messages: conversation.messages,
    platformWarning: conversation.platformWarning || (activeCard?.platformWarning ?? false),
  };
  const meta: ApproachMeta = { source: 'thread' };
  if (pill) meta.pill = pill;
  if (conversation.sponsored || (pill !== undefined && LINKEDIN_TEXT.sponsored.test(pill))) meta.sponsored = true;
  if (activeCard) meta.unread = activeCard.unread;
  if (activeCard?.unreadCount !== undefined) meta.unreadCount = activeCard.unreadCount;
  if (conversation.subject) meta.subject = conversation.subject;
  if (conversation.photoUrl) meta.photoUrl = conversation.photoUrl;
  const fields: ExtractedApproach['fields'] = { ...conversation.fields };
  // The title bar's text holds the sender's name only when it names them (not a group's title,
  // nor the last conversation's while LinkedIn moves on): cues in the name are highlighted there.
  if (nameMap?.text === approach.sender.name) fields.name = nameMap;
  return { extracted: { approach, anchor: header ?? container, texts: conversation.texts, fields, meta }, card };
}

/** A name's words as the card and the header may both write it: case, spacing and a trailing "(She/Her)" aside. */
const words = (name: string) => name.toLowerCase().replace(/\(.*\)\s*$/, '').trim().split(/\s+/);

/**
 * Whether the card's name and the thread's name the same person as LinkedIn writes them: equal
 * but for case, spacing and a trailing "(She/Her)", word by word, where a later word may also
 * be written as its initial ("Priya S." for "Priya Shah"). The first word and the number of
 * words must agree, so "Priya" alone, "Priya K." or "J Smith" for "J Stone" is not a match.
 */
export function sameName(a: string, b: string): boolean {
  const xs = words(a);
  const ys = words(b);
  const initial = (short: string, long: string) => /^.\.?$/.test(short) && long.length > 2 && long[0] === short[0];
  return xs.length === ys.length && xs.every((p, i) => p === ys[i] || (i > 0 && (initial(p, ys[i]!) || initial(ys[i]!, p))));
}

/** The last answer of sameName: every scan of an open conversation asks it again with the same two names. */
let lastNames: [string, string, boolean] | undefined;
const sameNameKept = (a: string, b: string): boolean =>
  lastNames?.[0] === a && lastNames[1] === b ? lastNames[2] : (lastNames = [a, b, sameName(a, b)])[2];

interface ConversationList {
  cards: CardRead[];
  /** The card with the open mark, as last read. */
  marked?: CardRead;
}

function readConversationList(root: ParentNode, lookup: Lookup, now: Date): ConversationList {
  const list = lookup.one(root, 'conversationList', true);
  if (!list) return { cards: [] };
  keepLookups(list);
  const key = registryKey(lookup.registry);
  // The list is read again only when something in it changes, and then each card only when its
  // own content changed; the page controller also starts afresh on every in-app navigation,
  // when LinkedIn moves the active and unread marks.
  const read = remember(list, `list:${key}`, () => {
    const cards = lookup.all(list, 'conversationCard');
    // One card is open: one look-up in the list finds its mark, instead of one per card.
    const mark = lookup.one(list, 'cardActive');
    const result: ConversationList & { count: number } = { cards: [], count: cards.length };
    for (const card of cards) {
      const one = remember(card, `card:${key}`, () => readCard(card, lookup, now));
      if (!one) continue;
      if (mark && card.contains(mark)) result.marked = one;
      result.cards.push(one);
    }
    return result;
  });
  lookup.note('conversationCard', true, read.count > 0);
  return read;
}

interface CardRead {
  state: CardState;
  extracted: ExtractedApproach;
}

function readCard(card: Element, lookup: Lookup, now: Date): CardRead | null {
  const nameElement = lookup.one(card, 'cardName');
  let nameMap = fieldText(lookup, nameElement);
  let name = nameMap?.text.replace(/\s*\n\s*/g, ' ');
  if (!name) {
    const label = lookup.one(card, 'cardSelectLabel')?.getAttribute('aria-label') ?? '';
    name = /^Select conversation with (.+)$/.exec(label)?.[1]?.trim();
    nameMap = undefined;
  }
  // Occluded placeholders (rendered off-screen) have no name and nothing to read yet.
  if (!name) return null;

  const pillElement = lookup.one(card, 'cardPill');
  const pill = lineText(lookup, pillElement);
  const snippetElement = lookup.one(card, 'cardSnippet', true);
  // The snippet's text is remembered per element; the card's marks (unread, open) are read again
  // when its content changes and after each in-app navigation, when the cache starts afresh.
  const snippetMap = snippetElement
    ? remember(snippetElement, `snippet:${registryKey(lookup.registry)}`, () => readText(snippetElement, textOptions(lookup, (element) => element === pillElement)))
    : undefined;
  // LinkedIn puts its label in place of the snippet. A snippet that only quotes it (to have its
  // words left unread) is the sender's text like any other.
  const platformWarning = snippetMap !== undefined && LINKEDIN_TEXT.platformWarningSnippet.test(snippetMap.text);

  const countLabel = lookup.one(card, 'cardUnreadCount')?.getAttribute('aria-label') ?? undefined;
  const unreadCount = parseCount(countLabel);
  const unread = unreadCount !== undefined || lookup.one(card, 'cardUnread') !== null || lookup.matches(card, 'cardUnread');
  const state: CardState = { platformWarning, unread };
  if (pill) state.pill = pill;
  if (unreadCount !== undefined) state.unreadCount = unreadCount;

  const timeLabel = lineText(lookup, lookup.one(card, 'cardTime'));
  const messages: ApproachMessage[] = [];
  const texts: TextMap[] = [];
  // LinkedIn's label replaces the snippet: there is no sender text to score, only the flag.
  if (snippetMap && snippetMap.text !== '' && !platformWarning) {
    const { map, fromSelf } = stripSnippetPrefix(snippetMap, name, unread);
    const message: ApproachMessage = { text: map.text, fromSelf };
    const at = cardTime(timeLabel, now);
    if (at) message.at = at;
    messages.push(message);
    texts.push(map);
  }

  const sender: Sender = { name };
  const approach: Approach = {
    id: approachId.conversation(name),
    site: 'linkedin',
    surface: pill !== undefined && LINKEDIN_TEXT.inMail.test(pill) ? 'inmail' : 'message',
    sender,
    messages,
    platformWarning,
  };
  const meta: ApproachMeta = { source: 'snippet', unread };
  if (pill) meta.pill = pill;
  if (pill !== undefined && LINKEDIN_TEXT.sponsored.test(pill)) meta.sponsored = true;
  if (unreadCount !== undefined) meta.unreadCount = unreadCount;
  if (timeLabel) meta.lastActivity = timeLabel;
  const fields: ExtractedApproach['fields'] = {};
  if (nameMap) fields.name = nameMap;
  return { state, extracted: { approach, anchor: card, texts, fields, meta } };
}

/**
 * Person-to-person snippets start with "<First name>: " or "You: "; InMails, sponsored messages
 * and some one-to-one cards carry no prefix, so a sender can start a message with "You:"
 * themselves. An unread card's latest message is never the user's own: there, it is the sender's.
 * The sender's own prefix is looked for first: a sender whose first name is "You" writes "You: ",
 * which is then theirs (in doubt, a message is the sender's).
 */
function stripSnippetPrefix(map: TextMap, name: string, unread: boolean): { map: TextMap; fromSelf: boolean } {
  for (const prefix of [`${firstName(name)}:`, `${name}:`]) {
    if (map.text.startsWith(prefix)) {
      const rest = map.text.slice(prefix.length);
      return { map: sliceTextMap(map, prefix.length + (rest.length - rest.trimStart().length)), fromSelf: false };
    }
  }
  const own = LINKEDIN_TEXT.ownSnippetPrefix.exec(map.text);
  if (own) return unread ? { map, fromSelf: false } : { map: sliceTextMap(map, own[0].length), fromSelf: true };
  return { map, fromSelf: false };
}

/** A card label is a day ("Apr 8", "Tuesday") or, for today, a time ("3:45 PM"). */
function cardTime(label: string | undefined, now: Date): string | undefined {
  const clock = parseClock(label);
  if (clock) return combineDayAndClock(parseDayLabel('Today', now), clock);
  const day = parseDayLabel(label, now);
  if (!day) return undefined;
  return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}
