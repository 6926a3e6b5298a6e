// Layers organisation packs over the baseline (DESIGN: "Rule packs → Layers"). An overlay adds
// rules, entities and selectors, and may switch off or re-weight baseline rules by id. It
// cannot silently replace a rule: a clashing id is reported and the overlay's copy skipped.
import type { RulePack } from './schema';

export interface LayerIssue {
  pack: string;
  message: string;
}

export function layerPacks(base: RulePack, overlays: RulePack[]): { pack: RulePack; issues: LayerIssue[] } {
  const issues: LayerIssue[] = [];
  const rules = [...base.rules];
  const ruleIds = new Set(rules.map((r) => r.id));
  const entities = [...(base.entities ?? [])];
  const entityIds = new Set(entities.map((e) => e.id));
  const disable = new Set(base.disable ?? []);
  const reweight: Record<string, number> = { ...(base.reweight ?? {}) };
  let selectors = { ...(base.selectors ?? {}) };
  const combinations = [...(base.combinations ?? [])];
  const combinationIds = new Set(combinations.map((c) => c.id));

  for (const o of overlays) {
    /** Adds the overlay's `items` whose ids are new; a clash is said, and the overlay's copy skipped. */
    const addNew = <T extends { id: string }>(what: string, list: T[], ids: Set<string>, items: readonly T[] = []) => {
      for (const item of items) {
        if (ids.has(item.id)) issues.push({ pack: o.id, message: `${what} "${item.id}" already exists; the overlay's copy was skipped` });
        else {
          ids.add(item.id);
          list.push(item);
        }
      }
    };
    addNew('rule', rules, ruleIds, o.rules);
    addNew('entity', entities, entityIds, o.entities);
    for (const id of o.disable ?? []) {
      if (!ruleIds.has(id)) issues.push({ pack: o.id, message: `cannot disable unknown rule "${id}"` });
      disable.add(id);
    }
    for (const [id, w] of Object.entries(o.reweight ?? {})) {
      if (!ruleIds.has(id)) issues.push({ pack: o.id, message: `cannot re-weight unknown rule "${id}"` });
      reweight[id] = w;
    }
    // Overlay selectors are tried before the ones already known for the same target.
    for (const [target, list] of Object.entries(o.selectors ?? {})) selectors = { ...selectors, [target]: [...list, ...(selectors[target] ?? [])] };
    addNew('combination', combinations, combinationIds, o.combinations);
    // The scale is the baseline's: what a level means must not change with one organisation's
    // pack. Said when the pack asks for another, not when it repeats the baseline's.
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (o.thresholds && !same(o.thresholds, base.thresholds)) issues.push({ pack: o.id, message: 'its thresholds are not used: levels keep the baseline\u2019s' });
    const changed = Object.entries(o.indicators ?? {}).filter(([id, config]) => !same(config, base.indicators?.[id as keyof typeof base.indicators])).map(([id]) => id);
    if (changed.length > 0) issues.push({ pack: o.id, message: `its settings of ${changed.join(', ')} are not used: each indicator keeps the baseline\u2019s` });
  }

  // The layered pack is as fresh as its stalest part.
  const expires = [base.expires, ...overlays.map((o) => o.expires)].filter((date): date is string => date !== undefined).sort()[0];
  return {
    pack: { ...base, version: layeredVersion(base.version, overlays), ...(expires ? { expires } : {}), rules, entities, disable: [...disable], reweight, selectors, combinations },
    issues,
  };
}

/** The version of `base` layered with `overlays`: "2026.11.28+org-pack@2026.12.1". */
export function layeredVersion(base: string, overlays: ReadonlyArray<Pick<RulePack, 'id' | 'version'>>): string {
  return [base, ...overlays.map((o) => `${o.id}@${o.version}`)].join('+');
}
