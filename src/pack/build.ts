// Builds a pack from its YAML sources (rules/ for the baseline): validate every file, rule and
// entity, compile, run every rule's examples, and write canonical JSON. Any problem is a build
// error that names the file, the line, the rule id and what is wrong.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { compile } from '../engine/compile';
import { canonicalJson } from './canonical';
import { runExamples } from './examples';
import { selectorProblem } from '../sites/selectors';
import { formatPath } from './load';
import { entitySchema, packSchema, ruleSchema, type Entity, type Rule, type RulePack } from './schema';
import { readUtf8File } from './utf8-file';

export interface BuildProblem {
  file: string;
  line?: number;
  rule?: string;
  entity?: string;
  message: string;
}

export const formatProblem = (p: BuildProblem): string =>
  `${p.file}${p.line ? `:${p.line}` : ''}${p.rule ? ` rule ${p.rule}` : ''}${p.entity ? ` entity ${p.entity}` : ''}: ${p.message}`;

interface SourceFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/**
 * The YAML files under `dir`, sorted, each directory once (a symbolic link that loops back is
 * not followed again). What cannot be read is a problem naming it, not a crash.
 */
function yamlFiles(dir: string, problems: BuildProblem[], seen = new Set<string>()): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    const real = realpathSync(dir);
    if (seen.has(real)) return out;
    seen.add(real);
    names = readdirSync(dir).sort();
  } catch (e) {
    problems.push({ file: relative(process.cwd(), dir) || dir, message: `cannot read the directory: ${(e as Error).message}` });
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch (e) {
      problems.push({ file: relative(process.cwd(), p) || p, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    if (isDirectory) out.push(...yamlFiles(p, problems, seen));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

function lineOf(src: SourceFile, path: ReadonlyArray<PropertyKey>): number | undefined {
  // Walk up the path until a node with a position is found.
  for (let n = path.length; n >= 0; n--) {
    const node = src.doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return src.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

export interface BuildResult {
  pack?: RulePack;
  json?: string;
  problems: BuildProblem[];
  /** Example runs: how many passed, for the summary line. */
  examples: { passed: number; failed: number };
}

/** Reads and validates the sources; with `runExamples`, also checks every rule's examples. */
export function buildPack(dir: string, options: { runExamples?: boolean } = {}): BuildResult {
  const problems: BuildProblem[] = [];
  const files: SourceFile[] = [];
  for (const path of yamlFiles(dir, problems)) {
    const file = relative(process.cwd(), path) || path;
    const lines = new LineCounter();
    let text: string;
    try {
      text = readUtf8File(path);
    } catch (e) {
      problems.push({ file, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    for (const e of doc.errors) problems.push({ file, line: e.linePos?.[0]?.line, message: e.message.split('\n')[0]! });
    for (const w of doc.warnings) problems.push({ file, line: w.linePos?.[0]?.line, message: w.message.split('\n')[0]! });
    files.push({ file, doc, lines });
  }
  const result: BuildResult = { problems, examples: { passed: 0, failed: 0 } };
  if (problems.length > 0) return result;

  let frame: Record<string, unknown> | undefined;
  let frameFile: SourceFile | undefined;
  const rules: Array<{ rule: Rule; src: SourceFile }> = [];
  const entities: Array<{ entity: Entity; src: SourceFile }> = [];
  const selectors: Record<string, unknown> = {};
  const selectorFile = new Map<string, string>();

  for (const src of files) {
    let data: Record<string, unknown> | null;
    try {
      // Aliases are expanded here: a file that expands to too much (an alias bomb) is refused.
      data = src.doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
    } catch (e) {
      problems.push({ file: src.file, message: `cannot be read as data: ${(e as Error).message}` });
      continue;
    }
    if (!data || typeof data !== 'object') {
      problems.push({ file: src.file, message: 'the file is empty or not a mapping' });
      continue;
    }
    const known = new Set(['rules', 'entities', 'selectors']);
    if ('format' in data) {
      if (frame) problems.push({ file: src.file, message: `a second pack header; the first is in ${frameFile!.file}` });
      frame = data;
      frameFile = src;
    } else {
      for (const k of Object.keys(data))
        if (!known.has(k)) problems.push({ file: src.file, line: lineOf(src, [k]), message: `unknown top-level key "${k}" (expected rules, entities or selectors)` });
    }
    if (data.selectors !== undefined) {
      if (typeof data.selectors !== 'object' || data.selectors === null || Array.isArray(data.selectors)) {
        problems.push({ file: src.file, line: lineOf(src, ['selectors']), message: '"selectors" must map target ids to lists of selectors' });
      } else
        for (const [target, list] of Object.entries(data.selectors as Record<string, unknown>)) {
          const where = selectorFile.get(target);
          if (where) problems.push({ file: src.file, line: lineOf(src, ['selectors', target]), message: `selector target "${target}" is also defined in ${where}` });
          selectorFile.set(target, src.file);
          selectors[target] = list;
        }
    }
    const fileRules = (data.rules ?? []) as unknown[];
    const fileEntities = (data.entities ?? []) as unknown[];
    if (!Array.isArray(fileRules) || !Array.isArray(fileEntities)) {
      problems.push({ file: src.file, message: '"rules" and "entities" must be lists' });
      continue;
    }
    fileRules.forEach((raw, i) => {
      const r = ruleSchema.safeParse(raw);
      const id = (raw as { id?: string })?.id;
      if (!r.success) {
        for (const issue of r.error.issues)
          problems.push({ file: src.file, line: lineOf(src, ['rules', i, ...issue.path]), rule: id, message: `${formatPath(issue.path) || 'rule'}: ${issue.message}` });
      } else rules.push({ rule: r.data, src });
    });
    fileEntities.forEach((raw, i) => {
      const e = entitySchema.safeParse(raw);
      const id = (raw as { id?: string })?.id;
      if (!e.success) {
        for (const issue of e.error.issues)
          problems.push({ file: src.file, line: lineOf(src, ['entities', i, ...issue.path]), entity: id, message: `${formatPath(issue.path) || 'entity'}: ${issue.message}` });
      } else entities.push({ entity: e.data, src });
    });
  }
  if (!frame || !frameFile) {
    problems.push({ file: dir, message: 'no pack header (a file with "format", "id", "version" ...)' });
    return result;
  }
  const assembled = {
    ...frame,
    rules: rules.map((r) => r.rule),
    entities: entities.map((e) => e.entity),
    ...(Object.keys(selectors).length > 0 ? { selectors: { ...(frame.selectors as object | undefined), ...selectors } } : {}),
  };
  const parsed = packSchema.safeParse(assembled);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push({ file: frameFile.file, line: lineOf(frameFile, issue.path), message: `${formatPath(issue.path)}: ${issue.message}` });
    return result;
  }

  const seen = new Map<string, string>();
  for (const { rule, src } of rules) {
    const where = seen.get(rule.id);
    if (where) problems.push({ file: src.file, rule: rule.id, message: `duplicate rule id (also in ${where})` });
    seen.set(rule.id, src.file);
  }
  const seenEntities = new Set<string>();
  for (const { entity, src } of entities) {
    if (seenEntities.has(entity.id)) problems.push({ file: src.file, entity: entity.id, message: 'duplicate entity id' });
    seenEntities.add(entity.id);
  }

  for (const [target, list] of Object.entries(parsed.data.selectors ?? {}))
    list.forEach((selector, i) => {
      const problem = selectorProblem(selector);
      const file = files.find((f) => f.file === selectorFile.get(target)) ?? frameFile;
      if (problem) problems.push({ file: file.file, line: lineOf(file, ['selectors', target, i]), message: `selector for ${target}: ${problem}` });
    });
  const pack: RulePack = { ...parsed.data, rules: rules.map((r) => r.rule), entities: entities.map((e) => e.entity) };
  const scorer = compile(pack);
  const fileOfRule = new Map(rules.map((r) => [r.rule.id, r.src.file]));
  const fileOfEntity = new Map(entities.map((e) => [e.entity.id, e.src.file]));
  for (const e of scorer.errors) {
    const file = (e.rule && fileOfRule.get(e.rule)) || (e.entity && fileOfEntity.get(e.entity)) || frameFile.file;
    problems.push({ file, ...(e.rule ? { rule: e.rule } : {}), ...(e.entity ? { entity: e.entity } : {}), message: e.message });
  }
  if (options.runExamples) {
    for (const { rule, src } of rules) {
      const failures = runExamples(scorer, rule);
      for (const f of failures) problems.push({ file: src.file, rule: rule.id, message: f });
      result.examples.failed += failures.length;
      result.examples.passed += rule.examples.match.length + rule.examples.no_match.length - failures.length;
    }
  }
  if (problems.length === 0) {
    result.pack = pack;
    result.json = canonicalJson(pack);
  }
  return result;
}
