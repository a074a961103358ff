/**
 * Deploy on the bed's three SSH hosts with nginx: real sshd, real SFTP, real nginx reloads, and the
 * proof read back over TLS by an independent probe (test/support/testbed.ts), not by the deploy code.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTargets } from '../../src/deploy/index.js';
import type { DeployResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import {
  addSite,
  type BedSite,
  bedTarget,
  createTestCa,
  type TestCa,
  type TestCertificate,
} from '../support/certs.js';
import { loadTestbed, servedCertificate, sshRun, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let ca: TestCa;
/** Two sites of this file's own on every host (see addSite): other tests' deploys never collide. */
let siteA: BedSite;
let siteB: BedSite;
let www: TestCertificate;
let api: TestCertificate;
const extraDirs: string[] = [];

const servedSha = async (addr: string, name: string) =>
  sha256Hex((await servedCertificate(addr, 443, name)).raw);
const tempFiles = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.certflow-'));
const summary = (rs: DeployResult[]) =>
  rs.map((r) => `${r.host} ${r.certificates.join(',')} ${r.phase} ok=${r.ok}`);

beforeAll(async () => {
  bed = loadTestbed();
  ca = await createTestCa();
  siteA = await addSite(bed, ca, 'deploy-a');
  siteB = await addSite(bed, ca, 'deploy-b');
  www = await nextA();
  api = await ca.issue(siteB.name, [siteB.domain]);
});
afterAll(async () => {
  await siteA?.remove();
  await siteB?.remove();
  for (const d of extraDirs)
    for (const h of bed.hosts) rmSync(join(h.certDir, d), { recursive: true, force: true });
});

const nextA = () => ca.issue(siteA.name, [siteA.domain]);

describe('deploy over SSH (bed)', () => {
  it('deploys two certificates to three hosts, one connection each, and proves them over TLS', async () => {
    const log = new MemoryLogger();
    const results = await deployTargets(
      { web: bedTarget(bed) },
      [{ target: 'web', bundles: [www, api] }],
      log,
      { concurrency: 3 },
    );
    expect(summary(results).filter((s) => !s.endsWith('done ok=true'))).toEqual([]);
    expect(results).toHaveLength(6);
    expect(results.every((r) => !r.skipped && !r.rolledBack && r.timings?.verify !== undefined)).toBe(true);
    expect(log.lines.filter((l) => l.includes('connected in'))).toHaveLength(3);

    for (const host of bed.hosts) {
      expect(await servedSha(host.addr, siteA.domain)).toBe(www.certificateSha256);
      expect(await servedSha(host.addr, siteB.domain)).toBe(api.certificateSha256);
      for (const [cert, dir] of [
        [www, siteA.name],
        [api, siteB.name],
      ] as const) {
        const folder = join(host.certDir, dir);
        expect(readFileSync(join(folder, 'fullchain.pem'), 'utf8')).toBe(cert.fullchainPem);
        expect(readFileSync(join(folder, 'privkey.pem'), 'utf8')).toBe(cert.privateKeyPem);
        expect(statSync(join(folder, 'privkey.pem')).mode & 0o777).toBe(0o600);
        expect(statSync(join(folder, 'fullchain.pem')).mode & 0o777).toBe(0o644);
        expect(tempFiles(folder)).toEqual([]);
      }
      const leftovers = await sshRun(
        bed,
        host.addr,
        `find /tmp /etc/ssl/certflow/${siteA.name} /etc/ssl/certflow/${siteB.name} -name '.certflow-stage-*' -o -name '.certflow-prev-*'`,
      );
      expect(leftovers).toMatchObject({ code: 0, stdout: '' });
    }
    // Nothing decrypted is ever written locally, and the key never reaches the log.
    const keyBody = www.privateKeyPem.split('\n')[1] as string;
    for (const name of readdirSync(tmpdir())) {
      const path = join(tmpdir(), name);
      try {
        if (statSync(path).isFile() && statSync(path).size < 1_000_000) {
          expect(readFileSync(path, 'utf8').includes(keyBody), path).toBe(false);
        }
      } catch {
        // files of other test runs come and go; unreadable ones cannot hold our key either
      }
    }
    expect(log.lines.join('\n')).not.toContain(keyBody);
  });

  it('does nothing on a rerun, and repairs drift on the hosts that drifted', async () => {
    const rerun = await deployTargets(
      { web: bedTarget(bed) },
      [{ target: 'web', bundles: [www, api] }],
      new MemoryLogger(),
      {
        concurrency: 3,
      },
    );
    expect(rerun.every((r) => r.ok && r.skipped)).toBe(true);

    const [h1, h2] = bed.hosts as [Testbed['hosts'][0], Testbed['hosts'][0]];
    // host2: a damaged fullchain on disk (nginx still serves the right one from memory); host1: key mode widened.
    await sshRun(bed, h2.addr, `printf 'damaged\\n' > /etc/ssl/certflow/${siteA.name}/fullchain.pem`);
    await sshRun(bed, h1.addr, `chmod 0644 /etc/ssl/certflow/${siteB.name}/privkey.pem`);
    const repair = await deployTargets(
      { web: bedTarget(bed) },
      [{ target: 'web', bundles: [www, api] }],
      new MemoryLogger(),
      {
        concurrency: 3,
      },
    );
    const worked = repair.filter((r) => !r.skipped).map((r) => `${r.host} ${r.certificates[0]}`);
    expect(worked.sort()).toEqual([`${h1.addr} ${siteB.name}`, `${h2.addr} ${siteA.name}`]);
    expect(repair.every((r) => r.ok)).toBe(true);
    expect(readFileSync(join(h2.certDir, siteA.name, 'fullchain.pem'), 'utf8')).toBe(www.fullchainPem);
    expect(statSync(join(h1.certDir, siteB.name, 'privkey.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a host whose key differs from the pinned one, showing its fingerprint; the others succeed', async () => {
    const next = await nextA();
    const target = bedTarget(bed, { 'known-hosts': readFileSync(bed.ssh.knownHostsWrong, 'utf8') });
    const log = new MemoryLogger();
    const results = await deployTargets({ web: target }, [{ target: 'web', bundles: [next] }], log, {
      concurrency: 3,
    });
    const wrong = bed.hosts.find((h) => h.addr === bed.ssh.wrongHost);
    if (!wrong) throw new Error('bed has no wrong host');
    for (const r of results) {
      if (r.host === wrong.addr) {
        expect(r).toMatchObject({ ok: false, phase: 'connect' });
        expect(r.message).toContain('HOST KEY CHANGED');
        expect(r.message).toContain(wrong.hostKeyFingerprint);
        expect(await servedSha(r.host, siteA.domain)).toBe(www.certificateSha256);
      } else {
        expect(r).toMatchObject({ ok: true, phase: 'done' });
        const why = `${JSON.stringify(results)}\n${log.lines.join('\n')}`;
        expect(await servedSha(r.host, siteA.domain), why).toBe(next.certificateSha256);
      }
    }
    www = next;
  });

  it('says how to pin a host that known-hosts does not list', async () => {
    const [h1, h2] = bed.hosts as [Testbed['hosts'][0], Testbed['hosts'][0]];
    const only = readFileSync(bed.ssh.knownHosts, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`${h1.addr} `))
      .join('\n');
    const target = bedTarget(bed, { hosts: [h2.addr], 'known-hosts': only });
    const [r] = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [www] }],
      new MemoryLogger(),
      {
        concurrency: 1,
      },
    );
    expect(r).toMatchObject({ ok: false, phase: 'connect' });
    expect(r?.message).toContain('not pinned');
    expect(r?.message).toContain(h2.hostKeyFingerprint);
    const pub = readFileSync(join(h2.dir, 'ssh_host_ed25519_key.pub'), 'utf8')
      .split(' ')
      .slice(0, 2)
      .join(' ');
    expect(r?.message).toContain(`${h2.addr} ${pub}`);
  });

  it('canary: stops the target when the first host fails and reports the rest as not attempted', async () => {
    const next = await nextA();
    const others = bed.hosts.filter((h) => h.addr !== bed.ssh.wrongHost).map((h) => h.addr);
    const target = bedTarget(bed, {
      hosts: [bed.ssh.wrongHost, ...others],
      rollout: 'canary',
      'known-hosts': readFileSync(bed.ssh.knownHostsWrong, 'utf8'),
    });
    const results = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      {
        concurrency: 3,
      },
    );
    expect(results.map((r) => [r.host, r.ok])).toEqual([
      [bed.ssh.wrongHost, false],
      ...others.map((h) => [h, false]),
    ]);
    expect(results.slice(1).every((r) => r.message?.startsWith('not attempted'))).toBe(true);
    for (const h of others) expect(await servedSha(h, siteA.domain)).toBe(www.certificateSha256);
  });

  it('sets owner and modes as configured, and creates a missing folder', async () => {
    const h1 = bed.hosts[0] as Testbed['hosts'][0];
    const uid = Number(execFileSync('id', ['-u', 'www-data'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'www-data'], { encoding: 'utf8' }).trim());
    const name = `extra-${Math.random().toString(36).slice(2, 8)}`;
    extraDirs.push(name);
    const extra = await ca.issue(name, [`${name}.certflow.test`]);
    const base = bedTarget(bed);
    const target = bedTarget(bed, {
      hosts: [h1.addr],
      files: {
        ...base.files,
        'key-mode': '0640',
        'cert-mode': '0604',
        owner: 'www-data:www-data',
        cert: 'cert.pem',
        chain: 'chain.pem',
      },
      validate: 'true',
      reload: undefined,
      verify: { enabled: false, port: 443 },
    });
    const [r] = await deployTargets({ t: target }, [{ target: 't', bundles: [extra] }], new MemoryLogger(), {
      concurrency: 1,
    });
    expect(r).toMatchObject({ ok: true, phase: 'done' });
    const folder = join(h1.certDir, name);
    expect(statSync(folder).mode & 0o777).toBe(0o755);
    const files = { 'privkey.pem': 0o640, 'fullchain.pem': 0o604, 'cert.pem': 0o604, 'chain.pem': 0o604 };
    for (const [file, mode] of Object.entries(files)) {
      const st = statSync(join(folder, file));
      expect([file, st.mode & 0o777, st.uid, st.gid]).toEqual([file, mode, uid, gid]);
    }
    expect(readFileSync(join(folder, 'cert.pem'), 'utf8')).toBe(extra.leafPem);
    expect(readFileSync(join(folder, 'chain.pem'), 'utf8')).toBe(extra.chainPem);
    expect(tempFiles(folder)).toEqual([]);

    // Without `owner`, a new certificate keeps the owner of the files it replaces.
    const renewed = await ca.issue(name, [`${name}.certflow.test`]);
    const keepOwner = { ...target, files: { ...target.files, owner: undefined } };
    const [again] = await deployTargets(
      { t: keepOwner },
      [{ target: 't', bundles: [renewed] }],
      new MemoryLogger(),
      {
        concurrency: 1,
      },
    );
    expect(again).toMatchObject({ ok: true, phase: 'done', skipped: false });
    const st = statSync(join(folder, 'privkey.pem'));
    expect([st.mode & 0o777, st.uid, st.gid]).toEqual([0o640, uid, gid]);
    expect(readFileSync(join(folder, 'privkey.pem'), 'utf8')).toBe(renewed.privateKeyPem);
  });
});
