// `npm run score -- FILE|-`: scores JSON lines, one verdict line out per line in, in order.
// Bad lines are reported on stderr with their line number; the rest are still scored.
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import type { Scorer } from '../engine/compile';
import { approachSchema, SHORT_FORM_KEYS, shortApproachSchema } from '../engine/approach-schema';
import type { Approach } from '../engine/types';
import { formatPath } from '../pack/load';
import { CommandError } from './pack-file';
import { safeJson } from './printable';
import { normaliseProfileUrl } from '../settings/profile-url';

export interface ScoreLine {
  id: string;
  score: number;
  level: string;
  indicators: string[];
  hits: Array<{ rule: string; indicator: string; quote: string }>;
}

/**
 * Reads either the full Approach shape or the short form; throws a readable message. The short
 * form's keys it does not read go to `unread`.
 */
export function parseApproachLine(line: string, unread?: (keys: string[]) => void): Approach {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`);
  }
  if (json && typeof json === 'object' && 'messages' in json) {
    const full = approachSchema.safeParse(json);
    if (!full.success) throw new Error(describe(full.error));
    return withProfile(full.data as Approach);
  }
  const short = shortApproachSchema.safeParse(json);
  if (!short.success) throw new Error(describe(short.error));
  const s = short.data;
  const others = Object.keys(s).filter((key) => !SHORT_FORM_KEYS.includes(key));
  if (others.length > 0) unread?.(others);
  const approach: Approach = { id: s.id, site: 'linkedin', surface: s.channel ?? 'message', sender: (s.sender ?? {}) as Approach['sender'], messages: [{ text: s.text }] };
  if (s.platformWarning !== undefined) approach.platformWarning = s.platformWarning;
  return withProfile(approach);
}

/**
 * The sender's profile address in the one form the extension gives the engine, whatever way it
 * was written (another LinkedIn host, a port, http, no scheme); refused when it is not a LinkedIn
 * profile, which the engine would otherwise read by the "linkedin.com/in/" it contains.
 */
function withProfile(approach: Approach): Approach {
  const given = approach.sender.profileUrl?.trim();
  if (given === undefined) return approach;
  // Empty: not known, as the extension takes it.
  if (given === '') {
    const { profileUrl: _, ...sender } = approach.sender;
    return { ...approach, sender };
  }
  const ref = normaliseProfileUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given.replace(/^http:/i, 'https:') : `https://${given}`);
  if (!ref || ref.id === ref.url) throw new Error('sender.profileUrl: not a LinkedIn profile address (https://www.linkedin.com/in/…)');
  return { ...approach, sender: { ...approach.sender, profileUrl: ref.url } };
}

function describe(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message))
    .join('; ');
}

export function verdictLine(scorer: Scorer, approach: Approach): ScoreLine {
  const v = scorer.score(approach);
  const counted = v.hits.filter((h) => !h.experimental);
  return {
    id: approach.id,
    score: v.score,
    level: v.level,
    indicators: [...new Set(counted.map((h) => h.indicator))],
    hits: counted.map((h) => ({ rule: h.rule, indicator: h.indicator, quote: h.evidence[0]?.quote ?? '' })),
  };
}

/**
 * Returns the number of bad lines. A failure to read the input (a missing file, a directory, a
 * line too long to hold) throws a CommandError: nothing after it was scored. One to write the
 * output (from `out`) is not a bad line and is thrown as it is.
 */
export async function scoreStream(
  scorer: Scorer,
  file: string,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const name = file === '-' ? 'standard input' : file;
  let n = 0;
  let bad = 0;
  // Each key the short form does not read is named once, with the line it was first met on.
  const named = new Set<string>();
  const unread = (keys: string[]) => {
    const fresh = keys.filter((key) => !named.has(key));
    if (fresh.length === 0) return;
    for (const key of fresh) named.add(key);
    err(`line ${n}: not read: ${fresh.map((key) => safeJson(key)).join(', ')} (the short form reads ${SHORT_FORM_KEYS.join(', ')})`);
  };
  try {
    for await (const raw of lines) {
      n++;
      const line = raw.trim();
      if (line === '') continue;
      let verdict: string;
      try {
        // The same JSON, with any hidden character from the input (a direction override, a
        // terminal control) written as an escape.
        verdict = safeJson(verdictLine(scorer, parseApproachLine(line, unread)));
      } catch (e) {
        bad++;
        err(`line ${n}: ${printable((e as Error).message)}`);
        continue;
      }
      out(verdict);
    }
  } catch (e) {
    if (e instanceof CommandError) throw e;
    throw new CommandError(`cannot read ${name}${n > 0 ? ` after line ${n}` : ''}: ${(e as Error).message}`);
  }
  return bad;
}

/** Control characters from the input shown as escapes, so a line cannot drive the terminal. */
const printable = (text: string): string =>
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
