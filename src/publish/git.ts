/**
 * `publish: git` (CLI): a commit in the local repository with plain git, holding only the bundle
 * files and guard state (whatever else is staged stays staged and out of the commit), then a push
 * when asked. The files are already in the working tree (written or deleted by the caller).
 * Works the same on a laptop, in GitLab CI or from cron.
 */
import type { Settings } from '../config/settings.js';
import type { PublishResult } from '../model.js';
import { runGit } from '../util/git.js';
import type { Logger } from '../util/log.js';
import type { StoreChange } from './files.js';

async function gitOk(cwd: string, args: string[], doing: string): Promise<string> {
  const result = await runGit(cwd, args);
  if (result.code !== 0) {
    throw new Error(
      `git: could not ${doing} in ${cwd}: ${result.stderr.trim() || `git ${args[0]} exited ${result.code}`}`,
    );
  }
  return result.stdout.trim();
}

/** Those of `paths` git tracks (index or HEAD). */
async function knownPaths(cwd: string, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const index = await runGit(cwd, ['ls-files', '--cached', '-z', '--', ...paths]);
  const head = await runGit(cwd, ['ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', ...paths]);
  const known = new Set([...index.stdout.split('\0'), ...(head.code === 0 ? head.stdout.split('\0') : [])]);
  return paths.filter((p) => known.has(p));
}

export async function publishWithGit(
  settings: Settings,
  files: StoreChange[],
  message: string,
  log: Logger,
): Promise<PublishResult> {
  const cwd = settings.workspace;
  await gitOk(
    cwd,
    ['rev-parse', '--show-toplevel'],
    'find the repository (publish: git needs a git checkout)',
  );
  const written = files.filter((f) => f.content !== null).map((f) => f.path);
  // A deletion is only a change where git knows the path; naming an unknown path to add/commit fails.
  const deleted = await knownPaths(
    cwd,
    files.filter((f) => f.content === null).map((f) => f.path),
  );
  const paths = [...new Set([...written, ...deleted])];
  if (paths.length === 0) {
    log.info('nothing to publish');
    return { action: 'none', files: [] };
  }
  // -A stages removals too (a guard state.json cleared after a success).
  await gitOk(cwd, ['add', '-A', '--', ...paths], 'stage the bundle files');
  const diff = await runGit(cwd, ['diff', '--cached', '--name-only', '--', ...paths]);
  const changed = diff.stdout.split('\n').filter(Boolean);
  if (changed.length === 0) {
    log.info('the bundles are already committed; nothing to publish');
    return { action: 'none', files: [] };
  }

  // A fresh CI machine often has no identity; commit as certflow rather than fail.
  const identity =
    (await runGit(cwd, ['config', 'user.email'])).code === 0
      ? []
      : ['-c', 'user.name=certflow', '-c', 'user.email=certflow@localhost'];
  // `commit --only -- paths` records just these paths, leaving anything else staged alone.
  const commit = await runGit(
    cwd,
    [...identity, 'commit', '--quiet', '--only', '-F', '-', '--', ...paths],
    message,
  );
  if (commit.code !== 0)
    throw new Error(`git: could not commit the bundles in ${cwd}: ${commit.stderr.trim()}`);
  const sha = await gitOk(cwd, ['rev-parse', 'HEAD'], 'read the new commit');
  const branch =
    (await runGit(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim() || undefined;
  log.info(`committed ${changed.length} file(s) as ${sha.slice(0, 12)}${branch ? ` on ${branch}` : ''}`);

  if (settings.push) {
    if (!branch) throw new Error(`git: cannot push from ${cwd}: HEAD is detached; check out a branch first`);
    const remote = (await runGit(cwd, ['config', `branch.${branch}.remote`])).stdout.trim() || 'origin';
    const target =
      (await runGit(cwd, ['config', `branch.${branch}.merge`])).stdout.trim() || `refs/heads/${branch}`;
    const push = await runGit(cwd, ['push', '--porcelain', remote, `HEAD:${target}`]);
    if (push.code !== 0) {
      const rejected = /rejected|non-fast-forward|fetch first/i.test(push.stdout + push.stderr);
      throw new Error(
        rejected
          ? `git: ${remote} refused the push to ${target} because it has commits this checkout lacks; the renewal is committed locally (${sha.slice(0, 12)}): run \`git pull --rebase && git push\``
          : `git: could not push ${branch} to ${remote}: ${push.stderr.trim()}`,
      );
    }
    log.info(`pushed ${branch} to ${remote}`);
  }
  return {
    action: 'committed',
    files: changed,
    commitSha: sha,
    ...(branch ? { branch } : {}),
    message: `${message.split('\n')[0]}: committed${settings.push ? ' and pushed' : ''}`,
  };
}
