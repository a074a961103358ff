/**
 * acme.preferred-chain against a Pebble this file starts itself (on two free ports) with
 * PEBBLE_ALTERNATE_ROOTS=1, so every certificate comes with a default chain and one alternate (Link
 * rel="alternate"). The shared bed's Pebbles are not touched. The roots' names are read from
 * Pebble's management interface; the chain kept is judged by its top certificate's issuer.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topIssuerCn } from '../../src/acme/chain.js';
import { issueCertificates } from '../../src/acme/issue.js';
import { deployTargets } from '../../src/deploy/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex, splitPemChain } from '../../src/util/x509.js';
import { acmeSettings, bindProvider, dueAll, label } from '../support/acme.js';
import { addSite, bedTarget, createTestCa } from '../support/certs.js';
import { httpsGetText, loadTestbed, run } from '../support/testbed.js';

const bed = loadTestbed();
let DIRECTORY = '';
let MGMT = '';
let pebble: ChildProcess | undefined;
let dir: string;
const rootCn: string[] = [];

const get = (url: string) => httpsGetText(url, readFileSync(bed.pebbleCa));

/**
 * A port nothing listens on now. Fixed ports collided with bed services added later (the second
 * Pebble took 14200): then this file silently talked to the wrong CA.
 */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certflow-pebble-alt-'));
  const [acmePort, mgmtPort] = [await freePort(), await freePort()];
  DIRECTORY = `https://127.0.0.1:${acmePort}/dir`;
  MGMT = `https://127.0.0.1:${mgmtPort}`;
  const config = join(dir, 'pebble.json');
  // The bed's HTTPS certificate for Pebble names 127.0.0.1: this Pebble reuses it (read only).
  writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: join(bed.dir, 'pebble/server.pem'),
        privateKey: join(bed.dir, 'pebble/server.key'),
        httpPort: 5002,
        tlsPort: 5001,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  pebble = spawn('pebble', ['-config', config, '-dnsserver', bed.dns.server], {
    env: {
      PATH: process.env.PATH,
      PEBBLE_ALTERNATE_ROOTS: '1',
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: '0',
      PEBBLE_AUTHZREUSE: '0',
    },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    const up = await get(DIRECTORY).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up && pebble.exitCode === null) break;
    if (i > 100 || pebble.exitCode !== null) throw new Error(`the test Pebble did not start on ${DIRECTORY}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const n of [0, 1]) {
    const root = await get(`${MGMT}/roots/${n}`);
    rootCn.push(/^CN=(.*)$/m.exec(new X509Certificate(root.body).subject)?.[1] ?? '');
  }
}, 30_000);

afterAll(() => {
  pebble?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function issueWith(
  preferred: string | undefined,
  name = label('chain'),
  domain = `${name}.${bed.dns.zone}`,
) {
  const settings = acmeSettings(bed, {
    directory: DIRECTORY,
    dns: { bind: bindProvider(bed) },
    certificates: { [name]: { domains: [domain], dns: 'bind' } },
  });
  if (preferred) settings.config.acme['preferred-chain'] = preferred;
  const log = new MemoryLogger();
  const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
  if (!r?.ok) throw new Error(`issuance failed: ${JSON.stringify(r)}`);
  return { pem: r.certificate.fullchainPem, key: r.certificate.privateKeyPem, log };
}

/** Every certificate addr:443 sends for `servername`, in order, as openssl s_client -showcerts prints them. */
function opensslShowcerts(addr: string, servername: string): Promise<X509Certificate[]> {
  return new Promise((done, fail) => {
    const child = execFile(
      'openssl',
      ['s_client', '-showcerts', '-connect', `${addr}:443`, '-servername', servername],
      { timeout: 10_000 },
      (_error, stdout) => {
        const pems = stdout.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
        if (pems.length === 0)
          fail(new Error(`openssl s_client got no certificate from ${addr}: ${stdout.slice(-300)}`));
        else done(pems.map((p) => new X509Certificate(p)));
      },
    );
    child.stdin?.end();
  });
}

describe('acme.preferred-chain (own Pebble with an alternate root)', () => {
  it('has two distinct roots to choose from', () => {
    expect(rootCn[0]).toMatch(/Pebble Root CA/);
    expect(rootCn[1]).toMatch(/Pebble Root CA/);
    expect(rootCn[0]).not.toBe(rootCn[1]);
  });

  it('without a preference keeps the default chain', async () => {
    const { pem } = await issueWith(undefined);
    expect(topIssuerCn(pem)).toBe(rootCn[0]);
  });

  it('follows Link rel="alternate" to the chain whose top certificate the preferred root issued', async () => {
    const { pem } = await issueWith(rootCn[1]);
    expect(topIssuerCn(pem)).toBe(rootCn[1]);
  });

  it('keeps the default chain, and says which roots were offered, when no chain matches', async () => {
    const { pem, log } = await issueWith('No Such Root CA');
    expect(topIssuerCn(pem)).toBe(rootCn[0]);
    expect(log.lines.join('\n')).toMatch(/no chain to "No Such Root CA".*offers Pebble Root CA/);
  });

  it('after deploy every host serves the chain that ends at the preferred root (openssl s_client -showcerts)', async () => {
    // A site of this test's own on each host (own folder, own nginx server block): nobody else's
    // certificate is replaced, and what the hosts serve for its name is ours alone.
    const site = await addSite(bed, await createTestCa(), 'chain');
    try {
      const { pem, key } = await issueWith(rootCn[1], site.name, site.domain);
      const chain = splitPemChain(pem);
      const leaf = new X509Certificate(chain[0] as string);
      const results = await deployTargets(
        { web: bedTarget(bed) },
        [
          {
            target: 'web',
            bundles: [
              {
                name: site.name,
                domains: [site.domain],
                fullchainPem: pem,
                privateKeyPem: key,
                certificateSha256: sha256Hex(leaf.raw),
              },
            ],
          },
        ],
        new MemoryLogger(),
        { concurrency: 3 },
      );
      expect(results.map((r) => `${r.host} ${r.phase} ok=${r.ok}`)).toEqual(
        bed.hosts.map((h) => `${h.addr} done ok=true`),
      );
      const alternateRoot = (await get(`${MGMT}/roots/1`)).body;
      const dir = mkdtempSync(join(tmpdir(), 'certflow-chain-served-'));
      try {
        writeFileSync(join(dir, 'alt-root.pem'), alternateRoot);
        writeFileSync(join(dir, 'default-root.pem'), (await get(`${MGMT}/roots/0`)).body);
        for (const h of bed.hosts) {
          const served = await opensslShowcerts(h.addr, site.domain);
          // Exactly the sealed chain, in order, and its top was issued by the chosen root.
          expect(served.map((c) => c.fingerprint256)).toEqual(
            chain.map((c) => new X509Certificate(c).fingerprint256),
          );
          const top = served[served.length - 1] as X509Certificate;
          expect(/CN=(.*)$/m.exec(top.issuer)?.[1]).toBe(rootCn[1]);
          // openssl builds the path from what the host sent to the alternate root, not the default.
          const sent = join(dir, `${h.name}.pem`);
          writeFileSync(
            sent,
            served
              .slice(1)
              .map((c) => c.toString())
              .join(''),
          );
          writeFileSync(join(dir, 'leaf.pem'), served[0]?.toString() ?? '');
          const verify = (root: string) =>
            run('openssl', ['verify', '-CAfile', join(dir, root), '-untrusted', sent, join(dir, 'leaf.pem')]);
          expect((await verify('alt-root.pem')).code, h.addr).toBe(0);
          expect((await verify('default-root.pem')).code, h.addr).not.toBe(0);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await site.remove();
    }
  }, 120_000);
});
