/**
 * An HTTPS front for Pebble that adds what the Debian Pebble lacks: a `renewalInfo` resource
 * (RFC 9773 section 4: GET <renewalInfo>/<certID> -> suggestedWindow, explanationURL,
 * Retry-After) and `meta.profiles` in the directory. Everything else is passed through to
 * Pebble unchanged (Pebble builds its URLs from the Host header, so they point back here), and
 * the payload of every newOrder is recorded so tests can see `replaces` and `profile`.
 * It listens on loopback with Pebble's own HTTPS certificate (trusted through PEBBLE_CA).
 * With `persist`, it offers and validates dns-persist-01 in place of dns-01 (persist-bridge.ts
 * says how and why in place).
 */
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpsRequest } from 'node:https';
import path from 'node:path';
import { createPersistBridge } from './persist-bridge.js';
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
  /** With `persist`: the issuer domain name the `_validation-persist` records must name. */
  issuer?: string;
  /** DER of the CSR of each finalize request, in order. */
  csrs: Buffer[];
  /**
   * A hostile CA: what the certificate URL answers instead of Pebble's chain (`pem`), with Link
   * rel="alternate" URLs (`alternates`) to chains served from `served`. Unset: Pebble's answer.
   */
  certificate?: (issued: {
    pem: string;
    csr: Buffer | undefined;
  }) => Promise<{ pem: string; alternates?: string[] }>;
  /** Paths this front answers itself with a PEM chain, as a CA's alternate chains. */
  served: Map<string, string>;
  /** Paths of requests the front got, in order. */
  paths: string[];
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function startAriFront(
  bed: Testbed,
  opts: {
    upstream?: string;
    profiles?: Record<string, string>;
    /** Offer dns-persist-01, with this issuer domain name in caaIdentities. */
    persist?: { issuer: string };
  } = {},
): Promise<AriFront> {
  const upstream = new URL(opts.upstream ?? bed.pebble.directory);
  const ca = readFileSync(bed.pebbleCa);
  const pebbleDir = path.join(bed.dir, 'pebble');
  const answers = new Map<string, AriAnswer>();
  const orders: Array<Record<string, unknown>> = [];
  const asked: string[] = [];
  const faults: AriFront['faults'] = [];
  const csrs: Buffer[] = [];
  const served = new Map<string, string>();
  const paths: string[] = [];
  const persist = opts.persist ? createPersistBridge(bed, opts.persist.issuer) : undefined;
  let self = '';

  /** The request's bytes to Pebble as they came (Host included: Pebble builds URLs from it). */
  const toPebble = (req: IncomingMessage, body: Buffer) =>
    new Promise<Upstream>((resolve, reject) => {
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
          up.on('end', () =>
            resolve({ status: up.statusCode ?? 502, headers: { ...up.headers }, body: Buffer.concat(parts) }),
          );
        },
      );
      forward.on('error', reject);
      forward.end(body);
    });

  // The body is sent whole, so its length replaces Pebble's framing (chunked or not).
  const send = (res: ServerResponse, status: number, headers: IncomingHttpHeaders, out: Buffer | string) => {
    const { 'transfer-encoding': _chunked, ...rest } = headers;
    res.writeHead(status, { ...rest, 'content-length': String(Buffer.byteLength(out)) });
    res.end(out);
  };

  async function respond(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', self);
    paths.push(url.pathname);
    const own = served.get(url.pathname);
    if (own !== undefined)
      return send(res, 200, { 'content-type': 'application/pem-certificate-chain' }, own);
    const ari = /^\/renewal-info\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && ari) {
      const id = decodeURIComponent(ari[1] as string);
      asked.push(id);
      const a = answers.get(id) ?? answers.get('*');
      if (!a) {
        return send(
          res,
          404,
          { 'content-type': 'application/problem+json' },
          JSON.stringify({
            type: 'urn:ietf:params:acme:error:malformed',
            detail: 'unknown certificate',
            status: 404,
          }),
        );
      }
      return send(
        res,
        a.status ?? 200,
        { 'content-type': 'application/json', ...(a.retryAfter ? { 'retry-after': a.retryAfter } : {}) },
        a.body ?? JSON.stringify({ suggestedWindow: a.window, explanationURL: a.explanationURL }),
      );
    }
    const fault = faults.findIndex((f) => url.pathname.endsWith(f.path));
    if (fault >= 0) {
      const [f] = faults.splice(fault, 1);
      return send(
        res,
        f?.status ?? 500,
        {
          'content-type': 'application/problem+json',
          ...(f?.retryAfter ? { 'retry-after': f.retryAfter } : {}),
        },
        JSON.stringify(f?.problem),
      );
    }
    if (url.pathname.endsWith('/order-plz') && body.length) {
      const jws = JSON.parse(body.toString('utf8')) as { payload: string };
      orders.push(
        JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8')) as Record<string, unknown>,
      );
    }
    if (url.pathname.startsWith('/finalize-order/') && body.length) {
      const jws = JSON.parse(body.toString('utf8')) as { payload: string };
      const { csr } = JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8')) as { csr: string };
      csrs.push(Buffer.from(csr, 'base64url'));
    }
    if (persist && req.method === 'POST' && persist.owns(url.pathname)) {
      const reply = await persist.answer(url.pathname, body, async () => {
        const up = await toPebble(req, body);
        return { status: up.status, headers: up.headers, body: up.body.toString('utf8') };
      });
      return send(res, reply.status, reply.headers, reply.body);
    }
    const up = await toPebble(req, body);
    let out = up.body;
    if (url.pathname === upstream.pathname && req.method === 'GET') {
      const dir = JSON.parse(out.toString('utf8')) as Record<string, unknown> & {
        meta?: Record<string, unknown>;
      };
      dir.renewalInfo = `${self}/renewal-info`;
      if (opts.profiles) dir.meta = { ...dir.meta, profiles: opts.profiles };
      if (persist) dir.meta = persist.directoryMeta(dir.meta);
      out = Buffer.from(JSON.stringify(dir));
    } else if (persist && url.pathname.endsWith('/sign-me-up') && up.status < 300) {
      persist.sawAccount(body, up.headers.location);
    } else if (persist && url.pathname.startsWith('/authZ/') && up.status === 200) {
      out = persist.rewriteAuthz(out);
    } else if (front.certificate && url.pathname.startsWith('/certZ/') && up.status === 200) {
      const forged = await front.certificate({ pem: up.body.toString('utf8'), csr: csrs.at(-1) });
      const link = (forged.alternates ?? []).map((u) => `<${u}>;rel="alternate"`).join(', ');
      const { link: _pebbles, ...headers } = up.headers;
      return send(res, 200, link ? { ...headers, link } : headers, forged.pem);
    }
    send(res, up.status, up.headers, out);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      respond(req, res, Buffer.concat(chunks)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(502);
        res.end(String(e));
      });
    });
  };
  const tls = {
    key: readFileSync(path.join(pebbleDir, 'server.key')),
    cert: readFileSync(path.join(pebbleDir, 'server.pem')),
  };
  const server = createServer(tls, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  self = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  const front: AriFront = {
    directory: `${self}${upstream.pathname}`,
    renewalInfo: `${self}/renewal-info`,
    answers,
    orders,
    asked,
    faults,
    issuer: opts.persist?.issuer,
    csrs,
    served,
    paths,
    close: async () => {
      await persist?.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
  return front;
}
