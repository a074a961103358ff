/**
 * Settings: the config file (environment references resolved) merged with the Action's inputs or
 * the CLI's flags. Parsed once in `config/`; every stage takes this object and never reads the
 * environment, inputs or files of its own accord.
 */
import type { RevocationReason } from '../acme/revoke.js';
import type { HostSelector } from '../deploy/select.js';
import type { ShardEntry, ShardRequest } from '../plan/shards.js';
import type { AccountRequest } from './account-inputs.js';
import type { RawConfig } from './schema.js';

export type Command =
  | 'plan'
  | 'renew'
  | 'publish'
  | 'deploy'
  | 'check'
  | 'verify'
  | 'decrypt'
  | 'init'
  | 'revoke'
  | 'rotate'
  | 'reseal'
  | 'account'
  | 'persist-records';
export const COMMANDS: readonly Command[] = [
  'plan',
  'renew',
  'publish',
  'deploy',
  'check',
  'verify',
  'decrypt',
  'init',
  'revoke',
  'rotate',
  'reseal',
  'account',
  'persist-records',
];

/** pull-request / commit go through the GitHub REST API; git commits in the local checkout. */
export type PublishMode = 'pull-request' | 'commit' | 'git' | 'none';

/** Same shape as the file; every `${NAME}` replaced by the variable's value. */
export type Config = RawConfig;

export interface GitHubSettings {
  token: string;
  owner: string;
  repo: string;
  /** REST API root (GITHUB_API_URL); a local server in tests. */
  apiUrl: string;
  /** Branch the run works on (where `commit` lands, and the base of pull requests). */
  baseBranch: string;
}

/** The renew workflow `check` watches and `renew` re-enables (input `renew-workflow`). */
export interface RenewWorkflow {
  /** What the API takes as workflow_id: the file name in .github/workflows, or its number. */
  id: string;
  /** The file, relative to the workspace, when the id is a file name. */
  file?: string;
  /** Hours between its scheduled runs (the longest gap); unknown when its schedule cannot be read. */
  intervalHours?: number;
  /** Where intervalHours came from ("the cron of .github/workflows/renew.yml"). */
  intervalSource?: string;
}

export interface Settings {
  command: Command;
  /** Absolute path of the config file. */
  configPath: string;
  /** Repository root; `store.path` is relative to it. */
  workspace: string;
  config: Config;
  /** Certificate names to renew regardless of the plan, or every certificate. */
  force: string[] | 'all';
  /** Skip the rate-limit guard and back-off (the user has been told what that costs). */
  forceUnsafe: boolean;
  publish: PublishMode;
  /** With publish `git`: push after committing. */
  push: boolean;
  /** Branch that pull requests come from. */
  prBranch: string;
  /** Branch holding the guard state (history, back-off) in pull-request mode; never merged. */
  stateBranch: string;
  prLabels: string[];
  dryRun: boolean;
  /** Deploy after publishing (renew), or the command itself is deploy. */
  deploy: boolean;
  github?: GitHubSettings;
  /** age identity (AGE-SECRET-KEY-1...) that opens stored keys; needed to deploy and decrypt. */
  ageIdentity?: string;
  /** Certificates issued, and hosts deployed, at once. */
  concurrency: number;
  /** Hours between scheduled runs, to warn when renewal windows are too short to be caught. */
  scheduleIntervalHours?: number;
  /** Where scheduleIntervalHours came from ("input schedule-interval", ".github/workflows/x.yml cron"). */
  scheduleSource?: string;
  /**
   * check: the renew workflow whose state and last success are checked. renew: its own workflow
   * (or the one named), re-enabled when GitHub has disabled it.
   */
  renewWorkflow?: RenewWorkflow;
  alertIssue: boolean;
  /**
   * Action only: branch globs, besides the default branch, on which renew, deploy and check with
   * alerts may run (config/branch.ts). Already enforced when Settings exist.
   */
  allowBranches?: string[];
  webhookUrl?: string;
  webhookAlways: boolean;
  /** Machine-readable output on stdout (CLI). */
  json: boolean;
  /**
   * deploy: only the SSH hosts these select (`tag:edge`, or a host as results name it); exec hooks
   * do not run. Unset: every host.
   */
  hosts?: HostSelector[];
  /** Certificate names a command is limited to (CLI positional arguments, deploy `certificates` input). */
  only?: string[];
  /** plan: split the matrix into shards (`shards` / `shard-size`); unset: one job per certificate. */
  shards?: ShardRequest;
  /** renew: the matrix entry this job renews (its names are also in `only`). */
  shard?: ShardEntry;
  /** publish: absolute paths of the folders holding the shards' store copies (their artifacts). */
  from?: string[];
  /** Where a JSON report is written. */
  reportPath?: string;
  /** Where the run's Prometheus metrics are written (text exposition), for a textfile collector. */
  metricsPath?: string;
  /** Pushgateway to PUT the same metrics to (may carry user:password; registered as a secret). */
  pushgatewayUrl?: string;
  /** decrypt: write the key to this file (absolute path, mode 0600) instead of stdout. */
  out?: string;
  /**
   * deploy: the git revision the store is compared with to tell which certificates changed, since
   * exec hooks run only for those (and forced ones): the push event's `before` SHA, or
   * `--changed-since`. An all-zero SHA (the push created the branch) makes every stored
   * certificate new. Unset: unknown, so only forced certificates run their hooks.
   */
  changedSince?: string;
  /**
   * verify: the git revision to compare with (a pull request's base SHA, `--base`), to report what
   * changed per certificate and flag sensitive changes. Unset: only the bundles are verified.
   */
  base?: string;
  /** verify in a pull_request run: the pull request that gets the sticky verdict comment. */
  pullRequest?: number;
  /**
   * deploy: the GitHub environment each deploy is recorded in as a GitHub Deployment (input
   * `deployment-environment`). When set, exec hooks run for the certificates changed since the
   * last successful deployment's commit (falling back to `changedSince` before the first one).
   */
  deploymentEnvironment?: string;
  /**
   * revoke: which certificate of the bundle (`serial`, lower-case hex, from `--serial` / input
   * `serial`; default the current one) and the RFC 5280 reason (default unspecified). rotate:
   * whether to revoke the previous certificate once every host serves the new one, and the reason
   * (default superseded).
   */
  revoke?: { serial?: string; reason: RevocationReason; revokeOld?: boolean };
  /** account: show, rollover (new key to `out`) or deactivate (with consent), see config/account-inputs.ts. */
  account?: AccountRequest;
  /** persist-records: look the records up (read-only) and fail when one is missing or wrong. */
  persistCheck?: boolean;
  /** Link to this workflow run (GitHub Actions), put in alert issues and webhook messages. */
  runUrl?: string;
  /**
   * What exec hooks and the exec DNS provider run with: the job's environment (minus certflow's
   * own secrets), which each picks only PATH, HOME and its `env:` names from (util/child-env.ts),
   * and the parent of a hook's private temp folder (RUNNER_TEMP in Actions).
   */
  hooks?: { env: Readonly<Record<string, string | undefined>>; tempDir?: string };
}

/** The certificate was named in `force` (or force is `all`): renew it whatever the plan or back-off say. */
export function isForced(settings: Pick<Settings, 'force'>, name: string): boolean {
  return settings.force === 'all' || settings.force.includes(name);
}
