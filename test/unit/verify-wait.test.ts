/**
 * The TLS proof of a deploy (waitForCertificate) against a TLS server written here whose answers
 * follow a script over time, as nginx's do around a reload: old and new workers both answer for
 * a while, then only the new ones. The proof must not pass on a lucky answer in that overlap,
 * and must pass once the new certificate is served steadily.
 */
import type { AddressInfo } from 'node:net';
import { createSecureContext, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForCertificate } from '../../src/deploy/verify.js';
import { createTestCa, type TestCertificate } from '../support/certs.js';

let oldCert: TestCertificate;
let newCert: TestCertificate;
const servers: Server[] = [];

beforeAll(async () => {
  const ca = await createTestCa('verify wait');
  oldCert = await ca.issue('www', ['www.wait.test']);
  newCert = await ca.issue('www', ['www.wait.test']);
});
afterAll(() => {
  for (const s of servers) s.close();
});

/** A server whose n-th handshake, `ms` after start, shows pick(n, ms)'s certificate. */
async function scripted(pick: (n: number, ms: number) => 'old' | 'new'): Promise<number> {
  const t0 = Date.now();
  let n = 0;
  const ctx = (c: TestCertificate) => ({ key: c.privateKeyPem, cert: c.fullchainPem });
  const server = createServer({
    ...ctx(oldCert),
    SNICallback: (_name, cb) => {
      const which = pick(n++, Date.now() - t0) === 'new' ? newCert : oldCert;
      cb(null, createSecureContext(ctx(which)));
    },
  });
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (s) => s.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const at = (port: number) => ({ address: '127.0.0.1', port, servername: 'www.wait.test' });

describe('waitForCertificate', () => {
  it('passes once the new certificate is served steadily, not before 150 ms of it', async () => {
    const port = await scripted((_n, ms) => (ms < 60 ? 'old' : 'new'));
    const t0 = Date.now();
    const w = await waitForCertificate(at(port), newCert.certificateSha256, 3000);
    expect(w.ok).toBe(true);
    expect(w.lastSha256).toBe(newCert.certificateSha256);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(60 + 150);
  });

  it('does not pass on new answers mixed with old ones (both workers answering)', async () => {
    // Every third answer is old until 400 ms: no streak of 150 ms can form before that.
    const port = await scripted((n, ms) => (ms < 400 && n % 3 === 2 ? 'old' : 'new'));
    const t0 = Date.now();
    const w = await waitForCertificate(at(port), newCert.certificateSha256, 3000);
    expect(w.ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('fails when the new certificate showed once and the old one came back', async () => {
    const port = await scripted((n) => (n === 1 ? 'new' : 'old'));
    const w = await waitForCertificate(at(port), newCert.certificateSha256, 600);
    expect(w.ok).toBe(false);
    expect(w.lastSha256).toBe(oldCert.certificateSha256);
  });
});
