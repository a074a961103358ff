/**
 * Renewals waiting for review (issue 14). In `publish: pull-request` mode a renewal reaches the
 * base branch only when someone merges certflow's pull request; until then the base still holds
 * the old, due bundle, and a plan that read only the base would order the certificate again at
 * every scheduled run. So when an open pull request comes from certflow's branch, the plan reads
 * that branch's store through the GitHub API too: a bundle there that is newer than the base's is
 * pending, and not ordered again.
 *
 * What the branch says only ever holds an order back; it is never deployed from here. A branch
 * bundle whose chain does not match its manifest, or that is not newer, is ignored (ordered as
 * usual), and one whose base certificate nears expiry makes the run fail loudly (see decide.ts),
 * so someone who can push to the branch can delay a renewal only until the emergency point.
 */
import type { GitHubSettings, Settings } from '../config/settings.js';
import type { Manifest, RenewalDecision, StageError } from '../model.js';
import { storePathInRepo } from '../publish/files.js';
import {
  type ClientOptions,
  createGitHubClient,
  explainGitHubError,
  type GitHubClient,
} from '../publish/github-client.js';
import { parseManifest } from '../store/manifest.js';
import { BUNDLE_FILES, type StoredState } from '../store/read.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';
import type { PendingInput } from './decide.js';

/** The open pull request from certflow's branch, as the plan needs it. */
export interface OpenRenewalPull {
  number: number;
  url: string;
  openedAt: string;
  /** The branch's head commit when the list was read. */
  headSha: string;
}

/**
 * The renewals waiting in the open pull request, by certificate name; empty in other modes, without
 * GitHub, or when no pull request is open. `base` is what the working tree (the base branch) holds.
 */
export async function readPendingRenewals(
  settings: Settings,
  base: Map<string, StoredState>,
  log: Logger,
  client?: ClientOptions,
): Promise<Map<string, PendingInput>> {
  const pending = new Map<string, PendingInput>();
  const gh = settings.github;
  if (settings.publish !== 'pull-request' || !gh) return pending;
  const api = await createGitHubClient(gh, log, client);
  const pull = await findRenewalPull(api, gh, settings.prBranch);
  if (!pull) return pending;
  const storePath = storePathInRepo(settings);
  const files = await readTreeFiles(api, gh, pull.headSha, storePath);
  for (const [name, stored] of base) {
    const manifestSha = files.get(`${storePath}/${name}/${BUNDLE_FILES.manifest}`);
    const chainSha = files.get(`${storePath}/${name}/${BUNDLE_FILES.fullchain}`);
    if (!manifestSha || !chainSha) continue;
    const where = `${storePath}/${name}/${BUNDLE_FILES.manifest} on ${settings.prBranch}`;
    try {
      const manifest = parseManifest(await readBlob(api, gh, manifestSha), where);
      const chain = leafFacts(await readBlob(api, gh, chainSha));
      if (manifest.name !== name || chain.sha256 !== manifest.certificateSha256) {
        throw new Error(`${where} does not describe the certificate in ${BUNDLE_FILES.fullchain} beside it`);
      }
      if (!newerThan(manifest, stored)) continue;
      pending.set(name, { pullRequest: pull.number, url: pull.url, openedAt: pull.openedAt, manifest });
    } catch (error) {
      log.warn(
        `${name}: the bundle in pull request #${pull.number} is ignored (the certificate is planned from ${gh.baseBranch} alone): ${errorMessage(error)}`,
      );
    }
  }
  return pending;
}

/** Newer than the base's bundle: the base has none (or an unreadable one), or it starts later. */
function newerThan(branch: Manifest, base: StoredState | undefined): boolean {
  if (base?.state !== 'present') return true;
  if (branch.certificateSha256 === base.manifest.certificateSha256) return false;
  return Date.parse(branch.notBefore) > Date.parse(base.manifest.notBefore);
}

/** The oldest open pull request from `branch` of this repository (forks never count). */
export async function findRenewalPull(
  api: GitHubClient,
  gh: GitHubSettings,
  branch: string,
): Promise<OpenRenewalPull | undefined> {
  try {
    const { data } = await api.rest.pulls.list({
      owner: gh.owner,
      repo: gh.repo,
      state: 'open',
      head: `${gh.owner}:${branch}`,
      base: gh.baseBranch,
      per_page: 10,
    });
    const pull = data
      .filter((p) => p.head.ref === branch && p.head.repo?.full_name === `${gh.owner}/${gh.repo}`)
      .sort((a, b) => a.number - b.number)[0];
    return pull
      ? { number: pull.number, url: pull.html_url, openedAt: pull.created_at, headSha: pull.head.sha }
      : undefined;
  } catch (error) {
    throw explainGitHubError(error, `list pull requests for ${branch}`, gh, 'pull-requests: write');
  }
}

/**
 * Path -> blob SHA of every file under `folder` in `commit`, walking one tree level at a time and
 * only the folder recursively. A truncated listing is an error: a plan must not guess.
 */
export async function readTreeFiles(
  api: GitHubClient,
  gh: GitHubSettings,
  commit: string,
  folder: string,
): Promise<Map<string, string>> {
  const repo = { owner: gh.owner, repo: gh.repo };
  const files = new Map<string, string>();
  try {
    const { data: c } = await api.rest.git.getCommit({ ...repo, commit_sha: commit });
    let tree = c.tree.sha;
    for (const segment of folder.split('/')) {
      const { data } = await api.rest.git.getTree({ ...repo, tree_sha: tree });
      const entry = data.tree.find((e) => e.path === segment && e.type === 'tree');
      if (!entry?.sha) return files;
      tree = entry.sha;
    }
    const { data } = await api.rest.git.getTree({ ...repo, tree_sha: tree, recursive: '1' });
    if (data.truncated) throw new Error(`the listing of ${folder} in ${commit} is truncated by GitHub`);
    for (const e of data.tree)
      if (e.type === 'blob' && e.path && e.sha) files.set(`${folder}/${e.path}`, e.sha);
    return files;
  } catch (error) {
    throw explainGitHubError(error, `read ${folder} in commit ${commit}`, gh, 'contents: write');
  }
}

export async function readBlob(api: GitHubClient, gh: GitHubSettings, sha: string): Promise<string> {
  try {
    const { data } = await api.rest.git.getBlob({ owner: gh.owner, repo: gh.repo, file_sha: sha });
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  } catch (error) {
    throw explainGitHubError(error, `read blob ${sha}`, gh, 'contents: write');
  }
}

/**
 * The run's errors for renewals that wait too long: the base branch's certificate is past its
 * emergency point and only a merge deploys the new one. Ordering again would not help (the new
 * bundle would wait in the same pull request), so the run fails and says which PR to merge.
 */
export function pendingEscalations(decisions: RenewalDecision[]): StageError[] {
  return decisions
    .filter((d) => d.code === 'pending-review' && d.pending?.urgent)
    .map((d) => ({
      message: `merge PR #${d.pending?.pullRequest}: ${d.name} expires on ${d.expiresAt}`,
      hint: `the renewed certificate (serial ${d.pending?.serial}, expires ${d.pending?.notAfter}) has waited for review in ${d.pending?.url} since ${d.pending?.openedAt}; merge it so the deploy workflow installs it, or rerun with force: ${d.name} to order a new one`,
    }));
}
