/**
 * The only place that reads the Action's inputs (and the runner's GITHUB_* variables). Everything
 * else works on Settings.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as core from '@actions/core';
import { parseHostSelectors } from '../deploy/select.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { accountKeyVariable, parseAccountInputs } from './account-inputs.js';
import { type ActionsContextLike, checkBranch, runContext } from './branch.js';
import { completeSettings } from './build.js';
import { endpointVerdict, refusedEndpoint } from './endpoints.js';
import {
  githubSettings,
  hookSettings,
  pullRequestBase,
  pullRequestNumber,
  pushBefore,
  runUrl,
  workflowSchedule,
} from './github.js';
import { metricsSettings } from './metrics.js';
import { parseRevokeInputs } from './revoke-inputs.js';
import { COMMANDS, type Command, type Settings } from './settings.js';
import { parseShardEntry, parseShardRequest } from './shard.js';
import {
  Problems,
  parseAgeIdentity,
  parseBoolean,
  parseConcurrency,
  parseForce,
  parseList,
  parsePublish,
  parseScheduleInterval,
} from './values.js';
import { parseWorkflowId, renewWorkflowSettings, runningWorkflow } from './workflow.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Commands the Action runs. `decrypt` (prints a private key) and `init` (writes secrets) are for a
 * person at a terminal: in a job they would put a key into the log or a runner's disk.
 */
export const ACTION_COMMANDS: readonly Command[] = COMMANDS.filter(
  (c) => c !== 'decrypt' && c !== 'init' && c !== 'reseal',
);

/** A GitHub environment name: up to 255 characters, none of the characters GitHub refuses in it. */
function parseEnvironmentName(value: string, problems: Problems): string | undefined {
  const name = value.trim();
  if (!name) return undefined;
  if (name.length > 255 || /[\u0000-\u001f,'"`;]/.test(name)) {
    problems.add(
      'deployment-environment',
      `"${name.slice(0, 60)}" is not a GitHub environment name; expected up to 255 characters without quotes, commas, semicolons or control characters (for example certflow-deploy)`,
    );
    return undefined;
  }
  return name;
}

export function readCommandInput(): Command {
  const value = core.getInput('command').trim();
  const expected = ACTION_COMMANDS.join(', ');
  if (!value) {
    throw new UsageError(
      `Input required and not supplied: command. Set "command" to one of ${expected} in the step's "with:".`,
      [{ path: 'command', message: 'required' }],
    );
  }
  if ((COMMANDS as readonly string[]).includes(value) && !ACTION_COMMANDS.includes(value as Command)) {
    throw new UsageError(
      `command '${value}' is for the command line only (npx certflow ${value}); the Action runs ${expected}.`,
      [{ path: 'command', message: `'${value}' is not available in the Action` }],
    );
  }
  if (!ACTION_COMMANDS.includes(value as Command)) {
    throw new UsageError(`Invalid input command '${value}'. Expected one of ${expected}.`, [
      { path: 'command', message: `command: expected one of ${expected}, got '${value}'` },
    ]);
  }
  return value as Command;
}

/**
 * Reads every input, the GitHub context and the config file into Settings. Secrets (token, age
 * identity, webhook URL, values of `${NAME}` references) are registered before anything is logged.
 * Throws UsageError listing every problem.
 */
export async function readActionSettings(
  env: Env,
  log: Logger,
  given?: ActionsContextLike,
): Promise<Settings> {
  // @actions/github brings Octokit along: loaded here, once, rather than by every import of this file.
  const context = given ?? (await import('@actions/github')).context;
  const command = readCommandInput();
  const input = (name: string) => core.getInput(name);
  // Before the config is read or any secret used: a branch's config must not steer the secrets.
  const alertIssue = parseBoolean('alert-issue', input('alert-issue'), new Problems());
  const allowBranches = parseList(input('allow-branches'));
  checkBranch(command, alertIssue, allowBranches, runContext(context));

  const token = input('github-token').trim();
  if (token) log.secret(token);
  const webhookUrl = input('webhook-url').trim();
  if (webhookUrl) log.secret(webhookUrl);

  const problems = new Problems();
  // The URL holds the webhook's token: never over plain http off this machine (and never quoted).
  if (webhookUrl && endpointVerdict(webhookUrl, false) === 'refused') {
    problems.add('webhook-url', refusedEndpoint('webhook-url', undefined));
  }
  const ageIdentity = parseAgeIdentity('age-identity', input('age-identity'), problems, log);

  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const configInput = input('config').trim() || '.github/certflow.yml';
  const configPath = resolve(workspace, configInput);
  // Annotations need the path relative to the repository root.
  const rel = relative(workspace, configPath);
  const displayPath = rel.startsWith('..') || isAbsolute(rel) ? configPath : rel;

  let scheduleIntervalHours = parseScheduleInterval(
    'schedule-interval',
    input('schedule-interval'),
    problems,
  );
  const intervalInput = scheduleIntervalHours;
  let scheduleSource = scheduleIntervalHours !== undefined ? 'input schedule-interval' : undefined;
  if (scheduleIntervalHours === undefined) {
    const schedule = workflowSchedule(workspace, env, log);
    if (schedule) {
      scheduleIntervalHours = schedule.hours;
      scheduleSource = `the cron of ${schedule.file}`;
    }
  }

  // check watches the named workflow; renew keeps its own (or the named one) enabled.
  const named = parseWorkflowId('renew-workflow', input('renew-workflow'), problems);
  const watched =
    command === 'check' ? named : command === 'renew' ? (named ?? runningWorkflow(env)) : undefined;
  const renewWorkflow = renewWorkflowSettings(watched, workspace, intervalInput, log);
  if (command === 'check' && renewWorkflow && !token) {
    problems.add('renew-workflow', 'needs github-token to read the workflow through the API');
  }

  const hosts = parseHostSelectors('hosts', input('hosts'), problems);
  if (hosts && command !== 'deploy' && command !== 'renew') {
    problems.add('hosts', 'only makes sense with command: deploy (or renew with deploy: true)');
  }

  const shard = parseShardEntry('shard', input('shard'), problems);
  const shards = parseShardRequest(
    { shards: 'shards', size: 'shard-size' },
    input('shards'),
    input('shard-size'),
    problems,
  );
  if (shard && command !== 'renew') problems.add('shard', 'only makes sense with command: renew');
  if (shards && command !== 'plan') problems.add('shards', 'only makes sense with command: plan');
  const listed = parseList(input('certificates'));
  if (shard && listed.length > 0) problems.add('shard', 'set either shard or certificates, not both');
  const only = shard ? shard.names : listed;
  const revoke = parseRevokeInputs(
    command,
    input('serial'),
    input('reason'),
    problems,
    { serial: 'serial', reason: 'reason', revokeOld: 'revoke-old' },
    parseBoolean('revoke-old', input('revoke-old'), problems),
  );
  if ((command === 'revoke' || command === 'rotate') && only.length !== 1) {
    problems.add(
      'certificates',
      `command ${command} takes exactly one certificate name in certificates (got ${only.length === 0 ? 'none' : only.join(', ')})`,
    );
  }
  // The new key would land on the runner's disk, and a failed next step would lose it while the
  // CA already refuses the old one: a person runs the rollover, with the key on their own disk.
  const rollover = command === 'account' && input('account-action').trim() === 'rollover';
  if (rollover)
    problems.add(
      'account-action',
      "rollover is command-line only (npx certflow account rollover --out <file>): the new key must land on a person's disk, not a runner's",
    );
  const account = rollover
    ? undefined
    : parseAccountInputs(command, input('account-action'), false, undefined, problems, {
        action: 'account-action',
        yes: 'account-confirm',
        out: 'account-action',
      });
  const confirmUrl = input('account-confirm').trim();
  if (account) {
    if (confirmUrl && account.action !== 'deactivate')
      problems.add('account-confirm', 'only makes sense with account-action: deactivate');
    if (confirmUrl) account.confirmUrl = confirmUrl;
    account.keyVariable = accountKeyVariable(configPath);
  } else if (confirmUrl && !rollover)
    problems.add('account-confirm', 'only makes sense with command: account');
  const request = {
    command,
    configPath,
    displayPath,
    workspace,
    force: parseForce(input('force')),
    forceUnsafe: parseBoolean('force-unsafe', input('force-unsafe'), problems),
    publish: parsePublish('publish', input('publish'), problems, 'pull-request'),
    push: true,
    prBranch: input('branch').trim() || 'certflow/renewal',
    stateBranch: input('state-branch').trim() || 'certflow/state',
    prLabels: parseList(input('labels')),
    dryRun: parseBoolean('dry-run', input('dry-run'), problems),
    deploy: parseBoolean('deploy', input('deploy'), problems) || command === 'deploy' || command === 'rotate',
    github: githubSettings(token, env.GITHUB_REPOSITORY, env),
    ageIdentity,
    concurrency: parseConcurrency('concurrency', input('concurrency'), problems),
    scheduleIntervalHours,
    scheduleSource,
    renewWorkflow,
    alertIssue: parseBoolean('alert-issue', input('alert-issue'), problems),
    allowBranches,
    webhookUrl: webhookUrl || undefined,
    webhookAlways: parseBoolean('webhook-always', input('webhook-always'), problems),
    json: false,
    only: only.length > 0 ? only : undefined,
    hosts,
    shards,
    shard,
    from: command === 'publish' ? parseList(input('bundles')).map((f) => resolve(workspace, f)) : undefined,
    // RUNNER_TEMP is the job's own folder, emptied after the job: the `report` output then always
    // names a file later steps can read (upload-artifact, jq).
    reportPath: env.RUNNER_TEMP ? join(env.RUNNER_TEMP, 'certflow-report.json') : undefined,
    ...metricsSettings(
      input('metrics-file').trim() || undefined,
      input('pushgateway-url').trim() || undefined,
      'metrics-file',
      'pushgateway-url',
      workspace,
      problems,
      log,
    ),
    changedSince: command === 'deploy' ? pushBefore(env, log) : undefined,
    base: command === 'verify' ? input('base').trim() || pullRequestBase(env) : undefined,
    pullRequest: command === 'verify' ? pullRequestNumber(env) : undefined,
    deploymentEnvironment: parseEnvironmentName(input('deployment-environment'), problems),
    revoke,
    account,
    persistCheck: command === 'persist-records' && parseBoolean('check', input('check'), problems),
    runUrl: runUrl(env),
    hooks: hookSettings(env),
    names: { force: 'force', only: shard ? 'shard' : 'certificates' },
  };
  if (problems.list.length > 0) {
    const n = problems.list.length;
    throw new UsageError(`${n} problem${n === 1 ? '' : 's'} with the inputs`, problems.list);
  }
  return completeSettings(request, env, log);
}
