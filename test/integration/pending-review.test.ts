/**
 * Pull-request mode while the renewal PR waits (issue 14), on the bed (Pebble behind the ARI front,
 * which records every newOrder, and bind) plus the local GitHub server. Each run starts from a
 * fresh checkout of the base branch, as a scheduled workflow does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deployCommand } from '../../src/commands/deploy.js';
import { planCommand } from '../../src/commands/plan.js';
import type { Settings } from '../../src/config/settings.js';
import type { Manifest } from '../../src/model.js';
import { renewCommand } from '../../src/pipeline/renew.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import { acmeSettings, bindProvider } from '../support/acme.js';
import { type AriFront, startAriFront } from '../support/ari-server.js';
import { addSite, type BedSite, bedTarget, createTestCa } from '../support/certs.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { newAgeIdentity } from '../support/store-fixtures.js';
import { loadTestbed, pebbleRoot, servedCertificate } from '../support/testbed.js';

const bed = loadTestbed();
const temps: string[] = [];
let front: AriFront;
let gh: GitHubServer;
let age: { identity: string; recipient: string };
/** A server block of this file's own on every bed host; its name is the certificate's. */
let site: BedSite;
/** Pebble's root for issued certificates, in store.trust: deploy verifies bundles against it. */
let rootFile: string;

beforeAll(async () => {
  front = await startAriFront(bed);
  age = await newAgeIdentity();
  const ca = await createTestCa('certflow pending');
  site = await addSite(bed, ca, 'pend');
  const rootDir = mkdtempSync(join(tmpdir(), 'certflow-pending-root-'));
  temps.push(rootDir);
  rootFile = join(rootDir, 'pebble-root.pem');
  writeFileSync(rootFile, await pebbleRoot(bed.pebble.mgmt));
});
afterAll(async () => {
  await front.close();
  await site?.remove();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  gh = await GitHubServer.start();
});
afterEach(async () => {
  gh.assertNoViolations();
  await gh.close();
});

/** A fresh checkout of `ref` on the local server: every file of its tree in a new folder. */
async function checkout(ref: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'certflow-pending-'));
  temps.push(dir);
  const sha = (await gh.branchSha(ref)) ?? '';
  for (const e of await gh.git.lsTree(sha, true)) {
    if (e.type !== 'blob') continue;
    await mkdir(dirname(join(dir, e.path)), { recursive: true });
    writeFileSync(join(dir, e.path), (await gh.git.readBlob(e.sha)).toString('utf8'));
  }
  return dir;
}

function settingsFor(workspace: string, name: string, publish: Settings['publish']): Settings {
  const settings = acmeSettings(bed, {
    directory: front.directory,
    dns: { bind: bindProvider(bed) },
    certificates: { [name]: { domains: [`${name}.certflow.test`], dns: 'bind', targets: ['web'] } },
  });
  settings.config.store.recipients = [age.recipient];
  settings.config.store.trust = [rootFile];
  settings.config.targets = { web: bedTarget(bed) };
  return {
    ...settings,
    ageIdentity: age.identity,
    workspace,
    configPath: join(workspace, '.github', 'certflow.yml'),
    publish,
    prBranch: 'certflow/renewal',
    github: { token: DEFAULT_TOKEN, owner: gh.owner, repo: gh.repo, apiUrl: gh.url, baseBranch: 'main' },
  };
}

const ordersFor = (name: string) =>
  front.orders.filter((o) => JSON.stringify(o.identifiers ?? []).includes(`${name}.certflow.test`)).length;

describe('pull-request mode with the renewal PR open', () => {
  it('orders once, then reports pending-review with the PR number and adds no commit; after merge it is not due', async () => {
    const name = site.name;
    // The certificate in use, on the base branch (first issuance, committed directly).
    const first = await renewCommand(settingsFor(await checkout('main'), name, 'commit'), new MemoryLogger());
    expect(first.ok, JSON.stringify(first.report?.errors)).toBe(true);
    expect(ordersFor(name)).toBe(1);
    const old = JSON.parse(
      (await gh.readFile('main', `certificates/${name}/certificate.json`)) ?? '',
    ) as Manifest;
    // The CA says: renew now (its window is already open for the stored certificate).
    front.answers.set(old.ariCertId ?? '', {
      window: {
        start: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        end: new Date(Date.now() - 86_400_000).toISOString(),
      },
    });
    const mainBefore = await gh.branchSha('main');

    const run1 = await renewCommand(
      settingsFor(await checkout('main'), name, 'pull-request'),
      new MemoryLogger(),
    );
    expect(run1.ok, JSON.stringify(run1.report?.errors)).toBe(true);
    expect(run1.report?.plan[0]?.code).toBe('ari-window');
    expect(run1.report?.publish?.action).toBe('pr-created');
    const pr = run1.report?.publish?.pullRequest?.number;
    expect(pr).toBeDefined();
    expect(ordersFor(name)).toBe(2);
    const branchHead = await gh.branchSha('certflow/renewal');
    expect(await gh.branchSha('main')).toBe(mainBefore);

    for (const run of [2, 3]) {
      const count = gh.requests.length;
      const log = new MemoryLogger();
      const again = await renewCommand(settingsFor(await checkout('main'), name, 'pull-request'), log);
      expect(again.ok, `run ${run}: ${JSON.stringify(again.report?.errors)}`).toBe(true);
      const d = again.report?.plan[0];
      expect(d).toMatchObject({ action: 'skip', code: 'pending-review', serial: old.serial });
      expect(d?.reason).toContain(`pull request #${pr}`);
      expect(d?.reason).toMatch(/waiting for review for \d+ min/);
      expect(d?.pending?.pullRequest).toBe(pr);
      expect(again.report?.issued).toEqual([]);
      expect(again.text).toContain('waiting for review');
      expect(ordersFor(name)).toBe(2);
      expect(await gh.branchSha('certflow/renewal')).toBe(branchHead);
      expect(gh.requests.slice(count).filter((r) => r.method !== 'GET')).toEqual([]);
    }

    // `plan` shows it too, and leaves it out of the matrix.
    const planned = await planCommand(
      settingsFor(await checkout('main'), name, 'pull-request'),
      new MemoryLogger(),
    );
    expect(planned.outputs?.matrix).toBe('{"certificate":[]}');
    expect(planned.text).toMatch(new RegExp(`${name} +pending `));
    expect(planned.summary).toContain(`| pending | `);
    expect(planned.summary).toContain(`pull request \\#${pr}`);

    // With a clock inside the base certificate's emergency window, the run fails naming the PR,
    // raises the alert issue, orders nothing and leaves the PR as it is.
    const late = new Date(Date.parse(old.notAfter) - 2 * 86_400_000);
    const before = gh.requests.length;
    const urgent = await renewCommand(
      { ...settingsFor(await checkout('main'), name, 'pull-request'), alertIssue: true },
      new MemoryLogger(),
      late,
    );
    expect(urgent.ok).toBe(false);
    expect(urgent.report?.errors.map((e) => e.message)).toEqual([
      `merge PR #${pr}: ${name} expires on ${old.notAfter}`,
    ]);
    expect(urgent.report?.plan[0]?.pending?.urgent).toBe(true);
    expect(ordersFor(name)).toBe(2);
    expect(await gh.branchSha('certflow/renewal')).toBe(branchHead);
    const alert = [...gh.issues.values()].find((i) => !i.pull && i.state === 'open');
    expect(alert?.body).toContain(`merge PR #${pr}: ${name} expires on`);
    const writes = gh.requests
      .slice(before)
      .filter((r) => r.method !== 'GET')
      .map((r) => r.operationId);
    expect(writes.every((op) => op?.startsWith('issues/'))).toBe(true);

    // Deploy from the base branch meanwhile: the hosts get the base certificate, not the PR's.
    const served = async () =>
      Promise.all(
        bed.hosts.map(async (h) => sha256Hex((await servedCertificate(h.addr, 443, site.domain)).raw)),
      );
    const waitingDeploy = await deployCommand(
      settingsFor(await checkout('main'), name, 'pull-request'),
      new MemoryLogger(),
    );
    expect(waitingDeploy.ok, JSON.stringify(waitingDeploy.report?.errors)).toBe(true);
    expect(await served()).toEqual(bed.hosts.map(() => old.certificateSha256));

    // Merge (fast forward, as the branch was built on main), then the next run: not due, no order.
    expect(await gh.git.updateRef('refs/heads/main', branchHead ?? '', mainBefore ?? '')).toBe(true);
    const issue = gh.issues.get(pr ?? 0);
    if (issue) issue.state = 'closed';
    const merged = JSON.parse(
      (await gh.readFile('main', `certificates/${name}/certificate.json`)) ?? '',
    ) as Manifest;
    expect(merged.replaces).toBe(old.serial);
    const after = await renewCommand(
      settingsFor(await checkout('main'), name, 'pull-request'),
      new MemoryLogger(),
    );
    expect(after.ok, JSON.stringify(after.report?.errors)).toBe(true);
    expect(after.report?.plan[0]).toMatchObject({ action: 'skip', code: 'not-due', serial: merged.serial });
    expect(ordersFor(name)).toBe(2);

    // The deploy workflow on the merge brings every host to the renewed certificate.
    const deployed = await deployCommand(
      settingsFor(await checkout('main'), name, 'pull-request'),
      new MemoryLogger(),
    );
    expect(deployed.ok, JSON.stringify(deployed.report?.errors)).toBe(true);
    expect(await served()).toEqual(bed.hosts.map(() => merged.certificateSha256));
  }, 400_000);
});
