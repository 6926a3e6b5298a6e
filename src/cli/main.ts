// approach-guard command line: score, pack, reports, eval, bench. Run through npm scripts, e.g.
// `npm run -s score -- approaches.jsonl`. Machine-readable output goes to stdout, everything
// else to stderr, so `npm run -s` output always parses.
import { chmodSync, existsSync, lstatSync, readdirSync, readlinkSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import baseline from '../../rules/baseline.pack.json';
import { buildPack, formatProblem } from '../pack/build';
import { layerPacks } from '../pack/layer';
import { BASELINE_PACK, BASELINE_SOURCES, builtInBaseline, CommandError, loadPackFile, REPO_ROOT, UsageError } from './pack-file';
import {
  entitiesYaml,
  PROBLEMS_KEPT,
  listedProfiles,
  NotUtf8Error,
  parseSkipList,
  readEntitiesFile,
  readReports,
  readReportSources,
  renderSummary,
  reportedEntities,
  safeText,
  summaryCsv,
  summaryJson,
  tallyReports,
  type EntitiesFile,
  type EntityOptions,
} from './reports';
import { RECEIVE_MAX_REPORTS, startReceiver, type Receiver } from './receive';
import { scoreStream } from './score';
import { generateKeyFile, isPublicKey, signPackFile, verifyPackFile } from './sign';
import { say } from './printable';
import { readUtf8File } from '../pack/utf8-file';

const USAGE = `usage:
  approach-guard score [--pack PACK.json] FILE|-      score JSON lines (one verdict line per input line);
                                                      an organisation's pack is layered over the built-in
                                                      one, a pack with the built-in one's id replaces it
  approach-guard pack build [--out FILE] [DIR]        validate, test and write the canonical pack
  approach-guard pack lint [DIR]                      validate rule sources without running examples
  approach-guard pack test [DIR]                      validate and run every rule's examples
  approach-guard pack keygen KEY_FILE                 new key pair: private key to KEY_FILE, public key printed
  approach-guard pack sign --key KEY_FILE PACK_FILE   sign a built pack into PACK_FILE.sig, print the public key
  approach-guard pack verify --key PUBLIC_KEY [--key PUBLIC_KEY ...] PACK_FILE [--sig SIG_FILE]
                                                      print the key that signed the pack (default PACK_FILE.sig)
  approach-guard reports summary [--json | --csv] [--pack PACK.json ...] [--since YYYY-MM-DD] FILE|DIR|- ...
                                                      reports a webhook received, counted by the person reported
  approach-guard reports entities [--min-reports N] [--id-prefix ID] [--flagged-by TEXT] [--source TEXT]
                                  [--skip FILE] [--out FILE|-] [--pack PACK.json ...] [--since YYYY-MM-DD] FILE|DIR|- ...
                                                      flagged-profile entries for an organisation pack, for
                                                      reported profiles no pack lists yet (added to FILE)
  approach-guard reports receive --dir DIR [--host 127.0.0.1] [--port 8787] [--path /] [--origin ORIGIN ...] [--max-reports N]
                                                      a report endpoint storing each report in DIR, once
  approach-guard eval [--json] [--pack PACK.json] [DATA_DIR]   detection quality on labelled data (--pack as for score)
  approach-guard bench [--json]                       speed of the engine`;


function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

/** Every value of an option that may be given more than once, in order. */
function takeOptions(args: string[], name: string): string[] {
  const values: string[] = [];
  for (let value = takeOption(args, name); value !== undefined; value = takeOption(args, name)) values.push(value);
  return values;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

/**
 * What is left once the known options are taken: at most `max` operands, and no other option
 * (`-` alone is standard input). A script's typo is an error, not an argument quietly ignored.
 */
function operands(args: readonly string[], max: number, command: string): string[] {
  const unknown = args.find((arg) => arg.startsWith('-') && arg !== '-');
  if (unknown !== undefined) throw new UsageError(`${command}: unknown option "${unknown}"`);
  if (args.length > max) throw new UsageError(`${command}: ${max === 0 ? 'takes no' : `takes at most ${max}`} argument${max === 1 ? '' : 's'}, not ${args.map((a) => `"${a}"`).join(' ')}`);
  return [...args];
}

/**
 * Writes `text` to `path` whole or not at all: a failed write leaves any earlier file as it was.
 * An earlier file keeps its place and its permissions: a link is followed, so the file it points
 * to is the one written (renaming over the link would leave that file as it was), and the new
 * file takes the old one's mode.
 */
function writeWhole(path: string, text: string): void {
  // Links followed one by one (as far as the system would), so a link to a file not made yet
  // is followed too.
  let target = path;
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!lstatSync(target).isSymbolicLink()) break;
      target = resolve(dirname(target), readlinkSync(target));
    } catch {
      break;
    }
  }
  let mode: number | undefined;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    // No file there yet: made with the usual permissions.
  }
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, mode === undefined ? {} : { mode });
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw new CommandError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** The first failure to write the output, when it is one a reader that stopped early does not explain. */
let outputFailure: Error | undefined;
const noteOutputFailure = (e: NodeJS.ErrnoException | null | undefined) => {
  if (e && e.code !== 'EPIPE') outputFailure ??= e;
};

/** Ends the command (exit code 2) once a write of the output has failed: what was printed is all there is. */
function stopIfOutputFailed(): void {
  if (outputFailure) throw new CommandError(`cannot write the output: ${outputFailure.message}`);
}

/** Output, a line unless `end` says otherwise. Writes report failures later (a full disk): see `outputWritten`. */
function writeOut(text: string, end = '\n'): void {
  stopIfOutputFailed();
  process.stdout.write(`${text}${end}`, noteOutputFailure);
}

/** Waits until every line is written. */
async function outputWritten(): Promise<void> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  stopIfOutputFailed();
}

async function runPack(args: string[]): Promise<number> {
  const sub = args.shift();
  if (sub === 'keygen' || sub === 'sign' || sub === 'verify') return runSigning(sub, args);
  if (sub !== 'build' && sub !== 'lint' && sub !== 'test') throw new UsageError(`unknown pack command "${sub ?? ''}"`);
  const out = sub === 'build' ? takeOption(args, '--out') : undefined;
  const [source] = operands(args, 1, `pack ${sub}`);
  const dir = resolve(source ?? BASELINE_SOURCES);
  // A directory it cannot read at all is an input it cannot read (status 2); a file in it that
  // cannot be read is one of the sources' problems (status 1).
  try {
    readdirSync(dir);
  } catch (e) {
    const { code, message } = e as NodeJS.ErrnoException;
    throw new CommandError(`cannot read ${dir}: ${code === 'ENOTDIR' ? 'not a directory of pack sources' : message}`);
  }
  const result = buildPack(dir, { runExamples: sub !== 'lint' });
  for (const p of result.problems) say(`${formatProblem(p)}\n`);
  if (result.problems.length > 0 || !result.pack || !result.json) {
    say(`pack ${sub}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  const { pack } = result;
  // An organisation's pack is layered over the baseline in every copy: what that would skip (an
  // id the baseline has, a rule to switch off it does not have) is said now, not after signing.
  if (pack.id !== baseline.id) for (const issue of layerPacks(builtInBaseline(), [pack]).issues) say(`${dir}: layered over the baseline, ${issue.message}\n`);
  const summary = `${pack.id} ${pack.version}: ${pack.rules.length} rules, ${pack.entities?.length ?? 0} entities`;
  if (sub === 'build') {
    const target = resolve(out ?? (source ? resolve(dir, 'pack.json') : BASELINE_PACK));
    writeWhole(target, result.json);
    say(`pack build: ${summary}, ${result.examples.passed} examples passed → ${target}\n`);
  } else if (sub === 'test') say(`pack test: ${summary}, ${result.examples.passed} examples passed\n`);
  else say(`pack lint: ${summary}, no problems\n`);
  return 0;
}

/** The one file a signing command works on: a named file, as standard input has no name to add `.sig` to. */
function fileOperand(args: readonly string[], command: string, name: string): string {
  const [file] = operands(args, 1, command);
  if (file === undefined || file === '-') throw new UsageError(`${command} needs ${name}${file === '-' ? ' as a file, not standard input' : ''}`);
  return file;
}

/** `pack keygen`, `pack sign` and `pack verify`: public keys on stdout, everything else on stderr. */
async function runSigning(sub: 'keygen' | 'sign' | 'verify', args: string[]): Promise<number> {
  const command = `pack ${sub}`;
  if (sub === 'keygen') {
    const keyFile = resolve(fileOperand(args, command, 'KEY_FILE'));
    writeOut(generateKeyFile(keyFile));
    await outputWritten();
    say(`pack keygen: put the public key above in the trustedKeys policy; keep ${keyFile} secret\n`);
    return 0;
  }
  if (sub === 'sign') {
    const keys = takeOptions(args, '--key');
    const packFile = resolve(fileOperand(args, command, 'PACK_FILE'));
    if (keys.length !== 1) throw new UsageError(`${command} needs ${keys.length === 0 ? '' : 'only '}one --key KEY_FILE`);
    const { signatureFile, publicKey } = await signPackFile(packFile, resolve(keys[0]!));
    writeWhole(`${packFile}.sig`, signatureFile);
    writeOut(publicKey);
    await outputWritten();
    say(`pack sign: signed ${packFile} → ${packFile}.sig; check that the public key above is in the trustedKeys policy\n`);
    return 0;
  }
  const keys = takeOptions(args, '--key');
  const sigFile = takeOption(args, '--sig');
  const packFile = resolve(fileOperand(args, command, 'PACK_FILE'));
  if (keys.length === 0) throw new UsageError(`${command} needs --key PUBLIC_KEY`);
  const malformed = keys.find((key) => !isPublicKey(key));
  if (malformed !== undefined) throw new UsageError(`${command}: --key "${malformed}" is not a public key (32 bytes in standard base64, 44 characters)`);
  const result = await verifyPackFile(packFile, resolve(sigFile ?? `${packFile}.sig`), keys);
  if (!result.ok) {
    say(`pack verify: ${packFile}: ${result.reason}\n`);
    return 1;
  }
  writeOut(result.key);
  await outputWritten();
  say(`pack verify: ${packFile} is signed by the key above\n`);
  return 0;
}

/** `reports receive`: the endpoint runs until it is stopped (SIGINT or SIGTERM; a second one ends it at once). */
async function runReceiver(args: string[]): Promise<number> {
  const command = 'reports receive';
  const dir = takeOption(args, '--dir');
  const host = takeOption(args, '--host') ?? '127.0.0.1';
  const portText = takeOption(args, '--port') ?? '8787';
  const path = takeOption(args, '--path') ?? '/';
  const origins = takeOptions(args, '--origin');
  const maxText = takeOption(args, '--max-reports') ?? String(RECEIVE_MAX_REPORTS);
  operands(args, 0, command);
  if (dir === undefined) throw new UsageError(`${command} needs --dir DIR, where reports are stored`);
  if (host !== 'localhost' && isIP(host) === 0) throw new UsageError(`${command}: --host "${host}" is not an IP address or localhost`);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError(`${command}: --port "${portText}" is not a port (0 to 65535)`);
  // The path as a browser sends it: a path a URL would write otherwise could never be matched.
  let written: string | undefined;
  try {
    written = new URL(path, 'http://receiver').pathname;
  } catch {
    written = undefined;
  }
  if (!path.startsWith('/') || path.length > 200 || written !== path || /[?#]/.test(path)) {
    throw new UsageError(`${command}: --path "${path}" must be a plain path starting with "/", as a URL writes it (no spaces, quotes, "..", "?" or "#")`);
  }
  const badOrigin = origins.find((o) => !/^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(o));
  if (badOrigin !== undefined) throw new UsageError(`${command}: --origin "${badOrigin}" is not an origin in lower case (scheme://host, as chrome-extension://<id>)`);
  if (!/^\d{1,7}$/.test(maxText) || Number(maxText) < 1) throw new UsageError(`${command}: --max-reports "${maxText}" is not a whole number from 1`);
  let receiver: Receiver;
  try {
    receiver = await startReceiver({ dir: resolve(dir), host, port: Number(portText), path, origins, maxReports: Number(maxText), log: (line) => say(`${line}\n`) });
  } catch (e) {
    throw new CommandError(`${command}: cannot start: ${(e as Error).message}`);
  }
  writeOut(receiver.url);
  await outputWritten();
  say(`${command}: storing reports in ${resolve(dir)}; stop with Ctrl-C\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  // A second request to stop does not wait for open requests.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  await receiver.close();
  return 0;
}


/** A file the command was given, as text; one it cannot read ends the command. */
function readText(path: string, what = ''): string {
  try {
    return readUtf8File(resolve(path));
  } catch (e) {
    throw new CommandError(`cannot read ${what}${path}: ${(e as Error).message}`);
  }
}

/**
 * Standard input, or undefined when it holds more than `max` bytes. Text that is not UTF-8 is
 * refused as a file's is (src/pack/utf8-file.ts), not read with its letters lost to U+FFFD.
 */
function readStdin(max: number): string | undefined {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  let size = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw new CommandError(`cannot read standard input: ${(e as Error).message}`);
    }
    if (read === 0) break;
    size += read;
    if (size > max) return undefined;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new NotUtf8Error('it is not UTF-8 text');
  }
}

/** `reports summary`, `reports entities` and `reports receive`: for the security team that receives reports (src/cli/reports.ts, receive.ts). */
async function runReports(args: string[]): Promise<number> {
  const sub = args.shift();
  if (sub === 'receive') return runReceiver(args);
  if (sub !== 'summary' && sub !== 'entities') throw new UsageError(`unknown reports command "${sub ?? ''}"`);
  const command = `reports ${sub}`;
  const json = sub === 'summary' && takeFlag(args, '--json');
  const csv = sub === 'summary' && takeFlag(args, '--csv');
  if (json && csv) throw new UsageError(`${command}: --json and --csv cannot be given together`);
  const packs = takeOptions(args, '--pack');
  const sinceText = takeOption(args, '--since');
  let since: string | undefined;
  if (sinceText !== undefined) {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(sinceText) ? new Date(`${sinceText}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== sinceText) throw new UsageError(`${command}: --since "${sinceText}" is not a date (YYYY-MM-DD)`);
    since = date.toISOString();
  }
  let entityOptions: EntityOptions | undefined;
  let out: string | undefined;
  if (sub === 'entities') {
    const min = takeOption(args, '--min-reports') ?? '1';
    if (!/^\d{1,4}$/.test(min) || Number(min) < 1) throw new UsageError(`${command}: --min-reports "${min}" is not a whole number from 1`);
    const idPrefix = takeOption(args, '--id-prefix') ?? 'reported';
    if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(idPrefix) || idPrefix.length > 40) {
      throw new UsageError(`${command}: --id-prefix "${idPrefix}" must be lower-case words joined by "." or "-", at most 40 characters`);
    }
    const flaggedBy = (takeOption(args, '--flagged-by') ?? 'Security team').trim();
    if (flaggedBy.length === 0 || flaggedBy.length > 500) throw new UsageError(`${command}: --flagged-by must be 1 to 500 characters`);
    const source = (takeOption(args, '--source') ?? 'Reports from users of Approach Guard').trim();
    if (source.length === 0 || source.length > 1000) throw new UsageError(`${command}: --source must be 1 to 1,000 characters`);
    const skipFile = takeOption(args, '--skip');
    const skip = skipFile === undefined ? new Set<string>() : parseSkipList(readText(skipFile), skipFile);
    // "-" is standard output, as it is standard input among the paths, never a file of that name.
    out = takeOption(args, '--out');
    if (out === '-') out = undefined;
    entityOptions = { minReports: Number(min), idPrefix, flaggedBy, source, skip };
  }
  const paths = operands(args, Number.MAX_SAFE_INTEGER, command);
  if (paths.length === 0) throw new UsageError(`${command} needs report files or directories, or - for standard input`);
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError(`${command}: standard input (-) can be read once`);

  // Everything said on standard error may quote a report, a file name or a pack: escaped.
  const warn = (s: string) => say(`${command}: ${safeText(s)}\n`);
  const packFiles = [BASELINE_PACK, ...packs.map((p) => resolve(p))].map((name) => ({ name, json: readText(name, 'pack ') }));
  const listed = listedProfiles(packFiles, warn);
  // The file to add to is read before anything is written: one it cannot add to is refused whole.
  let file: EntitiesFile | undefined;
  if (out !== undefined && existsSync(resolve(out))) file = readEntitiesFile(readText(out), out);
  const { sources, problems, notes } = readReportSources(paths, readStdin);
  const read = readReports(sources, since !== undefined ? { since } : {});
  // Files that could not be read (a few), then the first inputs that are not reports.
  const shown = [...problems, ...read.problems];
  const problemCount = problems.length + read.problemCount;
  for (const note of notes) warn(note);
  for (const problem of shown.slice(0, PROBLEMS_KEPT)) warn(problem);
  if (problemCount > Math.min(shown.length, PROBLEMS_KEPT)) warn(`and ${problemCount - Math.min(shown.length, PROBLEMS_KEPT)} more inputs that are not reports`);
  const tally = tallyReports(read, listed);
  if (sub === 'summary') {
    if (csv) writeOut(summaryCsv(tally), '');
    else writeOut(json ? summaryJson(tally, listed) : renderSummary(tally, listed));
  } else {
    const options = entityOptions!;
    const taken = { ids: new Set([...listed.ids, ...(file?.ids ?? [])]), slugs: new Set(file?.slugs ?? []) };
    const { entries, left, unreadable } = reportedEntities(tally, options, taken);
    for (const u of unreadable) warn(`${u.profileUrl}: left out, as the engine cannot read its entry (${u.problem}); list it by hand`);
    const yaml = entitiesYaml(entries, file, { today: new Date().toISOString().slice(0, 10), minReports: options.minReports, packs: listed.packs });
    // A file with nothing to add is not written again.
    if (out !== undefined && yaml !== undefined) writeWhole(resolve(out), yaml);
    else if (out === undefined) writeOut(yaml!.trimEnd());
    const reasons = [
      left.listed > 0 ? `${left.listed} already listed by a pack` : '',
      left.inFile > 0 ? `${left.inFile} already in ${out}` : '',
      left.skipped > 0 ? `${left.skipped} in the --skip list` : '',
      left.fewer > 0 ? `${left.fewer} reported fewer than ${options.minReports} times` : '',
      left.noLink > 0 ? `${left.noLink} with no member profile link` : '',
      left.unusual > 0 ? `${left.unusual} whose profile id has letters other than plain Latin ones (check and list by hand)` : '',
      left.tooLong > 0 ? `${left.tooLong} whose address is too long for a pack` : '',
      left.invalid > 0 ? `${left.invalid} that would not make a valid entry (an id no longer free, or --flagged-by or --source with nothing printable)` : '',
      left.unreadable > 0 ? `${left.unreadable} whose entry the engine cannot read (above)` : '',
    ].filter(Boolean);
    const where = out === undefined ? '' : file ? (entries.length > 0 ? ` added to ${resolve(out)}` : `; ${resolve(out)} left as it was`) : ` → ${resolve(out)}`;
    warn(`${entries.length} new entr${entries.length === 1 ? 'y' : 'ies'}${where}${reasons.length > 0 ? `; left out: ${reasons.join(', ')}` : ''}`);
  }
  await outputWritten();
  if (problemCount > 0) {
    warn(`${problemCount} input${problemCount === 1 ? '' : 's'} could not be read as reports (above); the rest are counted`);
    return 1;
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  switch (command) {
    case 'score': {
      const packPath = takeOption(args, '--pack');
      const [file] = operands(args, 1, 'score');
      if (!file) throw new UsageError('score needs a FILE, or - for standard input');
      const scorer = loadPackFile(packPath ? resolve(packPath) : BASELINE_PACK);
      const bad = await scoreStream(scorer, file, writeOut, (l) => say(`${l}\n`));
      await outputWritten();
      return bad > 0 ? 1 : 0;
    }
    case 'pack':
      return runPack(args);
    case 'reports':
      return runReports(args);
    case 'eval': {
      const { runEval } = await import('./eval');
      const json = takeFlag(args, '--json');
      const packPath = takeOption(args, '--pack');
      const [data] = operands(args, 1, 'eval');
      const code = await runEval(data ? resolve(data) : resolve(REPO_ROOT, '../shared/data'), { json, out: writeOut, ...(packPath ? { packPath: resolve(packPath) } : {}) });
      await outputWritten();
      return code;
    }
    case 'bench': {
      const { runBench } = await import('./bench');
      const json = takeFlag(args, '--json');
      operands(args, 0, 'bench');
      const code = await runBench({ json, out: writeOut });
      await outputWritten();
      return code;
    }
    case undefined:
    case '--help':
    case 'help':
      say(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** The package.json scripts that run this command line. */
const NPM_SCRIPTS = new Set(['score', 'pack', 'reports', 'eval', 'bench']);

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // A reader that stops early (`| head -1`) is not an error of ours; any other failure to write
  // the output (a full disk) is.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    noteOutputFailure(e);
  });
  // Messages that cannot be written (standard error on a full disk, or closed) are lost, and the
  // command goes on: the report endpoint above all, which must still store reports, or answer
  // that it cannot.
  process.stderr.on('error', () => undefined);
  // `npm run` starts the command in the package's directory; the files named on the command
  // line are the user's, relative to where they typed it (npm gives that as INIT_CWD). A signing
  // key written from another directory would otherwise land in the working tree. Only when npm
  // ran one of these scripts, in the package's directory: a command started any other way (a
  // script that changed directory first) keeps its own.
  const typedIn = process.env.INIT_CWD;
  const byNpm = NPM_SCRIPTS.has(process.env.npm_lifecycle_event ?? '') && resolve(process.cwd()) === REPO_ROOT;
  if (byNpm && typedIn && typedIn !== process.cwd()) {
    try {
      process.chdir(typedIn);
    } catch {
      // Gone or unreadable: paths are then taken from the package's directory, as before.
    }
  }
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof UsageError) {
        say(`approach-guard: ${e.message}\n${USAGE}\n`);
        process.exit(2);
      }
      if (e instanceof CommandError) {
        say(`approach-guard: ${e.message}\n`);
        process.exit(2);
      }
      say(`approach-guard: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
