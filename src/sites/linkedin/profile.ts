// /in/<slug>/: a member profile. The top card gives the sender fields; the About section is the
// text the member wrote about themselves, so it is the approach's one message (none when the
// profile has no About). An open "About this profile" dialog adds `joined` and verifications.
import type { Approach, Sender } from '../../engine/types';
import { SelectorLookup } from '../selectors';
import type { AdapterResult, ApproachMeta, ExtractedApproach, SelectorRegistry, SiteAdapter, TextMap } from '../types';
import { readAboutThisProfile } from './about-this-profile';
import { fieldText, lineText, parseCount, photoState, photoUrlOf, type Lookup } from './common';
import { approachId, profileSlug } from './ids';
import { isProfilePage, profileSlugFromPath } from './pages';
import type { LinkedInTarget } from './selectors';

const CONNECTIONS = /\bconnections?\b/i;
const FOLLOWERS = /\bfollowers?\b/i;

export const profile: SiteAdapter<LinkedInTarget> = {
  id: 'linkedin-profile',
  matches: isProfilePage,
  extract(root: ParentNode, url: URL, selectors: SelectorRegistry<LinkedInTarget>): AdapterResult {
    const lookup = new SelectorLookup(selectors);
    const extracted = readProfile(root, url, lookup);
    return { approaches: extracted ? [extracted] : [], missing: lookup.missing() };
  },
};

function readProfile(root: ParentNode, url: URL, lookup: Lookup): ExtractedApproach | null {
  const card = lookup.one(root, 'profileTopCard', true);
  if (!card) return null;
  const nameMap = fieldText(lookup, lookup.one(card, 'profileName', true));
  // The card's own link says whose profile is rendered; the URL can be ahead of the DOM.
  const slug =
    profileSlug(lookup.one(card, 'profileNameLink')?.getAttribute('href') ?? undefined) ??
    profileSlugFromPath(url.pathname);
  if (!slug) return null;

  const sender: Sender = { profileUrl: `https://www.linkedin.com/in/${slug}/` };
  const fields: ExtractedApproach['fields'] = {};
  if (nameMap) {
    sender.name = nameMap.text;
    fields.name = nameMap;
  }
  const headline = fieldText(lookup, lookup.one(card, 'profileHeadline', true));
  if (headline) {
    sender.headline = headline.text;
    fields.headline = headline;
  }
  const location = lineText(lookup, lookup.one(card, 'profileLocation') ?? locationBeforeContactInfo(card, lookup));
  if (location) sender.location = location;
  const company = readCompany(card, lookup);
  if (company) {
    sender.company = company.name;
    if (company.map) fields.company = company.map;
  }

  const counts = lookup.all(card, 'profileCounts').map((element) => lineText(lookup, element) ?? '');
  const connections = parseCount(counts.find((text) => CONNECTIONS.test(text)));
  if (connections !== undefined) sender.connections = connections;
  const followers = parseCount(
    counts.find((text) => FOLLOWERS.test(text)) ??
      lookup
        .all(root, 'profileFollowers')
        .map((element) => lineText(lookup, element) ?? '')
        .find((text) => FOLLOWERS.test(text)),
  );
  if (followers !== undefined) sender.followers = followers;

  const photo = lookup.one(card, 'profilePhoto');
  // Without a photo LinkedIn draws a ghost avatar; with neither, we cannot tell.
  const hasPhoto = photo ? photoState(lookup, photo) : lookup.one(card, 'ghostPhoto') ? false : undefined;
  if (hasPhoto !== undefined) sender.hasPhoto = hasPhoto;
  // The top card was read, so no badge means none is shown.
  sender.verified = lookup.one(card, 'verifiedBadge') !== null;

  const meta: ApproachMeta = { source: 'profile' };
  const photoUrl = photoUrlOf(lookup, photo);
  if (photoUrl) meta.photoUrl = photoUrl;
  const about = readAboutThisProfile(root, lookup);
  if (about) {
    meta.aboutThisProfile = true;
    if (about.joined) sender.joined = about.joined;
    if (about.verifications.length > 0) {
      sender.verified = true;
      meta.verifications = about.verifications;
    }
  }

  const texts: TextMap[] = [];
  const approach: Approach = { id: approachId.profile(slug), site: 'linkedin', surface: 'profile', sender, messages: [] };
  const aboutText = readAbout(root, lookup);
  if (aboutText) {
    approach.messages.push({ text: aboutText.text, fromSelf: false });
    texts.push(aboutText);
  }
  return { approach, anchor: card, texts, fields, meta };
}

function locationBeforeContactInfo(card: Element, lookup: Lookup): Element | null {
  const link = lookup.one(card, 'profileContactInfo');
  return link?.closest('span')?.previousElementSibling ?? null;
}

/** "Current company: ꩜Northwind. Click to skip to experience card" → "꩜Northwind". */
function readCompany(card: Element, lookup: Lookup): { name: string; map?: TextMap } | undefined {
  const button = lookup.one(card, 'profileCurrentCompany');
  if (!button) return undefined;
  const map = fieldText(lookup, button);
  const label = button.getAttribute('aria-label') ?? '';
  const fromLabel = /^Current company:\s*(.+?)\.\s*Click to skip\b/i.exec(label)?.[1]?.trim();
  const name = fromLabel ?? map?.text;
  if (!name) return undefined;
  return map && map.text === name ? { name, map } : { name };
}

function readAbout(root: ParentNode, lookup: Lookup): TextMap | undefined {
  const section = lookup.one(root, 'profileAboutSection');
  if (!section) return undefined;
  // A section without its text element means the markup changed.
  const text = lookup.one(section, 'profileAboutText', true);
  if (!text) return undefined;
  // Remembered while the text is unchanged, like every field: its highlights then stay as they are.
  return fieldText(lookup, text);
}
