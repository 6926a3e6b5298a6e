// Signed organisation packs (DESIGN: "Updates"): fetch a pack and its detached signature from
// the address policy gives, then verify → no step back → validate → self-test. Nothing here
// stores anything; the background (src/background/pack-updates.ts) swaps the pack in only when
// every step passed, and the pack in force stays on any failure.
import { compile, type Scorer } from '../engine/compile';
import { fromSelfie, toSelfie } from '../engine/selfie';
import { runExamples } from './examples';
import { layerPacks } from './layer';
import { compareVersions, loadPack, PackError } from './load';
import type { FetchLike } from '../report/channels';
import type { RulePack } from './schema';
import { MAX_SIGNATURE_FILE_BYTES, parseSignature, signatureUrl, verifySignature } from './signature';
import { sha256Hex } from './sha256';

/** A pack is a few hundred kilobytes; a list of thousands of flagged profiles a few megabytes. */
export const MAX_PACK_BYTES = 5 * 1024 * 1024;
/** For the pack and its signature together. */
export const PACK_FETCH_TIMEOUT_MS = 30_000;


export interface FetchDeps {
  fetch?: FetchLike;
  timeoutMs?: number;
  maxBytes?: number;
}

export type Fetched = { ok: true; bytes: Uint8Array; signature: string } | { ok: false; reason: string };

class TooLarge extends Error {}
class TimedOut extends Error {}

/** The body, or TooLarge past `max` bytes (checked as it arrives, not only from Content-Length). */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('Content-Length') ?? NaN);
  if (declared > max) throw new TooLarge();
  const reader = response.body?.getReader();
  if (!reader) {
    const whole = new Uint8Array(await response.arrayBuffer());
    if (whole.length > max) throw new TooLarge();
    return whole;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      void reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * GETs the pack and `<pack>.sig`. No cookies, no referrer; `no-cache` lets the browser
 * revalidate its copy with the host's ETag or Last-Modified (a conditional GET) rather than
 * download an unchanged pack again. Never throws.
 */
export async function fetchSignedPack(packUrl: string, deps: FetchDeps = {}): Promise<Fetched> {
  const fetchImpl = deps.fetch ?? ((input, init) => fetch(input, init));
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimedOut());
    }, deps.timeoutMs ?? PACK_FETCH_TIMEOUT_MS);
  });
  const get = async (url: string, max: number, what: string) => {
    // Not followed: policy allows an https address without credentials, which it checks before
    // any fetch; a redirect could take the pack to any scheme or host.
    const response = await fetchImpl(url, { method: 'GET', cache: 'no-cache', credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'manual', signal: controller.signal });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304)) {
      throw new Error(`${what} redirects to another address; set the final https:// address in policy`);
    }
    if (!response.ok) throw new Error(`${what} answered HTTP ${response.status}`);
    try {
      return await readCapped(response, max);
    } catch (error) {
      if (error instanceof TooLarge) throw new Error(`${what} is larger than ${max.toLocaleString('en-GB')} bytes`);
      throw error;
    }
  };
  let sigUrl: string;
  try {
    sigUrl = signatureUrl(packUrl);
  } catch {
    return { ok: false, reason: `the pack address is not a URL: ${packUrl}` };
  }
  try {
    // Racing as well as aborting: a fetch that ignores its signal must not hold the update.
    const [bytes, signature] = await Promise.race([
      Promise.all([get(packUrl, deps.maxBytes ?? MAX_PACK_BYTES, 'the pack address'), get(sigUrl, MAX_SIGNATURE_FILE_BYTES, 'the signature address')]),
      timeout,
    ]);
    return { ok: true, bytes, signature: new TextDecoder().decode(signature) };
  } catch (error) {
    if (error instanceof TimedOut) return { ok: false, reason: `no answer within ${Math.round((deps.timeoutMs ?? PACK_FETCH_TIMEOUT_MS) / 1000)} s` };
    const message = error instanceof Error ? error.message : String(error);
    // A fetch rejects with a bare TypeError when offline, on a DNS or TLS failure, or when the
    // host does not allow the extension to read it (CORS).
    return { ok: false, reason: error instanceof TypeError ? `the host could not be reached, or does not allow the extension to read it (${message})` : message };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** A pack a trusted key signed and this copy took: no later pack may go back past it. */
export interface FloorEntry {
  id: string;
  version: string;
  /** ISO date the publisher gave it. */
  published: string;
  /** SHA-256 (hex) of the pack file as signed; absent in entries from before it was kept. */
  digest?: string;
}

export interface CheckOptions {
  keys: readonly string[];
  /** The bundled baseline the organisation pack is layered over. */
  baseline: RulePack;
  /** The packs taken before, signed by keys trusted now. */
  floor?: readonly FloorEntry[];
  /** ms since the epoch: a pack whose `expires` day is over is refused. */
  now: number;
}

export type Checked =
  /** `scorer`: the layered pack as tabs will restore it, self-tested. */
  | { ok: true; pack: RulePack; text: string; key: string; digest: string; notes: string[]; scorer: Scorer }
  | { ok: false; reason: string };

const today = (now: number) => new Date(now).toISOString().slice(0, 10);

/** A publication date may run ahead of a copy's clock by this much (time zones, a pack signed just after midnight). */
const PUBLISHED_AHEAD_MS = 36 * 60 * 60 * 1000;

/**
 * Why a copy whose clock says `now` refuses the pack's dates, or undefined. A date in the future
 * would hold back every later pack of the key (none may be published before one taken), so it
 * is refused rather than taken: a typed year (2062 for 2026) cannot block a team's updates.
 */
export function packDateProblem(pack: Pick<RulePack, 'published' | 'expires'>, now: number): string | undefined {
  if (pack.expires !== undefined && pack.expires < today(now)) return `the pack expired on ${pack.expires}`;
  if (pack.published > today(now + PUBLISHED_AHEAD_MS)) return `it is dated ${pack.published}, a day not yet come (published is the day the pack is signed)`;
  if (pack.expires !== undefined && pack.expires < pack.published) return `it expires on ${pack.expires}, before it was published (${pack.published})`;
  return undefined;
}

export interface PackCheckOptions {
  /** The bundled baseline the organisation pack is layered over. */
  baseline: RulePack;
  /** ms since the epoch: a pack whose `expires` day is over is refused. */
  now: number;
  /** At most this many notes of each kind (skipped by the loader, by layering, by the compiler). */
  notesEach?: number;
  /** At most this many of a broken frame's problems in the reason. */
  issuesShown?: number;
}

export type PackChecked =
  /** `scorer`: the pack layered over the baseline, as tabs will restore it, self-tested. */
  | { ok: true; pack: RulePack; notes: string[]; scorer: Scorer }
  | { ok: false; reason: string };

/**
 * What every copy checks of an organisation pack's content, whoever signed it: a valid frame,
 * not the baseline's id, dates a copy takes, and every one of its rules passing its own examples
 * once layered over the baseline and compiled. `notes` name each rule, entity or setting that
 * loading, layering or compiling skips. `pack sign` runs the same checks before it signs, so a
 * pack every copy would refuse is never published.
 */
export function checkPackContent(json: unknown, options: PackCheckOptions): PackChecked {
  const each = options.notesEach ?? Infinity;
  let loaded: ReturnType<typeof loadPack>;
  try {
    loaded = loadPack(json);
  } catch (error) {
    if (error instanceof PackError) return { ok: false, reason: `${error.message}: ${error.issues.slice(0, options.issuesShown ?? 3).map((i) => `${i.path}: ${i.message}`).join('; ')}` };
    throw error;
  }
  const { pack } = loaded;
  // The first problem of each rule or entity skipped: one is enough to say why.
  const firstProblems = new Map<string, string>();
  for (const s of loaded.skipped) {
    const what = s.rule ? `rule ${s.rule}` : s.entity ? `entity ${s.entity}` : s.path;
    if (!firstProblems.has(what)) firstProblems.set(what, s.message);
  }
  const notes = [...firstProblems].slice(0, each).map(([what, message]) => `skipped ${what}: ${message}`);
  if (pack.id === options.baseline.id) return { ok: false, reason: `the pack has the baseline's id (${pack.id}); an organisation pack needs its own` };
  const dates = packDateProblem(pack, options.now);
  if (dates) return { ok: false, reason: dates };

  // What LinkedIn tabs will restore, layered as it will be, passes every one of the pack's own
  // examples.
  const layered = layerPacks(options.baseline, [pack]);
  for (const issue of layered.issues.slice(0, each)) notes.push(issue.message);
  let restored;
  try {
    restored = fromSelfie(toSelfie(compile(layered.pack)));
  } catch (error) {
    return { ok: false, reason: `the pack could not be compiled: ${error instanceof Error ? error.message : String(error)}` };
  }
  for (const e of restored.errors.slice(0, each)) notes.push(`skipped ${e.rule ? `rule ${e.rule}` : `entity ${e.entity}`}: ${e.message}`);
  // A rule whose id the baseline has was skipped (a note above); the baseline's is not tested.
  const skip = new Set([...(layered.pack.disable ?? []), ...options.baseline.rules.map((r) => r.id)]);
  for (const rule of pack.rules) {
    if (skip.has(rule.id) || !restored.rules.has(rule.id)) continue;
    const failures = runExamples(restored, rule);
    if (failures.length > 0) return { ok: false, reason: `self-test failed for rule ${rule.id}: ${failures[0]}` };
  }
  return { ok: true, pack, notes, scorer: restored };
}

/**
 * Verifies a fetched organisation pack, checks it is no step back, then validates and self-tests
 * it (`checkPackContent`). `notes` are what was skipped on the way (a rule this version cannot
 * use, an id that clashes with the baseline), as the loader skips them for any pack.
 */
export async function checkSignedPack(bytes: Uint8Array, signatureText: string, options: CheckOptions): Promise<Checked> {
  // 1. Verify: the exact bytes, before anything reads them.
  const signature = parseSignature(signatureText);
  if (!signature.ok) return { ok: false, reason: signature.reason };
  const verified = await verifySignature(bytes, signature.signature, options.keys);
  if (!verified.ok) return { ok: false, reason: verified.reason };

  // 2. Validate and self-test.
  let text: string;
  let json: unknown;
  try {
    // Kept byte for byte (a BOM included), so that the stored text verifies again later.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    // A BOM is no part of the JSON, but stays in the text, which the signature covers.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `the pack is not JSON text: ${error instanceof Error ? error.message : String(error)}` };
  }
  // 3. Never back (stepBack), asked first of the frame as written: a pack replayed from the past
  //    is refused before it costs a compile and a self-test. Asked again of the validated pack.
  const digest = await sha256Hex(bytes);
  const head = (json ?? {}) as { id?: unknown; version?: unknown; published?: unknown };
  if (typeof head.id === 'string' && typeof head.version === 'string' && typeof head.published === 'string') {
    const back = stepBack({ id: head.id, version: head.version, published: head.published }, digest, options.floor);
    if (back) return { ok: false, reason: back };
  }
  const checked = checkPackContent(json, { baseline: options.baseline, now: options.now, notesEach: 20 });
  if (!checked.ok) return checked;
  const { pack } = checked;
  const back = stepBack(pack, digest, options.floor);
  if (back) return { ok: false, reason: back };
  return { ok: true, pack, text, key: verified.key, digest, notes: checked.notes, scorer: checked.scorer };
}

/**
 * Why taking `pack` would be a step back, or undefined: not to an earlier or the same version of a
 * pack taken before, nor to a pack (of any id) published before one taken before. A signed pack
 * replayed from the past fails. The very file taken last is no step back: after the
 * organisation's address was gone for a while (the pack withdrawn, then set again), the same file
 * is taken again.
 */
function stepBack(pack: Pick<RulePack, 'id' | 'version' | 'published'>, digest: string, floor: CheckOptions['floor']): string | undefined {
  for (const taken of floor ?? []) {
    if (taken.id === pack.id && taken.version === pack.version && taken.digest === digest) continue;
    if (taken.id === pack.id && compareVersions(pack.version, taken.version) <= 0) {
      return `version ${pack.version} is not newer than ${taken.version}, a version already taken`;
    }
    if (pack.published < taken.published) {
      return `it was published on ${pack.published}, before ${taken.id} ${taken.version} (${taken.published}), a pack already taken`;
    }
  }
  return undefined;
}
