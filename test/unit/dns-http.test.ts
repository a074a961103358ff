/**
 * The HTTP client of the API providers (src/dns/http.ts) against a real HTTP server on loopback
 * that answers as a rate-limited, flaky, slow or leaky API would: each test scripts the answers
 * and looks at what the server received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpError, httpClient, retryAfterMs } from '../../src/dns/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const who = { type: 'testapi', name: 'corp' };
const TOKEN = 'tok-9f8e7d6c5b4a/+=&"secret';
let server: Server;
let base: string;
let script: Handler[] = [];
let seen: Array<{ method: string; url: string; at: number; auth?: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        at: Date.now(),
        auth: req.headers.authorization,
        body,
      });
      const next = script.shift();
      if (next) next(req, res, body);
      else res.writeHead(500).end('no scripted answer left');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  script = [];
  seen = [];
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  }) as Handler;

const client = (extra: Partial<Parameters<typeof httpClient>[0]> = {}) =>
  httpClient({
    who,
    baseUrl: base,
    headers: { Authorization: `Bearer ${TOKEN}` },
    secrets: [TOKEN],
    backoffMs: 20,
    ...extra,
  });

describe('dns/http.ts', () => {
  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    script = [json(429, { message: 'slow down' }, { 'Retry-After': '1' }), json(200, { ok: 1 })];
    const answer = await client().json<{ ok: number }>({ method: 'POST', path: '/records', body: { a: 1 } });
    expect(answer).toEqual({ ok: 1 });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/records', 'POST /api/records']);
    // A POST is repeated after 429: the server says it did not act on it.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(seen[1]!.body).toBe('{"a":1}');
    expect(seen[0]!.auth).toBe(`Bearer ${TOKEN}`);
  });

  it('repeats a GET after 503 with back-off, and gives up after the attempts with the status', async () => {
    script = [json(503, {}), json(200, [1, 2])];
    expect(await client().json({ method: 'GET', path: '/zones' })).toEqual([1, 2]);
    expect(seen).toHaveLength(2);

    seen = [];
    script = [json(502, {}), json(502, {}), json(502, { error: 'still down' })];
    const error = await client({ attempts: 3 })
      .request({ method: 'GET', path: '/zones' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(
      'testapi (dns.corp): GET /zones answered HTTP 502: {"error":"still down"} (after 3 attempts)',
    );
    expect(seen).toHaveLength(3);
  });

  it('does not repeat a POST after 5xx: it may have been done once already', async () => {
    script = [json(503, { error: 'overloaded' }), json(200, {})];
    const error = await client()
      .request({ method: 'POST', path: '/records', body: {} })
      .catch((e) => e);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/^testapi \(dns\.corp\): POST \/records answered HTTP 503: .*not repeated/);
    expect(seen).toHaveLength(1);
  });

  it('stops an attempt that gets no answer, and says so', async () => {
    script = [() => {}, () => {}]; // never answers
    const started = Date.now();
    const error = await client({ timeoutMs: 300, attempts: 2 })
      .request({ method: 'GET', path: '/slow' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(
      /^testapi \(dns\.corp\): GET \/slow: no answer from http:\/\/127\.0\.0\.1:\d+\/api: no answer within 0\.3s \(after 2 attempts\)$/,
    );
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('masks the secret when the API echoes it, in every form, and quotes the API error briefly', async () => {
    const echo = `token ${TOKEN} is invalid; query was ?t=${encodeURIComponent(TOKEN)}; ${'x'.repeat(1000)}`;
    script = [json(401, { error: echo })];
    const error = await client({ hint: (s) => (s === 401 ? 'check the token' : undefined) })
      .request({ method: 'GET', path: `/zones?t=${encodeURIComponent(TOKEN)}` })
      .catch((e) => e);
    expect(error.status).toBe(401);
    expect(error.hint).toBe('check the token');
    expect(error.message).toMatch(/^testapi \(dns\.corp\): GET \/zones\?t=\*\*\* answered HTTP 401: /);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(encodeURIComponent(TOKEN));
    expect(error.message).not.toContain(JSON.stringify(TOKEN).slice(1, -1));
    expect(error.message).not.toContain('9f8e7d6c5b4a');
    expect(error.message.length).toBeLessThan(500);
  });

  it('refuses a Retry-After longer than it waits, at once', async () => {
    script = [json(429, {}, { 'Retry-After': '3600' })];
    const started = Date.now();
    const error = await client({ maxWaitMs: 2000 })
      .request({ method: 'GET', path: '/zones' })
      .catch((e) => e);
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/retry after 3600s, longer than the 2s certflow waits/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen).toHaveLength(1);
  });

  it('does not follow a redirect, so the credential stays with the configured host', async () => {
    script = [
      (_req, res) => {
        res.writeHead(307, { Location: `${base}/elsewhere` }).end();
      },
    ];
    const error = await client()
      .request({ method: 'GET', path: '/zones' })
      .catch((e) => e);
    expect(error.status).toBe(307);
    expect(error.message).toMatch(/GET \/zones answered HTTP 307, a redirect to .*\/api\/elsewhere/);
    expect(seen.map((s) => s.url)).toEqual(['/api/zones']);
  });

  it('names the provider and status when a 2xx answer is not JSON', async () => {
    script = [
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>');
      },
    ];
    await expect(client().json({ method: 'GET', path: '/zones' })).rejects.toThrow(
      /^testapi \(dns\.corp\): GET \/zones answered HTTP 200 with something that is not JSON: <html>login<\/html>$/,
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
