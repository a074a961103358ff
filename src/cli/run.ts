/** One CLI command, once main.ts has ruled out --help and --version: settings, handler, output. */
import { HANDLERS } from '../commands/index.js';
import type { CommandOutcome } from '../commands/types.js';
import { readCliSettings } from '../config/args.js';
import { formatProblem } from '../config/load.js';
import { createTerminalLogger, type TerminalLogger } from '../report/terminal.js';
import { errorMessage, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { escapeCommands } from '../util/redact.js';
import { ConsoleLogger } from './logger.js';
import { type CliIo, EXIT } from './main.js';

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const [first] = argv;
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  // Progress and messages go to stderr, so stdout stays clean for --json and the tables.
  const terminal: TerminalLogger | undefined = io.stderrStream
    ? createTerminalLogger(io.stderrStream, io.env, { verbose })
    : undefined;
  const log: Logger = terminal ?? new ConsoleLogger((line) => io.stderr(`${line}\n`), verbose);
  // In a workflow's `run:` step the runner parses this output too: no line of data may start a
  // workflow command, and error text (which may quote a CA or DNS answer) loses the run's secrets.
  // stdout is not redacted: `decrypt` prints the key there on purpose.
  const stdout = (text: string) => io.stdout(escapeCommands(text));
  const stderr = (text: string) => io.stderr(escapeCommands(log.redact(text)));
  try {
    let outcome: CommandOutcome;
    let json = argv.includes('--json');
    if (first === 'init') {
      // init runs before a config exists: it reads its own flags.
      outcome = await (await import('../commands/init.js')).initCommand(argv.slice(1), io.cwd, log);
    } else if (first === 'agent') {
      // The agent reads its own config on the host, never certflow.yml.
      outcome = await (await import('../commands/agent.js')).agentCommand(argv.slice(1), log, (line) =>
        io.stderr(`${line}\n`),
      );
    } else {
      const settings = await readCliSettings(argv, io.env, io.cwd, log);
      json = settings.json;
      // account deactivate may ask at the terminal: it gets the CLI's prompt.
      const handler =
        settings.command === 'account'
          ? async (s: typeof settings, l: Logger) =>
              (await import('../commands/account.js')).accountCommand(s, l, { confirm: io.confirm })
          : HANDLERS[settings.command];
      if (!handler)
        throw new UsageError(`command '${settings.command}' is not available in this version of certflow`);
      outcome = await handler(settings, log);
    }
    terminal?.finish();
    if (json) stdout(`${JSON.stringify(outcome.json ?? outcome.outputs, null, 2)}\n`);
    else if (outcome.text) stdout(outcome.text.endsWith('\n') ? outcome.text : `${outcome.text}\n`);
    return outcome.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.problems.length === 0) stderr(`certflow: ${error.message}\n`);
      else {
        stderr(`certflow: ${error.message}\n`);
        for (const p of error.problems) stderr(`${formatProblem(p)}\n`);
      }
      return EXIT.usage;
    }
    stderr(`certflow: ${errorMessage(error)}\n`);
    if (verbose && error instanceof Error && error.stack) stderr(`${error.stack}\n`);
    return EXIT.failed;
  }
}
