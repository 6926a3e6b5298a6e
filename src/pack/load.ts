// Validates a pack that arrives as data (bundled, downloaded, or read by the CLI). The pack's
// frame must be valid or nothing is loaded; each rule and entity is then checked on its own,
// so one broken rule is skipped and reported while the rest of the pack keeps working.
import type { z } from 'zod';
import { selectorProblem } from '../sites/selectors';
import { bundledRuleSchema, entitySchema, packSchema, ruleSchema, type Entity, type Rule, type RulePack } from './schema';

export interface PackIssue {
  /** Where: "rules[3]", "entities[0].source", "version". */
  path: string;
  rule?: string;
  entity?: string;
  message: string;
}

export class PackError extends Error {
  constructor(
    message: string,
    readonly issues: PackIssue[],
  ) {
    super(message);
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export function zodIssues(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): PackIssue[] {
  return error.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message }));
}

const idOf = (x: unknown): string | undefined =>
  typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string' ? (x as { id: string }).id : undefined;

/** Throws PackError when the pack frame is invalid; returns the pack with bad rules skipped. */
export function loadPack(json: unknown): { pack: RulePack; skipped: PackIssue[] } {
  return loadWith(json, (raw) => ruleSchema.safeParse(raw));
}

/**
 * The baseline bundled with the extension, as `loadPack` loads any pack, except that a rule may
 * come without its examples: the build leaves them out of the bundle (`bundledRuleSchema`). Such
 * a rule is given empty lists; nothing in the extension runs the baseline's examples. Only for
 * the bundled baseline: a pack that arrives from elsewhere goes through `loadPack`, where a rule
 * without examples is skipped.
 */
export function loadBundledPack(json: unknown): { pack: RulePack; skipped: PackIssue[] } {
  return loadWith(json, (raw) => {
    const r = bundledRuleSchema.safeParse(raw);
    return r.success ? { success: true, data: { ...r.data, examples: r.data.examples ?? { match: [], no_match: [] } } } : r;
  });
}

function loadWith(
  json: unknown,
  parseRule: (raw: unknown) => { success: true; data: Rule } | { success: false; error: z.ZodError },
): { pack: RulePack; skipped: PackIssue[] } {
  const frame = packSchema.safeParse(json);
  if (!frame.success) throw new PackError('the pack is not valid', zodIssues(frame.error));
  const skipped: PackIssue[] = [];
  const rules: Rule[] = [];
  const seen = new Set<string>();
  frame.data.rules.forEach((raw, i) => {
    const id = idOf(raw);
    const r = parseRule(raw);
    if (!r.success) {
      for (const issue of zodIssues(r.error, ['rules', i])) skipped.push({ ...issue, ...(id ? { rule: id } : {}) });
      return;
    }
    if (seen.has(r.data.id)) {
      skipped.push({ path: `rules[${i}].id`, rule: r.data.id, message: `duplicate rule id "${r.data.id}"` });
      return;
    }
    seen.add(r.data.id);
    rules.push(r.data);
  });
  const entities: Entity[] = [];
  const seenEntities = new Set<string>();
  (frame.data.entities ?? []).forEach((raw, i) => {
    const id = idOf(raw);
    const e = entitySchema.safeParse(raw);
    if (!e.success) {
      for (const issue of zodIssues(e.error, ['entities', i])) skipped.push({ ...issue, ...(id ? { entity: id } : {}) });
      return;
    }
    if (seenEntities.has(e.data.id)) {
      skipped.push({ path: `entities[${i}].id`, entity: e.data.id, message: `duplicate entity id "${e.data.id}"` });
      return;
    }
    seenEntities.add(e.data.id);
    entities.push(e.data);
  });
  const pack: RulePack = { ...frame.data, rules, entities };
  // Site selectors are checked here, once, so pages can use them without a parser of their own.
  if (frame.data.selectors) {
    const selectors: Record<string, string[]> = {};
    for (const [target, list] of Object.entries(frame.data.selectors)) {
      selectors[target] = list.filter((selector, i) => {
        const problem = selectorProblem(selector);
        if (problem) skipped.push({ path: `selectors.${target}[${i}]`, message: `${problem}: ${selector}` });
        return !problem;
      });
    }
    pack.selectors = selectors;
  }
  return { pack, skipped };
}

/**
 * Dotted numeric versions compared part by part ("2026.11.10" < "2026.11.9.1" is false). Each
 * part is compared as written, in full: the schema bounds neither its length nor its size, and
 * as numbers, parts past 2^53 would compare equal and parts of 309 digits would not compare.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = (pa[i] ?? '0').replace(/^0+(?=\d)/, '');
    const y = (pb[i] ?? '0').replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
