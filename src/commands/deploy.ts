/**
 * `certflow deploy` / `command: deploy`: the deploy stage on its own (src/pipeline/deploy.ts),
 * with exec hooks for the certificates changed since the last successful deployment (or the
 * triggering push), recorded as a GitHub Deployment when asked, then the report.
 */
import type { Settings } from '../config/settings.js';
import { deployFromStore, hooksDue } from '../pipeline/deploy.js';
import { deploymentBase, recordRun } from '../pipeline/deployment-record.js';
import { finishRun, newReport } from '../pipeline/finish.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export async function deployCommand(settings: Settings, log: Logger): Promise<CommandOutcome> {
  const report = newReport('deploy', settings);
  const base = await deploymentBase(settings, log);
  const hooks = await hooksDue(base.settings, log);
  const run = await deployFromStore(settings, log, { hookDue: hooks.due });
  report.deploys = run.deploys;
  report.errors = [...hooks.errors, ...run.errors];
  report.warnings = [...base.warnings, ...hooks.warnings, ...run.warnings];
  if (!settings.dryRun) report.warnings.push(...(await recordRun(settings, base, report, log)));
  for (const w of report.warnings) log.warn(w);
  return finishRun(settings, report, log);
}

export const deployHandler: CommandHandler = (settings, log) => deployCommand(settings, log);
