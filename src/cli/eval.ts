// `npm run eval -- [--json] [DATA_DIR]`: detection quality on labelled text nobody on the team
// wrote (../shared/data). Prints recall and false-positive rates per corpus, per-indicator
// precision and recall, the worst misses and false alarms, and exits 1 when a figure falls
// below its target, so CI notices a regression.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Scorer } from '../engine/compile';
import { INDICATOR_IDS, isFlagged, SURFACES, type Approach, type IndicatorId, type Surface, type Verdict } from '../engine/types';
import { BASELINE_PACK, CommandError, loadPackFile, REPO_ROOT } from './pack-file';
import { safeJson, safeText, say } from './printable';
import { readUtf8File } from '../pack/utf8-file';

/** A data file's text without a byte order mark; one that cannot be read ends the run, named. */
function readData(path: string): string {
  try {
    return readUtf8File(path).replace(/^\uFEFF/, '');
  } catch (e) {
    throw new CommandError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** The figures the product promises on these data (issue: "Measure it"). */
export const TARGETS = {
  approachesAllRecall: 0.9,
  approachesStrictRecall: 0.85,
  benignFalsePositiveRate: 0.05,
  emscadFalsePositiveRate: 0.03,
  smsFalsePositiveRate: 0.01,
  indicatorRecall: 0.7,
  indicatorMinRows: 5,
} as const;

const STRICT = new Set(['verbatim', 'verbatim_partial', 'template']);

interface Row {
  id: string;
  label: 'malicious' | 'scam' | 'benign';
  channel: Surface;
  text: string;
  sender?: { name?: string | null; headline?: string | null; company?: string | null } | null;
  expected_indicators?: string[];
  evidence_type: string;
}

interface Scored {
  row: Row;
  verdict: Verdict;
  indicators: Set<IndicatorId>;
}

export interface KnownIssue {
  corpus: string;
  id: string;
  reason: string;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
// Two decimals below 1%, so one false alarm in thousands of rows does not print as 0.0%.
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1)}%`);

function approachOf(id: string, text: string, surface: Surface, sender?: Row['sender']): Approach {
  const s: Approach['sender'] = {};
  if (sender?.name) s.name = sender.name;
  if (sender?.headline) s.headline = sender.headline;
  if (sender?.company) s.company = sender.company;
  return { id, site: 'linkedin', surface, sender: s, messages: [{ text }] };
}

function score(scorer: Scorer, a: Approach): { verdict: Verdict; indicators: Set<IndicatorId> } {
  // Amplifiers are evaluated even alone so their own precision and recall can be measured;
  // they never change the level on their own.
  const verdict = scorer.score(a, { evaluateAll: true });
  return { verdict, indicators: new Set(verdict.hits.filter((h) => !h.experimental).map((h) => h.indicator)) };
}

/**
 * Whether poor English decided the level: it fired, the approach is flagged, and without its
 * weight the score would fall below medium. The engine's amplifier rule should make this never
 * happen on its own.
 */
function flaggedByBrokenEnglish(scorer: Scorer, v: Verdict): boolean {
  const be = v.hits.filter((h) => h.indicator === 'broken_english' && !h.experimental);
  if (be.length === 0 || !isFlagged(v.level)) return false;
  const weight = Math.min(be.reduce((s, h) => s + h.weight, 0), scorer.indicators.broken_english?.cap ?? 100);
  return v.score - weight < scorer.thresholds.medium;
}

/**
 * A labelled row as the evaluation reads it. A row it cannot count (an unknown label, no text)
 * is an error naming its line: dropped silently, it would change the figures the targets check.
 */
const rowSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  label: z.enum(['malicious', 'scam', 'benign']),
  channel: z.enum(SURFACES),
  text: z.string().min(1),
  sender: z.looseObject({ name: z.string().nullish(), headline: z.string().nullish(), company: z.string().nullish() }).nullish(),
  expected_indicators: z.array(z.enum(INDICATOR_IDS)).optional(),
  evidence_type: z.string(),
});

function readJsonl(path: string): Row[] {
  const lines = readData(path).split(/\r?\n/);
  const rows: Row[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      problems.push(`${path}:${i + 1}: not valid JSON (${(e as Error).message})`);
      return;
    }
    const row = rowSchema.safeParse(json);
    if (row.success) rows.push(row.data as Row);
    else problems.push(`${path}:${i + 1}: ${row.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ')}`);
  });
  refuse(problems);
  return rows;
}

/** Rows the evaluation cannot count are an error listing them (the first 20): left out, they would change the figures. */
function refuse(problems: readonly string[]): void {
  if (problems.length > 0) throw new CommandError(`${problems.length} row${problems.length === 1 ? '' : 's'} cannot be evaluated:\n${problems.slice(0, 20).join('\n')}`);
}

/** A small CSV reader (RFC 4180 quoting) for the EMSCAD file. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function approachesReport(scorer: Scorer, rows: Row[]) {
  const scored: Scored[] = rows.map((row) => ({ row, ...score(scorer, approachOf(row.id, row.text, row.channel, row.sender)) }));
  const subset = (strict: boolean) => {
    const set = scored.filter((s) => !strict || STRICT.has(s.row.evidence_type));
    const by = (label: Row['label']) => set.filter((s) => s.row.label === label);
    const flagged = (xs: Scored[]) => xs.filter((s) => isFlagged(s.verdict.level)).length;
    const risky = [...by('malicious'), ...by('scam')];
    return {
      rows: set.length,
      recall: ratio(flagged(risky), risky.length),
      malicious_recall: ratio(flagged(by('malicious')), by('malicious').length),
      scam_recall: ratio(flagged(by('scam')), by('scam').length),
      false_positive_rate: ratio(flagged(by('benign')), by('benign').length),
      risky: risky.length,
      benign: by('benign').length,
    };
  };
  const indicators: Record<string, { expected: number; predicted: number; recall: number | null; precision: number | null }> = {};
  for (const id of INDICATOR_IDS) {
    const expected = scored.filter((s) => s.row.expected_indicators?.includes(id));
    const predicted = scored.filter((s) => s.indicators.has(id));
    const both = expected.filter((s) => s.indicators.has(id));
    indicators[id] = { expected: expected.length, predicted: predicted.length, recall: ratio(both.length, expected.length), precision: ratio(both.length, predicted.length) };
  }
  const cues = (s: Scored) => s.verdict.hits.filter((h) => !h.experimental).map((h) => `${h.indicator}: "${h.evidence[0]?.quote ?? ''}"`);
  const misses = scored
    .filter((s) => s.row.label !== 'benign' && !isFlagged(s.verdict.level))
    .sort((a, b) => a.verdict.score - b.verdict.score)
    .slice(0, 10)
    .map((s) => ({ id: s.row.id, label: s.row.label, score: s.verdict.score, level: s.verdict.level, evidence_type: s.row.evidence_type, cues: cues(s) }));
  const falseAlarms = scored
    .filter((s) => s.row.label === 'benign' && s.verdict.level !== 'none')
    .sort((a, b) => b.verdict.score - a.verdict.score)
    .slice(0, 10)
    .map((s) => ({ id: s.row.id, score: s.verdict.score, level: s.verdict.level, flagged: isFlagged(s.verdict.level), cues: cues(s) }));
  const benign = scored.filter((s) => s.row.label === 'benign');
  const brokenEnglish = {
    fired_on_benign: benign.filter((s) => s.indicators.has('broken_english')).length,
    benign_flagged_because_of_it: benign.filter((s) => flaggedByBrokenEnglish(scorer, s.verdict)).length,
    benign: benign.length,
  };
  return { all: subset(false), strict: subset(true), indicators, worst_misses: misses, worst_false_alarms: falseAlarms, broken_english: brokenEnglish };
}

function emscadReport(scorer: Scorer, path: string) {
  const [header, ...rows] = parseCsv(readData(path));
  if (!header) throw new CommandError(`${path}: empty file`);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new CommandError(`${path}: no "${name}" column`);
    return i;
  };
  const textCols = ['title', 'company_profile', 'description', 'requirements', 'benefits'].map(col);
  const fraudCol = col('fraudulent');
  const idCol = col('job_id');
  let legit = 0, legitFlagged = 0, fraud = 0, fraudFlagged = 0;
  const flaggedLegit: Array<{ id: string; score: number; cues: string[] }> = [];
  const problems: string[] = [];
  rows.forEach((r, i) => {
    // The last line break leaves one empty row; any other row must be whole and labelled.
    if (r.length === 1 && r[0] === '') return;
    if (r.length < header.length || (r[fraudCol] !== '0' && r[fraudCol] !== '1')) {
      problems.push(`${path}: row ${i + 1}: ${r.length < header.length ? `${r.length} of ${header.length} columns` : `"fraudulent" is ${JSON.stringify(r[fraudCol])}, not 0 or 1`}`);
    }
  });
  refuse(problems);
  for (const r of rows) {
    if (r.length < header.length) continue;
    const text = textCols.map((i) => r[i] ?? '').filter(Boolean).join('\n');
    const { verdict } = score(scorer, approachOf(`emscad-${r[idCol]}`, text, 'job_ad'));
    const flagged = isFlagged(verdict.level);
    if (r[fraudCol] === '1') {
      fraud++;
      if (flagged) fraudFlagged++;
    } else {
      legit++;
      if (flagged) {
        legitFlagged++;
        flaggedLegit.push({ id: r[idCol]!, score: verdict.score, cues: verdict.hits.map((h) => `${h.indicator}: "${h.evidence[0]?.quote ?? ''}"`) });
      }
    }
  }
  return { legitimate: legit, fraudulent: fraud, false_positive_rate: ratio(legitFlagged, legit), fraud_flag_rate: ratio(fraudFlagged, fraud), flagged_legitimate: flaggedLegit.slice(0, 10) };
}

function smsReport(scorer: Scorer, path: string) {
  let ham = 0, hamFlagged = 0, spam = 0, spamFlagged = 0, hamBroken = 0, hamFlaggedByBroken = 0;
  const flaggedHam: Array<{ line: number; score: number; cues: string[] }> = [];
  const lines = readData(path).split('\n');
  refuse(
    lines.flatMap((line, i) => {
      if (line.trim() === '') return [];
      const label = line.slice(0, Math.max(0, line.indexOf('\t')));
      return label === 'ham' || label === 'spam' ? [] : [`${path}:${i + 1}: expected "ham" or "spam", a tab, then the text`];
    }),
  );
  lines.forEach((line, i) => {
    const tab = line.indexOf('\t');
    if (tab < 0) return;
    const label = line.slice(0, tab);
    const { verdict } = score(scorer, approachOf(`sms-${i + 1}`, line.slice(tab + 1), 'message'));
    const flagged = isFlagged(verdict.level);
    if (label === 'spam') {
      spam++;
      if (flagged) spamFlagged++;
    } else if (label === 'ham') {
      ham++;
      if (verdict.hits.some((h) => h.indicator === 'broken_english')) hamBroken++;
      if (flaggedByBrokenEnglish(scorer, verdict)) hamFlaggedByBroken++;
      if (flagged) {
        hamFlagged++;
        flaggedHam.push({ line: i + 1, score: verdict.score, cues: verdict.hits.map((h) => `${h.indicator}: "${h.evidence[0]?.quote ?? ''}"`) });
      }
    }
  });
  return {
    ham,
    spam,
    false_positive_rate: ratio(hamFlagged, ham),
    spam_flag_rate: ratio(spamFlagged, spam),
    broken_english: { fired_on_ham: hamBroken, ham_flagged_because_of_it: hamFlaggedByBroken },
    flagged_ham: flaggedHam.slice(0, 10),
  };
}

export function loadKnownIssues(): KnownIssue[] {
  const path = resolve(REPO_ROOT, 'tests/eval/known-false-positives.yaml');
  if (!existsSync(path)) return [];
  const doc = parseYaml(readData(path)) as { known?: KnownIssue[] } | null;
  return doc?.known ?? [];
}

export function evaluate(dataDir: string, scorer: Scorer) {
  const approaches = approachesReport(scorer, readJsonl(join(dataDir, DATA_FILES[0]!)));
  const emscad = emscadReport(scorer, join(dataDir, DATA_FILES[1]!));
  const sms = smsReport(scorer, join(dataDir, DATA_FILES[2]!));
  const failures: string[] = [];
  // A figure with nothing to count (an empty or cut file) fails too: the run must not pass on no data.
  const below = (name: string, value: number | null, target: number) => {
    if (value === null) failures.push(`${name} has no rows to count`);
    else if (value < target) failures.push(`${name} ${pct(value)} is below the target ${pct(target)}`);
  };
  const above = (name: string, value: number | null, target: number) => {
    if (value === null) failures.push(`${name} has no rows to count`);
    else if (value > target) failures.push(`${name} ${pct(value)} is above the target ${pct(target)}`);
  };
  below('approaches.all.recall', approaches.all.recall, TARGETS.approachesAllRecall);
  below('approaches.strict.recall', approaches.strict.recall, TARGETS.approachesStrictRecall);
  above('approaches.all.false_positive_rate', approaches.all.false_positive_rate, TARGETS.benignFalsePositiveRate);
  above('approaches.strict.false_positive_rate', approaches.strict.false_positive_rate, TARGETS.benignFalsePositiveRate);
  above('emscad.false_positive_rate', emscad.false_positive_rate, TARGETS.emscadFalsePositiveRate);
  above('sms.false_positive_rate', sms.false_positive_rate, TARGETS.smsFalsePositiveRate);
  for (const [id, m] of Object.entries(approaches.indicators))
    if (m.expected >= TARGETS.indicatorMinRows) below(`indicators.${id}.recall`, m.recall, TARGETS.indicatorRecall);
  return { pack: scorer.packVersion, approaches, indicators: approaches.indicators, emscad, sms, known_false_positives: loadKnownIssues(), targets: TARGETS, failures };
}

/** The labelled data the figures are computed from, under the data directory. */
const DATA_FILES = ['approaches-dev.jsonl', 'emscad/emscad_merged_subset.csv', 'sms-spam/SMSSpamCollection.tsv'];

/**
 * `out` writes a line of output; main's, which reports a failed write (a full disk) as the
 * command's failure. Everything from the data (row ids, quoted words) is escaped before it is
 * printed: a data file is written by someone else.
 */
export async function runEval(dataDir: string, options: { json: boolean; packPath?: string; out: (line: string) => void }): Promise<number> {
  const missing = DATA_FILES.filter((file) => !existsSync(join(dataDir, file)));
  if (missing.length === DATA_FILES.length) {
    say(`eval: no evaluation data in ${dataDir} (expected ${DATA_FILES.join(', ')})\n`);
    return 2;
  }
  if (missing.length > 0) {
    say(`eval: ${dataDir} lacks ${missing.join(', ')}: the figures need all of ${DATA_FILES.join(', ')}\n`);
    return 2;
  }
  const scorer = loadPackFile(options.packPath ?? BASELINE_PACK);
  const r = evaluate(dataDir, scorer);
  if (options.json) {
    options.out(safeJson(r));
    return r.failures.length > 0 ? 1 : 0;
  }
  const a = r.approaches;
  const line = options.out;
  line(`Approach Guard evaluation — pack ${safeText(r.pack)}, data ${safeText(dataDir)}`);
  line('');
  line('approaches-dev.jsonl (flagged = medium or high)');
  for (const [name, s] of [['all rows', a.all], ['strict (verbatim, partial, template)', a.strict]] as const)
    line(`  ${name.padEnd(38)} recall ${pct(s.recall)} (malicious ${pct(s.malicious_recall)}, scam ${pct(s.scam_recall)}; ${s.risky} rows)  false positives ${pct(s.false_positive_rate)} of ${s.benign} benign`);
  line('');
  line('per indicator (rows expected / predicted; recall, precision)');
  for (const [id, m] of Object.entries(a.indicators))
    line(`  ${id.padEnd(28)} ${String(m.expected).padStart(3)} / ${String(m.predicted).padStart(3)}   recall ${pct(m.recall).padStart(6)}   precision ${pct(m.precision).padStart(6)}`);
  line('');
  line('worst misses');
  for (const m of a.worst_misses) line(`  ${safeText(m.id)} ${m.label} score ${m.score} (${m.level}, ${safeText(m.evidence_type)}): ${m.cues.map(safeText).join('; ') || 'no cue fired'}`);
  line('worst false alarms (low and above)');
  for (const f of a.worst_false_alarms) line(`  ${safeText(f.id)} score ${f.score} (${f.level}): ${f.cues.map(safeText).join('; ')}`);
  line('');
  line(`EMSCAD job adverts: false positives ${pct(r.emscad.false_positive_rate)} of ${r.emscad.legitimate} legitimate; fraudulent flagged ${pct(r.emscad.fraud_flag_rate)} of ${r.emscad.fraudulent}`);
  line(`SMS Spam Collection: false positives ${pct(r.sms.false_positive_rate)} of ${r.sms.ham} ham; spam flagged ${pct(r.sms.spam_flag_rate)} of ${r.sms.spam}`);
  line(
    `broken English (an amplifier): fired on ${a.broken_english.fired_on_benign} of ${a.broken_english.benign} benign approaches and ${r.sms.broken_english.fired_on_ham} of ${r.sms.ham} SMS ham; ` +
      `decided a flag on ${a.broken_english.benign_flagged_because_of_it + r.sms.broken_english.ham_flagged_because_of_it} of them`,
  );
  if (r.known_false_positives.length > 0) {
    line('');
    line('known false positives');
    for (const k of r.known_false_positives) line(`  ${safeText(`${k.corpus} ${k.id}: ${k.reason}`)}`);
  }
  line('');
  if (r.failures.length > 0) {
    line('BELOW TARGET');
    for (const f of r.failures) line(`  ${f}`);
    return 1;
  }
  line('all figures meet their targets');
  return 0;
}
