// A rule's examples run against a scorer: by the build for every rule, and by the extension
// for an organisation pack's rules before an update replaces the pack in force.
import type { Scorer } from '../engine/compile';
import type { Approach } from '../engine/types';
import type { Example, Rule } from './schema';

/** The approach an example stands for. */
export function exampleApproach(rule: Pick<Rule, 'surfaces'>, ex: Example): Approach {
  const e = typeof ex === 'string' ? { text: ex } : ex;
  const approach: Approach = {
    id: 'example',
    site: 'linkedin',
    surface: e.surface ?? rule.surfaces?.[0] ?? 'message',
    sender: e.sender ?? {},
    messages: e.text ? [{ text: e.text }] : [],
  };
  if (e.platformWarning) approach.platformWarning = true;
  return approach;
}

// A fixed date for examples that depend on "joined within N months".
const EXAMPLE_NOW = Date.UTC(2026, 10, 23);

/** Messages describing each example that does not behave as the rule says. */
export function runExamples(scorer: Scorer, rule: Rule): string[] {
  const failures: string[] = [];
  const fires = (ex: Example) =>
    scorer.score(exampleApproach(rule, ex), { now: EXAMPLE_NOW, evaluateAll: true }).hits.some((h) => h.rule === rule.id);
  const show = (ex: Example) => JSON.stringify(typeof ex === 'string' ? ex : ex).slice(0, 120);
  for (const ex of rule.examples.match) if (!fires(ex)) failures.push(`example should match but does not: ${show(ex)}`);
  for (const ex of rule.examples.no_match) if (fires(ex)) failures.push(`example should not match but does: ${show(ex)}`);
  return failures;
}
