/**
 * The deploy command's use of GitHub Deployments (src/deploy/github-deployment.ts): where exec
 * hooks start from, and the record of this run. A failure to read or write the record is a
 * warning: the hosts were deployed either way, and without a record the next run simply starts
 * from an older commit (hooks run again rather than never).
 */
import type { Settings } from '../config/settings.js';
import { lastSuccessfulDeployment, recordDeployment } from '../deploy/github-deployment.js';
import type { RunReport } from '../model.js';
import { createGitHubClient, type GitHubClient } from '../publish/github-client.js';
import { errorMessage } from '../util/errors.js';
import { runGit } from '../util/git.js';
import type { Logger } from '../util/log.js';

export interface DeploymentBase {
  /** Settings with `changedSince` set to the last successful deployment's commit, when known. */
  settings: Settings;
  warnings: string[];
  client?: GitHubClient;
  /** The commit being deployed (HEAD of the checkout). */
  sha?: string;
}

export async function deploymentBase(settings: Settings, log: Logger): Promise<DeploymentBase> {
  const environment = settings.deploymentEnvironment;
  const gh = settings.github;
  if (!environment) return { settings, warnings: [] };
  if (!gh) {
    return {
      settings,
      warnings: [
        `deployment-environment ${environment}: no GitHub token or repository, so this deploy is not recorded and exec hooks run for what the push changed`,
      ],
    };
  }
  const head = await runGit(settings.workspace, ['rev-parse', '--verify', 'HEAD^{commit}']);
  const sha = head.code === 0 ? head.stdout.trim() : undefined;
  const client = await createGitHubClient(gh, log);
  try {
    const last = await lastSuccessfulDeployment(client, gh, environment);
    if (!last) {
      log.info(`no successful deployment to ${environment} yet: exec hooks run for what the push changed`);
      return { settings, warnings: [], client, sha };
    }
    log.info(
      `last successful deployment to ${environment}: ${last.sha.slice(0, 12)} (deployment ${last.id}); exec hooks run for certificates changed since then`,
    );
    return { settings: { ...settings, changedSince: last.sha }, warnings: [], client, sha };
  } catch (error) {
    return {
      settings,
      warnings: [
        `${errorMessage(error)}; exec hooks run for what the push changed (a run dropped by the concurrency group may have missed some: force them)`,
      ],
      client,
      sha,
    };
  }
}

/** Records the run as a deployment; returns warnings (never throws). */
export async function recordRun(
  settings: Settings,
  base: DeploymentBase,
  report: RunReport,
  log: Logger,
): Promise<string[]> {
  const environment = settings.deploymentEnvironment;
  if (!environment || !base.client || !settings.github) return [];
  if (!base.sha)
    return [`deployment-environment ${environment}: the workspace is not a git checkout; not recorded`];
  try {
    await recordDeployment(
      base.client,
      settings.github,
      { environment, sha: base.sha, deploys: report.deploys, errors: report.errors, logUrl: settings.runUrl },
      log,
    );
    return [];
  } catch (error) {
    return [`${errorMessage(error)}; the next deploy runs exec hooks from an older commit`];
  }
}
