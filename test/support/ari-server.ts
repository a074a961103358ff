/**
 * An HTTPS front for Pebble that adds what the Debian Pebble lacks: a `renewalInfo` resource
 * (RFC 9773 section 4: GET <renewalInfo>/<certID> -> suggestedWindow, explanationURL,
 * Retry-After) and `meta.profiles` in the directory. Everything else is passed through to
 * Pebble unchanged (Pebble builds its URLs from the Host header, so they point back here), and
 * the payload of every newOrder is recorded so tests can see `replaces` and `profile`.
 * It listens on loopback with Pebble's own HTTPS certificate (trusted through PEBBLE_CA).
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpsRequest } from 'node:https';
import path from 'node:path';
import type { Testbed } from './testbed.js';

export interface AriAnswer {
  status?: number;
  window?: { start: string; end: string };
  explanationURL?: string;
  retryAfter?: string;
  /** Raw body instead of a window (malformed answers). */
  body?: string;
}

export interface AriFront {
  directory: string;
  renewalInfo: string;
  /** certID -> answer; `*` is used for any certID not listed. */
  answers: Map<string, AriAnswer>;
  /** Decoded JWS payloads of newOrder requests. */
  orders: Array<Record<string, unknown>>;
  /** certIDs asked for, in order. */
  asked: string[];
  /**
   * Answers to send once instead of passing a request on, by path suffix (e.g. "/order-plz"):
   * CA errors on demand (rate limits, 5xx with Retry-After, refused identifiers).
   */
  faults: Array<{ path: string; status: number; problem: Record<string, unknown>; retryAfter?: string }>;
  close(): Promise<void>;
}

export async function startAriFront(
  bed: Testbed,
  opts: { upstream?: string; profiles?: Record<string, string> } = {},
): Promise<AriFront> {
  const upstream = new URL(opts.upstream ?? bed.pebble.directory);
  const ca = readFileSync(bed.pebbleCa);
  const pebbleDir = path.join(bed.dir, 'pebble');
  const answers = new Map<string, AriAnswer>();
  const orders: Array<Record<string, unknown>> = [];
  const asked: string[] = [];
  const faults: AriFront['faults'] = [];
  let self = '';

  const server = createServer(
    {
      key: readFileSync(path.join(pebbleDir, 'server.key')),
      cert: readFileSync(path.join(pebbleDir, 'server.pem')),
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url ?? '/', self);
        const ari = /^\/renewal-info\/(.+)$/.exec(url.pathname);
        if (req.method === 'GET' && ari) {
          const id = decodeURIComponent(ari[1] as string);
          asked.push(id);
          const a = answers.get(id) ?? answers.get('*');
          if (!a) {
            res.writeHead(404, { 'Content-Type': 'application/problem+json' });
            return res.end(
              JSON.stringify({
                type: 'urn:ietf:params:acme:error:malformed',
                detail: 'unknown certificate',
                status: 404,
              }),
            );
          }
          res.writeHead(a.status ?? 200, {
            'Content-Type': 'application/json',
            ...(a.retryAfter ? { 'Retry-After': a.retryAfter } : {}),
          });
          return res.end(
            a.body ?? JSON.stringify({ suggestedWindow: a.window, explanationURL: a.explanationURL }),
          );
        }
        const fault = faults.findIndex((f) => url.pathname.endsWith(f.path));
        if (fault >= 0) {
          const [f] = faults.splice(fault, 1);
          res.writeHead(f?.status ?? 500, {
            'Content-Type': 'application/problem+json',
            ...(f?.retryAfter ? { 'Retry-After': f.retryAfter } : {}),
          });
          return res.end(JSON.stringify(f?.problem));
        }
        if (url.pathname.endsWith('/order-plz') && body.length) {
          const jws = JSON.parse(body.toString('utf8')) as { payload: string };
          orders.push(
            JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8')) as Record<string, unknown>,
          );
        }
        const forward = httpsRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
            ca,
          },
          (up) => {
            const parts: Buffer[] = [];
            up.on('data', (c: Buffer) => parts.push(c));
            up.on('end', () => {
              let out = Buffer.concat(parts);
              const headers = { ...up.headers };
              if (url.pathname === upstream.pathname && req.method === 'GET') {
                const dir = JSON.parse(out.toString('utf8')) as Record<string, unknown> & {
                  meta?: Record<string, unknown>;
                };
                dir.renewalInfo = `${self}/renewal-info`;
                if (opts.profiles) dir.meta = { ...dir.meta, profiles: opts.profiles };
                out = Buffer.from(JSON.stringify(dir));
                headers['content-length'] = String(out.length);
              }
              res.writeHead(up.statusCode ?? 502, headers);
              res.end(out);
            });
          },
        );
        forward.on('error', (e) => {
          res.writeHead(502);
          res.end(String(e));
        });
        forward.end(body);
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  self = `https://127.0.0.1:${port}`;
  return {
    directory: `${self}${upstream.pathname}`,
    renewalInfo: `${self}/renewal-info`,
    answers,
    orders,
    asked,
    faults,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
