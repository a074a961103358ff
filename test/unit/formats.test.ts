/**
 * The output formats, each parsed back with openssl (the consumer's side): the PKCS#12 file opens
 * with its password only, its MAC is checked, it holds exactly our key and chain; the combined PEM
 * and the DER files are what openssl reads as such.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { configSchema } from '../../src/config/schema.js';
import { planFiles } from '../../src/deploy/files.js';
import { buildPkcs12, pkcs12Kdf } from '../../src/deploy/pkcs12.js';
import { utf16be } from '../../src/util/der.js';
import { createTestCa, type TestCertificate } from '../support/certs.js';
import { requirePrograms } from '../support/programs.js';

let cert: TestCertificate;
let dir: string;
beforeAll(async () => {
  requirePrograms('openssl');
  cert = await (await createTestCa('formats')).issue('shop', ['shop.example.test']);
  dir = mkdtempSync(join(tmpdir(), 'certflow-formats-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = (over: Partial<SshTargetConfig['files']> = {}): SshTargetConfig['files'] => ({
  dir: '/etc/ssl/{certificate}',
  fullchain: 'fullchain.pem',
  key: 'privkey.pem',
  'key-mode': '0600',
  'cert-mode': '0644',
  ...over,
});

function openssl(args: string[], input?: Buffer): { code: number; stdout: string; stderr: string } {
  // The password goes through an environment variable, never argv (ps shows argv).
  const r = spawnSync('openssl', args, { input, env: { ...process.env, PFXPASS: PASSWORD } });
  return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

function save(name: string, data: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data, { mode: 0o600 });
  return path;
}

const PASSWORD = 'corr3ct hörse battery';
const keySpki = (pem: string) =>
  createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' }).toString('base64');
const certBodies = (pem: string) =>
  pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];

describe('PKCS#12', () => {
  it('opens with openssl (MAC checked) and holds exactly the key and the chain, leaf first', () => {
    const plan = planFiles(files({ pfx: 'site.pfx', 'pfx-password': PASSWORD }), cert);
    const pfx = plan.find((f) => f.role === 'pfx');
    expect(pfx).toMatchObject({ path: '/etc/ssl/shop/site.pfx', mode: 0o600, secret: true });
    const path = save('site.pfx', pfx?.content as Buffer);
    const info = openssl(['pkcs12', '-info', '-in', path, '-passin', 'env:PFXPASS', '-noout']);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toMatch(/MAC: sha256, Iteration 10000/);
    expect(info.stderr).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256/);
    const keyOut = openssl(['pkcs12', '-in', path, '-passin', 'env:PFXPASS', '-nocerts', '-nodes']);
    expect(keyOut.code, keyOut.stderr).toBe(0);
    expect(keySpki(keyOut.stdout)).toBe(keySpki(cert.privateKeyPem));
    expect(keyOut.stdout).toMatch(/friendlyName: shop/);
    const certOut = openssl(['pkcs12', '-in', path, '-passin', 'env:PFXPASS', '-nokeys']);
    expect(certOut.code, certOut.stderr).toBe(0);
    expect(certBodies(certOut.stdout)).toEqual(certBodies(cert.fullchainPem));
    // The key's localKeyID is also on the leaf: that is how Windows pairs them.
    const ids = [...`${keyOut.stdout}${certOut.stdout}`.matchAll(/localKeyID: ([0-9A-F ]+)/g)].map(
      (m) => m[1],
    );
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('refuses a wrong password (MAC) and a forged byte', () => {
    const pfx = buildPkcs12({
      privateKeyPem: cert.privateKeyPem,
      certificatesDer: [Buffer.from(cert.leafPem.replace(/-----[^-]+-----|\s/g, ''), 'base64')],
      password: 'other',
      friendlyName: 'x',
    });
    const path = save('wrong.pfx', pfx);
    const r = openssl(['pkcs12', '-in', path, '-passin', 'env:PFXPASS', '-nodes']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/mac verify/i);
    const forged = Buffer.from(pfx);
    const at = forged.length - 40;
    forged[at] = (forged[at] as number) ^ 1;
    const f = spawnSync('openssl', [
      'pkcs12',
      '-in',
      save('forged.pfx', forged),
      '-passin',
      'pass:other',
      '-nodes',
    ]);
    expect(f.status).not.toBe(0);
  });

  it('is deterministic for one bundle (drift check), and differs with the password or the key', async () => {
    const a = planFiles(files({ pfx: 'a.pfx', 'pfx-password': PASSWORD }), cert)[2]?.content;
    const b = planFiles(files({ pfx: 'a.pfx', 'pfx-password': PASSWORD }), cert)[2]?.content;
    const c = planFiles(files({ pfx: 'a.pfx', 'pfx-password': `${PASSWORD}!` }), cert)[2]?.content;
    expect(a?.equals(b as Buffer)).toBe(true);
    expect(a?.equals(c as Buffer)).toBe(false);
    // Neither the password nor the key in clear appear in the file.
    expect(a?.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(a?.includes(createPrivateKey(cert.privateKeyPem).export({ type: 'pkcs8', format: 'der' }))).toBe(
      false,
    );
  });

  it('carries an RSA key too', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const path = save(
      'rsa.pfx',
      buildPkcs12({
        privateKeyPem: pem,
        certificatesDer: [Buffer.from(cert.leafPem.replace(/-----[^-]+-----|\s/g, ''), 'base64')],
        password: PASSWORD,
        friendlyName: 'rsa',
      }),
    );
    const r = openssl(['pkcs12', '-in', path, '-passin', 'env:PFXPASS', '-nocerts', '-nodes']);
    expect(r.code, r.stderr).toBe(0);
    expect(keySpki(r.stdout)).toBe(keySpki(pem));
  });

  it('derives the MAC key as RFC 7292 B.2 says (cross-checked with openssl kdf)', () => {
    const salt = Buffer.from('0102030405060708', 'hex');
    const ours = pkcs12Kdf('password', salt, 3, 2048, 32);
    // openssl's PKCS12KDF takes the password bytes as given: hand it the NUL-terminated BMPString.
    const r = openssl([
      'kdf',
      '-keylen',
      '32',
      '-kdfopt',
      'digest:SHA256',
      '-kdfopt',
      `hexpass:${Buffer.concat([utf16be('password'), Buffer.alloc(2)]).toString('hex')}`,
      '-kdfopt',
      `hexsalt:${salt.toString('hex')}`,
      '-kdfopt',
      'iter:2048',
      '-kdfopt',
      'id:3',
      'PKCS12KDF',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().replace(/:/g, '').toLowerCase()).toBe(ours.toString('hex'));
  });

  it('is refused by the schema without a password, and the password must be a reference', () => {
    const target = (f: Record<string, unknown>) => ({
      version: 1,
      acme: { directory: 'letsencrypt', email: 'a@example.test' },
      store: { recipients: ['age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq'] },
      targets: { win: { hosts: ['h'], files: { dir: '/srv/tls', ...f } } },
    });
    const noPassword = configSchema.safeParse(target({ pfx: 'site.pfx' }));
    expect(noPassword.success).toBe(false);
    expect(JSON.stringify(noPassword.error?.issues)).toMatch(/pfx needs files.pfx-password/);
    const inClear = configSchema.safeParse(target({ pfx: 'site.pfx', 'pfx-password': 'hunter2' }));
    expect(inClear.success).toBe(false);
    expect(JSON.stringify(inClear.error?.issues)).toMatch(/this field is secret/);
  });
});

describe('combined PEM and DER', () => {
  it('combined holds the chain and the key in one file with key-mode', () => {
    const plan = planFiles(files({ combined: 'site.pem' }), cert);
    const combined = plan.find((f) => f.role === 'combined');
    expect(combined).toMatchObject({ path: '/etc/ssl/shop/site.pem', mode: 0o600, secret: true });
    const path = save('site.pem', combined?.content as Buffer);
    const key = openssl(['pkey', '-in', path]);
    expect(key.code, key.stderr).toBe(0);
    expect(keySpki(key.stdout)).toBe(keySpki(cert.privateKeyPem));
    const leaf = openssl(['x509', '-in', path, '-noout', '-fingerprint', '-sha256']);
    expect(leaf.stdout.replace(/.*=|:|\s/g, '').toLowerCase()).toBe(cert.certificateSha256);
    expect(certBodies(combined?.content.toString() ?? '')).toEqual(certBodies(cert.fullchainPem));
  });

  it('der is the leaf in DER, key-der the key as PKCS#8 DER with key-mode', () => {
    const plan = planFiles(files({ der: 'site.der', 'key-der': 'site.key.der', 'cert-mode': '0640' }), cert);
    const der = plan.find((f) => f.role === 'der');
    const keyDer = plan.find((f) => f.role === 'key-der');
    expect(der).toMatchObject({ mode: 0o640, secret: false });
    expect(keyDer).toMatchObject({ mode: 0o600, secret: true });
    const x = openssl([
      'x509',
      '-inform',
      'DER',
      '-in',
      save('site.der', der?.content as Buffer),
      '-noout',
      '-fingerprint',
      '-sha256',
    ]);
    expect(x.code, x.stderr).toBe(0);
    expect(x.stdout.replace(/.*=|:|\s/g, '').toLowerCase()).toBe(cert.certificateSha256);
    const k = openssl(['pkey', '-inform', 'DER', '-in', save('site.key.der', keyDer?.content as Buffer)]);
    expect(k.code, k.stderr).toBe(0);
    expect(keySpki(k.stdout)).toBe(keySpki(cert.privateKeyPem));
  });

  it('refuses two formats on one path', () => {
    expect(() => planFiles(files({ combined: 'privkey.pem' }), cert)).toThrow(/same path/);
  });
});
