import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, cpSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/engine/compile';
import { buildPack, formatProblem } from '../../../src/pack/build';
import { canonicalJson } from '../../../src/pack/canonical';
import { layeredVersion, layerPacks } from '../../../src/pack/layer';
import { approachSummarySchema } from '../../../src/messaging/protocol';
import { reportSchema } from '../../../src/report/schema';
import { compareVersions, loadBundledPack, loadPack, PackError } from '../../../src/pack/load';
import { PACK_NAME_MAX } from '../../../src/pack/schema';
import { toSelfie } from '../../../src/engine/selfie';
import { approach, baselineJson, baselinePack, REPO, tinyPack, withoutExamples } from '../engine/helpers';

const RULES = resolve(REPO, 'rules');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? yamlFiles(join(dir, d.name)) : d.name.endsWith('.yaml') ? [join(dir, d.name)] : []));
}

describe('the baseline pack', () => {
  it('is stored in canonical form (parse, then format, gives the same bytes)', () => {
    const text = readFileSync(resolve(RULES, 'baseline.pack.json'), 'utf8');
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('is up to date with its YAML sources, and every rule passes its examples', () => {
    const result = buildPack(RULES, { runExamples: true });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.json).toBe(readFileSync(resolve(RULES, 'baseline.pack.json'), 'utf8'));
    expect(result.examples.failed).toBe(0);
  });

  it('gives every rule a description, advice, references and at least two examples each way', () => {
    for (const r of baselinePack().rules) {
      expect(r.description.length, r.id).toBeGreaterThan(20);
      expect(r.advice.length, r.id).toBeGreaterThan(20);
      expect(r.references.length, r.id).toBeGreaterThan(0);
      expect(r.examples.match.length, r.id).toBeGreaterThanOrEqual(2);
      expect(r.examples.no_match.length, r.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('uses unique, stable ids: family prefix, lower case, dots and hyphens', () => {
    const ids = baselinePack().rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/);
    const entityIds = (baselinePack().entities ?? []).map((e) => e.id);
    expect(new Set(entityIds).size).toBe(entityIds.length);
  });

  it('keeps who flagged each entity and where it was published', () => {
    for (const e of baselinePack().entities ?? []) {
      expect(e.flaggedBy.length, e.id).toBeGreaterThan(3);
      expect(e.source, e.id).toMatch(/^(https?:\/\/|rules\/README\.md)/);
    }
  });

  it('has no invisible or bidirectional-control characters in its sources', () => {
    for (const file of yamlFiles(RULES)) expect(readFileSync(file, 'utf8'), file).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/);
  });
});

describe('building a pack from sources', () => {
  const withBrokenRule = (rule: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-pack-'));
    cpSync(RULES, dir, { recursive: true });
    mkdirSync(join(dir, 'indicators'), { recursive: true });
    writeFileSync(join(dir, 'indicators', 'zz-broken.yaml'), rule);
    return dir;
  };

  it('names the file, the line, the rule id and the problem for an invalid rule', () => {
    const dir = withBrokenRule(`rules:\n  - id: broken.rule\n    indicator: not_an_indicator\n    weight: 10\n    status: stable\n    description: A description long enough.\n    advice: Some advice long enough.\n    references: [x]\n    any:\n      - phrases: [hello]\n    examples: { match: [hello, hello there], no_match: [bye, ciao] }\n`);
    const { problems, json } = buildPack(dir);
    expect(json).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/zz-broken\.yaml:3 rule broken\.rule: indicator: /)]);
  });

  it('names a source file that is not UTF-8 rather than build it with its letters lost', () => {
    const dir = withBrokenRule('');
    // "Café Ltd" in Latin-1: the é is one byte, 0xE9, which is not UTF-8.
    writeFileSync(join(dir, 'indicators', 'zz-broken.yaml'), Buffer.from('entities:\n  - id: org.cafe\n    name: Caf\u00e9 Ltd\n', 'latin1'));
    const { problems, json } = buildPack(dir);
    expect(json).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/zz-broken\.yaml.*cannot read: it is not UTF-8 text/)]);
  });

  it('rejects an unsafe expression at build time', () => {
    const dir = withBrokenRule(`rules:\n  - id: broken.regex\n    indicator: flattery\n    weight: 10\n    status: stable\n    description: A description long enough.\n    advice: Some advice long enough.\n    references: [x]\n    any:\n      - regex: '(a+)+$'\n        scope: token\n    examples: { match: [aaa, aa], no_match: [b, c] }\n`);
    expect(buildPack(dir).problems.map(formatProblem)).toEqual([expect.stringMatching(/zz-broken\.yaml rule broken\.regex: .*nested repetition/)]);
  });

  it('fails when an example does not behave as the rule says', () => {
    const dir = withBrokenRule(`rules:\n  - id: broken.example\n    indicator: flattery\n    weight: 10\n    status: stable\n    description: A description long enough.\n    advice: Some advice long enough.\n    references: [x]\n    any:\n      - phrases: [marvellous]\n    examples: { match: [marvellous work, not matching at all], no_match: [plain, text] }\n`);
    const { problems } = buildPack(dir, { runExamples: true });
    expect(problems.map(formatProblem)).toEqual([expect.stringContaining('rule broken.example: example should match but does not: "not matching at all"')]);
  });

  it('refuses a source whose aliases expand to too much (an alias bomb), naming it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const dir = withBrokenRule(`${levels.join('\n')}\nrules: []\n`);
    expect(buildPack(dir).problems.map(formatProblem)).toEqual([expect.stringMatching(/zz-broken\.yaml: cannot be read as data: .*alias/i)]);
  });

  it('follows a directory link that loops back only once, and still builds', () => {
    const dir = withBrokenRule('');
    rmSync(join(dir, 'indicators', 'zz-broken.yaml'));
    symlinkSync(dir, join(dir, 'indicators', 'loop'));
    const { problems, json } = buildPack(dir);
    expect(problems).toEqual([]);
    expect(json).toBe(readFileSync(join(RULES, 'baseline.pack.json'), 'utf8'));
  });

  it('reports YAML syntax errors with their line', () => {
    const dir = withBrokenRule('rules:\n  - id: x\n    description: [unclosed\n');
    expect(buildPack(dir).problems[0]).toMatchObject({ file: expect.stringContaining('zz-broken.yaml'), line: expect.any(Number) });
  });

  it('reports duplicate rule ids across files', () => {
    const first = baselinePack().rules[0]!;
    const dir = withBrokenRule(`rules:\n  - id: ${first.id}\n    indicator: flattery\n    weight: 10\n    status: stable\n    description: A description long enough.\n    advice: Some advice long enough.\n    references: [x]\n    any:\n      - phrases: [marvellous]\n    examples: { match: [marvellous, so marvellous], no_match: [plain, text] }\n`);
    expect(buildPack(dir).problems.map(formatProblem)).toContainEqual(expect.stringContaining(`rule ${first.id}: duplicate rule id`));
  });
});

describe('loading a pack at run time', () => {
  it('skips a broken rule with a reason and keeps the rest of the pack working', () => {
    const json = baselineJson() as { rules: unknown[] };
    json.rules.splice(1, 0, { id: 'broken.one', indicator: 'flattery', weight: 'heavy' }, { ...(json.rules[0] as object) });
    const { pack, skipped } = loadPack(json);
    expect(skipped.map((s) => s.rule)).toEqual(expect.arrayContaining(['broken.one']));
    expect(skipped.some((s) => /duplicate rule id/.test(s.message))).toBe(true);
    expect(pack.rules.length).toBe(baselinePack().rules.length);
    expect(compile(pack).score(approach('We pay in bitcoin for each report.')).level).not.toBe('none');
  });

  it('refuses a pack whose frame is invalid, saying why', () => {
    expect(() => loadPack({ format: 1, id: 'x' })).toThrow(PackError);
    try {
      loadPack({ ...(baselineJson() as object), version: 'latest' });
    } catch (e) {
      expect((e as PackError).issues).toContainEqual(expect.objectContaining({ path: 'version' }));
    }
  });

  it('bounds a pack\u2019s id and version, so that the pack in force fits every verdict and report', () => {
    const json = baselineJson() as Record<string, unknown>;
    const issues = (change: Record<string, unknown>) => {
      try {
        loadPack({ ...json, ...change });
        return [];
      } catch (e) {
        return (e as PackError).issues.map((issue) => issue.path);
      }
    };
    // Ids of up to 80 characters, and versions of any length (a timestamp, say), as before.
    const longest = { id: `team.${'a'.repeat(75)}`, version: `202612011530.${'1'.repeat(PACK_NAME_MAX - 80 - 14)}` };
    expect(longest.id.length + longest.version.length).toBe(PACK_NAME_MAX - 1);
    expect(issues(longest)).toEqual([]);
    expect(issues({ ...longest, version: `${longest.version}1` })).toEqual(['version']);
    expect(issues({ id: 'team', version: `2026.${'1'.repeat(PACK_NAME_MAX)}` })).toEqual(['version']);
    // Layered over the baseline, the longest names the pack in force within both limits.
    const inForce = layeredVersion(baselinePack().version, [longest]);
    expect(reportSchema.shape.packVersion.safeParse(inForce).success).toBe(true);
    expect(approachSummarySchema.shape.verdict.shape.packVersion.safeParse(inForce).success).toBe(true);
  });

  it('loads the baseline as the extension bundles it, without examples, to the same scorer; other packs need their examples', () => {
    const json = baselineJson() as { rules: Array<Record<string, unknown>> };
    const bundled = withoutExamples(json);
    const { pack, skipped } = loadBundledPack(bundled);
    expect(skipped).toEqual([]);
    expect(pack.rules.map((r) => r.id)).toEqual(json.rules.map((r) => r.id));
    expect(pack.rules.every((r) => r.examples.match.length === 0 && r.examples.no_match.length === 0)).toBe(true);
    expect(JSON.stringify(toSelfie(compile(pack)))).toBe(JSON.stringify(toSelfie(compile(baselinePack()))));
    // With its examples it loads as before.
    expect(loadBundledPack(json).pack).toEqual(baselinePack());
    // Any other pack's rule without examples is skipped, saying why.
    const other = loadPack(bundled);
    expect(other.pack.rules).toEqual([]);
    expect(other.skipped[0]).toMatchObject({ rule: json.rules[0]!.id, path: 'rules[0].examples' });
    // The bundled form is as strict as ever about the rest of a rule.
    const odd = loadBundledPack({ ...bundled, rules: [{ ...bundled.rules[0], colour: 'red' }, { ...bundled.rules[1], weight: 'heavy' }] });
    expect(odd.pack.rules).toEqual([]);
    expect(odd.skipped.map((s) => s.path)).toEqual(['rules[0]', 'rules[1].weight']);
  });

  it('compares dotted versions numerically', () => {
    expect(compareVersions('2026.11.10', '2026.11.9')).toBe(1);
    expect(compareVersions('2026.11', '2026.11.0')).toBe(0);
    expect(compareVersions('1.2', '1.10')).toBe(-1);
    expect(compareVersions('1.02', '1.2')).toBe(0);
    expect(compareVersions('1.0', '1')).toBe(0);
    // Past 2^53, and past what a number can hold at all.
    expect(compareVersions('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareVersions(`1.${'9'.repeat(400)}`, `1.${'9'.repeat(399)}8`)).toBe(1);
    expect(compareVersions('9'.repeat(400), '9'.repeat(400))).toBe(0);
    expect(compareVersions('9'.repeat(400), `1${'0'.repeat(400)}`)).toBe(-1);
  });

  it('layers an organisation pack: added rules and entities, clashing ids reported', () => {
    const base = tinyPack([{ id: 'a', indicator: 'flattery', weight: 10, any: [{ phrases: ['marvellous'] }] }]);
    const org = tinyPack(
      [
        { id: 'a', indicator: 'flattery', weight: 99, any: [{ phrases: ['other'] }] },
        { id: 'org.b', indicator: 'elicitation_nonpublic_info', weight: 40, any: [{ phrases: ['project nightingale'] }] },
      ],
      { id: 'org', version: '3', disable: ['missing.rule'] },
    );
    const { pack, issues } = layerPacks(base, [org]);
    expect(pack.rules.map((r) => r.id)).toEqual(['a', 'org.b']);
    expect(pack.version).toBe('1+org@3');
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('rule "a" already exists'), expect.stringContaining('cannot disable unknown rule "missing.rule"')]);
    expect(compile(pack).score(approach('Tell me about project nightingale')).level).toBe('medium');
  });

  it('says what of an organisation pack is not used: its own thresholds, indicator settings, and a combination whose id is taken', () => {
    const base = tinyPack([], { combinations: [{ id: 'both', when: ['flattery', 'off_platform_move'], bonus: 10, description: 'd' }] });
    const org = tinyPack([], {
      id: 'org',
      thresholds: { low: 5, medium: 10, high: 15 },
      indicators: { ...base.indicators, flattery: { title: 'Flattery', summary: 's', cap: 0, weak: true } },
      combinations: [
        { id: 'both', when: ['paid_consultancy_or_reports', 'off_platform_move'], bonus: 50, description: 'd' },
        { id: 'org.paid-and-move', when: ['paid_consultancy_or_reports', 'off_platform_move'], bonus: 15, description: 'd' },
      ],
    });
    const { pack, issues } = layerPacks(base, [org]);
    expect(issues.map((i) => i.message)).toEqual([
      `combination "both" already exists; the overlay's copy was skipped`,
      'its thresholds are not used: levels keep the baseline\u2019s',
      'its settings of flattery are not used: each indicator keeps the baseline\u2019s',
    ]);
    expect(pack.thresholds).toEqual(base.thresholds);
    expect(pack.combinations?.map((c) => [c.id, c.bonus])).toEqual([['both', 10], ['org.paid-and-move', 15]]);
    // A pack that repeats the baseline's settings is told nothing.
    expect(layerPacks(base, [tinyPack([], { id: 'org2' })]).issues).toEqual([]);
  });

  it('gives a layered pack the earliest expiry of its parts', () => {
    const base = tinyPack([], { expires: '2027-05-23' });
    expect(layerPacks(base, [tinyPack([], { id: 'org', expires: '2027-01-31' })]).pack.expires).toBe('2027-01-31');
    expect(layerPacks(base, [tinyPack([], { id: 'org', expires: '2027-06-01' })]).pack.expires).toBe('2027-05-23');
    expect(layerPacks(tinyPack([]), [tinyPack([], { id: 'org' })]).pack.expires).toBeUndefined();
    expect(layerPacks(tinyPack([]), [tinyPack([], { id: 'org', expires: '2027-06-01' })]).pack.expires).toBe('2027-06-01');
  });
});
