// /mynetwork/invitation-manager/: received connection invitations.
//
// Choices:
// - Every person invitation is an approach, note or not. Without a note, `messages` is empty:
//   the sender fields alone (no photo, headline, a flagged profile) can still matter.
// - Invitations to follow a page, join a group, attend an event or subscribe to a newsletter
//   are skipped: LinkedIn lets only existing connections send them and they carry no text. So
//   are "People you may know" suggestions, which are not invitations at all.
// - The id is the invitation URN when the card links to it (cards with a note have a reply
//   link), else the inviter's profile slug: one pending invitation per member.
import type { Approach, Sender } from '../../engine/types';
import { SelectorLookup } from '../selectors';
import type { AdapterResult, ApproachMeta, ExtractedApproach, SelectorRegistry, SiteAdapter, TextMap } from '../types';
import { registryKey, remember } from '../extraction-cache';
import { readText } from '../text';
import { fieldText, lineText, parseCount, photoState, photoUrlOf, textOptions, type Lookup } from './common';
import { approachId, invitationUrnFromHref, normaliseProfileUrl, profileSlug } from './ids';
import { isReceivedInvitations } from './pages';
import type { LinkedInTarget } from './selectors';

const MUTUAL = /\bmutual connections?\b/i;

export const invitations: SiteAdapter<LinkedInTarget> = {
  id: 'linkedin-invitations',
  matches: isReceivedInvitations,
  extract(root: ParentNode, url: URL, selectors: SelectorRegistry<LinkedInTarget>): AdapterResult {
    const lookup = new SelectorLookup(selectors);
    const approaches: ExtractedApproach[] = [];
    const seen = new Set<string>();
    for (const card of lookup.all(root, 'invitationCard', true)) {
      const extracted = readInvitation(card, lookup, url.origin);
      // The same card can sit in a hidden filter column too.
      if (!extracted || seen.has(extracted.approach.id)) continue;
      seen.add(extracted.approach.id);
      approaches.push(extracted);
    }
    return { approaches, missing: lookup.missing() };
  },
};

function readInvitation(card: Element, lookup: Lookup, base: string): ExtractedApproach | null {
  if (!isPersonInvitation(card, lookup)) return null;
  const link = lookup.one(card, 'inviterLink', true);
  const nameMap = fieldText(lookup, lookup.one(card, 'inviterName', true));
  const name = nameMap?.text ?? nameFromLabels(card, lookup);
  const profileUrl = normaliseProfileUrl(link?.getAttribute('href'), base);
  if (!name && !profileUrl) return null;

  // A note of several paragraphs is several elements, read as one text (a match inside another,
  // as a pack's selector list can give, once). Remembered while the card is unchanged, like every
  // field: its highlights then stay as they are.
  const notes = lookup.all(card, 'invitationNote').filter((note, _, all) => !all.some((other) => other !== note && other.contains(note)));
  const noteMap = notes[0] && remember(card, `note:${registryKey(lookup.registry)}`, () => readText(notes, textOptions(lookup)));
  const details = readDetails(card, lookup, notes);

  const sender: Sender = {};
  if (name) sender.name = name;
  if (profileUrl) sender.profileUrl = profileUrl;
  if (details.headline) sender.headline = details.headline.text;
  // The card was read, so no picture means none was shown.
  const photo = lookup.one(card, 'inviterPhoto');
  sender.hasPhoto = photoState(lookup, photo) ?? false;
  if (lookup.one(card, 'verifiedBadge')) sender.verified = true;

  const urn = invitationUrnFromHref(lookup.one(card, 'invitationReplyLink')?.getAttribute('href'));
  const key = urn ?? profileSlug(profileUrl) ?? name!.toLowerCase();
  const texts: TextMap[] = [];
  const approach: Approach = { id: approachId.invitation(key), site: 'linkedin', surface: 'invitation', sender, messages: [] };
  if (noteMap && noteMap.text !== '') {
    approach.messages.push({ text: noteMap.text, fromSelf: false });
    texts.push(noteMap);
  }
  const meta: ApproachMeta = { source: 'invitation' };
  const photoUrl = photoUrlOf(lookup, photo);
  if (photoUrl) meta.photoUrl = photoUrl;
  if (details.mutual !== undefined) meta.mutualConnections = details.mutual;
  const fields: ExtractedApproach['fields'] = {};
  if (nameMap) fields.name = nameMap;
  if (details.headline) fields.headline = details.headline;
  return { approach, anchor: card, texts, fields, meta };
}

/** A connection invitation from a member, as opposed to page/group/event/newsletter ones. */
function isPersonInvitation(card: Element, lookup: Lookup): boolean {
  const connect = 'invitationConnectIgnore';
  if (lookup.one(card, connect)) {
    lookup.note(connect, true, true);
    return true;
  }
  if (lookup.one(card, 'invitationOtherIgnore')) return false;
  // Neither label matched: if the card still offers Accept, the labels changed.
  if (lookup.one(card, 'invitationAccept')) lookup.note(connect, true, false);
  return false;
}

/** "Accept Avery Member’s invitation" when the name element is gone. */
function nameFromLabels(card: Element, lookup: Lookup): string | undefined {
  const label = lookup.one(card, 'invitationAccept')?.getAttribute('aria-label') ?? '';
  return /^Accept (.+?)[’']s invitation$/.exec(label)?.[1]?.trim();
}

interface Details {
  headline?: TextMap;
  mutual?: number;
}

/** The lines under the name: the headline, and "N mutual connections" when there are any. */
function readDetails(card: Element, lookup: Lookup, notes: readonly Element[]): Details {
  const details: Details = {};
  for (const line of lookup.all(card, 'invitationDetailLine')) {
    if (notes.some((note) => note.contains(line)) || lookup.one(line, 'inviterLink')) continue;
    const map = fieldText(lookup, line);
    if (!map) continue;
    if (MUTUAL.test(map.text)) details.mutual ??= parseMutual(lineText(lookup, line) ?? '');
    else details.headline ??= map;
  }
  return details;
}

/**
 * "12 mutual connections" → 12; "Dana Whitaker and 11 other mutual connections" → 12;
 * "Dana Whitaker is a mutual connection" → 1; "Dana Whitaker and Meera Kulkarni are …" → 2.
 */
export function parseMutual(text: string): number | undefined {
  const others = /^(.*?)(\d[\d,]*)\s+other mutual connections?/i.exec(text);
  if (others) return namesIn(others[1]!) + (parseCount(others[2]) ?? 0);
  const counted = /(\d[\d,]*)\s+mutual connections?/i.exec(text);
  if (counted) return parseCount(counted[1]);
  const named = /^(.*?)\s+(?:is a|are) mutual connections?/i.exec(text);
  return named ? namesIn(named[1]!) : undefined;
}

function namesIn(list: string): number {
  return list.replace(/\band\b/gi, ',').split(',').filter((part) => part.trim() !== '').length;
}
