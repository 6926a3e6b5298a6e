// The one writer of the active rule pack (storage.local, ACTIVE_PACK_KEY). Content scripts
// compile whatever is stored there, so everything written here has been validated first.
// The pack in force is the baseline bundled with the extension, layered with the organisation's
// signed pack when policy sets one and it verifies (org-pack.ts, pack-updates.ts).
//
// Content scripts can write storage.local as well, so each record written here has its
// SHA-256 digest kept in the trusted area (trusted-area.ts). A stored record without the digest
// of the last one written is not this module's: the bundled pack replaces it.
import { browser } from 'wxt/browser';
import bundledPack from '../../rules/baseline.pack.json';
import { COMPILED_FORMAT, compile, type Scorer } from '../engine/compile';
import { GRAMMAR_WORDS } from '../engine/broken-english';
import { grammarVocabulary } from '../engine/broken-english-words';
import { fromSelfie, grammarJson, toSelfie, type Selfie } from '../engine/selfie';
import { layeredVersion, layerPacks } from '../pack/layer';
import { loadBundledPack } from '../pack/load';
import type { Entity, Rule, RulePack } from '../pack/schema';
import { ACTIVE_PACK_KEY } from '../messaging/protocol';
import { mergeLinkedInSelectorOverrides } from '../sites/linkedin/baseline-selectors';
import type { LinkedInSelectors } from '../sites/linkedin/selectors';
import type { SelectorOverrideError } from '../sites/selectors';
import { canonicalJson } from '../pack/canonical';
import { createLock, type LocalArea } from '../settings/storage-area';
import { isFallback, trustedArea } from '../settings/trusted-area';
import { verifiedOverlay, type Overlay } from './org-pack';
import { flaggedLevels, surfaceForPack, type Surfaced } from './surfacing';
import type { Level } from '../engine/types';
import { sha256Hex } from '../pack/sha256';

/** Trusted-area key: the SHA-256 (hex) of the canonical JSON of the last record written. */
export const ACTIVE_PACK_DIGEST_KEY = 'activePackDigest';

/** A rule without its examples: they are for the build and the tests, not for scoring. */
export type RuntimeRule = Omit<Rule, 'examples'>;
/** An entity without its notes, which are for the people maintaining the list. */
export type RuntimeEntity = Omit<Entity, 'notes'>;
/** The pack as content scripts receive it: validated, then slimmed. */
export type RuntimePack = Omit<RulePack, 'rules' | 'entities'> & { rules: RuntimeRule[]; entities?: RuntimeEntity[] };

/** `remote`: the bundled baseline layered with the organisation's signed pack. */
export type PackSource = 'bundled' | 'remote';

export interface ActivePackRecord {
  pack: RuntimePack;
  /**
   * The pack compiled once here and stored as plain JSON, so a LinkedIn tab restores it in a
   * few milliseconds instead of compiling on its main thread (src/engine/selfie.ts).
   */
  compiled: Selfie;
  /** ms since the epoch. */
  installedAt: number;
  source: PackSource;
  version: string;
  /**
   * What LinkedIn tabs use: this build's selector registry with the pack's own alternatives
   * tried first. Merged here, once, because the registry is too large to ship in the content
   * script's 80 KB, and so a pack that lacks a target still reads it with the built-in ones.
   */
  selectors?: LinkedInSelectors;
  /** Pack selectors the merge dropped (unknown target, unusable selector), for the tab's log. */
  selectorErrors?: SelectorOverrideError[];
}

const MAX_LOGGED_SELECTOR_ERRORS = 20;

/** The record's selector fields for `pack`, merged over this build's registry. */
function mergedSelectors(pack: { selectors?: unknown }): Pick<ActivePackRecord, 'selectors' | 'selectorErrors'> {
  const merged = mergeLinkedInSelectorOverrides(pack.selectors);
  const out: Pick<ActivePackRecord, 'selectors' | 'selectorErrors'> = { selectors: merged.selectors };
  if (merged.errors.length > 0) out.selectorErrors = merged.errors.slice(0, MAX_LOGGED_SELECTOR_ERRORS);
  return out;
}

/** `record` with its pack's selectors merged again over this build's registry, old errors dropped. */
function withMergedSelectors(record: ActivePackRecord): ActivePackRecord {
  const { selectors: _selectors, selectorErrors: _errors, ...rest } = record;
  return { ...rest, ...mergedSelectors(record.pack) };
}

/** Whether the stored selectors were merged over this build's registry (an update may add targets). */
function selectorsCurrent(record: ActivePackRecord): boolean {
  return JSON.stringify(record.selectors) === JSON.stringify(mergedSelectors(record.pack).selectors);
}

/** Drops what scoring never reads, so every content script parses less (≈79 KB → ≈42 KB). */
export function toRuntimePack(pack: RulePack): RuntimePack {
  const rules = pack.rules.map(({ examples: _examples, ...rule }) => rule);
  const out: RuntimePack = { ...pack, rules };
  if (pack.entities) out.entities = pack.entities.map(({ notes: _notes, ...entity }) => entity);
  return out;
}

/**
 * Whether the stored record carries a compiled pack in this build's format, made with this
 * build's own word classes (negators, the grammar heuristic's words): an extension update that
 * changes them leaves the pack's version as it was, and the stored pack would go on scoring
 * with the old ones.
 */
function compiledCurrent(value: unknown): boolean {
  const compiled = (value as { compiled?: { format?: unknown; grammar?: unknown; lexicon?: { words?: unknown } } } | undefined)?.compiled;
  const words = compiled?.lexicon?.words;
  return (
    compiled?.format === COMPILED_FORMAT &&
    JSON.stringify(compiled.grammar) === JSON.stringify(grammarJson(grammarVocabulary())) &&
    // The words the heuristic compares neighbours with are in the lexicon only.
    Array.isArray(words) &&
    GRAMMAR_WORDS.every((word) => words.includes(word))
  );
}

/** The record stored for a validated pack: slimmed for reading, compiled for scoring. */
export function activePackRecord(pack: RulePack, source: PackSource, installedAt: number): ActivePackRecord {
  return compiledRecord(pack, source, installedAt).record;
}

function compiledRecord(pack: RulePack, source: PackSource, installedAt: number): { record: ActivePackRecord; scorer: Scorer } {
  const scorer = compile(pack);
  return { record: { pack: toRuntimePack(pack), compiled: toSelfie(scorer), installedAt, source, version: pack.version, ...mergedSelectors(pack) }, scorer };
}

function storedVersion(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, pack } = value as { version?: unknown; pack?: unknown };
  if (typeof version !== 'string' || typeof pack !== 'object' || pack === null) return undefined;
  return version;
}

const digests = new Map<string, unknown>();
const digestInMemory: LocalArea = {
  get: async (keys) => Object.fromEntries([keys ?? []].flat().filter((key) => digests.has(key)).map((key) => [key, digests.get(key)])),
  set: async (items) => {
    for (const [key, value] of Object.entries(items)) digests.set(key, value);
  },
  remove: async (keys) => {
    for (const key of [keys].flat()) digests.delete(key);
  },
};

/** Where the digest is kept: the trusted area, or this start's memory without IndexedDB. */
export async function digestArea(): Promise<LocalArea> {
  return (await isFallback()) ? digestInMemory : trustedArea();
}

/** Key order and number spelling can change on a trip through storage; the canonical form does not. */
function digestOf(record: unknown): Promise<string> {
  return sha256Hex(canonicalJson(record));
}

/**
 * Stores `record` for content scripts and its digest where they cannot reach it: `trusted` is
 * the trusted area, or this start's memory where the browser has no IndexedDB (digestArea()).
 */
export async function writeActivePack(record: ActivePackRecord, area: LocalArea, trusted: LocalArea): Promise<void> {
  // The digest first: a stop in between leaves a record that does not match, which is replaced.
  await trusted.set({ [ACTIVE_PACK_DIGEST_KEY]: await digestOf(record) });
  await area.set({ [ACTIVE_PACK_KEY]: record });
}

/** Whether `stored` is the record this module wrote last. */
async function writtenHere(stored: unknown, trusted: LocalArea): Promise<boolean> {
  if (stored === undefined) return false;
  const expected = (await trusted.get(ACTIVE_PACK_DIGEST_KEY))[ACTIVE_PACK_DIGEST_KEY];
  return typeof expected === 'string' && expected === (await digestOf(stored));
}

export interface EnsureOptions {
  area?: LocalArea;
  /** Where the digest of the stored record is kept; the trusted area unless a test says. */
  trusted?: LocalArea;
  now?: () => number;
  /** The bundled pack JSON; tests pass their own. */
  bundled?: unknown;
  /** The organisation pack to layer over it; the stored one that verifies now, unless a test says. */
  overlay?: () => Promise<Overlay>;
}

export type EnsureResult = (
  | { written: true; version: string; skipped: number; replaced?: 'foreign' }
  | { written: false; version: string | undefined; reason: 'current' | 'invalid-bundle' }
  | { written: true; version: string; reason: 'recompiled' | 'selectors' }
) & {
  /** Senders read before whom this version of the pack in force newly flags (surfacing.ts). */
  surfaced?: Surfaced[];
};

/**
 * The senders read before, checked against the pack in force once per version; a failure is
 * logged and leaves the check to a later rebuild, never the pack out of force.
 */
async function surface(
  version: string,
  scorer: () => Scorer,
  label: (previous: string | undefined) => string,
  now: number,
  before?: Map<string, Level>,
): Promise<{ surfaced?: Surfaced[] }> {
  try {
    const surfaced = await surfaceForPack(version, scorer, label, { now, ...(before ? { before } : {}) });
    return surfaced.length > 0 ? { surfaced } : {};
  } catch (error) {
    console.warn('Approach Guard: the senders read before were not checked against the new pack', error);
    return {};
  }
}

const lock = createLock();

/**
 * Makes the stored pack the one in force: the bundled baseline, layered with the organisation's
 * signed pack when one is stored and verifies now. Rewrites it when no pack is stored, the stored
 * one is unreadable or was not written here (its digest is not the one kept in the trusted area),
 * or it is another version (an older or newer bundle, a release since rolled back, an
 * organisation pack replaced or withdrawn).
 */
export function ensureActivePack(options: EnsureOptions = {}): Promise<EnsureResult> {
  const area = options.area ?? browser.storage.local;
  const bundled = options.bundled ?? bundledPack;
  const now = options.now ?? Date.now;
  return lock(async () => {
    // Where the trusted keys are in storage.local (no IndexedDB), a digest kept there could be
    // written with the record: this start's memory holds it instead, so the pack is built again
    // at each start there.
    const trusted = options.trusted ?? (await digestArea());
    const overlay = await (options.overlay ?? (() => verifiedOverlay()))();
    if (overlay.reason) console.warn(`Approach Guard: the organisation pack is not used: ${overlay.reason}`);
    const bundledVersion = storedVersion({ version: (bundled as { version?: unknown }).version, pack: bundled });
    const wanted = bundledVersion === undefined ? undefined : layeredVersion(bundledVersion, overlay.pack ? [overlay.pack] : []);
    const source: PackSource = overlay.pack ? 'remote' : 'bundled';
    const found = (await area.get(ACTIVE_PACK_KEY))[ACTIVE_PACK_KEY] as ActivePackRecord | undefined;
    const foreign = found !== undefined && !(await writtenHere(found, trusted));
    // An earlier build kept no digest, so its record is replaced once, at no loss: it was bundled.
    if (foreign) console.warn('Approach Guard: the stored rule pack does not match the one this extension wrote; the bundled pack replaces it');
    const stored = foreign ? undefined : found;
    const current = storedVersion(stored);
    // Whose pack the user is told flags someone they met before: the organisation's when it is
    // new since the version checked before, else this build's.
    const label = (previous: string | undefined) =>
      overlay.pack && !previous?.endsWith(`+${overlay.pack.id}@${overlay.pack.version}`)
        ? `${overlay.pack.name} ${overlay.pack.version}`
        : `${String((bundled as { name?: unknown }).name ?? 'Approach Guard')} ${bundledVersion ?? ''}`.trim();
    if (current !== undefined && current === wanted && stored!.source === source) {
      if (!compiledCurrent(stored)) {
        // An extension update changed the compiled format: compile the stored pack again.
        const scorer = compile(stored!.pack as unknown as RulePack);
        await writeActivePack({ ...withMergedSelectors(stored!), compiled: toSelfie(scorer) }, area, trusted);
        return { written: true, version: current, reason: 'recompiled', ...(await surface(current, () => scorer, label, now())) };
      }
      // Checked when it was written, unless that check was cut short.
      const checked = await surface(current, () => fromSelfie(stored!.compiled), label, now());
      if (!selectorsCurrent(stored!)) {
        // An extension update changed the built-in selectors: merge the pack's over them again.
        await writeActivePack(withMergedSelectors(stored!), area, trusted);
        return { written: true, version: current, reason: 'selectors', ...checked };
      }
      return { written: false, version: current, reason: 'current', ...checked };
    }
    let loaded: ReturnType<typeof loadBundledPack>;
    try {
      loaded = loadBundledPack(bundled);
    } catch (error) {
      // A broken bundle is a build bug; keep whatever pack is in force rather than none.
      console.error('Approach Guard: the bundled rule pack is invalid', error);
      return { written: false, version: current, reason: 'invalid-bundle' };
    }
    for (const issue of loaded.skipped) console.warn('Approach Guard: skipped in the bundled pack:', issue.path, issue.message);
    const pack = overlay.pack ? layerPacks(loaded.pack, [overlay.pack]).pack : loaded.pack;
    const { record, scorer } = compiledRecord(pack, source, now());
    // The flagged history as it was before tabs read pages with the new pack and add to it.
    const before = await flaggedLevels().catch(() => undefined);
    await writeActivePack(record, area, trusted);
    return {
      written: true,
      version: record.version,
      skipped: loaded.skipped.length,
      ...(foreign ? { replaced: 'foreign' as const } : {}),
      ...(await surface(record.version, () => scorer, label, now(), before)),
    };
  });
}

