/**
 * A fresh private key for every certificate (its CSR is made in csr.ts). Keys are PKCS#8 PEM and live in
 * memory only; generation runs on libuv's thread pool, so RSA keys are made while the DNS
 * challenges are in flight.
 */
import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyType } from '../config/schema.js';
import { notePublicPart } from '../util/redact.js';

const generate = promisify(generateKeyPair);

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A certificate key: the PEM that is stored, and the parsed key that signs its CSR. */
export interface CertificateKey {
  privateKeyPem: string;
  privateKey: KeyObject;
}

function generateKey(type: KeyType): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  switch (type) {
    case 'ecdsa-p256':
      return generate('ec', { namedCurve: 'prime256v1' });
    case 'ecdsa-p384':
      return generate('ec', { namedCurve: 'secp384r1' });
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return generate('rsa', { modulusLength: Number(type.slice(4)) });
    default:
      throw new Error(`unknown key type ${type as string}`);
  }
}

export async function generatePrivateKey(type: KeyType): Promise<string> {
  return pem((await generateKey(type)).privateKey);
}

/**
 * A fresh key of `type`, or the given one (key-policy reuse), with its parsed form: parsing a
 * PEM key costs OpenSSL ~0.35 ms, 15 times a P-256 signature, so the key is parsed once.
 */
export async function certificateKey(type: KeyType, givenPem?: string): Promise<CertificateKey> {
  if (givenPem !== undefined) return { privateKeyPem: givenPem, privateKey: createPrivateKey(givenPem) };
  const { privateKey, publicKey } = await generateKey(type);
  const privateKeyPem = pem(privateKey);
  // The run registers the key as a secret next: spare the redactor parsing it again.
  notePublicPart(privateKeyPem, publicKey.export({ type: 'spki', format: 'der' }));
  return { privateKeyPem, privateKey };
}
