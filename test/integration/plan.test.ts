/**
 * `certflow plan` end to end, through the CLI (tsx) and the bundled Action (ncc, run as the runner
 * runs it: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), on a fixture repository
 * whose stored bundles have different ages. No server is needed: the plan reads only the store.
 */

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenewalDecision } from '../../src/model.js';
import { newRecipient, writeStoredBundle } from '../fixtures/plan/bundles.js';
import { parseGithubOutput, testBundleDir } from '../support/action-runner.js';
import { GitHubServer } from '../support/github-server.js';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const DAY = 86_400_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A clean environment: nothing of this process's INPUT_* or GITHUB_* leaks into the child. */
function baseEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...extra };
}

let repo: string;
let bundleDir: string;
const label = Math.random().toString(36).slice(2, 8);

const CERTS = {
  fresh: 'skip/not-due',
  fresh2: 'renew/forced',
  due: 'renew/fallback',
  urgent: 'renew/emergency',
  expired: 'renew/expired',
  short: 'skip/not-due',
  ari: 'renew/ari-window',
  changed: 'renew/changed',
  new: 'issue/missing',
  broken: 'renew/unreadable',
  failing: 'skip/backoff',
} as const;

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), `certflow-plan-${label}-`));
  const recipient = await newRecipient();
  const store = join(repo, 'certificates');
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY);
  const domain = (name: string) => `${name}-${label}.certflow.test`;
  const certs = Object.keys(CERTS)
    .map(
      (name) =>
        `  ${name}: { domains: [${domain(name)}${name === 'changed' ? `, api-${label}.certflow.test` : ''}], dns: hook }`,
    )
    .join('\n');
  await mkdir(join(repo, '.github', 'workflows'), { recursive: true });
  await writeFile(
    join(repo, '.github', 'certflow.yml'),
    `version: 1
acme:
  directory: https://127.0.0.1:14000/dir
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [${recipient}]
dns:
  hook: { type: exec, command: ./dns-hook }
certificates:
${certs}
`,
  );
  await writeFile(
    join(repo, '.github', 'workflows', 'renew.yml'),
    'on:\n  schedule:\n    - cron: "17 5 * * *"\njobs: {}\n',
  );

  const write = (name: string, notBefore: Date, lifetimeDays: number, manifest = {}) =>
    writeStoredBundle(store, recipient, { name, domains: [domain(name)], notBefore, lifetimeDays, manifest });
  await write('fresh', ago(10), 90);
  await write('fresh2', ago(10), 90);
  await write('due', ago(65), 90);
  await write('urgent', ago(88), 90);
  await write('expired', ago(100), 90);
  await write('short', ago(1), 6);
  await write('ari', ago(10), 90, {
    ari: { start: ago(2).toISOString(), end: ago(1).toISOString(), checkedAt: ago(1).toISOString() },
  });
  await write('changed', ago(10), 90);
  await write('broken', ago(10), 90);
  await write('failing', ago(65), 90, {
    backoff: {
      failures: 2,
      lastError: 'rateLimited',
      lastAt: ago(1).toISOString(),
      nextAttemptAt: new Date(now + DAY).toISOString(),
    },
  });
  await write('orphan', ago(10), 90);
  // Corrupt one bundle: its chain no longer matches the manifest.
  const other = await readFile(join(store, 'fresh', 'fullchain.pem'), 'utf8');
  await writeFile(join(store, 'broken', 'fullchain.pem'), other);

  bundleDir = testBundleDir();
}, 300_000);

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

function expectPlan(plan: RenewalDecision[]) {
  expect(Object.fromEntries(plan.map((d) => [d.name, `${d.action}/${d.code}`]))).toEqual(CERTS);
  const byName = Object.fromEntries(plan.map((d) => [d.name, d]));
  expect(byName.changed?.reason).toBe(`domains changed: +api-${label}.certflow.test`);
  expect(byName.broken?.reason).toMatch(
    /^stored bundle unreadable: certificates\/broken\/fullchain\.pem does not match certificate\.json/,
  );
  expect(byName.failing?.reason).toMatch(/backing off after 2 failed attempts/);
  expect(byName.new?.expiresAt).toBeUndefined();
  expect(Date.parse(byName.fresh?.dueAt ?? '')).toBeGreaterThan(Date.now() + 40 * DAY);
}

const dueNames = Object.entries(CERTS)
  .filter(([, v]) => !v.startsWith('skip'))
  .map(([k]) => k);

describe('certflow plan (CLI)', () => {
  it('prints the table and exits 0 even when certificates are due', async () => {
    const r = await run(
      [TSX, join(ROOT, 'src', 'cli.ts'), 'plan', '--force', 'fresh2', '--schedule-interval', '48'],
      repo,
      baseEnv({}),
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Certificate\s+State\s+Expires\s+Due\s+Reason$/);
    expect(lines.find((l) => l.startsWith('due '))).toMatch(
      /^due\s+renew\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 2\d days\)/,
    );
    expect(lines.find((l) => l.startsWith('new '))).toMatch(/^new\s+issue\s+.*not issued yet$/);
    expect(r.stdout).toContain(`${dueNames.length} of ${Object.keys(CERTS).length} certificates due.`);
    // A 6-day certificate renewed at 33% has ~2 days left: runs 48 h apart cannot catch it twice.
    expect(r.stdout).toMatch(
      /warning: short: its renewal window .* scheduled runs are 2 days apart \(flag --schedule-interval\)/,
    );
    expect(r.stdout).toContain('warning: certificates/orphan is stored but not under certificates:');
    // The plan needs no secret: the unset account key is neither a failure nor a warning.
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('ACME_ACCOUNT_KEY');
  });

  it('--json prints the machine form', async () => {
    const r = await run(
      [TSX, join(ROOT, 'src', 'cli.ts'), 'plan', '--json', '--force', 'fresh2'],
      repo,
      baseEnv({ ACME_ACCOUNT_KEY: 'k' }),
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { plan: RenewalDecision[]; matrix: { certificate: string[] } };
    expectPlan(out.plan);
    expect(out.matrix).toEqual({ certificate: dueNames });
    expect(r.stderr).not.toMatch(/error/i);
  });

  it('a bad config exits 2 with file:line:col lines and no stack trace', async () => {
    const bad = join(repo, 'bad.yml');
    await writeFile(bad, 'version: 1\nacme:\n  emial: x\n');
    const r = await run([TSX, join(ROOT, 'src', 'cli.ts'), 'plan', '-c', 'bad.yml'], repo, baseEnv({}));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.yml:3:3: acme.emial: unknown key 'emial' (did you mean 'email'?)");
    expect(r.stderr).toContain('bad.yml:2:1: acme.account-key: required: expected a string');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('command: plan (bundled Action)', () => {
  async function runAction(inputs: Record<string, string>, extra: Record<string, string> = {}) {
    const outputFile = join(repo, `output-${Math.random().toString(36).slice(2)}`);
    const summaryFile = join(repo, `summary-${Math.random().toString(36).slice(2)}`);
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const env = baseEnv({
      GITHUB_WORKSPACE: repo,
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_WORKFLOW_REF: 'acme/infra/.github/workflows/renew.yml@refs/heads/main',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...extra,
    });
    const r = await run([join(bundleDir, 'index.cjs')], repo, env);
    return {
      ...r,
      outputs: parseGithubOutput(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
    };
  }

  it('sets plan and matrix outputs and writes the table to the job summary', async () => {
    // With a token, plan reads the open renewal pull request (none here) on the local GitHub server.
    const gh = await GitHubServer.start({ owner: 'acme', repo: 'infra' });
    gh.addToken({ contents: 'read', pull_requests: 'read' }, 'ghs_secret_token_value');
    const r = await runAction(
      {
        command: 'plan',
        config: '.github/certflow.yml',
        force: 'fresh2',
        'github-token': 'ghs_secret_token_value',
      },
      { ACME_ACCOUNT_KEY: 'k', GITHUB_API_URL: gh.url },
    ).finally(async () => {
      gh.assertNoViolations();
      await gh.close();
    });
    expect(gh.requests.map((q) => q.operationId)).toContain('pulls/list');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('::error');
    expect(r.stdout).toContain('::add-mask::ghs_secret_token_value');
    expectPlan(JSON.parse(r.outputs.plan ?? '[]') as RenewalDecision[]);
    expect(JSON.parse(r.outputs.matrix ?? '')).toEqual({ certificate: dueNames });
    expect(r.summary).toContain('## certflow plan');
    expect(r.summary).toContain('| Certificate | State | Expires | Due | Reason |');
    expect(r.summary).toMatch(/\| due \| renew \| .* UTC \(in 2\d days\) \|/);
    expect(r.summary).toContain(`| changed | renew |`);
    // The schedule comes from the workflow's cron (daily): the 6-day certificate's window is too short.
    expect(r.summary).toMatch(
      /short: its renewal window .* scheduled runs are 24 h apart \(the cron of \.github\/workflows\/renew\.yml\)/,
    );
    expect(r.stdout).toMatch(/::warning::short: its renewal window/);
  });

  it('with nothing due, the matrix is an empty list', async () => {
    const r = await runAction({ command: 'plan', certificates: 'fresh' }, { ACME_ACCOUNT_KEY: 'k' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.matrix ?? '')).toEqual({ certificate: [] });
    expect(JSON.parse(r.outputs.plan ?? '')).toHaveLength(1);
  });

  it('config problems become annotations on the file, and the step fails with a short headline', async () => {
    await writeFile(join(repo, 'bad-action.yml'), 'version: 1\nacme:\n  account-key: literal\n');
    const r = await runAction({ command: 'plan', config: 'bad-action.yml', 'dry-run': 'maybe' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error::dry-run: expected true or false, got 'maybe'");
    const again = await runAction({ command: 'plan', config: 'bad-action.yml' });
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(
      /::error title=certflow config%3A acme\.account-key,file=bad-action\.yml,line=3,col=16::acme\.account-key: this field is secret/,
    );
    expect(again.stdout).toContain(
      'file=bad-action.yml,line=1,col=1::store: required: expected a mapping (key: value)',
    );
    expect(again.stdout).toContain('::error::bad-action.yml: 3 problems in the configuration');
    expect(again.stdout).not.toMatch(/\n\s+at /);
  });

  it('without inputs it fails naming the missing input command', async () => {
    const r = await runAction({});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::Input required and not supplied: command.');
  });
});
