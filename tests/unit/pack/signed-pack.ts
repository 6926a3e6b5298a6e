// Signed organisation packs for tests: real Ed25519 keys and signatures from WebCrypto.
import { canonicalJson } from '../../../src/pack/canonical';
import { toBase64 } from '../../../src/pack/signature';

export interface TestKey {
  privateKey: CryptoKey;
  /** Raw public key, standard base64, as the trustedKeys policy takes it. */
  publicKey: string;
}

export async function makeKey(): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: toBase64(raw) };
}

/** The signature file's contents for `bytes`. */
export async function signBytes(key: TestKey, bytes: Uint8Array): Promise<string> {
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, bytes as BufferSource));
  return `${toBase64(signature)}\n`;
}

/** A sender's profile that only the test organisation pack flags. */
export const FLAGGED_PROFILE = 'https://www.linkedin.com/in/org-pack-test-persona/';

/** A small organisation pack: one rule with its examples, one flagged persona. */
export function orgPack(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 1,
    id: 'org.security-team',
    name: 'Security team rules',
    version: '2026.12.1',
    publisher: 'Parliamentary Security Department',
    published: '2026-11-28',
    rules: [
      {
        id: 'org.committee-papers',
        indicator: 'elicitation_nonpublic_info',
        weight: 30,
        status: 'stable',
        description: 'Asks for draft committee papers.',
        advice: 'Do not share unpublished committee papers.',
        references: ['Security team briefing'],
        any: [{ phrases: ['draft committee papers'] }],
        examples: {
          match: ['Could you send me the draft committee papers?', 'We pay well for draft committee papers.'],
          no_match: ['The committee papers are published online.', 'Thanks for the report.'],
        },
      },
    ],
    entities: [
      {
        id: 'org.test-persona',
        name: 'Orla Packtest',
        type: 'persona',
        profileUrls: [FLAGGED_PROFILE],
        matchInText: false,
        flaggedBy: 'Parliamentary Security Department',
        source: 'internal notice',
        confidence: 'official',
      },
    ],
    ...overrides,
  };
}

/** The pack's file bytes, as `pack build` writes them. */
export const packBytes = (pack: unknown): Uint8Array => new TextEncoder().encode(canonicalJson(pack));
