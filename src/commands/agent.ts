/**
 * `certflow agent --config <file>`: pull mode, run on a host (by a systemd timer). It reads only
 * its own config (not certflow.yml, which the host does not trust), so it has its own flags.
 */
import { parseArgs } from 'node:util';
import { loadAgentConfig } from '../agent/config.js';
import { reportRun, summaryLine } from '../agent/report.js';
import { runAgent } from '../agent/run.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { CommandOutcome } from './types.js';

export async function agentCommand(
  argv: string[],
  log: Logger,
  stderr: (line: string) => void,
): Promise<CommandOutcome> {
  let values: { config?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(
      `agent: ${(error as Error).message}; usage: certflow agent --config <file> [--json]`,
    );
  }
  if (!values.config) {
    throw new UsageError('agent needs its config: certflow agent --config /etc/certflow/agent.yml', [
      { path: '--config', message: 'no config file given' },
    ]);
  }
  const config = await loadAgentConfig(values.config);
  const run = await runAgent(config, log);
  const warnings = await reportRun(run, config, log, stderr);
  return {
    ok: run.ok,
    outputs: { ok: String(run.ok) },
    text: summaryLine(run),
    json: { ...run, warnings },
  };
}
