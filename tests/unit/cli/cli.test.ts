import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../../src/pack/canonical';
import { baselineJson, REPO } from '../engine/helpers';
import { FLAGGED_PROFILE, orgPack } from '../pack/signed-pack';

const run = (args: string[], input?: string) =>
  spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), ...args], { input, encoding: 'utf8', cwd: REPO });

// Each test starts the command line in a new Node process; on a busy two-core machine that
// alone can take several seconds.
vi.setConfig({ testTimeout: 30_000 });

describe('npm run score', () => {
  it('scores JSON lines in order, one JSON line out per line in, in both input forms', () => {
    const lines = [
      JSON.stringify({ id: 'a', text: 'We pay a generous fee for reports with non-public insight.', channel: 'inmail', sender: { name: 'X', headline: null, company: null } }),
      JSON.stringify({ id: 'b', site: 'linkedin', surface: 'message', sender: {}, messages: [{ text: 'Lunch on Friday?' }] }),
      JSON.stringify({ id: 3, text: 'Please contact us via WhatsApp, reply as soon as possible.' }),
    ];
    const r = run(['score', '-'], lines.join('\n'));
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'b', '3']);
    expect(out[0]).toMatchObject({ level: 'high', indicators: expect.arrayContaining(['paid_consultancy_or_reports', 'elicitation_nonpublic_info']) });
    expect(out[0].hits[0]).toEqual({ rule: expect.any(String), indicator: expect.any(String), quote: expect.any(String) });
    expect(out[1]).toEqual({ id: 'b', score: 0, level: 'none', indicators: [], hits: [] });
  });

  it('writes hidden characters from the input as escapes, so the output cannot drive a terminal', () => {
    const id = 'a\u202eb\u009b[2Jc\u200bd';
    const r = run(['score', '-'], JSON.stringify({ id, text: 'Please contact us via WhatsApp.' }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\u202e\u009b\u200b]/);
    expect(r.stdout).toContain('a\\u202eb\\u009b[2Jc\\u200bd');
    // The same value once parsed.
    expect(JSON.parse(r.stdout).id).toBe(id);
  });

  it('refuses a pack that is not a regular file (a named pipe no one writes to) rather than wait for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    const fifo = join(dir, 'pack.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'score', '--pack', fifo, '-'], {
      input: '{"id":"a","text":"hello"}',
      encoding: 'utf8',
      cwd: REPO,
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot read pack ${fifo}: it is not a regular file`);
  });

  it('names each key the short form does not read once, and scores the lines', () => {
    const lines = ['{"id":"a","text":"hello","label":"benign"}', '{"id":"b","text":"hi","label":"risky","chanel":"inmail"}', '{"id":"c","text":"bye","label":"benign"}'];
    const r = run(['score', '-'], lines.join('\n'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['a', 'b', 'c']);
    expect(r.stderr.trim().split('\n')).toEqual([
      'line 1: not read: "label" (the short form reads id, text, channel, sender, platformWarning)',
      'line 2: not read: "chanel" (the short form reads id, text, channel, sender, platformWarning)',
    ]);
  });

  it('reports a bad line on stderr with its number, scores the rest and exits 1', () => {
    const input = ['{"id":"ok1","text":"hello"}', '{not json', '{"id":"x"}', '', '{"id":"ok2","text":"hi","channel":"carrier-pigeon"}', '{"id":"ok3","text":"bye"}'].join('\n');
    const r = run(['score', '-'], input);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['ok1', 'ok3']);
    expect(r.stderr).toMatch(/line 2: not valid JSON/);
    expect(r.stderr).toMatch(/line 3: text: /);
    expect(r.stderr).toMatch(/line 5: channel: /);
  });

  it('scores with another built pack given by --pack', () => {
    const pack = baselineJson() as { rules: Array<{ id: string }> };
    pack.rules = pack.rules.filter((r) => !r.id.startsWith('channels.'));
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    writeFileSync(join(dir, 'pack.json'), canonicalJson(pack));
    const line = '{"id":"w","text":"Please contact us via WhatsApp."}';
    expect(JSON.parse(run(['score', '-'], line).stdout).indicators).toEqual(['off_platform_move']);
    expect(JSON.parse(run(['score', '--pack', join(dir, 'pack.json'), '-'], line).stdout).indicators).toEqual([]);
  });

  it('layers an organisation pack given by --pack over the baseline, as the extension does, even one of flagged profiles alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    const org = orgPack({ rules: [] });
    writeFileSync(join(dir, 'org.pack.json'), canonicalJson(org));
    const lines = [
      JSON.stringify({ id: 'flagged', text: 'Hello, I enjoyed your speech.', sender: { name: 'Orla Packtest', profileUrl: FLAGGED_PROFILE } }),
      JSON.stringify({ id: 'whatsapp', text: 'Please contact us via WhatsApp.' }),
    ].join('\n');
    const r = run(['score', '--pack', join(dir, 'org.pack.json'), '-'], lines);
    expect(r.status, r.stderr).toBe(0);
    const [flagged, whatsapp] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(flagged.indicators).toContain('known_flagged_entity');
    // The baseline's rules still score.
    expect(whatsapp.indicators).toEqual(['off_platform_move']);
  });

  it('says when a pack given by --pack is one the extension would refuse for its dates, and scores with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    writeFileSync(join(dir, 'old.pack.json'), canonicalJson(orgPack({ published: '2025-01-01', expires: '2025-06-30' })));
    const r = run(['score', '--pack', join(dir, 'old.pack.json'), '-'], '{"id":"w","text":"Please contact us via WhatsApp."}');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('old.pack.json: the extension would refuse this pack: the pack expired on 2025-06-30');
    expect(JSON.parse(r.stdout).indicators).toEqual(['off_platform_move']);
  });

  it('refuses an option it does not know, or a second file, rather than scoring without them', () => {
    const line = '{"id":"a","text":"hello"}';
    for (const args of [['score', '-', '--verbose'], ['score', '--pack=x.json', '-'], ['score', '-', 'more.jsonl']]) {
      const r = run(args, line);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(run(['score', '-', '--verbose'], line).stderr).toMatch(/score: unknown option "--verbose"/);
    expect(run(['score', '-', 'more.jsonl'], line).stderr).toMatch(/score: takes at most 1 argument/);
    expect(run(['pack', 'lint', 'rules', '/elsewhere']).stderr).toMatch(/pack lint: takes at most 1 argument/);
    expect(run(['bench', 'now']).status).toBe(2);
  });

  it('names the input it cannot read, and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    const r = run(['score', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot read ${dir}: EISDIR`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(!existsSync('/dev/full'))('exits 2, not 1, when its output cannot be written (a full disk)', () => {
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'score', '-'], {
      // No line break at the end: the last write fails as the input ends.
      input: '{"id":"a","text":"hello"}',
      stdio: ['pipe', full, 'pipe'],
      encoding: 'utf8',
      cwd: REPO,
    });
    closeSync(full);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write the output: ENOSPC/);
  });

  it('says how many of a pack’s rules it skipped, and refuses a pack with none left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    const line = '{"id":"w","text":"Please contact us via WhatsApp."}';
    const pack = baselineJson() as { rules: Array<{ id: string; weight: unknown }> };
    pack.rules[0]!.weight = 'heavy';
    writeFileSync(join(dir, 'one-broken.json'), JSON.stringify(pack));
    const some = run(['score', '--pack', join(dir, 'one-broken.json'), '-'], line);
    expect(some.status).toBe(0);
    expect(some.stderr).toContain(`1 of ${pack.rules.length} rules skipped; scores are made with the other ${pack.rules.length - 1}`);
    for (const rule of pack.rules) rule.weight = 'heavy';
    writeFileSync(join(dir, 'all-broken.json'), JSON.stringify(pack));
    const none = run(['score', '--pack', join(dir, 'all-broken.json'), '-'], line);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(`the pack has no usable rule (${pack.rules.length} given)`);
  });

  it('refuses a pack file that is not a pack, with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    writeFileSync(join(dir, 'bad.json'), '{"format":1}');
    const r = run(['score', '--pack', join(dir, 'bad.json'), '-'], '');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: the pack is not valid: id: /);
  });
});

/** A directory's names, or null when it cannot be listed (root lists any directory). */
function readdirOrNull(dir: string): string[] | null {
  try {
    return readdirSync(dir);
  } catch {
    return null;
  }
}

describe('npm run pack', () => {
  it('lints and tests the baseline sources with a summary on stderr', () => {
    const lint = run(['pack', 'lint']);
    expect(lint.status).toBe(0);
    expect(lint.stderr).toMatch(/pack lint: approach-guard-baseline .*: \d+ rules, \d+ entities, no problems/);
    const test = run(['pack', 'test']);
    expect(test.status).toBe(0);
    expect(test.stderr).toMatch(/\d+ examples passed/);
  });

  it('writes a built pack whole or not at all: a failed write leaves the earlier file as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
    const target = join(dir, 'pack.json');
    writeFileSync(target, 'the earlier pack');
    // The shell's file-size limit (40 blocks) cuts the write short.
    const tsx = resolve(REPO, 'node_modules/.bin/tsx');
    const r = spawnSync('sh', ['-c', `ulimit -f 40; exec "${tsx}" "${resolve(REPO, 'src/cli/main.ts')}" pack build --out "${target}"`], { encoding: 'utf8', cwd: REPO });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot write ${target}: EFBIG`);
    expect(readFileSync(target, 'utf8')).toBe('the earlier pack');
    expect(readdirSync(dir)).toEqual(['pack.json']);
  });

  it('builds an organisation pack and says which of its ids every copy would skip, as the baseline has them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-org-'));
    const baselineRule = (baselineJson() as { rules: Array<Record<string, unknown>> }).rules[0]!;
    writeFileSync(join(dir, 'pack.yaml'), 'format: 1\nid: org.security-team\nname: Security team pack\nversion: 2026.12.1\npublisher: Security team\npublished: 2026-11-28\n');
    writeFileSync(join(dir, 'rules.yaml'), `rules:\n  - ${JSON.stringify(baselineRule)}\n`);
    const r = run(['pack', 'build', '--out', join(dir, 'org.pack.json'), dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${dir}: layered over the baseline, rule "${String(baselineRule.id)}" already exists; the overlay's copy was skipped`);
    expect(existsSync(join(dir, 'org.pack.json'))).toBe(true);
  });

  it('rejects an unknown subcommand with usage', () => {
    const r = run(['pack', 'frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown pack command "frobnicate"/);
  });
});

describe('npm run pack', () => {
  it('ends with status 2 for sources it cannot read at all, as for any input it cannot read', () => {
    // Missing, a file, and a directory it may not list.
    const locked = mkdtempSync(join(tmpdir(), 'ag-locked-sources-'));
    chmodSync(locked, 0o000);
    const unreadable = readdirOrNull(locked) === null;
    for (const path of [join(tmpdir(), 'ag-no-such-sources'), resolve(REPO, 'package.json'), ...(unreadable ? [locked] : [])]) {
      const r = run(['pack', 'lint', path]);
      expect(r.status, path).toBe(2);
      expect(r.stderr, path).toMatch(/^approach-guard: cannot read /);
    }
  });
});

describe('npm run eval', () => {
  /** A data directory of invented rows (never the real corpus): the files the figures need. */
  function dataDir(rows: string[], files = { emscad: true, sms: true }) {
    const dir = mkdtempSync(join(tmpdir(), 'ag-eval-'));
    writeFileSync(join(dir, 'approaches-dev.jsonl'), `${rows.join('\n')}\n`);
    if (files.emscad) {
      mkdirSync(join(dir, 'emscad'));
      writeFileSync(join(dir, 'emscad/emscad_merged_subset.csv'), 'job_id,title,company_profile,description,requirements,benefits,fraudulent\n');
    }
    if (files.sms) {
      mkdirSync(join(dir, 'sms-spam'));
      writeFileSync(join(dir, 'sms-spam/SMSSpamCollection.tsv'), 'ham\tSee you at lunch.\n');
    }
    return dir;
  }
  const row = (id: string, label: string, text = 'We pay well for reports on non-public plans.') =>
    JSON.stringify({ id, label, channel: 'message', text, evidence_type: 'illustrative' });

  it('refuses rows it cannot count, naming each line, instead of leaving them out of the figures', () => {
    const dir = dataDir([row('r1', 'malicious'), row('r2', 'Malicious'), row('r3', 'benign', ''), '{not json']);
    const r = run(['eval', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('3 rows cannot be evaluated');
    expect(r.stderr).toMatch(/approaches-dev\.jsonl:2: label: /);
    expect(r.stderr).toMatch(/approaches-dev\.jsonl:3: text: /);
    expect(r.stderr).toMatch(/approaches-dev\.jsonl:4: not valid JSON/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an SMS line or an EMSCAD row it cannot label, rather than counting it as ordinary', () => {
    const sms = dataDir([row('r1', 'malicious')]);
    writeFileSync(join(sms, 'sms-spam/SMSSpamCollection.tsv'), 'ham\tSee you at lunch.\nHam\tAnd you.\n');
    const r = run(['eval', sms]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/SMSSpamCollection\.tsv:2: expected "ham" or "spam"/);

    const emscad = dataDir([row('r1', 'malicious')]);
    writeFileSync(join(emscad, 'emscad/emscad_merged_subset.csv'), 'job_id,title,company_profile,description,requirements,benefits,fraudulent\n1,Clerk,,Filing,,,yes\n');
    const e = run(['eval', emscad]);
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/emscad_merged_subset\.csv: row 1: "fraudulent" is "yes", not 0 or 1/);
  });

  it('fails on data with nothing to count, and names a file it cannot read without a stack trace', () => {
    // Header-only files: every figure has no rows, which must not read as meeting its target.
    const empty = dataDir([]);
    writeFileSync(join(empty, 'sms-spam/SMSSpamCollection.tsv'), '');
    const r = run(['eval', empty]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('approaches.all.recall has no rows to count');
    expect(r.stdout).not.toContain('all figures meet their targets');

    // A CSV saved with a byte order mark still has its columns; one that is not UTF-8 is named.
    const bom = dataDir([row('r1', 'malicious')]);
    const csv = join(bom, 'emscad/emscad_merged_subset.csv');
    writeFileSync(csv, `\uFEFF${readFileSync(csv, 'utf8')}1,Clerk,,Filing,,,0\n`);
    expect(run(['eval', bom]).stderr).not.toMatch(/no "job_id" column|\n\s+at /);
    writeFileSync(csv, Buffer.from('job_id,title\n1,Caf\u00e9\n', 'latin1'));
    const latin = run(['eval', bom]);
    expect(latin.status).toBe(2);
    expect(latin.stderr).toMatch(/cannot read .*emscad_merged_subset\.csv: it is not UTF-8 text/);
    expect(latin.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(!existsSync('/dev/full'))('exits 2 when its output cannot be written (a full disk), as the other commands do', () => {
    const dir = dataDir([row('r1', 'malicious')]);
    for (const args of [['eval', dir], ['eval', '--json', dir]]) {
      const full = openSync('/dev/full', 'w');
      const r = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), ...args], { stdio: ['pipe', full, 'pipe'], encoding: 'utf8', cwd: REPO });
      closeSync(full);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/cannot write the output: ENOSPC/);
    }
  });

  it('prints row ids, evidence types and quoted words from the data with their control characters escaped', () => {
    // Clears the line above and retitles the window, if printed as it is.
    const hostile = '\u001b[1A\u001b[2Kok\u001b]0;PWNED\u0007';
    const missed = JSON.stringify({ id: `miss${hostile}`, label: 'malicious', channel: 'message', text: 'Lunch on Friday?', evidence_type: `illustrative${hostile}` });
    const alarm = JSON.stringify({ id: `alarm${hostile}`, label: 'benign', channel: 'message', text: `Please contact me on Whats\u200bApp about the paid\u009b2J report${hostile}`, evidence_type: 'illustrative' });
    const dir = dataDir([missed, alarm]);
    for (const args of [['eval', dir], ['eval', '--json', dir]]) {
      const r = run(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stdout, args.join(' ')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
    const text = run(['eval', dir]).stdout;
    expect(text).toContain('miss\\u{1b}[1A\\u{1b}[2Kok\\u{1b}]0;PWNED\\u{7} malicious score');
    expect(text).toContain('(none, illustrative\\u{1b}[1A');
    expect(text).toContain('alarm\\u{1b}[1A');
    // A quoted word keeps the invisible character the sender hid in it, shown as an escape.
    expect(text).toContain('off_platform_move: "Whats\\u{200b}App"');
  });

  it('layers an organisation pack given by --pack over the baseline', () => {
    const dir = dataDir([row('r1', 'malicious')]);
    const org = join(dir, 'org.pack.json');
    writeFileSync(org, canonicalJson(orgPack({ rules: [] })));
    const r = run(['eval', '--pack', org, dir]);
    expect(r.stderr).not.toMatch(/no usable rule/);
    expect(r.stdout).toMatch(/^Approach Guard evaluation — pack \S+\+org\.security-team@2026\.12\.1, data /);
  });

  it('says which data file is missing rather than failing half-way', () => {
    const r = run(['eval', dataDir([row('r1', 'malicious')], { emscad: true, sms: false })]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/lacks sms-spam\/SMSSpamCollection\.tsv/);
  });
});
