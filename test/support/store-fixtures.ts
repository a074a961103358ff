/**
 * Certificates made locally for store and publish tests: a tiny CA with openssl, leaf keys from
 * node:crypto. No ACME server is needed to test sealing, opening and publishing.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { IssuedCertificate } from '../../src/model.js';

const run = promisify(execFile);

export interface TestCa {
  dir: string;
  keyPath: string;
  certPath: string;
  certPem: string;
  /** Issues a leaf for `domains` with a fresh P-256 key (or the key given). */
  issue(name: string, domains: string[], privateKeyPem?: string): Promise<IssuedCertificate>;
  close(): Promise<void>;
}

export function newP256KeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

export async function createTestCa(): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'certflow-ca-'));
  const keyPath = join(dir, 'ca.key');
  const certPath = join(dir, 'ca.pem');
  await writeFile(keyPath, newP256KeyPem(), { mode: 0o600 });
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    keyPath,
    '-out',
    certPath,
    '-days',
    '30',
    '-subj',
    '/CN=certflow test CA/O=certflow tests',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
  ]);
  const certPem = await readFile(certPath, 'utf8');
  let counter = 0;
  return {
    dir,
    keyPath,
    certPath,
    certPem,
    async issue(name, domains, privateKeyPem = newP256KeyPem()) {
      counter += 1;
      const base = join(dir, `${name}-${counter}`);
      await writeFile(`${base}.key`, privateKeyPem, { mode: 0o600 });
      await writeFile(
        `${base}.ext`,
        `subjectAltName=${domains.map((d) => `DNS:${d}`).join(',')}\nauthorityKeyIdentifier=keyid\nbasicConstraints=CA:FALSE\n`,
      );
      await run('openssl', [
        'req',
        '-new',
        '-key',
        `${base}.key`,
        '-out',
        `${base}.csr`,
        '-subj',
        `/CN=${domains[0]}`,
      ]);
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        certPath,
        '-CAkey',
        keyPath,
        '-out',
        `${base}.pem`,
        '-days',
        '7',
        '-set_serial',
        `0x${randomBytes(16).toString('hex')}`,
        '-extfile',
        `${base}.ext`,
      ]);
      const leaf = await readFile(`${base}.pem`, 'utf8');
      await rm(`${base}.key`, { force: true });
      return {
        name,
        domains,
        keyType: 'ecdsa-p256',
        privateKeyPem,
        fullchainPem: `${leaf.trim()}\n${certPem.trim()}\n`,
        issuedAt: new Date().toISOString(),
      };
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function newAgeIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The forms a leaked key could take in text: PEM, its base64 body on one line, JSON-escaped PEM. */
export function keyLeakForms(privateKeyPem: string): string[] {
  const body = privateKeyPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return [
    privateKeyPem.trim(),
    body,
    // A 40-character slice catches the body even when re-wrapped at other line lengths.
    body.slice(8, 48),
    JSON.stringify(privateKeyPem).slice(1, -1),
  ];
}
