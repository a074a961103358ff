/**
 * A fresh private key for every certificate, and its CSR. Keys are PKCS#8 PEM and live in
 * memory only; generation runs on libuv's thread pool, so RSA keys are made while the DNS
 * challenges are in flight.
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import acme from 'acme-client';
import type { KeyType } from '../config/schema.js';

const generate = promisify(generateKeyPair);

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

export async function generatePrivateKey(type: KeyType): Promise<string> {
  switch (type) {
    case 'ecdsa-p256':
      return pem((await generate('ec', { namedCurve: 'prime256v1' })).privateKey);
    case 'ecdsa-p384':
      return pem((await generate('ec', { namedCurve: 'secp384r1' })).privateKey);
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return pem((await generate('rsa', { modulusLength: Number(type.slice(4)) })).privateKey);
    default:
      throw new Error(`unknown key type ${type as string}`);
  }
}

/**
 * CSR (PEM) for `domains`. The common name is the first name when it fits the 64-character
 * limit; all names go into subjectAltName, which is what CAs use.
 */
export async function createCsr(domains: string[], privateKeyPem: string): Promise<string> {
  const first = domains[0];
  const commonName = first && first.length <= 64 ? first : undefined;
  const [, csr] = await acme.crypto.createCsr({ commonName, altNames: [...domains] }, privateKeyPem);
  return csr.toString();
}
