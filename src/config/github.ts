/** What the GitHub runner tells us through the environment: repository, API, branch, schedule. */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { scheduleIntervalHours } from './cron.js';
import type { GitHubSettings, Settings } from './settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The base branch of the run: a pull request's base, the pushed/dispatched branch, else the default. */
export function baseBranch(env: Env): string {
  if (env.GITHUB_BASE_REF) return env.GITHUB_BASE_REF;
  if (env.GITHUB_REF?.startsWith('refs/heads/') && env.GITHUB_REF_NAME) return env.GITHUB_REF_NAME;
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        repository?: { default_branch?: string };
      };
      if (event.repository?.default_branch) return event.repository.default_branch;
    } catch {
      // No readable event: fall through to the ref name or "main".
    }
  }
  return env.GITHUB_REF_NAME || 'main';
}

/** GitHub settings when both a token and `owner/repo` are known; undefined otherwise. */
export function githubSettings(
  token: string | undefined,
  repository: string | undefined,
  env: Env,
): GitHubSettings | undefined {
  if (!token || !repository) return undefined;
  const [owner, repo] = repository.split('/');
  if (!owner || !repo) return undefined;
  return {
    token,
    owner,
    repo,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    baseBranch: baseBranch(env),
  };
}

export interface WorkflowSchedule {
  hours: number;
  /** The workflow file, relative to the workspace. */
  file: string;
  crons: string[];
}

/**
 * The interval between scheduled runs, read from the cron of the running workflow
 * (GITHUB_WORKFLOW_REF = "owner/repo/.github/workflows/x.yml@refs/heads/main").
 */
export function workflowSchedule(
  workspace: string,
  env: Env,
  log: Pick<Logger, 'debug'>,
): WorkflowSchedule | undefined {
  const ref = env.GITHUB_WORKFLOW_REF;
  if (!ref) return undefined;
  const withoutRef = ref.split('@')[0] ?? '';
  const repository = env.GITHUB_REPOSITORY;
  const rel =
    repository && withoutRef.startsWith(`${repository}/`)
      ? withoutRef.slice(repository.length + 1)
      : undefined;
  if (!rel) return undefined;
  return readWorkflowSchedule(workspace, rel, log);
}

/**
 * The interval of a workflow file's `on.schedule` crons (the longest gap between runs), or
 * undefined when the file is missing, outside the workspace, or not a daily pattern.
 */
export function readWorkflowSchedule(
  workspace: string,
  rel: string,
  log: Pick<Logger, 'debug'>,
): WorkflowSchedule | undefined {
  const path = resolve(workspace, rel);
  if (relative(workspace, path).startsWith('..')) return undefined;
  try {
    const doc = parse(readFileSync(path, 'utf8')) as { on?: { schedule?: Array<{ cron?: unknown }> } } | null;
    const schedule = doc?.on?.schedule;
    const crons = (Array.isArray(schedule) ? schedule : [])
      .map((s) => s?.cron)
      .filter((c): c is string => typeof c === 'string');
    if (crons.length === 0) return undefined;
    const hours = scheduleIntervalHours(crons);
    if (hours === undefined) {
      log.debug(
        `schedule of ${rel} (${crons.join('; ')}) is not a daily pattern certflow reads; no schedule check`,
      );
      return undefined;
    }
    return { hours, file: join(rel), crons };
  } catch (error) {
    log.debug(`cannot read the workflow ${rel} for its schedule: ${errorMessage(error)}`);
    return undefined;
  }
}

/** A 40 (SHA-1) or 64 (SHA-256) hex digit commit id, as push events carry. */
const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * The commit the branch pointed at before the push that started this run (the push event's
 * `before`), so deploy can tell which certificates the push changed. Undefined when the run was
 * not started by a push or the payload has no usable `before`: deploy then treats "what changed"
 * as unknown. An all-zero `before` (the push created the branch) is returned as is.
 */
export function pushBefore(env: Env, log: Pick<Logger, 'debug' | 'warn'>): string | undefined {
  if (env.GITHUB_EVENT_NAME !== 'push' || !env.GITHUB_EVENT_PATH) return undefined;
  let before: unknown;
  try {
    before = (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { before?: unknown }).before;
  } catch (error) {
    log.warn(
      `cannot read the push event ${env.GITHUB_EVENT_PATH} (${errorMessage(error)}); which certificates changed is unknown, so exec hooks run only for forced certificates`,
    );
    return undefined;
  }
  if (typeof before === 'string' && COMMIT_ID.test(before)) return before.toLowerCase();
  log.warn(
    `the push event has no commit id in "before" (${JSON.stringify(before) ?? 'missing'}); which certificates changed is unknown, so exec hooks run only for forced certificates`,
  );
  return undefined;
}

/**
 * The base commit of the pull request that started this run (`pull_request.base.sha` of a
 * pull_request or pull_request_target event), for `verify`. Undefined for other events.
 */
export function pullRequestBase(env: Env): string | undefined {
  if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { base?: { sha?: unknown } };
    };
    const sha = event.pull_request?.base?.sha;
    return typeof sha === 'string' && COMMIT_ID.test(sha) ? sha.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The number of the pull request that started this run, for verify's comment. */
export function pullRequestNumber(env: Env): number | undefined {
  if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { number?: unknown };
    };
    const n = event.pull_request?.number;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A revision given by the user (`--changed-since`): anything git accepts, except what git would
 * read as an option.
 */
export function checkRevision(value: string): string | undefined {
  const rev = value.trim();
  if (!rev) return 'is empty: give a commit, tag or branch (e.g. HEAD~1)';
  if (rev.startsWith('-')) return `'${rev}' starts with '-': give a commit, tag or branch (e.g. HEAD~1)`;
  if (/[\s\0]/.test(rev)) return `'${rev}' contains spaces: give one commit, tag or branch`;
  return undefined;
}

/** Link to the workflow run (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID). */
export function runUrl(env: Env): string | undefined {
  const server = (env.GITHUB_SERVER_URL || '').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY;
  const id = env.GITHUB_RUN_ID;
  if (!server || !repository || !id || !/^\d+$/.test(id)) return undefined;
  return `${server}/${repository}/actions/runs/${id}`;
}

/** Variables that hold certflow's own secrets: no hook needs them. */
const OWN_SECRETS = new Set([
  'CERTFLOW_AGE_IDENTITY',
  'INPUT_AGE-IDENTITY',
  'INPUT_GITHUB-TOKEN',
  'INPUT_WEBHOOK-URL',
]);

/**
 * The environment exec hooks and the exec DNS provider pick their variables from (PATH, HOME and
 * their `env:` names): this process's, minus certflow's own secrets, which no `env:` may ask for.
 */
export function hookSettings(
  env: Readonly<Record<string, string | undefined>>,
): NonNullable<Settings['hooks']> {
  const copy: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) if (!OWN_SECRETS.has(key.toUpperCase())) copy[key] = value;
  return { env: copy, tempDir: env.RUNNER_TEMP || undefined };
}
