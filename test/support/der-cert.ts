/**
 * Certificates built byte by byte, for tests that need what no CA library writes: odd names, odd
 * times, a public key off its curve, a second SAN extension. Signed with a real key (the signature
 * is never what these tests look at, but a parser sees a well-formed one).
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { explicit, oid, sequence, set, tlv } from '../../src/util/der.js';

const ALG = {
  ecdsaSha256: sequence(oid('1.2.840.10045.4.3.2')),
  rsaSha256: sequence(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00])),
  ed25519: sequence(oid('1.3.101.112')),
};

/** [oid, string tag, value] per attribute; an inner array is one multi-valued RDN. */
export type NameSpec = Array<[string, number, string] | Array<[string, number, string]>>;

export function name(spec: NameSpec): Buffer {
  const attr = ([id, tag, value]: [string, number, string]) =>
    sequence(oid(id), tlv(tag, Buffer.from(value, tag === 0x0c ? 'utf8' : 'latin1')));
  return sequence(
    ...spec.map((rdn) =>
      Array.isArray(rdn[0])
        ? set(...(rdn as Array<[string, number, string]>).map(attr))
        : set(attr(rdn as [string, number, string])),
    ),
  );
}

export const utcTime = (text: string) => tlv(0x17, Buffer.from(text, 'latin1'));
export const generalizedTime = (text: string) => tlv(0x18, Buffer.from(text, 'latin1'));
export const dnsName = (value: string) => tlv(0x82, Buffer.from(value, 'latin1'));
export const ipAddress = (bytes: number[]) => tlv(0x87, Buffer.from(bytes));
export const emailName = (value: string) => tlv(0x81, Buffer.from(value, 'latin1'));

export function extension(id: string, value: Buffer, critical = false): Buffer {
  return sequence(oid(id), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), tlv(0x04, value));
}

export const sanExtension = (entries: Buffer[], critical = false) =>
  extension('2.5.29.17', sequence(...entries), critical);

export interface CertSpec {
  key: KeyObject;
  /** Signs; defaults to `key`'s own private half (self-signed). */
  signer: KeyObject;
  serial?: Buffer;
  issuer?: Buffer;
  subject?: Buffer;
  notBefore?: Buffer;
  notAfter?: Buffer;
  /** Whole extension elements; default one SAN with www.example.com. */
  extensions?: Buffer[] | null;
  /** Replaces the SubjectPublicKeyInfo (a hostile key). */
  spki?: Buffer;
  version?: Buffer | null;
  /** Bytes put inside [3] after the extensions' SEQUENCE (a hostile trailer). */
  afterExtensions?: Buffer;
}

/** The DER of a certificate as `spec` says, signed by `spec.signer`. */
export function buildCertificate(spec: CertSpec): Buffer {
  const type = spec.signer.asymmetricKeyType;
  const algorithm = type === 'rsa' ? ALG.rsaSha256 : type === 'ed25519' ? ALG.ed25519 : ALG.ecdsaSha256;
  const extensions =
    spec.extensions === null ? [] : (spec.extensions ?? [sanExtension([dnsName('www.example.com')])]);
  const tbs = sequence(
    ...(spec.version === null ? [] : [spec.version ?? explicit(0, tlv(0x02, Buffer.from([2])))]),
    tlv(0x02, spec.serial ?? Buffer.from([0x01, 0x23, 0x45])),
    algorithm,
    spec.issuer ?? name([['2.5.4.3', 0x0c, 'Test CA']]),
    sequence(spec.notBefore ?? utcTime('260101000000Z'), spec.notAfter ?? utcTime('270101000000Z')),
    spec.subject ?? name([['2.5.4.3', 0x0c, 'www.example.com']]),
    spec.spki ?? spec.key.export({ type: 'spki', format: 'der' }),
    ...(extensions.length
      ? [explicit(3, Buffer.concat([sequence(...extensions), spec.afterExtensions ?? Buffer.alloc(0)]))]
      : []),
  );
  const signature = sign(type === 'ed25519' ? null : 'sha256', tbs, spec.signer);
  return sequence(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

export interface TestKey {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export const ecKey = (curve: 'P-256' | 'P-384'): TestKey => generateKeyPairSync('ec', { namedCurve: curve });
export const rsaKey = (bits = 2048): TestKey => generateKeyPairSync('rsa', { modulusLength: bits });
export const ed25519Key = (): TestKey => generateKeyPairSync('ed25519');

/** PEM text of one DER certificate, 64 characters a line. */
export function pemOf(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
