// Files the tools read are written by others (a publisher's YAML, a user's reports, a team's
// lists). Read as UTF-8 the usual way, a file in another encoding (Latin-1, say) loses every
// letter beyond ASCII to U+FFFD without a word, and "Café" goes into a signed pack as "Caf�".
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text (a byte order mark kept, as `readFileSync(path, 'utf8')` keeps it); throws when it is not UTF-8. */
export function readUtf8File(path: string): string {
  // A named pipe or a device would be read until its writer stops, perhaps never: only files.
  // Opened without blocking, then checked, so a pipe no one writes to cannot hold the open.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let bytes: Buffer;
  try {
    if (!fstatSync(fd).isFile()) throw new Error('it is not a regular file');
    bytes = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new Error('it is not UTF-8 text');
  }
}
