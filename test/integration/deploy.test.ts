/**
 * Deploy on the bed's three SSH hosts with nginx: real sshd, real SFTP, real nginx reloads, and the
 * proof read back over TLS by an independent probe (test/support/testbed.ts), not by the deploy code.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTargets } from '../../src/deploy/index.js';
import type { DeployResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import { bedTarget, createTestCa, type TestCa, type TestCertificate } from '../support/certs.js';
import { loadTestbed, resetHosts, servedCertificate, sshRun, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let ca: TestCa;
let www: TestCertificate;
let api: TestCertificate;

const servedSha = async (addr: string, name: string) =>
  sha256Hex((await servedCertificate(addr, 443, name)).raw);
const tempFiles = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.certflow-'));
const summary = (rs: DeployResult[]) =>
  rs.map((r) => `${r.host} ${r.certificates.join(',')} ${r.phase} ok=${r.ok}`);

beforeAll(async () => {
  bed = loadTestbed();
  ca = await createTestCa();
  www = await ca.issue('www', ['www.certflow.test', 'certflow.test']);
  api = await ca.issue('api', ['api.certflow.test']);
});
afterAll(async () => {
  await resetHosts();
});

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
      expect(await servedSha(host.addr, 'www.certflow.test')).toBe(www.certificateSha256);
      expect(await servedSha(host.addr, 'certflow.test')).toBe(www.certificateSha256);
      expect(await servedSha(host.addr, 'api.certflow.test')).toBe(api.certificateSha256);
      for (const [cert, dir] of [
        [www, 'www'],
        [api, 'api'],
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
        "find /tmp /etc/ssl/certflow -name '.certflow-stage-*' -o -name '.certflow-prev-*'",
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
    await sshRun(bed, h2.addr, "printf 'damaged\\n' > /etc/ssl/certflow/www/fullchain.pem");
    await sshRun(bed, h1.addr, 'chmod 0644 /etc/ssl/certflow/api/privkey.pem');
    const repair = await deployTargets(
      { web: bedTarget(bed) },
      [{ target: 'web', bundles: [www, api] }],
      new MemoryLogger(),
      {
        concurrency: 3,
      },
    );
    const worked = repair.filter((r) => !r.skipped).map((r) => `${r.host} ${r.certificates[0]}`);
    expect(worked.sort()).toEqual([`${h1.addr} api`, `${h2.addr} www`]);
    expect(repair.every((r) => r.ok)).toBe(true);
    expect(readFileSync(join(h2.certDir, 'www/fullchain.pem'), 'utf8')).toBe(www.fullchainPem);
    expect(statSync(join(h1.certDir, 'api/privkey.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a host whose key differs from the pinned one, showing its fingerprint; the others succeed', async () => {
    const next = await ca.issue('www', ['www.certflow.test', 'certflow.test']);
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
        expect(await servedSha(r.host, 'www.certflow.test')).toBe(www.certificateSha256);
      } else {
        expect(r).toMatchObject({ ok: true, phase: 'done' });
        const why = `${JSON.stringify(results)}\n${log.lines.join('\n')}`;
        expect(await servedSha(r.host, 'www.certflow.test'), why).toBe(next.certificateSha256);
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
    const next = await ca.issue('www', ['www.certflow.test', 'certflow.test']);
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
    for (const h of others) expect(await servedSha(h, 'www.certflow.test')).toBe(www.certificateSha256);
  });

  it('sets owner and modes as configured, and creates a missing folder', async () => {
    const h1 = bed.hosts[0] as Testbed['hosts'][0];
    const uid = Number(execFileSync('id', ['-u', 'www-data'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'www-data'], { encoding: 'utf8' }).trim());
    const name = `extra-${Math.random().toString(36).slice(2, 8)}`;
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
  });
});
