/**
 * `certflow deploy` end to end on the bed: bundles sealed with age into a real store folder, opened
 * with the identity, deployed to the three nginx hosts; outputs and summaries as the entry points
 * show them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommand } from '../../src/commands/deploy.js';
import type { Config, Settings } from '../../src/config/settings.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import { baseConfig, testSettings } from '../fixtures/report/settings.js';
import {
  addSite,
  asIssued,
  type BedSite,
  bedTarget,
  createTestCa,
  type TestCertificate,
} from '../support/certs.js';
import { keyLeakForms, newAgeIdentity } from '../support/store-fixtures.js';
import { loadTestbed, servedCertificate, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let workspace: string;
let identity: string;
let www: TestCertificate;
let api: TestCertificate;
let settings: Settings;
/** Sites of this file's own on every host (see addSite). */
const sites: BedSite[] = [];

beforeAll(async () => {
  bed = loadTestbed();
  workspace = await mkdtemp(join(tmpdir(), 'certflow-deploy-cmd-'));
  const age = await newAgeIdentity();
  identity = age.identity;
  const ca = await createTestCa('certflow command');
  await writeFile(join(workspace, 'ca.pem'), ca.rootPem);
  for (const p of ['cmd-a', 'cmd-b']) sites.push(await addSite(bed, ca, p));
  const [a, b] = sites as [BedSite, BedSite];
  www = await ca.issue(a.name, [a.domain]);
  api = await ca.issue(b.name, [b.domain]);
  for (const c of [www, api])
    await writeBundle(join(workspace, 'certificates'), await sealBundle(asIssued(c), [age.recipient]));
  const config: Config = baseConfig({
    store: { path: 'certificates', recipients: [age.recipient], trust: ['ca.pem'] },
    certificates: {
      [www.name]: { domains: www.domains, key: 'ecdsa-p256', dns: 'bind', targets: ['web', 'hook'] },
      [api.name]: { domains: api.domains, key: 'ecdsa-p256', dns: 'bind', targets: ['web'] },
    },
    targets: {
      web: bedTarget(bed),
      hook: { type: 'exec', command: 'true', timeout: '5m', 'needs-key': true },
    },
  });
  settings = testSettings({ command: 'deploy', workspace, config, ageIdentity: identity, concurrency: 3 });
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
  for (const site of sites) await site.remove();
});

describe('deploy command (bed)', () => {
  it('opens the stored bundles and deploys them to every host; outputs list the hosts', async () => {
    const log = new MemoryLogger();
    const outcome = await deployCommand(settings, log);
    expect(outcome.ok).toBe(true);
    expect(JSON.parse(outcome.outputs.deployed ?? '[]').sort()).toEqual(bed.hosts.map((h) => h.addr).sort());
    expect(JSON.parse(outcome.outputs.failed ?? '')).toEqual([]);
    expect(outcome.report?.deploys).toHaveLength(6);
    expect(outcome.report?.warnings.join('\n')).toContain('target hook is an exec hook');
    expect(outcome.summary).toContain('Deploys');
    expect(outcome.text).toContain(bed.hosts[0]?.addr);
    for (const h of bed.hosts) {
      expect(sha256Hex((await servedCertificate(h.addr, 443, api.domains[0] as string)).raw)).toBe(
        api.certificateSha256,
      );
    }
    const said = [log.lines.join('\n'), outcome.summary, outcome.text, JSON.stringify(outcome.report)].join(
      '\n',
    );
    for (const form of [...keyLeakForms(www.privateKeyPem), ...keyLeakForms(api.privateKeyPem)]) {
      expect(said).not.toContain(form);
    }
  });

  it('limited to one certificate, a rerun skips every host', async () => {
    const outcome = await deployCommand({ ...settings, only: [api.name] }, new MemoryLogger());
    expect(outcome.ok).toBe(true);
    expect(outcome.report?.deploys.map((d) => [d.certificates[0], d.skipped])).toEqual(
      bed.hosts.map(() => [api.name, true]),
    );
  });

  it('names the input and the flag when the identity is missing', async () => {
    const run = deployCommand({ ...settings, ageIdentity: undefined }, new MemoryLogger());
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/age-identity.*--identity/);
  });

  it('a bundle that does not open fails its certificate and leaves its hosts untouched', async () => {
    const other = await newAgeIdentity();
    const outcome = await deployCommand({ ...settings, ageIdentity: other.identity }, new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.deploys).toEqual([]);
    expect(outcome.report?.errors.map((e) => e.message.split(':')[0])).toEqual([
      `deploy ${www.name}`,
      `deploy ${api.name}`,
    ]);
  });
});
