/**
 * Actions workflows of the local GitHub server: their state (GitHub disables a scheduled workflow
 * after 60 days without activity) and their runs, which tests set directly. `workflow_id` is a
 * number or the file name, as on GitHub; `status` filters runs by status or by conclusion.
 */
import type { Context, Reply } from './github-handlers.js';
import { repoUrl } from './github-json.js';
import type { GitHubServer } from './github-server.js';
import { notFound } from './github-server.js';

export type WorkflowState =
  | 'active'
  | 'deleted'
  | 'disabled_fork'
  | 'disabled_inactivity'
  | 'disabled_manually';

export interface StoredRun {
  id: number;
  status: 'completed' | 'in_progress' | 'queued';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  created_at: string;
  updated_at: string;
}

export interface StoredWorkflow {
  id: number;
  name: string;
  /** .github/workflows/<file> */
  path: string;
  state: WorkflowState;
  created_at: string;
  updated_at: string;
  /** Oldest first. */
  runs: StoredRun[];
}

type Handler = (ctx: Context) => Promise<Reply>;

/** Adds a workflow file's record (the file itself, if any, is the test's to commit). */
export function addWorkflow(
  gh: GitHubServer,
  file: string,
  options: { state?: WorkflowState; createdAt?: string } = {},
): StoredWorkflow {
  const at = options.createdAt ?? new Date(Date.now() - 90 * 86_400_000).toISOString();
  const wf: StoredWorkflow = {
    id: gh.newId(),
    name: file.replace(/\.ya?ml$/, ''),
    path: `.github/workflows/${file}`,
    state: options.state ?? 'active',
    created_at: at,
    updated_at: at,
    runs: [],
  };
  gh.workflows.push(wf);
  return wf;
}

/** A finished run of `wf` that ended at `at`. */
export function addRun(
  gh: GitHubServer,
  wf: StoredWorkflow,
  at: Date,
  conclusion: StoredRun['conclusion'] = 'success',
) {
  const started = new Date(at.getTime() - 60_000).toISOString();
  wf.runs.push({
    id: gh.newId(),
    status: 'completed',
    conclusion,
    created_at: started,
    updated_at: at.toISOString(),
  });
}

function find(gh: GitHubServer, id: string): StoredWorkflow | undefined {
  return gh.workflows.find((w) => String(w.id) === id || w.path === `.github/workflows/${id}`);
}

function workflowJson(gh: GitHubServer, wf: StoredWorkflow) {
  return {
    id: wf.id,
    node_id: `W_${wf.id}`,
    name: wf.name,
    path: wf.path,
    state: wf.state,
    created_at: wf.created_at,
    updated_at: wf.updated_at,
    url: `${repoUrl(gh)}/actions/workflows/${wf.id}`,
    html_url: `https://github.test/${gh.owner}/${gh.repo}/blob/main/${wf.path}`,
    badge_url: `https://github.test/${gh.owner}/${gh.repo}/workflows/${wf.name}/badge.svg`,
  };
}

function runJson(gh: GitHubServer, wf: StoredWorkflow, run: StoredRun) {
  const url = `${repoUrl(gh)}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: wf.name,
    path: wf.path,
    workflow_id: wf.id,
    status: run.status,
    conclusion: run.conclusion,
    event: 'schedule',
    head_branch: gh.defaultBranch,
    created_at: run.created_at,
    updated_at: run.updated_at,
    run_started_at: run.created_at,
    url,
    html_url: `https://github.test/${gh.owner}/${gh.repo}/actions/runs/${run.id}`,
    workflow_url: `${repoUrl(gh)}/actions/workflows/${wf.id}`,
    pull_requests: [],
  };
}

export const WORKFLOW_HANDLERS: Record<string, Handler> = {
  'actions/get-workflow': async ({ gh, params }) => {
    const wf = find(gh, params['workflow_id'] ?? '');
    if (!wf) return { status: 404, body: notFound() };
    return { status: 200, body: workflowJson(gh, wf) };
  },
  'actions/list-workflow-runs': async ({ gh, params, query }) => {
    const wf = find(gh, params['workflow_id'] ?? '');
    if (!wf) return { status: 404, body: notFound() };
    if (gh.workflowRunsAnswer !== undefined) return { status: 200, body: gh.workflowRunsAnswer };
    const status = query.get('status');
    const runs = [...wf.runs]
      .reverse()
      .filter((r) => !status || r.status === status || r.conclusion === status);
    const per = Number(query.get('per_page') ?? '30');
    const page = Number(query.get('page') ?? '1');
    return {
      status: 200,
      body: {
        total_count: runs.length,
        workflow_runs: runs.slice((page - 1) * per, page * per).map((r) => runJson(gh, wf, r)),
      },
    };
  },
  'actions/enable-workflow': async ({ gh, params }) => {
    const wf = find(gh, params['workflow_id'] ?? '');
    if (!wf) return { status: 404, body: notFound() };
    wf.state = 'active';
    wf.updated_at = new Date().toISOString();
    return { status: 204 };
  },
};
