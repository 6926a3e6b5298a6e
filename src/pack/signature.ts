// Ed25519 detached signatures over the exact bytes of a pack file (DESIGN: "Updates"). The same
// code checks a signature in the extension and in the command line: WebCrypto in both.
//
// A signed pack is two files side by side: the pack (canonical JSON, any bytes the signer
// chose) and `<pack>.sig`, the standard base64 of the 64-byte signature. A public key is its
// 32 raw bytes in standard base64, as the `trustedKeys` policy takes it.

export const SIGNATURE_BYTES = 64;
export const PUBLIC_KEY_BYTES = 32;
/** A signature file is a line of base64 (88 characters); anything longer is not one. */
export const MAX_SIGNATURE_FILE_BYTES = 1024;

/** Standard base64 to bytes; undefined when `text` is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const clean = text.trim();
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) return undefined;
  const binary = atob(clean);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * One spelling for each key: white space around it and a last character whose unused bits are
 * set decode to the same bytes, and the floor (org-pack.ts) knows a key by its spelling. Text
 * that is not base64 is returned as it is.
 */
export function canonicalKey(text: string): string {
  const bytes = fromBase64(text);
  return bytes ? toBase64(bytes) : text;
}

/** The signature file's contents as signature bytes, or the reason they are not one. */
export function parseSignature(text: string): { ok: true; signature: Uint8Array } | { ok: false; reason: string } {
  const bytes = fromBase64(text);
  if (!bytes) return { ok: false, reason: 'the signature file is not base64' };
  if (bytes.length !== SIGNATURE_BYTES) return { ok: false, reason: `the signature decodes to ${bytes.length} bytes; an Ed25519 signature has ${SIGNATURE_BYTES}` };
  return { ok: true, signature: bytes };
}

export type VerifyResult = { ok: true; key: string } | { ok: false; reason: string };

/**
 * Whether one of `keys` (base64 public keys) signed exactly `data`. A key that is not a valid
 * public key is passed over (policy validation reports it); with none usable the answer says so.
 */
export async function verifySignature(data: Uint8Array, signature: Uint8Array, keys: readonly string[]): Promise<VerifyResult> {
  let usable = 0;
  let unsupported = false;
  for (const key of keys) {
    const raw = fromBase64(key);
    if (!raw || raw.length !== PUBLIC_KEY_BYTES) continue;
    let publicKey: CryptoKey;
    try {
      publicKey = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    } catch (error) {
      // A browser whose WebCrypto has no Ed25519 (Chrome before 137) says so for every key.
      if ((error as { name?: unknown } | null)?.name === 'NotSupportedError') unsupported = true;
      continue;
    }
    usable++;
    if (await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature as BufferSource, data as BufferSource)) return { ok: true, key };
  }
  if (usable === 0 && unsupported) return { ok: false, reason: 'this browser cannot check Ed25519 signatures (Chrome 137 or later and Firefox 129 or later can)' };
  if (usable === 0) return { ok: false, reason: keys.length === 0 ? 'no trusted key is set' : 'none of the trusted keys is a usable Ed25519 public key' };
  return { ok: false, reason: usable === 1 ? 'the signature does not match the pack under the trusted key' : `the signature does not match the pack under any of the ${usable} trusted keys` };
}

/** Where a pack's signature is published: the pack's address with `.sig` added to its path. */
export function signatureUrl(packUrl: string): string {
  const url = new URL(packUrl);
  url.pathname = `${url.pathname}.sig`;
  return url.href;
}
