/**
 * Calls to token endpoints (Google's OAuth and STS, Entra ID, GitHub's OIDC token service): a
 * timeout, one retry on 429/5xx, and errors that carry the endpoint's own words (`error`,
 * `error_description`) but never what we sent (assertions, client secrets, subject tokens).
 */
import { endpointVerdict } from '../../config/endpoints.js';
import { errorMessage } from '../../util/errors.js';

export class AuthError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'AuthError';
    this.hint = hint;
  }
}

const TIMEOUT_MS = 30_000;

/**
 * Refuses a URL that would carry a credential in clear: https://, or http:// to loopback only.
 * `where` names the field or file the URL came from.
 */
export function checkCredentialUrl(url: string, where: string): URL {
  if (endpointVerdict(url, false) === 'refused') {
    throw new AuthError(
      `${where}: "${url}" is not an https:// URL (http:// is accepted only for a loopback address); a credential is sent there`,
    );
  }
  return new URL(url);
}

export interface TokenRequest {
  /** What is being fetched, for errors: "the STS token exchange". */
  what: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  signal?: AbortSignal;
  /** What to do when the endpoint refuses (400/401/403). */
  refusedHint?: string;
}

/** Sends the request and returns the parsed JSON answer of a 2xx. */
export async function tokenCall(req: TokenRequest): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  } else if (req.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  const where = new URL(req.url);
  const target = `${where.origin}${where.pathname}`; // no query: it may carry a token
  for (let attempt = 1; ; attempt++) {
    const signal = req.signal
      ? AbortSignal.any([req.signal, AbortSignal.timeout(TIMEOUT_MS)])
      : AbortSignal.timeout(TIMEOUT_MS);
    let res: Response;
    try {
      res = await fetch(req.url, { method: req.method ?? 'POST', headers, body, signal, redirect: 'error' });
    } catch (error) {
      throw new AuthError(`${req.what} (${target}): ${errorMessage(error)}`);
    }
    const text = await res.text().catch(() => '');
    if ((res.status === 429 || res.status >= 500) && attempt < 2) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
    if (!res.ok) {
      const refused = res.status === 400 || res.status === 401 || res.status === 403;
      throw new AuthError(
        `${req.what} (${target}): HTTP ${res.status}${oauthWords(data as Record<string, unknown>)}`,
        refused ? req.refusedHint : undefined,
      );
    }
    if (!data) throw new AuthError(`${req.what} (${target}): HTTP ${res.status} without a JSON object`);
    return data as Record<string, unknown>;
  }
}

/** The endpoint's own explanation: OAuth `error`/`error_description`, or Google's `error.message`. */
function oauthWords(data: Record<string, unknown> | undefined): string {
  if (!data) return '';
  const e = data.error;
  if (e && typeof e === 'object') {
    const m = (e as Record<string, unknown>).message;
    return typeof m === 'string' ? `: ${oneLine(m)}` : '';
  }
  const words = [e, data.error_description].filter((w) => typeof w === 'string') as string[];
  return words.length ? `: ${oneLine(words.join(': '))}` : '';
}

const oneLine = (s: string) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 400 ? `${flat.slice(0, 400)}...` : flat;
};

/** A string field of a token answer, or an error naming it. */
export function field(data: Record<string, unknown>, name: string, what: string): string {
  const v = data[name];
  if (typeof v !== 'string' || v === '') throw new AuthError(`${what}: the answer has no ${name}`);
  return v;
}

/** `expires_in` seconds (a number or a numeric string) as an epoch time; one hour when absent. */
export function expiresAt(data: Record<string, unknown>, now = Date.now()): number {
  const v = Number(data.expires_in);
  return now + (Number.isFinite(v) && v > 0 ? v : 3600) * 1000;
}
