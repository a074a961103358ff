/**
 * The GitHub REST client and the translation of GitHub's refusals into errors that say which
 * permission the token lacks. Octokit itself (src/publish/octokit.ts) is loaded on first use: a
 * plan or deploy that never talks to GitHub does not pay for compiling it (issue 22, start-up).
 */
import { RequestError } from '@octokit/request-error';
import type { GitHubSettings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { GitHubClient } from './octokit.js';

export type { GitHubClient } from './octokit.js';

export interface ClientOptions {
  /**
   * Throttling on (the default) spaces writes one second apart, as GitHub's guidance asks. Tests
   * against the local server may turn it off to run faster; nothing else should.
   */
  throttle?: boolean;
}

/** Octokit with retry (5xx, network) and throttling (rate limits, one write a second) around it. */
export async function createGitHubClient(
  gh: GitHubSettings,
  log: Logger,
  options: ClientOptions = {},
): Promise<GitHubClient> {
  const { octokitClient } = await import('./octokit.js');
  return octokitClient(gh, log, options);
}

export function httpStatus(error: unknown): number | undefined {
  return error instanceof RequestError ? error.status : undefined;
}

/** The permission each kind of write needs, as written in a workflow's `permissions:` block. */
export type NeededPermission =
  | 'contents: write'
  | 'pull-requests: write'
  | 'issues: write'
  | 'deployments: write'
  | 'actions: write';

/**
 * An error for a failed GitHub call that says what was being done, where, and what to change.
 * `doing` reads like "create the commit", `needs` is the permission that step requires.
 */
export function explainGitHubError(
  error: unknown,
  doing: string,
  gh: GitHubSettings,
  needs: NeededPermission,
): Error {
  const where = `${gh.owner}/${gh.repo}`;
  if (!(error instanceof RequestError)) {
    return new Error(`GitHub: could not ${doing} in ${where}: ${errorMessage(error)}`);
  }
  const said = githubMessage(error);
  if (error.status === 401) {
    return new Error(
      `GitHub rejected the token (401 ${said}) while trying to ${doing} in ${where}: check the github-token input / GITHUB_TOKEN`,
    );
  }
  if (error.status === 403 && /not permitted to create or approve pull requests/i.test(said)) {
    return new Error(
      `GitHub refused to ${doing} in ${where}: ${said}. Enable "Allow GitHub Actions to create and approve pull requests" in the repository (or organization) settings under Actions > General, or use publish: commit`,
    );
  }
  if (error.status === 403 || (error.status === 404 && needs !== 'contents: write')) {
    const accepted = error.response?.headers?.['x-accepted-github-permissions'];
    const permission = acceptedPermission(typeof accepted === 'string' ? accepted : undefined) ?? needs;
    return new Error(
      `GitHub refused to ${doing} in ${where} (${error.status} ${said}): the token lacks the \`${permission}\` permission. Add \`permissions: { ${permission} }\` to the workflow job (with \`contents: write\` and \`pull-requests: write\` for publish: pull-request), or use a token that has it`,
    );
  }
  if (error.status === 404) {
    return new Error(
      `GitHub: could not ${doing}: ${where} was not found (404 ${said}). Check the repository name, or that the token can see it (\`contents: read\`)`,
    );
  }
  return new Error(`GitHub: could not ${doing} in ${where} (${error.status} ${said})`);
}

function githubMessage(error: RequestError): string {
  const data = error.response?.data as
    | { message?: string; errors?: Array<{ message?: string; code?: string }> }
    | undefined;
  const details = (data?.errors ?? []).map((e) => e.message ?? e.code).filter(Boolean);
  return [data?.message ?? error.message, ...details].join(': ');
}

/** `contents=write; pull_requests=write` -> `contents: write` (first entry, in workflow spelling). */
function acceptedPermission(header: string | undefined): NeededPermission | undefined {
  const first = header?.split(/[;,]/)[0]?.trim();
  const m = first ? /^([a-z_]+)=([a-z]+)$/.exec(first) : null;
  if (!m) return undefined;
  return `${(m[1] ?? '').replace(/_/g, '-')}: ${m[2]}` as NeededPermission;
}
