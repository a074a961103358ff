/**
 * acme.issuers on the bed: when the first CA fails on its side (nothing listens, or it answers 500
 * serverInternal), the second Pebble issues in the same run, the manifest names it, and revocation
 * goes to it (its management interface is the judge). A failure on the user's side (CAA forbids,
 * DNS update refused) stays at the first CA. ARI windows are asked of the CA that issued each
 * bundle, and never of a CA the config does not name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates, refreshStoredAriWindows } from '../../src/acme/issue.js';
import { revokeCommand } from '../../src/commands/revoke.js';
import type { Settings } from '../../src/config/settings.js';
import type { IssueResult, Manifest } from '../../src/model.js';
import { refreshPlanAri } from '../../src/plan/ari-refresh.js';
import { parseManifest } from '../../src/store/manifest.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { accountKeyPem, acmeSettings, bindProvider, dueAll, label, verifyChain } from '../support/acme.js';
import { FAKE_ARI_WINDOW, startFakeCa } from '../support/fake-ca.js';
import { newAgeIdentity } from '../support/store-fixtures.js';
import { httpsGetText, loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();
const second = bed.pebbleSecond;
if (!second) {
  throw new Error(
    'the bed has no second Pebble: bash testbed/services/pebble-extra.sh configure/start/ready',
  );
}
const z = bed.dns.zone;

let repo: string;
let age: { identity: string; recipient: string };
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-issuers-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'tests@certflow.test');
  git('config', 'user.name', 'certflow tests');
  git('commit', '-q', '--allow-empty', '-m', 'start');
  age = await newAgeIdentity();
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

type IssuerEntry = NonNullable<Settings['config']['acme']['issuers']>[number];

/** Settings whose first CA is `first` (acme.directory) and whose fallback is the second Pebble. */
function withFallback(
  first: string,
  certificates: Settings['config']['certificates'],
  fallback: IssuerEntry = { directory: second?.directory ?? '', 'account-key': accountKeyPem() },
): Settings {
  const s = acmeSettings(bed, { directory: first, dns: { bind: bindProvider(bed) }, certificates: {} });
  s.config.certificates = certificates;
  s.config.acme.issuers = [fallback];
  s.workspace = repo;
  s.configPath = join(repo, '.github/certflow.yml');
  s.config.store.recipients = [age.recipient];
  s.publish = 'git';
  return s;
}

const cert = (domain: string, dns = 'bind') =>
  ({ domains: [domain], dns, key: 'ecdsa-p256', targets: [] }) as Settings['config']['certificates'][string];

async function pebbleStatus(mgmt: string, serial: string) {
  const res = await httpsGetText(`${mgmt}/cert-status-by-serial/${serial}`, readFileSync(bed.pebbleCa));
  return res.status === 200 ? { ...JSON.parse(res.body), status: 200 } : { status: res.status };
}

describe('acme.issuers: the next CA when the first fails on its side (bed)', () => {
  it.each([
    ['nothing listens at the first CA', 'closed' as const, /ECONNREFUSED/],
    ['the first CA answers 500 serverInternal', 'server-internal' as const, /fake CA is down/],
  ])(
    '%s: the second Pebble issues, the manifest names it, revocation goes there',
    async (_what, kind, why) => {
      const fake = kind === 'server-internal' ? await startFakeCa(bed, 'server-internal') : undefined;
      try {
        const first = fake?.directory ?? `https://127.0.0.1:${await closedPort()}/dir`;
        const name = label('fb');
        const settings = withFallback(first, { [name]: cert(`${name}.${z}`) });
        const log = new MemoryLogger();
        const [result] = await issueCertificates(settings, dueAll(settings), new Map(), log);
        expect(result?.ok, JSON.stringify(result)).toBe(true);
        if (!result?.ok) return;
        // Said in the result: which CA issued, which was passed over and why.
        expect(result.certificate.acmeDirectory).toBe(second.directory);
        expect(result.certificate.skippedIssuers).toEqual([
          { directory: first, where: 'acme', reason: expect.stringMatching(why) },
        ]);
        expect(log.lines.join('\n')).toMatch(
          /failed on its side .*; trying https:\/\/127\.0\.0\.1:14200\/dir \(acme\.issuers\[0\]\)/,
        );
        // Really the second Pebble's: its root verifies the chain, the main Pebble's does not.
        expect((await verifyChain(bed, result.certificate.fullchainPem, second.mgmt)).code).toBe(0);
        expect((await verifyChain(bed, result.certificate.fullchainPem, bed.pebble.mgmt)).code).not.toBe(0);

        const bundle = await sealBundle(result.certificate, [age.recipient]);
        await writeBundle(join(repo, 'certificates'), bundle);
        git('add', '-A');
        git('commit', '-q', '-m', `issue ${name}`);
        const text = readFileSync(join(repo, 'certificates', name, 'certificate.json'), 'utf8');
        const manifest = parseManifest(text, name);
        expect(manifest.acmeDirectory).toBe(second.directory);
        expect((await pebbleStatus(second.mgmt, manifest.serial)).Status).toBe('Valid');

        // Revocation goes to the CA that issued it, although the first CA is the primary one.
        settings.command = 'revoke';
        settings.only = [name];
        settings.revoke = { reason: 'superseded' };
        const outcome = await revokeCommand(settings, new MemoryLogger());
        expect(outcome.ok, String(outcome.text)).toBe(true);
        expect(await pebbleStatus(second.mgmt, manifest.serial)).toMatchObject({
          Status: 'Revoked',
          Reason: 4,
        });
        // The first CA was never asked to revoke (the fake one logs every request).
        if (fake) expect(fake.requests.filter((p) => !p.endsWith('/dir'))).toEqual([]);
      } finally {
        await fake?.close();
      }
    },
  );

  it("a failure on the user's side (CAA forbids, DNS update refused) is not taken to the second CA", async () => {
    const [caa, badDns] = [label('fc'), label('fd')];
    const caaName = `${caa}.${z}`;
    const added = await nsupdate(bed, [`zone ${z}`, `update add ${caaName}. 5 CAA 0 issue ";"`]);
    expect(added.code, added.stderr).toBe(0);
    try {
      // The second Pebble first, the EAB one (correctly bound) after it: two CAs that both work.
      const eab = bed.pebbleEab;
      if (!eab) throw new Error('the bed has no EAB Pebble');
      const settings = withFallback(
        second.directory,
        { caa: cert(caaName), baddns: cert(`${badDns}.${z}`, 'wrongkey') },
        {
          directory: eab.directory,
          'account-key': accountKeyPem(),
          'external-account-binding': { 'key-id': eab.eab.kid, 'hmac-key': eab.eab.hmacKey },
        },
      );
      settings.config.dns.wrongkey = bindProvider(bed, {
        'tsig-secret': Buffer.alloc(32, 7).toString('base64'),
      } as never);
      const log = new MemoryLogger();
      const results = await issueCertificates(settings, dueAll(settings), new Map(), log);
      const by = Object.fromEntries(results.map((r) => [r.name, r])) as Record<string, IssueResult>;
      for (const r of Object.values(by)) {
        expect(r.ok, JSON.stringify(r)).toBe(false);
        if (r.ok) continue;
        // Failed at the first CA, nothing passed over, the second never named.
        expect(r.error.acmeDirectory, JSON.stringify(r.error)).toBe(second.directory);
        expect(r.error.skippedIssuers).toBeUndefined();
      }
      const c = by.caa;
      if (c && !c.ok) expect(c.error.message).toContain(`CAA records at ${caaName} forbid this CA`);
      const d = by.baddns;
      if (d && !d.ok) expect(d.error.message).toMatch(/NOTAUTH \(TSIG BADSIG\)/);
      // Beyond the opening line that lists the CAs, the second one is never mentioned.
      const text = log.lines.filter((l) => !l.startsWith('info: issuing ')).join('\n');
      expect(text).not.toContain('trying');
      expect(text).not.toContain(eab.directory);
    } finally {
      await nsupdate(bed, [`zone ${z}`, `update delete ${caaName}. CAA`]);
    }
  });
});

describe('a manifest cannot send certflow to a CA of its own', () => {
  it('revoke refuses a bundle whose manifest names a CA the config does not list, and asks nobody', async () => {
    const stranger = await startFakeCa(bed, 'ari');
    try {
      const name = label('fp');
      const settings = withFallback(`https://127.0.0.1:${await closedPort()}/dir`, {
        [name]: cert(`${name}.${z}`),
      });
      const [result] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
      if (!result?.ok) throw new Error(`issuance failed: ${JSON.stringify(result)}`);
      const bundle = await sealBundle(result.certificate, [age.recipient]);
      // Someone with push access rewrites the manifest to point at their own server.
      bundle.files['certificate.json'] = bundle.files['certificate.json'].replace(
        second.directory,
        stranger.directory,
      );
      await writeBundle(join(repo, 'certificates'), bundle);
      git('add', '-A');
      git('commit', '-q', '-m', `planted ${name}`);

      settings.command = 'revoke';
      settings.only = [name];
      settings.revoke = { reason: 'keyCompromise' };
      const outcome = await revokeCommand(settings, new MemoryLogger()).catch((error: Error) => ({
        ok: false,
        text: error.message,
      }));
      expect(outcome.ok).toBe(false);
      expect(String(outcome.text)).toMatch(/not among the configured CAs/);
      expect(stranger.requests).toEqual([]);
      expect((await pebbleStatus(second.mgmt, bundle.manifest.serial)).Status).toBe('Valid');
    } finally {
      await stranger.close();
    }
  });
});

describe('ARI goes to the CA that issued the bundle', () => {
  it('the plan and renew ask each CA about its own certificates, and no CA a manifest invents', async () => {
    const [primary, other, stranger] = await Promise.all([
      startFakeCa(bed, 'ari'),
      startFakeCa(bed, 'ari'),
      startFakeCa(bed, 'ari'),
    ]);
    try {
      const settings = withFallback(primary.directory, {});
      settings.config.acme.issuers = [{ directory: other.directory, 'account-key': accountKeyPem() }];
      const manifest = (id: string, acmeDirectory?: string) =>
        ({ ariCertId: id, ...(acmeDirectory ? { acmeDirectory } : {}) }) as Manifest;
      const stored = () =>
        new Map<string, Manifest | undefined>([
          ['old', manifest('AAAA.01')],
          ['fromother', manifest('BBBB.02', other.directory)],
          ['planted', manifest('CCCC.03', stranger.directory)],
        ]);
      const renewInfo = (ca: typeof primary) => ca.requests.filter((p) => p.startsWith('/renewal-info/'));

      const log = new MemoryLogger();
      const windows = await refreshStoredAriWindows(settings, stored(), log);
      expect(renewInfo(primary)).toEqual(['/renewal-info/AAAA.01']);
      expect(renewInfo(other)).toEqual(['/renewal-info/BBBB.02']);
      expect(stranger.requests).toEqual([]);
      expect(windows.get('fromother')?.start).toBe(FAKE_ARI_WINDOW.start);
      expect(log.lines.join('\n')).toMatch(/ARI for planted: .* not among the configured CAs/);

      const plan = await refreshPlanAri(settings, stored(), new MemoryLogger(), new Date());
      expect(renewInfo(primary)).toHaveLength(2);
      expect(renewInfo(other)).toEqual(['/renewal-info/BBBB.02', '/renewal-info/BBBB.02']);
      expect(stranger.requests).toEqual([]);
      expect(plan.warnings.join('\n')).toMatch(/planted .*not among the configured CAs/);
    } finally {
      await Promise.all([primary.close(), other.close(), stranger.close()]);
    }
  });
});
