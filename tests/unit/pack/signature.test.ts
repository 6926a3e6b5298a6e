import { describe, expect, it, vi } from 'vitest';
import { fromBase64, parseSignature, signatureUrl, toBase64, verifySignature } from '../../../src/pack/signature';
import { makeKey, packBytes, signBytes, orgPack } from './signed-pack';

describe('pack signatures', () => {
  it('accepts the exact bytes a trusted key signed, and names the key', async () => {
    const key = await makeKey();
    const other = await makeKey();
    const bytes = packBytes(orgPack());
    const signature = parseSignature(await signBytes(key, bytes));
    if (!signature.ok) throw new Error(signature.reason);
    expect(await verifySignature(bytes, signature.signature, [other.publicKey, key.publicKey])).toEqual({ ok: true, key: key.publicKey });
  });

  it('refuses one changed byte, and a signature by a key that is not trusted', async () => {
    const key = await makeKey();
    const other = await makeKey();
    const bytes = packBytes(orgPack());
    const signature = parseSignature(await signBytes(key, bytes));
    if (!signature.ok) throw new Error(signature.reason);
    const changed = bytes.slice();
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 1;
    expect(await verifySignature(changed, signature.signature, [key.publicKey])).toEqual({
      ok: false,
      reason: 'the signature does not match the pack under the trusted key',
    });
    expect((await verifySignature(bytes, signature.signature, [other.publicKey])).ok).toBe(false);
  });

  it('says so when no key is trusted or none is usable', async () => {
    const key = await makeKey();
    const bytes = packBytes(orgPack());
    const signature = parseSignature(await signBytes(key, bytes));
    if (!signature.ok) throw new Error(signature.reason);
    expect(await verifySignature(bytes, signature.signature, [])).toEqual({ ok: false, reason: 'no trusted key is set' });
    expect(await verifySignature(bytes, signature.signature, ['not base64!', toBase64(new Uint8Array(31))])).toEqual({
      ok: false,
      reason: 'none of the trusted keys is a usable Ed25519 public key',
    });
  });

  it('says so when the browser cannot check Ed25519 signatures at all', async () => {
    const key = await makeKey();
    const importKey = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValue(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError'));
    expect(await verifySignature(new Uint8Array(1), new Uint8Array(64), [key.publicKey])).toEqual({
      ok: false,
      reason: 'this browser cannot check Ed25519 signatures (Chrome 137 or later and Firefox 129 or later can)',
    });
    importKey.mockRestore();
  });

  it('reads a signature file of base64 and refuses anything else', () => {
    expect(parseSignature(`${toBase64(new Uint8Array(64).fill(7))}\n`)).toMatchObject({ ok: true });
    expect(parseSignature('<html>Not found</html>')).toEqual({ ok: false, reason: 'the signature file is not base64' });
    expect(parseSignature(toBase64(new Uint8Array(32)))).toEqual({ ok: false, reason: 'the signature decodes to 32 bytes; an Ed25519 signature has 64' });
    expect(fromBase64('YWJj')).toEqual(new Uint8Array([97, 98, 99]));
    expect(fromBase64('YWJ')).toBeUndefined();
  });

  it('publishes the signature beside the pack, the query kept', () => {
    expect(signatureUrl('https://packs.example.org/org/pack.json')).toBe('https://packs.example.org/org/pack.json.sig');
    expect(signatureUrl('https://packs.example.org/pack.json?team=psd')).toBe('https://packs.example.org/pack.json.sig?team=psd');
  });
});
