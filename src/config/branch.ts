/**
 * The branch guard of the Action. renew, deploy and `check` with alerts hold secrets (CA and DNS
 * credentials, the deploy identity, a token that opens issues) and act on the config of the
 * checked-out branch. Anyone with write access can push a branch whose config adds their own age
 * recipient or points a DNS endpoint at their server, then start the workflow on it by hand. So
 * these commands run only on the repository's default branch, or on branches the workflow lists
 * in `allow-branches`.
 *
 * This is a second wall, not the first: whoever can push a branch can also edit the workflow on
 * it. The first wall is the protected environment limited to the default branch (docs/security.md).
 */
import { UsageError } from '../util/errors.js';
import type { Command } from './settings.js';

/** What the run's context says about where it runs (from @actions/github's `context`). */
export interface RunContext {
  /** GITHUB_REF: refs/heads/x, refs/tags/x, refs/pull/n/merge. */
  ref?: string;
  eventName?: string;
  /** `repository.default_branch` of the event payload. */
  defaultBranch?: string;
  /** owner/repo, for messages. */
  repository?: string;
}

/** The subset of @actions/github's context the guard reads. */
export interface ActionsContextLike {
  ref?: string;
  eventName?: string;
  payload: { repository?: { default_branch?: unknown; full_name?: unknown } };
}

export function runContext(ctx: ActionsContextLike): RunContext {
  const repo = ctx.payload.repository;
  return {
    ref: ctx.ref || undefined,
    eventName: ctx.eventName || undefined,
    defaultBranch: typeof repo?.default_branch === 'string' ? repo.default_branch : undefined,
    repository: typeof repo?.full_name === 'string' ? repo.full_name : undefined,
  };
}

/** Whether a command holds secrets that a branch must not get. */
export function guarded(command: Command, alertIssue: boolean): boolean {
  // publish writes what the shards renewed with a write token, as renew does (issue 22).
  return (
    command === 'renew' ||
    command === 'publish' ||
    command === 'deploy' ||
    command === 'revoke' ||
    command === 'rotate' ||
    command === 'account' ||
    (command === 'check' && alertIssue)
  );
}

/**
 * A branch glob as a regular expression: `*` is any run of characters but `/`, `**` any run at
 * all, `?` one character but `/`. Everything else is literal.
 */
export function globRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Throws a UsageError when `command` may not run here; returns the branch it runs on otherwise. */
export function checkBranch(
  command: Command,
  alertIssue: boolean,
  allowBranches: readonly string[],
  ctx: RunContext,
): string | undefined {
  if (!guarded(command, alertIssue)) return undefined;
  const what = command === 'check' ? 'check with alert-issue' : command;
  const ref = ctx.ref ?? '';
  const way =
    `Run it from the default branch${ctx.defaultBranch ? ` '${ctx.defaultBranch}'` : ''}, or, if this ` +
    `branch is meant to hold the renew and deploy secrets, add it to the input allow-branches ` +
    `(globs, e.g. "release/*") and to the branches the certflow-renew and certflow-deploy ` +
    `environments allow. See docs/security.md.`;
  if (!ref.startsWith('refs/heads/')) {
    // Pull request merge refs and tags: code that nobody merged into a branch.
    throw new UsageError(
      `certflow ${what} refused: this run is on '${ref || '(no GITHUB_REF)'}'${ctx.eventName ? ` (event ${ctx.eventName})` : ''}, not on a branch. ${way}`,
      [{ path: 'allow-branches', message: `${ref || 'no ref'} is not a branch` }],
    );
  }
  const branch = ref.slice('refs/heads/'.length);
  if (branch === ctx.defaultBranch) return branch;
  if (allowBranches.some((glob) => globRegExp(glob).test(branch))) return branch;
  const why = ctx.defaultBranch
    ? `the default branch of ${ctx.repository ?? 'the repository'} is '${ctx.defaultBranch}'`
    : 'the event payload does not name the default branch';
  const listed =
    allowBranches.length > 0 ? ` and allow-branches (${allowBranches.join(', ')}) does not match it` : '';
  throw new UsageError(
    `certflow ${what} refused on branch '${branch}': ${why}${listed}. A branch's config decides where keys are sealed and which DNS endpoint gets the credentials, so only trusted branches may run with secrets. ${way}`,
    [{ path: 'allow-branches', message: `branch '${branch}' is not allowed` }],
  );
}
