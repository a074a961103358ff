/**
 * A dry run changes nothing that matters: after a forced dry run on a deployed workspace, git
 * history, the live files on every host and the served certificates are byte-identical, no
 * challenge record is left in DNS, and the summary says what would have happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, runBundledAction } from '../support/action-runner.js';
import { dig, loadTestbed, resetHosts, servedCertificate, sshRun } from '../support/testbed.js';
import { createWorkspace, gitLog, gitStatus, type Workspace } from '../support/workspace.js';

const bed = loadTestbed();

/** Everything on the hosts and in the repository that a dry run must leave as it was. */
async function snapshot(ws: Workspace) {
  const hosts: Record<string, string> = {};
  for (const host of bed.hosts) {
    const files = await sshRun(
      bed,
      host.addr,
      'cd /etc/ssl/certflow && find . -type f | sort | xargs sha256sum',
    );
    const served = await servedCertificate(host.addr, 443, 'certflow.test');
    hosts[host.addr] = `${files.stdout}\nserved ${served.fingerprint256}`;
  }
  return { hosts, log: gitLog(ws.origin, 'main'), status: gitStatus(ws.dir) };
}

describe('dry run', () => {
  let ws: Workspace;
  let dry: ActionRun;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    await resetHosts();
    ws = await createWorkspace();
    const inputs = { command: 'renew', publish: 'git', deploy: 'true', 'age-identity': ws.identity };
    const real = await runBundledAction({ workspace: ws.dir, inputs, env: ws.env });
    if (real.code !== 0) throw new Error(`the first, real run failed:\n${real.summary}`);
    before = await snapshot(ws);
    dry = await runBundledAction({
      workspace: ws.dir,
      inputs: { ...inputs, force: 'all', 'dry-run': 'true' },
      env: ws.env,
    });
  });
  afterAll(() => resetHosts());

  it('orders for real but changes no commit, file, host or DNS record', async () => {
    expect(dry.code, dry.stdout).toBe(0);
    expect(await snapshot(ws)).toEqual(before);
    expect(await dig(bed.dns.server, '_acme-challenge.certflow.test', 'TXT')).toEqual([]);
    expect(await dig(bed.dns.server, '_acme-challenge.www.certflow.test', 'TXT')).toEqual([]);
    expect(await dig(bed.dns.server, '_acme-challenge.api.certflow.test', 'TXT')).toEqual([]);
  });

  it('says plainly that it was a dry run, and what would have happened', () => {
    expect(dry.summary).toContain('DRY RUN');
    expect(dry.summary).toMatch(/Dry run:\*\* would publish 6 files/);
    expect(dry.summary).toMatch(/\| `www` \|.*forced/);
    // Every host staged and validated the new files, then removed them.
    for (const host of bed.hosts) expect(dry.summary).toContain(`\`${host.addr}\``);
    expect(dry.summary).toMatch(/validate/);
    expect(JSON.parse(dry.outputs.deployed ?? '[]')).toEqual([]);
  });
});
