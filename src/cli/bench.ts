// `npm run bench -- [--json]`: speed of the engine, measured in one run so the ratios hold on
// a noisy shared machine. Inputs are generated from a fixed seed; no evaluation text is used.
import { readFileSync } from 'node:fs';
import { compile } from '../engine/compile';
import { normalise } from '../engine/normalise';
import { Kind, phraseSequences, type TokenPattern } from '../engine/phrases';
import { adversarialInputs, compileSafeRegex } from '../engine/regex-safety';
import type { Approach } from '../engine/types';
import { loadPack } from '../pack/load';
import type { Entity, Matcher, Rule, RulePack } from '../pack/schema';
import { BASELINE_PACK } from './pack-file';

/** Deterministic pseudo-random numbers (mulberry32), so every run scores the same inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = (
  'the committee will meet on tuesday to discuss the report and the minister has asked for a short ' +
  'briefing before the debate our office can share the public papers we hope you are well and thank ' +
  'you for your message about the event in the constituency next month with colleagues from the ' +
  'department of transport the research team would welcome your views on regional policy'
).split(' ');
const CUES = [
  'we pay an attractive fee for short reports',
  'please contact me on WhatsApp',
  'all expenses paid trip to Beijing',
  'any non-public insight would help our client',
  'keep this between you and me',
  'as a renowned expert on policy',
  'reply as soon as possible',
  'see https://bit.ly/abc123 for details',
];

/** A message of about `bytes` characters: ordinary words with, on average, three cues per KB. */
function message(r: () => number, bytes: number): string {
  const words: string[] = [];
  let len = 0;
  while (len < bytes) {
    const w = r() < 0.018 ? CUES[Math.floor(r() * CUES.length)]! : FILLER[Math.floor(r() * FILLER.length)]!;
    words.push(r() < 0.06 ? `${w}.` : w);
    len += w.length + 1;
  }
  return words.join(' ').slice(0, bytes);
}

const approach = (id: string, texts: string[], name = 'Alex Example'): Approach => ({
  id,
  site: 'linkedin',
  surface: 'message',
  sender: { name, headline: 'Senior consultant' },
  messages: texts.map((text) => ({ text })),
});

interface Stats {
  median_us: number;
  p99_us: number;
  samples: number;
}

/** Times `fn(i)` over `samples` calls after a warm-up; returns microseconds. */
function time(samples: number, fn: (i: number) => void): Stats {
  // Warm up until the JIT has settled: the first few thousand calls run unoptimised code.
  for (let i = 0; i < Math.min(5000, samples); i++) fn(i);
  const t: number[] = new Array(samples);
  for (let i = 0; i < samples; i++) {
    const s = process.hrtime.bigint();
    fn(i);
    t[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  return statsOf(t);
}

/** Times `fn()` `samples` times, each after `idleMs` asleep (the thread blocked, not spinning). */
function timeAfterIdle(samples: number, idleMs: number, fn: () => void): Stats {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const t: number[] = new Array(samples);
  for (let i = 0; i < samples; i++) {
    Atomics.wait(cell, 0, 0, idleMs);
    const s = process.hrtime.bigint();
    fn();
    t[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  return statsOf(t);
}

function statsOf(t: number[]): Stats {
  t.sort((a, b) => a - b);
  const q = (p: number) => t[Math.min(t.length - 1, Math.floor(p * t.length))]!;
  return { median_us: round(q(0.5)), p99_us: round(q(0.99)), samples: t.length };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The naive engine: every pattern of every rule as its own RegExp, tested one by one. */
function naiveScorer(pack: RulePack): (a: Approach) => number {
  const toRegex = (seq: TokenPattern[]) =>
    seq
      .map((p) => {
        switch (p.k) {
          case Kind.Exact:
            return escape(p.s);
          case Kind.Prefix:
            return `${escape(p.s)}\\w*`;
          case Kind.Set:
            return `(?:${[...p.s].map(escape).join('|')})`;
          case Kind.Num:
          case Kind.Money:
            return '\\d+';
          case Kind.Gap:
            return `(?:\\W+\\w+){0,${p.n}}`;
        }
      })
      .join('\\W+');
  const phrasesOf = (m: Matcher): string[] => ('phrases' in m ? m.phrases : 'near' in m ? [...m.near.a, ...m.near.b] : []);
  const res: RegExp[] = [];
  for (const rule of pack.rules)
    for (const m of [...(rule.any ?? []), ...(rule.all ?? [])])
      for (const p of phrasesOf(m)) for (const seq of phraseSequences(p)) res.push(new RegExp(`\\b${toRegex(seq)}\\b`, 'i'));
  for (const e of pack.entities ?? []) for (const n of [e.name, ...(e.aliases ?? [])]) res.push(new RegExp(`\\b${escape(n)}\\b`, 'i'));
  return (a) => {
    let hits = 0;
    for (const m of a.messages) for (const re of res) if (re.test(m.text)) hits++;
    return hits;
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function syntheticEntities(n: number, r: () => number): Entity[] {
  const syl = ['an', 'bo', 'chen', 'da', 'el', 'fu', 'ga', 'han', 'li', 'mo', 'na', 'qiu', 'ro', 'shen', 'ta', 'wu', 'xi', 'yan', 'zh', 'ke'];
  const word = () => {
    const k = 2 + Math.floor(r() * 2);
    let w = '';
    for (let i = 0; i < k; i++) w += syl[Math.floor(r() * syl.length)];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return Array.from({ length: n }, (_, i) => ({
    id: `bench.entity-${i}`,
    name: i % 2 ? `${word()} ${word()}` : `${word()} ${word()} Consulting`,
    type: i % 2 ? ('persona' as const) : ('organisation' as const),
    flaggedBy: 'benchmark',
    source: 'generated',
    confidence: 'test',
  }));
}

function syntheticRules(n: number, r: () => number): Rule[] {
  const vocab = FILLER.concat(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet']);
  const phrase = () => `${vocab[Math.floor(r() * vocab.length)]} ${vocab[Math.floor(r() * vocab.length)]} ${vocab[Math.floor(r() * vocab.length)]}`;
  return Array.from({ length: n }, (_, i) => ({
    id: `bench.rule-${i}`,
    indicator: 'flattery' as const,
    weight: 5,
    status: 'stable' as const,
    description: 'generated',
    advice: 'generated',
    references: ['generated'],
    any: i % 3 === 0 ? [{ near: { a: [phrase()], b: [phrase()], within: 5 } }] : [{ phrases: [phrase(), phrase(), phrase()] }],
    examples: { match: ['x', 'y'], no_match: ['x', 'y'] },
  }));
}

export function measure() {
  const baseline = loadPack(JSON.parse(readFileSync(BASELINE_PACK, 'utf8'))).pack;
  const r = rng(20261123);
  const oneKb = Array.from({ length: 200 }, () => message(r, 1024));
  const thread10 = Array.from({ length: 20 }, () => approach('t10', Array.from({ length: 10 }, () => message(r, 400))));
  const thread1000 = approach('t1000', Array.from({ length: 1000 }, () => message(r, 400)));
  const oneMb = message(r, 1024 * 1024);

  const compileStats = time(30, () => compile(baseline));
  // Every figure below is for text the engine has not seen: scorers built for measurement do not
  // remember analysed texts. The thread-update figure at the end shows what remembering saves.
  const scorer = compile(baseline, { cacheTexts: false });
  const single = oneKb.map((t, i) => approach(`m${i}`, [t]));
  const naive = naiveScorer(baseline);
  const trivial = /approach-guard-floor/;
  // The three figures behind the ratios are measured in turns, three rounds, keeping each one's
  // best round: a burst of load from elsewhere on a shared machine then spoils one round of
  // each, not the ratio between them.
  let engine: Stats | undefined;
  let naiveStats: Stats | undefined;
  let floor: Stats | undefined;
  const best = (a: Stats | undefined, b: Stats) => (a && a.median_us <= b.median_us ? a : b);
  for (let round = 0; round < 3; round++) {
    engine = best(engine, time(5000, (i) => scorer.score(single[i % single.length]!)));
    naiveStats = best(naiveStats, time(1000, (i) => naive(single[i % single.length]!)));
    floor = best(floor, time(5000, (i) => trivial.test(oneKb[i % oneKb.length]!.normalize('NFKC').toLowerCase())));
  }
  if (!engine || !naiveStats || !floor) throw new Error('no benchmark rounds ran');
  // The ratios come from pairs of short blocks, each pair timed back to back, and are the
  // median over the pairs. A shared machine's speed drifts over seconds, and the best rounds
  // above can come from different moments for the two sides; both blocks of a pair see the
  // same speed.
  // The engine's blocks (400 scores, each of the 200 messages twice) also count as rounds of
  // the 1 KB figure, which is so the best of 33 windows spread over the run: the speed of the
  // engine on this machine when the machine runs at its own speed.
  const pairs = (other: (i: number) => void, samples: number) => {
    const ratios: number[] = [];
    for (let b = 0; b < 15; b++) {
      const e = time(400, (i) => scorer.score(single[(b * 400 + i) % single.length]!));
      engine = best(engine, e);
      ratios.push(e.median_us / time(samples, other).median_us);
    }
    return ratios.sort((x, y) => x - y)[ratios.length >> 1]!;
  };
  const overFloor = pairs((i) => trivial.test(oneKb[i % oneKb.length]!.normalize('NFKC').toLowerCase()), 4000);
  const overNaive = pairs((i) => naive(single[i % single.length]!), 20);
  const normaliseOnly = time(5000, (i) => normalise(oneKb[i % oneKb.length]!));

  const thread10Stats = time(1000, (i) => scorer.score(thread10[i % thread10.length]!));
  const thread1000Stats = time(20, () => scorer.score(thread1000));

  // One pack at a time, as a browser holds one, each in its best of three rounds.
  const entities: Record<string, Stats> = {};
  const entityScorers: Record<string, typeof scorer> = {};
  for (const n of [10, 100, 1000, 10000]) {
    const s = compile({ ...baseline, entities: [...(baseline.entities ?? []), ...syntheticEntities(n, rng(n))] }, { cacheTexts: false });
    for (let round = 0; round < 3; round++) entities[n] = best(entities[n], time(3000, (i) => s.score(single[i % single.length]!)));
    if (n === 10 || n === 10000) entityScorers[n] = s;
  }
  // 10,000 over 10 from back-to-back pairs too (see the ratios above).
  const entityRatios: number[] = [];
  for (let b = 0; b < 15; b++) {
    const many = time(400, (i) => entityScorers[10000]!.score(single[(b * 400 + i) % single.length]!));
    entityRatios.push(many.median_us / time(400, (i) => entityScorers[10]!.score(single[(b * 400 + i) % single.length]!)).median_us);
  }
  const entitiesOver = entityRatios.sort((x, y) => x - y)[entityRatios.length >> 1]!;
  const rules: Record<string, Stats & { compile_ms: number }> = {};
  for (const n of [50, 100, 250, 500, 1000]) {
    const pack = { ...baseline, rules: [...baseline.rules, ...syntheticRules(n, rng(n))] };
    const c = time(5, () => compile(pack));
    const s = compile(pack, { cacheTexts: false });
    rules[n] = { ...time(3000, (i) => s.score(single[i % single.length]!)), compile_ms: round(c.median_us / 1000) };
  }

  // Twenty samples: a collection of the young heap lands in some of them at this size.
  const oneMbStats = time(20, () => scorer.score(approach('1mb', [oneMb])));
  // A LinkedIn tab re-scores a thread when a message arrives; earlier messages are remembered.
  const warm = compile(baseline);
  const grown = thread1000.messages.map((m) => m.text);
  warm.score(approach('t1000', grown));
  const threadUpdate = time(20, (i) => warm.score(approach('t1000', [...grown, `${message(rng(i), 400)} ${i}`])));
  // The same, handed the thread's last verdict (as the tab does), after a message no rule can
  // read: only that message is analysed, so each sample reads a text it has not seen.
  const fresh = compile(baseline, { cacheTexts: false });
  const before = approach('t1000', grown);
  const now = Date.now();
  const since = { approach: before, verdict: fresh.score(before, { now }), now };
  let kept = 0;
  const quiet = () => {
    const verdict = fresh.score(approach('t1000', [...grown, 'Thanks, see you on Tuesday.']), { now, since });
    if (verdict === since.verdict) kept++;
  };
  const quietUpdate = time(20, quiet);
  // A thread of ten, as in a tab, back to back and each time after 100 ms asleep, as when a
  // message arrives: code and data left unused that long run several times slower on their next
  // call, which is most of what a new message costs a tab.
  const short = thread10[0]!;
  const shortSince = { approach: short, verdict: fresh.score(short, { now }), now };
  let shortKept = true;
  const shortQuiet = () => {
    const verdict = fresh.score({ ...short, messages: [...short.messages, { text: 'Thanks, see you on Tuesday.', fromSelf: false }] }, { now, since: shortSince });
    if (verdict !== shortSince.verdict) shortKept = false;
  };
  const shortQuietWarm = time(200, shortQuiet);
  const shortQuietAfterIdle = timeAfterIdle(20, 100, shortQuiet);
  const adversarial: Array<{ rule: string; pattern: string; raw_regex_ms: number; in_engine_ms: number }> = [];
  for (const rule of baseline.rules)
    for (const m of [...(rule.any ?? []), ...(rule.all ?? [])]) {
      if (!('regex' in m)) continue;
      for (const source of [m.regex, ...(m.unless ? [m.unless] : [])]) {
        const re = new RegExp(source, 'u');
        let raw = 0;
        let inEngine = 0;
        for (const input of adversarialInputs(source, 5000)) {
          const t0 = process.hrtime.bigint();
          re.test(input);
          raw = Math.max(raw, Number(process.hrtime.bigint() - t0) / 1e6);
          // The same input as a message: the engine only runs expressions on short units.
          const a = approach('adv', [`${input} https://${input.slice(0, 300)}.com ${input.slice(0, 60)}@example.com`]);
          inEngine = Math.max(inEngine, time(3, () => scorer.score(a)).median_us / 1000);
        }
        adversarial.push({ rule: rule.id, pattern: source, raw_regex_ms: round(raw), in_engine_ms: round(inEngine) });
      }
    }
  const worstAdversarial = Math.max(0, ...adversarial.map((a) => a.in_engine_ms));
  // Why the pack loader refuses some expressions: the time a backtracking engine spends on the
  // classic catastrophic pattern grows about fourfold for every two more characters.
  const rejected = '(a+)+$';
  const re = new RegExp(rejected);
  for (let i = 0; i < 50; i++) re.test('aaaaaaaa!');
  const catastrophic = [18, 20, 22, 24].map((n) => {
    const input = `${'a'.repeat(n)}!`;
    const t0 = process.hrtime.bigint();
    re.test(input);
    return { characters: n + 1, ms: round(Number(process.hrtime.bigint() - t0) / 1e6) };
  });
  const worstCaseMs = round(Math.max(oneMbStats.median_us / 1000, worstAdversarial));

  return {
    date: new Date().toISOString(),
    node: process.version,
    pack: `${baseline.id} ${baseline.version} (${baseline.rules.length} rules, ${baseline.entities?.length ?? 0} entities)`,
    messages_per_second: Math.round(1e6 / engine.median_us),
    engine_over_floor: round(overFloor),
    engine_over_naive: round(overNaive),
    compile_ms: round(compileStats.median_us / 1000),
    worst_case_ms: worstCaseMs,
    entities_10000_over_10: round(entitiesOver),
    one_kb_message: engine,
    naive_one_kb: naiveStats,
    floor_one_kb: floor,
    normalise_one_kb: normaliseOnly,
    thread_10_messages: thread10Stats,
    thread_1000_messages: thread1000Stats,
    thread_1000_one_new_message: threadUpdate,
    thread_1000_quiet_message_kept: { ...quietUpdate, kept: kept > 0 },
    thread_10_quiet_message_kept: { ...shortQuietWarm, kept: shortKept },
    thread_10_quiet_message_after_idle: shortQuietAfterIdle,
    compile: compileStats,
    entities,
    generated_rules: rules,
    one_mb_message: oneMbStats,
    adversarial,
    rejected_pattern: { pattern: rejected, refused: refusalOf(rejected), native_times: catastrophic },
  };
}

function refusalOf(source: string): string {
  try {
    compileSafeRegex(source);
    return 'accepted';
  } catch (e) {
    return (e as Error).message;
  }
}

/** `out` writes a line of output; main's, which reports a failed write (a full disk) as the command's failure. */
export async function runBench(options: { json: boolean; out: (line: string) => void }): Promise<number> {
  const m = measure();
  if (options.json) {
    options.out(JSON.stringify(m));
    return 0;
  }
  const line = options.out;
  const st = (s: Stats) => `median ${s.median_us} µs, p99 ${s.p99_us} µs`;
  line(`Approach Guard engine benchmark — ${m.date}, Node ${m.node}, ${m.pack}`);
  line('');
  line(`1 KB message               ${st(m.one_kb_message)}  → ${m.messages_per_second} messages/s on one core`);
  line(`10-message thread          ${st(m.thread_10_messages)}`);
  line(`1,000-message thread       ${st(m.thread_1000_messages)}`);
  line(`  the same after one new message, earlier messages remembered: ${st(m.thread_1000_one_new_message)}`);
  line(
    `  the same after a message no rule can read, with its last verdict: ${st(m.thread_1000_quiet_message_kept)}` +
      (m.thread_1000_quiet_message_kept.kept ? '' : ' (the verdict was not kept: every rule was evaluated again)'),
  );
  line(
    `10-message thread after a message no rule can read, with its last verdict: ${st(m.thread_10_quiet_message_kept)}` +
      (m.thread_10_quiet_message_kept.kept ? '' : ' (the verdict was not kept: every rule was evaluated again)'),
  );
  line(`  the same, each time after 100 ms idle (as messages arrive in a tab): ${st(m.thread_10_quiet_message_after_idle)}`);
  line(`compile the baseline pack  ${m.compile_ms} ms (median)`);
  line('');
  line(`naive engine (one RegExp per pattern)  ${st(m.naive_one_kb)}   engine/naive = ${m.engine_over_naive}`);
  line(`floor (NFKC + lower case + one test)   ${st(m.floor_one_kb)}   engine/floor = ${m.engine_over_floor}`);
  line(`normalisation alone                    ${st(m.normalise_one_kb)}`);
  line('');
  line('known entities in the pack (1 KB message)');
  for (const [n, s] of Object.entries(m.entities)) line(`  ${n.padStart(6)}  ${st(s)}`);
  line(`  10,000 over 10 = ${m.entities_10000_over_10}`);
  line('generated rules added to the pack (1 KB message)');
  for (const [n, s] of Object.entries(m.generated_rules)) line(`  ${n.padStart(6)}  ${st(s)}, compile ${s.compile_ms} ms`);
  line('');
  line(`1 MB message (64 KB read)  ${st(m.one_mb_message)}`);
  line('adversarial inputs for every expression in the pack (5,000 characters)');
  for (const a of m.adversarial) line(`  ${a.rule.padEnd(28)} raw RegExp ${a.raw_regex_ms} ms, in the engine ${a.in_engine_ms} ms   /${a.pattern}/`);
  line(`worst case per message     ${m.worst_case_ms} ms`);
  line('');
  line(`a pattern the loader refuses, /${m.rejected_pattern.pattern}/: "${m.rejected_pattern.refused}"`);
  line(`  native RegExp on "aaa…a!": ${m.rejected_pattern.native_times.map((t) => `${t.characters} chars ${t.ms} ms`).join(', ')}`);
  return 0;
}
