/**
 * Handlers of the local GitHub server, one per operationId. They answer what GitHub answers,
 * including its refusals: 422 on a ref update that is not a fast forward or lost a race, 422 on a
 * second open pull request for the same branch, 404 on missing refs and labels.
 */
import {
  commentJson,
  commitJson,
  ensureLabel,
  issueJson,
  labelJson,
  pullJson,
  refJson,
  repoUrl,
  treeJson,
} from './github-json.js';
import type { GitHubServer, StoredIssue } from './github-server.js';
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
