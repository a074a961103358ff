/**
 * The part every fake DNS API shares: node:http on 127.0.0.1 with a dynamic port, the request
 * body read as JSON, every request recorded, and, when the fake has an OpenAPI subset
 * (test/support/openapi/<provider>.json, written from the provider's reference), each request and
 * each answer checked against it with the GitHub fake's validator. Anything off the description
 * lands in `violations`, which tests assert empty, so a wrong path, field or status fails.
 * `inject` makes the next matching requests fail the way the provider fails (forced failures).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Match, OpenApi } from '../github-openapi.js';

export interface FakeRequest {
  method: string;
  /** Raw (percent-encoded) path, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** Path parameters of the OpenAPI operation that matched (decoded). */
  params: Record<string, string>;
  operationId?: string;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedCall {
  method: string;
  /** Path and query as sent. */
  url: string;
  operationId?: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Requests by method (one or several) and path; unset matches any. */
export interface CallMatch {
  method?: string | string[];
  path?: RegExp;
}

/** True when a request (method, path without query) is one `match` names. */
export function matches(match: CallMatch, method: string, path: string): boolean {
  const methods = typeof match.method === 'string' ? [match.method] : match.method;
  return (!methods || methods.includes(method)) && (!match.path || match.path.test(path));
}

export interface FakeOptions {
  /** For messages: "digitalocean". */
  name: string;
  /** test/support/openapi/<file>: checks every request and answer. */
  openapi?: string;
  /** Refuses a request that lacks the provider's credentials (before anything else). */
  auth(req: FakeRequest): FakeReply | undefined;
  handle(req: FakeRequest): Promise<FakeReply> | FakeReply;
}

export interface FakeApi {
  /** http://127.0.0.1:<port> (no path). */
  readonly origin: string;
  readonly calls: RecordedCall[];
  readonly violations: string[];
  /**
   * After `skip` matching requests have passed, the next `times` (default 1) answer `reply`
   * instead; the store is left alone.
   */
  inject(match: CallMatch, reply: FakeReply, opts?: { times?: number; skip?: number }): void;
  /** Drops injections not used up. */
  clearInjected(): void;
  close(): Promise<void>;
}

const openapiDir = fileURLToPath(new URL('../openapi/', import.meta.url));

async function readBody(req: IncomingMessage): Promise<{ text: string; body: unknown }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return { text, body: undefined };
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    return { text, body: text };
  }
}

export async function startFake(opts: FakeOptions): Promise<FakeApi> {
  const api = opts.openapi ? OpenApi.fromFile(`${openapiDir}${opts.openapi}`) : undefined;
  const calls: RecordedCall[] = [];
  const violations: string[] = [];
  const injected: Array<{ match: CallMatch; reply: FakeReply; left: number; skip: number }> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const { text, body } = await readBody(req);
    let match: Match | undefined;
    if (api) {
      match = api.match(method, url.pathname);
      if (!match) violations.push(`${opts.name}: ${method} ${url.pathname} is not in the OpenAPI subset`);
      else {
        for (const p of api.validateRequest(match, url.searchParams, body, text !== ''))
          violations.push(`${opts.name}: ${method} ${url.pathname}: ${p}`);
        if (text !== '' && typeof body === 'string')
          violations.push(`${opts.name}: ${method} ${url.pathname}: body is not JSON`);
      }
    }
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      params: match?.params ?? {},
      operationId: match?.operation.operationId,
    };
    // Injected and refused answers are checked too: they must look like the provider's errors.
    let reply: FakeReply | undefined;
    const at = injected.findIndex((i) => i.left > 0 && matches(i.match, method, url.pathname));
    const hit = injected[at];
    if (hit && hit.skip > 0) hit.skip--;
    else if (hit) {
      hit.left--;
      reply = hit.reply;
    }
    reply ??= opts.auth(request);
    if (!reply) {
      if (api && !match) reply = { status: 404, body: { error: 'not in the fake' } };
      else reply = await opts.handle(request);
    }
    if (api && match) {
      for (const p of api.validateResponse(match.operation, reply.status, reply.body))
        violations.push(`${opts.name}: answer to ${method} ${url.pathname} (${reply.status}): ${p}`);
    }
    calls.push({
      method,
      url: `${url.pathname}${url.search}`,
      operationId: match?.operation.operationId,
      status: reply.status,
      headers: req.headers,
      body,
    });
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined) headers['content-type'] ??= 'application/json';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`${opts.name}: fake crashed on ${req.method} ${req.url}: ${(error as Error).stack}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"fake crashed"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    violations,
    inject(match, reply, opts = {}) {
      injected.push({ match, reply, left: opts.times ?? 1, skip: opts.skip ?? 0 });
    },
    clearInjected() {
      injected.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `Authorization: Bearer <token>` (most of these APIs). */
export const bearer = (req: FakeRequest, token: string) => req.headers.authorization === `Bearer ${token}`;

/** Lower case, no trailing dot. */
export const norm = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** Name relative to its zone: `_acme-challenge.www` in example.com, `@` (or '') for the apex. */
export function relative(fqdn: string, zone: string, apex = '@'): string {
  const name = norm(fqdn);
  return name === zone ? apex : name.slice(0, -(zone.length + 1));
}

/**
 * Absolute name from a record name as zone files read it: '' and '@' are the apex, a trailing dot
 * makes it absolute, anything else is relative to `zone` (so a client that sends the full name
 * without the dot gets `name.zone.zone`, as on the real services, and the test fails).
 */
export function absolute(name: string, zone: string): string {
  if (name === '' || name === '@') return zone;
  if (name.endsWith('.')) return norm(name);
  return `${norm(name)}.${zone}`;
}

/** `"value"` -> `value` (TXT content as most APIs store it). */
export const unquote = (v: string) => v.replace(/^"(.*)"$/, '$1');
