/**
 * The deploy's cheap TLS probe (fetchServedSha256): it must name exactly the leaf the full probe
 * names, and, although every probe shares one client context, it must never resume a session: a
 * resumed handshake carries no certificate, so it would keep showing the one from before a reload.
 * The servers here hand out session IDs and tickets (node's defaults) and change their certificate
 * between probes, as a reload does.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchServedCertificate, fetchServedSha256 } from '../../src/util/tls.js';
import { createTestCa, type TestCertificate } from '../support/certs.js';

let a: TestCertificate;
let b: TestCertificate;
const servers: Server[] = [];

beforeAll(async () => {
  const ca = await createTestCa('tls probe');
  a = await ca.issue('www', ['www.probe.test']);
  b = await ca.issue('www', ['www.probe.test']);
});
afterAll(() => {
  for (const s of servers) s.close();
});

/** A server offering resumption; `resumed` counts handshakes that were resumed. */
async function serve(maxVersion: 'TLSv1.2' | 'TLSv1.3') {
  const stats = { resumed: 0, port: 0 };
  const server = createServer(
    { key: a.privateKeyPem, cert: a.fullchainPem, sessionTimeout: 300, maxVersion },
    (s) => {
      if (s.isSessionReused()) stats.resumed++;
      s.end();
    },
  );
  server.on('tlsClientError', () => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stats.port = (server.address() as AddressInfo).port;
  return { server, stats };
}

const probe = (port: number) => ({ host: '127.0.0.1', port, servername: 'www.probe.test', timeoutMs: 3000 });

describe('fetchServedSha256', () => {
  it('names the same leaf as the full probe: the SHA-256 of its DER', async () => {
    const { stats } = await serve('TLSv1.3');
    const full = await fetchServedCertificate(probe(stats.port));
    expect(await fetchServedSha256(probe(stats.port))).toBe(full.facts.sha256);
    expect(full.facts.sha256).toBe(a.certificateSha256);
  });

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`never resumes, so a new certificate shows on the next probe (${version})`, async () => {
      const { server, stats } = await serve(version);
      for (let i = 0; i < 3; i++)
        expect(await fetchServedSha256(probe(stats.port))).toBe(a.certificateSha256);
      server.setSecureContext({ key: b.privateKeyPem, cert: b.fullchainPem });
      for (let i = 0; i < 3; i++)
        expect(await fetchServedSha256(probe(stats.port))).toBe(b.certificateSha256);
      expect(stats.resumed).toBe(0);
    });
  }

  it('fails naming the endpoint when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchServedSha256(probe(free))).rejects.toThrow(
      `TLS check of 127.0.0.1:${free} (SNI www.probe.test)`,
    );
  });
});
