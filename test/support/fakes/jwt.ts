/**
 * JWTs for the fake identity services: an issuer that mints RS256 tokens (GitHub's OIDC service
 * stands in this way), and a strict verifier the fake token endpoints use on what they receive:
 * signature, algorithm, issuer, audience and time window. Written from RFC 7515/7519, on
 * node:crypto only, so it shares no code with the client side under test.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';

export interface Issuer {
  iss: string;
  publicKey: KeyObject;
  mint(claims: Record<string, unknown>, lifetimeSeconds?: number): string;
}

const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function makeIssuer(iss: string): Issuer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    iss,
    publicKey,
    mint(claims, lifetimeSeconds = 300) {
      const now = Math.floor(Date.now() / 1000);
      const input = `${enc({ alg: 'RS256', typ: 'JWT', kid: 'fake' })}.${enc({ iss, iat: now, nbf: now, exp: now + lifetimeSeconds, ...claims })}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    },
  };
}

export interface Expect {
  key: KeyObject | string;
  iss?: string;
  aud?: string;
  /** Further claims that must equal these values. */
  claims?: Record<string, unknown>;
}

/** The claims of a valid token, or the reason it is not valid. */
export function checkJwt(
  token: string,
  want: Expect,
): { ok: true; claims: Record<string, unknown> } | { ok: false; why: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, why: 'not a compact JWS' };
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, why: 'header or claims are not JSON' };
  }
  if (header.alg !== 'RS256') return { ok: false, why: `alg ${String(header.alg)} is not RS256` };
  const key = typeof want.key === 'string' ? createPublicKey(want.key) : want.key;
  if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')))
    return { ok: false, why: 'bad signature' };
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp < now) return { ok: false, why: 'expired or no exp' };
  if (typeof claims.iat === 'number' && claims.iat > now + 60)
    return { ok: false, why: 'issued in the future' };
  if (claims.exp - (typeof claims.iat === 'number' ? claims.iat : now) > 3600)
    return { ok: false, why: 'lifetime over one hour' };
  if (want.iss !== undefined && claims.iss !== want.iss)
    return { ok: false, why: `iss ${String(claims.iss)}` };
  if (want.aud !== undefined) {
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(want.aud))
      return { ok: false, why: `aud ${JSON.stringify(claims.aud)} is not ${want.aud}` };
  }
  for (const [k, v] of Object.entries(want.claims ?? {}))
    if (claims[k] !== v)
      return { ok: false, why: `${k} ${JSON.stringify(claims[k])} is not ${JSON.stringify(v)}` };
  return { ok: true, claims };
}
