/**
 * `publish: pull-request`: the renewal commit on certflow's own branch, and one open pull request
 * for that branch, created or updated, never duplicated.
 *
 * While a pull request is open, each run adds a commit on top of its branch (fast forward), so
 * renewals not merged yet are kept. When there is no open pull request (merged, closed, never
 * opened), the branch is reset to the base branch plus this run's commit; that is a forced update,
 * which is fine because certflow owns the branch and nothing on it is waiting for review.
 */
import type { GitHubSettings, Settings } from '../config/settings.js';
import type { PublishResult, RenewalDecision } from '../model.js';
import type { SealedBundle } from '../store/seal.js';
import type { Logger } from '../util/log.js';
import { type BranchCommit, type GitData, MAX_ATTEMPTS } from './commit.js';
import type { BundleFile } from './files.js';
import {
  type BranchReview,
  foreignCommitError,
  outsideStoreSection,
  reviewRenewalBranch,
  withRunTrailer,
} from './foreign.js';
import { explainGitHubError, httpStatus } from './github-client.js';
import { commitMessage, pullRequestBody } from './message.js';

interface OpenPull {
  number: number;
  html_url: string;
  body?: string | null;
  title: string;
}

export async function publishPullRequest(
  settings: Settings,
  git: GitData,
  files: BundleFile[],
  bundles: SealedBundle[],
  decisions: RenewalDecision[],
  storePath: string,
  log: Logger,
): Promise<PublishResult> {
  const gh = git.gh;
  const branch = settings.prBranch;
  const base = gh.baseBranch;
  // issue 14: the trailer marks certflow's commits on the branch (see foreign.ts).
  const message = withRunTrailer(commitMessage(bundles, decisions), settings);
  const open = await findOpenPull(git, branch);
  const branchHead = await git.branchHead(branch);

  if (open && branchHead) {
    const { commit, review } = await commitOnReviewedBranch(git, branch, files, message, storePath, open);
    if (!commit.sha) {
      log.info(`pull request #${open.number} already holds these bundles; left untouched`);
      return { action: 'none', files: [], branch, pullRequest: { number: open.number, url: open.html_url } };
    }
    const words = pullRequestBody(bundles, decisions, storePath, open.body);
    const title = words.title;
    const body = `${words.body}
${outsideStoreSection(review.outsideStore, storePath)}`;
    await git.client.rest.pulls
      .update({ owner: gh.owner, repo: gh.repo, pull_number: open.number, title, body })
      .catch((error: unknown) => {
        throw explainGitHubError(error, `update pull request #${open.number}`, gh, 'pull-requests: write');
      });
    const warnings = await addLabels(git, open.number, settings.prLabels, log);
    log.info(`updated pull request #${open.number} (${open.html_url}) with commit ${commit.sha}`);
    return {
      ...(warnings.length > 0 ? { warnings } : {}),
      action: 'pr-updated',
      files: commit.changed,
      commitSha: commit.sha,
      branch,
      pullRequest: { number: open.number, url: open.html_url },
      message: `${title}: pull request #${open.number} updated`,
    };
  }

  const baseHead = await git.branchHead(base);
  if (!baseHead) throw new Error(`GitHub: the base branch ${base} does not exist in ${gh.owner}/${gh.repo}`);
  const built = await git.build(baseHead, files, message, storePath);
  if (!built.sha) {
    log.info(`${base} already holds these bundles; no pull request needed`);
    return { action: 'none', files: [], branch };
  }
  if (branchHead) {
    log.info(`resetting ${branch} (no open pull request) to ${base} plus the renewal`);
    await git.moveBranch(branch, built.sha, true);
  } else if ((await git.createBranch(branch, built.sha)) === 'exists') {
    // Created by a concurrent run between our read and now: take it over, there is no open PR on it.
    await git.moveBranch(branch, built.sha, true);
  }

  const words = pullRequestBody(bundles, decisions, storePath);
  const title = words.title;
  // A fresh branch is the base plus this run's store commit: nothing outside the store.
  const body = `${words.body}\n${outsideStoreSection([], storePath)}`;
  const pull = await createPull(git, { title, body, head: branch, base });
  // The pull request exists from here on: nothing below may fail the publish, or the run would
  // report no pull request (and set no outputs) for one that reviewers already see.
  const warnings = await addLabels(git, pull.number, settings.prLabels, log);
  log.info(`opened pull request #${pull.number}: ${pull.html_url}`);
  return {
    ...(warnings.length > 0 ? { warnings } : {}),
    action: 'pr-created',
    files: built.changed,
    commitSha: built.sha,
    branch,
    pullRequest: { number: pull.number, url: pull.html_url },
    message: `${title}: pull request #${pull.number} opened`,
  };
}

/**
 * Commits on the open pull request's branch, but only on a head whose every commit since the base
 * is certflow's (foreign.ts); the branch is moved without force, so a push between the review and
 * the move makes GitHub refuse it, and the new head is reviewed again. Nothing is written when the
 * review fails: the branch stays exactly as it was.
 */
async function commitOnReviewedBranch(
  git: GitData,
  branch: string,
  files: BundleFile[],
  message: string,
  storePath: string,
  open: OpenPull,
): Promise<{ commit: BranchCommit; review: BranchReview }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const head = await git.branchHead(branch);
    if (!head) throw new Error(`GitHub: branch ${branch} was deleted while publishing; rerun`);
    const review = await reviewRenewalBranch(git, git.gh.baseBranch, head, storePath);
    if (review.foreign.length > 0) {
      throw foreignCommitError(review, branch, { number: open.number, url: open.html_url });
    }
    const built = await git.build(head, files, message, storePath);
    if (!built.sha || (await git.moveBranch(branch, built.sha, false, head)) === 'moved') {
      return { commit: { ...built, attempts: attempt }, review };
    }
    git.log.info(`branch ${branch} moved while committing (attempt ${attempt}); reviewing the new head`);
  }
  throw new Error(
    `GitHub: branch ${branch} kept moving; gave up after ${MAX_ATTEMPTS} attempts without overwriting anything. Rerun when pushes settle`,
  );
}

async function findOpenPull(git: GitData, branch: string): Promise<OpenPull | undefined> {
  const gh = git.gh;
  try {
    const { data } = await git.client.rest.pulls.list({
      owner: gh.owner,
      repo: gh.repo,
      state: 'open',
      head: `${gh.owner}:${branch}`,
      per_page: 10,
    });
    // Oldest first: if duplicates exist (made by hand), keep updating the first one.
    return data.sort((a, b) => a.number - b.number)[0];
  } catch (error) {
    throw explainGitHubError(error, `list pull requests for ${branch}`, gh, 'pull-requests: write');
  }
}

async function createPull(
  git: GitData,
  pull: { title: string; body: string; head: string; base: string },
): Promise<OpenPull> {
  const gh = git.gh;
  try {
    const { data } = await git.client.rest.pulls.create({ owner: gh.owner, repo: gh.repo, ...pull });
    return data;
  } catch (error) {
    // Another run opened it between our list and our create: update that one instead of failing.
    if (httpStatus(error) === 422) {
      const existing = await findOpenPull(git, pull.head);
      if (existing) {
        await git.client.rest.pulls.update({
          owner: gh.owner,
          repo: gh.repo,
          pull_number: existing.number,
          title: pull.title,
          body: pull.body,
        });
        return existing;
      }
    }
    throw explainGitHubError(
      error,
      `open a pull request from ${pull.head} into ${pull.base}`,
      gh,
      'pull-requests: write',
    );
  }
}

/**
 * Makes sure each label exists (GitHub would create it grey otherwise) and puts them on the PR.
 * Creating a label needs `issues: write`, which a token with only `pull-requests: write` lacks;
 * the pull request is already open then, so a refusal is a warning (returned and logged), never a
 * failure of the publish.
 */
async function addLabels(git: GitData, number: number, labels: string[], log: Logger): Promise<string[]> {
  if (labels.length === 0) return [];
  const gh: GitHubSettings = git.gh;
  const repo = { owner: gh.owner, repo: gh.repo };
  const warnings: string[] = [];
  const warn = (error: unknown, doing: string) => {
    const message = `pull request #${number} is open, but labels were not applied: ${explainGitHubError(error, doing, gh, 'issues: write').message}`;
    warnings.push(message);
    log.warn(message);
  };
  const present: string[] = [];
  for (const name of labels) {
    try {
      await git.client.rest.issues.getLabel({ ...repo, name });
      present.push(name);
      continue;
    } catch (error) {
      if (httpStatus(error) !== 404) {
        warn(error, `read label ${name}`);
        continue;
      }
    }
    try {
      await git.client.rest.issues.createLabel({
        ...repo,
        name,
        color: '0e8a16',
        description: 'Certificate renewals by certflow',
      });
      present.push(name);
    } catch (error) {
      // 422: someone created it meanwhile, which is what we wanted.
      if (httpStatus(error) === 422) present.push(name);
      else warn(error, `create label ${name}`);
    }
  }
  if (present.length === 0) return warnings;
  try {
    await git.client.rest.issues.addLabels({ ...repo, issue_number: number, labels: present });
  } catch (error) {
    warn(error, `label pull request #${number}`);
  }
  return warnings;
}
