/**
 * `certflow deploy` / `command: deploy`: the deploy stage on its own (src/pipeline/deploy.ts),
 * with exec hooks for the certificates the triggering push changed, then the report.
 */
import type { Settings } from '../config/settings.js';
import { deployFromStore, hooksDue } from '../pipeline/deploy.js';
import { finishRun, newReport } from '../pipeline/finish.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export async function deployCommand(settings: Settings, log: Logger): Promise<CommandOutcome> {
  const report = newReport('deploy', settings);
  const hooks = await hooksDue(settings, log);
  const run = await deployFromStore(settings, log, { hookDue: hooks.due });
  report.deploys = run.deploys;
  report.errors = [...hooks.errors, ...run.errors];
  report.warnings = [...hooks.warnings, ...run.warnings];
  for (const w of report.warnings) log.warn(w);
  return finishRun(settings, report, log);
}

export const deployHandler: CommandHandler = (settings, log) => deployCommand(settings, log);
