/**
 * A fleet as the guide runs it, in one `renew` run with `deploy: true`: one certificate is ordered
 * from the bed's Pebble (DNS-01 through bind9), sealed into a store, and deployed to the mail host
 * (nginx, then Postfix, then Dovecot, proven on 443, SMTP STARTTLS and IMAP STARTTLS), to a host
 * that only the bastion reaches, and to an Apache whose config is broken. Apache is rolled back to
 * its previous files and certificate while every other service ends up serving the new one.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../../src/config/schema.js';
import type { Settings } from '../../src/config/settings.js';
import { renewCommand } from '../../src/pipeline/renew.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, verifyChain } from '../support/acme.js';
import { type BastionBed, hiddenTarget, loadBastionBed } from '../support/bastion-bed.js';
import { addSite, type BedSite, createTestCa } from '../support/certs.js';
import { type KindHost, kindTarget, loadKind, opensslServed, waitOpensslServed } from '../support/kinds.js';
import { newAgeIdentity } from '../support/store-fixtures.js';
import { loadTestbed, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let b: BastionBed;
let site: BedSite;
let mail: KindHost;
let apache: KindHost;
let workspace: string;
const brokenApache = () => join(apache.env.CONF_DIR as string, 'fleet-broken.conf');

beforeAll(async () => {
  bed = loadTestbed();
  b = loadBastionBed(bed);
  mail = loadKind('mail');
  apache = loadKind('apache');
  site = await addSite(bed, await createTestCa('fleet-site'), 'fleet');
  workspace = mkdtempSync(join(tmpdir(), 'certflow-fleet-'));
});
afterAll(async () => {
  rmSync(brokenApache(), { force: true });
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  await site?.remove();
});

const files = (dir: string): SshTargetConfig['files'] => ({
  dir,
  fullchain: 'fullchain.pem',
  key: 'privkey.pem',
  'key-mode': '0600',
  'cert-mode': '0644',
});

describe('fleet: mail services, a host behind the bastion, a broken Apache', () => {
  it('updates every service but Apache, which is rolled back', async () => {
    const via = bed.hosts.find((h) => h.name === b.filesOf) as Testbed['hosts'][0];
    const mailName = mail.env.SERVERNAME as string;
    const apacheName = apache.env.SERVERNAME as string;
    const apacheBefore = await opensslServed(apache.addr, 443, apacheName);
    const apacheFiles = readFileSync(join(apache.certDir, 'www', 'privkey.pem'));
    writeFileSync(brokenApache(), 'NotAnApacheDirective here\n');

    const targets: Record<string, SshTargetConfig> = {
      mail: kindTarget(mail, {
        files: files('/etc/ssl/certflow/mail'),
        verify: { enabled: true, port: 443, servername: mailName },
        services: [
          { name: 'nginx', validate: 'nginx -t', reload: 'nginx -s reload' },
          {
            name: 'postfix',
            validate: 'postfix check',
            reload: 'postfix reload',
            verify: { enabled: true, port: 25, starttls: 'smtp', servername: mailName },
          },
          {
            name: 'dovecot',
            validate: 'doveconf -n >/dev/null',
            reload: 'doveadm reload',
            verify: { enabled: true, port: 143, starttls: 'imap', servername: mailName },
          },
        ],
      }),
      edge: hiddenTarget(bed, b, via.addr, {
        files: files(`/etc/ssl/certflow/${site.name}`),
        verify: { enabled: true, port: 443, address: via.addr, servername: site.domain },
      }),
      apache: kindTarget(apache, {
        files: files('/etc/ssl/certflow/www'),
        validate: apache.env.VALIDATE,
        reload: apache.env.RELOAD,
        verify: { enabled: true, port: 443, servername: apacheName },
      }),
    };
    // The certificate does not exist yet: renew orders it from Pebble, seals it, and deploys it.
    const age = await newAgeIdentity();
    const base = acmeSettings(bed, {
      dns: { bind: bindProvider(bed) },
      certificates: {
        fleet: {
          domains: [mailName, site.domain, apacheName],
          dns: 'bind',
          targets: ['mail', 'edge', 'apache'],
        },
      },
    });
    const settings: Settings = {
      ...base,
      workspace,
      configPath: join(workspace, '.github', 'certflow.yml'),
      config: { ...base.config, store: { path: 'certificates', recipients: [age.recipient] }, targets },
      deploy: true,
      ageIdentity: age.identity,
      concurrency: 3,
    };
    const log = new MemoryLogger();
    const outcome = await renewCommand(settings, log);
    const issued = outcome.report?.issued[0];
    expect(issued?.ok, JSON.stringify(issued)).toBe(true);
    if (!issued?.ok) throw new Error('not issued');
    // From the store (the report's copy has secrets scrubbed, and the key's public half with them).
    const fullchain = readFileSync(join(workspace, 'certificates', 'fleet', 'fullchain.pem'), 'utf8');
    // Issued by Pebble (its chain verifies to Pebble's root), for the three names, sealed in the store.
    expect((await verifyChain(bed, fullchain)).code).toBe(0);
    expect(new X509Certificate(fullchain).subjectAltName).toContain(`DNS:${site.domain}`);
    const manifest = JSON.parse(
      readFileSync(join(workspace, 'certificates', 'fleet', 'certificate.json'), 'utf8'),
    );
    const want = new X509Certificate(fullchain).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(manifest.certificateSha256).toBe(want);
    expect(readFileSync(join(workspace, 'certificates', 'fleet', 'privkey.pem.age'), 'utf8')).toMatch(
      /AGE ENCRYPTED FILE/,
    );

    const results = outcome.report?.deploys ?? [];
    expect(outcome.ok).toBe(false); // Apache failed, so the run fails, though the renewal is kept.
    const by = (t: string) => results.find((r) => r.target === t);
    expect(by('mail'), by('mail')?.message).toMatchObject({ ok: true, phase: 'done', verified: true });
    expect(by('edge'), by('edge')?.message).toMatchObject({ ok: true, phase: 'done', host: b.hidden });
    expect(by('apache')).toMatchObject({ ok: false, phase: 'validate' });
    expect(by('apache')?.message).toMatch(/previous files put back before any reload/);

    for (const [port, starttls] of [
      [443, undefined],
      [25, 'smtp'],
      [143, 'imap'],
      [993, undefined],
    ] as const) {
      expect(await waitOpensslServed(mail.addr, port, mailName, want, starttls), `mail port ${port}`).toBe(
        want,
      );
    }
    expect(await waitOpensslServed(via.addr, 443, site.domain, want)).toBe(want);
    expect(await opensslServed(apache.addr, 443, apacheName)).toBe(apacheBefore);
    expect(readFileSync(join(apache.certDir, 'www', 'privkey.pem')).equals(apacheFiles)).toBe(true);
  });
});
