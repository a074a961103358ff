/**
 * certflow rotate --revoke-old on the bed: renew with a new key at Pebble, publish (git), deploy to
 * the three nginx hosts, and revoke the previous certificate only after a fresh TLS probe shows every
 * host serving the new one. With one host whose validate fails, the deploy there rolls back and
 * nothing is revoked; Pebble's management interface (/cert-status-by-serial/) is the judge.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateCommand } from '../../src/commands/rotate.js';
import type { Settings } from '../../src/config/settings.js';
import { parseManifest } from '../../src/store/manifest.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import { acmeSettings, bindProvider } from '../support/acme.js';
import { addSite, type BedSite, bedTarget, createTestCa, type TestCa } from '../support/certs.js';
import { newAgeIdentity } from '../support/store-fixtures.js';
import { httpsGetText, loadTestbed, pebbleRoot, servedCertificate } from '../support/testbed.js';

const bed = loadTestbed();
let repo: string;
let ca: TestCa;
let site: BedSite;
let age: { identity: string; recipient: string };
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-rotate-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'tests@certflow.test');
  git('config', 'user.name', 'certflow tests');
  mkdirSync(join(repo, '.github'));
  // Pebble's root changes at every start: the store trusts the running one.
  writeFileSync(join(repo, '.github/pebble-root.pem'), await pebbleRoot(bed.pebble.mgmt, bed));
  git('add', '-A');
  git('commit', '-q', '-m', 'start');
  age = await newAgeIdentity();
  ca = await createTestCa('certflow rotate');
  site = await addSite(bed, ca, 'rotate');
});
afterAll(async () => {
  await site?.remove();
  rmSync(repo, { recursive: true, force: true });
});

/** One certificate for the site, deployed to every host; `brokenHost` gets a validate that fails. */
function settingsFor(brokenHost?: string): Settings {
  const good = bed.hosts.map((h) => h.addr).filter((a) => a !== brokenHost);
  const s = acmeSettings(bed, {
    dns: { bind: bindProvider(bed) },
    certificates: {
      [site.name]: { domains: [site.domain], dns: 'bind', targets: brokenHost ? ['web', 'broken'] : ['web'] },
    },
  });
  s.config.targets = {
    web: bedTarget(bed, { hosts: good }),
    ...(brokenHost ? { broken: bedTarget(bed, { hosts: [brokenHost], validate: 'nginx -t && false' }) } : {}),
  };
  s.config.store.recipients = [age.recipient];
  s.config.store.trust = ['.github/pebble-root.pem'];
  s.workspace = repo;
  s.configPath = join(repo, '.github/certflow.yml');
  s.command = 'rotate';
  s.only = [site.name];
  s.force = [site.name];
  s.deploy = true;
  s.publish = 'git';
  s.ageIdentity = age.identity;
  return s;
}

async function pebbleStatus(serial: string): Promise<{ Status?: string; Reason?: number }> {
  const res = await httpsGetText(
    `${bed.pebble.mgmt}/cert-status-by-serial/${serial}`,
    readFileSync(bed.pebbleCa),
  );
  return res.status === 200 ? JSON.parse(res.body) : {};
}
const manifest = () =>
  parseManifest(readFileSync(join(repo, 'certificates', site.name, 'certificate.json'), 'utf8'), site.name);
const served = async (addr: string) => sha256Hex((await servedCertificate(addr, 443, site.domain)).raw);

describe('certflow rotate --revoke-old (bed)', () => {
  let firstSerial: string;
  let firstKey: string;
  let firstSha: string;

  it('a first rotate issues and deploys; with nothing before it, nothing is revoked', async () => {
    const s = settingsFor();
    s.revoke = { reason: 'keyCompromise', revokeOld: true };
    const outcome = await rotateCommand(s, new MemoryLogger());
    expect(outcome.ok, outcome.text).toBe(true);
    const m = manifest();
    firstSerial = m.serial;
    firstKey = m.publicKeySha256;
    firstSha = m.certificateSha256;
    for (const h of bed.hosts) expect(await served(h.addr)).toBe(m.certificateSha256);
    expect(JSON.parse(outcome.outputs.rotated ?? '{}')).toMatchObject({ oldSerial: null, revoked: false });
  });

  it('a host that fails: the others keep the new certificate, nothing is revoked, and the run says so', async () => {
    const broken = bed.hosts[2]?.addr as string;
    const s = settingsFor(broken);
    s.revoke = { reason: 'keyCompromise', revokeOld: true };
    const log = new MemoryLogger();
    const outcome = await rotateCommand(s, log);
    expect(outcome.ok).toBe(false);
    const rotated = JSON.parse(outcome.outputs.rotated ?? '{}');
    expect(rotated).toMatchObject({ oldSerial: firstSerial, revoked: false });
    expect(rotated.held).toContain(broken);
    expect(outcome.text).toMatch(/NOTHING REVOKED: deploy failed on 127\.0\.0\.13/);
    expect(outcome.text).toContain(`certflow revoke ${site.name} --serial ${firstSerial}`);
    expect(await pebbleStatus(firstSerial)).toMatchObject({ Status: 'Valid' });
    // The broken host rolled back to the previous certificate; the others serve the new one.
    const renewed = manifest();
    expect(renewed.serial).not.toBe(firstSerial);
    expect(await served(broken)).toBe(firstSha);
    for (const h of bed.hosts.slice(0, 2)) expect(await served(h.addr)).toBe(renewed.certificateSha256);
    expect(manifest().revocations).toBeUndefined();
    firstSerial = manifest().serial; // the certificate rotate issued this time is now the previous one
  });

  it('revokes the previous certificate with its own key only after every host serves the new one', async () => {
    const s = settingsFor();
    s.revoke = { reason: 'keyCompromise', revokeOld: true };
    const log = new MemoryLogger();
    const outcome = await rotateCommand(s, log);
    expect(outcome.ok, outcome.text).toBe(true);
    const m = manifest();
    expect(m.serial).not.toBe(firstSerial);
    expect(m.publicKeySha256).not.toBe(firstKey);
    for (const h of bed.hosts) expect(await served(h.addr)).toBe(m.certificateSha256);
    expect(await pebbleStatus(firstSerial)).toMatchObject({ Status: 'Revoked', Reason: 1 });
    expect(await pebbleStatus(m.serial)).toMatchObject({ Status: 'Valid' });
    expect(m.revocations).toEqual([
      expect.objectContaining({
        serial: firstSerial,
        reason: 'keyCompromise',
        signedWith: 'certificate-key',
      }),
    ]);
    expect(git('log', '-1', '--format=%s')).toContain(
      `Record revocation: ${site.name} serial ${firstSerial}`,
    );
    // The proof came from probes made after the deploy: one per host, each showing the new certificate.
    const json = outcome.json as { rotate: { checks: Array<{ host: string; served?: { serial: string } }> } };
    expect(json.rotate.checks.map((c) => c.served?.serial)).toEqual(bed.hosts.map(() => m.serial));
  });
});
