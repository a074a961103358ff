/**
 * The only place that reads the Action's inputs. Everything else works on Settings.
 */
import * as core from '@actions/core';
import { UsageError } from '../util/errors.js';
import { COMMANDS, type Command } from './settings.js';

export function readCommandInput(): Command {
  const value = core.getInput('command').trim();
  if (!value) {
    throw new UsageError(
      `Input required and not supplied: command. Set "command" to one of ${COMMANDS.join(', ')} in the step's "with:".`,
      [{ path: 'command', message: 'required' }],
    );
  }
  if (!(COMMANDS as readonly string[]).includes(value)) {
    throw new UsageError(`Invalid input command '${value}'. Expected one of ${COMMANDS.join(', ')}.`);
  }
  return value as Command;
}
