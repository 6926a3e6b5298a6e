// `approach-guard reports receive`: a report endpoint for a security team that has none, and the
// reference for the webhook contract in src/report/README.md. It answers the extension's CORS
// preflight, checks each report against the schema the extension sends with, and stores it once
// per idempotency key, as sent (the bytes the user saw in the preview), for `reports summary`
// and `reports entities` to read. It speaks plain HTTP on 127.0.0.1 unless told otherwise: the
// extension sends to https:// only (plain http to 127.0.0.1 or localhost, for testing), so in
// use it sits behind the organisation's HTTPS proxy.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkReport, safeText } from './reports';

/** A report body is a few kilobytes; twenty excerpts of 1,000 characters, escaped, stay far below this. */
export const RECEIVE_MAX_BYTES = 256 * 1024;
/** How long the extension is asked to wait when a report could not be stored. */
const RETRY_AFTER_SECONDS = 300;

export interface ReceiverOptions {
  /** Where reports are stored, one file per report: `<idempotencyKey>.json`. */
  dir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The path reports are posted to. */
  path?: string;
  /** Origins whose requests browsers may make and read (`chrome-extension://<id>`); none: any ("*"). */
  origins?: readonly string[];
  /** One line for each request, already escaped. */
  log?: (line: string) => void;
}

export interface Receiver {
  /** The address to give the extension (the webhook), behind the organisation's HTTPS proxy. */
  url: string;
  close(): Promise<void>;
}

type Reply = { status: number; body?: Record<string, unknown>; headers?: Record<string, string> };

/** Starts the endpoint; resolves once it listens. */
export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/';
  const origins = options.origins ?? [];
  mkdirSync(options.dir, { recursive: true });

  /** The Access-Control-Allow-Origin to answer `origin` with, or undefined when it is not allowed. */
  const allowed = (origin: string | undefined): string | undefined => {
    if (origins.length === 0) return '*';
    return origin !== undefined && origins.includes(origin) ? origin : undefined;
  };

  const store = (key: string, body: Buffer): Reply => {
    const file = join(options.dir, `${key}.json`);
    // Written whole under another name, then linked into place: a file is there complete or
    // not at all, and two deliveries of the same report at once store it once.
    const temporary = join(options.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(temporary, body, { flag: 'wx' });
      try {
        linkSync(temporary, file);
        return { status: 201, body: { stored: true } };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        // A repeat (a retry after a lost answer) is answered as a success and not stored again;
        // the same key with other content is refused.
        return readFileSync(file).equals(body) ? { status: 200, body: { stored: false, repeat: true } } : { status: 409, body: { error: 'another report was stored under this Idempotency-Key' } };
      } finally {
        unlinkSync(temporary);
      }
    } catch (e) {
      try {
        unlinkSync(temporary);
      } catch {
        // Not written, or already gone.
      }
      options.log?.(`cannot store a report: ${safeText((e as Error).message)}`);
      return { status: 503, body: { error: 'the report could not be stored; try again later' }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
    }
  };

  const handle = (request: IncomingMessage, body: Buffer | undefined): Reply => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    if (url.pathname !== path) return { status: 404, body: { error: 'not found' } };
    if (request.method !== 'POST' && request.method !== 'OPTIONS') return { status: 405, body: { error: 'POST only' }, headers: { Allow: 'POST, OPTIONS' } };
    const origin = request.headers.origin;
    // A browser sends its origin; a request from elsewhere (curl, a script) has none.
    if (origin !== undefined && allowed(origin) === undefined) return { status: 403, body: { error: 'origin not allowed' } };
    if (request.method === 'OPTIONS') return { status: 204 };
    if (body === undefined) return { status: 413, body: { error: `a report is at most ${RECEIVE_MAX_BYTES} bytes` } };
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return { status: 415, body: { error: 'Content-Type must be application/json' } };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return { status: 400, body: { error: 'the body is not UTF-8' } };
    }
    let value: unknown;
    try {
      value = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      return { status: 400, body: { error: 'the body is not JSON' } };
    }
    const checked = checkReport(value);
    if ('error' in checked) return { status: 400, body: { error: checked.error } };
    const key = checked.report.idempotencyKey.toLowerCase();
    const header = request.headers['idempotency-key'];
    if (typeof header !== 'string' || header.toLowerCase() !== key) return { status: 400, body: { error: 'the Idempotency-Key header must be the report\'s idempotencyKey' } };
    return store(key, body);
  };

  const shownUrl = (request: IncomingMessage) => (request.url ?? '').slice(0, 200);
  const respond = (request: IncomingMessage, response: ServerResponse, reply: Reply) => {
    const allow = allowed(request.headers.origin);
    const headers: Record<string, string> = { ...reply.headers };
    if (allow !== undefined && reply.status !== 403) {
      headers['Access-Control-Allow-Origin'] = allow;
      if (allow !== '*') headers.Vary = 'Origin';
      if (request.method === 'OPTIONS') {
        headers['Access-Control-Allow-Methods'] = 'POST';
        headers['Access-Control-Allow-Headers'] = 'content-type, idempotency-key';
        headers['Access-Control-Max-Age'] = '600';
      } else headers['Access-Control-Expose-Headers'] = 'Retry-After';
    }
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    if (text) headers['Content-Type'] = 'application/json';
    response.writeHead(reply.status, headers).end(text);
    const why = reply.body && 'error' in reply.body ? ` ${String(reply.body.error)}` : '';
    options.log?.(safeText(`${new Date().toISOString()} ${request.method ?? '?'} ${shownUrl(request)} ${reply.status}${why}`));
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > RECEIVE_MAX_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      let reply: Reply;
      try {
        reply = handle(request, tooLarge ? undefined : Buffer.concat(chunks));
      } catch (e) {
        options.log?.(`error: ${safeText((e as Error).message)}`);
        reply = { status: 500, body: { error: 'internal error' } };
      }
      respond(request, response, reply);
    });
    request.on('error', () => response.destroy());
  });
  // A client that sends nothing is not waited for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}${path}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
