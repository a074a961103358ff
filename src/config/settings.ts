/**
 * Settings: the config file (environment references resolved) merged with the Action's inputs or
 * the CLI's flags. Parsed once in `config/`; every stage takes this object and never reads the
 * environment, inputs or files of its own accord.
 */
import type { RawConfig } from './schema.js';

export type Command = 'plan' | 'renew' | 'deploy' | 'check' | 'decrypt' | 'init';
export const COMMANDS: readonly Command[] = ['plan', 'renew', 'deploy', 'check', 'decrypt', 'init'];

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
  alertIssue: boolean;
  webhookUrl?: string;
  webhookAlways: boolean;
  /** Machine-readable output on stdout (CLI). */
  json: boolean;
  /** Certificate names a command is limited to (CLI positional arguments, deploy `certificates` input). */
  only?: string[];
  /** Where a JSON report is written. */
  reportPath?: string;
  /** decrypt: write the key to this file (absolute path, mode 0600) instead of stdout. */
  out?: string;
  /**
   * deploy: the git revision the store is compared with to tell which certificates changed, since
   * exec hooks run only for those (and forced ones): the push event's `before` SHA, or
   * `--changed-since`. An all-zero SHA (the push created the branch) makes every stored
   * certificate new. Unset: unknown, so only forced certificates run their hooks.
   */
  changedSince?: string;
  /** Link to this workflow run (GitHub Actions), put in alert issues and webhook messages. */
  runUrl?: string;
  /**
   * What exec hooks run with: the environment (this process's, as certbot gives it, minus
   * certflow's own secrets) and the parent of their private temp folder (RUNNER_TEMP in Actions).
   */
  hooks?: { env: Readonly<Record<string, string | undefined>>; tempDir?: string };
}

/** The certificate was named in `force` (or force is `all`): renew it whatever the plan or back-off say. */
export function isForced(settings: Pick<Settings, 'force'>, name: string): boolean {
  return settings.force === 'all' || settings.force.includes(name);
}
