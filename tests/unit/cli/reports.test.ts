// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import {
  entitiesYaml,
  jsonValues,
  listedProfiles,
  readReports,
  readReportSources,
  renderSummary,
  reportedEntities,
  tallyReports,
  type EntityOptions,
} from '../../../src/cli/reports';
import { compile } from '../../../src/engine/compile';
import type { Approach } from '../../../src/engine/types';
import { buildPack } from '../../../src/pack/build';
import { layerPacks } from '../../../src/pack/layer';
import { loadPack } from '../../../src/pack/load';
import { composeReport } from '../../../src/report/compose';
import { baseline, baselinePack, REPO } from '../engine/helpers';

vi.setConfig({ testTimeout: 30_000 });

const BASELINE_FILE = resolve(REPO, 'rules/baseline.pack.json');
const baselineListed = () => listedProfiles([{ name: BASELINE_FILE, json: readFileSync(BASELINE_FILE, 'utf8') }], () => {});

const RECRUITER = 'https://www.linkedin.com/in/ACoAAB1x2y3z4w5v6u7t8s9r0q/';
const TEST_PERSONA = 'https://www.linkedin.com/in/approach-guard-test-persona/';

const approach = (sender: Approach['sender'], text: string, surface: Approach['surface'] = 'message'): Approach => ({
  id: 'a',
  site: 'linkedin',
  surface,
  sender,
  messages: [{ text }],
});

let uuid = 0;
/** A report as the extension composes and sends it, scored with the built-in pack. */
function report(sender: Approach['sender'], text: string, at: string, surface: Approach['surface'] = 'message', note?: string): string {
  const a = approach(sender, text, surface);
  const { body } = composeReport(
    { approach: a, verdict: baseline().score(a), extensionVersion: '0.2.0', ...(note ? { note } : {}) },
    { now: () => Date.parse(at), randomUUID: () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}` },
  );
  return body;
}

const PAID = 'We pay a generous fee for short reports with non-public insight. Can we move to WhatsApp?';
const TRIP = 'Our client will cover your flights and hotel for a visit to Beijing, all expenses paid.';

describe('reading received reports', () => {
  it('reads one pretty-printed body, JSON lines, bodies appended and arrays, each report once', () => {
    const a = report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z', 'inmail');
    const b = report({ name: 'Amy Chen', profileUrl: RECRUITER.replace('www.', 'uk.').toLowerCase() + '?trk=x' }, TRIP, '2026-11-20T09:00:00Z');
    const c = report({ name: 'Bo Li' }, TRIP, '2026-11-10T09:00:00Z');
    const sources = [
      { name: 'one.json', text: a },
      { name: 'lines.jsonl', text: `${JSON.stringify(JSON.parse(b))}\n${JSON.stringify(JSON.parse(c))}\n` },
      // The same body delivered again (a retry after a lost answer), and an array holding it.
      { name: 'appended.json', text: `${a}\n${a}` },
      { name: 'array.json', text: `[${b}]` },
    ];
    const read = readReports(sources);
    expect(read.problems).toEqual([]);
    expect(read.reports.map((r) => r.where)).toEqual(['one.json:1', 'lines.jsonl:1', 'lines.jsonl:2']);
    expect(read.repeats).toBe(3);
    const tally = tallyReports(read, baselineListed());
    expect(tally).toMatchObject({ reports: 3, repeats: 3, anonymous: 0, first: '2026-11-02T09:00:00.000Z', last: '2026-11-20T09:00:00.000Z' });
    // The two addresses are one person, as the extension keys senders.
    expect(tally.people.map((p) => [p.profileUrl, p.names, p.reports])).toEqual([
      [RECRUITER.toLowerCase(), ['Amy Chen'], 2],
      [undefined, ['Bo Li'], 1],
    ]);
    const amy = tally.people[0]!;
    expect(amy.surfaces).toEqual([['message', 1], ['inmail', 1]]);
    expect(amy.indicators).toEqual(expect.arrayContaining([['paid_consultancy_or_reports', 1], ['funded_trip', 1], ['off_platform_move', 1]]));
    expect(amy.highestLevel).toBe(JSON.parse(a).verdict.level);
    expect(amy.keys).toEqual([JSON.parse(a).idempotencyKey, JSON.parse(b).idempotencyKey]);
    expect(amy.listed).toBeUndefined();
  });

  it('names each input it cannot read as a report, by file and line, and counts the rest', () => {
    const good = report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z');
    const parsed = JSON.parse(good);
    const text = [
      'hello there',
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-aaaaaaaaaaaa', format: 'someone.else' }),
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-bbbbbbbbbbbb', schemaVersion: 2 }),
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-cccccccccccc', location: 'Hong Kong' }),
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-dddddddddddd', sender: { profileUrl: 'javascript:alert(1)' } }),
      JSON.stringify(parsed),
      JSON.stringify({ ...parsed, note: 'edited after the fact' }),
      '{"broken": ',
    ].join('\n');
    const read = readReports([{ name: 'in.jsonl', text }]);
    expect(read.reports.map((r) => r.where)).toEqual(['in.jsonl:6']);
    expect(read.problems).toEqual([
      'in.jsonl:1: not JSON (a report is a JSON object)',
      'in.jsonl:2: not an Approach Guard report (format "someone.else", expected "approach-guard.report")',
      expect.stringMatching(/^in\.jsonl:3: schema version 2 is not one this command reads \(it reads 1\)/),
      expect.stringMatching(/^in\.jsonl:4: \(report\): Unrecognized key: "location"/),
      expect.stringMatching(/^in\.jsonl:5: sender\.profileUrl: /),
      'in.jsonl:7: the same idempotencyKey as in.jsonl:6 with other content; the first is counted',
      expect.stringMatching(/^in\.jsonl:8: not valid JSON/),
    ]);
  });

  it('keeps braces inside strings out of the count, and line numbers right after multi-line bodies', () => {
    const values = jsonValues('\uFEFF{"a": "}{ \\" ]"}\n\n[1,\n2]\n{"b":\n"x"}');
    expect(values).toEqual([
      { line: 1, value: { a: '}{ " ]' } },
      { line: 3, value: [1, 2] },
      { line: 5, value: { b: 'x' } },
    ]);
  });

  it('names a body cut short once and reads the bodies after it', () => {
    const good = report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z');
    const cut = good.slice(0, good.indexOf('"verdict"'));
    const lines = (s: string) => s.split('\n').length;
    const text = `${cut}\nsome log line\nanother\n${good}\n${cut}`;
    const read = readReports([{ name: 'store.json', text }]);
    expect(read.reports.map((r) => r.where)).toEqual([`store.json:${lines(cut) + 3}`]);
    expect(read.problems).toEqual([
      expect.stringMatching(/^store\.json:1: not valid JSON/),
      `store.json:${lines(cut) + 3 + lines(good)}: not valid JSON (it ends before the value does)`,
    ]);
  });

  it('counts only reports made on or after --since', () => {
    const text = [report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-10-31T23:59:59Z'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-01T00:00:00Z')].join('\n');
    expect(readReports([{ name: 'x', text }], { since: '2026-11-01T00:00:00.000Z' }).reports).toHaveLength(1);
  });

  it('reads report files under a directory, sub-directories included, and not through a link to a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-'));
    mkdirSync(join(dir, '2026', '11'), { recursive: true });
    writeFileSync(join(dir, '2026', '11', 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    writeFileSync(join(dir, 'b.ndjson'), JSON.stringify(JSON.parse(report({ name: 'Bo Li' }, TRIP, '2026-11-03T09:00:00Z'))));
    writeFileSync(join(dir, 'readme.txt'), 'not a report');
    symlinkSync(dir, join(dir, 'loop'));
    const { sources, problems } = readReportSources([dir], () => '');
    expect(problems).toEqual([]);
    expect(sources.map((s) => s.name.slice(dir.length))).toEqual(['/2026/11/a.json', '/b.ndjson']);
  });
});

describe('what a summary shows', () => {
  it('marks a profile a pack lists already, and escapes control and direction characters from reports', () => {
    const text = [
      report({ name: 'Test Persona', profileUrl: TEST_PERSONA }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Amy\u202Egnp.exe \u001b[31mChen', profileUrl: RECRUITER }, PAID, '2026-11-03T09:00:00Z'),
    ].join('\n');
    const listed = baselineListed();
    const tally = tallyReports(readReports([{ name: 'x', text }]), listed);
    expect(tally.people.find((p) => p.profileUrl === TEST_PERSONA)?.listed).toEqual({ pack: `approach-guard-baseline ${baselinePack().version}`, entity: 'approach-guard.test-persona' });
    const summary = renderSummary(tally, listed);
    expect(summary).toContain('already listed: approach-guard.test-persona in approach-guard-baseline');
    expect(summary).toContain('Amy\\u{202e}gnp.exe \\u{1b}[31mChen');
    expect(summary).not.toMatch(/[\u001b\u202e]/);
  });
});

describe('flagged-profile entries from reports', () => {
  const options: EntityOptions = { minReports: 1, idPrefix: 'org.reported', flaggedBy: 'Parliamentary Security Department', today: '2026-12-01' };

  it('writes entries a pack builds, which then flag the reported profile in a new message', () => {
    const first = report({ name: 'Amy Chen', profileUrl: RECRUITER, headline: 'Partner, Global Talent' }, PAID, '2026-11-02T09:00:00Z', 'inmail');
    const second = report({ name: 'Amy Chen', profileUrl: RECRUITER }, TRIP, '2026-11-20T09:00:00Z');
    const text = [
      first,
      second,
      report({ name: 'Test Persona', profileUrl: TEST_PERSONA }, PAID, '2026-11-03T09:00:00Z'),
      report({ name: 'Bo Li' }, TRIP, '2026-11-04T09:00:00Z'),
    ].join('\n');
    const listed = baselineListed();
    const tally = tallyReports(readReports([{ name: 'x', text }]), listed);
    const { entities, left } = reportedEntities(tally, options);
    expect(left).toEqual({ listed: 1, noLink: 1, fewer: 0 });
    expect(entities).toEqual([
      expect.objectContaining({
        id: 'org.reported.acoaab1x2y3z4w5v6u7t8s9r0q',
        name: 'Amy Chen',
        type: 'persona',
        profileUrls: [RECRUITER.toLowerCase()],
        matchInText: false,
        claimedRole: 'Partner, Global Talent',
        flaggedBy: 'Parliamentary Security Department: 2 user reports, 2026-11-02 to 2026-11-20',
        confidence: 'user reports',
      }),
    ]);
    expect(entities[0]!.source).toBe(`Approach Guard reports ${JSON.parse(first).idempotencyKey}, ${JSON.parse(second).idempotencyKey}`);

    // The file goes into an organisation pack's sources as it is.
    const dir = mkdtempSync(join(tmpdir(), 'ag-org-'));
    writeFileSync(join(dir, 'pack.yaml'), 'format: 1\nid: org.security-team\nname: Security team pack\nversion: 2026.12.1\npublisher: Security team\npublished: 2026-12-01\n');
    const yaml = entitiesYaml(entities, tally, options, listed);
    writeFileSync(join(dir, 'reported.yaml'), yaml);
    expect(parse(yaml).entities).toHaveLength(1);
    const built = buildPack(dir);
    expect(built.problems).toEqual([]);
    const org = loadPack(JSON.parse(built.json!)).pack;
    const layered = compile(layerPacks(baselinePack(), [org]).pack);
    const fresh = approach({ name: 'Amy Chen', profileUrl: 'https://www.linkedin.com/in/ACoAAB1x2y3z4w5v6u7t8s9r0q?miniProfileUrn=x' }, 'Hello, a quick question for you.');
    const verdict = layered.score(fresh);
    expect(verdict.hits.map((h) => h.indicator)).toContain('known_flagged_entity');
    expect(['medium', 'high']).toContain(verdict.level);
    expect(baseline().score(fresh).level).toBe('none');
  });

  it('leaves out people reported fewer times than asked, and keeps ids unique and valid', () => {
    const other = 'https://www.linkedin.com/in/%C3%A9lodie--dupont_/';
    const text = [
      report({ name: 'Élodie Dupont', profileUrl: other }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Amy Chen', profileUrl: RECRUITER }, TRIP, '2026-11-05T09:00:00Z'),
    ].join('\n');
    const tally = tallyReports(readReports([{ name: 'x', text }]), baselineListed());
    const twice = reportedEntities(tally, { ...options, minReports: 2 });
    expect(twice.entities.map((e) => e.name)).toEqual(['Amy Chen']);
    expect(twice.left).toEqual({ listed: 0, noLink: 0, fewer: 1 });
    const all = reportedEntities(tally, options).entities;
    expect(all.map((e) => e.id)).toEqual(['org.reported.acoaab1x2y3z4w5v6u7t8s9r0q', 'org.reported.c3-a9lodie-dupont']);
  });
});

describe('npm run reports', () => {
  const run = (args: string[], input?: string) =>
    spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'reports', ...args], { input, encoding: 'utf8', cwd: REPO });

  it('summarises reports from standard input and from files, and exits 1 after naming a bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    writeFileSync(join(dir, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    const ok = run(['summary', '--json', join(dir, 'a.json'), '-'], report({ name: 'Amy Chen', profileUrl: RECRUITER }, TRIP, '2026-11-03T09:00:00Z'));
    expect(ok.status, ok.stderr).toBe(0);
    const summary = JSON.parse(ok.stdout);
    expect(summary).toMatchObject({ reports: 2, people: [{ profileUrl: RECRUITER.toLowerCase(), reports: 2, names: ['Amy Chen'], listed: null }] });

    const bad = run(['summary', join(dir, 'a.json'), '-'], 'not json\n');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^1 report, 2026-11-02 to 2026-11-02, about 1 person\./);
    expect(bad.stderr).toContain('-:1: not JSON');
  });

  it('writes the entries file whole with --out, and refuses bad options and missing paths with status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    writeFileSync(join(dir, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    const out = join(dir, 'reported.yaml');
    const r = run(['entities', '--id-prefix', 'psd', '--out', out, dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/1 entry → /);
    expect(parse(readFileSync(out, 'utf8')).entities[0].id).toBe('psd.acoaab1x2y3z4w5v6u7t8s9r0q');

    for (const [args, message] of [
      [['entities', '--id-prefix', 'Bad Prefix', dir], /--id-prefix "Bad Prefix" must be/],
      [['entities', '--min-reports', '0', dir], /--min-reports "0" is not a whole number/],
      [['summary', '--since', '2026-02-30', dir], /--since "2026-02-30" is not a date/],
      [['summary', '--verbose', dir], /unknown option "--verbose"/],
      [['summary'], /needs report files or directories/],
      [['tally', dir], /unknown reports command "tally"/],
      [['summary', join(dir, 'missing')], /missing: no such file or directory/],
    ] as const) {
      const bad = run([...args]);
      expect(bad.status, args.join(' ')).toBe(2);
      expect(bad.stderr, args.join(' ')).toMatch(message);
      expect(bad.stdout, args.join(' ')).toBe('');
    }
  });
});
