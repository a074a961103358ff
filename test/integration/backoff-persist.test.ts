/**
 * Failure back-off that survives a fresh checkout (issue 9): a renew whose order fails publishes
 * the certificate's guard state with `publish: git` (pushed to origin) and `publish: commit`
 * (local GitHub server), so the next run, from a clone, holds back; a later success removes it.
 * Real Pebble and bind on the bed; the failing name is in a zone bind does not serve.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RenewalDecision } from '../../src/model.js';
import { renewCommand } from '../../src/pipeline/renew.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, label } from '../support/acme.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { loadTestbed } from '../support/testbed.js';
import { createWorkspace, gitLog } from '../support/workspace.js';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const bed = loadTestbed();
const temps: string[] = [];

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [TSX, join(ROOT, 'src', 'cli.ts'), ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
        timeout: 180_000,
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** The workspace config with only one certificate, `name`, for `domain` (through bind). */
function onlyCertificate(configPath: string, name: string, domain: string): void {
  const text = readFileSync(configPath, 'utf8');
  const next = text
    .replace(/\n *propagation-timeout: [^\n]*/, '')
    .replace(/(\n {4}zones: \[[^\]]*\]\n)/, '$1    propagation-timeout: 3s\n')
    .replace(
      /\ncertificates:\n[\s\S]*?\ntargets:\n/,
      `\ncertificates:\n  ${name}:\n    domains: [${domain}]\n    dns: bind\ntargets:\n`,
    );
  expect(next).toContain(`  ${name}:\n    domains: [${domain}]`);
  writeFileSync(configPath, next);
}

function clone(origin: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'certflow-clone-'));
  temps.push(dir);
  git(tmpdir(), 'clone', '-q', origin, dir);
  git(dir, 'config', 'user.email', 'ci@certflow.test');
  git(dir, 'config', 'user.name', 'certflow ci');
  return dir;
}

describe('publish: git carries the back-off to the next checkout', () => {
  it('pushes state.json after a failure; a fresh clone holds back; a forced success deletes it', async () => {
    const ws = await createWorkspace();
    temps.push(ws.dir, ws.origin);
    const name = label('bo');
    onlyCertificate(ws.configPath, name, `x.${name}.unserved.test`);
    git(ws.dir, 'commit', '-q', '-am', 'a certificate in a zone nobody serves');
    git(ws.dir, 'push', '-q');

    const failed = await cli(ws.dir, ws.env, 'renew', '--publish', 'git', '--push');
    expect(failed.code, failed.stderr).toBe(1);
    const state = JSON.parse(git(ws.origin, 'show', `main:certificates/${name}/state.json`)) as {
      name: string;
      history: Array<{ result: string }>;
      backoff?: { failures: number; nextAttemptAt: string };
    };
    expect(state.name).toBe(name);
    expect(state.history.map((r) => r.result)).toEqual(['failed']);
    expect(state.backoff?.failures).toBe(1);
    expect(Date.parse(state.backoff?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
    const subject = gitLog(ws.origin, 'main')[0];
    expect(subject).toBe(
      `Record failed renewal: ${name} (next attempt after ${state.backoff?.nextAttemptAt})`,
    );
    expect(git(ws.origin, 'show', '--name-only', '--format=', 'main')).toBe(
      `certificates/${name}/state.json`,
    );

    // The next scheduled run starts from a fresh checkout and holds back: no order, no commit.
    const fresh = clone(ws.origin);
    // The plan (and so a matrix job) shows the back-off too, not "not issued yet".
    const planned = await cli(fresh, ws.env, 'plan', '--json');
    expect(planned.code, planned.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(planned.stdout))).toContain('"code":"backoff"');
    const held = await cli(fresh, ws.env, 'renew', '--publish', 'git', '--push', '--json');
    expect(held.code, held.stderr).toBe(0);
    const report = JSON.parse(held.stdout) as { plan: RenewalDecision[]; issued: unknown[] };
    expect(report.plan).toEqual([expect.objectContaining({ name, action: 'skip', code: 'backoff' })]);
    expect(report.issued).toEqual([]);
    expect(git(ws.origin, 'rev-parse', 'main')).toBe(git(fresh, 'rev-parse', 'HEAD'));
    expect(git(fresh, 'status', '--porcelain')).toBe('');

    // The DNS is fixed (a served name) and the run forced past the back-off: the bundle is
    // published and state.json is deleted in the same commit.
    onlyCertificate(join(fresh, '.github', 'certflow.yml'), name, `${name}.certflow.test`);
    git(fresh, 'commit', '-q', '-am', 'serve the name');
    const fixed = await cli(fresh, ws.env, 'renew', '--publish', 'git', '--push', '--force', name);
    expect(fixed.code, fixed.stderr).toBe(0);
    const files = git(ws.origin, 'ls-tree', '-r', '--name-only', 'main', `certificates/${name}`).split('\n');
    expect(files.sort()).toEqual(
      ['certificate.json', 'fullchain.pem', 'privkey.pem.age'].map((f) => `certificates/${name}/${f}`),
    );
    const manifest = JSON.parse(git(ws.origin, 'show', `main:certificates/${name}/certificate.json`)) as {
      history: Array<{ result: string }>;
      backoff?: unknown;
    };
    expect(manifest.history.map((r) => r.result)).toEqual(['failed', 'issued']);
    expect(manifest.backoff).toBeUndefined();
    expect(existsSync(join(fresh, 'certificates', name, 'state.json'))).toBe(false);
    expect(git(fresh, 'status', '--porcelain')).toBe('');
  }, 300_000);
});

describe('publish: commit carries the back-off to the base branch', () => {
  let gh: GitHubServer;
  let workspace: string;
  beforeEach(async () => {
    gh = await GitHubServer.start();
    workspace = mkdtempSync(join(tmpdir(), 'certflow-bo-gh-'));
  });
  afterEach(async () => {
    gh.assertNoViolations();
    await gh.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  function settingsFor(name: string, domain: string) {
    const settings = acmeSettings(bed, {
      dns: { bind: bindProvider(bed, { 'propagation-timeout': '3s' }) },
      certificates: { [name]: { domains: [domain], dns: 'bind' } },
    });
    return {
      ...settings,
      workspace,
      configPath: join(workspace, '.github', 'certflow.yml'),
      publish: 'commit' as const,
      github: {
        token: DEFAULT_TOKEN,
        owner: gh.owner,
        repo: gh.repo,
        apiUrl: gh.url,
        baseBranch: gh.defaultBranch,
      },
    };
  }

  it('a failure-only run makes one commit of state.json; a later success deletes it on the branch', async () => {
    const name = label('bogh');
    const before = await gh.branchSha('main');
    const failed = await renewCommand(settingsFor(name, `x.${name}.unserved.test`), new MemoryLogger());
    expect(failed.ok).toBe(false);
    const head = await gh.branchSha('main');
    expect(head).not.toBe(before);
    const commit = await gh.git.readCommit(head ?? '');
    expect(commit.parents).toEqual([before]);
    expect(commit.message).toMatch(new RegExp(`^Record failed renewal: ${name} \\(next attempt after `));
    const state = JSON.parse((await gh.readFile('main', `certificates/${name}/state.json`)) ?? '{}') as {
      backoff?: { failures: number };
    };
    expect(state.backoff?.failures).toBe(1);
    const writes = gh.requests.filter((r) => r.method !== 'GET').map((r) => r.operationId);
    expect(writes).toEqual(['git/create-tree', 'git/create-commit', 'git/update-ref']);

    // Success (a served name, forced past the back-off): bundle in, state.json out, one commit.
    const ok = await renewCommand(
      { ...settingsFor(name, `${name}.certflow.test`), force: [name] },
      new MemoryLogger(),
    );
    expect(ok.ok, JSON.stringify(ok.report?.errors)).toBe(true);
    const after = await gh.branchSha('main');
    expect((await gh.git.readCommit(after ?? '')).parents).toEqual([head]);
    expect(await gh.readFile('main', `certificates/${name}/state.json`)).toBeUndefined();
    const manifest = JSON.parse(
      (await gh.readFile('main', `certificates/${name}/certificate.json`)) ?? '{}',
    ) as {
      history: Array<{ result: string }>;
    };
    expect(manifest.history.map((r) => r.result)).toEqual(['failed', 'issued']);
    expect(existsSync(join(workspace, 'certificates', name, 'state.json'))).toBe(false);
  }, 300_000);

  it('pull-request mode keeps the back-off on the state branch: a fresh checkout backs off, the base is untouched', async () => {
    const name = label('bopr');
    const before = await gh.branchSha('main');
    const settings = { ...settingsFor(name, `x.${name}.unserved.test`), publish: 'pull-request' as const };
    const failed = await renewCommand(settings, new MemoryLogger());
    expect(failed.ok).toBe(false);
    expect(await gh.branchSha('main')).toBe(before);
    expect(gh.pulls()).toEqual([]);
    // One commit on certflow/state holding only the store's state file; unrelated to main.
    const stateHead = await gh.branchSha('certflow/state');
    const commit = await gh.git.readCommit(stateHead ?? '');
    expect(commit.parents).toEqual([]);
    const files = (await gh.git.lsTree(stateHead ?? '', true))
      .filter((e) => e.type === 'blob')
      .map((e) => e.path);
    expect(files).toEqual([`certificates/${name}/state.json`]);
    const state = JSON.parse(
      (await gh.readFile('certflow/state', `certificates/${name}/state.json`)) ?? '{}',
    ) as {
      backoff?: { failures: number; nextAttemptAt: string };
    };
    expect(state.backoff?.failures).toBe(1);

    // The next scheduled run starts from a fresh checkout (an empty store): it backs off, orders
    // nothing and writes nothing.
    const fresh = mkdtempSync(join(tmpdir(), 'certflow-bo-fresh-'));
    temps.push(fresh);
    const count = gh.requests.length;
    const held = await renewCommand({ ...settings, workspace: fresh }, new MemoryLogger());
    expect(held.ok, JSON.stringify(held.report?.errors)).toBe(true);
    expect(held.report?.plan).toEqual([expect.objectContaining({ name, action: 'skip', code: 'backoff' })]);
    expect(held.report?.issued).toEqual([]);
    expect(gh.requests.slice(count).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await gh.branchSha('certflow/state')).toBe(stateHead);
  }, 180_000);
});
