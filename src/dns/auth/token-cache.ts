/**
 * One access token shared by every call of a provider, fetched again shortly before it expires.
 * A failed fetch is not cached, so the next call tries again.
 */
export interface Token {
  value: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Tokens are renewed this long before their stated expiry (clock skew, slow calls). */
const MARGIN_MS = 120_000;

export function tokenCache(
  fetchToken: (signal?: AbortSignal) => Promise<Token>,
  now: () => number = Date.now,
): (signal?: AbortSignal) => Promise<string> {
  let current: Promise<Token> | undefined;
  return async (signal) => {
    if (current) {
      const held = await current.catch(() => undefined);
      if (held && held.expiresAt - MARGIN_MS > now()) return held.value;
    }
    const next = fetchToken(signal);
    current = next;
    next.catch(() => {
      if (current === next) current = undefined;
    });
    return (await next).value;
  };
}
