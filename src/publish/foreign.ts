/**
 * What is on the renewal branch besides certflow's own work (issue 14). Before a run commits on
 * top of the open pull request's branch, every commit the branch has since the base must be one
 * certflow made: a `Certflow-Run:` trailer, one parent, and only store paths touched. Anything
 * else (a reviewer's fix-up, a change to .github/certflow.yml slipped in by someone with push
 * access) would be merged together with the next renewal by a reviewer who trusts certflow's PR,
 * so certflow refuses to build on it and says how to start over.
 *
 * The trailer alone proves nothing (anyone can type it); the path check is what keeps a renewal PR
 * to the store. The pull request body ends with every path the PR changes outside the store.
 */
import type { GitHubSettings, Settings } from '../config/settings.js';
import { md } from '../report/escape.js';
import type { GitData } from './commit.js';
import { explainGitHubError } from './github-client.js';

export const RUN_TRAILER = 'Certflow-Run';

/** The trailer paragraph certflow puts at the end of its commit messages on the renewal branch. */
export function runTrailer(settings: Pick<Settings, 'runUrl'>, now = new Date()): string {
  return `${RUN_TRAILER}: ${settings.runUrl ?? `local ${now.toISOString()}`}`;
}

/** `message` (ending in a newline) with the trailer as its last paragraph. */
export function withRunTrailer(message: string, settings: Pick<Settings, 'runUrl'>): string {
  return `${message.replace(/\n*$/, '\n')}\n${runTrailer(settings)}\n`;
}

export interface ForeignCommit {
  sha: string;
  subject: string;
  /** Every path the commit changes (against its first parent). */
  paths: string[];
  /** Why it is not certflow's, in words. */
  why: string;
}

export interface BranchReview {
  foreign: ForeignCommit[];
  /** Paths the whole pull request changes outside the store. */
  outsideStore: string[];
}

interface Comparison {
  total_commits: number;
  commits: Array<{ sha: string; commit: { message: string }; parents: Array<{ sha: string }> }>;
  files?: Array<{ filename: string; previous_filename?: string }>;
}

/** GitHub lists at most this many files in a comparison; more is treated as unknown. */
const MAX_FILES = 300;

async function compare(git: GitData, base: string, head: string): Promise<Comparison> {
  const gh: GitHubSettings = git.gh;
  try {
    const { data } = await git.client.rest.repos.compareCommitsWithBasehead({
      owner: gh.owner,
      repo: gh.repo,
      basehead: `${base}...${head}`,
      per_page: 100,
    });
    return data as Comparison;
  } catch (error) {
    throw explainGitHubError(error, `compare ${base}...${head}`, gh, 'contents: write');
  }
}

function paths(c: Comparison): string[] {
  const out = new Set<string>();
  for (const f of c.files ?? []) {
    out.add(f.filename);
    if (f.previous_filename) out.add(f.previous_filename);
  }
  return [...out].sort();
}

function insideStore(path: string, storePath: string): boolean {
  return path.startsWith(`${storePath}/`);
}

/** A trailer paragraph holding `Certflow-Run: <something>`. */
function hasRunTrailer(message: string): boolean {
  const last =
    message
      .trimEnd()
      .split(/\n\s*\n/)
      .pop() ?? '';
  return new RegExp(`^${RUN_TRAILER}: \\S`, 'm').test(last);
}

/** Every commit of `branch` since it left `base`, judged; and the paths the PR changes outside the store. */
export async function reviewRenewalBranch(
  git: GitData,
  base: string,
  branch: string,
  storePath: string,
): Promise<BranchReview> {
  const all = await compare(git, base, branch);
  const outsideStore = paths(all).filter((p) => !insideStore(p, storePath));
  if ((all.files?.length ?? 0) >= MAX_FILES) outsideStore.push('(GitHub lists only the first 300 files)');
  if (all.total_commits > all.commits.length) {
    return {
      outsideStore,
      foreign: [
        {
          sha: all.commits[0]?.sha ?? branch,
          subject: '',
          paths: [],
          why: `${branch} has ${all.total_commits} commits since ${base}, more than GitHub lists at once`,
        },
      ],
    };
  }
  const foreign: ForeignCommit[] = [];
  for (const c of all.commits) {
    const subject = c.commit.message.split('\n')[0] ?? '';
    const parent = c.parents[0]?.sha;
    const changed = parent ? paths(await compare(git, parent, c.sha)) : [];
    const outside = changed.filter((p) => !insideStore(p, storePath));
    const reasons: string[] = [];
    if (!hasRunTrailer(c.commit.message)) reasons.push(`no ${RUN_TRAILER}: trailer`);
    if (c.parents.length !== 1) reasons.push(`${c.parents.length} parents`);
    if (outside.length > 0) reasons.push(`changes outside ${storePath}/: ${outside.join(', ')}`);
    if (reasons.length > 0) foreign.push({ sha: c.sha, subject, paths: changed, why: reasons.join('; ') });
  }
  return { foreign, outsideStore };
}

/** The error that stops a publish on a branch with someone else's commits. */
export function foreignCommitError(
  review: BranchReview,
  branch: string,
  pull: { number: number; url: string },
): Error {
  const list = review.foreign
    .map(
      (c) => `${c.sha.slice(0, 12)} "${c.subject}" (${c.why}; paths: ${c.paths.join(', ') || 'none listed'})`,
    )
    .join('; ');
  return new Error(
    `the renewal branch ${branch} of pull request #${pull.number} has commits certflow did not make: ${list}. certflow does not build on them and left the branch as it was. Close pull request #${pull.number} (${pull.url}) or delete the branch ${branch}; the next run opens a fresh one from the base branch`,
  );
}

/** The last section of every renewal PR body: what the PR changes outside the store. */
export function outsideStoreSection(outside: string[], storePath: string): string {
  if (outside.length === 0) {
    return `### Paths outside the store\n\nNone: this pull request changes only \`${storePath}/\`.\n`;
  }
  return [
    '### Paths outside the store',
    '',
    `> [!WARNING]`,
    `> This pull request changes files outside \`${storePath}/\`, which certflow never writes. Review them before merging, or close the pull request.`,
    '',
    ...outside.map((p) => `- ${md(p)}`),
    '',
  ].join('\n');
}
