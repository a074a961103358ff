/**
 * `on-failure` on the bed: three hosts, one of them broken (its pinned host key is wrong, so it
 * fails before any change). continue deploys the others; stop leaves the hosts after it alone;
 * rollback-all puts every host that took the new certificate back on the previous one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { deployTargets } from '../../src/deploy/index.js';
import { type Connector, connectSsh } from '../../src/deploy/transport.js';
import type { DeployResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import { addSite, type BedSite, bedTarget, createTestCa, type TestCa, waitServed } from '../support/certs.js';
import { loadTestbed, servedCertificate, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let ca: TestCa;
let site: BedSite;
let h1: Testbed['hosts'][0];
let h2: Testbed['hosts'][0];
let broken: Testbed['hosts'][0];

const served = async (h: { addr: string }) =>
  sha256Hex((await servedCertificate(h.addr, 443, site.domain)).raw);
const files = (h: { certDir: string }) =>
  readdirSync(join(h.certDir, site.name))
    .sort()
    .map((n) => `${n} ${sha256Hex(readFileSync(join(h.certDir, site.name, n)))}`);
const byHost = (rs: DeployResult[]) =>
  Object.fromEntries(rs.map((r) => [r.host, [r.phase, r.ok, r.rolledBack]]));

/** Hosts in this order, the broken one pinned with a wrong key. */
const target = (order: string[], extra: Partial<SshTargetConfig>) =>
  bedTarget(bed, { hosts: order, 'known-hosts': readFileSync(bed.ssh.knownHostsWrong, 'utf8'), ...extra });

beforeAll(async () => {
  bed = loadTestbed();
  ca = await createTestCa();
  site = await addSite(bed, ca, 'onfail');
  broken = bed.hosts.find((h) => h.addr === bed.env.SSH_KNOWN_HOSTS_WRONG_HOST) as Testbed['hosts'][0];
  [h1, h2] = bed.hosts.filter((h) => h !== broken) as [Testbed['hosts'][0], Testbed['hosts'][0]];
});
afterAll(async () => {
  await site?.remove();
});

describe('on-failure with one broken host among three (bed)', () => {
  it('continue: the other two take the new certificate', async () => {
    const next = await ca.issue(site.name, [site.domain]);
    const results = await deployTargets(
      { web: target([h1.addr, broken.addr, h2.addr], { rollout: 'serial', 'on-failure': 'continue' }) },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    expect(byHost(results)).toEqual({
      [h1.addr]: ['done', true, false],
      [broken.addr]: ['connect', false, false],
      [h2.addr]: ['done', true, false],
    });
    expect([await served(h1), await served(h2)]).toEqual([next.certificateSha256, next.certificateSha256]);
    site.initial = next;
  });

  it('stop: the host after the broken one is not attempted', async () => {
    const before = site.initial;
    const h2Files = files(h2);
    const next = await ca.issue(site.name, [site.domain]);
    const results = await deployTargets(
      { web: target([h1.addr, broken.addr, h2.addr], { rollout: 'serial', 'on-failure': 'stop' }) },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    expect(byHost(results)).toEqual({
      [h1.addr]: ['done', true, false],
      [broken.addr]: ['connect', false, false],
      [h2.addr]: ['connect', false, false],
    });
    expect(results.find((r) => r.host === h2.addr)?.message).toBe(
      `not attempted: host ${broken.addr} failed (on-failure: stop)`,
    );
    expect(await served(h1)).toBe(next.certificateSha256);
    expect(await served(h2)).toBe(before.certificateSha256);
    expect(files(h2)).toEqual(h2Files);
    // Bring the pool back together for the next case.
    await deployTargets(
      { web: bedTarget(bed, { hosts: [h1.addr, h2.addr] }) },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    site.initial = next;
  });

  it('rollback-all (parallel): the hosts that took the new certificate are put back, byte-identical', async () => {
    const old = site.initial;
    const before = [files(h1), files(h2)];
    const next = await ca.issue(site.name, [site.domain]);
    const log = new MemoryLogger();
    // The broken host fails at connect, faster than a good host connects: it is let through only
    // once both good hosts are connected (and so already changing), as a slow failure would be.
    // Otherwise it would stop them before their change (tested as stop, above).
    let goodUp: () => void = () => undefined;
    const bothGood = new Promise<void>((resolve) => {
      let n = 0;
      goodUp = () => ++n === 2 && resolve();
    });
    const connect: Connector = async (p) => {
      if (p.host === broken.addr) {
        await bothGood;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return connectSsh(p);
      }
      const session = await connectSsh(p);
      goodUp();
      return session;
    };
    const results = await deployTargets(
      { web: target([h1.addr, h2.addr, broken.addr], { rollout: 'parallel', 'on-failure': 'rollback-all' }) },
      [{ target: 'web', bundles: [next] }],
      log,
      { concurrency: 3, connect },
    );
    expect(byHost(results)).toEqual({
      [h1.addr]: ['done', false, true],
      [h2.addr]: ['done', false, true],
      [broken.addr]: ['connect', false, false],
    });
    expect(results.find((r) => r.host === h1.addr)?.message).toMatch(
      new RegExp(
        `rolled back: host ${broken.addr} of target web failed \\(on-failure: rollback-all\\).*serves the previous certificate again`,
      ),
    );
    expect([await served(h1), await served(h2)]).toEqual([old.certificateSha256, old.certificateSha256]);
    expect([files(h1), files(h2)]).toEqual(before);
  });

  it('rollback-all (parallel), the broken host failing first: the others connected ahead are left untouched', async () => {
    const old = site.initial;
    const before = [files(h1), files(h2)];
    const next = await ca.issue(site.name, [site.domain]);
    // The good hosts are held at connect until the broken one has failed.
    let failed: () => void = () => undefined;
    const brokenDone = new Promise<void>((resolve) => {
      failed = resolve;
    });
    const connect: Connector = async (p) => {
      if (p.host === broken.addr) return connectSsh(p).finally(() => setTimeout(failed, 20));
      const session = await connectSsh(p);
      await brokenDone;
      return session;
    };
    const results = await deployTargets(
      { web: target([h1.addr, h2.addr, broken.addr], { rollout: 'parallel', 'on-failure': 'rollback-all' }) },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 3, connect },
    );
    expect(byHost(results)).toEqual({
      [h1.addr]: ['connect', false, false],
      [h2.addr]: ['connect', false, false],
      [broken.addr]: ['connect', false, false],
    });
    expect(results.find((r) => r.host === h1.addr)?.message).toBe(
      `not attempted: host ${broken.addr} failed (on-failure: rollback-all)`,
    );
    expect([await served(h1), await served(h2)]).toEqual([old.certificateSha256, old.certificateSha256]);
    expect([files(h1), files(h2)]).toEqual(before);
  });

  it('rollback-all (serial): the host before the broken one is put back, the one after is not attempted', async () => {
    const old = site.initial;
    const next = await ca.issue(site.name, [site.domain]);
    const results = await deployTargets(
      { web: target([h1.addr, broken.addr, h2.addr], { rollout: 'serial', 'on-failure': 'rollback-all' }) },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    expect(byHost(results)).toEqual({
      [h1.addr]: ['done', false, true],
      [broken.addr]: ['connect', false, false],
      [h2.addr]: ['connect', false, false],
    });
    expect([await served(h1), await served(h2)]).toEqual([old.certificateSha256, old.certificateSha256]);
  });

  it('rollback-all when every host succeeds: all keep the new certificate and no previous file is left', async () => {
    const next = await ca.issue(site.name, [site.domain]);
    const results = await deployTargets(
      { web: bedTarget(bed, { 'on-failure': 'rollback-all' }) },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    expect(results.every((r) => r.ok && r.phase === 'done')).toBe(true);
    for (const h of bed.hosts) {
      await waitServed(h.addr, site.domain, next.certificateSha256);
      expect(readdirSync(join(h.certDir, site.name)).sort()).toEqual(['fullchain.pem', 'privkey.pem']);
    }
  });
});
