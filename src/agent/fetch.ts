/**
 * Fetching the store, read-only: a shallow fetch of one branch into the agent's own repository
 * under work-dir, then a forced checkout of exactly that commit. The agent never pushes and never
 * runs anything from the repository (hooks off, no global or system git config). Credentials never
 * reach the command line: a deploy key through GIT_SSH_COMMAND with the git server's host key
 * pinned, or an HTTPS token as an extra header through GIT_CONFIG_* variables.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { shellQuote } from '../deploy/transport.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { AgentConfig } from './config.js';

export interface FetchedStore {
  /** The checked-out repository. */
  dir: string;
  commit: string;
}

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'git',
      ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', ...args],
      { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
      },
    );
  });
}

/** The environment git runs in: nothing of ours but PATH, plus the credentials asked for. */
export async function gitEnvironment(
  config: AgentConfig,
  log: Logger,
  parent: NodeJS.ProcessEnv = process.env,
): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    PATH: parent.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: config['work-dir'],
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  const { 'ssh-key': key, 'known-hosts': known, 'token-file': tokenFile } = config.git;
  if (key && known) {
    env.GIT_SSH_COMMAND = [
      'ssh -F /dev/null',
      `-i ${shellQuote(key)}`,
      '-o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes',
      `-o UserKnownHostsFile=${shellQuote(known)} -o GlobalKnownHostsFile=/dev/null`,
    ].join(' ');
  }
  if (tokenFile) {
    let token: string;
    try {
      token = (await readFile(tokenFile, 'utf8')).trim();
    } catch (error) {
      throw new Error(`git.token-file: cannot read ${tokenFile}: ${errorMessage(error)}`);
    }
    log.secret(token);
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    log.secret(basic);
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  }
  return env;
}

export async function fetchStore(config: AgentConfig, log: Logger): Promise<FetchedStore> {
  const work = config['work-dir'];
  const dir = join(work, 'repo');
  // 0700: the checkout holds only encrypted keys, but nobody else needs to read or plant anything.
  await mkdir(work, { recursive: true, mode: 0o700 });
  const env = await gitEnvironment(config, log);
  const fail = (what: string, r: { code: number; stderr: string }) =>
    new Error(
      `git ${what} failed (exit ${r.code}): ${
        log.redact(
          r.stderr
            .trim()
            .split('\n')
            .filter((l) => l.trim() !== '')
            .slice(-5)
            .join(' '),
        ) || 'no message'
      }; check repository, branch and git credentials in the agent config`,
    );
  if (!(await stat(join(dir, '.git')).catch(() => undefined))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const init = await git(dir, ['init', '-q'], env);
    if (init.code !== 0) throw fail('init', init);
  }
  const ref = `refs/remotes/certflow/${config.branch}`;
  const fetched = await git(
    dir,
    [
      'fetch',
      '--quiet',
      '--depth',
      '1',
      '--no-tags',
      config.repository,
      `+refs/heads/${config.branch}:${ref}`,
    ],
    env,
  );
  if (fetched.code !== 0) throw fail(`fetch of ${config.branch}`, fetched);
  const checkout = await git(dir, ['checkout', '--quiet', '--force', '--detach', ref], env);
  if (checkout.code !== 0) throw fail('checkout', checkout);
  const clean = await git(dir, ['clean', '-q', '-ffdx'], env);
  if (clean.code !== 0) throw fail('clean', clean);
  const head = await git(dir, ['rev-parse', 'HEAD'], env);
  if (head.code !== 0) throw fail('rev-parse', head);
  const commit = head.stdout.trim();
  log.info(`fetched ${config.branch} at ${commit.slice(0, 12)}`);
  return { dir, commit };
}
