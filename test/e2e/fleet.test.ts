/**
 * A fleet as the guide runs it, deployed in one run: one certificate to the mail host (nginx, then
 * Postfix, then Dovecot, proven on 443, SMTP STARTTLS and IMAP STARTTLS), to a host that only the
 * bastion reaches (i20a's jump), and to an Apache whose config is broken. Apache is rolled back to
 * its previous files and certificate while every other service ends up serving the new one.
 * (Deploy only: the certificate comes from a test CA, not from a renewal through Pebble.)
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { deployTargets } from '../../src/deploy/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { type BastionBed, hiddenTarget, loadBastionBed } from '../support/bastion-bed.js';
import { addSite, type BedSite, createTestCa } from '../support/certs.js';
import { type KindHost, kindTarget, loadKind, opensslServed, waitOpensslServed } from '../support/kinds.js';
import { loadTestbed, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let b: BastionBed;
let site: BedSite;
let mail: KindHost;
let apache: KindHost;
const brokenApache = () => join(apache.env.CONF_DIR as string, 'fleet-broken.conf');

beforeAll(async () => {
  bed = loadTestbed();
  b = loadBastionBed(bed);
  mail = loadKind('mail');
  apache = loadKind('apache');
  site = await addSite(bed, await createTestCa('fleet-site'), 'fleet');
});
afterAll(async () => {
  rmSync(brokenApache(), { force: true });
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
    const cert = await (await createTestCa('fleet')).issue('fleet', [mailName, site.domain, apacheName]);
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
    const results = await deployTargets(
      targets,
      ['mail', 'edge', 'apache'].map((target) => ({ target, bundles: [cert] })),
      new MemoryLogger(),
      { concurrency: 3, verifyWindowMs: 8000 },
    );
    const by = (t: string) => results.find((r) => r.target === t);
    expect(by('mail'), by('mail')?.message).toMatchObject({ ok: true, phase: 'done', verified: true });
    expect(by('edge'), by('edge')?.message).toMatchObject({ ok: true, phase: 'done', host: b.hidden });
    expect(by('apache')).toMatchObject({ ok: false, phase: 'validate' });
    expect(by('apache')?.message).toMatch(/previous files put back before any reload/);

    const want = cert.certificateSha256;
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
