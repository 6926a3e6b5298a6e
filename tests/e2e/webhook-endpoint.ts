// A security team's report endpoint on 127.0.0.1, answering CORS as src/report/README.md
// documents (or not at all, to show the browser really enforces it). It records every request
// with its raw body bytes and stores each report once per Idempotency-Key, as the contract asks.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface EndpointOptions {
  /** Answer preflights and posts with the documented CORS headers (default true). */
  cors?: boolean;
  /** The Access-Control-Allow-Origin value: '*' (default) or an exact origin. */
  allowOrigin?: string;
}

export class WebhookEndpoint {
  readonly requests: ReceivedRequest[] = [];
  /** Reports stored, by idempotency key: a repeat is answered 2xx and not stored again. */
  readonly stored = new Map<string, Buffer>();
  #server: Server | undefined;
  #port: number | undefined;

  constructor(private readonly options: EndpointOptions = {}) {}

  /** Starts listening; port 0 picks a free one. Resolves with the port. */
  async listen(port = 0): Promise<number> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
        const cors = this.options.cors ?? true;
        const origin = this.options.allowOrigin ?? '*';
        if (request.method === 'OPTIONS') {
          response.writeHead(
            204,
            cors
              ? {
                  'Access-Control-Allow-Origin': origin,
                  'Access-Control-Allow-Methods': 'POST',
                  'Access-Control-Allow-Headers': 'content-type, idempotency-key',
                  'Access-Control-Max-Age': '600',
                }
              : {},
          );
          response.end();
          return;
        }
        if (request.method !== 'POST') {
          response.writeHead(405).end();
          return;
        }
        const key = request.headers['idempotency-key'];
        if (typeof key === 'string' && !this.stored.has(key)) this.stored.set(key, body);
        response.writeHead(202, {
          'Content-Type': 'application/json',
          ...(cors ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After' } : {}),
        });
        response.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    return this.#port;
  }

  /** The webhook URL for settings; the port stays known after close, for a restart on it. */
  url(path = '/hooks/approach-guard'): string {
    if (this.#port === undefined) throw new Error('the endpoint has not listened yet');
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  get port(): number | undefined {
    return this.#port;
  }

  posts(): ReceivedRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  preflights(): ReceivedRequest[] {
    return this.requests.filter((r) => r.method === 'OPTIONS');
  }

  /** Stops listening and drops open connections, so the port refuses connections at once. */
  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
