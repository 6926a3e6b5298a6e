// `npm run score -- FILE|-`: scores JSON lines, one verdict line out per line in, in order.
// Bad lines are reported on stderr with their line number; the rest are still scored.
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import type { Scorer } from '../engine/compile';
import { approachSchema, shortApproachSchema } from '../engine/approach-schema';
import type { Approach } from '../engine/types';
import { formatPath } from '../pack/load';

export interface ScoreLine {
  id: string;
  score: number;
  level: string;
  indicators: string[];
  hits: Array<{ rule: string; indicator: string; quote: string }>;
}

/** Reads either the full Approach shape or the short form; throws a readable message. */
export function parseApproachLine(line: string): Approach {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`);
  }
  if (json && typeof json === 'object' && 'messages' in json) {
    const full = approachSchema.safeParse(json);
    if (!full.success) throw new Error(describe(full.error));
    return full.data as Approach;
  }
  const short = shortApproachSchema.safeParse(json);
  if (!short.success) throw new Error(describe(short.error));
  const s = short.data;
  return { id: s.id, site: 'linkedin', surface: s.channel ?? 'message', sender: (s.sender ?? {}) as Approach['sender'], messages: [{ text: s.text }] };
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

/** Returns the number of bad lines. */
export async function scoreStream(
  scorer: Scorer,
  file: string,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let bad = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    try {
      out(JSON.stringify(verdictLine(scorer, parseApproachLine(line))));
    } catch (e) {
      bad++;
      err(`line ${n}: ${(e as Error).message}`);
    }
  }
  return bad;
}
