/**
 * The schedule never stops silently. GitHub disables a scheduled workflow after 60 days without
 * activity in a public repository, and a renewal workflow is exactly one that goes quiet. `check`
 * reads the renew workflow's state and last successful run through the API and fails when it is
 * disabled or has not succeeded within twice its schedule interval; `renew` turns its own workflow
 * back on when GitHub disabled it for inactivity.
 */
import type { RenewWorkflow, Settings } from '../config/settings.js';
import type { ScheduleWatch } from '../model.js';
import { createGitHubClient, type GitHubClient, httpStatus } from '../publish/github-client.js';
import { formatDuration } from '../util/duration.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';

/** What the API said, reduced to what the verdict needs (strings as sent: the API is not trusted). */
export interface WorkflowFacts {
  state: unknown;
  createdAt: unknown;
  /** The newest run the API returned for status=success, if any. */
  lastRun?: { conclusion: unknown; updatedAt: unknown; createdAt?: unknown };
}

/** GitHub Actions started in 2018; a run dated before it, or after now (with some skew), is not believed. */
const EARLIEST = Date.parse('2018-01-01T00:00:00Z');
const SKEW_MS = 10 * 60_000;

/** A date from the API, or why it is not believed. Never throws, whatever was sent. */
export function believedDate(value: unknown, now: Date): { at?: Date; problem?: string } {
  if (typeof value !== 'string' || value.length > 40) return { problem: 'no readable date' };
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return { problem: `an unreadable date '${value}'` };
  if (ms < EARLIEST) return { problem: `an impossible date ${value} (before GitHub Actions existed)` };
  if (ms > now.getTime() + SKEW_MS) return { problem: `a date in the future (${value})` };
  return { at: new Date(ms) };
}

/** A state as it may be quoted in a message: short, and only the characters GitHub uses. */
function quoted(state: unknown): string {
  return typeof state === 'string' && /^[a-z_]{1,40}$/.test(state) ? state : 'unknown';
}

const FIX = (id: string) =>
  `Enable it under Actions > ${id} > "Enable workflow" (or \`gh workflow enable ${id}\`)`;

/** The verdict on the facts: pure, so its edges are tested with a fixed clock. */
export function judgeWorkflow(wf: RenewWorkflow, facts: WorkflowFacts, now: Date): ScheduleWatch {
  const base = { workflow: wf.id, state: quoted(facts.state), intervalHours: wf.intervalHours };
  const fail = (message: string): ScheduleWatch => ({ ...base, ok: false, message });
  if (facts.state === 'disabled_inactivity') {
    return fail(
      `GitHub disabled the renew workflow ${wf.id} for inactivity (no repository activity for 60 days): scheduled renewals have stopped. ${FIX(wf.id)}; a renew run with \`actions: write\` keeps it on from then on.`,
    );
  }
  if (facts.state === 'disabled_manually') {
    return fail(
      `The renew workflow ${wf.id} was disabled by hand: scheduled renewals have stopped. ${FIX(wf.id)}.`,
    );
  }
  if (facts.state !== 'active') {
    return fail(
      `The renew workflow ${wf.id} is not active (state ${quoted(facts.state)}): scheduled renewals do not run. Check it under Actions.`,
    );
  }
  const hours = wf.intervalHours;
  const window = hours === undefined ? undefined : 2 * hours * 3_600_000;
  const every =
    hours === undefined
      ? ''
      : `its schedule runs every ${formatDuration(hours * 3_600_000)} (${wf.intervalSource})`;
  const run = facts.lastRun;
  if (run) {
    if (run.conclusion !== 'success') {
      return fail(
        `the API answered with a run of ${wf.id} that did not succeed (conclusion ${quoted(run.conclusion)}) when asked for successful ones: its last success is unknown`,
      );
    }
    const finished = believedDate(run.updatedAt ?? run.createdAt, now);
    if (!finished.at) {
      return fail(
        `the last successful run of ${wf.id} carries ${finished.problem}: its last success is unknown`,
      );
    }
    const age = now.getTime() - finished.at.getTime();
    const lastSuccessAt = finished.at.toISOString();
    if (window === undefined) {
      return {
        ...base,
        lastSuccessAt,
        ok: true,
        message: `${wf.id} is active and last succeeded ${formatDuration(age)} ago; its schedule interval is unknown (give schedule-interval), so its age was not judged`,
      };
    }
    if (age > window) {
      return {
        ...fail(
          `the renew workflow ${wf.id} last succeeded ${formatDuration(age)} ago (${lastSuccessAt}), more than twice its interval: ${every}. Look at its recent runs: renewals are not happening.`,
        ),
        lastSuccessAt,
      };
    }
    return {
      ...base,
      lastSuccessAt,
      ok: true,
      message: `${wf.id} is active and last succeeded ${formatDuration(age)} ago; ${every}`,
    };
  }
  // No successful run at all: fine only while the workflow is younger than the window.
  const created = believedDate(facts.createdAt, now);
  if (window !== undefined && created.at && now.getTime() - created.at.getTime() <= window) {
    return { ...base, ok: true, message: `${wf.id} is active and new (no successful run yet); ${every}` };
  }
  if (window === undefined) {
    return {
      ...base,
      ok: true,
      message: `${wf.id} is active; it has no successful run and its schedule interval is unknown (give schedule-interval)`,
    };
  }
  return fail(`the renew workflow ${wf.id} has never succeeded, and ${every}. Look at its runs.`);
}

async function readFacts(
  client: GitHubClient,
  settings: Settings,
  wf: RenewWorkflow,
): Promise<WorkflowFacts> {
  const gh = settings.github as NonNullable<Settings['github']>;
  // Octokit percent-encodes path parameters; the id was also limited to a file name or a number.
  const workflow = await client.rest.actions.getWorkflow({
    owner: gh.owner,
    repo: gh.repo,
    workflow_id: wf.id,
  });
  const runs = await client.rest.actions.listWorkflowRuns({
    owner: gh.owner,
    repo: gh.repo,
    workflow_id: wf.id,
    status: 'success',
    per_page: 1,
  });
  const list = (runs.data as { workflow_runs?: unknown }).workflow_runs;
  const first = Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined;
  const data = workflow.data as unknown as Record<string, unknown>;
  return {
    state: data?.state,
    createdAt: data?.created_at,
    lastRun:
      first && typeof first === 'object'
        ? { conclusion: first.conclusion, updatedAt: first.updated_at, createdAt: first.created_at }
        : undefined,
  };
}

/** Why the API could not be read, with the permission or input to fix. */
function readProblem(error: unknown, wf: RenewWorkflow, gh: NonNullable<Settings['github']>): string {
  const status = httpStatus(error);
  if (status === 404) {
    return `the renew workflow ${wf.id} was not found in ${gh.owner}/${gh.repo} (404): check the renew-workflow input (the file name in .github/workflows)`;
  }
  if (status === 403 || status === 401) {
    return `GitHub refused to show the renew workflow ${wf.id} (${status}): the token needs \`actions: read\` (add it to the job's permissions)`;
  }
  return `could not read the renew workflow ${wf.id} from GitHub: ${errorMessage(error).slice(0, 300)}`;
}

/** check: the verdict on the renew workflow (never throws: an unreadable API is a failed check). */
export async function watchSchedule(
  settings: Settings,
  log: Logger,
  now: Date,
  client?: GitHubClient,
): Promise<ScheduleWatch | undefined> {
  const wf = settings.renewWorkflow;
  if (!wf) return undefined;
  const gh = settings.github;
  if (!gh) {
    return {
      workflow: wf.id,
      ok: false,
      message: `renew-workflow ${wf.id} is set, but there is no GitHub token and repository to read it with`,
    };
  }
  let verdict: ScheduleWatch;
  try {
    verdict = judgeWorkflow(
      wf,
      await readFacts(client ?? (await createGitHubClient(gh, log)), settings, wf),
      now,
    );
  } catch (error) {
    verdict = {
      workflow: wf.id,
      intervalHours: wf.intervalHours,
      ok: false,
      message: readProblem(error, wf, gh),
    };
  }
  if (verdict.ok) log.info(`schedule: ${verdict.message}`);
  else log.error(`schedule: ${verdict.message}`);
  return verdict;
}

/**
 * renew: turn the workflow back on when GitHub disabled it for inactivity. One disabled by hand is
 * left alone (a person chose that) with a warning. Never throws and never fails the run: a token
 * without `actions: write` gets a warning that says so, and the renewal goes on.
 */
export async function keepScheduleEnabled(
  settings: Settings,
  log: Logger,
  warnings: string[],
  client?: GitHubClient,
): Promise<ScheduleWatch | undefined> {
  const wf = settings.renewWorkflow;
  const gh = settings.github;
  if (!wf || !gh) return undefined;
  const api = client ?? (await createGitHubClient(gh, log));
  let state: unknown;
  try {
    const { data } = await api.rest.actions.getWorkflow({
      owner: gh.owner,
      repo: gh.repo,
      workflow_id: wf.id,
    });
    state = (data as unknown as Record<string, unknown>)?.state;
  } catch (error) {
    log.debug(`renew workflow ${wf.id}: state not read: ${readProblem(error, wf, gh)}`);
    return undefined;
  }
  const watch: ScheduleWatch = {
    workflow: wf.id,
    state: quoted(state),
    ok: true,
    message: `${wf.id} is ${quoted(state)}`,
  };
  if (state === 'disabled_manually') {
    watch.message = `the renew workflow ${wf.id} is disabled by hand, so its schedule does not run; it was left disabled. ${FIX(wf.id)} if that was not meant.`;
    warnings.push(watch.message);
    return watch;
  }
  if (state !== 'disabled_inactivity') return watch;
  if (settings.dryRun) {
    watch.message = `dry run: the renew workflow ${wf.id} is disabled for inactivity; a real run would enable it again`;
    warnings.push(watch.message);
    return watch;
  }
  try {
    await api.rest.actions.enableWorkflow({ owner: gh.owner, repo: gh.repo, workflow_id: wf.id });
    watch.state = 'active';
    watch.reenabled = 'enabled';
    watch.message = `GitHub had disabled the renew workflow ${wf.id} for inactivity; this run enabled it again, so its schedule runs once more`;
    log.info(watch.message);
  } catch (error) {
    const status = httpStatus(error);
    watch.reenabled = status === 403 || status === 401 ? 'refused' : 'failed';
    watch.message =
      watch.reenabled === 'refused'
        ? `the renew workflow ${wf.id} is disabled for inactivity and could not be enabled again (${status}): the token lacks the \`actions: write\` permission. Add \`actions: write\` to the renew job's permissions, or ${FIX(wf.id).replace(/^Enable/, 'enable')}`
        : `the renew workflow ${wf.id} is disabled for inactivity and could not be enabled again: ${errorMessage(error).slice(0, 300)}. ${FIX(wf.id)}`;
    warnings.push(watch.message);
    log.warn(watch.message);
  }
  return watch;
}
