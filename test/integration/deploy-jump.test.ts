/**
 * `jump:` on the bed: a host that only the bastion can reach (testbed/services/bastion.sh). Deploy
 * goes through the bastion with its own user and key; a direct connection is impossible; a wrong
 * bastion key, or a wrong key of the target behind it, stops the host before any change.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTargets } from '../../src/deploy/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import { type BastionBed, hiddenTarget, loadBastionBed } from '../support/bastion-bed.js';
import { addSite, type BedSite, createTestCa, type TestCa } from '../support/certs.js';
import { loadTestbed, servedCertificate, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let b: BastionBed;
let ca: TestCa;
let site: BedSite;
/** The bed host whose files and nginx the hidden host shares. */
let via: Testbed['hosts'][0];

const served = async () => sha256Hex((await servedCertificate(via.addr, 443, site.domain)).raw);
const files = () =>
  readdirSync(join(via.certDir, site.name))
    .sort()
    .map((n) => `${n} ${sha256Hex(readFileSync(join(via.certDir, site.name, n)))}`);

beforeAll(async () => {
  bed = loadTestbed();
  b = loadBastionBed(bed);
  via = bed.hosts.find((h) => h.name === b.filesOf) as Testbed['hosts'][0];
  ca = await createTestCa();
  site = await addSite(bed, ca, 'jump');
});
afterAll(async () => {
  await site?.remove();
});

describe('jump hosts (bed)', () => {
  it('the hidden host cannot be reached directly: its SSH port is closed to the machine', async () => {
    const error = await new Promise<string>((resolve) => {
      const s = connect({ host: b.hidden, port: 22 });
      s.once('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(error).toBe('ECONNREFUSED');
    const results = await deployTargets(
      { web: hiddenTarget(bed, b, via.addr, { jump: undefined }) },
      [{ target: 'web', bundles: [await ca.issue(site.name, [site.domain])] }],
      new MemoryLogger(),
      { concurrency: 1 },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual([['connect', false]]);
    expect(results[0]?.message).toMatch(/ECONNREFUSED/);
  });

  it('deploys through the bastion (its own user and key) and proves the new certificate over TLS', async () => {
    const next = await ca.issue(site.name, [site.domain]);
    const log = new MemoryLogger();
    const results = await deployTargets(
      { web: hiddenTarget(bed, b, via.addr) },
      [{ target: 'web', bundles: [next] }],
      log,
      { concurrency: 1 },
    );
    expect(results.map((r) => [r.host, r.phase, r.ok, r.message])).toEqual([
      [b.hidden, 'done', true, 'deployed and verified over TLS'],
    ]);
    expect(await served()).toBe(next.certificateSha256);
    expect(readFileSync(join(via.certDir, site.name, 'privkey.pem'), 'utf8')).toBe(next.privateKeyPem);
    expect(statSync(join(via.certDir, site.name, 'privkey.pem')).mode & 0o777).toBe(0o600);
    // Neither key reaches the log.
    const text = log.lines.join('\n');
    expect(text).not.toContain(b.key.split('\n')[1]);
    expect(text).not.toContain(next.privateKeyPem.split('\n')[1]);
  });

  it('goes through several hops in order (bastion, then the hidden host as a second hop)', async () => {
    const next = await ca.issue(site.name, [site.domain]);
    const target = hiddenTarget(bed, b, via.addr, {
      jump: [{ host: b.bastion, user: b.user, 'private-key': b.key }, b.hidden],
    });
    const results = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      {
        concurrency: 1,
      },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual([['done', true]]);
    expect(await served()).toBe(next.certificateSha256);
  });

  it('stops before any change when the bastion key is not the pinned one, saying which hop and what it saw', async () => {
    const before = files();
    const results = await deployTargets(
      { web: hiddenTarget(bed, b, via.addr, { 'known-hosts': b.knownHostsWrongBastion }) },
      [{ target: 'web', bundles: [await ca.issue(site.name, [site.domain])] }],
      new MemoryLogger(),
      { concurrency: 1 },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual([['connect', false]]);
    expect(results[0]?.message).toContain(`jump host ${b.bastion}`);
    expect(results[0]?.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(files()).toEqual(before);
  });

  it('still pins the target behind the bastion: a wrong key for it stops the host', async () => {
    const before = files();
    const bastionLine = b.knownHosts.split('\n').find((l) => l.startsWith(`${b.bastion} `)) as string;
    const wrongForHidden = b.knownHostsWrongBastion.split('\n')[0]?.replace(b.bastion, b.hidden) as string;
    const results = await deployTargets(
      { web: hiddenTarget(bed, b, via.addr, { 'known-hosts': `${bastionLine}\n${wrongForHidden}\n` }) },
      [{ target: 'web', bundles: [await ca.issue(site.name, [site.domain])] }],
      new MemoryLogger(),
      { concurrency: 1 },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual([['connect', false]]);
    expect(results[0]?.message).toContain(b.hidden);
    expect(results[0]?.message).not.toContain('jump host');
    expect(files()).toEqual(before);
  });

  it('the bastion forwards nowhere else: asking it for another host fails clearly', async () => {
    const results = await deployTargets(
      {
        web: hiddenTarget(bed, b, via.addr, {
          hosts: [via.addr],
          'known-hosts': `${b.knownHosts}\n${readFileSync(bed.ssh.knownHosts, 'utf8')}`,
        }),
      },
      [{ target: 'web', bundles: [await ca.issue(site.name, [site.domain])] }],
      new MemoryLogger(),
      { concurrency: 1 },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual([['connect', false]]);
    expect(results[0]?.message).toMatch(
      /jump host 127\.0\.0\.21 could not open a connection to 127\.0\.0\.11/,
    );
  });
});
