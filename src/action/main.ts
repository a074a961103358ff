/** The Action: read inputs once, run the command, show its outcome in the job. */
import * as core from '@actions/core';
import { readCommandInput } from '../config/inputs.js';
import { errorMessage, UsageError } from '../util/errors.js';

export async function runAction(): Promise<void> {
  try {
    const command = readCommandInput();
    throw new UsageError(`command '${command}' is not available in this version`);
  } catch (error) {
    if (error instanceof UsageError) {
      for (const p of error.problems) {
        if (p.file)
          core.error(p.message, { file: p.file, startLine: p.line, startColumn: p.column, title: p.title });
      }
    }
    core.setFailed(errorMessage(error));
  }
}
