import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../../src/pack/canonical';
import { parseSignature, verifySignature } from '../../../src/pack/signature';
import { MAX_PACK_BYTES } from '../../../src/pack/update';
import { baselineJson, REPO } from '../engine/helpers';
import { orgPack } from '../pack/signed-pack';

const run = (args: string[]) =>
  spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), ...args], { encoding: 'utf8', cwd: REPO });

// Each test starts the command line in a new Node process, several times over.
vi.setConfig({ testTimeout: 60_000 });

/** A temporary directory holding an organisation pack: the baseline's rules under an id of its own. */
function packDir(): { dir: string; pack: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ag-sign-'));
  const pack = join(dir, 'org.pack.json');
  writeFileSync(pack, canonicalJson({ ...(baselineJson() as object), id: 'org.security-team' }));
  return { dir, pack };
}

/** A key made by `pack keygen` in `dir`: the key file and the public key it printed. */
function keygen(dir: string, name = 'signing.pem'): { keyFile: string; publicKey: string } {
  const keyFile = join(dir, name);
  const r = run(['pack', 'keygen', keyFile]);
  expect(r.status, r.stderr).toBe(0);
  return { keyFile, publicKey: r.stdout.trim() };
}

/** The public key of a key pair made here, never used to sign. */
function otherPublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
}

describe('npm run pack -- keygen', () => {
  it('writes a PKCS#8 private key readable by its owner alone and prints its public key', () => {
    const { dir } = packDir();
    const keyFile = join(dir, 'signing.pem');
    const r = run(['pack', 'keygen', keyFile]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(r.stderr).toMatch(/trustedKeys/);
    expect(r.stderr).toContain(`keep ${keyFile} secret`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pem = readFileSync(keyFile, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    // The printed key is the public half of the key written.
    const x = createPublicKey(pem).export({ format: 'jwk' }).x!;
    expect(r.stdout.trim()).toBe(Buffer.from(x, 'base64url').toString('base64'));
  });

  it('takes a relative path from where npm run was typed, not from the repository', () => {
    const { dir } = packDir();
    const name = `relative-${process.pid}.pem`;
    // As `npm run` starts it: in the package's directory, with the user's own in INIT_CWD.
    const r = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'pack', 'keygen', name], {
      encoding: 'utf8',
      cwd: REPO,
      env: { ...process.env, INIT_CWD: dir, npm_lifecycle_event: 'pack' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, name))).toBe(true);
    expect(existsSync(join(REPO, name))).toBe(false);
    // Started another way (not by one of its npm scripts, or not from the package's directory),
    // a command keeps the directory it was started in, whatever INIT_CWD an outer npm left.
    for (const [env, label] of [[{}, 'no npm script'], [{ npm_lifecycle_event: 'pack' }, 'another directory']] as const) {
      const here = mkdtempSync(join(tmpdir(), 'ag-here-'));
      const other = spawnSync(resolve(REPO, 'node_modules/.bin/tsx'), [resolve(REPO, 'src/cli/main.ts'), 'pack', 'keygen', name], {
        encoding: 'utf8',
        cwd: here,
        env: { ...process.env, npm_lifecycle_event: '', INIT_CWD: dir, ...env },
      });
      expect(other.status, other.stderr).toBe(0);
      expect(existsSync(join(here, name)), label).toBe(true);
    }
  });

  it('never overwrites a key file', () => {
    const { dir } = packDir();
    const { keyFile } = keygen(dir);
    const before = readFileSync(keyFile, 'utf8');
    const r = run(['pack', 'keygen', keyFile]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${keyFile} already exists`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['org.pack.json', 'signing.pem']);
  });
});

describe('npm run pack -- sign and verify', () => {
  it('signs the exact bytes of a pack into PACK.sig, which verify and the extension’s own check accept', async () => {
    const { dir, pack } = packDir();
    const { keyFile, publicKey } = keygen(dir);
    const sign = run(['pack', 'sign', '--key', keyFile, pack]);
    expect(sign.status, sign.stderr).toBe(0);
    expect(sign.stdout).toBe(`${publicKey}\n`);
    const sig = readFileSync(`${pack}.sig`, 'utf8');
    expect(sig).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    expect(readdirSync(dir).sort()).toEqual(['org.pack.json', 'org.pack.json.sig', 'signing.pem']);

    const verify = run(['pack', 'verify', '--key', otherPublicKey(), '--key', publicKey, pack]);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toBe(`${publicKey}\n`);

    // The extension checks with src/pack/signature.ts: the same file must pass there.
    const parsed = parseSignature(sig);
    if (!parsed.ok) throw new Error(parsed.reason);
    const bytes = new Uint8Array(readFileSync(pack));
    expect(await verifySignature(bytes, parsed.signature, [publicKey])).toEqual({ ok: true, key: publicKey });
    bytes[100]! ^= 1;
    expect((await verifySignature(bytes, parsed.signature, [publicKey])).ok).toBe(false);
  });

  it('refuses a pack changed by one byte, and a signature by another key, with exit code 1', () => {
    const { dir, pack } = packDir();
    const { keyFile, publicKey } = keygen(dir);
    expect(run(['pack', 'sign', '--key', keyFile, pack]).status).toBe(0);

    const wrongKey = run(['pack', 'verify', '--key', otherPublicKey(), pack]);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toBe('');
    expect(wrongKey.stderr).toMatch(/the signature does not match the pack under the trusted key/);

    // A different key that made its own signature of the same pack: its .sig, given by --sig, is refused too.
    const other = keygen(dir, 'other.pem');
    const copy = join(dir, 'copy.pack.json');
    copyFileSync(pack, copy);
    expect(run(['pack', 'sign', '--key', other.keyFile, copy]).status).toBe(0);
    expect(run(['pack', 'verify', '--key', publicKey, pack, '--sig', `${copy}.sig`]).status).toBe(1);
    expect(run(['pack', 'verify', '--key', other.publicKey, pack, '--sig', `${copy}.sig`]).status).toBe(0);

    const bytes = readFileSync(pack);
    // A space in the pack's indentation becomes a tab: the JSON is the same, the bytes are not.
    const i = bytes.indexOf(0x20);
    bytes[i] = 0x09;
    writeFileSync(pack, bytes);
    const changed = run(['pack', 'verify', '--key', publicKey, pack]);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toBe('');
    expect(changed.stderr).toContain(`pack verify: ${pack}: the signature does not match the pack`);
  });

  it('writes the signature whole or not at all: a failed write leaves the earlier one as it was', () => {
    const { dir, pack } = packDir();
    const { keyFile } = keygen(dir);
    writeFileSync(`${pack}.sig`, 'the earlier signature\n');
    // The shell's file-size limit (none at all) makes the write fail.
    const tsx = resolve(REPO, 'node_modules/.bin/tsx');
    const r = spawnSync('sh', ['-c', `ulimit -f 0; exec "${tsx}" "${resolve(REPO, 'src/cli/main.ts')}" pack sign --key "${keyFile}" "${pack}"`], { encoding: 'utf8', cwd: REPO });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot write ${pack}.sig: EFBIG`);
    expect(r.stdout).toBe('');
    expect(readFileSync(`${pack}.sig`, 'utf8')).toBe('the earlier signature\n');
    expect(readdirSync(dir).sort()).toEqual(['org.pack.json', 'org.pack.json.sig', 'signing.pem']);
  });

  it('gives the reason when the signature file is not a signature, with exit code 1', () => {
    const { dir, pack } = packDir();
    const { publicKey } = keygen(dir);
    writeFileSync(`${pack}.sig`, 'not a signature\n');
    const r = run(['pack', 'verify', '--key', publicKey, pack]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the signature file is not base64');
  });

  it('refuses to sign a file that is not a valid pack, naming it, and writes no signature', () => {
    const { dir } = packDir();
    const { keyFile } = keygen(dir);
    const cases: Array<[string, string, RegExp]> = [
      ['frame.json', '{"format":1}', /frame\.json: the pack is not valid: id: /],
      ['text.json', 'not JSON at all\n', /cannot read pack .*text\.json: /],
      ['latin1.json', '{"name":"caf\u00e9"}', /cannot read pack .*latin1\.json: it is not UTF-8 text/],
      ['baseline.json', readFileSync(resolve(REPO, 'rules/baseline.pack.json'), 'utf8'), /baseline\.json: the pack has the baseline's id \(approach-guard-baseline\); an organisation pack needs its own/],
      ['expired.json', canonicalJson({ ...(baselineJson() as object), id: 'org.old', expires: '2020-01-01' }), /expired\.json: the pack expired on 2020-01-01/],
      ['future.json', canonicalJson({ ...(baselineJson() as object), id: 'org.typo', published: '2206-11-30' }), /future\.json: it is dated 2206-11-30, a day not yet come/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), name === 'latin1.json' ? Buffer.from(text, 'latin1') : text);
      const r = run(['pack', 'sign', '--key', keyFile, join(dir, name)]);
      expect(r.status, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, `${name}.sig`)), name).toBe(false);
    }
  });

  it('signs an organisation pack of flagged profiles alone, and names the rules the extension would skip', () => {
    const { dir } = packDir();
    const { keyFile } = keygen(dir);
    const pack = baselineJson() as { id: string; rules: Array<{ id: string; weight: unknown }> };
    pack.id = 'org.flagged-profiles';
    for (const rule of pack.rules) rule.weight = 'heavy';
    const path = join(dir, 'profiles.json');
    writeFileSync(path, canonicalJson(pack));
    const r = run(['pack', 'sign', '--key', keyFile, path]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`profiles.json: skipped rule ${pack.rules[0]!.id}: `);
    expect(existsSync(`${path}.sig`)).toBe(true);
  });

  it('refuses a pack whose own examples fail once layered over the baseline, as every copy would, and writes no signature', () => {
    const { dir } = packDir();
    const { keyFile } = keygen(dir);
    const pack = orgPack({ published: new Date().toISOString().slice(0, 10) });
    const [rule] = pack.rules as Array<{ examples: { match: string[] } }>;
    rule!.examples.match[0] = 'Could you send me the draft committee minutes?';
    const path = join(dir, 'edited.json');
    writeFileSync(path, canonicalJson(pack));
    const r = run(['pack', 'sign', '--key', keyFile, path]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('edited.json: self-test failed for rule org.committee-papers: example should match but does not: "Could you send me the draft committee minutes?"');
    expect(existsSync(`${path}.sig`)).toBe(false);
  });

  it('signs a pack that every copy takes in part, naming each rule the layering or the compiler skips', () => {
    const { dir } = packDir();
    const { keyFile } = keygen(dir);
    const baselineRule = (baselineJson() as { rules: Array<{ id: string }> }).rules[0]!;
    const pack = orgPack({ published: new Date().toISOString().slice(0, 10) });
    const [own] = pack.rules as Array<Record<string, unknown>>;
    (pack.rules as unknown[]).push(
      // The baseline has this id: every copy keeps the baseline's rule and skips this one.
      { ...own, id: baselineRule.id },
      // Nested repetition: the expression safety check refuses it.
      { ...own, id: 'org.slow-pattern', any: [{ regex: '(a+)+$' }], examples: { match: ['aaaa'], no_match: ['b'] } },
    );
    const path = join(dir, 'partial.json');
    writeFileSync(path, canonicalJson(pack));
    const r = run(['pack', 'sign', '--key', keyFile, path]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`partial.json: rule "${baselineRule.id}" already exists; the overlay's copy was skipped`);
    expect(r.stderr).toMatch(/partial\.json: skipped rule org\.slow-pattern: /);
    expect(r.stderr).not.toMatch(/org\.committee-papers/);
    expect(existsSync(`${path}.sig`)).toBe(true);
  });

  it('prints what a pack names with its control characters escaped: a rule id cannot rewrite the lines above', () => {
    const { dir } = packDir();
    const { keyFile } = keygen(dir);
    const pack = baselineJson() as { id: string; rules: Array<{ id: string; weight: unknown }> };
    pack.id = 'org.flagged-profiles';
    // Clears the line above and writes "fake ok" in its place, then retitles the window.
    pack.rules[0]!.id = '\u001b[1A\u001b[2Kfake ok\u001b]0;PWNED\u0007';
    pack.rules[0]!.weight = 'heavy';
    const path = join(dir, 'escapes.json');
    writeFileSync(path, canonicalJson(pack));
    for (const args of [['pack', 'sign', '--key', keyFile, path], ['score', '--pack', path, 'hello']]) {
      const r = run(args);
      expect(r.stderr, args[0]).toContain('skipped rule \\u{1b}[1A\\u{1b}[2Kfake ok\\u{1b}]0;PWNED\\u{7}');
      expect(r.stderr, args[0]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
  });

  it('refuses a pack larger than the extension fetches, and writes no signature', () => {
    const { dir, pack } = packDir();
    const { keyFile } = keygen(dir);
    // Valid JSON, one byte past the limit.
    const text = readFileSync(pack, 'utf8');
    writeFileSync(pack, text + ' '.repeat(MAX_PACK_BYTES + 1 - Buffer.byteLength(text)));
    const r = run(['pack', 'sign', '--key', keyFile, pack]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('5,242,881 bytes; the extension fetches a pack of at most 5,242,880 bytes');
    expect(existsSync(`${pack}.sig`)).toBe(false);
  });

  it('refuses a key file that is not an Ed25519 private key, and writes no signature', () => {
    const { dir, pack } = packDir();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const cases: Array<[string, string, RegExp]> = [
      ['rsa.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /rsa\.pem holds a private key of type rsa, not an Ed25519 one/],
      ['ec.pem', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /ec\.pem holds a private key of type ec, not an Ed25519 one/],
      ['public.pem', ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(), /public\.pem is not an Ed25519 private key in PKCS#8 PEM form/],
      ['empty.pem', '', /empty\.pem is not an Ed25519 private key/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), name === 'latin1.json' ? Buffer.from(text, 'latin1') : text);
      const r = run(['pack', 'sign', '--key', join(dir, name), pack]);
      expect(r.status, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(`${pack}.sig`)).toBe(false);
  });

  it('refuses a --key that is not a 32-byte base64 public key, and a file it cannot read, with exit code 2', () => {
    const { dir, pack } = packDir();
    const { keyFile, publicKey } = keygen(dir);
    expect(run(['pack', 'sign', '--key', keyFile, pack]).status).toBe(0);
    const malformed = ['abc', 'not base64 at all!', Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64')];
    for (const key of malformed) {
      const r = run(['pack', 'verify', '--key', publicKey, '--key', key, pack]);
      expect(r.status, key).toBe(2);
      expect(r.stdout, key).toBe('');
      expect(r.stderr, key).toContain(`--key "${key}" is not a public key`);
    }
    const noPack = run(['pack', 'verify', '--key', publicKey, join(dir, 'missing.json')]);
    expect(noPack.status).toBe(2);
    expect(noPack.stderr).toMatch(/cannot read pack .*missing\.json: ENOENT/);
    const noSig = run(['pack', 'verify', '--key', publicKey, pack, '--sig', join(dir, 'missing.sig')]);
    expect(noSig.status).toBe(2);
    expect(noSig.stderr).toMatch(/cannot read signature file .*missing\.sig: ENOENT/);
  });

  /** Runs each case in a fresh directory holding a pack, and checks it is a usage error that wrote nothing. */
  function expectUsageErrors(cases: (pack: string, key: string) => Array<[string[], RegExp]>) {
    const { dir, pack } = packDir();
    for (const [args, message] of cases(pack, join(dir, 'k.pem'))) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).toMatch(/usage:/);
    }
    expect(readdirSync(dir)).toEqual(['org.pack.json']);
  }

  it('refuses unknown options, extra operands and missing arguments to keygen and sign as usage errors', () => {
    expectUsageErrors((pack, key) => [
      [['pack', 'keygen'], /pack keygen needs KEY_FILE/],
      [['pack', 'keygen', key, 'more.pem'], /pack keygen: takes at most 1 argument/],
      [['pack', 'keygen', '--force', key], /pack keygen: unknown option "--force"/],
      [['pack', 'sign', pack], /pack sign needs one --key KEY_FILE/],
      [['pack', 'sign', '--key', key, '--key', key, pack], /pack sign needs only one --key KEY_FILE/],
      [['pack', 'sign', '--key', key, pack, 'other.json'], /pack sign: takes at most 1 argument/],
      [['pack', 'sign', '--key', key, '--out', 'x.sig', pack], /pack sign: unknown option "--out"/],
    ]);
  });

  it('refuses unknown options, extra operands and missing arguments to verify as usage errors', () => {
    const publicKey = otherPublicKey();
    expectUsageErrors((pack) => [
      [['pack', 'verify', pack], /pack verify needs --key PUBLIC_KEY/],
      [['pack', 'verify', '--key', publicKey], /pack verify needs PACK_FILE/],
      [['pack', 'verify', '--key', publicKey, pack, 'other.json'], /pack verify: takes at most 1 argument/],
      [['pack', 'verify', '--key', publicKey, '--verbose', pack], /pack verify: unknown option "--verbose"/],
      [['pack', 'verify', '--key', publicKey, pack, '--sig'], /--sig needs a value/],
    ]);
  });
});
