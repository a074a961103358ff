/**
 * The workflows `certflow init --workflows` writes into `.github/workflows/`: the texts of
 * workflows-examples/, compiled into the bundle, with certflow's own `uses:` pointing at the
 * release that is running and the deploy environment the user chose.
 */
import { UsageError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { WORKFLOW_TEXTS } from './workflow-texts.js';

export type WorkflowName = keyof typeof WORKFLOW_TEXTS;
export const WORKFLOW_NAMES = Object.keys(WORKFLOW_TEXTS) as WorkflowName[];
export const DEFAULT_WORKFLOWS: WorkflowName[] = ['renew', 'deploy', 'review'];

/** Where certflow is published; the examples hold a placeholder that fails at "Set up job". */
export const ACTION_REPOSITORY = 'certflow/certflow';
const PLACEHOLDER = 'your-org/certflow@0000000000000000000000000000000000000000';
/** The environment name the examples use (not the `certflow-deploy-…` concurrency group). */
const EXAMPLE_ENVIRONMENT = /\bcertflow-deploy\b(?!-)/g;

/** `--workflows renew,deploy` -> names; `none` -> nothing. Throws UsageError on an unknown name. */
export function parseWorkflowList(values: string[] | undefined): WorkflowName[] {
  if (values === undefined) return [...DEFAULT_WORKFLOWS];
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) =>
      v
        .trim()
        .toLowerCase()
        .replace(/\.ya?ml$/, ''),
    )
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'none') return [];
  const unknown = names.filter((n) => !(WORKFLOW_NAMES as string[]).includes(n));
  if (unknown.length || names.length === 0) {
    throw new UsageError(
      `--workflows '${values.join(',')}': ${unknown.length ? `unknown ${unknown.map((u) => `'${u}'`).join(', ')}; ` : ''}` +
        `expected a comma-separated list of ${WORKFLOW_NAMES.join(', ')}, or none`,
    );
  }
  return [...new Set(names)] as WorkflowName[];
}

/** The file `name` as init writes it. */
export function renderWorkflow(name: WorkflowName, environment: string): string {
  // A release tag, which never moves (docs/release.md); the header asks to pin its commit SHA.
  const text = WORKFLOW_TEXTS[name].replaceAll(PLACEHOLDER, `${ACTION_REPOSITORY}@v${VERSION}`);
  return text.replace(EXAMPLE_ENVIRONMENT, environment);
}

export const workflowPath = (name: WorkflowName) => `.github/workflows/${name}.yml`;
