/** GitHub's JSON shapes for the local server's objects (the rest of each schema is filled from OpenAPI). */
import type { GitHubServer, StoredIssue, StoredLabel } from './github-server.js';

export function repoUrl(gh: GitHubServer): string {
  return `${gh.url}/repos/${gh.owner}/${gh.repo}`;
}

/** A person who commented (e.g. someone planting certflow's marker in a comment of their own). */
function person(gh: GitHubServer, login: string) {
  return {
    login,
    id: 5000,
    node_id: 'MDQ6VXNlcjUwMDA=',
    type: 'User',
    site_admin: false,
    url: `${gh.url}/users/${login}`,
    html_url: `https://github.test/${login}`,
  };
}

export function user(gh: GitHubServer) {
  return {
    login: 'github-actions[bot]',
    id: 41898282,
    node_id: 'MDM6Qm90NDE4OTgyODI=',
    type: 'Bot',
    site_admin: false,
    url: `${gh.url}/users/github-actions%5Bbot%5D`,
    html_url: 'https://github.test/apps/github-actions',
  };
}

export async function commitJson(gh: GitHubServer, sha: string) {
  const c = await gh.git.readCommit(sha);
  return {
    sha,
    node_id: `C_${sha.slice(0, 16)}`,
    url: `${repoUrl(gh)}/git/commits/${sha}`,
    html_url: `https://github.test/${gh.owner}/${gh.repo}/commit/${sha}`,
    author: c.author,
    committer: c.committer,
    message: c.message.replace(/\n$/, ''),
    tree: { sha: c.tree, url: `${repoUrl(gh)}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${repoUrl(gh)}/git/commits/${p}`,
      html_url: `https://github.test/${gh.owner}/${gh.repo}/commit/${p}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

export function refJson(gh: GitHubServer, ref: string, sha: string) {
  return {
    ref,
    node_id: `REF_${Buffer.from(ref).toString('base64url')}`,
    url: `${repoUrl(gh)}/git/${ref}`,
    object: { type: 'commit', sha, url: `${repoUrl(gh)}/git/commits/${sha}` },
  };
}

export async function treeJson(gh: GitHubServer, sha: string, recursive: boolean) {
  const entries = await gh.git.lsTree(sha, recursive);
  return {
    sha,
    url: `${repoUrl(gh)}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.size !== undefined ? { size: e.size } : {}),
      url: `${repoUrl(gh)}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
    })),
  };
}

export function labelJson(gh: GitHubServer, label: StoredLabel) {
  return {
    id: label.id,
    node_id: `LA_${label.id}`,
    url: `${repoUrl(gh)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    description: label.description,
    default: false,
  };
}

export function ensureLabel(gh: GitHubServer, name: string): StoredLabel {
  let label = gh.labels.get(name.toLowerCase());
  if (!label) {
    label = { id: gh.newId(), name, color: 'ededed', description: null };
    gh.labels.set(name.toLowerCase(), label);
  }
  return label;
}

export function issueJson(gh: GitHubServer, issue: StoredIssue) {
  const base = repoUrl(gh);
  return {
    id: issue.id,
    node_id: `I_${issue.id}`,
    url: `${base}/issues/${issue.number}`,
    repository_url: base,
    labels_url: `${base}/issues/${issue.number}/labels{/name}`,
    comments_url: `${base}/issues/${issue.number}/comments`,
    events_url: `${base}/issues/${issue.number}/events`,
    html_url: `https://github.test/${gh.owner}/${gh.repo}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason ?? null,
    title: issue.title,
    body: issue.body,
    user: user(gh),
    labels: issue.labels.map((n) => labelJson(gh, ensureLabel(gh, n))),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    author_association: 'NONE',
    ...(issue.pull
      ? {
          pull_request: {
            url: `${base}/pulls/${issue.number}`,
            html_url: `https://github.test/${gh.owner}/${gh.repo}/pull/${issue.number}`,
            diff_url: null,
            patch_url: null,
            merged_at: null,
          },
        }
      : {}),
  };
}

export async function pullJson(gh: GitHubServer, issue: StoredIssue) {
  const pull = issue.pull as NonNullable<StoredIssue['pull']>;
  const base = repoUrl(gh);
  const side = async (branch: string) => ({
    label: `${gh.owner}:${branch}`,
    ref: branch,
    sha: (await gh.branchSha(branch)) ?? '0'.repeat(40),
    user: user(gh),
    repo: {
      id: 1,
      name: gh.repo,
      full_name: `${gh.owner}/${gh.repo}`,
      private: true,
      owner: user(gh),
      html_url: `https://github.test/${gh.owner}/${gh.repo}`,
      url: repoUrl(gh),
      default_branch: gh.defaultBranch,
    },
  });
  return {
    ...issueJson(gh, issue),
    url: `${base}/pulls/${issue.number}`,
    html_url: `https://github.test/${gh.owner}/${gh.repo}/pull/${issue.number}`,
    diff_url: `https://github.test/${gh.owner}/${gh.repo}/pull/${issue.number}.diff`,
    patch_url: `https://github.test/${gh.owner}/${gh.repo}/pull/${issue.number}.patch`,
    issue_url: `${base}/issues/${issue.number}`,
    commits_url: `${base}/pulls/${issue.number}/commits`,
    review_comments_url: `${base}/pulls/${issue.number}/comments`,
    review_comment_url: `${base}/pulls/comments{/number}`,
    statuses_url: `${base}/statuses/${(await gh.branchSha(pull.head)) ?? ''}`,
    head: await side(pull.head),
    base: await side(pull.base),
    draft: pull.draft,
    merged: false,
    merged_at: null,
    merge_commit_sha: null,
    maintainer_can_modify: pull.maintainer_can_modify,
    requested_reviewers: [],
    requested_teams: [],
    _links: {
      self: { href: `${base}/pulls/${issue.number}` },
      html: { href: `https://github.test/${gh.owner}/${gh.repo}/pull/${issue.number}` },
      issue: { href: `${base}/issues/${issue.number}` },
      comments: { href: `${base}/issues/${issue.number}/comments` },
      review_comments: { href: `${base}/pulls/${issue.number}/comments` },
      review_comment: { href: `${base}/pulls/comments{/number}` },
      commits: { href: `${base}/pulls/${issue.number}/commits` },
      statuses: { href: `${base}/statuses/${(await gh.branchSha(pull.head)) ?? ''}` },
    },
  };
}

export function commentJson(gh: GitHubServer, issue: StoredIssue, c: StoredIssue['comments'][number]) {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${repoUrl(gh)}/issues/comments/${c.id}`,
    html_url: `https://github.test/${gh.owner}/${gh.repo}/issues/${issue.number}#issuecomment-${c.id}`,
    body: c.body,
    user: c.author ? person(gh, c.author) : user(gh),
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: `${repoUrl(gh)}/issues/${issue.number}`,
    author_association: 'NONE',
  };
}
