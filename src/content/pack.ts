// Turns the stored active pack into a scorer and the selectors the adapters use. Runs once per
// page (and again only when the background installs a new pack).
import type { ActivePackRecord } from '../background/pack-store';
import { COMPILED_FORMAT, type Scorer } from '../engine/compile';
import { fromSelfie } from '../engine/selfie';
import type { LinkedInSelectors } from '../sites/linkedin';
import type { SelectorOverrideError } from '../sites/selectors';

export interface CompiledPack {
  scorer: Scorer;
  selectors: LinkedInSelectors;
  version: string;
  /** Main-thread time restoring the compiled pack took, in ms. */
  compileMs: number;
  /** Pack selectors the background dropped while merging, logged once per page. */
  selectorErrors: SelectorOverrideError[];
}

/** The stored record when it has the shape the background writes, else undefined. */
export function asActivePack(value: unknown): ActivePackRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<ActivePackRecord>;
  const pack = record.pack as { rules?: unknown; version?: unknown } | undefined;
  if (typeof record.version !== 'string' || typeof pack !== 'object' || pack === null) return undefined;
  if (!Array.isArray(pack.rules) || typeof pack.version !== 'string') return undefined;
  // A record from an older build has no compiled pack in this format yet; the background
  // rewrites it on start, and the change wakes this script again.
  if ((record.compiled as { format?: unknown } | undefined)?.format !== COMPILED_FORMAT) return undefined;
  return record as ActivePackRecord;
}

/** Restores the compiled pack; undefined when it cannot be restored. */
export function compileActivePack(record: ActivePackRecord, now: () => number = () => performance.now()): CompiledPack | undefined {
  const started = now();
  let scorer: Scorer;
  try {
    // The background validated and compiled this pack before storing it.
    scorer = fromSelfie(record.compiled);
  } catch (error) {
    console.error('Approach Guard: the active rule pack could not be restored', error);
    return undefined;
  }
  const compileMs = now() - started;
  // The background merged the pack's selectors over the built-in registry and validated them
  // (pack-store.ts); a record from an older build has only the pack's own until it merges them
  // again. Lookups treat a target with no alternatives as not found, so adapters report it.
  const selectors = (record.selectors ?? record.pack.selectors ?? {}) as LinkedInSelectors;
  return {
    scorer,
    selectors,
    version: scorer.packVersion,
    compileMs,
    selectorErrors: record.selectorErrors ?? [],
  };
}
