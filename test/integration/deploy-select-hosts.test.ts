/**
 * Host selection on the bed: `hosts: tag:edge` (CLI `--hosts tag:edge`) deploys the stored bundle
 * only to the hosts tagged edge; the others keep serving what they served, exec hooks do not run,
 * and a selection that names no host fails instead of passing as a deploy that did nothing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommand } from '../../src/commands/deploy.js';
import type { Config, Settings } from '../../src/config/settings.js';
import { Problems } from '../../src/config/values.js';
import { parseHostSelectors } from '../../src/deploy/select.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
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
import { newAgeIdentity } from '../support/store-fixtures.js';
import { loadTestbed, servedCertificate, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let workspace: string;
let site: BedSite;
let next: TestCertificate;
let settings: Settings;
let hookMark: string;

const servedSha = async (addr: string) => sha256Hex((await servedCertificate(addr, 443, site.domain)).raw);
const select = (value: string) => parseHostSelectors('hosts', value, new Problems());

beforeAll(async () => {
  bed = loadTestbed();
  workspace = await mkdtemp(join(tmpdir(), 'certflow-select-'));
  hookMark = join(workspace, 'hook-ran');
  const age = await newAgeIdentity();
  const ca = await createTestCa('certflow select');
  await writeFile(join(workspace, 'ca.pem'), ca.rootPem);
  site = await addSite(bed, ca, 'select');
  next = await ca.issue(site.name, [site.domain]);
  await writeBundle(join(workspace, 'certificates'), await sealBundle(asIssued(next), [age.recipient]));
  const [a, b, c] = bed.hosts as [Testbed['hosts'][0], Testbed['hosts'][0], Testbed['hosts'][0]];
  const config: Config = baseConfig({
    store: { path: 'certificates', recipients: [age.recipient], trust: ['ca.pem'] },
    certificates: {
      [next.name]: { domains: next.domains, key: 'ecdsa-p256', dns: 'bind', targets: ['web', 'hook'] },
    },
    targets: {
      web: bedTarget(bed, {
        hosts: [
          { host: a.addr, tags: ['edge'] },
          { host: b.addr, tags: ['edge', 'eu'] },
          { host: c.addr, tags: ['core'] },
        ],
      }),
      hook: { type: 'exec', command: `touch ${hookMark}`, timeout: '1m', 'needs-key': false },
    },
  });
  settings = testSettings({
    command: 'deploy',
    workspace,
    config,
    ageIdentity: age.identity,
    concurrency: 3,
    force: 'all',
  });
});
afterAll(async () => {
  if (workspace) await rm(workspace, { recursive: true, force: true });
  await site?.remove();
});

describe('deploy to the hosts a tag selects (bed)', () => {
  it('hosts: tag:edge deploys to the two edge hosts only; the core host keeps its certificate', async () => {
    const log = new MemoryLogger();
    const outcome = await deployCommand({ ...settings, hosts: select('tag:edge') }, log);
    expect(outcome.ok).toBe(true);
    const [a, b, c] = bed.hosts.map((h) => h.addr);
    expect(outcome.report?.deploys.map((d) => d.host).sort()).toEqual([a, b].sort());
    expect(await servedSha(a as string)).toBe(next.certificateSha256);
    expect(await servedSha(b as string)).toBe(next.certificateSha256);
    expect(await servedSha(c as string)).toBe(site.initial.certificateSha256);
    expect(existsSync(hookMark)).toBe(false);
    expect(log.lines.join('\n')).toContain('deploying only to the 2 host(s) tag:edge selects');
  });

  it('a host named as results name it selects that host; tags and names combine', async () => {
    const [, , c] = bed.hosts.map((h) => h.addr);
    const outcome = await deployCommand({ ...settings, hosts: select(`tag:eu, ${c}`) }, new MemoryLogger());
    expect(outcome.ok).toBe(true);
    const byHost = Object.fromEntries((outcome.report?.deploys ?? []).map((d) => [d.host, d.skipped]));
    // b already serves it (skipped), c is brought up to date.
    expect(byHost).toEqual({ [bed.hosts[1]?.addr as string]: true, [c as string]: false });
    expect(await servedSha(c as string)).toBe(next.certificateSha256);
  });

  it('a selection that matches no host fails the run naming the tags in use, and touches nothing', async () => {
    const outcome = await deployCommand({ ...settings, hosts: select('tag:egde') }, new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.deploys).toEqual([]);
    expect(outcome.report?.errors[0]?.message).toMatch(
      /matches tag:egde; tags in the config: core, edge, eu/,
    );
    expect(existsSync(hookMark)).toBe(false);
  });

  it('without a selection the same deploy runs the hook (so the tests above prove it was skipped)', async () => {
    const outcome = await deployCommand(settings, new MemoryLogger());
    expect(outcome.ok).toBe(true);
    expect(existsSync(hookMark)).toBe(true);
  });

  it('refuses selectors that are not a tag or a host name, naming the input', () => {
    for (const bad of ['tag:', 'tag:$(id)', 'web1;reboot', 'tag:a/b', `x${'y'.repeat(300)}`, '`id`']) {
      const problems = new Problems();
      expect(parseHostSelectors('hosts', bad, problems), bad).toBeUndefined();
      expect(problems.list[0]).toMatchObject({ path: 'hosts' });
      expect(problems.list[0]?.message).toContain('is not a host selector');
    }
    expect(select('tag:edge,web1.example.com 10.0.3.21:2222')).toEqual([
      { tag: 'edge' },
      { host: 'web1.example.com' },
      { host: '10.0.3.21:2222' },
    ]);
  });
});
