/**
 * Handlers of the local GitHub server, one per operationId. They answer what GitHub answers,
 * including its refusals: 422 on a ref update that is not a fast forward or lost a race, 422 on a
 * second open pull request for the same branch, 404 on missing refs and labels.
 */
import type { GitHubServer, StoredIssue, StoredLabel } from './github-server.js';
import { notFound } from './github-server.js';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Context {
  gh: GitHubServer;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

type Handler = (ctx: Context) => Promise<Reply>;
type Body = Record<string, unknown>;

const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

function invalid(message: string, errors: unknown[] = []): Reply {
  return {
    status: 422,
    body: { message, errors, documentation_url: 'https://docs.github.com/rest', status: '422' },
  };
}

function repoUrl(gh: GitHubServer): string {
  return `${gh.url}/repos/${gh.owner}/${gh.repo}`;
}

function user(gh: GitHubServer) {
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

async function commitJson(gh: GitHubServer, sha: string) {
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

function refJson(gh: GitHubServer, ref: string, sha: string) {
  return {
    ref,
    node_id: `REF_${Buffer.from(ref).toString('base64url')}`,
    url: `${repoUrl(gh)}/git/${ref}`,
    object: { type: 'commit', sha, url: `${repoUrl(gh)}/git/commits/${sha}` },
  };
}

async function treeJson(gh: GitHubServer, sha: string, recursive: boolean) {
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

function labelJson(gh: GitHubServer, label: StoredLabel) {
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

function ensureLabel(gh: GitHubServer, name: string): StoredLabel {
  let label = gh.labels.get(name.toLowerCase());
  if (!label) {
    label = { id: gh.newId(), name, color: 'ededed', description: null };
    gh.labels.set(name.toLowerCase(), label);
  }
  return label;
}

function issueJson(gh: GitHubServer, issue: StoredIssue) {
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

async function pullJson(gh: GitHubServer, issue: StoredIssue) {
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

function touch(issue: StoredIssue) {
  issue.updated_at = new Date().toISOString();
}

function newIssue(gh: GitHubServer, title: string, body: string | null, labels: string[]): StoredIssue {
  const number = gh.issues.size + 1;
  const now = new Date().toISOString();
  const issue: StoredIssue = {
    number,
    id: gh.newId(),
    title,
    body,
    state: 'open',
    labels,
    created_at: now,
    updated_at: now,
    closed_at: null,
    comments: [],
  };
  gh.issues.set(number, issue);
  return issue;
}

function issueFrom(ctx: Context, key = 'issue_number'): StoredIssue | undefined {
  return ctx.gh.issues.get(Number(ctx.params[key]));
}

function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

function branchOf(head: string, owner: string): string | undefined {
  const [who, branch] = head.includes(':') ? head.split(':', 2) : [owner, head];
  return who === owner ? branch : undefined;
}

export const HANDLERS: Record<string, Handler> = {
  'git/create-blob': async ({ gh, body }) => {
    const b = body as Body;
    const encoding = (b['encoding'] as string | undefined) ?? 'utf-8';
    if (!['utf-8', 'utf8', 'base64'].includes(encoding))
      return invalid(`encoding ${encoding} is not supported`);
    const bytes = Buffer.from(b['content'] as string, encoding === 'base64' ? 'base64' : 'utf8');
    const sha = await gh.git.hashObject(bytes);
    return { status: 201, body: { sha, url: `${repoUrl(gh)}/git/blobs/${sha}` } };
  },

  'git/get-blob': async ({ gh, params }) => {
    const sha = params['file_sha'] ?? '';
    if ((await gh.git.objectType(sha)) !== 'blob') return { status: 404, body: notFound() };
    const bytes = await gh.git.readBlob(sha);
    const content = (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
    return {
      status: 200,
      body: {
        sha,
        node_id: `B_${sha.slice(0, 16)}`,
        size: bytes.length,
        url: `${repoUrl(gh)}/git/blobs/${sha}`,
        content: `${content}\n`,
        encoding: 'base64',
      },
    };
  },

  'git/create-tree': async ({ gh, body }) => {
    const b = body as { tree: Array<Body>; base_tree?: string };
    if (b.base_tree && (await gh.git.objectType(b.base_tree)) !== 'tree') {
      return invalid('Invalid tree info', [{ resource: 'Tree', field: 'base_tree', code: 'invalid' }]);
    }
    const changes = [];
    for (const entry of b.tree) {
      const path = entry['path'] as string;
      if (entry['sha'] !== undefined && entry['content'] !== undefined) {
        return invalid('Must supply either tree.sha or tree.content, not both');
      }
      if (
        !path ||
        path.startsWith('/') ||
        path.endsWith('/') ||
        path.split('/').some((p) => p === '' || p === '..')
      ) {
        return invalid(`tree.path ${JSON.stringify(path)} is invalid`);
      }
      let sha = entry['sha'] as string | null | undefined;
      if (entry['content'] !== undefined)
        sha = await gh.git.hashObject(Buffer.from(entry['content'] as string));
      const type = entry['type'] as 'blob' | 'tree' | 'commit';
      if (
        sha !== null &&
        (sha === undefined || (type !== 'commit' && (await gh.git.objectType(sha)) !== type))
      ) {
        return invalid('Invalid tree info', [{ resource: 'Tree', field: 'sha', code: 'invalid' }]);
      }
      changes.push({ path, mode: entry['mode'] as string, type, sha: sha ?? null });
    }
    const sha = await gh.git.buildTree(b.base_tree, changes);
    return { status: 201, body: await treeJson(gh, sha, false) };
  },

  'git/get-tree': async ({ gh, params, query }) => {
    const wanted = params['tree_sha'] ?? '';
    const sha = (
      await gh.git.git(['rev-parse', '--verify', '--quiet', `${wanted}^{tree}`]).catch(() => '')
    ).trim();
    if (!sha) return { status: 404, body: notFound() };
    return { status: 200, body: await treeJson(gh, sha, query.has('recursive')) };
  },

  'git/create-commit': async ({ gh, body }) => {
    const b = body as {
      message: string;
      tree: string;
      parents?: string[];
      author?: { name: string; email: string; date?: string };
    };
    if ((await gh.git.objectType(b.tree)) !== 'tree') return invalid('Tree SHA does not exist');
    for (const p of b.parents ?? []) {
      if ((await gh.git.objectType(p)) !== 'commit')
        return invalid('Parent SHA does not exist or is not a commit object');
    }
    const sha = await gh.git.commitTree(b.tree, b.parents ?? [], b.message, b.author ?? BOT);
    return { status: 201, body: await commitJson(gh, sha) };
  },

  'git/get-commit': async ({ gh, params }) => {
    const sha = params['commit_sha'] ?? '';
    if ((await gh.git.objectType(sha)) !== 'commit') return { status: 404, body: notFound() };
    return { status: 200, body: await commitJson(gh, sha) };
  },

  'git/get-ref': async ({ gh, params }) => {
    const ref = fullRef(params['ref'] ?? '');
    const sha = await gh.git.resolveRef(ref);
    if (!sha || !/^refs\/(heads|tags)\//.test(ref)) return { status: 404, body: notFound() };
    return { status: 200, body: refJson(gh, ref, sha) };
  },

  'git/create-ref': async ({ gh, body }) => {
    const b = body as { ref: string; sha: string };
    if (!/^refs\/[^/]+\/.+/.test(b.ref))
      return invalid('Reference name must start with refs/ and have at least two slashes');
    if ((await gh.git.objectType(b.sha)) !== 'commit') return invalid('Object does not exist');
    if (!(await gh.git.updateRef(b.ref, b.sha, ''))) return invalid('Reference already exists');
    return { status: 201, body: refJson(gh, b.ref, b.sha) };
  },

  'git/update-ref': async ({ gh, params, body }) => {
    const ref = fullRef(params['ref'] ?? '');
    const b = body as { sha: string; force?: boolean };
    const current = await gh.git.resolveRef(ref);
    if (!current) return invalid('Reference does not exist');
    if ((await gh.git.objectType(b.sha)) !== 'commit') return invalid('Object does not exist');
    await gh.onBeforeRefUpdate?.(ref);
    const now = (await gh.git.resolveRef(ref)) as string;
    if (!b.force && !(await gh.git.isAncestor(now, b.sha))) return invalid('Update is not a fast forward');
    // The old-value check is what makes a race lose with 422 instead of overwriting a push.
    if (!(await gh.git.updateRef(ref, b.sha, current))) return invalid('Reference cannot be updated');
    return { status: 200, body: refJson(gh, ref, b.sha) };
  },

  'git/delete-ref': async ({ gh, params }) => {
    const ref = fullRef(params['ref'] ?? '');
    if (!(await gh.git.resolveRef(ref))) return invalid('Reference does not exist');
    await gh.git.deleteRef(ref);
    return { status: 204 };
  },

  'pulls/list': async ({ gh, query }) => {
    const state = query.get('state') ?? 'open';
    const head = query.get('head');
    const base = query.get('base');
    const page = Number(query.get('page') ?? '1');
    const perPage = Number(query.get('per_page') ?? '30');
    const pulls = gh
      .pulls()
      .filter((p) => state === 'all' || p.state === state)
      .filter((p) => !head || `${gh.owner}:${p.pull?.head}` === head)
      .filter((p) => !base || p.pull?.base === base)
      .sort((a, b) => b.number - a.number)
      .slice((page - 1) * perPage, page * perPage);
    return { status: 200, body: await Promise.all(pulls.map((p) => pullJson(gh, p))) };
  },

  'pulls/create': async ({ gh, body }) => {
    const b = body as {
      title?: string;
      head: string;
      base: string;
      body?: string;
      draft?: boolean;
      maintainer_can_modify?: boolean;
    };
    const head = branchOf(b.head, gh.owner);
    const headSha = head ? await gh.branchSha(head) : undefined;
    const baseSha = await gh.branchSha(b.base);
    if (!head || !headSha)
      return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (!baseSha)
      return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (!b.title)
      return invalid('Validation Failed', [
        { resource: 'PullRequest', field: 'title', code: 'missing_field' },
      ]);
    const duplicate = gh
      .pulls()
      .find((p) => p.state === 'open' && p.pull?.head === head && p.pull?.base === b.base);
    if (duplicate) {
      return invalid('Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${gh.owner}:${head}.`,
        },
      ]);
    }
    if (await gh.git.isAncestor(headSha, baseSha)) {
      return invalid('Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${b.base} and ${head}` },
      ]);
    }
    const issue = newIssue(gh, b.title, b.body ?? null, []);
    issue.pull = {
      head,
      base: b.base,
      draft: b.draft ?? false,
      maintainer_can_modify: b.maintainer_can_modify ?? true,
    };
    return { status: 201, body: await pullJson(gh, issue) };
  },

  'pulls/get': async (ctx) => {
    const issue = issueFrom(ctx, 'pull_number');
    if (!issue?.pull) return { status: 404, body: notFound() };
    return { status: 200, body: await pullJson(ctx.gh, issue) };
  },

  'pulls/update': async (ctx) => {
    const issue = issueFrom(ctx, 'pull_number');
    if (!issue?.pull) return { status: 404, body: notFound() };
    const b = ctx.body as { title?: string; body?: string; state?: 'open' | 'closed'; base?: string };
    if (b.title !== undefined) issue.title = b.title;
    if (b.body !== undefined) issue.body = b.body;
    if (b.base !== undefined) issue.pull.base = b.base;
    if (b.state) {
      issue.state = b.state;
      issue.closed_at = b.state === 'closed' ? new Date().toISOString() : null;
    }
    touch(issue);
    return { status: 200, body: await pullJson(ctx.gh, issue) };
  },

  'issues/list-labels-for-repo': async ({ gh }) => ({
    status: 200,
    body: [...gh.labels.values()].map((l) => labelJson(gh, l)),
  }),

  'issues/get-label': async ({ gh, params }) => {
    const label = gh.labels.get((params['name'] ?? '').toLowerCase());
    if (!label) return { status: 404, body: notFound() };
    return { status: 200, body: labelJson(gh, label) };
  },

  'issues/create-label': async ({ gh, body }) => {
    const b = body as { name: string; color?: string; description?: string };
    if (gh.labels.has(b.name.toLowerCase())) {
      return invalid('Validation Failed', [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    }
    if (b.color !== undefined && !/^[0-9a-fA-F]{6}$/.test(b.color)) {
      return invalid('Validation Failed', [{ resource: 'Label', code: 'invalid', field: 'color' }]);
    }
    const label = {
      id: gh.newId(),
      name: b.name,
      color: b.color ?? 'ededed',
      description: b.description ?? null,
    };
    gh.labels.set(b.name.toLowerCase(), label);
    return { status: 201, body: labelJson(gh, label) };
  },

  'issues/add-labels': async (ctx) => {
    const issue = issueFrom(ctx);
    if (!issue) return { status: 404, body: notFound() };
    const b = ctx.body as { labels?: unknown[] } | unknown[];
    const wanted = (Array.isArray(b) ? b : (b.labels ?? [])).map((l) =>
      typeof l === 'string' ? l : (l as { name: string }).name,
    );
    for (const name of wanted) {
      const label = ensureLabel(ctx.gh, name);
      if (!issue.labels.some((n) => n.toLowerCase() === label.name.toLowerCase()))
        issue.labels.push(label.name);
    }
    touch(issue);
    return { status: 200, body: issue.labels.map((n) => labelJson(ctx.gh, ensureLabel(ctx.gh, n))) };
  },

  'issues/list-labels-on-issue': async (ctx) => {
    const issue = issueFrom(ctx);
    if (!issue) return { status: 404, body: notFound() };
    return { status: 200, body: issue.labels.map((n) => labelJson(ctx.gh, ensureLabel(ctx.gh, n))) };
  },

  'issues/create': async ({ gh, body }) => {
    const b = body as { title: string | number; body?: string; labels?: Array<string | { name: string }> };
    const labels = (b.labels ?? []).map((l) => ensureLabel(gh, typeof l === 'string' ? l : l.name).name);
    const issue = newIssue(gh, String(b.title), b.body ?? null, labels);
    return { status: 201, body: issueJson(gh, issue) };
  },

  'issues/list-for-repo': async ({ gh, query }) => {
    const state = query.get('state') ?? 'open';
    const labels = (query.get('labels') ?? '')
      .split(',')
      .filter(Boolean)
      .map((l) => l.toLowerCase());
    const issues = [...gh.issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => labels.every((l) => i.labels.some((n) => n.toLowerCase() === l)))
      .sort((a, b) => b.number - a.number);
    return { status: 200, body: issues.map((i) => issueJson(gh, i)) };
  },

  'issues/get': async (ctx) => {
    const issue = issueFrom(ctx);
    if (!issue) return { status: 404, body: notFound() };
    return { status: 200, body: issueJson(ctx.gh, issue) };
  },

  'issues/update': async (ctx) => {
    const issue = issueFrom(ctx);
    if (!issue) return { status: 404, body: notFound() };
    const b = ctx.body as {
      title?: string | number;
      body?: string | null;
      state?: 'open' | 'closed';
      state_reason?: string | null;
      labels?: Array<string | { name: string }>;
    };
    if (b.title !== undefined) issue.title = String(b.title);
    if (b.body !== undefined) issue.body = b.body;
    if (b.state) {
      issue.state = b.state;
      issue.closed_at = b.state === 'closed' ? new Date().toISOString() : null;
      issue.state_reason =
        b.state === 'closed' ? (b.state_reason ?? 'completed') : (b.state_reason ?? 'reopened');
    }
    if (b.labels)
      issue.labels = b.labels.map((l) => ensureLabel(ctx.gh, typeof l === 'string' ? l : l.name).name);
    touch(issue);
    return { status: 200, body: issueJson(ctx.gh, issue) };
  },

  'issues/create-comment': async (ctx) => {
    const issue = issueFrom(ctx);
    if (!issue) return { status: 404, body: notFound() };
    const now = new Date().toISOString();
    const comment = {
      id: ctx.gh.newId(),
      body: (ctx.body as { body: string }).body,
      created_at: now,
      updated_at: now,
    };
    issue.comments.push(comment);
    touch(issue);
    return { status: 201, body: commentJson(ctx.gh, issue, comment) };
  },

  'issues/list-comments': async (ctx) => {
    const issue = issueFrom(ctx);
    if (!issue) return { status: 404, body: notFound() };
    return { status: 200, body: issue.comments.map((c) => commentJson(ctx.gh, issue, c)) };
  },
};

function commentJson(gh: GitHubServer, issue: StoredIssue, c: StoredIssue['comments'][number]) {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${repoUrl(gh)}/issues/comments/${c.id}`,
    html_url: `https://github.test/${gh.owner}/${gh.repo}/issues/${issue.number}#issuecomment-${c.id}`,
    body: c.body,
    user: user(gh),
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: `${repoUrl(gh)}/issues/${issue.number}`,
    author_association: 'NONE',
  };
}
