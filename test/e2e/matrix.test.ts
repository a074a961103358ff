/**
 * workflows-examples/matrix.yml end to end (issue 22), as the runner would run its three jobs:
 * the bundled Action with each certflow step's `with:` read from the workflow (its expressions
 * filled as Actions would), artifacts played by folders. 600 configured certificates, a few due;
 * Pebble and bind from the bed; the local GitHub server as github.com.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ShardEntry } from '../../src/plan/shards.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { type ActionRun, ROOT, runBundledAction } from '../support/action-runner.js';
import { asIssued, createTestCa } from '../support/certs.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { newAgeIdentity } from '../support/store-fixtures.js';
import { loadTestbed, loadTestbedEnv, pebbleRoot } from '../support/testbed.js';

const TOTAL = 600;
const SHARDS = 3;
const name = (i: number) => `c${String(i).padStart(3, '0')}`;
/** Never issued: due ("missing"). Spread so that every shard gets some. */
const DUE = [7, 150, 151, 299, 420, 598].map(name);

const bedEnv = loadTestbedEnv();
const temps: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
// biome-ignore lint/suspicious/noExplicitAny: workflow YAML is untyped data
const workflow: any = parse(readFileSync(join(ROOT, 'workflows-examples', 'matrix.yml'), 'utf8'));
const steps = (job: string) => workflow.jobs[job].steps as Step[];
const certflowStep = (job: string) =>
  steps(job).find((s) => s.uses?.startsWith('your-org/certflow@')) as Step;

/** `${{ x }}` filled from `values` as Actions would; an expression the test does not know fails it. */
function fill(text: unknown, values: Record<string, string>): string {
  return String(text).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, e: string) => {
    const v = values[e];
    if (v === undefined) throw new Error(`matrix.yml uses \${{ ${e} }}, which this test does not fill`);
    return v;
  });
}

function inputsOf(step: Step, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { 'github-token': DEFAULT_TOKEN };
  for (const [k, v] of Object.entries(step.with ?? {})) out[k] = fill(v, values);
  return out;
}

function config(recipient: string): string {
  const certs = Array.from(
    { length: TOTAL },
    (_, i) => `  ${name(i)}: { domains: [${name(i)}.certflow.test], dns: bind }\n`,
  );
  return `version: 1
acme:
  directory: ${bedEnv.PEBBLE_DIRECTORY}
  email: ops@certflow.test
  account-key: \${ACME_ACCOUNT_KEY}
  trust: [${bedEnv.PEBBLE_CA}]
renewal:
  renew-before: 33%
store:
  path: certificates
  recipients: [${recipient}]
  trust: [.github/pebble-root.pem, .github/store-root.pem]
dns:
  bind:
    type: rfc2136
    server: ${bedEnv.DNS_SERVER}
    tsig-name: ${bedEnv.TSIG_NAME}
    tsig-algorithm: ${bedEnv.TSIG_ALGORITHM}
    tsig-secret: \${DNS_TSIG_SECRET}
    resolvers: [${bedEnv.DNS_SERVER}]
    zones: [certflow.test]
certificates:
${certs.join('')}`;
}

let gh: GitHubServer;
let secrets: Record<string, string>;
let storedBefore: string;

/** A fresh checkout of main, as actions/checkout gives each job. */
function checkout(): string {
  const dir = temp('certflow-matrix-job-');
  git(dir, 'clone', '-q', '--branch', 'main', gh.git.dir, '.');
  return dir;
}

function runJob(workspace: string, step: Step, values: Record<string, string>): Promise<ActionRun> {
  const env: Record<string, string> = {
    GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
    GITHUB_API_URL: gh.url,
  };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = fill(v, values);
  return runBundledAction({ workspace, inputs: inputsOf(step, values), env, timeoutMs: 1_200_000 });
}

/** The plan job; its outputs as the workflow's job outputs. */
async function planJob(): Promise<{ run: ActionRun; matrix: { shard: ShardEntry[] }; dueCount: string }> {
  const run = await runJob(checkout(), certflowStep('plan'), { 'inputs.force': '' });
  expect(run.code, run.stdout).toBe(0);
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(workflow.jobs.plan.outputs as Record<string, string>)) {
    outputs[k] = fill(v, {
      'steps.plan.outputs.matrix': run.outputs.matrix ?? '',
      'steps.plan.outputs.due-count': run.outputs['due-count'] ?? '',
    });
  }
  return { run, matrix: JSON.parse(outputs.matrix ?? ''), dueCount: outputs['due-count'] ?? '' };
}

beforeAll(async () => {
  const bed = loadTestbed();
  const age = await newAgeIdentity();
  gh = await GitHubServer.start();
  // The repository: the config, Pebble's root, and 594 stored certificates that are not due.
  const seed = checkout();
  git(seed, 'config', 'user.email', 'ops@certflow.test');
  git(seed, 'config', 'user.name', 'ops');
  mkdirSync(join(seed, '.github'), { recursive: true });
  writeFileSync(join(seed, '.github', 'certflow.yml'), config(age.recipient));
  writeFileSync(join(seed, '.github', 'pebble-root.pem'), await pebbleRoot(bed.pebble.mgmt));
  const ca = await createTestCa('certflow matrix');
  // The stored certificates' CA, trusted like a real CA's root (the certflow/verify status).
  writeFileSync(join(seed, '.github', 'store-root.pem'), ca.rootPem);
  const now = Date.now();
  for (let i = 0; i < TOTAL; i++) {
    if (DUE.includes(name(i))) continue;
    const cert = await ca.issue(name(i), [`${name(i)}.certflow.test`], {
      validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 60 * 86_400_000) },
    });
    await writeBundle(join(seed, 'certificates'), await sealBundle(asIssued(cert), [age.recipient]));
  }
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'certflow store');
  git(seed, 'push', '-q', 'origin', 'main');
  storedBefore = (await gh.branchSha('main')) ?? '';
  secrets = {
    'secrets.ACME_ACCOUNT_KEY': generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    'secrets.DNS_TSIG_SECRET': bedEnv.TSIG_SECRET ?? '',
  };
  // The test asks for 3 shards (the example says 8).
  (certflowStep('plan').with as Record<string, unknown>).shards = SHARDS;
}, 300_000);

afterAll(async () => {
  gh?.assertNoViolations();
  await gh?.close();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('matrix.yml: plan, three shards, one publish', () => {
  it('opens one pull request with exactly the due certificates, then orders nothing while it is open', async () => {
    const plan = await planJob();
    expect(plan.dueCount).toBe(String(DUE.length));
    expect(plan.matrix.shard.map((s) => s.names.length)).toEqual([2, 2, 2]);
    expect(plan.matrix.shard.flatMap((s) => s.names)).toEqual(DUE);
    expect(workflow.jobs.renew.if).toBe("needs.plan.outputs.due-count != '0'");

    // The renew matrix: each job its own checkout; the upload step's path and name, as artifacts.
    const artifacts = temp('certflow-artifacts-');
    const upload = steps('renew').find((s) => s.uses?.startsWith('actions/upload-artifact@')) as Step;
    const runs = await Promise.all(
      plan.matrix.shard.map(async (entry) => {
        const ws = checkout();
        const values = { ...secrets, 'inputs.force': '', 'toJSON(matrix.shard)': JSON.stringify(entry) };
        const run = await runJob(ws, certflowStep('renew'), values);
        const uploadValues = {
          'matrix.shard.index': String(entry.index),
          'env.STORE_PATH': workflow.env.STORE_PATH,
        };
        cpSync(
          join(ws, fill(upload.with?.path, uploadValues)),
          join(artifacts, fill(upload.with?.name, uploadValues)),
          {
            recursive: true,
          },
        );
        return { entry, run };
      }),
    );
    for (const { entry, run } of runs) {
      expect(run.code, run.stdout).toBe(0);
      expect(JSON.parse(run.outputs.renewed ?? '[]')).toEqual(entry.names);
    }

    // The publish job: the artifacts downloaded, one folder each, into runner.temp/shards.
    const runnerTemp = temp('certflow-runner-temp-');
    const download = steps('publish').find((s) => s.uses?.startsWith('actions/download-artifact@')) as Step;
    expect(download.with?.['merge-multiple']).toBeUndefined();
    cpSync(artifacts, fill(download.with?.path, { 'runner.temp': runnerTemp }), { recursive: true });
    const publish = await runJob(checkout(), certflowStep('publish'), { 'runner.temp': runnerTemp });
    expect(publish.code, publish.stdout).toBe(0);
    expect(JSON.parse(publish.outputs.renewed ?? '[]')).toEqual([...DUE].sort());

    const pulls = gh.pulls();
    expect(pulls).toHaveLength(1);
    const pr = pulls[0];
    expect(publish.outputs['pull-request-number']).toBe(String(pr?.number));
    expect(pr?.title).toBe(`Renew certificates: ${[...DUE].sort().join(', ')}`);
    for (const n of DUE) expect(pr?.body).toContain(`<!-- certflow:begin ${n} -->`);
    const changed = git(gh.git.dir, 'diff', '--name-only', storedBefore, 'certflow/renewal').split('\n');
    expect(changed.sort()).toEqual(
      DUE.flatMap((n) =>
        ['certificate.json', 'fullchain.pem', 'privkey.pem.age'].map((f) => `certificates/${n}/${f}`),
      ).sort(),
    );
    expect(await gh.branchSha('main')).toBe(storedBefore);

    // The next scheduled run, the pull request still open: nothing is due, so no shard runs.
    const again = await planJob();
    expect(again.dueCount).toBe('0');
    expect(again.matrix).toEqual({ shard: [] });
    expect(again.run.summary).toContain('pending');
  }, 2_400_000); // seven runs of the bundled Action over 600 bundles on a shared machine
});
