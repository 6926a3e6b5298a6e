// The baseline pack's LinkedIn selectors, resolved: the built-in registry. The background merges
// every pack's selectors over it when it stores the active pack (src/background/pack-store.ts),
// and LinkedIn tabs read that merged registry from storage, so this module (which imports the
// whole baseline pack) never enters the content script. Tests and the demo use it directly.
import baseline from '../../../rules/baseline.pack.json';
import { mergeSelectorOverrides, type MergedSelectors } from '../selectors';
import { resolveLinkedInSelectors, type LinkedInSelectors, type LinkedInTarget } from './selectors';

export const LINKEDIN_SELECTORS: LinkedInSelectors = resolveLinkedInSelectors(baseline.selectors).selectors;

/** Merges a pack's `{ [targetId]: string[] }` over the baseline (its alternatives first); never throws. */
export function mergeLinkedInSelectorOverrides(overrides: unknown): MergedSelectors<LinkedInTarget> {
  return mergeSelectorOverrides<LinkedInTarget>(LINKEDIN_SELECTORS, overrides);
}
