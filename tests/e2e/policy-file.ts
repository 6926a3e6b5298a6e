// Enterprise policy for the extension under test, written where Debian's Chromium reads it
// (RECIPE.md): /etc/chromium/policies/managed/*.json as {"3rdparty":{"extensions":{<id>:{...}}}}.
// Chromium reads the directory at start-up, so tests write the file before launching.
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Debian Chromium's directory; Google Chrome reads /etc/opt/chrome/policies/managed instead. */
export const POLICY_DIR = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';

/** Why policy cannot be written here, or undefined when it can. */
export function policyUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `managed policy files are a Linux mechanism; this is ${process.platform}`;
  // The directory may not exist yet: what matters is whether it, or the parent it would be made in, is writable.
  let dir = POLICY_DIR;
  while (!existsSync(dir)) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch {
    return `${POLICY_DIR} cannot be written by this user (run as root, as CI does)`;
  }
}

export class PolicyFile {
  /** One file per extension id, so checkouts at different paths never share a policy file. */
  readonly path: string;

  constructor(readonly extensionId: string) {
    this.path = join(POLICY_DIR, `approach-guard-e2e-${extensionId}.json`);
  }

  write(values: Record<string, unknown>): void {
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(this.path, JSON.stringify({ '3rdparty': { extensions: { [this.extensionId]: values } } }, null, 2));
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
