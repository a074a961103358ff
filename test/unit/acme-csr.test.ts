/**
 * The CSR certflow sends to the CA (src/acme/csr.ts): openssl accepts its signature, it names
 * exactly the certificate's names, it is always for the key that signs it, and it refuses what it
 * cannot encode faithfully.
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pkcs10CertificateRequest } from '@peculiar/x509';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsr, createCsrDer } from '../../src/acme/csr.js';
import { certificateKey } from '../../src/acme/keys.js';
import { requirePrograms } from '../support/programs.js';

requirePrograms('openssl');
const dir = mkdtempSync(join(tmpdir(), 'certflow-csr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/**
 * openssl's own reading of a CSR: verifies the signature (throws when it fails) and prints it.
 * OpenSSL 3.0 exits 0 on a bad self-signature and only says so on stderr: the verdict is read there.
 */
function openssl(csrPem: string): string {
  const file = join(dir, `r${n++}.pem`);
  writeFileSync(file, csrPem);
  const run = spawnSync('openssl', ['req', '-in', file, '-verify', '-noout', '-text'], { encoding: 'utf8' });
  if (run.status !== 0 || !/self-signature verify OK/.test(run.stderr)) {
    throw new Error(`openssl refused the CSR: ${run.stderr.trim()}`);
  }
  return run.stdout;
}

const keys: Array<[string, () => KeyObject]> = [
  ['ECDSA P-256', () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey],
  ['ECDSA P-384', () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey],
  ['RSA 2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey],
];

const spki = (key: KeyObject) => createPublicKey(key).export({ type: 'spki', format: 'der' });

describe('CSR', () => {
  it.each(keys)('%s: openssl verifies it, and it names exactly the names asked for', async (_label, make) => {
    const key = make();
    const domains = ['www.example.test', '*.example.test', 'example.test'];
    const pem = createCsr(domains, key);
    const text = openssl(pem);
    expect(text).toMatch(/Subject: CN\s?=\s?www\.example\.test\n/);
    expect(text).toMatch(
      /X509v3 Subject Alternative Name: \n\s+DNS:www\.example\.test, DNS:\*\.example\.test, DNS:example\.test\n/,
    );
    const parsed = new Pkcs10CertificateRequest(pem);
    expect(await parsed.verify()).toBe(true);
    expect(parsed.subject).toBe('CN=www.example.test');
    // The public key in the request is the signing key's, byte for byte.
    expect(Buffer.from(parsed.publicKey.rawData).equals(spki(key))).toBe(true);
  });

  it('is made from the PEM a certificate is stored with, as from the parsed key', async () => {
    const { privateKeyPem, privateKey } = await certificateKey('ecdsa-p256');
    const fromPem = new Pkcs10CertificateRequest(createCsrDer(['a.example.test'], privateKeyPem));
    expect(Buffer.from(fromPem.publicKey.rawData).equals(spki(privateKey))).toBe(true);
    expect(await fromPem.verify()).toBe(true);
  });

  it('leaves a first name over 64 characters out of the subject and marks the names critical', () => {
    const long = `${'a'.repeat(60)}.example.test`;
    const text = openssl(createCsr([long, 'b.example.test'], keys[0]?.[1]() as KeyObject));
    expect(text).not.toMatch(/CN\s?=/);
    expect(text).toMatch(
      /X509v3 Subject Alternative Name: critical\n\s+DNS:a{60}\.example\.test, DNS:b\.example\.test\n/,
    );
  });

  it('cannot be made for another key than the one that signs it', () => {
    const key = keys[0]?.[1]() as KeyObject;
    const other = keys[0]?.[1]() as KeyObject;
    const der = createCsrDer(['x.example.test'], key);
    // Splice another key's public key into the request: the signature no longer holds, and
    // openssl says so. createCsr has no way to be given a public key of its own.
    const mine = spki(key);
    const at = der.indexOf(mine);
    expect(at).toBeGreaterThan(0);
    const forged = Buffer.concat([der.subarray(0, at), spki(other), der.subarray(at + mine.length)]);
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${forged.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(() => openssl(pem)).toThrow(/verify failure/);
    expect(() => createCsr(['x.example.test'], createPublicKey(key) as unknown as KeyObject)).toThrow(
      /signed with the private key/,
    );
  });

  it('refuses names it cannot encode as they are, and keys the CA would not take', () => {
    const key = keys[0]?.[1]() as KeyObject;
    expect(() => createCsr(['bücher.example.test'], key)).toThrow(/printable ASCII/);
    expect(() => createCsr(['a.example.test', 'b example.test'], key)).toThrow(/printable ASCII/);
    expect(() => createCsr([], key)).toThrow(/without a name/);
    expect(() => createCsr(['a.example.test'], generateKeyPairSync('ed25519').privateKey)).toThrow(
      /cannot make a CSR for a ed25519 key/,
    );
  });
});
