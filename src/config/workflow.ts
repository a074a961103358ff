/**
 * The renew workflow that `check` watches and `renew` keeps enabled (input `renew-workflow`):
 * its API id (a file name such as renew.yml, or a number) and the interval of its schedule,
 * read from the workflow file's `on.schedule` crons in the checkout.
 */
import type { Logger } from '../util/log.js';
import { readWorkflowSchedule } from './github.js';
import type { RenewWorkflow } from './settings.js';
import type { Problems } from './values.js';

type Env = Readonly<Record<string, string | undefined>>;

/** GitHub names a workflow in the API by its file name in .github/workflows, or by its number. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$/;
const PREFIX = '.github/workflows/';

/**
 * The workflow an input names, or undefined with a problem. Only a bare file name, the same with
 * `.github/workflows/` in front, or a number is taken: the id lands in an API path, so slashes,
 * `..`, `%` and the like would point the request somewhere else.
 */
export function parseWorkflowId(input: string, value: string, problems: Problems): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const name = v.startsWith(PREFIX) ? v.slice(PREFIX.length) : v;
  if (/^[1-9]\d{0,15}$/.test(name) || (FILE_NAME.test(name) && !name.includes('..'))) return name;
  problems.add(
    input,
    `'${v.slice(0, 80)}' is not a workflow: give its file name in .github/workflows (like renew.yml) or its numeric id`,
  );
  return undefined;
}

/** The workflow this run belongs to (GITHUB_WORKFLOW_REF), as a file name; renew's own. */
export function runningWorkflow(env: Env): string | undefined {
  const ref = env.GITHUB_WORKFLOW_REF?.split('@')[0] ?? '';
  const at = ref.indexOf(`/${PREFIX}`);
  if (at < 0) return undefined;
  const name = ref.slice(at + 1 + PREFIX.length);
  return FILE_NAME.test(name) && !name.includes('..') ? name : undefined;
}

/**
 * The watched workflow with its schedule. `fallbackHours` (input schedule-interval) is used when
 * the file cannot be read from the checkout (a numeric id names no file).
 */
export function renewWorkflowSettings(
  id: string | undefined,
  workspace: string,
  fallbackHours: number | undefined,
  log: Pick<Logger, 'debug'>,
): RenewWorkflow | undefined {
  if (!id) return undefined;
  const file = /^\d+$/.test(id) ? undefined : `${PREFIX}${id}`;
  const schedule = file ? readWorkflowSchedule(workspace, file, log) : undefined;
  if (schedule) {
    return { id, file, intervalHours: schedule.hours, intervalSource: `the cron of ${schedule.file}` };
  }
  if (fallbackHours !== undefined) {
    return { id, file, intervalHours: fallbackHours, intervalSource: 'input schedule-interval' };
  }
  return { id, file };
}
