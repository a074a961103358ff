/**
 * certflow revoke against the bed's Pebble: the current certificate, an earlier one picked by serial
 * from git history, keyCompromise signed with the certificate's own key, and the refusals (a serial
 * that is not ours, a certificate planted in history for names the config does not manage). Pebble's
 * management interface (/cert-status-by-serial/) is the judge of what was revoked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { revokeCommand } from '../../src/commands/revoke.js';
import type { Settings } from '../../src/config/settings.js';
import type { Manifest } from '../../src/model.js';
import { parseManifest } from '../../src/store/manifest.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, dueAll, label } from '../support/acme.js';
import { createTestCa, newAgeIdentity } from '../support/store-fixtures.js';
import { httpsGetText, loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
let repo: string;
let age: { identity: string; recipient: string };
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-revoke-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'tests@certflow.test');
  git('config', 'user.name', 'certflow tests');
  git('commit', '-q', '--allow-empty', '-m', 'start');
  age = await newAgeIdentity();
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** Settings for one certificate `name` in the test repository; one account key for all its runs. */
function settingsFor(name: string, domains: string[]): Settings {
  const s = acmeSettings(bed, {
    dns: { bind: bindProvider(bed) },
    certificates: { [name]: { domains, dns: 'bind' } },
  });
  s.workspace = repo;
  s.configPath = join(repo, '.github/certflow.yml');
  s.config.store.recipients = [age.recipient];
  s.publish = 'git';
  return s;
}

/** Issues `name` at Pebble, seals it on top of `previous`, writes and commits it. */
async function issueAndCommit(settings: Settings, name: string, previous?: Manifest): Promise<Manifest> {
  const [result] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
  if (!result?.ok) throw new Error(`issuance failed: ${JSON.stringify(result)}`);
  const bundle = await sealBundle(result.certificate, [age.recipient], previous);
  await writeBundle(join(repo, 'certificates'), bundle);
  git('add', '-A');
  git('commit', '-q', '-m', `issue ${name} ${bundle.manifest.serial}`);
  return bundle.manifest;
}

/** What Pebble's management interface says of a serial: {Status, Reason, ...}. */
async function pebbleStatus(serial: string): Promise<{ Status?: string; Reason?: number; status: number }> {
  const res = await httpsGetText(
    `${bed.pebble.mgmt}/cert-status-by-serial/${serial}`,
    readFileSync(bed.pebbleCa),
  );
  return res.status === 200 ? { ...JSON.parse(res.body), status: 200 } : { status: res.status };
}

const manifestOf = (name: string) =>
  parseManifest(readFileSync(join(repo, 'certificates', name, 'certificate.json'), 'utf8'), name);

describe('certflow revoke (bed)', () => {
  it('revokes the current certificate with the account key and records it in certificate.json', async () => {
    const name = label('rv');
    const domain = `${name}.${bed.dns.zone}`;
    const settings = settingsFor(name, [domain]);
    const m = await issueAndCommit(settings, name);
    expect((await pebbleStatus(m.serial)).Status).toBe('Valid');

    settings.command = 'revoke';
    settings.only = [name];
    settings.revoke = { reason: 'superseded' };
    const log = new MemoryLogger();
    const outcome = await revokeCommand(settings, log);
    expect(outcome.ok, String(outcome.text)).toBe(true);
    const status = await pebbleStatus(m.serial);
    expect(status.Status).toBe('Revoked');
    expect(status.Reason).toBe(4);

    const recorded = manifestOf(name);
    expect(recorded.serial).toBe(m.serial);
    expect(recorded.revocations).toEqual([
      expect.objectContaining({
        serial: m.serial,
        reason: 'superseded',
        result: 'revoked',
        signedWith: 'account-key',
      }),
    ]);
    expect(Date.parse(recorded.revocations?.[0]?.at ?? '')).toBeGreaterThan(Date.now() - 120_000);
    // Published with git: the record is a commit of its own.
    expect(git('log', '-1', '--format=%s')).toContain(`Record revocation: ${name} serial ${m.serial}`);

    // Again: the CA says it is revoked already; still a success, recorded as such.
    const again = await revokeCommand(settings, new MemoryLogger());
    expect(again.ok, String(again.text)).toBe(true);
    expect(manifestOf(name).revocations?.[1]).toMatchObject({ result: 'already-revoked' });
  });

  it('revokes an earlier serial from git history with keyCompromise, signed with its own key', async () => {
    const name = label('rh');
    const domain = `${name}.${bed.dns.zone}`;
    const settings = settingsFor(name, [domain]);
    const first = await issueAndCommit(settings, name);
    const second = await issueAndCommit(settings, name, first);
    expect(second.serial).not.toBe(first.serial);

    settings.command = 'revoke';
    settings.only = [name];
    settings.ageIdentity = age.identity;
    settings.revoke = { serial: first.serial, reason: 'keyCompromise' };
    const log = new MemoryLogger();
    const outcome = await revokeCommand(settings, log);
    expect(outcome.ok, String(outcome.text)).toBe(true);
    expect(outcome.json).toMatchObject({
      signedWith: 'certificate-key',
      source: expect.stringMatching(/^commit [0-9a-f]{40}$/),
    });
    const status = await pebbleStatus(first.serial);
    expect(status).toMatchObject({ Status: 'Revoked', Reason: 1 });
    expect((await pebbleStatus(second.serial)).Status).toBe('Valid');
    // The record lands in the current manifest, naming the old serial.
    expect(manifestOf(name).revocations).toEqual([
      expect.objectContaining({
        serial: first.serial,
        reason: 'keyCompromise',
        signedWith: 'certificate-key',
      }),
    ]);
    // The private key never reached the log or the outcome.
    const text = [log.lines.join('\n'), JSON.stringify(outcome)].join('\n');
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(age.identity);
  });

  it('keyCompromise without the identity falls back to the account key and says what that costs', async () => {
    const name = label('rk');
    const settings = settingsFor(name, [`${name}.${bed.dns.zone}`]);
    const m = await issueAndCommit(settings, name);
    settings.command = 'revoke';
    settings.only = [name];
    settings.revoke = { reason: 'keyCompromise' };
    const outcome = await revokeCommand(settings, new MemoryLogger());
    expect(outcome.ok, String(outcome.text)).toBe(true);
    expect(outcome.json).toMatchObject({ signedWith: 'account-key' });
    expect(outcome.text).toMatch(/cannot block the key/);
    expect(await pebbleStatus(m.serial)).toMatchObject({ Status: 'Revoked', Reason: 1 });
  });

  it('refuses a serial that is not in the bundle history, naming the serials it found', async () => {
    const name = label('rn');
    const settings = settingsFor(name, [`${name}.${bed.dns.zone}`]);
    const m = await issueAndCommit(settings, name);
    settings.command = 'revoke';
    settings.only = [name];
    settings.revoke = { serial: 'abcdef0123', reason: 'unspecified' };
    await expect(revokeCommand(settings, new MemoryLogger())).rejects.toThrow(
      new RegExp(`serial abcdef0123 is not in the git history of certificates/${name}.*${m.serial}`),
    );
    expect((await pebbleStatus(m.serial)).Status).toBe('Valid');
  });

  it('refuses a certificate planted in history whose names the config does not list for the bundle', async () => {
    // Someone with write access commits a bundle holding a certificate for another name, then asks
    // revoke for its serial: the names in the certificate decide, and the CA is never asked.
    const name = label('rp');
    const victim = label('victim');
    const victimSettings = settingsFor(victim, [`${victim}.${bed.dns.zone}`]);
    const [issued] = await issueCertificates(
      victimSettings,
      dueAll(victimSettings),
      new Map(),
      new MemoryLogger(),
    );
    if (!issued?.ok) throw new Error('issuance failed');
    const planted = await sealBundle({ ...issued.certificate, name }, [age.recipient]);
    await writeBundle(join(repo, 'certificates'), planted);
    git('add', '-A');
    git('commit', '-q', '-m', 'planted');
    const settings = settingsFor(name, [`${name}.${bed.dns.zone}`]);
    settings.config.acme['account-key'] = victimSettings.config.acme['account-key'];
    settings.command = 'revoke';
    settings.only = [name];
    settings.revoke = { reason: 'unspecified' };
    const outcome = await revokeCommand(settings, new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(outcome.text).toMatch(/does not list for .*refusing to revoke/);
    expect((await pebbleStatus(planted.manifest.serial)).Status).toBe('Valid');
  });

  it('a certificate the CA never issued is refused by the CA, and nothing is recorded', async () => {
    const ca = await createTestCa();
    try {
      const name = label('rf');
      const domain = `${name}.${bed.dns.zone}`;
      const forged = await sealBundle(await ca.issue(name, [domain]), [age.recipient]);
      await writeBundle(join(repo, 'certificates'), forged);
      const settings = settingsFor(name, [domain]);
      settings.command = 'revoke';
      settings.only = [name];
      settings.revoke = { reason: 'unspecified' };
      const outcome = await revokeCommand(settings, new MemoryLogger());
      expect(outcome.ok).toBe(false);
      expect(outcome.text).toMatch(/NOT revoked/);
      expect(manifestOf(name).revocations).toBeUndefined();
    } finally {
      await ca.close();
    }
  });
});
