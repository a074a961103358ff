/**
 * acme.preferred-chain against a Pebble this file starts itself (ports 14200/15200) with
 * PEBBLE_ALTERNATE_ROOTS=1, so every certificate comes with a default chain and one alternate (Link
 * rel="alternate"). The shared bed's Pebbles are not touched. The roots' names are read from
 * Pebble's management interface; the chain kept is judged by its top certificate's issuer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topIssuerCn } from '../../src/acme/chain.js';
import { issueCertificates } from '../../src/acme/issue.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, dueAll, label } from '../support/acme.js';
import { httpsGetText, loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const DIRECTORY = 'https://127.0.0.1:14200/dir';
const MGMT = 'https://127.0.0.1:15200';
let pebble: ChildProcess | undefined;
let dir: string;
const rootCn: string[] = [];

const get = (url: string) => httpsGetText(url, readFileSync(bed.pebbleCa));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certflow-pebble-alt-'));
  const config = join(dir, 'pebble.json');
  // The bed's HTTPS certificate for Pebble names 127.0.0.1: this Pebble reuses it (read only).
  writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: '127.0.0.1:14200',
        managementListenAddress: '127.0.0.1:15200',
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
    if (up) break;
    if (i > 100 || pebble.exitCode !== null)
      throw new Error('the test Pebble did not start on 127.0.0.1:14200');
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

async function issueWith(preferred: string | undefined) {
  const name = label('chain');
  const settings = acmeSettings(bed, {
    directory: DIRECTORY,
    dns: { bind: bindProvider(bed) },
    certificates: { [name]: { domains: [`${name}.${bed.dns.zone}`], dns: 'bind' } },
  });
  if (preferred) settings.config.acme['preferred-chain'] = preferred;
  const log = new MemoryLogger();
  const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
  if (!r?.ok) throw new Error(`issuance failed: ${JSON.stringify(r)}`);
  return { pem: r.certificate.fullchainPem, log };
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
});
