// Paths and pack loading shared by the CLI commands.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Scorer } from '../engine/compile';
import { loadPack, PackError } from '../pack/load';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BASELINE_SOURCES = resolve(REPO_ROOT, 'rules');
export const BASELINE_PACK = resolve(REPO_ROOT, 'rules/baseline.pack.json');

export class UsageError extends Error {}

/** Loads a built pack file; a broken rule is skipped with a warning, a broken frame is fatal. */
export function loadPackFile(path: string, warn: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Scorer {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read pack ${path}: ${(e as Error).message}`);
  }
  try {
    const { pack, skipped } = loadPack(json);
    for (const s of skipped) warn(`${path}: skipped ${s.rule ? `rule ${s.rule}` : s.entity ? `entity ${s.entity}` : s.path}: ${s.path}: ${s.message}`);
    const scorer = compile(pack);
    for (const e of scorer.errors) warn(`${path}: skipped ${e.rule ? `rule ${e.rule}` : `entity ${e.entity}`}: ${e.message}`);
    return scorer;
  } catch (e) {
    if (e instanceof PackError) throw new UsageError(`${path}: ${e.message}: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    throw e;
  }
}
