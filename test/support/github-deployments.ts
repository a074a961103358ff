/**
 * Deployments and deployment statuses of the local GitHub server, with the behaviour GitHub
 * documents beyond the schema: `auto_merge` (on by default) refuses a ref that is behind the
 * default branch, `required_contexts` (all by default) refuses a commit whose checks failed, a new
 * `success` status marks earlier successful deployments of the same environment `inactive`
 * (`auto_inactive`, on by default, not for production environments), and a status description
 * is at most 140 characters.
 */
import { invalid } from './github-git-handlers.js';
import type { Context, Reply } from './github-handlers.js';
import { repoUrl, user } from './github-json.js';
import { LIMITS } from './github-rules.js';
import type { GitHubServer } from './github-server.js';
import { notFound } from './github-server.js';

export type DeploymentState =
  | 'error'
  | 'failure'
  | 'inactive'
  | 'in_progress'
  | 'queued'
  | 'pending'
  | 'success';

export interface StoredDeploymentStatus {
  id: number;
  state: DeploymentState;
  description: string;
  environment: string;
  log_url: string;
  created_at: string;
}

export interface StoredDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  production: boolean;
  transient: boolean;
  created_at: string;
  /** Oldest first. */
  statuses: StoredDeploymentStatus[];
}

type Handler = (ctx: Context) => Promise<Reply>;

function deploymentJson(gh: GitHubServer, d: StoredDeployment) {
  const url = `${repoUrl(gh)}/deployments/${d.id}`;
  return {
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: user(gh),
    created_at: d.created_at,
    updated_at: d.statuses.at(-1)?.created_at ?? d.created_at,
    statuses_url: `${url}/statuses`,
    repository_url: repoUrl(gh),
    url,
    transient_environment: d.transient,
    production_environment: d.production,
  };
}

function statusJson(gh: GitHubServer, d: StoredDeployment, s: StoredDeploymentStatus) {
  const url = `${repoUrl(gh)}/deployments/${d.id}`;
  return {
    id: s.id,
    node_id: `DES_${s.id}`,
    state: s.state,
    creator: user(gh),
    description: s.description,
    environment: s.environment,
    target_url: s.log_url,
    log_url: s.log_url,
    created_at: s.created_at,
    updated_at: s.created_at,
    deployment_url: url,
    repository_url: repoUrl(gh),
    url: `${url}/statuses/${s.id}`,
  };
}

function page<T>(items: T[], query: URLSearchParams): T[] {
  const p = Number(query.get('page') ?? '1');
  const per = Number(query.get('per_page') ?? '30');
  return items.slice((p - 1) * per, p * per);
}

/** A branch, a tag or a full SHA, as GitHub resolves the `ref` of a deployment. */
async function resolve(gh: GitHubServer, ref: string): Promise<string | undefined> {
  for (const candidate of [`refs/heads/${ref}`, `refs/tags/${ref}`]) {
    const sha = await gh.git.resolveRef(candidate);
    if (sha) return sha;
  }
  if (/^[0-9a-f]{40}$/.test(ref) && (await gh.git.objectType(ref)) === 'commit') return ref;
  return undefined;
}

export const DEPLOYMENT_HANDLERS: Record<string, Handler> = {
  'repos/create-deployment': async ({ gh, body }) => {
    const b = body as {
      ref: string;
      task?: string;
      auto_merge?: boolean;
      required_contexts?: string[];
      payload?: unknown;
      environment?: string;
      description?: string | null;
      transient_environment?: boolean;
      production_environment?: boolean;
    };
    const sha = await resolve(gh, b.ref);
    if (!sha) return invalid(`No ref found for: ${b.ref}`);
    const base = await gh.branchSha(gh.defaultBranch);
    if (b.auto_merge !== false && base && !(await gh.git.isAncestor(base, sha))) {
      return {
        status: 409,
        body: {
          message: `Conflict merging ${gh.defaultBranch} into ${b.ref}.`,
          documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
          status: '409',
        },
      };
    }
    const failing = gh.failingChecks.get(sha) ?? [];
    const checked = b.required_contexts ?? failing;
    if (failing.some((c) => checked.includes(c))) {
      return {
        status: 409,
        body: {
          message: `Conflict: Commit status checks failed for ${b.ref}.`,
          documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
          status: '409',
        },
      };
    }
    const environment = b.environment ?? 'production';
    const deployment: StoredDeployment = {
      id: gh.newId(),
      sha,
      ref: b.ref,
      task: b.task ?? 'deploy',
      environment,
      description: b.description ?? '',
      payload: b.payload ?? {},
      production: b.production_environment ?? environment === 'production',
      transient: b.transient_environment ?? false,
      created_at: new Date().toISOString(),
      statuses: [],
    };
    gh.deployments.push(deployment);
    return { status: 201, body: deploymentJson(gh, deployment) };
  },

  'repos/list-deployments': async ({ gh, query }) => {
    const filters = ['sha', 'ref', 'task', 'environment'] as const;
    const list = gh.deployments
      .filter((d) => filters.every((f) => !query.has(f) || query.get(f) === d[f]))
      .reverse();
    return { status: 200, body: page(list, query).map((d) => deploymentJson(gh, d)) };
  },

  'repos/get-deployment': async ({ gh, params }) => {
    const d = gh.deployments.find((x) => x.id === Number(params['deployment_id']));
    if (!d) return { status: 404, body: notFound() };
    return { status: 200, body: deploymentJson(gh, d) };
  },

  'repos/create-deployment-status': async ({ gh, params, body }) => {
    const d = gh.deployments.find((x) => x.id === Number(params['deployment_id']));
    if (!d) return { status: 404, body: notFound() };
    const b = body as {
      state: DeploymentState;
      description?: string;
      environment?: string;
      log_url?: string;
      target_url?: string;
      auto_inactive?: boolean;
    };
    if (b.description !== undefined && [...b.description].length > LIMITS.deploymentStatusDescription) {
      return invalid('Validation Failed', [
        {
          resource: 'DeploymentStatus',
          code: 'custom',
          field: 'description',
          message: `description is too long (maximum is ${LIMITS.deploymentStatusDescription} characters)`,
        },
      ]);
    }
    const now = new Date().toISOString();
    const status: StoredDeploymentStatus = {
      id: gh.newId(),
      state: b.state,
      description: b.description ?? '',
      environment: b.environment ?? d.statuses.at(-1)?.environment ?? d.environment,
      log_url: b.log_url ?? b.target_url ?? '',
      created_at: now,
    };
    d.statuses.push(status);
    if (b.state === 'success' && b.auto_inactive !== false) {
      for (const other of gh.deployments) {
        if (other === d || other.environment !== d.environment || other.transient || other.production)
          continue;
        if (other.statuses.at(-1)?.state !== 'success') continue;
        other.statuses.push({ ...status, id: gh.newId(), state: 'inactive', description: '' });
      }
    }
    return { status: 201, body: statusJson(gh, d, status) };
  },

  'repos/list-deployment-statuses': async ({ gh, params, query }) => {
    const d = gh.deployments.find((x) => x.id === Number(params['deployment_id']));
    if (!d) return { status: 404, body: notFound() };
    const list = [...d.statuses].reverse();
    return { status: 200, body: page(list, query).map((s) => statusJson(gh, d, s)) };
  },
};
