// The SHA-256 of text (as UTF-8) or bytes, in lower-case hex: the digests the extension keeps
// (a stored pack record's, a pack file's, a report's fingerprint) are all written this way.
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(hash, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
