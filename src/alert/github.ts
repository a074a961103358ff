/**
 * The one issue labelled `certflow-alert`: opened (or commented on) when a run fails, closed with a
 * comment by the next green run. Retries and rate limits are the Octokit plugins' business.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { GitHubSettings } from '../config/settings.js';
import type { Logger } from '../util/log.js';
import { redactRequestText } from '../util/redact-requests.js';

const AlertOctokit = Octokit.plugin(retry, throttling);
type Client = InstanceType<typeof AlertOctokit>;

export function alertClient(github: GitHubSettings, log: Logger): Client {
  const client = new AlertOctokit({
    auth: github.token,
    baseUrl: github.apiUrl.replace(/\/+$/, ''),
    userAgent: 'certflow',
    // An alert is sent at the end of a run: two retries (1 s, 4 s) are patience enough.
    retry: { retries: 2 },
    // Octokit logs request failures itself at error level: keep that in debug, we report warnings.
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => log.debug(m),
      error: (m: string) => log.debug(m),
    },
    throttle: {
      onRateLimit: (after: number, _options: unknown, _octokit: unknown, retryCount: number) => {
        log.warn(`GitHub rate limit reached; ${retryCount < 2 ? `retrying in ${after} s` : 'giving up'}`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (after: number, _options: unknown, _octokit: unknown, retryCount: number) => {
        log.warn(`GitHub secondary rate limit; ${retryCount < 1 ? `retrying in ${after} s` : 'giving up'}`);
        return retryCount < 1;
      },
    },
  });
  return redactRequestText(client, log);
}

export interface AlertIssue {
  number: number;
  url: string;
}

export interface IssueAlertResult {
  action: 'opened' | 'commented' | 'closed' | 'none';
  issue?: AlertIssue;
}

/** The open alert issue, if any: the oldest, so a race that opened two converges on one. */
export async function findAlertIssue(
  client: Client,
  gh: GitHubSettings,
  label: string,
): Promise<AlertIssue | undefined> {
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    owner: gh.owner,
    repo: gh.repo,
    state: 'open',
    labels: label,
    per_page: 100,
  });
  const mine = issues
    .filter((i) => !i.pull_request)
    .filter((i) => i.labels.some((l) => (typeof l === 'string' ? l : l.name) === label))
    .sort((a, b) => a.number - b.number);
  const first = mine[0];
  return first ? { number: first.number, url: first.html_url } : undefined;
}

export async function raiseAlert(
  client: Client,
  gh: GitHubSettings,
  text: { title: string; body: string; label: string },
): Promise<IssueAlertResult> {
  const open = await findAlertIssue(client, gh, text.label);
  if (open) {
    await client.rest.issues.createComment({
      owner: gh.owner,
      repo: gh.repo,
      issue_number: open.number,
      body: text.body,
    });
    return { action: 'commented', issue: open };
  }
  const created = await client.rest.issues.create({
    owner: gh.owner,
    repo: gh.repo,
    title: text.title,
    body: text.body,
    labels: [text.label],
  });
  return { action: 'opened', issue: { number: created.data.number, url: created.data.html_url } };
}

export async function resolveAlert(
  client: Client,
  gh: GitHubSettings,
  text: { comment: string; label: string },
): Promise<IssueAlertResult> {
  const open = await findAlertIssue(client, gh, text.label);
  if (!open) return { action: 'none' };
  await client.rest.issues.createComment({
    owner: gh.owner,
    repo: gh.repo,
    issue_number: open.number,
    body: text.comment,
  });
  await client.rest.issues.update({
    owner: gh.owner,
    repo: gh.repo,
    issue_number: open.number,
    state: 'closed',
    state_reason: 'completed',
  });
  return { action: 'closed', issue: open };
}
