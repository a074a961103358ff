/**
 * Deploys as GitHub Deployments: each `deploy` run records one deployment (environment, commit,
 * per-target results in its payload) with a final status, which also gives users GitHub's own
 * deployment history for their certificates.
 *
 * The record is also where the next run starts: with `cancel-in-progress: false` a concurrency
 * group keeps one running and one pending run, and a newer pending run cancels the older one. A
 * push whose run was dropped that way never ran its exec hooks, so "changed since this push's
 * `before`" would miss them for good. "Changed since the last successful deployment's commit"
 * does not.
 */
import type { GitHubSettings } from '../config/settings.js';
import type { DeployResult, StageError } from '../model.js';
import { explainGitHubError, type GitHubClient } from '../publish/github-client.js';
import type { Logger } from '../util/log.js';

/**
 * The task of certflow's deployments. GitHub Actions creates deployments of its own for a job in
 * an environment (at job start, for whatever commit triggered it): the task tells ours apart.
 */
export const DEPLOYMENT_TASK = 'deploy:certificates';

/** GitHub refuses a status description over 140 characters. */
const DESCRIPTION_MAX = 140;
/** How many of the newest deployments are searched for the last successful one. */
const SEARCH_PAGES = 3;

export interface LastDeployment {
  id: number;
  sha: string;
}

/**
 * The newest of certflow's deployments to `environment` that reached `success`. A later success
 * marks earlier ones `inactive` (GitHub's auto_inactive), so "ever had a success status" is the
 * test, not "the latest status is success".
 */
export async function lastSuccessfulDeployment(
  client: GitHubClient,
  gh: GitHubSettings,
  environment: string,
): Promise<LastDeployment | undefined> {
  const repo = { owner: gh.owner, repo: gh.repo };
  try {
    for (let page = 1; page <= SEARCH_PAGES; page++) {
      const { data } = await client.rest.repos.listDeployments({
        ...repo,
        environment,
        task: DEPLOYMENT_TASK,
        per_page: 30,
        page,
      });
      for (const deployment of data) {
        const { data: statuses } = await client.rest.repos.listDeploymentStatuses({
          ...repo,
          deployment_id: deployment.id,
          per_page: 100,
        });
        if (statuses.some((s) => s.state === 'success')) return { id: deployment.id, sha: deployment.sha };
      }
      if (data.length < 30) break;
    }
    return undefined;
  } catch (error) {
    throw explainGitHubError(error, `read the deployments to ${environment}`, gh, 'deployments: write');
  }
}

export interface TargetResult {
  ok: boolean;
  /** Host (or `exec:<target>` for a hook) -> whether it succeeded, and for which certificates. */
  hosts: Record<string, { ok: boolean; certificates: string[] }>;
}

/** Per target and host: whether everything succeeded, and which certificates it carried. */
export function targetResults(deploys: DeployResult[]): Record<string, TargetResult> {
  const targets: Record<string, TargetResult> = {};
  for (const d of deploys) {
    const t = targets[d.target] ?? { ok: true, hosts: {} };
    const h = t.hosts[d.host] ?? { ok: true, certificates: [] };
    h.ok &&= d.ok;
    h.certificates = [...new Set([...h.certificates, ...d.certificates])].sort();
    t.hosts[d.host] = h;
    t.ok &&= d.ok;
    targets[d.target] = t;
  }
  return targets;
}

/** "4 hosts on 2 targets deployed" / "1 of 4 hosts failed (web: web-2)", within 140 characters. */
export function statusDescription(deploys: DeployResult[], errors: StageError[]): string {
  const failed = deploys.filter((d) => !d.ok);
  const targets = new Set(deploys.map((d) => d.target)).size;
  let text =
    failed.length === 0
      ? `${deploys.length} host(s) on ${targets} target(s) deployed`
      : `${failed.length} of ${deploys.length} host(s) failed: ${failed.map((d) => `${d.target}/${d.host}`).join(', ')}`;
  if (errors.length > 0) text += `; ${errors.length} other problem(s)`;
  return [...text].length <= DESCRIPTION_MAX ? text : `${[...text].slice(0, DESCRIPTION_MAX - 1).join('')}…`;
}

/**
 * Records this run as a deployment of `sha` to `environment`, `success` only when every host and
 * hook succeeded: a failed run must not become the next run's starting point, or its hooks would
 * not be retried.
 */
export async function recordDeployment(
  client: GitHubClient,
  gh: GitHubSettings,
  record: {
    environment: string;
    sha: string;
    deploys: DeployResult[];
    errors: StageError[];
    logUrl?: string;
  },
  log: Logger,
): Promise<{ id: number; state: 'success' | 'failure' }> {
  const repo = { owner: gh.owner, repo: gh.repo };
  const ok = record.errors.length === 0 && record.deploys.every((d) => d.ok);
  const state = ok ? 'success' : 'failure';
  try {
    const { data, status } = await client.rest.repos.createDeployment({
      ...repo,
      ref: record.sha,
      task: DEPLOYMENT_TASK,
      environment: record.environment,
      // The commit is deployed as it is: no merge of the default branch into it, and no wait
      // for status checks (they ran, or not, before the merge that triggered this).
      auto_merge: false,
      required_contexts: [],
      payload: { certflow: { targets: targetResults(record.deploys) } },
      description: 'certflow: certificates deployed over SSH and exec hooks',
    });
    if (status !== 201 || !('id' in data)) throw new Error(`GitHub answered ${status} without a deployment`);
    await client.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: data.id,
      state,
      description: statusDescription(record.deploys, record.errors),
      ...(record.logUrl ? { log_url: record.logUrl } : {}),
    });
    log.info(
      `recorded deployment ${data.id} of ${record.sha.slice(0, 12)} to ${record.environment}: ${state}`,
    );
    return { id: data.id, state };
  } catch (error) {
    throw explainGitHubError(
      error,
      `record the deployment to ${record.environment}`,
      gh,
      'deployments: write',
    );
  }
}
