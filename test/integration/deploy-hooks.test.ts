/**
 * Exec hook targets in `deploy`, on the bed: a real renewal (bundled Action, Pebble, bind9) commits
 * a certificate whose only target is a shell script that records what it was given; then deploys
 * as the push workflow runs them decide from the push's `before` whether the certificate changed.
 * Also the `report` output (RUNNER_TEMP) and the run link in the webhook message. The domain is
 * unique to this file and there is no SSH target, so nothing shared on the bed changes.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, RunReport } from '../../src/model.js';
import { openBundle } from '../../src/store/open.js';
import { type ActionRun, defaultEvent, ROOT, runBundledAction } from '../support/action-runner.js';
import { createWorkspace, gitStatus, type Workspace } from '../support/workspace.js';

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const NAME = 'edge';
const DOMAIN = `hook-${randomBytes(4).toString('hex')}.certflow.test`;
const RUN = {
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_REPOSITORY: 'acme/infra',
  GITHUB_RUN_ID: '4242',
};

// Records each run in its own folder: the lineage's clear files, a digest of the key (never the key
// itself), file modes, the certflow variables, and whether any age identity reached it.
const HOOK = `#!/bin/sh
set -eu
n=$(ls "$HOOK_RESULTS" | wc -l)
out="$HOOK_RESULTS/run-$((n + 1))"
mkdir "$out"
cd "$RENEWED_LINEAGE"
ls > "$out/files.txt"
cp cert.pem chain.pem fullchain.pem "$out/"
if [ -f privkey.pem ]; then sha256sum privkey.pem | cut -d' ' -f1 > "$out/key.sha256"; fi
stat -c '%a %n' . * > "$out/modes.txt"
env | grep -E '^(RENEWED_|CERTFLOW_)' | sort > "$out/env.txt"
if env | grep -q 'AGE-SECRET-KEY'; then echo leaked > "$out/identity"; fi
if env | grep -qE '^(SSH_PRIVATE_KEY|TSIG_SECRET|ACME_ACCOUNT_KEY)='; then echo leaked > "$out/job-secrets"; fi
cd "$OLDPWD" && pwd > "$out/pwd.txt"
echo "hook saw $CERTFLOW_CERTIFICATE"
`;

let ws: Workspace;
let results: string;
let events: string;
let beforeRenewal: string;
let renewal: string;
let webhook: Server;
let webhookUrl: string;
const posted: Array<{ text: string }> = [];

const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.dir, encoding: 'utf8' }).trim();
const runs = () => readdirSync(results).sort();
const manifest = (): Manifest =>
  JSON.parse(readFileSync(join(ws.dir, 'certificates', NAME, 'certificate.json'), 'utf8')) as Manifest;

function configFor(ws: Workspace): string {
  const text = readFileSync(ws.configPath, 'utf8');
  const head = text.slice(0, text.indexOf('certificates:\n'));
  return `${head}certificates:
  ${NAME}:
    domains: [${DOMAIN}]
    dns: bind
    targets: [cdn]
targets:
  cdn:
    type: exec
    command: ./record-hook.sh
    timeout: 1m
    env: [HOOK_RESULTS]
`;
}

function pushEvent(before: string | undefined): Record<string, string> {
  const path = join(events, `event-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(path, JSON.stringify({ before, after: renewal, ref: 'refs/heads/main', ...defaultEvent() }));
  return { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: path };
}

function deploy(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionRun> {
  return runBundledAction({
    workspace: ws.dir,
    inputs: { command: 'deploy', 'age-identity': ws.identity, ...inputs },
    env: { ...ws.env, HOOK_RESULTS: results, ...env },
  });
}

beforeAll(async () => {
  ws = await createWorkspace();
  results = mkdtempSync(join(tmpdir(), 'certflow-hook-results-'));
  events = mkdtempSync(join(tmpdir(), 'certflow-hook-events-'));
  writeFileSync(ws.configPath, configFor(ws));
  writeFileSync(join(ws.dir, 'record-hook.sh'), HOOK);
  chmodSync(join(ws.dir, 'record-hook.sh'), 0o755);
  git('add', '-A');
  git('commit', '-q', '-m', 'hook target');
  beforeRenewal = git('rev-parse', 'HEAD');
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      posted.push(JSON.parse(body) as { text: string });
      res.end('ok');
    });
  });
  await new Promise<void>((done) => webhook.listen(0, '127.0.0.1', done));
  const address = webhook.address();
  webhookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;

  const renew = await runBundledAction({
    workspace: ws.dir,
    inputs: { command: 'renew', publish: 'git' },
    env: { ...ws.env, HOOK_RESULTS: results },
  });
  if (renew.code !== 0) throw new Error(`renew failed:\n${renew.stdout}\n${renew.stderr}`);
  renewal = git('rev-parse', 'HEAD');
}, 300_000);

afterAll(async () => {
  await new Promise((done) => webhook?.close(done));
  for (const dir of [ws?.dir, ws?.origin, results, events])
    if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('deploy runs exec hooks for what the push changed', () => {
  it('the renewal committed the bundle and ran no hook (renew without deploy)', () => {
    expect(git('log', '-1', '--format=%s')).toBe(`Renew certificates: ${NAME}`);
    expect(git('rev-parse', 'HEAD~1')).toBe(beforeRenewal);
    expect(gitStatus(ws.dir)).toBe('');
    expect(runs()).toEqual([]);
  });

  it('a push whose before is the commit before the renewal runs the hook once with the lineage', async () => {
    const run = await deploy(
      { 'webhook-url': webhookUrl, 'webhook-always': 'true' },
      { ...pushEvent(beforeRenewal), ...RUN },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(runs()).toEqual(['run-1']);
    const out = join(results, 'run-1');
    const m = manifest();
    expect(readFileSync(join(out, 'files.txt'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'cert.pem',
      'chain.pem',
      'fullchain.pem',
      'privkey.pem',
    ]);
    expect(readFileSync(join(out, 'fullchain.pem'), 'utf8')).toBe(
      readFileSync(join(ws.dir, 'certificates', NAME, 'fullchain.pem'), 'utf8'),
    );
    const key = await openBundle(join(ws.dir, 'certificates'), NAME, ws.identity);
    const keySha = execFileSync('sha256sum', { input: key.privateKeyPem, encoding: 'utf8' }).split(' ')[0];
    expect(readFileSync(join(out, 'key.sha256'), 'utf8').trim()).toBe(keySha);
    const modes = readFileSync(join(out, 'modes.txt'), 'utf8');
    expect(modes).toMatch(/^700 \.$/m);
    for (const f of ['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem'])
      expect(modes).toContain(`600 ${f}`);
    const env = readFileSync(join(out, 'env.txt'), 'utf8');
    expect(env).toContain(`CERTFLOW_CERTIFICATE=${NAME}\n`);
    expect(env).toContain(`RENEWED_DOMAINS=${DOMAIN}\n`);
    expect(env).toContain(`CERTFLOW_SERIAL=${m.serial}\n`);
    expect(env).toContain(`CERTFLOW_NOT_AFTER=${m.notAfter}\n`);
    expect(env).toMatch(/^RENEWED_LINEAGE=\//m);
    expect(existsSync(join(out, 'identity'))).toBe(false);
    // Issue 17: the job's SSH key and TSIG secret (in this run's environment) stay out of hooks.
    expect(existsSync(join(out, 'job-secrets'))).toBe(false);
    expect(readFileSync(join(out, 'pwd.txt'), 'utf8').trim()).toBe(realpathSync(ws.dir));
    // The lineage folder is gone after the hook.
    const lineage = /^RENEWED_LINEAGE=(.*)$/m.exec(env)?.[1] ?? '';
    expect(existsSync(lineage)).toBe(false);

    // The `report` output names the JSON report in RUNNER_TEMP, and it holds the hook's result.
    expect(run.outputs.report).toMatch(/certflow-report\.json$/);
    const report = JSON.parse(readFileSync(run.outputs.report ?? '', 'utf8')) as RunReport;
    expect(report.deploys.map((d) => [d.host, d.phase, d.ok, d.certificates])).toEqual([
      ['exec:cdn', 'hook', true, [NAME]],
    ]);
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([]);
    expect(run.stdout).toContain(`hook saw ${NAME}`);
    // The webhook message links the run.
    expect(posted.at(-1)?.text).toContain('https://github.example/acme/infra/actions/runs/4242');
  });

  it('a push whose before is HEAD did not change the certificate: the hook does not run', async () => {
    const run = await deploy({}, pushEvent(renewal));
    expect(run.code, run.stdout).toBe(0);
    expect(runs()).toEqual(['run-1']);
    expect(run.stdout).toMatch(/edge: not changed since [0-9a-f]{12}; its exec hooks are not run/);
    expect(run.summary).not.toContain('exec:cdn');
  });

  it('forced, it runs whatever changed', async () => {
    const run = await deploy({ force: NAME }, pushEvent(renewal));
    expect(run.code, run.stdout).toBe(0);
    expect(runs()).toEqual(['run-1', 'run-2']);
  });

  it('a dry run lists the hook and runs nothing', async () => {
    const run = await deploy({ force: NAME, 'dry-run': 'true' }, pushEvent(renewal));
    expect(run.code, run.stdout).toBe(0);
    expect(runs()).toEqual(['run-1', 'run-2']);
    const report = JSON.parse(readFileSync(run.outputs.report ?? '', 'utf8')) as RunReport;
    expect(report.deploys[0]).toMatchObject({ phase: 'hook', skipped: true, dryRun: true });
    expect(report.deploys[0]?.message).toBe('would run: ./record-hook.sh');
  });

  it('a manual run (no push) does not know what changed: no hook, and a warning says how to force it', async () => {
    const run = await deploy({}, { GITHUB_EVENT_NAME: 'workflow_dispatch' });
    expect(run.code, run.stdout).toBe(0);
    expect(runs()).toEqual(['run-1', 'run-2']);
    expect(run.summary).toContain('target cdn is an exec hook; not run');
    expect(run.summary).toContain(`force ${NAME}`);
  });

  it('a push that created the branch (all-zero before) counts every stored certificate as new', async () => {
    const run = await deploy({}, pushEvent('0'.repeat(40)));
    expect(run.code, run.stdout).toBe(0);
    expect(runs()).toEqual(['run-1', 'run-2', 'run-3']);
  });

  it('a before the checkout does not hold fails the run, runs no hook, and says to fetch history', async () => {
    const run = await deploy({}, pushEvent('c0ffee'.repeat(6) + 'c0ff'));
    expect(run.code).toBe(1);
    expect(runs()).toEqual(['run-1', 'run-2', 'run-3']);
    expect(run.summary).toContain('fetch-depth: 0');
  });

  it('the CLI takes --changed-since', async () => {
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(
          process.execPath,
          [TSX, join(ROOT, 'src', 'cli.ts'), ...args],
          {
            cwd: ws.dir,
            env: {
              PATH: process.env.PATH,
              HOME: process.env.HOME,
              ...ws.env,
              HOOK_RESULTS: results,
              CERTFLOW_AGE_IDENTITY: ws.identity,
            },
            timeout: 120_000,
          },
          (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const unchanged = await cli('deploy', '--changed-since', 'HEAD');
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(runs()).toHaveLength(3);
    const changed = await cli('deploy', '--changed-since', 'HEAD~1');
    expect(changed.code, changed.stderr).toBe(0);
    expect(runs()).toEqual(['run-1', 'run-2', 'run-3', 'run-4']);
    expect(existsSync(join(results, 'run-4', 'identity'))).toBe(false);
  });
  it('renew with deploy: true runs the hook of the certificate it renewed, key from memory', async () => {
    const renew = await runBundledAction({
      workspace: ws.dir,
      inputs: { command: 'renew', publish: 'git', deploy: 'true', force: NAME },
      env: { ...ws.env, HOOK_RESULTS: results },
    });
    expect(renew.code, renew.stdout).toBe(0);
    expect(runs()).toEqual(['run-1', 'run-2', 'run-3', 'run-4', 'run-5']);
    const m = manifest();
    expect(readFileSync(join(results, 'run-5', 'env.txt'), 'utf8')).toContain(
      `CERTFLOW_SERIAL=${m.serial}\n`,
    );
    const key = await openBundle(join(ws.dir, 'certificates'), NAME, ws.identity);
    const keySha = execFileSync('sha256sum', { input: key.privateKeyPem, encoding: 'utf8' }).split(' ')[0];
    expect(readFileSync(join(results, 'run-5', 'key.sha256'), 'utf8').trim()).toBe(keySha);
  });
  it('a hook with needs-key: false gets no key, and deploy then needs no identity', async () => {
    const config = readFileSync(ws.configPath, 'utf8');
    try {
      writeFileSync(ws.configPath, config.replace('timeout: 1m', 'timeout: 1m\n    needs-key: false'));
      const run = await runBundledAction({
        workspace: ws.dir,
        inputs: { command: 'deploy', force: NAME },
        env: { ...ws.env, HOOK_RESULTS: results },
      });
      expect(run.code, run.stdout).toBe(0);
      expect(runs()).toHaveLength(6);
      const out = join(results, 'run-6');
      expect(readFileSync(join(out, 'files.txt'), 'utf8').split('\n').filter(Boolean)).toEqual([
        'cert.pem',
        'chain.pem',
        'fullchain.pem',
      ]);
      expect(existsSync(join(out, 'key.sha256'))).toBe(false);
    } finally {
      writeFileSync(ws.configPath, config);
    }
  });
});
