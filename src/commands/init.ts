/**
 * `certflow init` as a command. init runs before a config exists, so the CLI calls `initCommand`
 * with init's own argv instead of loading Settings; the HANDLERS entry serves callers that already
 * hold Settings (it uses their workspace and config path with default flags).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Settings } from '../config/settings.js';
import { type InitOptions, parseInitArgs } from '../init/options.js';
import { type InitResult, runInit } from '../init/run.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

/** The repository root above `cwd` (where `.git` is), or `cwd` itself outside a repository. */
export function findWorkspace(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** Runs init from command-line flags (argv after `init`). Throws UsageError on bad flags or refusal. */
export async function initCommand(
  argv: string[],
  cwd: string,
  log: Logger,
  now: Date = new Date(),
): Promise<CommandOutcome> {
  const options = parseInitArgs(argv);
  const workspace = findWorkspace(cwd);
  if (workspace === resolve(cwd) && !existsSync(join(workspace, '.git'))) {
    log.warn(`${workspace} is not inside a git repository: writing the config here anyway.`);
  }
  return toOutcome(await runInit(options, { workspace, now, log }), options);
}

export const initHandler: CommandHandler = async (settings: Settings, log: Logger) => {
  const options = parseInitArgs(['--config', settings.configPath]);
  return toOutcome(await runInit(options, { workspace: settings.workspace, now: new Date(), log }), options);
};

function toOutcome(result: InitResult, options: InitOptions): CommandOutcome {
  const { text, printedSecrets, ...rest } = result;
  return {
    ok: true,
    outputs: { config: result.configPath, recipient: result.recipient },
    text,
    // Secret values reach the JSON form only when the user asked for them on stdout.
    json: options.printSecrets ? { ...rest, printedSecrets } : rest,
  };
}
