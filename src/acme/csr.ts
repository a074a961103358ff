/**
 * The certificate signing request (PKCS#10, RFC 2986) of a new certificate, built with a few DER
 * encoders and signed by Node's crypto. acme-client builds it in JavaScript (its ASN.1 schema
 * compiler and WebCrypto round trips cost ~3 ms per certificate, 17 % of certflow's CPU when issuing
 * 1,000; issue 22); the request itself is small and fixed in shape:
 *
 *   subject      CN=<first name> when it fits the 64-character limit, else empty
 *   public key   the SPKI of the private key that signs the request (never given separately, so a
 *                request for another key than the certificate's cannot be made here)
 *   attributes   extensionRequest { subjectAltName: every name as a dNSName }
 *   signature    sha256WithRSAEncryption, or ECDSA with SHA-256 (P-256) / SHA-384 (P-384)
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { explicit, integer, nullValue, octets, oid, sequence, set, tlv } from '../util/der.js';

const OID = {
  commonName: '2.5.4.3',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
} as const;

/** Upper bound of X.520 ub-common-name: longer first names stay in subjectAltName only. */
const MAX_CN = 64;

/** The signature algorithm (hash and AlgorithmIdentifier DER) of a certificate key. */
function signatureAlgorithm(key: KeyObject): { hash: string; identifier: Buffer } {
  if (key.asymmetricKeyType === 'rsa') {
    return { hash: 'sha256', identifier: sequence(oid(OID.sha256WithRsa), nullValue()) };
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  // RFC 5758 section 3.2: the ECDSA identifiers carry no parameters.
  if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1')
    return { hash: 'sha256', identifier: sequence(oid(OID.ecdsaWithSha256)) };
  if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1')
    return { hash: 'sha384', identifier: sequence(oid(OID.ecdsaWithSha384)) };
  throw new Error(
    `cannot make a CSR for a ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''} key: certflow issues RSA, P-256 and P-384 keys`,
  );
}

/**
 * A DNS name as an IA5String: printable ASCII only. Names arrive validated from the configuration
 * (IDNs as A-labels); this refuses anything else rather than put bytes the CA would misread.
 */
function dnsNameBytes(name: string): Buffer {
  if (name.length === 0 || !/^[\x21-\x7e]+$/.test(name)) {
    throw new Error(
      `cannot put "${name}" in a CSR: a DNS name must be printable ASCII (IDNs as xn-- labels)`,
    );
  }
  return Buffer.from(name, 'ascii');
}

function subject(commonName: string | undefined): Buffer {
  if (!commonName) return sequence();
  // RDNSequence of one RDN holding CN as a UTF8String (RFC 5280 section 4.1.2.4).
  return sequence(set(sequence(oid(OID.commonName), tlv(0x0c, dnsNameBytes(commonName)))));
}

/** extensionRequest attribute with subjectAltName; critical when the subject is empty (RFC 5280 4.2.1.6). */
function extensionRequest(domains: string[], critical: boolean): Buffer {
  // GeneralName dNSName is [2] IMPLICIT IA5String: context tag 0x82.
  const names = sequence(...domains.map((d) => tlv(0x82, dnsNameBytes(d))));
  const san = sequence(
    oid(OID.subjectAltName),
    ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []),
    octets(names),
  );
  return sequence(oid(OID.extensionRequest), set(sequence(san)));
}

/** CSR (DER) for `domains`, signed by `privateKey` (PEM or KeyObject), for that key. */
export function createCsrDer(domains: string[], privateKey: string | KeyObject): Buffer {
  if (domains.length === 0) throw new Error('cannot make a CSR without a name');
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.type !== 'private') throw new Error('a CSR is signed with the private key');
  const { hash, identifier } = signatureAlgorithm(key);
  const first = domains[0] as string;
  const commonName = first.length <= MAX_CN ? first : undefined;
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const info = sequence(
    integer(0),
    subject(commonName),
    spki,
    // attributes [0] IMPLICIT SET OF Attribute: the SET's contents under a constructed [0] tag.
    explicit(0, extensionRequest(domains, commonName === undefined)),
  );
  // ECDSA signatures in X.509 are DER SEQUENCE { r, s }, Node's default encoding.
  const signature = sign(hash, info, key);
  // signature BIT STRING: a leading 0 says no unused bits.
  return sequence(info, identifier, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

/** The same CSR as PEM. */
export function createCsr(domains: string[], privateKey: string | KeyObject): string {
  const lines =
    createCsrDer(domains, privateKey)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
