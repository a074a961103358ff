/**
 * End to end, as the demo runs it: the bundled Action in a real git repository (with a bare
 * origin), against the bed's Pebble, bind9 and three SSH hosts with nginx. Plus a forced renewal,
 * a host that breaks on reload, and a bad config.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model.js';
import { type ActionRun, runBundledAction } from '../support/action-runner.js';
import { loadTestbed, resetHosts, servedCertificate } from '../support/testbed.js';
import { createWorkspace, gitLog, gitStatus, type Workspace } from '../support/workspace.js';

const bed = loadTestbed();
const hosts = bed.hosts.map((h) => h.addr);

function manifest(ws: Workspace, name: string): Manifest {
  return JSON.parse(readFileSync(join(ws.dir, 'certificates', name, 'certificate.json'), 'utf8')) as Manifest;
}

async function servedSha(addr: string, servername: string): Promise<string> {
  const cert = await servedCertificate(addr, 443, servername);
  return cert.fingerprint256.replaceAll(':', '').toLowerCase();
}

function renew(ws: Workspace, extra: Record<string, string> = {}): Promise<ActionRun> {
  return runBundledAction({
    workspace: ws.dir,
    inputs: { command: 'renew', publish: 'git', deploy: 'true', 'age-identity': ws.identity, ...extra },
    env: ws.env,
  });
}

describe('renew, commit, deploy, verify (the demo path)', () => {
  let ws: Workspace;
  let first: ActionRun;

  beforeAll(async () => {
    await resetHosts();
    ws = await createWorkspace();
    first = await renew(ws);
  });
  afterAll(() => resetHosts());

  it('issues both certificates, commits and pushes them, and every host serves them', async () => {
    expect(first.code, first.stdout).toBe(0);
    expect(JSON.parse(first.outputs.renewed ?? '[]')).toEqual(['www', 'api']);
    expect(JSON.parse(first.outputs.deployed ?? '[]')).toEqual(hosts);
    expect(first.outputs['commit-sha']).toMatch(/^[0-9a-f]{40}$/);
    expect(gitLog(ws.origin, 'main')[0]).toBe('Renew certificates: www, api');
    expect(gitStatus(ws.dir)).toBe('');
    for (const name of ['www', 'api']) {
      const m = manifest(ws, name);
      for (const addr of hosts) {
        expect(await servedSha(addr, m.domains[0] ?? '')).toBe(m.certificateSha256);
      }
    }
    expect(first.summary).toContain('all renewed and deployed');
    expect(first.summary).toMatch(/\| `www` \| `certflow.test`, `www.certflow.test` \|/);
  });

  it('a second run finds nothing due and changes nothing', async () => {
    const before = gitLog(ws.dir);
    const second = await renew(ws);
    expect(second.code, second.stdout).toBe(0);
    expect(second.summary).toContain('nothing due');
    expect(second.summary).toContain('already serving');
    expect(JSON.parse(second.outputs.renewed ?? '[]')).toEqual([]);
    expect(gitLog(ws.dir)).toEqual(before);
    expect(gitStatus(ws.dir)).toBe('');
  });

  it('force renews only the named certificate, replacing its serial everywhere', async () => {
    const old = { www: manifest(ws, 'www'), api: manifest(ws, 'api') };
    const forced = await renew(ws, { force: 'www' });
    expect(forced.code, forced.stdout).toBe(0);
    expect(JSON.parse(forced.outputs.renewed ?? '[]')).toEqual(['www']);
    const www = manifest(ws, 'www');
    expect(www.serial).not.toBe(old.www.serial);
    expect(www.replaces).toBe(old.www.serial);
    expect(manifest(ws, 'api').serial).toBe(old.api.serial);
    for (const addr of hosts) expect(await servedSha(addr, 'certflow.test')).toBe(www.certificateSha256);
    expect(forced.summary).toMatch(/\*\*renew\*\*: forced/);
  });
});

describe('a host that breaks on reload', () => {
  let ws: Workspace;
  let run: ActionRun;
  let before: string;
  const broken = bed.hosts[2];

  beforeAll(async () => {
    await resetHosts();
    if (!broken) throw new Error('the bed needs three hosts');
    before = await servedSha(broken.addr, 'certflow.test');
    // Each bed host has its own hostname: the reload fails on the third one only.
    ws = await createWorkspace({ reload: `nginx -s reload && test "$(hostname)" != "${broken.name}"` });
    run = await renew(ws);
  });
  afterAll(() => resetHosts());

  it('deploys the others, rolls the broken one back, fails the run and says so', async () => {
    expect(run.code).toBe(1);
    const deployed = JSON.parse(run.outputs.deployed ?? '[]') as string[];
    expect(deployed).toEqual(hosts.filter((h) => h !== broken?.addr));
    expect(await servedSha(broken?.addr ?? '', 'certflow.test')).toBe(before);
    const www = manifest(ws, 'www');
    for (const addr of deployed) expect(await servedSha(addr, 'certflow.test')).toBe(www.certificateSha256);
    expect(run.summary).toMatch(/failed/);
    expect(run.summary).toContain(`\`${broken?.addr}\``);
    expect(run.summary).toMatch(/rolled back/i);
    // The renewal itself succeeded and is kept: committed and pushed despite the failed host.
    expect(gitLog(ws.origin, 'main')[0]).toBe('Renew certificates: www, api');
  });
});

describe('a bad config', () => {
  it('annotates the line, fails, and changes nothing in the repository', async () => {
    const ws = await createWorkspace();
    const text = readFileSync(ws.configPath, 'utf8').replace('  email:', '  emial:');
    writeFileSync(ws.configPath, text);
    const run = await renew(ws);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error title=[^\n]*file=\.github\/certflow\.yml,line=5,col=3::acme\.emial: unknown key 'emial' \(did you mean 'email'\?\)/,
    );
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(gitStatus(ws.dir)).toBe('M .github/certflow.yml');
    expect(gitLog(ws.dir)).toEqual(['certflow config']);
  });
});
