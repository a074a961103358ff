/**
 * The one HTTP client of the API providers (cloudflare, powerdns, and the native providers after
 * them). It wraps fetch with what every DNS API needs, so a provider only says what to send:
 * - a time limit on each attempt;
 * - retries with back-off: always on 429 (the request was not done), on 5xx, timeouts and broken
 *   connections only when repeating the request is harmless (GET, PUT, DELETE, PATCH; a POST
 *   that creates a record could create two). `Retry-After` is honoured up to `maxWaitMs`; a
 *   server that asks for longer gets a clear error instead of a silent stall;
 * - redirects are not followed: the credential header would go along to wherever they point;
 * - every error is a DnsProviderError naming the provider, the request and the HTTP status, and
 *   never holds a secret: the API's answer is cut short and every secret is masked in it (an API
 *   that echoes the token it refused would otherwise put it into logs, reports and PR bodies).
 */
import { errorMessage } from '../util/errors.js';
import { makeRedactor } from '../util/redact.js';
import { sleep } from './propagation.js';
import { DnsProviderError } from './provider.js';

export interface HttpClientOptions {
  /** The provider, for error messages: `cloudflare (dns.cf): ...`. */
  who: { type: string; name: string };
  /** Prefix of every request path, without a trailing slash. */
  baseUrl: string;
  /** Sent with every request (the credential goes here). */
  headers: Record<string, string>;
  /** Values masked in every error text (tokens, keys, passwords). */
  secrets: readonly string[];
  /** Limit of one attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts in all, first one included (default 4). */
  attempts?: number;
  /** First back-off without Retry-After, doubled each time (default 500 ms). */
  backoffMs?: number;
  /** The longest wait honoured, from Retry-After or back-off (default 30 s). */
  maxWaitMs?: number;
  /** The provider's own words from an error answer (its JSON error list), if it has any. */
  describe?(body: unknown): string | undefined;
  /**
   * What the user can do about an answer with this status (credentials refused, wrong id...);
   * status 0 when no answer came at all.
   */
  hint?(status: number): string | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** After baseUrl; with its query string. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Headers of this request alone (a conditional write's If-Match), after the client's. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Whether sending it twice does no harm (default: every method but POST). */
  idempotent?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body as text (empty for 204). */
  text: string;
}

/** An answer that was not 2xx, after retries; `status` is 0 when no answer came. */
export class HttpError extends DnsProviderError {
  readonly status: number;
  constructor(who: { type: string; name: string }, status: number, message: string, hint?: string) {
    super(who, message, hint);
    this.name = 'HttpError';
    this.status = status;
  }
}

/** Longest body read (a DNS API answer is small; a hostile or broken one must not fill memory). */
const MAX_BODY = 4 * 1024 * 1024;
/** Longest piece of an error body quoted in a message. */
const MAX_QUOTE = 300;

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

export interface HttpClient {
  /** Sends the request; resolves on 2xx, throws HttpError otherwise. */
  request(req: HttpRequest): Promise<HttpAnswer>;
  /** Sends the request and parses the answer as JSON. */
  json<T>(req: HttpRequest): Promise<T>;
  /** An HttpError with the secrets masked, for an answer the provider finds wrong (2xx but failed). */
  fail(status: number, message: string, hint?: string): HttpError;
}

export function httpClient(options: HttpClientOptions): HttpClient {
  const { who } = options;
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const attempts = Math.max(1, options.attempts ?? 4);
  const backoffMs = options.backoffMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const mask = secretMask(options.secrets);
  const fail = (status: number, message: string, hint?: string) =>
    new HttpError(who, status, mask(message), hint === undefined ? undefined : mask(hint));

  const attempt = async (
    req: HttpRequest,
  ): Promise<HttpAnswer | { retry: string; status: number; waitMs?: number }> => {
    const what = `${req.method} ${req.path}`;
    const limit = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, limit]) : limit;
    let res: Response;
    try {
      res = await fetch(`${base}${req.path}`, {
        method: req.method,
        headers: {
          Accept: 'application/json',
          ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...options.headers,
          ...req.headers,
        },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (req.signal?.aborted) throw error;
      const why = limit.aborted ? `no answer within ${timeoutMs / 1000}s` : causeOf(error);
      return { retry: `${what}: no answer from ${base}: ${why}`, status: 0 };
    }
    let text: string;
    try {
      text = await readCapped(res, signal);
    } catch (error) {
      if (req.signal?.aborted) throw error;
      return {
        retry: `${what} answered HTTP ${res.status}, then the body broke off: ${causeOf(error)}`,
        status: res.status,
      };
    }
    if (res.status >= 200 && res.status < 300) return { status: res.status, headers: res.headers, text };
    if (res.status >= 300 && res.status < 400) {
      const to = res.headers.get('location');
      throw fail(
        res.status,
        `${what} answered HTTP ${res.status}, a redirect${to ? ` to ${to}` : ''}`,
        'redirects are not followed (the credential would go along): set the API URL to the final address',
      );
    }
    const words = describeBody(text, options.describe);
    const message = `${what} answered HTTP ${res.status}${words ? `: ${words}` : ''}`;
    if (!RETRY_STATUS.has(res.status)) throw fail(res.status, message, options.hint?.(res.status));
    return { retry: message, status: res.status, waitMs: retryAfterMs(res.headers.get('retry-after')) };
  };

  const request = async (req: HttpRequest): Promise<HttpAnswer> => {
    const idempotent = req.idempotent ?? req.method !== 'POST';
    let last = '';
    let lastStatus = 0;
    for (let n = 1; ; n++) {
      const got = await attempt(req);
      if (!('retry' in got)) return got;
      last = got.retry;
      lastStatus = got.status;
      // A 429 means the server did not act on the request; anything else may have been half done.
      if (lastStatus !== 429 && !idempotent) {
        throw fail(lastStatus, `${last}; not repeated, since sending it twice could do it twice`);
      }
      if (n >= attempts) break;
      const wait = got.waitMs ?? Math.min(maxWaitMs, backoffMs * 2 ** (n - 1) * (0.75 + Math.random() / 2));
      if (wait > maxWaitMs) {
        throw fail(
          lastStatus,
          `${last}; the server asks to retry after ${Math.ceil(wait / 1000)}s, longer than the ${maxWaitMs / 1000}s certflow waits`,
          'the API is rate limiting this account: run again later',
        );
      }
      await sleep(wait, req.signal);
    }
    throw fail(lastStatus, `${last} (after ${attempts} attempts)`, options.hint?.(lastStatus));
  };

  return {
    request,
    fail,
    async json<T>(req: HttpRequest): Promise<T> {
      const answer = await request(req);
      if (answer.text === '') return undefined as T;
      try {
        return JSON.parse(answer.text) as T;
      } catch {
        throw fail(
          answer.status,
          `${req.method} ${req.path} answered HTTP ${answer.status} with something that is not JSON: ${quote(answer.text)}`,
          'check that the API URL points at the API itself, not a proxy or login page',
        );
      }
    },
  };
}

/**
 * Masks each secret as sent and in the forms an API may echo it: URL-encoded (a query string),
 * JSON-escaped (inside a JSON error), and base64 (a Basic credential), through util/redact.ts.
 */
export function secretMask(secrets: readonly string[]): (text: string) => string {
  const forms = secrets
    .filter((s) => s.length > 0)
    .flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
  return makeRedactor(forms);
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date); undefined when absent or odd. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeBody(text: string, describe: HttpClientOptions['describe']): string {
  if (text.trim() === '') return '';
  if (describe) {
    try {
      const own = describe(JSON.parse(text));
      if (own) return quote(own);
    } catch {
      // Not JSON: quote the text itself.
    }
  }
  return quote(text);
}

/** One line, at most MAX_QUOTE characters: an error body is a hint, not a document. */
function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}...` : line;
}

/** undici hides the reason (ECONNREFUSED, a TLS failure) in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause ? `${errorMessage(error)} (${errorMessage(cause)})` : errorMessage(error);
}

async function readCapped(res: Response, signal: AbortSignal): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) {
      await reader.cancel();
      throw new Error(`the answer is larger than ${MAX_BODY / 1024 / 1024} MB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The client of an API that takes one bearer token: the token is registered as a secret (masked in
 * logs and errors), sent in `Authorization`, and a refusal (401/403) gets the provider's own hint.
 */
export function bearerClient(options: {
  who: HttpClientOptions['who'];
  baseUrl: string;
  token: string;
  log: { secret(value: string): void };
  describe?: HttpClientOptions['describe'];
  /** What to tell the user when the token is refused: which permission the provider needs. */
  refused: string;
}): HttpClient {
  options.log.secret(options.token);
  return httpClient({
    who: options.who,
    baseUrl: options.baseUrl,
    headers: { Authorization: `Bearer ${options.token}` },
    secrets: [options.token],
    describe: options.describe,
    hint: (status) =>
      status === 401 || status === 403 ? options.refused : status === 0 ? 'check api-url' : undefined,
  });
}
