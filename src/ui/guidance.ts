// The "what to do" steps for a set of cues (NPSA, "What can you do to protect yourself?"):
// the three core steps always, then at most a few that fit the cues, so the list stays short.
import type { IndicatorId } from '../engine/types';
import { CORE_STEPS, CUE_STEPS } from './strings';

export const MAX_CUE_STEPS = 3;

export function stepsFor(indicators: readonly IndicatorId[]): string[] {
  const extra: string[] = [];
  // CUE_STEPS is ordered by urgency, so the most important extra steps survive the cut.
  for (const [id, step] of Object.entries(CUE_STEPS) as [IndicatorId, string][]) {
    if (indicators.includes(id) && !extra.includes(step)) extra.push(step);
  }
  return [CORE_STEPS.withdraw, CORE_STEPS.doNotShare, ...extra.slice(0, MAX_CUE_STEPS), CORE_STEPS.report];
}
