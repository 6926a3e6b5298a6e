// Signing rule packs (`pack keygen`, `pack sign`, `pack verify`). The formats are those of
// src/pack/signature.ts, which the extension uses to check an update: the private key is a
// PKCS#8 PEM file, the public key its 32 raw bytes in standard base64, the signature file the
// standard base64 of the 64-byte Ed25519 signature over the exact bytes of the pack, and a line
// break.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { closeSync, fchmodSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fromBase64, parseSignature, PUBLIC_KEY_BYTES, toBase64, verifySignature, type VerifyResult } from '../pack/signature';
import { checkPackContent, MAX_PACK_BYTES } from '../pack/update';
import { builtInBaseline, CommandError } from './pack-file';
import { say } from './printable';

/** The public key of a key pair, in the form the `trustedKeys` policy takes. */
function publicKeyOf(key: KeyObject): string {
  const { x } = createPublicKey(key).export({ format: 'jwk' });
  return toBase64(Buffer.from(x ?? '', 'base64url'));
}

/** Whether `text` is a public key as `verify` and the `trustedKeys` policy take it. */
export function isPublicKey(text: string): boolean {
  return fromBase64(text)?.length === PUBLIC_KEY_BYTES;
}

function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CommandError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/**
 * Makes a key pair and writes the private key to `path`, readable by its owner alone. An
 * existing file is never replaced: it may be the only copy of a key in use.
 */
export function generateKeyFile(path: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CommandError(code === 'EEXIST' ? `${path} already exists; a key file is never overwritten` : `cannot write ${path}: ${(e as Error).message}`);
  }
  try {
    // The mode given to open is narrowed by the umask, never widened; this makes it exact.
    fchmodSync(fd, 0o600);
    writeFileSync(fd, pem);
  } catch (e) {
    // The file is ours (it did not exist): a key cut short is no key.
    closeSync(fd);
    rmSync(path, { force: true });
    throw new CommandError(`cannot write ${path}: ${(e as Error).message}`);
  }
  closeSync(fd);
  return publicKeyOf(privateKey);
}

/**
 * Refuses a pack every copy would refuse (src/pack/update.ts, `checkPackContent`: a broken frame,
 * the baseline's id, dates a copy refuses, a rule that fails its own examples once layered over
 * the baseline), and names each thing a copy would skip.
 */
function checkPackText(text: string, path: string, warn: (s: string) => void = (s) => say(`${s}\n`)): void {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CommandError(`cannot read pack ${path}: ${(e as Error).message}`);
  }
  const checked = checkPackContent(json, { baseline: builtInBaseline(), now: Date.now(), issuesShown: Infinity });
  if (!checked.ok) throw new CommandError(`${path}: ${checked.reason}`);
  for (const note of checked.notes) warn(`${path}: ${note}`);
}

/** The Ed25519 private key in the PKCS#8 PEM file at `path`. */
function readPrivateKey(path: string): KeyObject {
  const text = readBytes(path, 'key file').toString('utf8');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch (e) {
    throw new CommandError(`${path} is not an Ed25519 private key in PKCS#8 PEM form: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CommandError(`${path} holds a private key of type ${key.asymmetricKeyType ?? 'unknown'}, not an Ed25519 one`);
  return key;
}

/**
 * Signs the exact bytes of the pack file at `packPath`, once they load as a pack. Returns the
 * text of the `.sig` file and the public key the extension must trust, once the signature has
 * passed the check the extension makes.
 */
export async function signPackFile(packPath: string, keyPath: string): Promise<{ signatureFile: string; publicKey: string }> {
  const key = readPrivateKey(keyPath);
  const bytes = readBytes(packPath, 'pack');
  if (bytes.length > MAX_PACK_BYTES) {
    throw new CommandError(`${packPath} is ${bytes.length.toLocaleString('en-GB')} bytes; the extension fetches a pack of at most ${MAX_PACK_BYTES.toLocaleString('en-GB')} bytes and would refuse it`);
  }
  // The bytes checked are the bytes signed: the file is read once. An organisation pack may
  // hold no rule of its own (flagged profiles only, layered over the baseline's rules); what it
  // holds is checked as every copy checks it before it takes the pack.
  let text: string;
  try {
    // As strict as the extension, which refuses a pack that is not UTF-8.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CommandError(`cannot read pack ${packPath}: it is not UTF-8 text`);
  }
  checkPackText(text, packPath);
  const signature = sign(null, bytes, key);
  const publicKey = publicKeyOf(key);
  const check = await verifySignature(bytes, signature, [publicKey]);
  if (!check.ok) throw new CommandError(`the signature made for ${packPath} does not verify: ${check.reason}`);
  return { signatureFile: `${toBase64(signature)}\n`, publicKey };
}

/** Whether one of `keys` signed the pack file at `packPath`, the signature being in `sigPath`. */
export async function verifyPackFile(packPath: string, sigPath: string, keys: readonly string[]): Promise<VerifyResult> {
  const bytes = readBytes(packPath, 'pack');
  const parsed = parseSignature(readBytes(sigPath, 'signature file').toString('utf8'));
  if (!parsed.ok) return parsed;
  return verifySignature(bytes, parsed.signature, keys);
}
