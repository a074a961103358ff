/** The Action: read inputs once, run the command, show its outcome in the job. */
import * as core from '@actions/core';
import { HANDLERS } from '../commands/index.js';
import type { CommandOutcome } from '../commands/types.js';
import { readActionSettings } from '../config/inputs.js';
import { formatProblem } from '../config/load.js';
import { errorMessage, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { ActionsLogger } from './logger.js';

export async function runAction(
  env: NodeJS.ProcessEnv = process.env,
  log: Logger = new ActionsLogger(),
): Promise<void> {
  try {
    const settings = await readActionSettings(env, log);
    const handler = HANDLERS[settings.command];
    if (!handler)
      throw new UsageError(`command '${settings.command}' is not available in this version of certflow`);
    const outcome = await handler(settings, log);
    await show(outcome, log);
    if (!outcome.ok)
      core.setFailed(`certflow ${settings.command} failed; see the job summary for what and why.`);
  } catch (error) {
    // Everything goes through the logger, which redacts secrets before the runner sees a line.
    if (error instanceof UsageError) {
      // One annotation per problem, on the config file's line when there is one.
      for (const p of error.problems) {
        if (p.file) {
          log.error(p.path ? `${p.path}: ${p.message}` : p.message, {
            file: p.file,
            line: p.line,
            column: p.column,
            title: p.title ?? 'certflow configuration',
          });
        } else log.error(formatProblem(p));
      }
      log.error(error.message);
    } else {
      // Not the user's doing: the message for the log, the stack only in debug output.
      if (error instanceof Error && error.stack) log.debug(error.stack);
      log.error(`certflow: ${errorMessage(error)}`);
    }
    process.exitCode = 1;
  } finally {
    if (log instanceof ActionsLogger) log.flush();
  }
}

async function show(outcome: CommandOutcome, log: Logger): Promise<void> {
  // The outcome is made from a redacted report already; this is the last gate before the runner.
  for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, log.redact(value));
  if (outcome.summary) {
    try {
      await core.summary.addRaw(log.redact(outcome.summary)).write();
    } catch (error) {
      // Outside a runner (no GITHUB_STEP_SUMMARY) the summary goes to the log instead.
      log.warn(`cannot write the job summary (${errorMessage(error)}); here it is:\n${outcome.summary}`);
    }
  }
  if (outcome.text) log.info(outcome.text);
}
