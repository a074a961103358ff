/**
 * A local stand-in for api.github.com: node:http on 127.0.0.1 speaking the REST subset certflow
 * uses (git data, pulls, labels, issues and comments, deployments, workflows), backed by a real bare git repository, and
 * checking every request and response against GitHub's OpenAPI description. Anything off the
 * description is recorded in `violations`; tests assert there are none, so a wrong call fails.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredDeployment } from './github-deployments.js';
import { BareRepo } from './github-git.js';
import { HANDLERS, type Reply } from './github-handlers.js';
import { type Match, OpenApi } from './github-openapi.js';
import type { Ruleset } from './github-rules.js';
import type { StoredWorkflow } from './github-workflows.js';

export type Permission = 'none' | 'read' | 'write';
export interface TokenPermissions {
  contents?: Permission;
  pull_requests?: Permission;
  issues?: Permission;
  statuses?: Permission;
  deployments?: Permission;
  actions?: Permission;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId?: string;
  status: number;
  requestBody?: unknown;
  responseBody?: unknown;
}

export interface StoredLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface StoredComment {
  id: number;
  body: string;
  /** A person's login; unset for the workflow's own bot (github-actions[bot]). */
  author?: string;
  created_at: string;
  updated_at: string;
}

/** Issues and pull requests share one numbering, as on GitHub. */
export interface StoredIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason?: string | null;
  labels: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: StoredComment[];
  pull?: { head: string; base: string; draft: boolean; maintainer_can_modify: boolean };
}

export interface GitHubServerOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Files of the first commit on the default branch (when it has none yet). */
  files?: Record<string, string>;
  /** Back the server with this repository instead of a temporary one (kept on close). */
  repoDir?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
}

export const DEFAULT_TOKEN = 'ghs_localtestwritetoken';

export class GitHubServer {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly git: BareRepo;
  readonly api = OpenApi.load();
  /** Every request that went against GitHub's description, in words. Tests assert it is empty. */
  readonly violations: string[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly issues = new Map<number, StoredIssue>();
  readonly labels = new Map<string, StoredLabel>();
  /** Commit statuses by commit SHA, newest last (repos/create-commit-status). */
  readonly statuses = new Map<
    string,
    Array<{ state: string; context: string; description?: string; target_url?: string }>
  >();
  /** Oldest first. */
  readonly deployments: StoredDeployment[] = [];
  /** Commit SHA -> status check contexts that failed on it (deployments check them by default). */
  readonly failingChecks = new Map<string, string[]>();
  /** Actions workflows and their runs (github-workflows.ts: addWorkflow, addRun). */
  readonly workflows: StoredWorkflow[] = [];
  /** When set, list-workflow-runs answers this body as is (a hostile or broken API). */
  workflowRunsAnswer?: unknown;
  /** Branch rulesets: ref updates on these branches are refused unless the token may bypass. */
  readonly rulesets: Ruleset[] = [];
  /** Called before a ref update is applied: tests move the branch here to simulate a race. */
  onBeforeRefUpdate?: (ref: string) => Promise<void>;
  /**
   * GitHub gives up on create-tree requests that are too big to process in time (422 "Sorry, your
   * request timed out"). Set this to make requests with more entries than this fail that way.
   */
  maxTreeEntries?: number;
  url = '';
  private readonly tokens = new Map<string, TokenPermissions>();
  private server?: Server;
  private nextId = 1000;

  private constructor(git: BareRepo, options: GitHubServerOptions) {
    this.git = git;
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'infra';
    this.defaultBranch = options.defaultBranch ?? 'main';
    this.tokens.set(DEFAULT_TOKEN, {
      contents: 'write',
      pull_requests: 'write',
      issues: 'write',
      deployments: 'write',
      actions: 'write',
    });
  }

  static async start(options: GitHubServerOptions = {}): Promise<GitHubServer> {
    const branch = options.defaultBranch ?? 'main';
    const git = options.repoDir
      ? await BareRepo.open(options.repoDir, branch)
      : await BareRepo.create(branch);
    const gh = new GitHubServer(git, options);
    if (!(await gh.branchSha(gh.defaultBranch))) {
      await gh.commitFiles(gh.defaultBranch, options.files ?? { 'README.md': '# infra\n' }, 'Initial commit');
    }
    gh.server = createServer((req, res) => {
      gh.handle(req, res).catch((error: unknown) => {
        gh.violations.push(`server error on ${req.method} ${req.url}: ${(error as Error).stack}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Server Error' }));
      });
    });
    await new Promise<void>((resolve) => gh.server?.listen(options.port ?? 0, '127.0.0.1', resolve));
    gh.url = `http://127.0.0.1:${(gh.server.address() as AddressInfo).port}`;
    return gh;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
    await this.git.remove();
  }

  /** Registers a token with the given permissions (anything not named is 'none'). */
  addToken(permissions: TokenPermissions, token = `ghs_${randomBytes(12).toString('hex')}`): string {
    this.tokens.set(token, permissions);
    return token;
  }

  /**
   * A ruleset on `branch` that requires a pull request (GitHub's "Require a pull request before
   * merging"); `bypass` lists tokens allowed to push anyway.
   */
  protectBranch(branch: string, bypass: string[] = []): void {
    this.rulesets.push({ branch, bypass, rule: 'Changes must be made through a pull request.' });
  }

  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  /** Someone else's push: a commit with `files` on top of `branch` (created from the default branch if missing). */
  async commitFiles(branch: string, files: Record<string, string>, message: string): Promise<string> {
    const ref = `refs/heads/${branch}`;
    const parent =
      (await this.git.resolveRef(ref)) ?? (await this.git.resolveRef(`refs/heads/${this.defaultBranch}`));
    const base = parent ? (await this.git.readCommit(parent)).tree : undefined;
    const changes = [];
    for (const [path, content] of Object.entries(files)) {
      changes.push({
        path,
        mode: '100644',
        type: 'blob' as const,
        sha: await this.git.hashObject(Buffer.from(content)),
      });
    }
    const tree = await this.git.buildTree(base, changes);
    const sha = await this.git.commitTree(tree, parent ? [parent] : [], message, {
      name: 'Someone Else',
      email: 'someone@example.test',
    });
    if (!(await this.git.updateRef(ref, sha, (await this.git.resolveRef(ref)) ?? ''))) {
      throw new Error(`could not move ${ref}`);
    }
    return sha;
  }

  async branchSha(branch: string): Promise<string | undefined> {
    return this.git.resolveRef(`refs/heads/${branch}`);
  }

  async readFile(ref: string, path: string): Promise<string | undefined> {
    const out = await this.git.git(['cat-file', 'blob', `${ref}:${path}`]).catch(() => undefined);
    return out === undefined ? undefined : Buffer.from(out, 'latin1').toString('utf8');
  }

  pulls(): StoredIssue[] {
    return [...this.issues.values()].filter((i) => i.pull);
  }

  /** Throws with every recorded violation: call at the end of each test. */
  assertNoViolations(): void {
    if (this.violations.length > 0) {
      throw new Error(`GitHub API violations:\n- ${this.violations.join('\n- ')}`);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record: RecordedRequest = { method, path: `${url.pathname}${url.search}`, status: 0 };
    this.requests.push(record);

    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
        record.requestBody = body;
      } catch {
        this.violations.push(`${method} ${url.pathname}: request body is not JSON`);
        return this.send(res, record, undefined, { status: 400, body: { message: 'Problems parsing JSON' } });
      }
    }
    const match = this.api.match(method, url.pathname);
    if (!match) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's REST API`);
      return this.send(res, record, undefined, { status: 404, body: notFound() });
    }
    record.operationId = match.operation.operationId;
    for (const problem of this.api.validateRequest(match, url.searchParams, body, raw.length > 0)) {
      this.violations.push(`${match.operation.operationId} request: ${problem}`);
    }
    if (
      req.headers['accept'] &&
      !/application\/(vnd\.github[^,]*\+)?json|\*\/\*/.test(req.headers['accept'])
    ) {
      this.violations.push(`${match.operation.operationId}: unexpected Accept ${req.headers['accept']}`);
    }

    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
    const permissions = token ? this.tokens.get(token) : undefined;
    if (!permissions) {
      return this.send(res, record, match, {
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
      });
    }
    if (match.params['owner'] !== this.owner || match.params['repo'] !== this.repo) {
      return this.send(res, record, match, { status: 404, body: notFound() });
    }
    const handler = HANDLERS[match.operation.operationId];
    if (!handler) {
      this.violations.push(`${match.operation.operationId}: not implemented by the local server`);
      return this.send(res, record, match, { status: 404, body: notFound() });
    }
    const denied = checkPermission(match, method, permissions);
    if (denied) return this.send(res, record, match, denied);
    const reply = await handler({
      gh: this,
      params: match.params,
      query: url.searchParams,
      body,
      token: token as string,
      permissions,
    });
    return this.send(res, record, match, reply);
  }

  private send(res: ServerResponse, record: RecordedRequest, match: Match | undefined, reply: Reply): void {
    let body = reply.body;
    if (match && body !== undefined && reply.status < 300) {
      body = this.api.fillResponse(match.operation, reply.status, body);
    }
    if (match) {
      for (const problem of this.api.validateResponse(match.operation, reply.status, body)) {
        this.violations.push(`${match.operation.operationId} response ${reply.status}: ${problem}`);
      }
    }
    record.status = reply.status;
    record.responseBody = body;
    const headers: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...reply.headers,
    };
    if (body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
}

export function notFound() {
  return { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
}

/** Which fine-grained permission an operation needs, as GitHub's docs list it per endpoint. */
function requiredPermission(
  operationId: string,
  method: string,
): Array<[keyof TokenPermissions, Permission]> {
  const level: Permission = method === 'GET' ? 'read' : 'write';
  if (operationId.startsWith('git/') || operationId === 'repos/compare-commits') return [['contents', level]];
  if (operationId.startsWith('pulls/')) return [['pull_requests', level]];
  if (operationId.startsWith('actions/')) return [['actions', level]];
  if (/deployment/.test(operationId)) return [['deployments', level]];
  // Creating, changing or deleting a repository label needs issues: write; pull_requests: write
  // is refused (reported in actions/labeler#870). Reading labels works with either.
  if (/^issues\/(create|update|delete)-label$/.test(operationId)) return [['issues', level]];
  if (operationId.includes('commit-status')) return [['statuses', level]];
  // Labels and comments on an issue or pull request: either issues or pull_requests.
  if (/label|comment/.test(operationId))
    return [
      ['issues', level],
      ['pull_requests', level],
    ];
  return [['issues', level]];
}

function checkPermission(match: Match, method: string, granted: TokenPermissions): Reply | undefined {
  const needed = requiredPermission(match.operation.operationId, method);
  const rank = { none: 0, read: 1, write: 2 } as const;
  if (needed.some(([name, level]) => rank[granted[name] ?? 'none'] >= rank[level])) return undefined;
  return {
    status: 403,
    headers: { 'x-accepted-github-permissions': needed.map(([n, l]) => `${n}=${l}`).join('; ') },
    body: {
      message: 'Resource not accessible by integration',
      documentation_url: `https://docs.github.com/rest/${match.operation.operationId}`,
      status: '403',
    },
  };
}
