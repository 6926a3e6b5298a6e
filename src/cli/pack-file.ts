// Paths and pack loading shared by the CLI commands.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Scorer } from '../engine/compile';
import baseline from '../../rules/baseline.pack.json';
import { layerPacks } from '../pack/layer';
import { loadPack, PackError } from '../pack/load';
import { packDateProblem } from '../pack/update';
import type { RulePack } from '../pack/schema';
import { say } from './printable';
import { readUtf8File } from '../pack/utf8-file';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BASELINE_SOURCES = resolve(REPO_ROOT, 'rules');
export const BASELINE_PACK = resolve(REPO_ROOT, 'rules/baseline.pack.json');

/** The command was called wrongly: the message, then the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * The command cannot do its work: an input it cannot read, a pack or data it refuses, output it
 * cannot write. The message alone, exit code 2.
 */
export class CommandError extends Error {}

/**
 * Loads a built pack file as the extension would use it. A pack with the baseline's id is a
 * baseline of its own and replaces the built-in one; any other is an organisation's pack, which
 * every copy layers over the baseline (src/pack/layer.ts), so it is layered here too: its rules
 * and entities are added, and its `disable` and `reweight` apply to the baseline's rules. A broken
 * rule is skipped with a warning, and a summary says how many of the pack's rules are left; a
 * broken frame, or a pack that leaves no usable rule to score with, is refused.
 */
/** The built-in baseline pack, loaded once: what every copy layers an organisation's pack over. */
let builtIn: RulePack | undefined;
export const builtInBaseline = (): RulePack => (builtIn ??= loadPack(baseline).pack);

export function loadPackFile(path: string, warn: (s: string) => void = (s) => say(`${s}\n`)): Scorer {
  let json: unknown;
  try {
    json = JSON.parse(readUtf8File(path).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CommandError(`cannot read pack ${path}: ${(e as Error).message}`);
  }
  try {
    const { pack, skipped } = loadPack(json);
    // The built-in pack, or a build of it, replaces the built-in one; any other is layered over it.
    const base = pack.id === baseline.id ? undefined : builtInBaseline();
    // Scored all the same (an old pack is worth trying again), but a tab would refuse it. Not
    // the built-in pack: the extension's own copy is never dated out.
    const dates = base ? packDateProblem(pack, Date.now()) : undefined;
    if (dates) warn(`${path}: the extension would refuse this pack: ${dates}`);
    for (const s of skipped) warn(`${path}: skipped ${s.rule ? `rule ${s.rule}` : s.entity ? `entity ${s.entity}` : s.path}: ${s.path}: ${s.message}`);
    const layered = base ? layerPacks(base, [pack]) : { pack, issues: [] };
    for (const issue of layered.issues) warn(`${path}: layered over the baseline, ${issue.message}`);
    const scorer = compile(layered.pack);
    for (const e of scorer.errors) warn(`${path}: skipped ${e.rule ? `rule ${e.rule}` : `entity ${e.entity}`}: ${e.message}`);
    // The rules the pack gives and does not itself disable; over the baseline, those whose ids
    // the baseline has are skipped.
    const disabled = new Set<unknown>(pack.disable ?? []);
    const raw = (json as { rules?: unknown }).rules;
    const given = Array.isArray(raw) ? raw.filter((rule) => !disabled.has((rule as { id?: unknown } | null)?.id)).length : 0;
    const baseIds = new Set(base?.rules.map((r) => r.id));
    const usable = pack.rules.filter((r) => !disabled.has(r.id) && !baseIds.has(r.id) && scorer.rules.has(r.id)).length;
    if (scorer.rules.size === 0) throw new CommandError(`${path}: the pack has no usable rule (${given} given): nothing would ever be flagged`);
    if (usable < given) warn(`${path}: ${given - usable} of ${given} rules skipped; scores are made with the other ${usable}${base ? ' and the baseline\u2019s' : ''}`);
    return scorer;
  } catch (e) {
    if (e instanceof PackError) throw new CommandError(`${path}: ${e.message}: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    throw e;
  }
}
