// Files the tools read are written by others (a publisher's YAML, a user's reports, a team's
// lists). Read as UTF-8 the usual way, a file in another encoding (Latin-1, say) loses every
// letter beyond ASCII to U+FFFD without a word, and "Café" goes into a signed pack as "Caf�".
import { readFileSync } from 'node:fs';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text (a byte order mark kept, as `readFileSync(path, 'utf8')` keeps it); throws when it is not UTF-8. */
export function readUtf8File(path: string): string {
  const bytes = readFileSync(path);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new Error('it is not UTF-8 text');
  }
}
