/**
 * The JWS of every ACME request (src/acme/jws.ts): verifiable with the account's public key as RFC
 * 7515/7518 say (ECDSA as r || s), the same protected header and payload acme-client would send,
 * and no signing with keys an ACME server would not accept.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import acme from 'acme-client';
import { describe, expect, it } from 'vitest';
import { jwsSigner } from '../../src/acme/jws.js';

const pemOf = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

const cases: Array<[string, () => KeyObject, string, string]> = [
  ['P-256', () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, 'ES256', 'sha256'],
  ['P-384', () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey, 'ES384', 'sha384'],
  ['RSA', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'RS256', 'sha256'],
];

describe('JWS signer', () => {
  it.each(cases)(
    '%s: the signature verifies over protected.payload with the public key',
    (_l, make, alg, hash) => {
      const key = make();
      const signer = jwsSigner(pemOf(key));
      expect(signer.alg).toBe(alg);
      const jws = signer.sign(
        'https://ca.test/new-order',
        { identifiers: [] },
        { nonce: 'n1', kid: 'https://ca.test/acct/1', jwk: () => ({}) },
      );
      expect(decode(jws.protected)).toEqual({
        alg,
        url: 'https://ca.test/new-order',
        nonce: 'n1',
        kid: 'https://ca.test/acct/1',
      });
      expect(decode(jws.payload)).toEqual({ identifiers: [] });
      const ok = verify(
        hash,
        Buffer.from(`${jws.protected}.${jws.payload}`),
        { key: createPublicKey(key), dsaEncoding: 'ieee-p1363' },
        Buffer.from(jws.signature, 'base64url'),
      );
      expect(ok).toBe(true);
      // A signature over another URL does not pass for this one.
      const other = signer.sign(
        'https://ca.test/other',
        { identifiers: [] },
        { nonce: 'n1', kid: 'k', jwk: () => ({}) },
      );
      expect(
        verify(
          hash,
          Buffer.from(`${jws.protected}.${jws.payload}`),
          { key: createPublicKey(key), dsaEncoding: 'ieee-p1363' },
          Buffer.from(other.signature, 'base64url'),
        ),
      ).toBe(false);
    },
  );

  it('sends what acme-client sends: JWK before the account exists, kid after, empty payload for POST-as-GET', () => {
    const pem = pemOf(cases[0]?.[1]() as KeyObject);
    const signer = jwsSigner(pem);
    const http = (
      new acme.Client({ directoryUrl: 'https://ca.test/dir', accountKey: pem }) as unknown as {
        http: {
          createSignedBody(u: string, p: unknown, o: object): { protected: string; payload: string };
          getJwk(): unknown;
        };
      }
    ).http;
    for (const [payload, opts] of [
      [{ termsOfServiceAgreed: true }, { nonce: 'abc', kid: null }],
      [null, { nonce: 'abc', kid: 'https://ca.test/acct/7' }],
      [{}, { nonce: 'def', kid: 'https://ca.test/acct/7' }],
    ] as const) {
      const theirs = http.createSignedBody('https://ca.test/x', payload, opts);
      const ours = signer.sign('https://ca.test/x', payload, { ...opts, jwk: () => http.getJwk() });
      expect(ours.protected).toBe(theirs.protected);
      expect(ours.payload).toBe(theirs.payload);
    }
    const asGet = signer.sign('https://ca.test/x', null, { nonce: 'a', kid: 'k', jwk: () => ({}) });
    expect(asGet.payload).toBe('');
    expect(signer.sign('https://ca.test/x', {}, { nonce: 'a', kid: 'k', jwk: () => ({}) }).payload).toBe(
      'e30',
    );
  });

  it('refuses keys that cannot sign ACME requests', () => {
    expect(() => jwsSigner(pemOf(generateKeyPairSync('ed25519').privateKey))).toThrow(/RSA or ECDSA/);
    expect(() => jwsSigner(pemOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey))).toThrow(
      /not ec secp256k1/,
    );
    const pub = createPublicKey(cases[0]?.[1]() as KeyObject)
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(() => jwsSigner(pub)).toThrow();
    expect(() => jwsSigner('not a key')).toThrow();
  });
});
