/**
 * Certificate facts every stage needs: from a DER walk for plain certificates (src/util/x509-der.ts),
 * otherwise with Node's own X509Certificate.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readCertificateDer } from './x509-der.js';

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
  /** In the manifest's words: ecdsa-p256, ecdsa-p384, rsa-2048, ... */
  keyType: string;
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

/**
 * A distinguished name as one line, last RDN first. node:crypto gives undefined for an empty name
 * (Let's Encrypt's short-lived certificates have an empty subject): that is "", not a crash.
 */
export function oneLine(dn: string | undefined): string {
  return (dn ?? '')
    .split('\n')
    .filter((part) => part.length > 0)
    .reverse()
    .join(', ');
}

/**
 * Recently used certificates, by their exact PEM text: the intermediate a whole store shares is
 * parsed once, not once per bundle (issue 22). The key is the whole input, so a hit is the same
 * certificate by construction. Bounded, least recently used out, so a large store never grows it
 * and the shared intermediate stays while each leaf passes through. The plan parses no leaves
 * (certificateFacts walks them) and deploy, check and verify one per bundle: 64 is plenty (512
 * once held leaves for nothing and took a 10,000-bundle plan from about 217 MB to 300 MB).
 */
const PARSED_MAX = 64;
const parsed = new Map<string, X509Certificate>();

/** A certificate from PEM text, parsed once while it is among the recently used ones. */
export function parseCertificate(pem: string): X509Certificate {
  let cert = parsed.get(pem);
  if (cert) {
    parsed.delete(pem); // set again below, as the most recently used
  } else {
    cert = new X509Certificate(pem);
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  }
  parsed.set(pem, cert);
  return cert;
}

/**
 * The facts of one certificate (PEM text or DER). A plain certificate is read with a DER walk,
 * which is many times cheaper than a parse plus a key export and gives the same facts; anything
 * else is parsed by node:crypto, which throws on what it cannot parse, as it always did.
 */
export function certificateFacts(pemOrDer: string | Buffer): CertificateFacts {
  const der = typeof pemOrDer === 'string' ? canonicalPemDer(pemOrDer) : pemOrDer;
  const walked = der && readCertificateDer(der);
  if (der && walked) {
    const { spki, ...facts } = walked;
    return {
      ...facts,
      sha256: sha256Hex(der),
      publicKeySha256: sha256Hex(spki),
      authorityKeyId: authorityKeyId(der),
      // A copy of a caller's buffer, as cert.raw is: callers own what they get.
      der: typeof pemOrDer === 'string' ? der : Buffer.from(der),
    };
  }
  return factsOf(typeof pemOrDer === 'string' ? parseCertificate(pemOrDer) : new X509Certificate(pemOrDer));
}

/** The facts as node:crypto reads them from a parsed certificate. */
export function factsOf(cert: X509Certificate): CertificateFacts {
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
    keyType: keyTypeOf(cert),
    authorityKeyId: authorityKeyId(der),
    der,
  };
}

/** Whether `parent` issued `child`: its name and key identifier match, and its key verifies the signature. */
export function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/** Key type in the manifest's words, from the certificate's public key. */
export function keyTypeOf(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const curve = details.namedCurve;
    if (curve === 'prime256v1') return 'ecdsa-p256';
    if (curve === 'secp384r1') return 'ecdsa-p384';
    return `ecdsa-${curve ?? 'unknown'}`;
  }
  if (key.asymmetricKeyType === 'rsa') return `rsa-${details.modulusLength ?? 'unknown'}`;
  return key.asymmetricKeyType ?? 'unknown';
}

const PEM_LINE = /^[A-Za-z0-9+/]{64}$/;
const PEM_LAST_LINE = /^[A-Za-z0-9+/]{0,63}[A-Za-z0-9+/=]={0,1}$/;

/**
 * The DER of one PEM block (as splitPemChain gives it) when the block is written the one usual way:
 * the BEGIN line, lines of 64 base64 characters and a shorter or equal last one, the END line,
 * LF or CRLF, canonical base64. Anything else (headers, odd line lengths, stray characters) is
 * undefined and left to OpenSSL's own PEM reader, so the walk never sees bytes OpenSSL would not.
 */
export function canonicalPemDer(block: string): Buffer | undefined {
  const lines = block.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  if (lines.length < 3 || lines[0] !== BEGIN || lines.at(-1) !== END) return undefined;
  const body = lines.slice(1, -1);
  for (let i = 0; i < body.length - 1; i++) if (!PEM_LINE.test(body[i] as string)) return undefined;
  const last = body.at(-1) as string;
  if (last.length === 0 || last.length > 64 || !PEM_LAST_LINE.test(last)) return undefined;
  const text = body.join('');
  if (text.length % 4 !== 0) return undefined;
  const der = Buffer.from(text, 'base64');
  return der.toString('base64') === text ? der : undefined;
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
