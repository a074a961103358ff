/**
 * RFC 7638 thumbprint of a key (private or public PEM): SHA-256 over the JSON of the required
 * members of its public JWK, in lexicographic order, without whitespace; base64url. Its own module
 * (node:crypto only): the account commands and the dns-persist-01 records both need it, and the
 * records must not load acme-client.
 */
import { createHash, createPublicKey } from 'node:crypto';

export function jwkThumbprint(keyPem: string): string {
  const jwk = createPublicKey(keyPem).export({ format: 'jwk' }) as Record<string, string>;
  const members: Record<string, string[]> = {
    EC: ['crv', 'kty', 'x', 'y'],
    RSA: ['e', 'kty', 'n'],
    OKP: ['crv', 'kty', 'x'],
  };
  const names = members[jwk.kty as string];
  if (!names) throw new Error(`no RFC 7638 thumbprint for key type ${jwk.kty}`);
  // Built by hand, member by member: JSON.stringify of an object keeps insertion order only.
  const canonical = `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(jwk[n])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}
