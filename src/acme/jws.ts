/**
 * JWS signing of ACME requests (RFC 8555 section 6.2) with the account key parsed once.
 *
 * acme-client's createSignedBody hands the account key to Node as PEM text on every request, so
 * each of the ~8 signed requests of a certificate parses the key again; issue 22 measured that
 * parse as most of the signing cost (0.75 ms per request with a P-256 key). Here the key is a
 * KeyObject made once per session, and the JWS is the same: the protected header holds alg, url,
 * nonce and kid (or the JWK before the account exists), the payload is JSON (empty for
 * POST-as-GET), and an ECDSA signature is r || s (RFC 7518 section 3.4), not DER.
 */
import { createPrivateKey, type KeyObject, constants as nodeCrypto, sign } from 'node:crypto';

export interface FlattenedJws {
  protected: string;
  payload: string;
  signature: string;
}

export interface JwsSigner {
  /** The JWS "alg" of the account key. */
  readonly alg: 'RS256' | 'ES256' | 'ES384' | 'ES512';
  sign(
    url: string,
    payload: unknown,
    header: { nonce?: string | null; kid?: string | null; jwk: () => unknown },
  ): FlattenedJws;
}

const EC_ALGS: Record<string, { alg: 'ES256' | 'ES384' | 'ES512'; hash: string }> = {
  prime256v1: { alg: 'ES256', hash: 'sha256' },
  secp384r1: { alg: 'ES384', hash: 'sha384' },
  secp521r1: { alg: 'ES512', hash: 'sha512' },
};

/** The JWS algorithm for an account key, as acme-client picks it (RS256 for RSA, ES* by curve). */
function algorithmOf(key: KeyObject): { alg: JwsSigner['alg']; hash: string } {
  if (key.asymmetricKeyType === 'rsa') return { alg: 'RS256', hash: 'sha256' };
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const ec = key.asymmetricKeyType === 'ec' && curve ? EC_ALGS[curve] : undefined;
  if (!ec) {
    throw new Error(
      `an ACME account key must be RSA or ECDSA P-256/P-384/P-521, not ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}`,
    );
  }
  return ec;
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A signer for one account key (PEM). Throws when the key cannot sign ACME requests. */
export function jwsSigner(accountKeyPem: string | Buffer): JwsSigner {
  const key = createPrivateKey(accountKeyPem);
  if (key.type !== 'private') throw new Error('the ACME account key must be a private key');
  const { alg, hash } = algorithmOf(key);
  return {
    alg,
    sign(url, payload, header) {
      const fields: Record<string, unknown> = { alg, url };
      if (header.nonce) fields.nonce = header.nonce;
      if (header.kid) fields.kid = header.kid;
      else fields.jwk = header.jwk();
      const protectedPart = b64url(JSON.stringify(fields));
      // POST-as-GET (null) has an empty payload; an empty object is "{}" (RFC 8555 section 6.3).
      const payloadPart = payload === null || payload === undefined ? '' : b64url(JSON.stringify(payload));
      const signature = sign(hash, Buffer.from(`${protectedPart}.${payloadPart}`, 'ascii'), {
        key,
        dsaEncoding: 'ieee-p1363',
        padding: nodeCrypto.RSA_PKCS1_PADDING,
      });
      return { protected: protectedPart, payload: payloadPart, signature: signature.toString('base64url') };
    },
  };
}
