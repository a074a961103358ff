/**
 * The server kinds of the guide on the bed, each a real Debian daemon on its own SSH host
 * (testbed/services/*.sh): HAProxy (one combined PEM), Apache, and a mail host where nginx,
 * Postfix and Dovecot share one certificate. Each is deployed, validated, reloaded, verified and
 * rolled back through certflow; what is served is read back by openssl s_client (STARTTLS for
 * the mail ports), the files' bytes and modes from outside the host.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { deployTargets } from '../../src/deploy/index.js';
import type { DeployResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { fetchServedCertificate } from '../../src/util/tls.js';
import { createTestCa, type TestCa, type TestCertificate, withMismatchedKey } from '../support/certs.js';
import { type KindHost, kindTarget, loadKind, opensslServed, waitOpensslServed } from '../support/kinds.js';
import { requirePrograms } from '../support/programs.js';

let ca: TestCa;
let haproxy: KindHost;
let apache: KindHost;
let mail: KindHost;

beforeAll(async () => {
  requirePrograms('openssl');
  ca = await createTestCa('kinds');
  haproxy = loadKind('haproxy');
  apache = loadKind('apache');
  mail = loadKind('mail');
});

const deployOne = async (target: SshTargetConfig, bundle: TestCertificate): Promise<DeployResult> => {
  const results = await deployTargets(
    { t: target },
    [{ target: 't', bundles: [bundle] }],
    new MemoryLogger(),
    {
      concurrency: 1,
    },
  );
  expect(results).toHaveLength(1);
  return results[0] as DeployResult;
};

const snapshot = (dir: string, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n)).toString('base64')]));

describe('HAProxy: one combined PEM file, haproxy -c, graceful reload', () => {
  const name = () => haproxy.env.SERVERNAME as string;
  const target = () =>
    kindTarget(haproxy, {
      files: {
        dir: '/etc/ssl/certflow/{certificate}',
        fullchain: 'fullchain.pem',
        key: 'privkey.pem',
        combined: 'site.pem',
        'key-mode': '0600',
        'cert-mode': '0644',
      },
      validate: haproxy.env.VALIDATE,
      reload: haproxy.env.RELOAD,
      verify: { enabled: true, port: 443, servername: name() },
    });

  it('deploys, reloads and serves the new certificate from site.pem (0600, chain then key)', async () => {
    const cert = await ca.issue('www', [name()]);
    const r = await deployOne(target(), cert);
    expect(r, r.message).toMatchObject({ ok: true, phase: 'done', verified: true });
    expect(await opensslServed(haproxy.addr, 443, name())).toBe(cert.certificateSha256);
    const site = join(haproxy.certDir, 'www', 'site.pem');
    expect(readFileSync(site, 'utf8')).toBe(cert.fullchainPem + cert.privateKeyPem);
    expect(statSync(site).mode & 0o777).toBe(0o600);
  });

  it('a key that does not match fails haproxy -c: files back byte for byte, the old certificate still served', async () => {
    const dir = join(haproxy.certDir, 'www');
    const before = snapshot(dir, ['site.pem', 'fullchain.pem', 'privkey.pem']);
    const served = await opensslServed(haproxy.addr, 443, name());
    const other = await ca.issue('www', [name()]);
    const bad = withMismatchedKey(await ca.issue('www', [name()]), other);
    const r = await deployOne(target(), bad);
    expect(r).toMatchObject({ ok: false, phase: 'validate' });
    expect(r.message).toMatch(/validate `haproxy -c -f \/etc\/haproxy\/haproxy.cfg` failed/);
    expect(snapshot(dir, ['site.pem', 'fullchain.pem', 'privkey.pem'])).toEqual(before);
    expect(await opensslServed(haproxy.addr, 443, name())).toBe(served);
  });
});

describe('Apache: apache2ctl configtest, graceful', () => {
  const name = () => apache.env.SERVERNAME as string;
  const broken = () => join(apache.env.CONF_DIR as string, 'broken.conf');
  afterAll(() => rmSync(broken(), { force: true }));
  const target = () =>
    kindTarget(apache, {
      validate: apache.env.VALIDATE,
      reload: apache.env.RELOAD,
      verify: { enabled: true, port: 443, servername: name() },
    });

  it('deploys, reloads gracefully and serves the new certificate', async () => {
    const cert = await ca.issue('www', [name()]);
    const r = await deployOne(target(), cert);
    expect(r, r.message).toMatchObject({ ok: true, phase: 'done', verified: true });
    expect(await opensslServed(apache.addr, 443, name())).toBe(cert.certificateSha256);
    expect(readFileSync(join(apache.certDir, 'www', 'privkey.pem'), 'utf8')).toBe(cert.privateKeyPem);
  });

  it('a broken config fails configtest: rolled back before any reload, old certificate served', async () => {
    const dir = join(apache.certDir, 'www');
    const before = snapshot(dir, ['fullchain.pem', 'privkey.pem']);
    const served = await opensslServed(apache.addr, 443, name());
    writeFileSync(broken(), 'ThisIsNotAnApacheDirective on\n');
    const r = await deployOne(target(), await ca.issue('www', [name()]));
    expect(r).toMatchObject({ ok: false, phase: 'validate' });
    expect(r.output ?? '').toMatch(/ThisIsNotAnApacheDirective/);
    expect(snapshot(dir, ['fullchain.pem', 'privkey.pem'])).toEqual(before);
    expect(await opensslServed(apache.addr, 443, name())).toBe(served);
  });
});

describe('mail host: nginx, Postfix and Dovecot on one certificate', () => {
  const name = () => mail.env.SERVERNAME as string;
  const brokenDovecot = () => join(mail.env.DOVECOT_CONF_DIR as string, 'broken.conf');
  afterAll(() => rmSync(brokenDovecot(), { force: true }));
  const ports: Array<[number, string | undefined]> = [
    [443, undefined],
    [25, 'smtp'],
    [143, 'imap'],
    [993, undefined],
    [110, 'pop3'],
    [995, undefined],
  ];
  const servedEverywhere = () => Promise.all(ports.map(([p, s]) => opensslServed(mail.addr, p, name(), s)));
  const services = (extra: NonNullable<SshTargetConfig['services']> = []): Partial<SshTargetConfig> => ({
    verify: { enabled: true, port: 443, servername: name() },
    services: [
      { name: 'nginx', validate: 'nginx -t', reload: 'nginx -s reload' },
      {
        name: 'postfix',
        validate: 'postfix check',
        reload: 'postfix reload',
        verify: { enabled: true, port: 25, starttls: 'smtp', servername: name() },
      },
      {
        name: 'dovecot',
        validate: 'doveconf -n >/dev/null',
        reload: 'doveadm reload',
        verify: { enabled: true, port: 143, starttls: 'imap', servername: name() },
      },
      ...extra,
    ],
  });

  it("certflow's STARTTLS reads what openssl -starttls reads from the real Postfix and Dovecot", async () => {
    for (const [port, starttls] of [
      [25, 'smtp'],
      [143, 'imap'],
      [110, 'pop3'],
    ] as const) {
      const ours = await fetchServedCertificate({
        host: mail.addr,
        port,
        servername: name(),
        starttls,
        timeoutMs: 5000,
      });
      expect(ours.facts.sha256).toBe(await opensslServed(mail.addr, port, name(), starttls));
    }
    // Without the preamble, a STARTTLS port does not speak TLS: the option is what makes it work.
    await expect(
      fetchServedCertificate({ host: mail.addr, port: 25, servername: name(), timeoutMs: 3000 }),
    ).rejects.toThrow(/TLS check of/);
  });

  it('deploys once, reloads nginx, postfix, dovecot in order, and every port serves the new certificate', async () => {
    const cert = await ca.issue('mail', [name()]);
    const r = await deployOne(kindTarget(mail, services()), cert);
    expect(r, r.message).toMatchObject({ ok: true, phase: 'done', verified: true });
    for (const [p, s] of ports) {
      expect(await waitOpensslServed(mail.addr, p, name(), cert.certificateSha256, s), `port ${p}`).toBe(
        cert.certificateSha256,
      );
    }
  });

  it('a Dovecot config that fails doveconf rolls the host back before any service reloads', async () => {
    const dir = join(mail.certDir, 'mail');
    const before = snapshot(dir, ['fullchain.pem', 'privkey.pem']);
    const served = await servedEverywhere();
    writeFileSync(brokenDovecot(), 'this_is_not_a_setting = yes\n');
    try {
      const r = await deployOne(kindTarget(mail, services()), await ca.issue('mail', [name()]));
      expect(r).toMatchObject({ ok: false, phase: 'validate' });
      expect(r.message).toMatch(
        /^validate of dovecot failed \(exit \d+\); previous files put back before any reload/,
      );
      expect(snapshot(dir, ['fullchain.pem', 'privkey.pem'])).toEqual(before);
      expect(await servedEverywhere()).toEqual(served);
    } finally {
      rmSync(brokenDovecot(), { force: true });
    }
  });

  it('a service whose check fails after the reload rolls every service back to the previous certificate', async () => {
    const dir = join(mail.certDir, 'mail');
    const before = snapshot(dir, ['fullchain.pem', 'privkey.pem']);
    const served = await servedEverywhere();
    // POP3S speaks TLS at once: asking it for STLS first is a check that cannot pass.
    const wrong = services([
      { name: 'pop3s', verify: { enabled: true, port: 995, starttls: 'pop3', servername: name() } },
    ]);
    const r = await deployOne(
      kindTarget(mail, { ...wrong, 'command-timeout': '30s' }),
      await ca.issue('mail', [name()]),
    );
    expect(r).toMatchObject({ ok: false, phase: 'verify', rolledBack: true });
    expect(r.message).toMatch(/127\.0\.0\.33:995 \(STARTTLS pop3\).*did not serve/);
    expect(r.message).toMatch(/host serves the previous certificate again/);
    expect(snapshot(dir, ['fullchain.pem', 'privkey.pem'])).toEqual(before);
    for (const [i, [p, s]] of ports.entries()) {
      expect(await waitOpensslServed(mail.addr, p, name(), served[i] as string, s), `port ${p}`).toBe(
        served[i],
      );
    }
  });
});
