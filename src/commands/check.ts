/**
 * `certflow check` / `command: check`: probe what every host serves (src/pipeline/check.ts), then the
 * common end of a run (report file, alerts, outcome). check has no pipeline around it, so the alerts
 * it deserves are sent from here, through finishRun. With a renew workflow named, its state and
 * last success are checked too (pipeline/schedule-watch.ts): a stopped schedule fails the run.
 */
import type { Settings } from '../config/settings.js';
import { type CheckOptions, runCheck } from '../pipeline/check.js';
import { finishRun } from '../pipeline/finish.js';
import { watchSchedule } from '../pipeline/schedule-watch.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export async function checkCommand(
  settings: Settings,
  log: Logger,
  options: CheckOptions = {},
): Promise<CommandOutcome> {
  const report = await log.group('check served certificates', () => runCheck(settings, log, options));
  if (settings.renewWorkflow) {
    const schedule = await log.group('check the renew schedule', () =>
      watchSchedule(settings, log, (options.now ?? (() => new Date()))()),
    );
    if (schedule) {
      report.schedule = schedule;
      if (!schedule.ok) report.errors.push({ message: `schedule: ${schedule.message}` });
    }
  }
  return finishRun(settings, report, log);
}

export const checkHandler: CommandHandler = (settings, log) => checkCommand(settings, log);
