// Which rule pack is active, for the popup's "rules: version, updated 3 days ago" line, the
// options page, and the rules' own explanations and advice. The background stores the pack it
// compiled under ACTIVE_PACK_KEY; until it has (or if what is stored cannot be read), the
// bundled baseline is what the content script uses too, so it is what is shown.
import { z } from 'zod';
import { INDICATOR_IDS, type IndicatorId } from '../engine/types';
import { ACTIVE_PACK_KEY } from '../messaging/protocol';
import { localArea, type LocalArea } from '../settings/storage-area';
import { reasonOf } from '../settings/validation';
import type { IndicatorText, PackTexts, RuleText } from '../ui/cues';
import bundledPack from '../../rules/baseline.pack.json';

/** `remote`: the built-in pack layered with the organisation's signed pack. */
export type PackSource = 'bundled' | 'remote';

export interface ActivePackInfo {
  id: string;
  name: string;
  version: string;
  publisher: string;
  /** ISO date the publisher gave the pack. */
  published: string;
  expires?: string;
  homepage?: string;
  source: PackSource;
  /** When this pack became active on this device; unknown for the bundled fallback. */
  installedAt?: number;
  texts: PackTexts;
  /** Why the stored pack was not used, when the bundled pack is shown instead. */
  problem?: string;
}

// Light checks on purpose: the background validated the whole pack before storing it; this
// reader needs only the header and the texts, and must never fail the popup.
const metaSchema = z.object({
  id: z.string().min(1).max(80),
  name: z.string().min(1).max(2000),
  version: z.string().min(1).max(200),
  publisher: z.string().min(1).max(2000),
  published: z.string().min(1).max(40),
  expires: z.string().max(40).optional(),
  homepage: z.string().max(2000).optional(),
  indicators: z.record(z.string(), z.unknown()).optional(),
  rules: z.array(z.unknown()),
  entities: z.array(z.unknown()).optional(),
});

const entitySourceSchema = z.object({ source: z.string().max(1000) });

const ruleTextSchema = z.object({
  id: z.string().min(1).max(200),
  description: z.string().max(2000),
  advice: z.string().max(2000),
  references: z.array(z.string().max(300)).max(50),
});

const indicatorTextSchema = z.object({ title: z.string().max(2000), summary: z.string().max(2000) });

const envelopeSchema = z.object({
  pack: z.unknown(),
  installedAt: z.number().finite().nonnegative(),
  source: z.enum(['bundled', 'remote']),
});

/** Header and texts of a pack, or the reason it cannot be read. */
export function packInfoFrom(
  pack: unknown,
  source: PackSource,
  times: { installedAt?: number } = {},
): ActivePackInfo | { problem: string } {
  const meta = metaSchema.safeParse(pack);
  if (!meta.success) return { problem: reasonOf(meta.error) };
  const rules = new Map<string, RuleText>();
  for (const raw of meta.data.rules) {
    const rule = ruleTextSchema.safeParse(raw);
    if (rule.success) rules.set(rule.data.id, rule.data);
  }
  const indicators: Partial<Record<IndicatorId, IndicatorText>> = {};
  for (const id of INDICATOR_IDS) {
    const text = indicatorTextSchema.safeParse(meta.data.indicators?.[id]);
    if (text.success) indicators[id] = text.data;
  }
  const sources = new Set<string>();
  for (const raw of meta.data.entities ?? []) {
    const entity = entitySourceSchema.safeParse(raw);
    if (entity.success) sources.add(entity.data.source);
  }
  const { id, name, version, publisher, published, expires, homepage } = meta.data;
  const info: ActivePackInfo = { id, name, version, publisher, published, source, texts: { rules, indicators, sources } };
  if (expires) info.expires = expires;
  if (homepage) info.homepage = homepage;
  if (times.installedAt !== undefined) info.installedAt = times.installedAt;
  return info;
}

function bundled(problem?: string): ActivePackInfo {
  const info = packInfoFrom(bundledPack, 'bundled');
  // The bundled pack is built and tested with the extension; failing here is a build error.
  if ('problem' in info) throw new Error(`The bundled rule pack cannot be read: ${info.problem}`);
  return problem ? { ...info, problem } : info;
}

export async function readActivePack(area: LocalArea = localArea()): Promise<ActivePackInfo> {
  const stored = (await area.get(ACTIVE_PACK_KEY))[ACTIVE_PACK_KEY];
  if (stored === undefined || stored === null) return bundled();
  const envelope = envelopeSchema.safeParse(stored);
  if (!envelope.success) return bundled(reasonOf(envelope.error));
  const { pack, source, installedAt } = envelope.data;
  const info = packInfoFrom(pack, source, { installedAt });
  return 'problem' in info ? bundled(info.problem) : info;
}
