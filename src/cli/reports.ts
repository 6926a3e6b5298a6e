// `approach-guard reports`: what a security team's webhook received, counted by the person
// reported, and turned into flagged-profile entries for the organisation's own pack. That closes
// the loop the extension opens: users report a profile, the team confirms it, and a signed pack
// flags it for every user, including those it wrote to before (the popup's notice).
//
// Every report is untrusted input (anyone who can reach the endpoint can post one, and reports
// quote LinkedIn): each is checked against the strict schema the extension sends with, and
// nothing from a report reaches the terminal with its control or direction characters.
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { profileSlug } from '../engine/compile';
import { INDICATOR_IDS, levelRank, SURFACES, type IndicatorId, type Level, type Surface } from '../engine/types';
import { loadPack, PackError } from '../pack/load';
import { entitySchema, type Entity } from '../pack/schema';
import { REPORT_FORMAT, REPORT_SCHEMA_VERSION, reportSchema, type Report } from '../report/schema';
import { normaliseProfileUrl } from '../settings/profile-url';
import { CommandError } from './pack-file';

/** Larger files are refused: a webhook's store of a year of reports is far smaller. */
export const REPORT_FILE_MAX_BYTES = 64 * 1024 * 1024;
/** The file names read from a directory. */
const REPORT_FILE = /\.(json|jsonl|ndjson)$/i;

export interface ReportSource {
  /** A path as given (or under a directory given), or "-" for standard input. */
  name: string;
  text: string;
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
  problems: string[];
}

/**
 * The report files under `paths`: files as given, directories searched (sub-directories too) for
 * `.json`, `.jsonl` and `.ndjson` files, in name order. A file that cannot be read is a problem,
 * not the end of the run; a path that does not exist ends it.
 */
export function readReportSources(paths: readonly string[], stdin: () => string): { sources: ReportSource[]; problems: string[]; notes: string[] } {
  const sources: ReportSource[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  const readOne = (path: string) => {
    try {
      const size = statSync(path).size;
      if (size > REPORT_FILE_MAX_BYTES) {
        problems.push(`${path}: ${(size / 1024 / 1024).toFixed(1)} MB, larger than the ${REPORT_FILE_MAX_BYTES / 1024 / 1024} MB this command reads; split it`);
        return;
      }
      sources.push({ name: path, text: readFileSync(path, 'utf8') });
    } catch (e) {
      problems.push(`${path}: cannot read: ${(e as Error).message}`);
    }
  };
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      problems.push(`${dir}: cannot read: ${(e as Error).message}`);
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      // Links to directories are not followed (a loop would never end); links to files are read.
      let link: Stats;
      try {
        link = lstatSync(path);
      } catch {
        continue;
      }
      const stat = link.isSymbolicLink() ? safeStat(path) : link;
      if (!stat) continue;
      if (stat.isDirectory() && !link.isSymbolicLink()) walk(path);
      else if (stat.isFile() && REPORT_FILE.test(name)) readOne(path);
    }
  };
  for (const path of paths) {
    if (path === '-') {
      sources.push({ name: '-', text: stdin() });
      continue;
    }
    const stat = safeStat(path);
    if (!stat) throw new CommandError(`${path}: no such file or directory`);
    if (stat.isDirectory()) {
      const before = sources.length + problems.length;
      walk(path);
      if (sources.length + problems.length === before) notes.push(`${path}: no report files (.json, .jsonl or .ndjson) in it`);
    } else readOne(path);
  }
  return { sources, problems, notes };
}

function safeStat(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The JSON values in `text`, one after another: a file of one report as the webhook sends it
 * (pretty-printed), JSON lines, or bodies appended one after another. Text that is not JSON, or a
 * value cut short, is reported once, by the line it starts on, and reading goes on at the next
 * line that starts with "{" or "[" (where the next body or JSON line begins).
 */
export function jsonValues(text: string): Array<{ line: number; value?: unknown; error?: string }> {
  const out: Array<{ line: number; value?: unknown; error?: string }> = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  /** From `from`, on `line`, to the start of the next line that starts a value. */
  const resync = (from: number): number => {
    for (let k = text.indexOf('\n', from); k >= 0; k = text.indexOf('\n', k + 1)) {
      line++;
      if (text[k + 1] === '{' || text[k + 1] === '[') return k + 1;
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
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const startLine = line;
    if (c !== '{' && c !== '[') {
      out.push({ line: startLine, error: 'not JSON (a report is a JSON object)' });
      i = resync(i);
      continue;
    }
    // Finds where this value ends: brackets outside strings, counted.
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < n; j++) {
      const d = text[j]!;
      if (d === '\n') line++;
      if (inString) {
        if (d === '\\') j++;
        else if (d === '"') inString = false;
      } else if (d === '"') inString = true;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    try {
      out.push({ line: startLine, value: JSON.parse(text.slice(i, j + 1)) });
      i = j + 1;
    } catch (e) {
      out.push({ line: startLine, error: j < n ? `not valid JSON (${(e as Error).message})` : 'not valid JSON (it ends before the value does)' });
      line = startLine;
      i = resync(i);
    }
  }
  return out;
}

/** A value from a report in a message: as JSON, cut short. */
const shown = (value: unknown) => {
  const json = JSON.stringify(value) ?? 'missing';
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

/**
 * Every valid report in `sources`, each once: a report that arrived twice (the extension may
 * deliver one more than once, with the same idempotency key) counts once. The same key with
 * other content is a problem, and the first one read is kept.
 */
export function readReports(sources: readonly ReportSource[], options: { since?: string } = {}): ReportsRead {
  const reports: ReadReport[] = [];
  const problems: string[] = [];
  const byKey = new Map<string, { where: string; body: string }>();
  let repeats = 0;
  for (const source of sources) {
    for (const { line, value, error } of jsonValues(source.text)) {
      const at = `${source.name}:${line}`;
      if (error !== undefined) {
        problems.push(`${at}: ${error}`);
        continue;
      }
      const items = Array.isArray(value) ? value.map((v, k) => ({ v, where: `${at}[${k}]` })) : [{ v: value, where: at }];
      for (const { v, where } of items) {
        const checked = checkReport(v);
        if ('error' in checked) {
          problems.push(`${where}: ${checked.error}`);
          continue;
        }
        const { report } = checked;
        const body = JSON.stringify(report);
        const seen = byKey.get(report.idempotencyKey);
        if (seen) {
          if (seen.body === body) repeats++;
          else problems.push(`${where}: the same idempotencyKey as ${seen.where} with other content; the first is counted`);
          continue;
        }
        byKey.set(report.idempotencyKey, { where, body });
        if (options.since !== undefined && Date.parse(report.createdAt) < Date.parse(options.since)) continue;
        reports.push({ report, where });
      }
    }
  }
  return { reports, repeats, problems };
}

/** A profile a pack already lists, by the profile key the extension matches on. */
export interface ListedProfiles {
  packs: string[];
  bySlug: Map<string, { pack: string; entity: string }>;
}

/** The profiles the packs at `files` list (built pack JSON, as the extension takes them). */
export function listedProfiles(files: ReadonlyArray<{ name: string; json: string }>, warn: (s: string) => void): ListedProfiles {
  const listed: ListedProfiles = { packs: [], bySlug: new Map() };
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
    for (const entity of entities)
      for (const url of entity.profileUrls ?? []) {
        const slug = profileSlug(url);
        if (slug !== undefined && !listed.bySlug.has(slug)) listed.bySlug.set(slug, { pack: label, entity: entity.id });
      }
  }
  return listed;
}

/** What the reports say about one person. */
export interface Reported {
  /** The canonical profile address, when the reports give one. */
  profileUrl?: string;
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
  withNote: number;
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

/**
 * Groups reports by the person reported: by profile address (canonical, as the extension keys
 * senders), else by name. Most reported first, then the most recently reported.
 */
export function tallyReports(read: ReportsRead, listed?: ListedProfiles): Tally {
  const groups = new Map<string, Report[]>();
  let anonymous = 0;
  for (const { report } of read.reports) {
    const ref = normaliseProfileUrl(report.sender.profileUrl);
    const name = report.sender.name?.trim();
    const key = ref && ref.id !== ref.url ? ref.url : name ? `name:${name.toLowerCase()}` : undefined;
    if (key === undefined) {
      anonymous++;
      continue;
    }
    const list = groups.get(key) ?? [];
    list.push(report);
    groups.set(key, list);
  }
  const people: Reported[] = [];
  for (const [key, reports] of groups) {
    reports.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
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
      withNote: reports.filter((r) => r.note !== undefined).length,
      withExcerpts: reports.filter((r) => r.excerpts !== undefined).length,
      keys: reports.map((r) => r.idempotencyKey),
    };
    if (!key.startsWith('name:')) {
      person.profileUrl = key;
      const slug = profileSlug(key);
      const hit = slug !== undefined ? listed?.bySlug.get(slug) : undefined;
      if (hit) person.listed = hit;
    }
    people.push(person);
  }
  people.sort((a, b) => b.reports - a.reports || Date.parse(b.last) - Date.parse(a.last));
  const times = read.reports.map((r) => r.report.createdAt).sort((a, b) => Date.parse(a) - Date.parse(b));
  const tally: Tally = { reports: read.reports.length, repeats: read.repeats, people, anonymous };
  if (times.length > 0) {
    tally.first = times[0]!;
    tally.last = times[times.length - 1]!;
  }
  return tally;
}

/**
 * Text from a report, safe to print: control characters, and the characters that reorder text
 * on screen (which could make a name or a link read as something else), are shown as escapes.
 */
export function safeText(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Control characters, and the marks and overrides that change the direction of text. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

const day = (iso: string) => iso.slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The summary for people: the most reported first, each with what the reports say. */
export function renderSummary(tally: Tally, listed: ListedProfiles): string {
  const out: string[] = [];
  const span = tally.first && tally.last ? `, ${day(tally.first)} to ${day(tally.last)}` : '';
  const repeats = tally.repeats > 0 ? ` (and ${plural(tally.repeats, 'repeat')} of them, counted once)` : '';
  out.push(`${plural(tally.reports, 'report')}${repeats}${span}, about ${plural(tally.people.length, 'person', 'people')}.`);
  if (tally.anonymous > 0) out.push(`${plural(tally.anonymous, 'report')} name no sender and ${tally.anonymous === 1 ? 'is' : 'are'} left out.`);
  out.push(`Listed profiles checked against: ${listed.packs.map(safeText).join(', ')}.`);
  for (const p of tally.people) {
    out.push('');
    const name = p.names[0] !== undefined ? safeText(p.names[0]) : '(no name given)';
    out.push(`${plural(p.reports, 'report').padEnd(11)} ${p.highestLevel} (score ${p.topScore})  ${name}`);
    if (p.names.length > 1) out.push(`            also named: ${p.names.slice(1).map(safeText).join(', ')}`);
    out.push(`            ${p.profileUrl ? safeText(p.profileUrl) : 'no profile link in the reports'}`);
    if (p.headlines[0]) out.push(`            ${safeText(p.headlines[0])}`);
    out.push(`            ${day(p.first) === day(p.last) ? day(p.first) : `${day(p.first)} to ${day(p.last)}`}; ${p.surfaces.map(([s, n]) => `${s} ${n}`).join(', ')}`);
    out.push(`            ${p.indicators.length > 0 ? p.indicators.map(([id, n]) => `${id} ${n}`).join(', ') : 'no warning signs'}`);
    const extras = [p.withNote > 0 ? `${plural(p.withNote, 'report')} with a note` : '', p.withExcerpts > 0 ? `${plural(p.withExcerpts, 'report')} with excerpts` : ''].filter(Boolean);
    if (extras.length > 0) out.push(`            ${extras.join(', ')}`);
    out.push(`            ${p.listed ? `already listed: ${safeText(p.listed.entity)} in ${safeText(p.listed.pack)}` : p.profileUrl ? 'not listed by these packs' : 'cannot be listed without a profile link'}`);
  }
  return out.join('\n');
}

/** The summary as JSON, for scripts: the same figures, one object. */
export function summaryJson(tally: Tally, listed: ListedProfiles): string {
  return JSON.stringify({
    reports: tally.reports,
    repeats: tally.repeats,
    first: tally.first ?? null,
    last: tally.last ?? null,
    anonymous: tally.anonymous,
    packs: listed.packs,
    people: tally.people.map((p) => ({
      profileUrl: p.profileUrl ?? null,
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
      withNote: p.withNote,
      withExcerpts: p.withExcerpts,
      keys: p.keys,
      listed: p.listed ?? null,
    })),
  });
}

export interface EntityOptions {
  /** Only people reported at least this many times. */
  minReports: number;
  /** The first part of each entity id: the organisation's own, so ids never clash with the baseline's. */
  idPrefix: string;
  /** Who flags them, as the pack will say (the team's name). */
  flaggedBy: string;
  /** The date written in the file's header, YYYY-MM-DD. */
  today: string;
}

/** Lower-case words joined by "-", as pack ids are written; at most `max` characters. */
function idPart(text: string, max: number): string {
  const part = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return part || 'profile';
}

/** Strings for a pack: no control or direction characters (they would hide in an editor), trimmed. */
const packText = (text: string) => text.replace(HIDDEN, ' ').replace(/\s+/g, ' ').trim();

/**
 * Flagged-profile entries for an organisation pack, one per reported profile that no pack lists
 * yet: matched by the profile address the reports give (the one LinkedIn showed the reporter),
 * and by name only in sender fields (`matchInText: false`): a name alone is a weak cue, and user
 * reports are not a published finding. Each entry passes the pack schema.
 */
export function reportedEntities(tally: Tally, options: EntityOptions): { entities: Entity[]; left: { listed: number; noLink: number; fewer: number } } {
  const entities: Entity[] = [];
  const ids = new Set<string>();
  const left = { listed: 0, noLink: 0, fewer: 0 };
  for (const p of tally.people) {
    if (!p.profileUrl) {
      left.noLink++;
      continue;
    }
    if (p.listed) {
      left.listed++;
      continue;
    }
    if (p.reports < options.minReports) {
      left.fewer++;
      continue;
    }
    const slug = normaliseProfileUrl(p.profileUrl)!.id;
    const base = `${options.idPrefix}.${idPart(slug, 80 - options.idPrefix.length - 4)}`;
    let id = base;
    for (let k = 2; ids.has(id); k++) id = `${base}-${k}`;
    ids.add(id);
    const name = packText(p.names[0] ?? '').slice(0, 200);
    const when = day(p.first) === day(p.last) ? day(p.first) : `${day(p.first)} to ${day(p.last)}`;
    const keys: string[] = [];
    let room = 1000 - 40;
    for (const key of p.keys) {
      if (key.length + 2 > room) break;
      keys.push(key);
      room -= key.length + 2;
    }
    const source = `Approach Guard reports ${keys.join(', ')}${keys.length < p.keys.length ? ` and ${p.keys.length - keys.length} more` : ''}`;
    const entity: Entity = {
      id,
      name: name.length >= 2 ? name : `LinkedIn member ${slug}`.slice(0, 200),
      type: 'persona',
      profileUrls: [p.profileUrl],
      matchInText: false,
      flaggedBy: `${packText(options.flaggedBy)}: ${plural(p.reports, 'user report')}, ${when}`.slice(0, 500),
      source,
      confidence: 'user reports',
      notes: [
        `Highest level reported: ${p.highestLevel} (score ${p.topScore}).`,
        p.indicators.length > 0 ? `Warning signs: ${p.indicators.map(([i, n]) => `${i} ${n}`).join(', ')}.` : '',
        `Seen in: ${p.surfaces.map(([s, n]) => `${s} ${n}`).join(', ')}.`,
        p.names.length > 1 ? `Also named: ${p.names.slice(1).map(packText).join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join(' ')
        .slice(0, 2000),
    };
    const headline = p.headlines[0] ? packText(p.headlines[0]).slice(0, 500) : '';
    if (headline) entity.claimedRole = headline;
    entities.push(entitySchema.parse(entity));
  }
  return { entities, left };
}

/** The entries as a YAML source file for an organisation pack, with a header saying what to do. */
export function entitiesYaml(entities: readonly Entity[], tally: Tally, options: EntityOptions, listed: ListedProfiles): string {
  const header = [
    `# Profiles reported to the security team, written by "approach-guard reports entities" on ${options.today}`,
    `# from ${plural(tally.reports, 'report')}: ${plural(entities.length, 'profile')} no pack lists yet (checked: ${listed.packs.map(packText).join(', ')}),`,
    `# each reported at least ${plural(options.minReports, 'time')}.`,
    '# Review every entry before you publish it: a report is one user\'s judgement, and a listed',
    '# profile warns every user it writes to. Then add this file to your pack\'s sources and run',
    '# "npm run pack -- build DIR" and "npm run -s pack -- sign" (rules/README.md).',
  ];
  return `${header.join('\n')}\n${stringify({ entities }, { lineWidth: 0 })}`;
}
