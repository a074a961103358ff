/**
 * The CLI's flags, read into the same Settings the Action gets. Like inputs.ts, this is a place
 * that may read the environment and files; nothing after it does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseHostSelectors } from '../deploy/select.js';
import { errorMessage, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { accountKeyVariable, parseAccountInputs } from './account-inputs.js';
import { completeSettings } from './build.js';
import { checkRevision, githubSettings, hookSettings, runUrl } from './github.js';
import { metricsSettings } from './metrics.js';
import { parseRevokeInputs } from './revoke-inputs.js';
import { COMMANDS, type Command, type Settings } from './settings.js';
import { parseShardEntry, parseShardRequest } from './shard.js';
import { didYouMean } from './suggest.js';
import {
  Problems,
  parseAgeIdentity,
  parseConcurrency,
  parseForce,
  parseList,
  parsePublish,
  parseScheduleInterval,
} from './values.js';
import { parseWorkflowId, renewWorkflowSettings } from './workflow.js';

type Env = Readonly<Record<string, string | undefined>>;

export const CLI_OPTIONS = {
  config: { type: 'string', short: 'c' },
  force: { type: 'string', multiple: true },
  'force-unsafe': { type: 'boolean' },
  publish: { type: 'string' },
  push: { type: 'boolean' },
  branch: { type: 'string' },
  'state-branch': { type: 'string' },
  labels: { type: 'string' },
  'dry-run': { type: 'boolean' },
  deploy: { type: 'boolean' },
  concurrency: { type: 'string' },
  identity: { type: 'string' },
  out: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  'schedule-interval': { type: 'string' },
  'renew-workflow': { type: 'string' },
  hosts: { type: 'string' },
  report: { type: 'string' },
  metrics: { type: 'string' },
  pushgateway: { type: 'string' },
  'changed-since': { type: 'string' },
  base: { type: 'string' },
  repository: { type: 'string' },
  serial: { type: 'string' },
  reason: { type: 'string' },
  'revoke-old': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  shards: { type: 'string' },
  'shard-size': { type: 'string' },
  shard: { type: 'string' },
  from: { type: 'string', multiple: true },
  check: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

export const DEFAULT_CONFIG = '.github/certflow.yml';

/** The folder holding `.git` above `from`, if any. */
export function gitTopLevel(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Where the config is, and which folder `store.path` is relative to. Default config:
 * `.github/certflow.yml` in the current folder, else at the git top level. The workspace is the git
 * top level above the config, else the folder that holds its `.github`, else the current folder.
 */
export function locateConfig(
  flag: string | undefined,
  cwd: string,
): { configPath: string; workspace: string } {
  let configPath: string;
  if (flag) configPath = resolve(cwd, flag);
  else {
    const here = resolve(cwd, DEFAULT_CONFIG);
    const top = gitTopLevel(cwd);
    configPath = existsSync(here) || !top ? here : join(top, DEFAULT_CONFIG);
  }
  const folder = dirname(configPath);
  const workspace = gitTopLevel(folder) ?? (basename(folder) === '.github' ? dirname(folder) : resolve(cwd));
  return { configPath, workspace };
}

/** Turns parseArgs' TypeError into a usage problem with a "did you mean". */
function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: CLI_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = errorMessage(error);
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    const hint = unknown ? didYouMean(unknown.replace(/^-+/, ''), Object.keys(CLI_OPTIONS)) : '';
    throw new UsageError(`${message}${hint}. Run 'certflow --help' for the options.`, [
      { path: unknown ?? 'arguments', message: `${message}${hint}` },
    ]);
  }
}

/** argv after the program name: `<command> [names...] [flags]`. */
export async function readCliSettings(argv: string[], env: Env, cwd: string, log: Logger): Promise<Settings> {
  const { values, positionals } = parseFlags(argv);
  const [given, ...rest] = positionals;
  // The CLI says what it prints (one record per name); the Action input names the command.
  const command = given === 'persist-record' ? 'persist-records' : given;
  // `certflow account <action>`: the first word after the command is the action, not a name.
  const accountAction = command === 'account' ? rest[0] : undefined;
  const names = command === 'account' ? rest.slice(1) : rest;
  if (!command || !(COMMANDS as readonly string[]).includes(command)) {
    const hint = command ? didYouMean(command, COMMANDS) : '';
    throw new UsageError(
      command
        ? `unknown command '${command}'${hint}. Commands: ${COMMANDS.join(', ')}`
        : `no command given. Commands: ${COMMANDS.join(', ')}`,
    );
  }

  const problems = new Problems();
  let ageIdentity: string | undefined;
  if (values.identity) {
    const file = resolve(cwd, values.identity);
    try {
      ageIdentity = parseAgeIdentity(
        `--identity ${values.identity}`,
        readFileSync(file, 'utf8'),
        problems,
        log,
      );
    } catch (error) {
      problems.add(
        '--identity',
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  } else if (env.CERTFLOW_AGE_IDENTITY) {
    ageIdentity = parseAgeIdentity('CERTFLOW_AGE_IDENTITY', env.CERTFLOW_AGE_IDENTITY, problems, log);
  }

  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (token) log.secret(token);
  const { configPath, workspace } = locateConfig(values.config, cwd);
  const rel = relative(cwd, configPath);
  const displayPath = rel.startsWith('..') || isAbsolute(rel) ? configPath : rel;

  // Outside GitHub the safe default is to write the working tree only: `git` commits need a clean
  // checkout and a deliberate choice, so they are asked for with --publish git.
  const publish = parsePublish('--publish', values.publish ?? '', problems, 'none');
  if (values.push && publish !== 'git') problems.add('--push', 'only makes sense with --publish git');
  const scheduleIntervalHours = parseScheduleInterval(
    '--schedule-interval',
    values['schedule-interval'] ?? '',
    problems,
  );
  const watched = parseWorkflowId('--renew-workflow', values['renew-workflow'] ?? '', problems);
  if (watched && command !== 'check' && command !== 'renew')
    problems.add('--renew-workflow', 'only makes sense with check or renew');
  const renewWorkflow = renewWorkflowSettings(watched, workspace, scheduleIntervalHours, log);
  if (renewWorkflow && !token)
    problems.add(
      '--renew-workflow',
      'needs GITHUB_TOKEN (or GH_TOKEN) to reach the workflow through the API',
    );
  const hosts = parseHostSelectors('--hosts', values.hosts ?? '', problems);
  if (hosts && command !== 'deploy' && command !== 'renew')
    problems.add('--hosts', 'only makes sense with deploy (or renew --deploy)');
  const changedSince = values['changed-since'];
  const badRevision = changedSince === undefined ? undefined : checkRevision(changedSince);
  if (badRevision) problems.add('--changed-since', badRevision);
  else if (changedSince !== undefined && command !== 'deploy')
    problems.add('--changed-since', 'only makes sense with deploy');
  const base = values.base?.trim();
  const badBase = base === undefined ? undefined : checkRevision(base);
  if (badBase) problems.add('--base', badBase);
  else if (base !== undefined && command !== 'verify') problems.add('--base', 'only makes sense with verify');
  const revoke = parseRevokeInputs(
    command as Command,
    values.serial,
    values.reason,
    problems,
    { serial: '--serial', reason: '--reason', revokeOld: '--revoke-old' },
    values['revoke-old'] ?? false,
  );
  if ((command === 'revoke' || command === 'rotate') && names.length !== 1) {
    problems.add(
      'certificate names',
      `${command} takes exactly one certificate name (got ${names.length === 0 ? 'none' : names.join(', ')}): ${command === 'revoke' ? 'certflow revoke <name> [--serial S] [--reason R]' : 'certflow rotate <name> [--revoke-old [--reason R]]'}`,
    );
  }
  const account = parseAccountInputs(
    command as Command,
    accountAction,
    values.yes ?? false,
    values.out ? resolve(cwd, values.out) : undefined,
    problems,
    { action: 'account action', yes: '--yes', out: '--out' },
  );
  if (account) account.keyVariable = accountKeyVariable(configPath);
  if (command === 'account' && names.length > 0)
    problems.add('arguments', `account takes no certificate names (got ${names.join(', ')})`);
  const force = (values.force ?? []).flatMap((f) => {
    const parsed = parseForce(f);
    return parsed === 'all' ? ['all'] : parsed;
  });

  const shard = parseShardEntry('--shard', values.shard ?? '', problems);
  const shards = parseShardRequest(
    { shards: '--shards', size: '--shard-size' },
    values.shards ?? '',
    values['shard-size'] ?? '',
    problems,
  );
  if (shard && command !== 'renew') problems.add('--shard', 'only makes sense with renew');
  if (shards && command !== 'plan') problems.add('--shards', 'only makes sense with plan');
  if (shard && names.length > 0)
    problems.add('--shard', 'give either --shard or certificate names, not both');
  const only = shard ? shard.names : names;
  if (values.from && command !== 'publish') problems.add('--from', 'only makes sense with publish');
  if (values.check && command !== 'persist-records')
    problems.add('--check', 'only makes sense with persist-record');

  const request = {
    command: command as Command,
    configPath,
    displayPath,
    workspace,
    force: force.includes('all') ? ('all' as const) : force,
    forceUnsafe: values['force-unsafe'] ?? false,
    publish,
    push: values.push ?? false,
    prBranch: values.branch ?? 'certflow/renewal',
    stateBranch: values['state-branch'] ?? 'certflow/state',
    prLabels: parseList(values.labels ?? 'certificates'),
    dryRun: values['dry-run'] ?? false,
    deploy: values.deploy ?? (command === 'deploy' || command === 'rotate'),
    github: githubSettings(token, values.repository ?? env.GITHUB_REPOSITORY, env),
    ageIdentity,
    concurrency: parseConcurrency('--concurrency', values.concurrency ?? '', problems),
    scheduleIntervalHours,
    renewWorkflow,
    hosts,
    scheduleSource: scheduleIntervalHours !== undefined ? 'flag --schedule-interval' : undefined,
    alertIssue: false,
    webhookUrl: undefined,
    webhookAlways: false,
    json: values.json ?? false,
    only: only.length > 0 ? only : undefined,
    shards,
    shard,
    from: (values.from ?? []).flatMap((f) => parseList(f)).map((f) => resolve(cwd, f)),
    reportPath: values.report ? resolve(cwd, values.report) : undefined,
    ...metricsSettings(values.metrics, values.pushgateway, '--metrics', '--pushgateway', cwd, problems, log),
    out: values.out ? resolve(cwd, values.out) : undefined,
    changedSince: changedSince?.trim(),
    base,
    revoke,
    account,
    persistCheck: values.check ?? false,
    runUrl: runUrl(env),
    hooks: hookSettings(env),
    names: { force: '--force', only: shard ? '--shard' : 'certificate names', hosts: '--hosts' },
  };
  if (problems.list.length > 0) {
    const n = problems.list.length;
    throw new UsageError(`${n} problem${n === 1 ? '' : 's'} with the flags`, problems.list);
  }
  return completeSettings(request, env, log);
}
