/**
 * The HTTP layer under acme-client. acme-client's own (a shared axios instance) trusts one
 * global agent, sleeps whatever Retry-After says, gives up on badNonce after 5 tries and turns
 * ACME problems into bare strings. We replace its `request`, `getNonce` and `signedRequest` on
 * our client instance only, so that:
 * - trust anchors are per client (extra PEM roots on top of the system's);
 * - badNonce is retried with the nonce the CA sent back;
 * - rateLimited / 5xx honour Retry-After, but never longer than a bound (or the job's signal);
 * - every other error keeps the CA's problem document (type, detail, subproblems, status);
 * - nonces from responses are reused instead of a HEAD newNonce before every request.
 */
import https from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { Logger } from '../util/log.js';
import { AcmeProblemError, type Problem } from './errors.js';

export interface AcmeHttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  data: unknown;
}

export interface TransportOptions {
  /** Extra trust anchors (PEM text), added to the system's roots. */
  trust?: string[];
  /** Longest single Retry-After we are willing to sleep. */
  maxRetryAfterMs: number;
  signal?: AbortSignal;
  log: Logger;
  /** Per request. */
  timeoutMs?: number;
}

/** What we use of acme-client's (untyped) HttpClient. */
export interface AcmeHttpClient {
  directoryUrl: string;
  request(url: string, method: string, opts?: { data?: unknown }): Promise<AcmeHttpResponse>;
  getNonce(): Promise<string>;
  getResourceUrl(resource: string): Promise<string>;
  getDirectory(): Promise<Record<string, unknown>>;
  createSignedBody(url: string, payload: unknown, opts: { nonce: string; kid: string | null }): unknown;
  createSignedHmacBody(hmacKey: string, url: string, payload: unknown, opts: { kid: string }): unknown;
  getJwk(): unknown;
  externalAccountBinding?: { kid?: string; hmacKey?: string };
  signedRequest(
    url: string,
    payload: unknown,
    opts?: { kid?: string | null; nonce?: string | null; includeExternalAccountBinding?: boolean },
  ): Promise<AcmeHttpResponse>;
}

const BAD_NONCE = 'urn:ietf:params:acme:error:badNonce';
const RATE_LIMITED = 'urn:ietf:params:acme:error:rateLimited';
const MAX_BAD_NONCE = 10;
const MAX_RETRIES = 4;

/** Retry-After as milliseconds from now (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isProblem(data: unknown): data is Problem {
  return typeof data === 'object' && data !== null && typeof (data as Problem).type === 'string';
}

export class AcmeTransport {
  private readonly agent: https.Agent;
  private readonly nonces: string[] = [];
  constructor(private readonly opts: TransportOptions) {
    // One secure context for every connection: passing `ca` alone makes Node parse all the
    // roots again for each new connection (tens of ms each, which adds up at 20 at once).
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 32,
      secureContext: opts.trust?.length
        ? createSecureContext({ ca: [...rootCertificates, ...opts.trust] })
        : undefined,
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /** One HTTP exchange, no retries. Network errors say which URL could not be reached. */
  raw(url: string, method: string, body?: unknown): Promise<AcmeHttpResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: method.toUpperCase(),
          agent: this.agent,
          signal: this.opts.signal,
          timeout: this.opts.timeoutMs ?? 30_000,
          headers: {
            'User-Agent': 'certflow (acme-client)',
            ...(payload ? { 'Content-Type': 'application/jose+json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const type = String(res.headers['content-type'] ?? '');
            let data: unknown = text;
            if (/json/.test(type) && text.length > 0) {
              try {
                data = JSON.parse(text);
              } catch {
                data = text;
              }
            }
            const headers: Record<string, string | undefined> = {};
            for (const [k, v] of Object.entries(res.headers))
              headers[k] = Array.isArray(v) ? v.join(', ') : v;
            if (headers['replay-nonce'] && this.nonces.length < 64) this.nonces.push(headers['replay-nonce']);
            resolve({ status: res.statusCode ?? 0, headers, data });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer from ${url} within ${this.opts.timeoutMs ?? 30_000} ms`)),
      );
      req.on('error', (error) => {
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          this.opts.signal?.aborted
            ? (this.opts.signal.reason ?? error)
            : new AcmeProblemError(
                {
                  type: 'certflow:network',
                  detail: `cannot reach the CA at ${url}: ${code ? `${code} ` : ''}${error.message}`,
                },
                0,
                url,
              ),
        );
      });
      req.end(payload);
    });
  }

  /**
   * Decides what to do with a failed response: wait and retry (rateLimited / 5xx within the
   * bound), or throw the CA's problem. Returns the wait in ms when a retry is due.
   */
  private retryDelay(url: string, res: AcmeHttpResponse, attempt: number): number {
    const problem: Problem = isProblem(res.data)
      ? res.data
      : {
          type: 'about:blank',
          detail: typeof res.data === 'string' ? res.data.slice(0, 300) : `HTTP ${res.status}`,
        };
    const retryable = res.status === 429 || res.status >= 500 || problem.type === RATE_LIMITED;
    const after = parseRetryAfter(res.headers['retry-after']);
    if (!retryable || attempt >= MAX_RETRIES) throw new AcmeProblemError(problem, res.status, url, after);
    const wait = after ?? 250 * 2 ** attempt;
    if (wait > this.opts.maxRetryAfterMs) throw new AcmeProblemError(problem, res.status, url, after);
    this.opts.log.warn(
      `CA answered HTTP ${res.status} (${problem.type}) for ${url}; retrying in ${Math.ceil(wait / 1000)} s`,
    );
    return wait;
  }

  /** Unsigned GET/HEAD (directory, newNonce, renewalInfo) with the bounded retry. */
  async request(url: string, method: string): Promise<AcmeHttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.raw(url, method);
      if (res.status < 400) return res;
      await sleep(this.retryDelay(url, res, attempt), this.opts.signal);
    }
  }

  async nonce(http: AcmeHttpClient): Promise<string> {
    const pooled = this.nonces.pop();
    if (pooled) return pooled;
    const res = await this.request(await http.getResourceUrl('newNonce'), 'head');
    // raw() pooled the HEAD's nonce (or another request's meanwhile): any fresh one will do.
    const nonce = this.nonces.pop() ?? res.headers['replay-nonce'];
    if (!nonce) {
      throw new AcmeProblemError(
        { type: 'certflow:protocol', detail: 'the CA sent no nonce' },
        res.status,
        http.directoryUrl,
      );
    }
    return nonce;
  }

  /** Installs this transport into one acme-client HttpClient instance. */
  install(http: AcmeHttpClient): void {
    http.request = (url, method, o) =>
      o?.data === undefined ? this.request(url, method) : this.raw(url, method, o.data);
    http.getNonce = () => this.nonce(http);
    http.signedRequest = async (target, payload, o = {}) => {
      let badNonces = 0;
      for (let attempt = 0; ; ) {
        const body = payload === null || payload === undefined ? null : { ...(payload as object) };
        const eab = http.externalAccountBinding;
        if (o.includeExternalAccountBinding && eab?.kid && eab.hmacKey && body) {
          (body as Record<string, unknown>).externalAccountBinding = http.createSignedHmacBody(
            eab.hmacKey,
            target,
            http.getJwk(),
            { kid: eab.kid },
          );
        }
        const nonce = await this.nonce(http);
        const res = await this.raw(
          target,
          'post',
          http.createSignedBody(target, body, { nonce, kid: o.kid ?? null }),
        );
        if (res.status < 400) return res;
        if (isProblem(res.data) && res.data.type === BAD_NONCE && badNonces < MAX_BAD_NONCE) {
          badNonces++;
          this.opts.log.debug(`badNonce from ${target}, retrying (${badNonces}/${MAX_BAD_NONCE})`);
          continue;
        }
        await sleep(this.retryDelay(target, res, attempt), this.opts.signal);
        attempt++;
      }
    };
  }
}
