/**
 * `certflow check` / `command: check`: probe what every host serves (src/pipeline/check.ts), then the
 * common end of a run (report file, alerts, outcome). check has no pipeline around it, so the alerts
 * it deserves are sent from here, through finishRun.
 */
import type { Settings } from '../config/settings.js';
import { type CheckOptions, runCheck } from '../pipeline/check.js';
import { finishRun } from '../pipeline/finish.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export async function checkCommand(
  settings: Settings,
  log: Logger,
  options: CheckOptions = {},
): Promise<CommandOutcome> {
  const report = await log.group('check served certificates', () => runCheck(settings, log, options));
  return finishRun(settings, report, log);
}

export const checkHandler: CommandHandler = (settings, log) => checkCommand(settings, log);
