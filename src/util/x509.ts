/** Certificate facts every stage needs, read with Node's own X509Certificate. */
import { createHash, X509Certificate } from 'node:crypto';

export interface CertificateFacts {
  /** Lower-case hex, no separators, leading zeros as the CA wrote them. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** Issuer as one line: "CN=..., O=...". */
  issuer: string;
  subject: string;
  /** DNS names from subjectAltName (IDNs as written, i.e. A-labels). */
  names: string[];
  /** SHA-256 of the DER, lower-case hex. */
  sha256: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex. */
  publicKeySha256: string;
  /** Authority key identifier, lower-case hex, when present. */
  authorityKeyId?: string;
  der: Buffer;
}

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/**
 * Splits a PEM chain into its certificates, in order. One pass with indexOf, never a lazy regex:
 * a chain comes from the store (anyone with write access), and a regex that rescans to the end
 * for every BEGIN without an END is quadratic (2 s on 512 KiB).
 */
export function splitPemChain(pem: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const begin = pem.indexOf(BEGIN, from);
    if (begin < 0) break;
    const end = pem.indexOf(END, begin + BEGIN.length);
    // No END after this BEGIN means none after any later BEGIN either: done.
    if (end < 0) break;
    blocks.push(`${pem.slice(begin, end + END.length)}\n`);
    from = end + END.length;
  }
  return blocks;
}

function oneLine(dn: string): string {
  return dn
    .split('\n')
    .filter((part) => part.length > 0)
    .reverse()
    .join(', ');
}

/**
 * Recently parsed certificates and their facts, by their exact PEM text. A plan over 10,000 bundles
 * parsed each leaf three times (read, verify, facts) and the one intermediate they share 10,000
 * times: parsing was half of its time (issue 22). The key is the whole input, so a hit is the same
 * certificate by construction. Bounded, first in first out, so a large store never grows it.
 */
const PARSED_MAX = 512;
const parsed = new Map<string, { cert: X509Certificate; facts?: CertificateFacts }>();

function parsedEntry(pem: string): { cert: X509Certificate; facts?: CertificateFacts } {
  let entry = parsed.get(pem);
  if (!entry) {
    entry = { cert: new X509Certificate(pem) };
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
    parsed.set(pem, entry);
  }
  return entry;
}

/** A certificate from PEM text, parsed once while it is among the recently seen ones. */
export function parseCertificate(pem: string): X509Certificate {
  return parsedEntry(pem).cert;
}

export function certificateFacts(pemOrDer: string | Buffer): CertificateFacts {
  if (typeof pemOrDer !== 'string') return factsOf(new X509Certificate(pemOrDer));
  const entry = parsedEntry(pemOrDer);
  entry.facts ??= factsOf(entry.cert);
  // A copy: callers own what they get (a shared Date or array changed by one would change all).
  const f = entry.facts;
  return { ...f, notBefore: new Date(f.notBefore), notAfter: new Date(f.notAfter), names: [...f.names] };
}

function factsOf(cert: X509Certificate): CertificateFacts {
  const der = cert.raw;
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  const names = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4));
  return {
    serial: cert.serialNumber.toLowerCase(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    issuer: oneLine(cert.issuer),
    subject: oneLine(cert.subject),
    names,
    sha256: sha256Hex(der),
    publicKeySha256: sha256Hex(spki),
    authorityKeyId: authorityKeyId(der),
    der,
  };
}

/**
 * SHA-256 of the leaf's DER, from the PEM text alone: what the store read compares with the
 * manifest, without parsing (the bundle verifier parses and checks the certificate itself).
 */
export function leafDerSha256(fullchainPem: string): string {
  const [leaf] = splitPemChain(fullchainPem);
  const body = leaf?.slice(BEGIN.length, leaf.lastIndexOf(END)).replace(/\s+/g, '') ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new Error('no PEM certificate found');
  return sha256Hex(Buffer.from(body, 'base64'));
}

/** Facts of the leaf, the first certificate of a PEM chain. */
export function leafFacts(fullchainPem: string): CertificateFacts {
  const [leaf] = splitPemChain(fullchainPem);
  if (!leaf) throw new Error('no PEM certificate found');
  return certificateFacts(leaf);
}

export function sha256Hex(data: string | Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// OID 2.5.29.35 (authorityKeyIdentifier) in DER, followed by the extension's OCTET STRING.
const AKI_OID = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x23]);

/**
 * Reads keyIdentifier [0] from the authorityKeyIdentifier extension. Node does not expose it, and a
 * DER walk this small is clearer than pulling in an ASN.1 library for one field.
 */
function authorityKeyId(der: Buffer): string | undefined {
  const at = der.indexOf(AKI_OID);
  if (at < 0) return undefined;
  let i = at + AKI_OID.length;
  if (der[i] === 0x01) i += 3; // critical BOOLEAN
  if (der[i] !== 0x04) return undefined; // OCTET STRING wrapping the extension value
  i += 1 + lengthBytes(der, i + 1);
  if (der[i] !== 0x30) return undefined; // SEQUENCE
  i += 1 + lengthBytes(der, i + 1);
  if (der[i] !== 0x80) return undefined; // [0] keyIdentifier
  const len = readLength(der, i + 1);
  const start = i + 1 + lengthBytes(der, i + 1);
  return der.subarray(start, start + len).toString('hex');
}

function lengthBytes(der: Buffer, at: number): number {
  const first = der[at] ?? 0;
  return first < 0x80 ? 1 : 1 + (first & 0x7f);
}

function readLength(der: Buffer, at: number): number {
  const first = der[at] ?? 0;
  if (first < 0x80) return first;
  let len = 0;
  for (let k = 1; k <= (first & 0x7f); k++) len = len * 256 + (der[at + k] ?? 0);
  return len;
}
