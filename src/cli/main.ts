// approach-guard command line: score, pack, eval, bench. Run through npm scripts, e.g.
// `npm run -s score -- approaches.jsonl`. Machine-readable output goes to stdout, everything
// else to stderr, so `npm run -s` output always parses.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPack, formatProblem } from '../pack/build';
import { BASELINE_PACK, BASELINE_SOURCES, loadPackFile, REPO_ROOT, UsageError } from './pack-file';
import { scoreStream } from './score';

const USAGE = `usage:
  approach-guard score [--pack PACK.json] FILE|-      score JSON lines (one verdict line per input line)
  approach-guard pack build [--out FILE] [DIR]        validate, test and write the canonical pack
  approach-guard pack lint [DIR]                      validate rule sources without running examples
  approach-guard pack test [DIR]                      validate and run every rule's examples
  approach-guard eval [--json] [--pack PACK.json] [DATA_DIR]   detection quality on labelled data
  approach-guard bench [--json]                       speed of the engine`;


function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

async function runPack(args: string[]): Promise<number> {
  const sub = args.shift();
  const out = takeOption(args, '--out');
  const dir = resolve(args[0] ?? BASELINE_SOURCES);
  if (sub !== 'build' && sub !== 'lint' && sub !== 'test') throw new UsageError(`unknown pack command "${sub ?? ''}"`);
  const result = buildPack(dir, { runExamples: sub !== 'lint' });
  for (const p of result.problems) process.stderr.write(`${formatProblem(p)}\n`);
  if (result.problems.length > 0 || !result.pack || !result.json) {
    process.stderr.write(`pack ${sub}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  const { pack } = result;
  const summary = `${pack.id} ${pack.version}: ${pack.rules.length} rules, ${pack.entities?.length ?? 0} entities`;
  if (sub === 'build') {
    const target = resolve(out ?? (args[0] ? resolve(dir, 'pack.json') : BASELINE_PACK));
    writeFileSync(target, result.json);
    process.stderr.write(`pack build: ${summary}, ${result.examples.passed} examples passed → ${target}\n`);
  } else if (sub === 'test') process.stderr.write(`pack test: ${summary}, ${result.examples.passed} examples passed\n`);
  else process.stderr.write(`pack lint: ${summary}, no problems\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  switch (command) {
    case 'score': {
      const packPath = takeOption(args, '--pack');
      const file = args[0];
      if (!file) throw new UsageError('score needs a FILE, or - for standard input');
      const scorer = loadPackFile(packPath ? resolve(packPath) : BASELINE_PACK);
      const bad = await scoreStream(
        scorer,
        file,
        (l) => process.stdout.write(`${l}\n`),
        (l) => process.stderr.write(`${l}\n`),
      );
      return bad > 0 ? 1 : 0;
    }
    case 'pack':
      return runPack(args);
    case 'eval': {
      const { runEval } = await import('./eval');
      const json = takeFlag(args, '--json');
      const packPath = takeOption(args, '--pack');
      return runEval(args[0] ? resolve(args[0]) : resolve(REPO_ROOT, '../shared/data'), { json, ...(packPath ? { packPath: resolve(packPath) } : {}) });
    }
    case 'bench': {
      const { runBench } = await import('./bench');
      return runBench({ json: takeFlag(args, '--json') });
    }
    case undefined:
    case '--help':
    case 'help':
      process.stderr.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`approach-guard: ${e.message}\n${USAGE}\n`);
        process.exit(2);
      }
      process.stderr.write(`approach-guard: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
