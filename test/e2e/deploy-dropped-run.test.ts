/**
 * deploy.yml's runs as GitHub schedules them: while a deploy waits for a reviewer, two pushes
 * arrive; the concurrency group keeps the newer one pending and cancels the older one. The
 * dropped push renewed `alpha`. With deployment-environment set, the bundled Action records each
 * deploy as a GitHub Deployment (local GitHub server, checked against the OpenAPI description)
 * and runs exec hooks for what changed since the last successful deployment, so alpha's hook
 * still runs. Without it, only what the last push changed (`beta`) gets its hook.
 * Exec targets only, certificates from a local test CA: nothing shared on the bed is touched.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { type ActionRun, runBundledAction } from '../support/action-runner.js';
import { ConcurrencyGroup } from '../support/concurrency-group.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { createTestCa, type TestCa } from '../support/store-fixtures.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const HOOK = `#!/bin/sh
set -eu
echo "$CERTFLOW_CERTIFICATE $CERTFLOW_SERIAL" >> "$HOOK_LOG"
`;

interface Push {
  sha: string;
  before: string;
}

let ws: Workspace;
let gh: GitHubServer;
let ca: TestCa;
let recipient: string;
let scratch: string;
const serials: Record<string, string> = {};

const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.dir, encoding: 'utf8' }).trim();

function config(text: string): string {
  const head = text
    .slice(0, text.indexOf('certificates:\n'))
    .replace(/trust: \[.*\]/, `trust: [${ca.certPath}]`);
  return `${head}certificates:
  alpha:
    domains: [alpha.certflow.test]
    dns: bind
    targets: [cdn]
  beta:
    domains: [beta.certflow.test]
    dns: bind
    targets: [cdn]
targets:
  cdn:
    type: exec
    command: ./hook.sh
    env: [HOOK_LOG]
    timeout: 1m
`;
}

/** A push that renews `names`: new bundles committed, the commit pushed to the server's repository. */
async function push(names: string[]): Promise<Push> {
  const before = git('rev-parse', 'HEAD');
  for (const name of names) {
    const sealed = await sealBundle(await ca.issue(name, [`${name}.certflow.test`]), [recipient]);
    await writeBundle(join(ws.dir, 'certificates'), sealed);
    serials[name] = sealed.manifest.serial;
  }
  git('add', '-A');
  git('commit', '-q', '-m', `Renew certificates: ${names.join(', ')}`);
  const sha = git('rev-parse', 'HEAD');
  git('push', '-q', gh.git.dir, 'HEAD:refs/heads/main');
  return { sha, before };
}

/** The deploy job of deploy.yml for one push: checkout of its commit, then the Action. */
async function deployRun(run: Push, environment: string): Promise<{ action: ActionRun; hooks: string[] }> {
  git('checkout', '-q', '--detach', run.sha);
  const event = join(scratch, `event-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(
    event,
    JSON.stringify({
      before: run.before,
      after: run.sha,
      ref: 'refs/heads/main',
      repository: { default_branch: 'main' },
    }),
  );
  const log = join(scratch, `hooks-${randomBytes(4).toString('hex')}.log`);
  writeFileSync(log, '');
  const action = await runBundledAction({
    workspace: ws.dir,
    inputs: {
      command: 'deploy',
      'age-identity': ws.identity,
      'deployment-environment': environment,
      'github-token': DEFAULT_TOKEN,
    },
    env: {
      ...ws.env,
      HOOK_LOG: log,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '77',
    },
  });
  git('checkout', '-q', 'main');
  return { action, hooks: readFileSync(log, 'utf8').split('\n').filter(Boolean).sort() };
}

beforeAll(async () => {
  ca = await createTestCa();
  ws = await createWorkspace();
  recipient = await identityToRecipient(ws.identity);
  scratch = mkdtempSync(join(tmpdir(), 'certflow-dropped-'));
  gh = await GitHubServer.start();
  writeFileSync(ws.configPath, config(readFileSync(ws.configPath, 'utf8')));
  writeFileSync(join(ws.dir, 'hook.sh'), HOOK);
  chmodSync(join(ws.dir, 'hook.sh'), 0o755);
  git('add', '-A');
  git('commit', '-q', '-m', 'exec hook target');
  git('push', '-q', '--force', gh.git.dir, 'HEAD:refs/heads/main');
}, 120_000);

afterAll(async () => {
  await gh?.close();
  await ca?.close();
  for (const dir of [ws?.dir, ws?.origin, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a deploy run dropped by the concurrency group', () => {
  it('still gets its hooks run by the next run, through the last successful GitHub Deployment', async () => {
    const group = new ConcurrencyGroup<Push>();
    const first = await push(['alpha', 'beta']);
    group.queue(first); // runs, then waits for a reviewer
    const dropped = await push(['alpha']);
    group.queue(dropped); // pending
    const last = await push(['beta']);
    group.queue(last); // pending: cancels `dropped`
    expect(group.cancelled).toEqual([dropped]);

    const one = await deployRun(first, 'certflow-deploy');
    expect(one.action.code, one.action.stdout).toBe(0);
    expect(one.hooks).toEqual([
      `alpha ${one.hooks[0]?.split(' ')[1]}`,
      `beta ${one.hooks[1]?.split(' ')[1]}`,
    ]);
    expect(gh.deployments.map((d) => [d.sha, d.environment, d.statuses.map((s) => s.state)])).toEqual([
      [first.sha, 'certflow-deploy', ['success']],
    ]);
    expect(gh.deployments[0]?.payload).toEqual({
      certflow: {
        targets: { cdn: { ok: true, hosts: { 'exec:cdn': { ok: true, certificates: ['alpha', 'beta'] } } } },
      },
    });

    expect(group.finish()).toBe(last);
    // The push's `before` alone (no deployment record) would miss alpha, renewed by the dropped push.
    const withoutRecord = await deployRun(last, '');
    expect(withoutRecord.action.code, withoutRecord.action.stdout).toBe(0);
    expect(withoutRecord.hooks).toEqual([`beta ${serials.beta}`]);

    const three = await deployRun(last, 'certflow-deploy');
    expect(three.action.code, three.action.stdout).toBe(0);
    expect(three.action.stdout).toMatch(/last successful deployment to certflow-deploy: [0-9a-f]{12}/);
    expect(three.hooks).toEqual([`alpha ${serials.alpha}`, `beta ${serials.beta}`]);
    expect(gh.deployments.map((d) => [d.sha, d.statuses.map((s) => s.state)])).toEqual([
      [first.sha, ['success', 'inactive']],
      [last.sha, ['success']],
    ]);
    gh.assertNoViolations();
  }, 300_000);
});
