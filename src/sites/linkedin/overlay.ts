// Message overlay bubbles: the small conversation windows LinkedIn opens over any page
// (hidden on /messaging/, where the same conversation shows in the thread pane). Sponsored
// messages arrive this way too; their text sits beside an empty body paragraph.
import type { Approach } from '../../engine/types';
import { keepLookups } from '../extraction-cache';
import { SelectorLookup } from '../selectors';
import type { AdapterResult, ApproachMeta, ExtractedApproach, SelectorRegistry, SiteAdapter } from '../types';
import { dedupe, fieldText } from './common';
import { readConversation } from './conversation';
import { approachId, normaliseProfileUrl } from './ids';
import { isLinkedIn, isMessaging } from './pages';
import type { LinkedInTarget } from './selectors';

export const overlay: SiteAdapter<LinkedInTarget> = {
  id: 'linkedin-overlay',
  matches: (url) => isLinkedIn(url) && !isMessaging(url),
  extract(root: ParentNode, url: URL, selectors: SelectorRegistry<LinkedInTarget>): AdapterResult {
    const lookup = new SelectorLookup(selectors);
    const now = new Date();
    const approaches: ExtractedApproach[] = [];
    // Most pages have no bubble open: nothing here is required until one is found.
    keepLookups(root);
    for (const bubble of lookup.all(root, 'overlayBubble')) {
      keepLookups(bubble);
      const header = lookup.one(bubble, 'overlayHeader', true);
      const title = lookup.one(bubble, 'overlayTitle', true);
      const nameMap = fieldText(lookup, title);
      const link = lookup.one(bubble, 'overlayTitleLink');
      const partner: { name?: string; profileUrl?: string } = {};
      if (nameMap) partner.name = nameMap.text;
      const profileUrl = normaliseProfileUrl(link?.getAttribute('href'), url.origin);
      if (profileUrl) partner.profileUrl = profileUrl;

      const conversation = readConversation(bubble, lookup, partner, url.origin, now);
      const name = conversation.sender.name;
      const key = conversation.threadKey;
      if (!key && !name) continue;
      const approach: Approach = {
        id: key ? approachId.thread(key) : approachId.overlay(name!),
        site: 'linkedin',
        surface: conversation.inMail ? 'inmail' : 'message',
        sender: conversation.sender,
        messages: conversation.messages,
        platformWarning: conversation.platformWarning,
      };
      const meta: ApproachMeta = { source: 'overlay' };
      if (conversation.banner) meta.pill = conversation.banner;
      if (conversation.sponsored) meta.sponsored = true;
      if (conversation.subject) meta.subject = conversation.subject;
      if (conversation.photoUrl) meta.photoUrl = conversation.photoUrl;
      const fields: ExtractedApproach['fields'] = { ...conversation.fields };
      // As on /messaging/: only when the bubble's header names the sender.
      if (nameMap?.text === approach.sender.name) fields.name = nameMap;
      approaches.push({ approach, anchor: header ?? bubble, texts: conversation.texts, fields, meta });
    }
    return { approaches: dedupe(approaches), missing: lookup.missing() };
  },
};
