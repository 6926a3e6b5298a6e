// `approach-guard reports receive`: a report endpoint for a security team that has none, and the
// reference for the webhook contract in src/report/README.md. It answers the extension's CORS
// preflight, checks each report against the schema the extension sends with, and stores it once
// per idempotency key, as sent (the bytes the user saw in the preview), for `reports summary`
// and `reports entities` to read. It speaks plain HTTP on 127.0.0.1 unless told otherwise: the
// extension sends to https:// only (plain http to 127.0.0.1 or localhost, for testing), so in
// use it sits behind the organisation's HTTPS proxy, which decides who can reach it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { truncateText } from '../report/compose';
import { checkReport, safeText } from './reports';

/** A reason or a path, short enough for an answer and a log line. */
const cut = (text: string) => truncateText(text, 200);

/**
 * The largest body taken: above the largest report the extension composes (twenty excerpts of
 * 1,000 characters and a note of 2,000, each character up to six bytes once written as JSON,
 * about 140 KB); most are a few kilobytes.
 */
export const RECEIVE_MAX_BYTES = 256 * 1024;
/** Stored reports at most, unless told otherwise: a flood fills this, not the disk. */
export const RECEIVE_MAX_REPORTS = 2000;
/** How long the extension is asked to wait when a report could not be stored. */
const RETRY_AFTER_SECONDS = 300;
/** Connections at once; each may hold up to RECEIVE_MAX_BYTES while its body arrives. */
const MAX_CONNECTIONS = 64;
/** The extension gives up on a request after 10 s: nothing slower is waited for. */
const HEADERS_TIMEOUT_MS = 10_000;
/** For the whole request, its body included. */
const REQUEST_TIMEOUT_MS = 15_000;
/**
 * How often the server looks for requests past those times. Node's default, 30 s, let a client
 * that sends a byte now and then hold a connection for over half a minute, and 64 of them every
 * connection there is.
 */
const TIMEOUT_CHECK_MS = 1000;
/** After a stop is asked for, open requests have this long to finish. */
const GRACE_MS = 2000;

export interface ReceiverOptions {
  /** Where reports are stored, one file per report: `<idempotencyKey in lower case>.json`. */
  dir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The path reports are posted to. */
  path?: string;
  /**
   * The browser origins whose requests are answered (`chrome-extension://<id>`); none: any
   * extension's (`chrome-extension://…` or `moz-extension://…`), never a web page's.
   */
  origins?: readonly string[];
  /** How many reports the directory may hold; past it, new ones are asked to come back later. */
  maxReports?: number;
  /** One line for each request, already escaped. One that throws (a full disk) loses its line, nothing more. */
  log?: (line: string) => void;
  /** How long a client may take to send its headers, and its whole request (10 s and 15 s unless told otherwise). */
  timeouts?: { headersMs: number; requestMs: number };
}

export interface Receiver {
  /** The address to give the extension (the webhook), behind the organisation's HTTPS proxy. */
  url: string;
  /** Stops taking requests, lets open ones finish for a moment, then closes what is left. */
  close(): Promise<void>;
}

type Reply = { status: number; body?: Record<string, unknown>; headers?: Record<string, string>; key?: string };

/** A report file name: a key the schema checked, in lower case. */
const REPORT_FILE = /^[0-9a-f-]{36}\.json$/;
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

/** Writes `body` to a new file and to the disk before resolving (mode 0600). */
async function writeDurably(file: string, body: Buffer): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The directory's own entry on the disk too, so a name just linked survives a crash. Where the
 * system cannot open or flush a directory (Windows, some network file systems), the file's own
 * flush is what there is.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (e) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '')) return;
    throw e;
  }
  try {
    await handle.sync();
  } catch (e) {
    if (!['EINVAL', 'EPERM', 'EBADF', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await handle.close();
  }
}

/** How many of a directory's names are reports'. */
const reportCount = (names: readonly string[]) => names.filter((name) => REPORT_FILE.test(name)).length;

/** A report on its way to the disk (see `store`): its key and a random suffix. */
const temporaryName = (key: string) => `.${key}.${randomBytes(6).toString('hex')}.tmp`;
/** The names `temporaryName` gives. */
const TEMPORARY_FILE = /^\.[0-9a-f-]{36}\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temporary files a stopped run left (killed while writing, or the machine lost
 * power), so that they do not pile up; returns how many. Each is a report that was not answered
 * with success, which the extension sends again, or a second name of one that was stored.
 * Another endpoint writing to the same directory at this moment would answer its request with
 * 503, and that report comes again too.
 */
function removeTemporaries(dir: string): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!TEMPORARY_FILE.test(name)) continue;
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch {
      // Gone already, or not ours to remove: left as it is.
    }
  }
  return removed;
}

/** The report `file` holds, or undefined (none, or a crash left it empty or cut short). */
async function holdsReport(file: string): Promise<Buffer | undefined> {
  try {
    const stored = await readFile(file);
    return 'report' in checkReport(JSON.parse(stored.toString('utf8'))) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** Whether anything is at `path`. */
const exists = (path: string) => stat(path).then(
  () => true,
  () => false,
);

/**
 * The answer to a report whose key is stored already: a repeat (a retry after a lost answer) is a
 * success and not stored again; the same key with other content is refused.
 */
const already = (stored: Buffer, body: Buffer, key: string): Reply =>
  stored.equals(body) ? { status: 200, body: { stored: false, repeat: true }, key } : { status: 409, body: { error: 'another report was stored under this Idempotency-Key' }, key };

/** Starts the endpoint; resolves once it listens. */
export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/';
  const origins = options.origins ?? [];
  const maxReports = options.maxReports ?? RECEIVE_MAX_REPORTS;
  /** A line for the log. One that cannot be written (standard error on a full disk) is lost; the report is not. */
  const log = (line: string) => {
    try {
      options.log?.(line);
    } catch {
      // Nothing to tell, and no one to tell it to.
    }
  };
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const left = removeTemporaries(options.dir);
  if (left > 0) log(safeText(`${new Date().toISOString()} removed ${left} temporary file${left === 1 ? '' : 's'} an earlier run left in ${options.dir}`));
  // Counted at the start, and again when the count reaches the limit (the team may have moved
  // reports out since).
  let stored = reportCount(readdirSync(options.dir));
  // Reports on their way to the disk: each holds its place from the check until it is stored or
  // not, so reports that arrive together cannot pass the limit between them.
  let pending = 0;
  /** Reports stored by this run: those stored while the directory is counted again are added to the count. */
  let added = 0;
  /** Counts the directory again. A report stored meanwhile may count twice: the error is a refusal, retried later. */
  const recount = async () => {
    const before = added;
    let names: string[];
    try {
      names = await readdir(options.dir);
    } catch (e) {
      // A directory moved away (archived, say) holds nothing now: the next store makes it again.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      names = [];
    }
    stored = reportCount(names) + (added - before);
  };

  /** The Access-Control-Allow-Origin to answer `origin` with, or undefined when it is not allowed. */
  const allowed = (origin: string | undefined): string | undefined => {
    if (origin === undefined) return undefined;
    return (origins.length > 0 ? origins.includes(origin) : EXTENSION_ORIGIN.test(origin)) ? origin : undefined;
  };

  const store = async (key: string, body: Buffer): Promise<Reply> => {
    const file = join(options.dir, `${key}.json`);
    // Looked for first: a repeat needs no disk space.
    const existing = await holdsReport(file);
    if (existing) return already(existing, body, key);
    // A file a crash left takes no more room once replaced.
    const replacing = await exists(file);
    if (!replacing && stored + pending >= maxReports) {
      try {
        await recount();
      } catch {
        // Counted below, when the store fails.
      }
      if (stored + pending >= maxReports) {
        return { status: 507, body: { error: 'the endpoint holds as many reports as it may; try again later' }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) }, key };
      }
    }
    let held = !replacing;
    if (held) pending++;
    // Written whole and to the disk under another name, then linked into place: a file is there
    // complete or not at all, and two deliveries of the same report at once store it once. A
    // file a crash left empty or cut short is replaced.
    const temporary = join(options.dir, temporaryName(key));
    try {
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      await writeDurably(temporary, body);
      try {
        await link(temporary, file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          const now = await holdsReport(file);
          if (now) return already(now, body, key);
          await rename(temporary, file);
        } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
          // No hard links here (some network and removable file systems): renamed into place,
          // which is whole too, and replaces a file a crash left (a repeat of a stored report
          // was answered above; storeOnce keeps two deliveries of one key apart).
          await rename(temporary, file);
        } else throw e;
      }
      // In place: counted, whether or not the directory's flush below succeeds.
      added++;
      if (held) {
        held = false;
        pending--;
        stored++;
      }
      await syncDirectory(options.dir);
      return { status: 201, body: { stored: true }, key };
    } catch (e) {
      // The answer first: whatever happens to the log line, the extension is asked to come back.
      const reply: Reply = { status: 503, body: { error: 'the report could not be stored; try again later' }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) }, key };
      log(safeText(`${new Date().toISOString()} cannot store report ${key}: ${(e as Error).message}`));
      return reply;
    } finally {
      // A place held for a report that was not stored (a repeat, a refusal, a failure) is given back.
      if (held) pending--;
      await unlink(temporary).catch(() => {
        // Linked and gone already, or never written.
      });
    }
  };

  /** Stores under way, by key: a report sent again before the first answer waits for it. */
  const storing = new Map<string, Promise<Reply>>();
  const storeOnce = async (key: string, body: Buffer): Promise<Reply> => {
    for (let earlier = storing.get(key); earlier; earlier = storing.get(key)) await earlier.catch(() => undefined);
    const reply = store(key, body);
    storing.set(key, reply);
    try {
      return await reply;
    } finally {
      if (storing.get(key) === reply) storing.delete(key);
    }
  };

  const handle = async (request: IncomingMessage, body: Buffer | undefined): Promise<Reply> => {
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://receiver').pathname;
    } catch {
      return { status: 404, body: { error: 'not found' } };
    }
    if (!(request.url ?? '').startsWith('/') || pathname !== path) return { status: 404, body: { error: 'not found' } };
    if (request.method !== 'POST' && request.method !== 'OPTIONS') return { status: 405, body: { error: 'POST only' }, headers: { Allow: 'POST, OPTIONS' } };
    const origin = request.headers.origin;
    // A browser sends its origin; a request from elsewhere (curl, a script) has none, and is
    // checked like any other: who can reach the endpoint at all is for the network to decide.
    if (origin !== undefined && allowed(origin) === undefined) return { status: 403, body: { error: 'origin not allowed' } };
    if (request.method === 'OPTIONS') return { status: 204 };
    if (body === undefined) return { status: 413, body: { error: `a report is at most ${RECEIVE_MAX_BYTES} bytes` } };
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return { status: 415, body: { error: 'Content-Type must be application/json' } };
    let text: string;
    try {
      // A byte-order mark is kept, and then refused as not JSON: the extension sends none.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      return { status: 400, body: { error: 'the body is not UTF-8' } };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { status: 400, body: { error: 'the body is not JSON' } };
    }
    const checked = checkReport(value);
    if ('error' in checked) return { status: 400, body: { error: cut(checked.error) } };
    // As the extension sends it, pretty-printed with two spaces: nothing padded in or added.
    if (text !== JSON.stringify(value, null, 2)) return { status: 400, body: { error: 'the body is not written as the extension writes reports' } };
    const key = checked.report.idempotencyKey.toLowerCase();
    const header = request.headers['idempotency-key'];
    if (typeof header !== 'string' || header.toLowerCase() !== key) return { status: 400, body: { error: "the Idempotency-Key header must be the report's idempotencyKey" } };
    return storeOnce(key, body);
  };

  const respond = (request: IncomingMessage, response: ServerResponse, reply: Reply) => {
    const allow = allowed(request.headers.origin);
    const headers: Record<string, string> = { ...reply.headers };
    if (allow !== undefined && reply.status !== 403) {
      headers['Access-Control-Allow-Origin'] = allow;
      headers.Vary = 'Origin';
      if (request.method === 'OPTIONS') {
        headers['Access-Control-Allow-Methods'] = 'POST';
        headers['Access-Control-Allow-Headers'] = 'content-type, idempotency-key';
        headers['Access-Control-Max-Age'] = '600';
      } else headers['Access-Control-Expose-Headers'] = 'Retry-After';
    }
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    if (text) headers['Content-Type'] = 'application/json';
    if (!response.headersSent) response.writeHead(reply.status, headers).end(text);
    const why = reply.body && 'error' in reply.body ? ` ${String(reply.body.error)}` : '';
    const who = `${request.socket.remoteAddress ?? '?'}${reply.key ? ` ${reply.key}` : ''}`;
    log(safeText(`${new Date().toISOString()} ${who} ${request.method ?? '?'} ${cut(request.url ?? '')} ${reply.status}${why}`));
  };

  /** Answers once `handle` has; an error it did not expect is a 500, logged. */
  const answer = (request: IncomingMessage, response: ServerResponse, body: Buffer | undefined) =>
    void handle(request, body)
      .catch((e: unknown): Reply => {
        const reply = { status: 500, body: { error: 'internal error' } };
        log(safeText(`${new Date().toISOString()} error: ${(e as Error).message}`));
        return reply;
      })
      .then((reply) => respond(request, response, reply))
      // An answer to a client gone already has no one to go to.
      .catch(() => undefined);

  const timeouts = options.timeouts ?? { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS };
  const server = createServer({ headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, timeouts.headersMs) }, (request, response) => {
    /** Answered, and the connection closed: the body, or the rest of it, is not read. */
    const refuseBody = () => {
      response.setHeader('Connection', 'close');
      response.on('finish', () => request.destroy());
      answer(request, response, undefined);
    };
    const declared = Number(request.headers['content-length']);
    // A body declared too large is refused before it is read.
    if (Number.isFinite(declared) && declared > RECEIVE_MAX_BYTES) return refuseBody();
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= RECEIVE_MAX_BYTES) return void chunks.push(chunk);
      // A body sent without its length (chunked) is refused where it passes the limit: read on
      // to its end, it could be any size.
      request.off('data', onData);
      request.off('end', onEnd);
      request.pause();
      chunks.length = 0;
      refuseBody();
    };
    const onEnd = () => answer(request, response, Buffer.concat(chunks));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', () => response.destroy());
  });
  server.maxConnections = MAX_CONNECTIONS;
  // A client too slow, or one that sends what is not HTTP: a line in the log (never what it sent),
  // and the connection closed, with an answer when one can still be written.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { remoteAddress?: string }) => {
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (error.code !== 'ECONNRESET') log(safeText(`${new Date().toISOString()} ${socket.remoteAddress ?? '?'} ${timedOut ? 'too slow: closed' : `not HTTP (${cut(error.code ?? error.message)}): closed`}`));
    if (socket.writable && error.code !== 'ECONNRESET') {
      socket.end(`HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.once('finish', () => socket.destroy());
    } else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}${path}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            // Closing stops the server's own timeouts: what is still open after a moment is cut.
            setTimeout(() => server.closeAllConnections(), GRACE_MS).unref();
          }),
      });
    });
  });
}
