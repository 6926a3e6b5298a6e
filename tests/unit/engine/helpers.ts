import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compile, type Scorer } from '../../../src/engine/compile';
import type { Lexicon } from '../../../src/engine/lexicon';
import { tokenise } from '../../../src/engine/tokenise';
import type { Approach, Sender } from '../../../src/engine/types';
import { loadPack } from '../../../src/pack/load';
import type { RulePack } from '../../../src/pack/schema';

export const REPO = resolve(__dirname, '../../..');
export const baselineJson = (): unknown => JSON.parse(readFileSync(resolve(REPO, 'rules/baseline.pack.json'), 'utf8'));
export const baselinePack = (): RulePack => loadPack(baselineJson()).pack;
/** `pack` as the extension's build bundles it: its rules without their examples (wxt.config.ts, `bundledBaseline`). */
export const withoutExamples = <T extends { rules: ReadonlyArray<object> }>(pack: T): T => ({
  ...pack,
  rules: pack.rules.map((rule) => Object.fromEntries(Object.entries(rule).filter(([key]) => key !== 'examples'))),
});

let cached: Scorer | undefined;
export const baseline = (): Scorer => (cached ??= compile(baselinePack()));

export function approach(texts: string | string[], sender: Sender = {}, extra: Partial<Approach> = {}): Approach {
  return {
    id: 'test',
    site: 'linkedin',
    surface: 'message',
    sender,
    messages: (Array.isArray(texts) ? texts : [texts]).map((text) => ({ text })),
    ...extra,
  };
}

export const indicatorsOf = (s: Scorer, a: Approach) => [...new Set(s.score(a).hits.filter((h) => !h.experimental).map((h) => h.indicator))].sort();

/** A minimal valid pack for focused engine tests. */
export function tinyPack(rules: unknown[], extra: Partial<RulePack> = {}): RulePack {
  const examples = { match: ['x', 'y'], no_match: ['x', 'y'] };
  return {
    format: 1,
    id: 'tiny',
    name: 'Tiny test pack',
    version: '1',
    publisher: 'tests',
    published: '2026-11-23',
    thresholds: { low: 20, medium: 40, high: 70 },
    indicators: {
      flattery: { title: 'Flattery', summary: 's', cap: 15, weak: true },
      broken_english: { title: 'Poor English', summary: 's', cap: 10, weak: true, amplifier: true },
      elicitation_nonpublic_info: { title: 'Elicitation', summary: 's', cap: 45 },
      paid_consultancy_or_reports: { title: 'Paid', summary: 's', cap: 40 },
      off_platform_move: { title: 'Off platform', summary: 's', cap: 25, weak: true },
    },
    rules: rules.map((r) => ({ status: 'stable', description: 'd', advice: 'a', references: ['r'], examples, ...(r as object) })) as RulePack['rules'],
    ...extra,
  };
}

/** A word's lexicon id as the scorer finds it: by reading the word as a token; -1 when unknown. */
export function lexiconId(lexicon: Lexicon, word: string): number {
  const t = tokenise(word, lexicon);
  if (t.count !== 1 || t.ends[0] !== word.length) throw new Error(`"${word}" is not one token`);
  return t.ids[0]!;
}
