/**
 * Handlers of the local GitHub server, one per operationId (git data ones in
 * github-git-handlers.ts). They answer what GitHub answers, including its refusals: 422 on a second
 * open pull request for the same branch, 404 on missing issues and labels.
 */

import { compareCommits } from './github-compare.js';
import { DEPLOYMENT_HANDLERS } from './github-deployments.js';
import { GIT_HANDLERS, invalid } from './github-git-handlers.js';
import { commentJson, ensureLabel, issueJson, labelJson, pullJson } from './github-json.js';
import { tooLong } from './github-rules.js';
import type { GitHubServer, StoredIssue, TokenPermissions } from './github-server.js';
import { notFound } from './github-server.js';
import { WORKFLOW_HANDLERS } from './github-workflows.js';

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
  /** The caller's token and what it may do (rulesets and label rules depend on them). */
  token: string;
  permissions: TokenPermissions;
}

type Handler = (ctx: Context) => Promise<Reply>;

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

function branchOf(head: string, owner: string): string | undefined {
  const [who, branch] = head.includes(':') ? head.split(':', 2) : [owner, head];
  return who === owner ? branch : undefined;
}

function labelCreationDenied(): Reply {
  return {
    status: 403,
    headers: { 'x-accepted-github-permissions': 'issues=write' },
    body: {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/issues/labels#add-labels-to-an-issue',
      status: '403',
    },
  };
}

export const HANDLERS: Record<string, Handler> = {
  ...GIT_HANDLERS,
  ...DEPLOYMENT_HANDLERS,
  ...WORKFLOW_HANDLERS,

  'repos/create-commit-status': async ({ gh, params, body }) => {
    const b = body as { state: string; context?: string; description?: string; target_url?: string };
    const sha = params['sha'] ?? '';
    const exists = await gh.git.readCommit(sha).then(
      () => true,
      () => false,
    );
    if (!exists) return invalid(`No commit found for SHA: ${sha}`);
    const status = {
      state: b.state,
      context: b.context ?? 'default',
      description: b.description,
      target_url: b.target_url,
    };
    gh.statuses.set(sha, [...(gh.statuses.get(sha) ?? []), status]);
    const now = new Date().toISOString();
    return {
      status: 201,
      body: {
        id: gh.newId(),
        state: status.state,
        context: status.context,
        description: status.description ?? null,
        target_url: status.target_url ?? null,
        created_at: now,
        updated_at: now,
      },
    };
  },

  'repos/compare-commits': compareCommits,

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
    const long = tooLong('PullRequest', b);
    if (long) return long;
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
    const long = tooLong('PullRequest', b);
    if (long) return long;
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
    // Adding a label the repository lacks creates it, which needs issues: write.
    const missing = wanted.filter((name) => !ctx.gh.labels.has(name.toLowerCase()));
    if (missing.length > 0 && ctx.permissions.issues !== 'write') return labelCreationDenied();
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
    const long = tooLong('Issue', { title: String(b.title), body: b.body });
    if (long) return long;
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
    const long = tooLong('Issue', {
      title: b.title === undefined ? undefined : String(b.title),
      body: b.body,
    });
    if (long) return long;
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

  'issues/update-comment': async (ctx) => {
    const id = Number(ctx.params.comment_id);
    for (const issue of ctx.gh.issues.values()) {
      const comment = issue.comments.find((c) => c.id === id);
      if (!comment) continue;
      comment.body = (ctx.body as { body: string }).body;
      comment.updated_at = new Date().toISOString();
      return { status: 200, body: commentJson(ctx.gh, issue, comment) };
    }
    return { status: 404, body: notFound() };
  },

  'issues/list-comments': async (ctx) => {
    const issue = issueFrom(ctx);
    if (!issue) return { status: 404, body: notFound() };
    return { status: 200, body: issue.comments.map((c) => commentJson(ctx.gh, issue, c)) };
  },
};
