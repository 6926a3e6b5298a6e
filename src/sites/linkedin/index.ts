// The LinkedIn adapters, registered in one place. The content script runs every adapter whose
// `matches(url)` is true (a profile page can also show an overlay bubble).
import type { SiteAdapter } from '../types';
import { invitations } from './invitations';
import { messaging } from './messaging';
import { overlay } from './overlay';
import { profile } from './profile';
import type { LinkedInTarget } from './selectors';

export const linkedinAdapters: readonly SiteAdapter<LinkedInTarget>[] = [messaging, overlay, invitations, profile];

export { LINKEDIN_TARGETS, LINKEDIN_TEXT, resolveLinkedInSelectors } from './selectors';
export type { LinkedInSelectors, LinkedInTarget } from './selectors';
