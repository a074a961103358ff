/**
 * Reads a leaf certificate's facts from its DER without node:crypto, for the plain certificates
 * every CA issues: a plan over 10,000 bundles spent most of its time in X509Certificate and in
 * exporting each public key (issue 22). It only ever vouches, it never refuses: anything outside
 * the plain subset below (an unknown algorithm or attribute, a name with characters OpenSSL would
 * escape, a time outside RFC 5280's forms, a SAN entry that is not a DNS name, any DER that is not
 * strictly minimal) gives undefined, and the caller parses with node:crypto as before, which then
 * accepts or refuses exactly as it always did. Inside the subset the result is what node:crypto
 * reads (test/unit/x509-der.test.ts compares both on generated and on mutated certificates).
 */
import { bytesOf, contentOf, DerError, DerReader, positiveInteger, type Tlv } from './der-read.js';
import type { CertificateFacts } from './x509.js';

/** The facts a walk reads itself; the hashes and the key identifier are the caller's (x509.ts). */
export type DerCertificate = Pick<
  CertificateFacts,
  'serial' | 'notBefore' | 'notAfter' | 'issuer' | 'subject' | 'names' | 'keyType'
> & {
  /** The SubjectPublicKeyInfo element, byte for byte what node:crypto exports as spki DER. */
  spki: Uint8Array;
};

const h = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Signature algorithms, as whole AlgorithmIdentifier elements (parameters exactly as RFCs 5758/4055). */
const SIGNATURE_ALGORITHMS = [
  h('300a 0608 2a8648ce3d040302'), // ecdsa-with-SHA256
  h('300a 0608 2a8648ce3d040303'), // ecdsa-with-SHA384
  h('300a 0608 2a8648ce3d040304'), // ecdsa-with-SHA512
  h('300d 0609 2a864886f70d01010b 0500'), // sha256WithRSAEncryption
  h('300d 0609 2a864886f70d01010c 0500'), // sha384WithRSAEncryption
  h('300d 0609 2a864886f70d01010d 0500'), // sha512WithRSAEncryption
];

const EC_P256 = h('3013 0607 2a8648ce3d0201 0608 2a8648ce3d030107');
const EC_P384 = h('3010 0607 2a8648ce3d0201 0605 2b81040022');
const RSA = h('300d 0609 2a864886f70d010101 0500');

/** Short names of the attributes node:crypto prints (OpenSSL's), by the last byte of 2.5.4.x. */
const ATTRIBUTES = new Map([
  [3, 'CN'],
  [6, 'C'],
  [7, 'L'],
  [8, 'ST'],
  [10, 'O'],
  [11, 'OU'],
]);
const ATTRIBUTE_PREFIX = h('0603 5504');
/** UTF8String, PrintableString, IA5String. */
const STRING_TAGS = new Set([0x0c, 0x13, 0x16]);
/**
 * Characters OpenSSL prints as they are (RFC 2253 escapes , + " \ < > ; and a leading # or space;
 * node escapes none of these in a DNS name): anything else leaves the reading to node:crypto.
 */
const PLAIN_VALUE = /^[A-Za-z0-9.*_'()/:@-](?:[A-Za-z0-9 .*_'()/:@-]*[A-Za-z0-9.*_'()/:@-])?$/;
const PLAIN_DNS_NAME = /^[A-Za-z0-9.*_-]+$/;
const SAN_OID = h('0603 551d11');
const VERSION_3 = h('a003 020102');
const CRITICAL_TRUE = h('0101ff');

/** Facts of the certificate in `der`, or undefined when it is not plain enough to be sure. */
export function readCertificateDer(der: Uint8Array): DerCertificate | undefined {
  try {
    return readCertificate(der);
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}

function readCertificate(der: Uint8Array): DerCertificate | undefined {
  const top = new DerReader(der);
  const certificate = top.next(0x30);
  top.finish();
  const outer = DerReader.inside(der, certificate);
  const tbs = DerReader.inside(der, outer.next(0x30));
  if (!knownAlgorithm(der, outer.next(0x30))) return undefined;
  const signature = outer.next(0x03);
  if (signature.end - signature.body < 2 || der[signature.body] !== 0) return undefined; // unused bits
  outer.finish();

  // Version: v3 only, [0] EXPLICIT INTEGER 2.
  const version = tbs.next(0xa0);
  if (!same(bytesOf(der, version), VERSION_3)) return undefined;
  const serial = Buffer.from(positiveInteger(der, tbs.next())).toString('hex');
  if (!knownAlgorithm(der, tbs.next(0x30))) return undefined;
  const issuer = readName(der, tbs.next(0x30));
  const validity = DerReader.inside(der, tbs.next(0x30));
  const notBefore = readTime(der, validity.next());
  const notAfter = readTime(der, validity.next());
  validity.finish();
  const subject = readName(der, tbs.next(0x30));
  const spkiTlv = tbs.next(0x30);
  const keyType = readPublicKey(der, spkiTlv);
  // Unique identifiers [1]/[2] are obsolete: leave them to node:crypto. Extensions are [3].
  if (tbs.done) return undefined;
  const explicit = DerReader.inside(der, tbs.next(0xa3));
  const extensions = DerReader.inside(der, explicit.next(0x30));
  explicit.finish();
  tbs.finish();
  const names = readNames(der, extensions);
  if (issuer === undefined || subject === undefined || !notBefore || !notAfter || !keyType || !names) {
    return undefined;
  }
  return { serial, notBefore, notAfter, issuer, subject, names, keyType, spki: bytesOf(der, spkiTlv) };
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

function knownAlgorithm(der: Uint8Array, tlv: Tlv): boolean {
  const bytes = bytesOf(der, tlv);
  return SIGNATURE_ALGORITHMS.some((a) => same(a, bytes));
}

/** One line, last RDN first; undefined when any part is outside the plain subset. */
function readName(der: Uint8Array, tlv: Tlv): string | undefined {
  const rdns = DerReader.inside(der, tlv);
  const parts: string[] = [];
  while (!rdns.done) {
    const set = DerReader.inside(der, rdns.next(0x31));
    const attribute = DerReader.inside(der, set.next(0x30));
    set.finish(); // multi-valued RDNs print with " + ": not plain
    const type = bytesOf(der, attribute.next(0x06));
    const value = attribute.next();
    attribute.finish();
    if (type.length !== 5 || !same(type.subarray(0, 4), ATTRIBUTE_PREFIX)) return undefined;
    const short = ATTRIBUTES.get(type[4] as number);
    if (!short || !STRING_TAGS.has(value.tag)) return undefined;
    const text = Buffer.from(contentOf(der, value)).toString('latin1');
    if (!PLAIN_VALUE.test(text)) return undefined;
    parts.push(`${short}=${text}`);
  }
  // An empty name (a short-lived Let's Encrypt certificate's subject) is "", as x509.ts reads it.
  return parts.reverse().join(', ');
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ (RFC 5280 4.1.2.5), nothing looser. */
function readTime(der: Uint8Array, tlv: Tlv): Date | undefined {
  const text = Buffer.from(contentOf(der, tlv)).toString('latin1');
  let digits: string;
  let year: number;
  if (tlv.tag === 0x17 && /^\d{12}Z$/.test(text)) {
    digits = text.slice(2, 12);
    const yy = Number(text.slice(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (tlv.tag === 0x18 && /^\d{14}Z$/.test(text)) {
    digits = text.slice(4, 14);
    year = Number(text.slice(0, 4));
  } else return undefined;
  // Before 1950 node's date text would need a two-digit year reading: not plain.
  if (year < 1950) return undefined;
  const [month, day, hour, minute, second] = [0, 2, 4, 6, 8].map((i) => Number(digits.slice(i, i + 2))) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  if (month < 1 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** The key type, after checking the key is one node:crypto would load (an EC point on its curve). */
function readPublicKey(der: Uint8Array, tlv: Tlv): string | undefined {
  const spki = DerReader.inside(der, tlv);
  const algorithm = bytesOf(der, spki.next(0x30));
  const bits = spki.next(0x03);
  spki.finish();
  if (bits.end - bits.body < 2 || der[bits.body] !== 0) return undefined;
  const key = der.subarray(bits.body + 1, bits.end);
  if (same(algorithm, EC_P256)) return onCurve(key, P256) ? 'ecdsa-p256' : undefined;
  if (same(algorithm, EC_P384)) return onCurve(key, P384) ? 'ecdsa-p384' : undefined;
  if (!same(algorithm, RSA)) return undefined;
  const rsa = new DerReader(key);
  const sequence = DerReader.inside(key, rsa.next(0x30));
  rsa.finish();
  const modulus = positiveInteger(key, sequence.next());
  const exponent = positiveInteger(key, sequence.next());
  sequence.finish();
  const size = modulus.length * 8 - Math.clz32(modulus[0] as number) + 24;
  // Sizes outside what CAs issue, or an even exponent, are node:crypto's to judge.
  if (size < 1024 || size > 16384 || exponent.length > 4 || !((exponent.at(-1) as number) & 1))
    return undefined;
  return `rsa-${size}`;
}

interface Curve {
  bytes: number;
  p: bigint;
  b: bigint;
}
const P256: Curve = {
  bytes: 32,
  p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
};
const P384: Curve = {
  bytes: 48,
  p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
  b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
};

/**
 * An uncompressed point (04 || x || y) on the curve y² = x³ - 3x + b: OpenSSL parses a certificate
 * with any bytes there but then cannot load its key, so only a point it would load is vouched for.
 */
function onCurve(point: Uint8Array, curve: Curve): boolean {
  if (point.length !== 1 + 2 * curve.bytes || point[0] !== 0x04) return false;
  const x = BigInt(`0x${Buffer.from(point.subarray(1, 1 + curve.bytes)).toString('hex')}`);
  const y = BigInt(`0x${Buffer.from(point.subarray(1 + curve.bytes)).toString('hex')}`);
  const { p, b } = curve;
  if (x >= p || y >= p) return false;
  return (y * y - (x * x * x - 3n * x + b)) % p === 0n;
}

/**
 * The DNS names of the one subjectAltName extension (none without it). Any other kind of entry,
 * a second SAN extension or a non-canonical critical flag leaves the reading to node:crypto.
 */
function readNames(der: Uint8Array, extensions: DerReader): string[] | undefined {
  let names: string[] | undefined;
  if (extensions.done) return undefined; // RFC 5280: SIZE (1..MAX)
  while (!extensions.done) {
    const extension = DerReader.inside(der, extensions.next(0x30));
    const oid = extension.next(0x06);
    validOid(der, oid);
    let value = extension.next();
    if (value.tag === 0x01) {
      if (!same(bytesOf(der, value), CRITICAL_TRUE)) return undefined;
      value = extension.next();
    }
    if (value.tag !== 0x04) return undefined;
    extension.finish();
    if (!same(bytesOf(der, oid), SAN_OID)) continue;
    if (names) return undefined;
    names = [];
    const wrapper = new DerReader(der, value.body, value.end);
    const list = DerReader.inside(der, wrapper.next(0x30));
    wrapper.finish();
    if (list.done) return undefined;
    while (!list.done) {
      const entry = list.next();
      if (entry.tag !== 0x82) return undefined;
      const name = Buffer.from(contentOf(der, entry)).toString('latin1');
      if (!PLAIN_DNS_NAME.test(name)) return undefined;
      names.push(name);
    }
  }
  return names ?? [];
}

/** An OBJECT IDENTIFIER's content: sub-identifiers minimal (no leading 0x80) and complete. */
function validOid(der: Uint8Array, tlv: Tlv): void {
  const bytes = contentOf(der, tlv);
  if (bytes.length === 0 || ((bytes.at(-1) as number) & 0x80) !== 0) throw new DerError('bad OID');
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x80 && (i === 0 || !((bytes[i - 1] as number) & 0x80))) throw new DerError('bad OID');
  }
}
