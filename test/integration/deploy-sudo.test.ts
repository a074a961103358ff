/**
 * `become: sudo` on the bed: the SSH user `deploy` is unprivileged and holds exactly the sudoers
 * line of docs/deploy.md (testbed/services/sudo-hosts.sh). Deploy, rollback and drift repair run as
 * that user; a user whose sudo asks for a password is stopped before any change; and the helper
 * refuses what a compromised deploy user would try.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTargets } from '../../src/deploy/index.js';
import type { DeployResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import {
  addSite,
  type BedSite,
  createTestCa,
  type TestCa,
  type TestCertificate,
  withMismatchedKey,
} from '../support/certs.js';
import { loadSudoBed, runAs, type SudoBed, sudoTarget } from '../support/sudo-bed.js';
import { loadTestbed, servedCertificate, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let sudo: SudoBed;
let ca: TestCa;
let site: BedSite;
let current: TestCertificate;

const servedSha = async (addr: string, name: string) =>
  sha256Hex((await servedCertificate(addr, 443, name)).raw);
const summary = (rs: DeployResult[]) => rs.map((r) => `${r.host} ${r.phase} ok=${r.ok} ${r.message}`);
const sslCertGid = () =>
  Number(
    readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('ssl-cert:'))
      ?.split(':')[2],
  );
/** Every file of the site's folder on every host: name -> content, mode, owner. */
const snapshot = () =>
  bed.hosts.map((h) => {
    const dir = join(h.certDir, site.name);
    return readdirSync(dir)
      .sort()
      .map((n) => {
        const st = statSync(join(dir, n));
        return `${n} ${sha256Hex(readFileSync(join(dir, n)))} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
      });
  });
/** Staging folders the deploy user left in /tmp (none should survive a run). */
const stagingLeft = async () =>
  (await runAs(bed, sudo, sudo.user, bed.hosts[0]?.addr as string, 'ls -d /tmp/certflow-stage.* 2>/dev/null'))
    .stdout;

/** The README's setup: the key readable by group ssl-cert, owned by root. */
const ownedFiles = {
  dir: '/etc/ssl/certflow/{certificate}',
  fullchain: 'fullchain.pem',
  key: 'privkey.pem',
  'key-mode': '0640',
  'cert-mode': '0644',
  owner: 'root:ssl-cert',
};

beforeAll(async () => {
  bed = loadTestbed();
  sudo = loadSudoBed(bed);
  ca = await createTestCa();
  site = await addSite(bed, ca, 'sudo');
  current = site.initial;
});
afterAll(async () => {
  await site?.remove();
});

describe('become: sudo (bed, user deploy)', () => {
  it('the bed grants deploy exactly the sudoers line docs/deploy.md gives', () => {
    const docs = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const documented = docs.split('\n').filter((l) => /^deploy ALL=/.test(l));
    const granted = readFileSync(sudo.sudoers, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`${sudo.user} `));
    expect(documented).toHaveLength(1);
    expect(granted).toEqual(documented);
  });

  it('deploys as deploy through sudo: served over TLS, bytes, modes and owner as configured', async () => {
    const next = await ca.issue(site.name, [site.domain]);
    const target = sudoTarget(bed, sudo, { files: ownedFiles });
    const log = new MemoryLogger();
    const results = await deployTargets({ web: target }, [{ target: 'web', bundles: [next] }], log, {
      concurrency: 3,
    });
    expect(summary(results).filter((s) => !s.includes('done ok=true'))).toEqual([]);
    for (const h of bed.hosts) {
      expect(await servedSha(h.addr, site.domain)).toBe(next.certificateSha256);
      const dir = join(h.certDir, site.name);
      expect(readFileSync(join(dir, 'privkey.pem'), 'utf8')).toBe(next.privateKeyPem);
      expect(readFileSync(join(dir, 'fullchain.pem'), 'utf8')).toBe(next.fullchainPem);
      const key = statSync(join(dir, 'privkey.pem'));
      expect([key.mode & 0o7777, key.uid, key.gid]).toEqual([0o640, 0, sslCertGid()]);
      expect(statSync(join(dir, 'fullchain.pem')).mode & 0o7777).toBe(0o644);
      expect(readdirSync(dir).sort()).toEqual(['fullchain.pem', 'privkey.pem']);
    }
    expect(await stagingLeft()).toBe('');
    expect(log.lines.join('\n')).not.toContain(next.privateKeyPem.split('\n')[1]);
    current = next;
  });

  it('repairs drift as deploy (a damaged file, a widened key mode) and then does nothing', async () => {
    const [h1, h2] = bed.hosts as [Testbed['hosts'][0], Testbed['hosts'][0]];
    writeFileSync(join(h2.certDir, site.name, 'fullchain.pem'), 'damaged\n');
    const { chmodSync } = await import('node:fs');
    chmodSync(join(h1.certDir, site.name, 'privkey.pem'), 0o644);
    const target = sudoTarget(bed, sudo, { files: ownedFiles });
    const repair = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [current] }],
      new MemoryLogger(),
      {
        concurrency: 3,
      },
    );
    expect(
      repair
        .filter((r) => !r.skipped)
        .map((r) => r.host)
        .sort(),
    ).toEqual([h1, h2].map((h) => `${h.addr}:${sudo.port}`).sort());
    expect(repair.every((r) => r.ok)).toBe(true);
    expect(readFileSync(join(h2.certDir, site.name, 'fullchain.pem'), 'utf8')).toBe(current.fullchainPem);
    expect(statSync(join(h1.certDir, site.name, 'privkey.pem')).mode & 0o7777).toBe(0o640);
    const again = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [current] }],
      new MemoryLogger(),
      {
        concurrency: 3,
      },
    );
    expect(again.every((r) => r.ok && r.skipped)).toBe(true);
  });

  it('rolls back as deploy: a failed validate leaves every file byte-identical, and the old certificate served', async () => {
    const before = snapshot();
    const other = await ca.issue(site.name, [site.domain]);
    const broken = withMismatchedKey(await ca.issue(site.name, [site.domain]), other);
    const results = await deployTargets(
      { web: sudoTarget(bed, sudo) },
      [{ target: 'web', bundles: [broken] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual(bed.hosts.map(() => ['validate', false]));
    expect(results[0]?.message).toMatch(/sudo -n -- nginx -t.*failed.*previous files put back/);
    expect(snapshot()).toEqual(before);
    for (const h of bed.hosts) expect(await servedSha(h.addr, site.domain)).toBe(current.certificateSha256);
    expect(await stagingLeft()).toBe('');
  });

  it('rolls back after a reload when the TLS proof fails, through sudo, byte-identical', async () => {
    const before = snapshot();
    const next = await ca.issue(site.name, [site.domain]);
    // The proof asks for a name this site does not serve: verify fails after the reload.
    const target = sudoTarget(bed, sudo, {
      hosts: [`${bed.hosts[0]?.addr}:${sudo.port}`],
      verify: { enabled: true, port: 443, servername: 'certflow.test' },
    });
    const results = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      {
        concurrency: 1,
        verifyWindowMs: 1500,
      },
    );
    expect(results.map((r) => [r.phase, r.ok, r.rolledBack])).toEqual([['verify', false, true]]);
    expect(snapshot()).toEqual(before);
    expect(await servedSha(bed.hosts[0]?.addr as string, site.domain)).toBe(current.certificateSha256);
  });

  it('stops before any change, saying why, when sudo asks for a password', async () => {
    const before = snapshot();
    const next = await ca.issue(site.name, [site.domain]);
    const log = new MemoryLogger();
    const results = await deployTargets(
      { web: sudoTarget(bed, sudo, { user: sudo.askpassUser }) },
      [{ target: 'web', bundles: [next] }],
      log,
      { concurrency: 3 },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual(bed.hosts.map(() => ['connect', false]));
    expect(results[0]?.message).toContain('sudo asks deploy-askpass for a password');
    expect(results[0]?.message).toContain('Nothing was changed on the host');
    expect(snapshot()).toEqual(before);
    const left = await runAs(
      bed,
      sudo,
      sudo.askpassUser,
      bed.hosts[0]?.addr as string,
      'ls -d /tmp/certflow-stage.* 2>/dev/null',
    );
    expect(left.stdout).toBe('');
  });

  it('stops before any change when files.dir lies outside the helper roots', async () => {
    const results = await deployTargets(
      {
        web: sudoTarget(bed, sudo, {
          files: { ...sudoTarget(bed, sudo).files, dir: '/etc/ssl/{certificate}' },
        }),
      },
      [{ target: 'web', bundles: [current] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    expect(results.every((r) => !r.ok && r.phase === 'connect')).toBe(true);
    expect(results[0]?.message).toMatch(/not inside the roots of \/usr\/local\/sbin\/certflow-sudo/);
  });

  it('a compromised deploy user gets no more than file changes inside the roots', async () => {
    const addr = bed.hosts[0]?.addr as string;
    const helper = 'sudo -n /usr/local/sbin/certflow-sudo';
    const dir = `/etc/ssl/certflow/${site.name}`;
    const tries: Array<[string, RegExp]> = [
      ['sudo -n cat /etc/shadow', /password is required/],
      ['sudo -n /usr/sbin/nginx -s stop', /password is required/],
      [`echo x | ${helper} put /etc/cron.d/evil 0644 root`, /outside CERTFLOW_ROOTS/],
      [`echo x | ${helper} put ${dir}/../../../cron.d/evil 0644 root`, /not normalised/],
      [`echo x | ${helper} put ${dir}/evil 4755 root`, /refused mode/],
      [`echo x | ${helper} put ${dir}/evil 0755 root`, /refused mode/],
      [`${helper} rename ${dir}/privkey.pem /etc/ssl/certflow/privkey.pem`, /across folders/],
      [`${helper} link /etc/shadow ${dir}/shadow`, /outside CERTFLOW_ROOTS/],
      [`${helper} stat /etc/shadow`, /outside CERTFLOW_ROOTS/],
      [`${helper} remove /etc/ssl/certflow`, /outside CERTFLOW_ROOTS/],
      [`${helper} chmod 0777 ${dir}/privkey.pem`, /unknown verb/],
      [`cat ${dir}/privkey.pem`, /Permission denied/],
    ];
    for (const [command, why] of tries) {
      const r = await runAs(bed, sudo, sudo.user, addr, command);
      expect(r.code, command).not.toBe(0);
      expect(r.stderr, command).toMatch(why);
    }
    expect(readdirSync(join(bed.hosts[0]?.certDir as string, site.name)).sort()).toEqual([
      'fullchain.pem',
      'privkey.pem',
    ]);
  });

  // Two services whose commands the bed's sudoers grants (nginx twice): the point is that each
  // service's validate and reload go through `sudo -n`, since deploy itself may not run them.
  const nginxService = (name: string, reload = '/usr/sbin/nginx -s reload') => ({
    name,
    validate: '/usr/sbin/nginx -t',
    reload,
  });

  it('services with become: sudo: each service validates and reloads through sudo, in order', async () => {
    const nginxAsDeploy = await runAs(
      bed,
      sudo,
      sudo.user,
      bed.hosts[0]?.addr as string,
      '/usr/sbin/nginx -t',
    );
    expect(nginxAsDeploy.code, 'nginx -t must need root for this test to prove sudo').not.toBe(0);
    const next = await ca.issue(site.name, [site.domain]);
    const target = sudoTarget(bed, sudo, {
      files: ownedFiles,
      validate: undefined,
      reload: undefined,
      services: [nginxService('nginx'), nginxService('nginx-again')],
    });
    const log = new MemoryLogger();
    const results = await deployTargets({ web: target }, [{ target: 'web', bundles: [next] }], log, {
      concurrency: 3,
    });
    expect(summary(results).filter((s) => !s.includes('done ok=true'))).toEqual([]);
    for (const h of bed.hosts) expect(await servedSha(h.addr, site.domain)).toBe(next.certificateSha256);
    expect(await stagingLeft()).toBe('');
    current = next;
  });

  it('a service command sudo does not grant stops the host before any change, naming the command', async () => {
    const before = snapshot();
    const next = await ca.issue(site.name, [site.domain]);
    const target = sudoTarget(bed, sudo, {
      files: ownedFiles,
      validate: undefined,
      reload: undefined,
      services: [nginxService('nginx'), nginxService('nginx-reopen', '/usr/sbin/nginx -s reopen')],
    });
    const results = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 3 },
    );
    expect(results.map((r) => [r.phase, r.ok])).toEqual(bed.hosts.map(() => ['connect', false]));
    expect(results[0]?.message).toContain('`/usr/sbin/nginx -s reopen` is not granted to deploy');
    expect(results[0]?.message).toContain('Nothing was changed on the host');
    expect(snapshot()).toEqual(before);
    for (const h of bed.hosts) expect(await servedSha(h.addr, site.domain)).toBe(current.certificateSha256);
  });
});
