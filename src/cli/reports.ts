// `approach-guard reports`: what a security team's webhook received, counted by the person
// reported, and turned into flagged-profile entries for the organisation's own pack. That closes
// the loop the extension opens: users report a profile, the team reviews it, and a signed pack
// flags it for every user, including those it wrote to before (the popup's notice).
//
// Every report is untrusted input (anyone who can reach the endpoint can post one, and reports
// quote LinkedIn): each is checked against the strict schema the extension sends with, nothing
// from a report reaches the terminal or a pack with its control, invisible or direction
// characters, and reading is linear in the input whatever it holds.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import { compile, profileSlug } from '../engine/compile';
import { INDICATOR_IDS, levelRank, SURFACES, type IndicatorId, type Level, type Surface } from '../engine/types';
import { loadPack, PackError } from '../pack/load';
import { entitySchema, type Entity, type RulePack } from '../pack/schema';
import { truncateText } from '../report/compose';
import { REPORT_FORMAT, REPORT_SCHEMA_VERSION, reportSchema, type Report } from '../report/schema';
import { LINKEDIN_HOST, normaliseProfileUrl } from '../settings/profile-url';
import { CommandError } from './pack-file';
import { isHidden, MAYBE_HIDDEN, safeJson, safeText } from './printable';
import { readUtf8File } from '../pack/utf8-file';

export { safeText };

/** Larger files are refused: a webhook's store of a year of reports is far smaller. */
export const REPORT_FILE_MAX_BYTES = 64 * 1024 * 1024;
/** All the files of one run together. */
const REPORTS_MAX_BYTES = 256 * 1024 * 1024;
/** The file names read from a directory. */
const REPORT_FILE = /\.(json|jsonl|ndjson)$/i;

/** Standard input that is not UTF-8: one of the inputs it cannot read, as a file would be. */
export class NotUtf8Error extends Error {}

export interface ReportSource {
  /** A path as given (or under a directory given), or "-" for standard input. */
  name: string;
  text: string;
}

/**
 * The report files under `paths`: files as given, directories searched (sub-directories too,
 * but not through links to directories) for `.json`, `.jsonl` and `.ndjson` files, in name
 * order. What cannot be read is a problem, not the end of the run; a path that does not exist
 * ends it. `stdin(max)` gives standard input, or undefined when it holds more than `max` bytes;
 * it throws NotUtf8Error for text that is not UTF-8.
 */
export function readReportSources(
  paths: readonly string[],
  stdin: (max: number) => string | undefined,
): { sources: ReportSource[]; problems: string[]; notes: string[] } {
  const sources: ReportSource[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  let total = 0;
  let full = false;
  const tooLarge = (name: string) => problems.push(`${name}: larger than the ${REPORT_FILE_MAX_BYTES / 1024 / 1024} MB this command reads from one file; split it`);
  const overRun = (name: string) => {
    problems.push(`${name} and the files after it: not read, past the ${REPORTS_MAX_BYTES / 1024 / 1024} MB this command reads in one run`);
    full = true;
  };
  /** `size` when known before reading (a file), else counted once read (standard input). */
  const take = (name: string, size: number | undefined, read: () => string | undefined) => {
    if (full) return;
    if (size !== undefined && size > REPORT_FILE_MAX_BYTES) return void tooLarge(name);
    if (size !== undefined && total + size > REPORTS_MAX_BYTES) return overRun(name);
    const text = read();
    if (text === undefined) return void tooLarge(name);
    const bytes = size ?? Buffer.byteLength(text);
    if (total + bytes > REPORTS_MAX_BYTES) return overRun(name);
    total += bytes;
    sources.push({ name, text });
  };
  const readFile = (path: string, stat: Stats) => {
    if (!stat.isFile()) {
      problems.push(`${path}: not a regular file`);
      return;
    }
    take(path, stat.size, () => {
      try {
        return readUtf8File(path);
      } catch (e) {
        problems.push(`${path}: cannot read: ${(e as Error).message}`);
        return '';
      }
    });
  };
  const walk = (dir: string): number => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      problems.push(`${dir}: cannot read: ${(e as Error).message}`);
      return 1;
    }
    let found = 0;
    for (const name of names) {
      const path = join(dir, name);
      let stat: Stats;
      let link = false;
      try {
        stat = lstatSync(path);
        if (stat.isSymbolicLink()) {
          link = true;
          stat = statSync(path);
        }
      } catch (e) {
        if (REPORT_FILE.test(name)) {
          problems.push(`${path}: cannot read: ${(e as Error).message}`);
          found++;
        }
        continue;
      }
      // A link to a directory is not followed: a loop would never end.
      if (stat.isDirectory()) found += link ? 0 : walk(path);
      else if (REPORT_FILE.test(name)) {
        readFile(path, stat);
        found++;
      }
    }
    return found;
  };
  for (const path of paths) {
    if (path === '-') {
      take('-', undefined, () => {
        try {
          return stdin(REPORT_FILE_MAX_BYTES);
        } catch (e) {
          if (!(e instanceof NotUtf8Error)) throw e;
          problems.push(`standard input: cannot read: ${e.message}`);
          return '';
        }
      });
      continue;
    }
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch {
      throw new CommandError(`${path}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      if (walk(path) === 0) notes.push(`${path}: no report files (.json, .jsonl or .ndjson) in it`);
    } else readFile(path, stat);
  }
  return { sources, problems, notes };
}

/**
 * The JSON values in `text`, one after another: a file of one report as the webhook sends it
 * (pretty-printed), JSON lines, or bodies appended one after another. Text that is not JSON is
 * reported once, by the line it starts on, and reading goes on at the next line that starts
 * (after any indent) with "{" or "[". A value that starts a line ends, if it was cut short, where
 * the next line starts with "{" or "[" (a body or JSON line of its own: inside a body, lines are
 * indented); a second indented value that never ends stops the file there, reported. So reading
 * stays linear in the input.
 */
export function* jsonValues(input: string): Generator<{ line: number; value?: unknown; error?: string }> {
  // A line break inside a JSON string is not valid JSON anyway, so this changes no value.
  const text = input.replace(/\r\n?/g, '\n');
  const n = text.length;
  let i = 0;
  let line = 1;
  let unclosed = 0;
  const startsValue = (at: number) => text[at] === '{' || text[at] === '[';
  /** From `from`, on `line`, to the start of the next line that starts a value, or the end. */
  const resync = (from: number): number => {
    for (let k = text.indexOf('\n', from); k >= 0; k = text.indexOf('\n', k + 1)) {
      line++;
      let m = k + 1;
      while (text[m] === ' ' || text[m] === '\t' || text[m] === '\uFEFF') m++;
      if (startsValue(m)) return m;
    }
    return n;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\uFEFF') {
      i++;
      continue;
    }
    const startLine = line;
    if (c !== '{' && c !== '[') {
      yield { line: startLine, error: 'not JSON (a report is a JSON object)' };
      i = resync(i);
      continue;
    }
    const atLineStart = i === 0 || text[i - 1] === '\n';
    // Where this value ends: brackets outside strings, counted.
    let depth = 0;
    let inString = false;
    let j = i;
    let cutAt = -1;
    for (; j < n; j++) {
      const d = text[j]!;
      if (d === '\n') {
        line++;
        if (atLineStart && startsValue(j + 1)) {
          cutAt = j + 1;
          break;
        }
      }
      if (inString) {
        if (d === '\\') {
          j++;
          if (text[j] === '\n') line++;
        } else if (d === '"') inString = false;
      } else if (d === '"') inString = true;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (cutAt >= 0) {
      yield { line: startLine, error: 'not valid JSON (it ends before the value does)' };
      i = cutAt;
      continue;
    }
    if (j >= n) {
      unclosed++;
      line = startLine;
      if (unclosed > 1) {
        yield { line: startLine, error: 'a value that never ends; the rest of the file is not read' };
        return;
      }
      yield { line: startLine, error: 'not valid JSON (it ends before the value does)' };
      i = resync(i);
      continue;
    }
    let found: { line: number; value?: unknown; error?: string };
    try {
      found = { line: startLine, value: JSON.parse(text.slice(i, j + 1)) };
    } catch (e) {
      found = { line: startLine, error: `not valid JSON (${(e as Error).message})` };
    }
    yield found;
    i = j + 1;
  }
}

/** A value from a report in a message: as JSON, cut short. */
const shown = (value: unknown) => {
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'missing';
  } catch {
    // Nested too deep to write out again.
    return 'a value it cannot show';
  }
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
};

/** Why `value` is not a report this command reads, or the report. */
export function checkReport(value: unknown): { report: Report } | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a report (a JSON object is expected)' };
  const { format, schemaVersion } = value as { format?: unknown; schemaVersion?: unknown };
  if (format !== REPORT_FORMAT) return { error: `not an Approach Guard report (format ${shown(format)}, expected "${REPORT_FORMAT}")` };
  if (schemaVersion !== REPORT_SCHEMA_VERSION) {
    return { error: `schema version ${shown(schemaVersion)} is not one this command reads (it reads ${REPORT_SCHEMA_VERSION}): update Approach Guard's tools` };
  }
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(report)'}: ${i.message}`);
    const more = parsed.error.issues.length - issues.length;
    return { error: `${issues.join('; ')}${more > 0 ? `; and ${more} more` : ''}` };
  }
  return { report: parsed.data };
}

export interface ReadReport {
  report: Report;
  /** "file:line", and "[i]" for a report inside an array. */
  where: string;
}

export interface ReportsRead {
  reports: ReadReport[];
  /** Reports that arrived more than once (the same idempotency key and content), counted once. */
  repeats: number;
  /** The first PROBLEMS_KEPT inputs that are not reports, by file and line. */
  problems: string[];
  /** How many there were in all. */
  problemCount: number;
}

/** A hostile file can hold millions of bad inputs: the first are named, the rest counted. */
export const PROBLEMS_KEPT = 50;

/**
 * Every valid report in `sources` made from `since` on (ISO time), each once: a report that
 * arrived twice (the extension may deliver one more than once, with the same idempotency key)
 * counts once. The same key with other content is a problem, and the first one read is kept.
 */
export function readReports(sources: readonly ReportSource[], options: { since?: string } = {}): ReportsRead {
  const reports: ReadReport[] = [];
  const problems: string[] = [];
  const byKey = new Map<string, { where: string; body: string }>();
  const since = options.since !== undefined ? Date.parse(options.since) : undefined;
  let repeats = 0;
  let problemCount = 0;
  const problem = (text: string) => {
    if (problemCount++ < PROBLEMS_KEPT) problems.push(text);
  };
  for (const source of sources) {
    for (const { line, value, error } of jsonValues(source.text)) {
      const at = `${source.name}:${line}`;
      if (error !== undefined) {
        problem(`${at}: ${error}`);
        continue;
      }
      const items = Array.isArray(value) ? value.map((v, k) => ({ v, where: `${at}[${k}]` })) : [{ v: value, where: at }];
      for (const { v, where } of items) {
        const checked = checkReport(v);
        if ('error' in checked) {
          problem(`${where}: ${checked.error}`);
          continue;
        }
        const { report } = checked;
        // Reports from before the period are left out whole: not counted, not compared.
        if (since !== undefined && Date.parse(report.createdAt) < since) continue;
        const body = JSON.stringify(report);
        // Keys are UUIDs, the same in either case (the endpoint stores them in lower case).
        const key = report.idempotencyKey.toLowerCase();
        const seen = byKey.get(key);
        if (seen) {
          if (seen.body === body) repeats++;
          else problem(`${where}: the same idempotencyKey as ${seen.where} with other content; the first is counted`);
          continue;
        }
        byKey.set(key, { where, body });
        reports.push({ report, where });
      }
    }
  }
  return { reports, repeats, problems, problemCount };
}

/** The profiles and entity ids the packs checked hold. */
export interface ListedProfiles {
  packs: string[];
  /** By the profile key the extension matches on (`profileSlug`). */
  bySlug: Map<string, { pack: string; entity: string }>;
  ids: Set<string>;
}

/** The profiles the packs at `files` list (built pack JSON, as the extension takes them). */
export function listedProfiles(files: ReadonlyArray<{ name: string; json: string }>, warn: (s: string) => void): ListedProfiles {
  const listed: ListedProfiles = { packs: [], bySlug: new Map(), ids: new Set() };
  for (const { name, json } of files) {
    let data: unknown;
    try {
      data = JSON.parse(json.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new CommandError(`cannot read pack ${name}: ${(e as Error).message}`);
    }
    let entities: Entity[];
    let label: string;
    try {
      const { pack, skipped } = loadPack(data);
      for (const s of skipped) if (s.entity) warn(`${name}: skipped entity ${s.entity}: ${s.path}: ${s.message}`);
      entities = pack.entities ?? [];
      label = `${pack.id} ${pack.version}`;
    } catch (e) {
      if (e instanceof PackError) throw new CommandError(`${name}: ${e.message}: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      throw e;
    }
    listed.packs.push(label);
    for (const entity of entities) {
      listed.ids.add(entity.id);
      for (const url of entity.profileUrls ?? []) {
        const slug = profileSlug(url);
        if (slug !== undefined && !listed.bySlug.has(slug)) listed.bySlug.set(slug, { pack: label, entity: entity.id });
      }
    }
  }
  return listed;
}

/**
 * The `/in/<id>` part of a LinkedIn member address as written (percent-encoding and case kept),
 * on any LinkedIn host and port, as the extension takes them; undefined for anything else.
 */
function memberId(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !LINKEDIN_HOST.test(parsed.hostname)) return undefined;
  // As the extension reads it (profileSlug): "/IN/" is the same path on LinkedIn.
  return /^\/in\/([^/]+)/i.exec(parsed.pathname)?.[1];
}

/** The canonical address of a member id as written. */
const memberUrl = (raw: string) => `https://www.linkedin.com/in/${raw}/`;

/** Who a report is about, as one key: the extension's profile key, else the link, else the name. */
function senderKey(report: Report): { key: string; url?: string; raw?: string } | undefined {
  const url = report.sender.profileUrl;
  if (url) {
    const raw = memberId(url);
    const slug = raw !== undefined ? profileSlug(memberUrl(raw)) : undefined;
    if (raw !== undefined && slug) return { key: `in:${slug}`, raw };
    const link = normaliseProfileUrl(url)?.url ?? url;
    return { key: `link:${link}`, url: link };
  }
  const name = report.sender.name?.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return name ? { key: `name:${name}` } : undefined;
}

/** What the reports say about one person. */
export interface Reported {
  /**
   * The member profile address, in the form most of the reports give (host and trailing slash
   * made canonical; case and percent-encoding kept); or, for `kind: 'link'`, the other address.
   */
  profileUrl?: string;
  kind: 'member' | 'link' | 'name';
  /** The profile id that address gives, decoded: what LinkedIn shows in it. */
  profileId?: string;
  /** Other forms of the id the reports give (decoded) that the extension takes for the same profile. */
  otherIds?: string[];
  /**
   * An id with characters other than ASCII letters, digits, "-", "_" and ".", or ids that differ
   * other than in case: one may imitate another, since the extension folds look-alike letters.
   */
  unusualId?: boolean;
  /** Names the reports give, the most frequent first. */
  names: string[];
  headlines: string[];
  reports: number;
  first: string;
  last: string;
  highestLevel: Level;
  topScore: number;
  /** Canonical order; how many reports named each. */
  indicators: Array<[IndicatorId, number]>;
  surfaces: Array<[Surface, number]>;
  packVersions: string[];
  /** The reporters' notes, the latest first. */
  notes: string[];
  withExcerpts: number;
  /** The reports' idempotency keys, oldest first: the team's reference to each. */
  keys: string[];
  /** The pack and entity that list this profile already. */
  listed?: { pack: string; entity: string };
}

export interface Tally {
  reports: number;
  repeats: number;
  first?: string;
  last?: string;
  people: Reported[];
  /** Reports naming no sender at all (neither a profile nor a name). */
  anonymous: number;
}

const byCount = <T>(counts: Map<T, number>): T[] => [...counts].sort((a, b) => b[1] - a[1]).map(([k]) => k);
const bump = <T>(counts: Map<T, number>, key: T) => counts.set(key, (counts.get(key) ?? 0) + 1);
const time = (iso: string) => Date.parse(iso);

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Groups reports by the person reported: by the profile key the extension matches on (any
 * LinkedIn host, case, percent-encoding, look-alike letters), else by the address, else by name.
 * Most reported first, then the most recently reported.
 */
export function tallyReports(read: ReportsRead, listed?: ListedProfiles): Tally {
  interface Group {
    reports: Report[];
    url?: string;
    forms: Map<string, number>;
    kind: Reported['kind'];
    slug?: string;
  }
  const groups = new Map<string, Group>();
  let anonymous = 0;
  const ordered = [...read.reports].sort((a, b) => time(a.report.createdAt) - time(b.report.createdAt));
  for (const { report } of ordered) {
    const who = senderKey(report);
    if (!who) {
      anonymous++;
      continue;
    }
    const group: Group = groups.get(who.key) ?? { reports: [], forms: new Map(), kind: who.key.startsWith('in:') ? 'member' : who.key.startsWith('link:') ? 'link' : 'name' };
    group.reports.push(report);
    if (who.url) group.url = who.url;
    if (who.raw !== undefined) bump(group.forms, who.raw);
    if (who.key.startsWith('in:')) group.slug = who.key.slice(3);
    groups.set(who.key, group);
  }
  const people: Reported[] = [];
  for (const group of groups.values()) {
    const { reports } = group;
    const names = new Map<string, number>();
    const headlines = new Map<string, number>();
    const indicators = new Map<IndicatorId, number>();
    const surfaces = new Map<Surface, number>();
    const packs = new Set<string>();
    let highestLevel: Level = 'none';
    let topScore = 0;
    for (const r of reports) {
      if (r.sender.name?.trim()) bump(names, r.sender.name.trim());
      if (r.sender.headline?.trim()) bump(headlines, r.sender.headline.trim());
      for (const id of new Set(r.verdict.indicators)) bump(indicators, id);
      bump(surfaces, r.surface);
      packs.add(r.packVersion);
      if (levelRank(r.verdict.level) > levelRank(highestLevel)) highestLevel = r.verdict.level;
      topScore = Math.max(topScore, r.verdict.score);
    }
    const person: Reported = {
      kind: group.kind,
      names: byCount(names),
      headlines: byCount(headlines),
      reports: reports.length,
      first: reports[0]!.createdAt,
      last: reports[reports.length - 1]!.createdAt,
      highestLevel,
      topScore,
      indicators: INDICATOR_IDS.filter((id) => indicators.has(id)).map((id) => [id, indicators.get(id)!]),
      surfaces: SURFACES.filter((s) => surfaces.has(s)).map((s) => [s, surfaces.get(s)!]),
      packVersions: [...packs].sort(),
      notes: reports.flatMap((r) => (r.note !== undefined ? [r.note] : [])).reverse(),
      withExcerpts: reports.filter((r) => r.excerpts !== undefined).length,
      keys: reports.map((r) => r.idempotencyKey),
    };
    if (group.url) person.profileUrl = group.url;
    if (group.forms.size > 0) {
      // The form most reports give (the earliest among equals): one report cannot choose it.
      const forms = byCount(group.forms);
      person.profileUrl = memberUrl(forms[0]!);
      person.profileId = decoded(forms[0]!);
      const ids = forms.map(decoded);
      const others = [...new Set(ids.slice(1).filter((id) => id !== person.profileId))];
      if (others.length > 0) person.otherIds = others;
      person.unusualId = ids.some((id) => !/^[A-Za-z0-9_.-]+$/.test(id)) || new Set(ids.map((id) => id.toLowerCase())).size > 1;
    }
    const hit = group.slug !== undefined ? listed?.bySlug.get(group.slug) : undefined;
    if (hit) person.listed = hit;
    people.push(person);
  }
  people.sort((a, b) => b.reports - a.reports || time(b.last) - time(a.last));
  const tally: Tally = { reports: read.reports.length, repeats: read.repeats, people, anonymous };
  if (ordered.length > 0) {
    tally.first = ordered[0]!.report.createdAt;
    tally.last = ordered[ordered.length - 1]!.report.createdAt;
  }
  return tally;
}

const day = (iso: string) => iso.slice(0, 10);
const span = (first: string, last: string) => (day(first) === day(last) ? day(first) : `${day(first)} to ${day(last)}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** At most `max` UTF-16 units, never half of a character. */
const upTo = (text: string, max: number) => {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, end);
};
const listOf = (items: readonly string[], max: number) => `${items.slice(0, max).join(', ')}${items.length > max ? ` and ${items.length - max} more` : ''}`;

/** What can happen to a person reported, for the summary and the entries. */
function standing(p: Reported): string {
  if (p.listed) return `already listed: ${safeText(p.listed.entity)} in ${safeText(p.listed.pack)}`;
  if (p.kind === 'name') return 'no profile link in the reports: cannot be listed';
  if (p.kind === 'link') return 'not a LinkedIn member profile address: cannot be listed';
  if (p.unusualId) return 'not listed; the profile id has letters other than plain Latin ones, or is written in more than one way, and may imitate another profile: check it by hand';
  return 'not listed by these packs';
}

/** The summary for people: the most reported first, each with what the reports say. */
export function renderSummary(tally: Tally, listed: ListedProfiles): string {
  const out: string[] = [];
  const when = tally.first && tally.last ? `, ${day(tally.first)} to ${day(tally.last)}` : '';
  const repeats = tally.repeats > 0 ? ` (and ${plural(tally.repeats, 'repeat')} of them, counted once)` : '';
  out.push(`${plural(tally.reports, 'report')}${repeats}${when}, about ${plural(tally.people.length, 'person', 'people')}.`);
  if (tally.anonymous > 0) out.push(`${plural(tally.anonymous, 'report')} ${tally.anonymous === 1 ? 'names' : 'name'} no sender and ${tally.anonymous === 1 ? 'is' : 'are'} left out.`);
  out.push(`Listed profiles checked against: ${listed.packs.map(safeText).join(', ')}.`);
  const indent = ' '.repeat(12);
  for (const p of tally.people) {
    out.push('');
    const name = p.names[0] !== undefined ? safeText(p.names[0]) : '(no name given)';
    out.push(`${plural(p.reports, 'report').padEnd(11)} ${p.highestLevel} (score ${p.topScore})  ${name}`);
    if (p.names.length > 1) out.push(`${indent}also named: ${p.names.slice(1).map(safeText).join(', ')}`);
    if (p.profileUrl) out.push(`${indent}${safeText(p.profileUrl)}${p.profileId !== undefined && p.profileUrl.includes('%') ? ` (id: ${safeText(p.profileId)})` : ''}`);
    if (p.otherIds) out.push(`${indent}also written as: ${p.otherIds.map(safeText).join(', ')}`);
    if (p.headlines[0]) out.push(`${indent}${safeText(p.headlines[0])}`);
    out.push(`${indent}${span(p.first, p.last)}; ${p.surfaces.map(([s, n]) => `${s} ${n}`).join(', ')}`);
    out.push(`${indent}${p.indicators.length > 0 ? p.indicators.map(([id, n]) => `${id} ${n}`).join(', ') : 'no warning signs'}`);
    for (const note of p.notes.slice(0, 3)) out.push(`${indent}note: ${safeText(truncateText(note, 300))}`);
    if (p.notes.length > 3) out.push(`${indent}and ${plural(p.notes.length - 3, 'more note')}`);
    if (p.withExcerpts > 0) out.push(`${indent}${plural(p.withExcerpts, 'report')} with excerpts`);
    out.push(`${indent}reports: ${listOf(p.keys, 3)}`);
    out.push(`${indent}${standing(p)}`);
  }
  return out.join('\n');
}

/** The summary as JSON, for scripts: the same figures, one object, printable as it is. */
export function summaryJson(tally: Tally, listed: ListedProfiles): string {
  return safeJson({
    reports: tally.reports,
    repeats: tally.repeats,
    first: tally.first ?? null,
    last: tally.last ?? null,
    anonymous: tally.anonymous,
    packs: listed.packs,
    people: tally.people.map((p) => ({
      profileUrl: p.profileUrl ?? null,
      kind: p.kind,
      profileId: p.profileId ?? null,
      otherIds: p.otherIds ?? [],
      unusualId: p.unusualId ?? false,
      names: p.names,
      headlines: p.headlines,
      reports: p.reports,
      first: p.first,
      last: p.last,
      highestLevel: p.highestLevel,
      topScore: p.topScore,
      indicators: Object.fromEntries(p.indicators),
      surfaces: Object.fromEntries(p.surfaces),
      packVersions: p.packVersions,
      notes: p.notes,
      withExcerpts: p.withExcerpts,
      keys: p.keys,
      listed: p.listed ?? null,
    })),
  });
}

/**
 * One spreadsheet cell of report text, quoted as RFC 4180 has it. Hidden characters are escaped
 * as in the text summary, line breaks included: the only line breaks in a cell are those between
 * the items of a list, one item a line. A cell a spreadsheet would read as a formula (starting with
 * "=", "+", "-" or "@", or their full-width forms) starts with an apostrophe instead, as OWASP
 * advises against CSV injection: a report's text is the sender's, or anyone's who can post to
 * the endpoint.
 */
function csvCell(value: string | readonly string[]): string {
  const text = (typeof value === 'string' ? [value] : value).map(safeText).join('\n');
  return `"${(/^[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
}

const counted = (list: ReadonlyArray<[string, number]>) => list.map(([id, n]) => `${id}: ${n}`);

/** The CSV summary's columns, in the order of the text summary, each with its cell for a person. */
const CSV_COLUMNS: ReadonlyArray<[string, (p: Reported) => string]> = [
  ['reports', (p) => String(p.reports)],
  ['highest_level', (p) => csvCell(p.highestLevel)],
  ['top_score', (p) => String(p.topScore)],
  ['name', (p) => csvCell(p.names[0] ?? '')],
  ['other_names', (p) => csvCell(p.names.slice(1))],
  ['profile_url', (p) => csvCell(p.profileUrl ?? '')],
  ['profile_id', (p) => csvCell(p.profileId ?? '')],
  ['other_ids', (p) => csvCell(p.otherIds ?? [])],
  ['check_id_by_hand', (p) => (p.unusualId ? 'yes' : 'no')],
  ['headline', (p) => csvCell(p.headlines[0] ?? '')],
  ['first_report', (p) => csvCell(p.first)],
  ['last_report', (p) => csvCell(p.last)],
  ['surfaces', (p) => csvCell(counted(p.surfaces))],
  ['warning_signs', (p) => csvCell(counted(p.indicators))],
  ['notes', (p) => csvCell(p.notes)],
  ['reports_with_excerpts', (p) => String(p.withExcerpts)],
  ['report_keys', (p) => csvCell(p.keys)],
  ['listed_in_pack', (p) => csvCell(p.listed?.pack ?? '')],
  ['listed_entity', (p) => csvCell(p.listed?.entity ?? '')],
];

/**
 * The summary as CSV for a spreadsheet: a header, then a row for each person (most reported
 * first), the same figures as the JSON. Lists are one item a line within their cell, counts
 * written "name: count". Lines end in CRLF; UTF-8 without a byte-order mark.
 */
export function summaryCsv(tally: Tally): string {
  const header = CSV_COLUMNS.map(([name]) => name).join(',');
  const rows = tally.people.map((p) => CSV_COLUMNS.map(([, cell]) => cell(p)).join(','));
  return [header, ...rows].map((row) => `${row}\r\n`).join('');
}

export interface EntityOptions {
  /** Only people reported at least this many times. */
  minReports: number;
  /** The first part of each entity id: the organisation's own, so ids never clash with the baseline's. */
  idPrefix: string;
  /** Who flags them, as the extension will show it ("Flagged by …"). */
  flaggedBy: string;
  /** The source, as the extension will show it ("Source: …"). */
  source: string;
  /** Profiles the team reviewed and does not list, by profile key (`parseSkipList`). */
  skip: ReadonlySet<string>;
}

/** Ids and profiles already taken: by the packs checked and by the file the entries are added to. */
export interface Taken {
  ids: Set<string>;
  slugs: Set<string>;
}

export interface NewEntry {
  entity: Entity;
  person: Reported;
}

export interface EntitiesResult {
  entries: NewEntry[];
  left: { listed: number; inFile: number; skipped: number; noLink: number; fewer: number; unusual: number; tooLong: number; invalid: number; unreadable: number };
  /** Profiles whose entry the engine could not compile, each with why: to list by hand. */
  unreadable: Array<{ profileUrl: string; problem: string }>;
}

/** Strings for a pack: no hidden characters (they would hide in an editor), spaces collapsed. */
const packText = (text: string) =>
  text
    .replace(MAYBE_HIDDEN, (c) => (isHidden(c.codePointAt(0)!) ? ' ' : c))
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A name as the engine can match it: without the words that hold no letter or digit ("Jane Doe
 * 🌟", "Li Wei – Recruiter"), which the engine refuses in an entity's name. A sender chooses their
 * own name, and must not break the build of the pack that lists them.
 */
const matchableName = (text: string) =>
  text
    .split(' ')
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .join(' ');

/** Why the engine would skip `entity` in a pack, or undefined: what the build would refuse. */
function compileProblem(entity: Entity): string | undefined {
  const pack: RulePack = { format: 1, id: 'reported', name: 'Reported profiles', version: '1', publisher: 'reports entities', published: '2026-01-01', rules: [], entities: [entity] };
  return compile(pack).errors[0]?.message;
}

/**
 * An entry's id: the prefix, then the profile id in lower case, "-" for anything else. Stable from
 * one run to the next; an id another profile holds gets a short digest of this one's key.
 */
function entityId(prefix: string, profileId: string, slug: string, taken: Taken): string | undefined {
  const room = 80 - prefix.length - 1;
  const part = (profileId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'profile').slice(0, room).replace(/-+$/, '');
  const plain = `${prefix}.${part}`;
  if (!taken.ids.has(plain)) return plain;
  const digest = createHash('sha256').update(slug).digest('hex').slice(0, 8);
  const marked = `${prefix}.${part.slice(0, room - 9).replace(/-+$/, '')}-${digest}`;
  return taken.ids.has(marked) ? undefined : marked;
}

/**
 * Flagged-profile entries for an organisation pack, one per reported member profile that no pack
 * and no entry before lists: matched by the profile address the reports give (the form LinkedIn
 * showed the reporter), and by name only in sender fields (`matchInText: false`): a name alone is
 * a weak cue, and user reports are not a published finding. Each entry passes the pack schema;
 * `taken` gains the ids and profiles given out.
 */
export function reportedEntities(tally: Tally, options: EntityOptions, taken: Taken): EntitiesResult {
  const entries: NewEntry[] = [];
  const left = { listed: 0, inFile: 0, skipped: 0, noLink: 0, fewer: 0, unusual: 0, tooLong: 0, invalid: 0, unreadable: 0 };
  const unreadable: EntitiesResult['unreadable'] = [];
  for (const p of tally.people) {
    const slug = p.profileUrl !== undefined && p.kind === 'member' ? profileSlug(p.profileUrl) : undefined;
    if (p.listed) left.listed++;
    else if (slug === undefined || p.profileId === undefined) left.noLink++;
    else if (taken.slugs.has(slug)) left.inFile++;
    else if (options.skip.has(slug)) left.skipped++;
    else if (p.reports < options.minReports) left.fewer++;
    else if (p.unusualId) left.unusual++;
    else if (p.profileUrl!.length > 500) left.tooLong++;
    else {
      const id = entityId(options.idPrefix, p.profileId, slug, taken);
      const name = matchableName(upTo(packText(p.names[0] ?? ''), 200));
      const headline = p.headlines[0] ? upTo(packText(p.headlines[0]), 500) : '';
      const candidate: Entity = {
        id: id ?? '',
        name: name.length >= 2 ? name : upTo(`LinkedIn member ${p.profileId}`, 200),
        type: 'persona',
        profileUrls: [p.profileUrl!],
        matchInText: false,
        ...(headline ? { claimedRole: headline } : {}),
        flaggedBy: upTo(packText(options.flaggedBy), 500),
        source: upTo(packText(options.source), 1000),
        confidence: 'user reports',
        notes: upTo([
          `${plural(p.reports, 'report')}, ${span(p.first, p.last)}; highest level ${p.highestLevel} (score ${p.topScore}).`,
          p.indicators.length > 0 ? `Warning signs: ${p.indicators.map(([i, n]) => `${i} ${n}`).join(', ')}.` : '',
          `Seen in: ${p.surfaces.map(([s, n]) => `${s} ${n}`).join(', ')}.`,
          p.names.length > 1 ? `Also named: ${p.names.slice(1).map(packText).join(', ')}.` : '',
        ]
          .filter(Boolean)
          .join(' '), 2000),
      };
      const checked = id === undefined ? undefined : entitySchema.safeParse(candidate);
      if (!checked?.success) {
        left.invalid++;
        continue;
      }
      const problem = compileProblem(checked.data);
      if (problem !== undefined) {
        left.unreadable++;
        unreadable.push({ profileUrl: p.profileUrl!, problem });
        continue;
      }
      taken.ids.add(checked.data.id);
      taken.slugs.add(slug);
      entries.push({ entity: checked.data, person: p });
    }
  }
  return { entries, left, unreadable };
}

/**
 * The profiles a team reviewed and does not list: one LinkedIn profile address a line, with
 * blank lines and "#" comments. A line that is not one is an error with its number.
 */
export function parseSkipList(text: string, name: string): Set<string> {
  const skip = new Set<string>();
  text.split(/\r\n?|\n/).forEach((written, i) => {
    const line = written.replace(/#.*$/, '').trim();
    if (line === '') return;
    const raw = memberId(line);
    const slug = raw !== undefined ? profileSlug(memberUrl(raw)) : undefined;
    if (!slug) throw new CommandError(`${name}:${i + 1}: not a LinkedIn profile address (https://www.linkedin.com/in/…)`);
    skip.add(slug);
  });
  return skip;
}

/** An entities file this command wrote (or one like it) to add to, and what it lists. */
export interface EntitiesFile {
  /** As read. */
  text: string;
  /** Without a byte-order mark: what `doc` was parsed from, line ends as they are. */
  normalised: string;
  doc: Document;
  /** Its entries as data, to check that adding to it changed none of them. */
  data: unknown[];
  ids: string[];
  slugs: string[];
}

/**
 * Reads an existing entities file to add to. Anything but a YAML mapping whose only key is
 * `entities`, a list or nothing, of entries that each have an id, is refused: the file is left as
 * it is.
 */
export function readEntitiesFile(text: string, name: string): EntitiesFile {
  const refuse = (why: string): never => {
    throw new CommandError(`${name}: ${why}; it is left as it is (give another --out)`);
  };
  const normalised = text.replace(/^\uFEFF/, '');
  const doc = parseDocument(normalised, { uniqueKeys: true });
  if (doc.errors.length > 0) refuse(`not YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  const contents = doc.contents;
  if (!isMap(contents)) refuse('not an entities file (a mapping with "entities")');
  const map = contents as Exclude<typeof contents, null> & { items: Array<{ key: unknown }> };
  const keys = map.items.map((pair) => String((pair.key as { value?: unknown } | null)?.value ?? pair.key));
  if (keys.length !== 1 || keys[0] !== 'entities') refuse(`holds ${keys.map((k) => `"${k}"`).join(', ') || 'nothing'}, not "entities" alone`);
  const list = doc.get('entities', true);
  if (!isSeq(list) && !(isScalar(list) && list.value === null)) refuse('"entities" is not a list');
  let data: unknown[];
  try {
    data = (doc.toJS({ maxAliasCount: 100 }) as { entities?: unknown[] | null }).entities ?? [];
  } catch (e) {
    return refuse(`cannot be read as data (${(e as Error).message})`);
  }
  const ids: string[] = [];
  const slugs: string[] = [];
  data.forEach((entry, i) => {
    const e = entry as { id?: unknown; profileUrls?: unknown } | null;
    if (typeof e?.id !== 'string') refuse(`entry ${i + 1} has no id`);
    ids.push(e!.id as string);
    if (Array.isArray(e?.profileUrls)) for (const url of e.profileUrls) if (typeof url === 'string' && profileSlug(url)) slugs.push(profileSlug(url)!);
  });
  return { text, normalised, doc, data, ids, slugs };
}

/** The comment above an entry: the reports behind it, for the team (not part of the built pack). */
const entryComment = (p: Reported) => ` ${plural(p.reports, 'report')}, ${span(p.first, p.last)}: ${p.keys.join(', ')}`;

/** Adds each entry to `list`, under the comment naming its reports. */
function addEntries(doc: Document, list: YAMLSeq, entries: readonly NewEntry[]): void {
  for (const { entity, person } of entries) {
    const node = doc.createNode(entity);
    node.commentBefore = entryComment(person);
    list.add(node);
  }
}

/** New entries as a YAML block list, each under its comment, with its dashes at `indent` spaces. */
function entryLines(entries: readonly NewEntry[], indent: number): string {
  const doc = new Document({ entities: [] });
  const list = doc.get('entities', true) as YAMLSeq;
  list.flow = false;
  addEntries(doc, list, entries);
  // The library puts a list in a mapping two spaces in; each line moves to the indent asked for.
  const lines = doc.toString({ lineWidth: 0 }).split('\n').slice(1);
  return lines.map((line) => (line === '' ? line : `${' '.repeat(indent)}${line.slice(2)}`)).join('\n');
}

/**
 * The entries as YAML for an organisation pack's sources. Added to `file` when given: appended to
 * its text, so its entries, comments and layout stay byte for byte (new lines take its line
 * ends; its byte-order mark stays); a list written inline is rewritten, comments kept. Else a new
 * file with a header saying what to do. Undefined when there is nothing to add to `file`.
 */
export function entitiesYaml(entries: readonly NewEntry[], file: EntitiesFile | undefined, header: { today: string; minReports: number; packs: string[] }): string | undefined {
  if (!file) {
    const comment = [
      ` Profiles reported to the security team, written by "approach-guard reports entities" on ${header.today},`,
      ` each reported at least ${plural(header.minReports, 'time')} and listed by no pack checked (${header.packs.map(packText).join(', ')}).`,
      ' Review every entry before you publish it: a report is one user\'s judgement (or anyone\'s who can',
      ' reach the webhook), and a listed profile warns every user it writes to. Keep this file among',
      ' your pack\'s sources, then build and sign the pack (rules/README.md, "Signing a pack"). To add',
      ' later reports, run the command again with the same --out: it adds to this file.',
    ];
    const body = entries.length > 0 ? `entities:\n${entryLines(entries, 2)}` : 'entities: []\n';
    return `${comment.map((line) => `#${line}`).join('\n')}\n\n${body}`;
  }
  if (entries.length === 0) return undefined;
  const bom = file.text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = file.normalised;
  // New lines end as the file's last line does.
  const newline = /\r\n[^\n]*$/.test(text) || (!text.includes('\n') && text.includes('\r\n')) ? '\r\n' : '\n';
  const ending = (out: string) => (newline === '\r\n' ? out.replace(/\n/g, '\r\n') : out);
  const wanted = [...file.ids, ...entries.map((e) => e.entity.id)];
  const before = JSON.stringify(file.data);
  /** The result reads as the entries before, unchanged, then the new ones. */
  const holds = (out: string) => {
    const doc = parseDocument(out, { uniqueKeys: true });
    if (doc.errors.length > 0) return false;
    const read = (doc.toJS({ maxAliasCount: 100 }) as { entities?: Array<{ id?: unknown }> | null }).entities ?? [];
    return JSON.stringify(read.slice(0, file.data.length)) === before && read.length === wanted.length && read.every((e, i) => e?.id === wanted[i]);
  };
  const withEnd = text === '' || text.endsWith('\n') ? text : `${text}${newline}`;
  const list = file.doc.get('entities', true);
  // A block list: the new entries go at the end, at the indent of the first entry's dash.
  if (isSeq(list) && !list.flow && list.items.length > 0) {
    const start = (list.items[0] as { range?: [number, number, number] }).range?.[0];
    const lineStart = start === undefined ? -1 : text.lastIndexOf('\n', start - 1) + 1;
    const dash = lineStart < 0 ? -1 : text.slice(lineStart, start).indexOf('-');
    if (dash >= 0) {
      const appended = `${withEnd}${ending(entryLines(entries, dash))}`;
      if (holds(appended)) return `${bom}${appended}`;
    }
  }
  // No entries yet (`entities:`, `entities: ~`, `entities: []`): the key's line keeps its comment and
  // the entries follow it, at the end of the file.
  const empty = /^entities:[ \t]*(?:~|null|\[[ \t]*\])?[ \t]*(#[^\r\n]*)?(?=\r?\n|$)/m.exec(text);
  if (empty && !isSeq(list) || (isSeq(list) && list.items.length === 0 && empty)) {
    const keyLine = `entities:${empty![1] ? ` ${empty![1]}` : ''}`;
    const replaced = `${text.slice(0, empty!.index)}${keyLine}${text.slice(empty!.index + empty![0].length)}`;
    const appended = `${replaced === '' || replaced.endsWith('\n') ? replaced : `${replaced}${newline}`}${ending(entryLines(entries, 2))}`;
    if (holds(appended)) return `${bom}${appended}`;
  }
  // Otherwise the whole file again, through the YAML library: its comments stay, its layout may not.
  const doc = file.doc.clone();
  let seq = doc.get('entities', true);
  if (!isSeq(seq)) {
    doc.set('entities', doc.createNode([]));
    seq = doc.get('entities', true);
  }
  const target = seq as YAMLSeq;
  target.flow = false;
  addEntries(doc, target, entries);
  const rewritten = ending(doc.toString({ lineWidth: 0 }));
  if (!holds(rewritten)) throw new CommandError('the entries could not be added to the file; it is left as it is');
  return `${bom}${rewritten}`;
}
