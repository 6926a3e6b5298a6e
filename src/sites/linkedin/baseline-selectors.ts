// The baseline pack's LinkedIn selectors, resolved. For tests, the demo and anything else that
// runs without an active pack in storage; LinkedIn tabs read the active pack instead, so this
// module (which imports the whole baseline pack) never enters the content script.
import baseline from '../../../rules/baseline.pack.json';
import { mergeSelectorOverrides, type MergedSelectors } from '../selectors';
import { resolveLinkedInSelectors, type LinkedInSelectors, type LinkedInTarget } from './selectors';

export const LINKEDIN_SELECTORS: LinkedInSelectors = resolveLinkedInSelectors(baseline.selectors).selectors;

/** Merges a pack's `{ [targetId]: string[] }` over the baseline (its alternatives first); never throws. */
export function mergeLinkedInSelectorOverrides(overrides: unknown): MergedSelectors<LinkedInTarget> {
  return mergeSelectorOverrides<LinkedInTarget>(LINKEDIN_SELECTORS, overrides);
}
