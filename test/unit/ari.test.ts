/** RFC 9773 certificate identifiers, checked against the RFC's own worked example (section 4.1). */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import {
  ariCertificateId,
  ariCertificateIdFromParts,
  ariRefreshDue,
  saneWindow,
  serialDerBytes,
} from '../../src/acme/ari.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

// RFC 9773 section 4.1: AKI keyIdentifier 69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4,
// serial 0x87654321 (DER content 00 87 65 43 21) -> "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE".
const RFC_AKI = '69885b6b87464041e1b37b847ba0ae2cde01c8d4';
const RFC_ID = 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE';

async function certificate(serialHex: string, akiHex: string): Promise<string> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex,
    subject: 'CN=ari.example',
    issuer: 'CN=Example CA',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2025-04-01T00:00:00Z'),
    signingAlgorithm: alg,
    publicKey: keys.publicKey as webcrypto.CryptoKey,
    signingKey: keys.privateKey as webcrypto.CryptoKey,
    extensions: [new x509.AuthorityKeyIdentifierExtension(akiHex)],
  });
  return cert.toString('pem');
}

describe('ARI certificate ID (RFC 9773 section 4.1)', () => {
  it("matches the RFC's example from its parts", () => {
    expect(ariCertificateIdFromParts(RFC_AKI, '87654321')).toBe(RFC_ID);
    expect(serialDerBytes('87654321').toString('hex')).toBe('0087654321');
    expect(serialDerBytes('0087654321').toString('hex')).toBe('0087654321');
    expect(serialDerBytes('00000102').toString('hex')).toBe('0102');
  });

  it("matches the RFC's example from a certificate with that AKI and serial", async () => {
    const pem = await certificate('0087654321', RFC_AKI);
    expect(ariCertificateId(pem)).toBe(RFC_ID);
    expect(ariCertificateId(Buffer.from(new x509.X509Certificate(pem).rawData))).toBe(RFC_ID);
  });

  it('uses URL-safe base64 without padding', async () => {
    const pem = await certificate('7bffbf', 'fbffbf');
    expect(ariCertificateId(pem)).toBe('-_-_.e_-_');
  });

  it('refuses a certificate without an authority key identifier', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=self',
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2025-04-01T00:00:00Z'),
      signingAlgorithm: alg,
      keys: keys as webcrypto.CryptoKeyPair,
    });
    expect(() => ariCertificateId(cert.toString('pem'))).toThrow(/authority key identifier/);
  });

  it('refreshes a stored window only once its Retry-After has passed', () => {
    const now = new Date('2025-02-01T00:00:00Z');
    const window = {
      start: '2025-03-01T00:00:00Z',
      end: '2025-03-02T00:00:00Z',
      checkedAt: '2025-01-31T00:00:00Z',
    };
    expect(ariRefreshDue(undefined, now)).toBe(true);
    expect(ariRefreshDue({ ...window, retryAfter: '2025-02-01T06:00:00Z' }, now)).toBe(false);
    expect(ariRefreshDue({ ...window, retryAfter: '2025-01-31T06:00:00Z' }, now)).toBe(true);
  });
});

describe('a renewalInfo answer from a hostile CA', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const ok = { start: '2026-06-10T00:00:00Z', end: '2026-06-12T00:00:00Z' };

  it('takes a sane window and an https explanation URL', () => {
    expect(saneWindow(ok, 'https://ca.example/incident/42', now)).toEqual({
      start: Date.parse(ok.start),
      end: Date.parse(ok.end),
      explanationUrl: 'https://ca.example/incident/42',
    });
    // A window already in the past is what a mass revocation looks like: taken.
    expect(
      saneWindow({ start: '2026-05-01T00:00:00Z', end: '2026-05-02T00:00:00Z' }, undefined, now),
    ).not.toBeTypeOf('string');
  });

  it.each([
    ['ends before it starts', { start: ok.end, end: ok.start }, undefined],
    ['is empty', { start: ok.start, end: ok.start }, undefined],
    ['lies years ahead', { start: '2031-01-01T00:00:00Z', end: '2031-01-02T00:00:00Z' }, undefined],
    ['ends in the year 9999', { start: ok.start, end: '9999-12-31T23:59:59Z' }, undefined],
    ['started decades ago', { start: '1970-01-01T00:00:00Z', end: ok.end }, undefined],
    ['is not RFC 3339', { start: 'June 10', end: ok.end }, undefined],
    ['is a number', { start: 1, end: 2 }, undefined],
    ['has a control character in its URL', ok, 'https://ca.example/\u001b[31mred'],
    ['has a newline in its URL', ok, 'https://ca.example/a\n::error::x'],
    ['has markup in its URL', ok, 'https://ca.example/"><script>'],
    ['has a javascript: URL', ok, 'javascript:alert(1)'],
    ['has a plain http URL', ok, 'http://ca.example/x'],
    ['has a URL that is not a string', ok, { href: 'https://x' }],
  ])('refuses a window that %s', (_what, window, url) => {
    expect(saneWindow(window as { start: unknown; end: unknown }, url, now)).toBeTypeOf('string');
  });
});
