/**
 * Publishing: puts sealed bundles where reviewers and the deploy job find them. The mode comes
 * from Settings.publish:
 * - `pull-request` (default): a commit on certflow's branch and one open pull request (GitHub API)
 * - `commit`: one commit on the base branch (GitHub API), rebuilt on top if the branch moves
 * - `git`: a commit in the local checkout with plain git, pushed when `push` is set (CLI)
 * - `none`: the files in the working tree only
 * In every mode but dry run the bundles are (re)written to the working tree first, so a deploy in
 * the same job reads what was published; rewriting an unchanged bundle is a no-op.
 *
 * Extra store files (a failed certificate's guard state: history and back-off) go into the same
 * commit, or into a commit of their own when nothing was renewed: a CI job starts from a fresh
 * checkout, so state that only lives in the working tree is lost and a broken setup is retried
 * at every run. The pull-request mode leaves them to the caller (see docs/hooks-and-limits.md).
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { PublishResult, RenewalDecision } from '../model.js';
import { storeDir } from '../store/read.js';
import type { SealedBundle } from '../store/seal.js';
import { writeBundle, writeFileAtomic } from '../store/write.js';
import { errorMessage, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { GitData } from './commit.js';
import {
  type BundleFile,
  bundleFiles,
  type ExtraFile,
  extraChanges,
  type StoreChange,
  storePathInRepo,
} from './files.js';
import { publishWithGit } from './git.js';
import { type ClientOptions, createGitHubClient } from './github-client.js';
import { commitMessage } from './message.js';
import { publishPullRequest } from './pull-request.js';
import { reportVerifyStatus } from './verify-status.js';

export interface PublishOptions {
  /** Options for the GitHub client (tests against the local server turn throttling off). */
  client?: ClientOptions;
  /**
   * Store files to publish with the bundles (paths relative to the store, `content: null` deletes).
   * Not for `pull-request`: they would reach the base branch only through review.
   */
  extraFiles?: ExtraFile[];
  /** First line of the commit when only extra files change, e.g. "Record failed renewal: www". */
  extraMessage?: string;
  /**
   * pull-request: verify the bundles on the PR branch as GitHub holds it and set the commit status
   * certflow/verify on its head (publish/verify-status.ts). renew turns it on.
   */
  verifyStatus?: boolean;
}

export async function publishBundles(
  settings: Settings,
  bundles: SealedBundle[],
  decisions: RenewalDecision[],
  log: Logger,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const bundlePaths = new Set(bundleFiles(settings, bundles).map((f) => f.path));
  // A bundle's own file wins over an extra of the same path: the sealed content is the truth.
  const extras = extraChanges(settings, options.extraFiles ?? []).filter((f) => !bundlePaths.has(f.path));
  if (settings.publish === 'pull-request' && extras.length > 0) {
    throw new Error(
      'publish: extra files cannot go through a pull request (they would reach the base branch only through review); keep them in the working tree. This is a bug in the caller',
    );
  }
  if (bundles.length === 0 && extras.length === 0) {
    return { action: 'none', files: [], message: 'nothing was renewed' };
  }
  const files = bundleFiles(settings, bundles);
  if (settings.dryRun) return dryRun(settings, files);

  const written: string[] = [];
  for (const bundle of bundles) {
    const result = await writeBundle(storeDir(settings), bundle);
    written.push(...result.changed);
  }
  written.push(...(await writeExtras(settings, extras)));
  const changes: StoreChange[] = [...files, ...extras];
  const storePath = storePathInRepo(settings);
  const message = messageFor(bundles, decisions, extras, options.extraMessage);

  switch (settings.publish) {
    case 'none':
      return written.length > 0
        ? {
            action: 'written',
            files: changedPaths(changes, written, settings),
            message: `wrote ${written.length} file(s)`,
          }
        : { action: 'none', files: [], message: 'the working tree already holds these files' };
    case 'git':
      return publishWithGit(settings, changes, message, log);
    case 'commit':
    case 'pull-request': {
      const gh = settings.github;
      if (!gh) {
        throw new UsageError(
          `publish: ${settings.publish} needs GitHub (a token and the repository); outside GitHub Actions use publish: git`,
          [{ path: 'publish', message: 'needs github-token and GITHUB_REPOSITORY' }],
        );
      }
      const git = new GitData(await createGitHubClient(gh, log, options.client), gh, log);
      if (settings.publish === 'pull-request') {
        const result = await publishPullRequest(settings, git, files, bundles, decisions, storePath, log);
        if (options.verifyStatus && result.branch && result.pullRequest) {
          // The pull request is published either way: a failed status is a warning, not a lost PR.
          await reportVerifyStatus(git, settings, result.branch, log).catch((error: unknown) =>
            log.warn(`cannot set the commit status certflow/verify: ${errorMessage(error)}`),
          );
        }
        return result;
      }
      const commit = await git.commitOnBranch(gh.baseBranch, changes, message, storePath);
      if (!commit.sha) {
        log.info(`${gh.baseBranch} already holds these files; no commit`);
        return { action: 'none', files: [], branch: gh.baseBranch };
      }
      log.info(`committed ${commit.changed.length} file(s) on ${gh.baseBranch} as ${commit.sha}`);
      return {
        action: 'committed',
        files: commit.changed,
        commitSha: commit.sha,
        branch: gh.baseBranch,
        message: `${message.split('\n')[0]}: committed on ${gh.baseBranch}${commit.attempts > 1 ? ` (rebuilt ${commit.attempts - 1} time(s) on a moved branch)` : ''}`,
      };
    }
  }
}

/**
 * The bundles' message, or the extras' own when nothing was renewed. With both, the extras are
 * named in the body so a reader of the history sees why a state file moved.
 */
function messageFor(
  bundles: SealedBundle[],
  decisions: RenewalDecision[],
  extras: StoreChange[],
  extraMessage: string | undefined,
): string {
  const extraLine =
    extraMessage ?? `Record certificate state: ${[...new Set(extras.map((e) => e.bundle))].join(', ')}`;
  if (bundles.length === 0) return `${extraLine}\n`;
  const base = commitMessage(bundles, decisions);
  return extras.length > 0 ? `${base}\n${extraLine}\n` : base;
}

/** Puts the extras in the working tree (usually already there); absolute paths of those that changed. */
async function writeExtras(settings: Settings, extras: StoreChange[]): Promise<string[]> {
  const changed: string[] = [];
  for (const extra of extras) {
    const path = join(settings.workspace, extra.path);
    if (extra.content === null) {
      const existed = await readFile(path).then(
        () => true,
        () => false,
      );
      await rm(path, { force: true });
      if (existed) changed.push(path);
    } else {
      await mkdir(dirname(path), { recursive: true, mode: 0o755 });
      if (await writeFileAtomic(path, extra.content)) changed.push(path);
    }
  }
  return changed;
}

function changedPaths(files: StoreChange[], absolute: string[], settings: Settings): string[] {
  const set = new Set(absolute);
  return files.filter((f) => set.has(join(settings.workspace, f.path))).map((f) => f.path);
}

/** What a real run would write, from a comparison with the working tree; nothing is touched. */
async function dryRun(settings: Settings, files: BundleFile[]): Promise<PublishResult> {
  const added: string[] = [];
  const changed: string[] = [];
  for (const file of files) {
    const current = await readFile(join(settings.workspace, file.path), 'utf8').catch(() => undefined);
    if (current === undefined) added.push(file.path);
    else if (current !== file.content) changed.push(file.path);
  }
  const names = [...new Set(files.map((f) => f.bundle))];
  return {
    action: 'dry-run',
    files: [...added, ...changed],
    message: `dry run: would write ${added.length} new and ${changed.length} changed file(s) for ${names.join(', ')} and publish with ${settings.publish}`,
  };
}
