/**
 * The few JSON Web Token pieces the cloud logins need: signing an RS256 assertion (a Google
 * service-account key) and reading a token's claims without verifying it (to know when a token
 * we were given expires; the issuer verifies it, not us).
 */
import { createPrivateKey, sign } from 'node:crypto';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS signed with RS256 by `privateKeyPem` (PKCS#8 or PKCS#1). */
export function signRs256(claims: Record<string, unknown>, privateKeyPem: string, keyId?: string): string {
  const header = keyId ? { alg: 'RS256', typ: 'JWT', kid: keyId } : { alg: 'RS256', typ: 'JWT' };
  const input = `${part(header)}.${part(claims)}`;
  const key = createPrivateKey(privateKeyPem);
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** The claims of a compact JWT, unverified; undefined when it is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const middle = token.split('.')[1];
  if (!middle) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(middle, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
