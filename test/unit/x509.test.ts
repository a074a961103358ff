import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateFacts,
  leafDerSha256,
  leafFacts,
  parseCertificate,
  splitPemChain,
} from '../../src/util/x509.js';
import { createTestCa } from '../support/certs.js';
import { buildCertificate, ecKey, pemOf } from '../support/der-cert.js';
import { requirePrograms } from '../support/programs.js';

// A certificate made by openssl, whose own text output is the reference.
function opensslCert() {
  const dir = mkdtempSync(join(tmpdir(), 'certflow-x509-'));
  const key = join(dir, 'k.pem');
  const cert = join(dir, 'c.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=x509.test',
      '-addext',
      'subjectAltName=DNS:x509.test,DNS:*.x509.test',
      '-days',
      '7',
    ],
    { stdio: 'ignore' },
  );
  const text = (args: string[]) =>
    execFileSync('openssl', ['x509', '-in', cert, '-noout', ...args]).toString();
  return { pem: readFileSync(cert, 'utf8'), text };
}

// The programs these tests run: a missing one fails them with one line that says what to do.
beforeAll(() => requirePrograms('openssl'));
describe('certificate facts', () => {
  it('agree with openssl on serial, names, fingerprint and authority key id', () => {
    const { pem, text } = opensslCert();
    const facts = leafFacts(`${pem}${pem}`);
    expect(facts.serial).toBe(text(['-serial']).trim().split('=')[1]?.toLowerCase());
    expect(facts.names).toEqual(['x509.test', '*.x509.test']);
    expect(facts.sha256).toBe(
      text(['-fingerprint', '-sha256']).split('=')[1]?.trim().replaceAll(':', '').toLowerCase(),
    );
    const aki = text(['-ext', 'authorityKeyIdentifier'])
      .split('\n')[1]
      ?.trim()
      .replaceAll(':', '')
      .toLowerCase();
    expect(facts.authorityKeyId).toBe(aki);
    expect(facts.notAfter.getTime() - facts.notBefore.getTime()).toBe(7 * 86_400_000);
    expect(splitPemChain(`${pem}${pem}`)).toHaveLength(2);
  });

  it('refuses text without a certificate', () => {
    expect(() => leafFacts('hello')).toThrow(/no PEM certificate/);
  });
});

describe('Quadratic regex', () => {
  it('splits a 512 KiB fullchain.pem without END lines in linear time', () => {
    const { pem } = opensslCert();
    const hostile = '-----BEGIN CERTIFICATE-----\nAAAA\n'.repeat((512 * 1024) / 33);
    expect(hostile.length).toBeGreaterThan(500_000);
    const cpu = process.cpuUsage();
    expect(splitPemChain(hostile)).toEqual([]);
    // A genuine chain after the hostile text is still found, in the same single pass.
    expect(splitPemChain(`${hostile}${pem}`)).toHaveLength(1);
    // The lazy regex took 2 s here; a linear scan takes a few milliseconds. Loose on purpose.
    expect(process.cpuUsage(cpu).user).toBeLessThan(300_000);
  });

  it('keeps what lies between BEGIN and END exactly, one block per certificate', () => {
    const { pem } = opensslCert();
    const blocks = splitPemChain(`junk\n${pem}between\n${pem}-----BEGIN CERTIFICATE-----\ncut`);
    expect(blocks).toEqual([pem, pem]);
  });
});

describe('parsing once (plan of 10,000 bundles, issue 22)', () => {
  it('leafDerSha256 is the leaf DER hash that certificateFacts gives, and refuses what is not base64', async () => {
    const ca = await createTestCa('x509 hash');
    const cert = await ca.issue('h', ['h.example.com']);
    expect(leafDerSha256(cert.fullchainPem)).toBe(certificateFacts(cert.leafPem).sha256);
    const broken = cert.fullchainPem.replace(/\n[A-Za-z0-9+/]{8}/, '\n!!!!!!!!');
    expect(() => leafDerSha256(broken)).toThrow(/no PEM certificate/);
    expect(() => leafDerSha256('nothing here')).toThrow(/no PEM certificate/);
  });

  it('a cached certificate gives each caller its own facts', async () => {
    const ca = await createTestCa('x509 cache');
    const cert = await ca.issue('c', ['c.example.com']);
    const a = certificateFacts(cert.leafPem);
    a.names.push('evil.example.com');
    a.notAfter.setFullYear(2999);
    const b = certificateFacts(cert.leafPem);
    expect(b.names).toEqual(['c.example.com']);
    expect(b.notAfter.getFullYear()).not.toBe(2999);
    expect(parseCertificate(cert.leafPem)).toBe(parseCertificate(cert.leafPem));
  });

  it('keeps a certificate used between many others (the shared intermediate) parsed once', () => {
    const key = ecKey('P-256');
    const make = (serial: number) =>
      pemOf(
        buildCertificate({
          key: key.publicKey,
          signer: key.privateKey,
          serial: Buffer.from([0x01, serial >> 8, serial & 0xff]),
        }),
      );
    const shared = make(0);
    const first = parseCertificate(shared);
    const early = parseCertificate(make(9999));
    for (let i = 1; i <= 200; i++) {
      parseCertificate(make(i));
      expect(parseCertificate(shared)).toBe(first);
    }
    // And the cache is bounded: the first leaves are long gone.
    expect(parseCertificate(make(9999))).not.toBe(early);
  });
});
